// balance and ledger: what the caller holds now, and the entries that explain it.
import { z } from 'zod';
import { viewWallet } from '../../../domain/points/ledger';
import { action } from '../../../server/function';
import {
  communityName,
  entryView,
  newAccount,
  POINTS_COLLECTIONS as C,
  requireOpenid,
  type AccountDoc,
  type EntryDoc
} from '../../../server/repos/points';
import { pointsDb, retrying } from '../../../server/repos/pointsTx';
import type { Page } from '../../../typings/cases';
import type { PointsBalance, PointsEntryView } from '../../../typings/points';
import { actorOf, cursorSchema, getDoc, nextCursor, offsetOf, PAGE_SIZE, pointsPolicy, workbenchOf } from '../common';

/**
 * Availability is computed from the lots at read time: a notice that has ended counts at once.
 * Also says whose 积分工作台 the caller runs, so the points home shows its entry by the workbench's rule.
 */
export const balance = action(z.object({}).strict(), async (_input, ctx): Promise<PointsBalance> => {
  const openid = requireOpenid(ctx.openid);
  const [stored, actor] = await Promise.all([getDoc<AccountDoc>(C.accounts, openid), actorOf(openid, ctx.now)]);
  const account = stored ?? newAccount(openid, ctx.now);
  const communityId = workbenchOf(actor);
  return {
    ...viewWallet(account, ctx.now, pointsPolicy()),
    workbench: communityId ? { communityId, communityName: communityName(communityId) } : null
  };
});

export const ledger = action(
  z.object({ cursor: cursorSchema }).strict(),
  async (input, ctx): Promise<Page<PointsEntryView>> => {
    const openid = requireOpenid(ctx.openid);
    const offset = offsetOf(input.cursor);
    const res = await retrying<{ data: unknown[] }>(() =>
      pointsDb()
        .collection(C.ledger)
        .where({ openid })
        .orderBy('seq', 'desc')
        .skip(offset)
        .limit(PAGE_SIZE + 1)
        .get()
    );
    const docs = res.data as EntryDoc[];
    return { items: docs.slice(0, PAGE_SIZE).map(entryView), nextCursor: nextCursor(offset, docs.length) };
  }
);
