// balance and ledger: what the caller holds now, and the entries that explain it.
import { z } from 'zod';
import { viewWallet } from '../../../domain/points/ledger';
import { action } from '../../../server/function';
import { newAccount, POINTS_COLLECTIONS as C, type AccountDoc, type EntryDoc } from '../../../server/repos/points';
import { getDoc, listPage } from '../../../server/repos/pointsStore';
import { communityName, entryView } from '../../../server/repos/pointsViews';
import type { Page } from '../../../typings/cases';
import type { PointsBalance, PointsEntryView } from '../../../typings/points';
import { caller, cursorSchema, PAGE_SIZE, pointsPolicy, requireOpenid, workbenchOf } from '../common';

/**
 * Availability is computed from the lots at read time: a notice that has ended counts at once.
 * Also says whose 积分工作台 the caller runs, so the points home shows its entry by the workbench's rule.
 */
export const balance = action(z.object({}).strict(), async (_input, ctx): Promise<PointsBalance> => {
  const openid = requireOpenid(ctx);
  const [stored, { viewer, ref }] = await Promise.all([getDoc<AccountDoc>(C.accounts, openid), caller(ctx)]);
  const account = stored ?? newAccount(openid, ctx.now);
  const communityId = workbenchOf(viewer, ref.units);
  return {
    ...viewWallet(account, ctx.now, pointsPolicy()),
    workbench: communityId ? { communityId, communityName: communityName(ref.units, communityId) } : null
  };
});

/** Newest first, by entry number. */
export const ledger = action(
  z.object({ cursor: cursorSchema }).strict(),
  async (input, ctx): Promise<Page<PointsEntryView>> => {
    const openid = requireOpenid(ctx);
    const page = await listPage<EntryDoc>({
      collection: C.ledger,
      where: { openid },
      key: 'seq',
      cursor: input.cursor,
      limit: PAGE_SIZE
    });
    return { items: page.items.map(entryView), nextCursor: page.nextCursor };
  }
);
