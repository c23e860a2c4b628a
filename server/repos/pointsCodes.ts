// pointsCodes/<code>: a resident's 积分码, { openid, expiresAt } (domain/points/code.ts).
import { randomInt } from 'node:crypto';
import { codeLive, POINTS_CODE_DIGITS, POINTS_CODE_TTL_MS } from '../../domain/points/code';
import { database, settle } from '../cloud';
import { POINTS_COLLECTIONS as C } from './pointsCollections';

interface CodeDoc {
  _id: string;
  openid: string;
  expiresAt: Date;
}

/** A fresh random code of digits (one request: the insert). */
export async function issuePointsCode(openid: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  let code = '';
  for (let i = 0; i < POINTS_CODE_DIGITS; i += 4) code += String(randomInt(0, 10_000)).padStart(4, '0');
  const expiresAt = new Date(now.getTime() + POINTS_CODE_TTL_MS);
  await settle(
    database()
      .collection(C.codes)
      .add({ data: { _id: code, openid, expiresAt } })
  );
  return { code, expiresAt };
}

/** Whose code this is while it works, or null (one request). */
export async function openidOfPointsCode(code: string, now: Date): Promise<string | null> {
  const res = await settle(database().collection(C.codes).where({ _id: code }).limit(1).get());
  const doc = res.data[0] as CodeDoc | undefined;
  return doc && codeLive(doc.expiresAt, now) ? doc.openid : null;
}
