// balance and ledger: what the caller holds now, and the entries that explain it.
import { z } from 'zod';
import { viewWallet } from '../../../domain/points/ledger';
import { action } from '../../../server/function';
import { entryView, newAccount, POINTS_COLLECTIONS as C, requireOpenid, type AccountDoc, type EntryDoc } from '../../../server/repos/points';
import { pointsDb, retrying } from '../../../server/repos/pointsTx';
import type { Page } from '../../../typings/cases';
import type { PointsBalance, PointsEntryView } from '../../../typings/points';
import { cursorSchema, getDoc, nextCursor, offsetOf, PAGE_SIZE, pointsPolicy } from '../common';

/** Availability is computed from the lots at read time: a notice that has ended counts at once. */
export const balance = action(z.object({}).strict(), async (_input, ctx): Promise<PointsBalance> => {
  const openid = requireOpenid(ctx.openid);
  const account = (await getDoc<AccountDoc>(C.accounts, openid)) ?? newAccount(openid, ctx.now);
  return viewWallet(account, ctx.now, pointsPolicy());
});

export const ledger = action(z.object({ cursor: cursorSchema }).strict(), async (input, ctx): Promise<Page<PointsEntryView>> => {
  const openid = requireOpenid(ctx.openid);
  const offset = offsetOf(input.cursor);
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb().collection(C.ledger).where({ openid }).orderBy('seq', 'desc').skip(offset).limit(PAGE_SIZE + 1).get()
  );
  const docs = res.data as EntryDoc[];
  return { items: docs.slice(0, PAGE_SIZE).map(entryView), nextCursor: nextCursor(offset, docs.length) };
});
