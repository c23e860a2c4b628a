// 公示: a community's list of awards; object (any resident but the awardee, during the notice);
// ruling (staff of the community: an upheld objection takes the points back, a dismissed one releases them).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { expire, freeze, isFailure, release, revoke, type Wallet } from '../../../domain/points/ledger';
import { cannotObject, cannotRule, noticeRights, releaseAt } from '../../../domain/points/notice';
import type { PointsActor } from '../../../domain/points/staff';
import { action, AppError } from '../../../server/function';
import {
  expireEntry,
  POINTS_COLLECTIONS as C,
  requestKey,
  txAccount,
  txWrite,
  type AwardDoc,
  type NewEntry,
  type ObjectionDoc
} from '../../../server/repos/points';
import { getDoc, getDocs, listPage, txAdd, txGet, txUpdate, whole } from '../../../server/repos/pointsStore';
import { duplicateOf, transact, type Tx } from '../../../server/repos/pointsTx';
import { noticeView } from '../../../server/repos/pointsViews';
import type { Page } from '../../../typings/cases';
import type { PointsNoticeView } from '../../../typings/points';
import {
  assertCommunity,
  caller,
  cursorSchema,
  PAGE_SIZE,
  pointsActor,
  reference,
  requireOpenid,
  staffCaller
} from '../common';

const noticesSchema = z
  .object({ communityId: z.string().regex(/^\d{12}$/, { error: 'UNKNOWN_COMMUNITY' }), cursor: cursorSchema })
  .strict();

/** Each award with what the caller may do with it (canObject, canRule), as the domain decides; newest first, by key. */
export const notices = action(noticesSchema, async (input, ctx): Promise<Page<PointsNoticeView>> => {
  const { viewer, ref } = await caller(ctx);
  assertCommunity(ref.units, input.communityId);
  const actor = pointsActor(viewer);
  const page = await listPage<AwardDoc>({
    collection: C.awards,
    where: { communityId: input.communityId },
    key: 'at',
    cursor: input.cursor,
    limit: PAGE_SIZE
  });
  const objected = await objectedBy(actor, page.items, ctx.now);
  return {
    items: page.items.map((a) => ({
      ...noticeView(a, viewer.openid, ctx.now, ref.units),
      ...noticeRights(a, actor, ctx.now, objected.has(a._id))
    })),
    nextCursor: page.nextCursor
  };
});

/** Which of these awards the caller has objected to already; asked only of those still open to objection (one query, often none). */
async function objectedBy(actor: PointsActor, awards: AwardDoc[], now: Date): Promise<Set<string>> {
  const open = awards.filter((a) => a.objections > 0 && cannotObject(a, actor.openid, now) === null);
  const ids = open.map((a) => requestKey('objection', actor.openid, a._id));
  const found = await getDocs<ObjectionDoc>(C.objections, ids);
  return new Set([...found.values()].map((o) => o.awardId));
}

async function txAward(tx: Tx, awardId: string): Promise<AwardDoc> {
  const award = await txGet<AwardDoc>(tx, C.awards, awardId);
  if (!award) throw new AppError('AWARD_NOT_FOUND', awardId);
  return award;
}

const objectSchema = z
  .object({ awardId: z.string().min(1).max(80), reason: z.string().trim().min(1).max(300) })
  .strict();

export const object = action(
  objectSchema,
  async (input, ctx): Promise<PointsNoticeView> => {
    const openid = requireOpenid(ctx);
    const { units } = await reference(ctx);
    const objectionId = requestKey('objection', openid, input.awardId);
    const token = randomUUID();
    try {
      const award = await transact(async (tx) => {
        const a = await txAward(tx, input.awardId);
        const refused = cannotObject(a, openid, ctx.now);
        if (refused) throw new AppError(refused.code, refused.detail);
        const objection: ObjectionDoc = {
          _id: objectionId,
          awardId: a._id,
          openid,
          reason: input.reason,
          at: ctx.now,
          token
        };
        await txAdd(tx, C.objections, objection);
        // The first objection holds the points; later ones are only counted.
        if (a.state === 'notice') {
          const account = await txAccount(tx, a.openid, ctx.now);
          const held = freeze(account, a._id, ctx.now);
          if (isFailure(held)) throw new AppError(held.code, held.detail);
          await txWrite(tx, account, held, [], ctx.now);
        }
        const change = { state: 'objected' as const, objections: a.objections + 1 };
        await txUpdate(tx, C.awards, a._id, change);
        return { ...a, ...change };
      });
      return noticeView(award, openid, ctx.now, units);
    } catch (e) {
      if (duplicateOf(e)?.collection !== C.objections) throw e;
      // Objected before, unless it was an earlier try of this very call that landed.
      const existing = await getDoc<ObjectionDoc>(C.objections, objectionId);
      if (!existing || existing.token !== token) throw new AppError('ALREADY_OBJECTED');
      const award = await getDoc<AwardDoc>(C.awards, input.awardId);
      if (!award) throw e;
      return noticeView(award, openid, ctx.now, units);
    }
  },
  { texts: (r) => [r.reason] }
);

const rulingSchema = z
  .object({ awardId: z.string().min(1).max(80), upheld: z.boolean(), note: z.string().trim().min(1).max(300) })
  .strict();

export const ruling = action(
  rulingSchema,
  async (input, ctx): Promise<PointsNoticeView> => {
    const { staff: user, ref } = await staffCaller(ctx);
    const staff = user.openid;
    const actor = pointsActor(user);
    const first = await getDoc<AwardDoc>(C.awards, input.awardId);
    if (!first) throw new AppError('AWARD_NOT_FOUND', input.awardId);
    const refused = cannotRule(first, actor);
    if (refused) throw new AppError(refused.code, refused.detail);
    // Marks this call's ruling, so a retry after a lost commit answer recognises its own write.
    const token = randomUUID();
    const award = await transact(async (tx) => {
      const a = await txAward(tx, input.awardId);
      if (a.ruling?.token === token) return a;
      const late = cannotRule(a, actor);
      if (late) throw new AppError(late.code, late.detail);
      const account = await txAccount(tx, a.openid, ctx.now);
      const entries: NewEntry[] = [];
      let wallet: Wallet = account;
      const lapsed = expire(wallet, ctx.now);
      if (lapsed) {
        wallet = lapsed.wallet;
        entries.push(expireEntry(account, lapsed.entry));
      }
      if (input.upheld) {
        // A lot that lapsed while held is already written off: nothing left to take back.
        if (wallet.lots.some((l) => l.id === a._id)) {
          const taken = revoke(wallet, a._id, ctx.now);
          if (isFailure(taken)) throw new AppError(taken.code, taken.detail);
          wallet = taken.wallet;
          entries.push({ id: `adjust-${a._id}`, draft: taken.entry, note: `异议成立，撤销“${a.title}”积分` });
        }
      } else {
        wallet = release(wallet, a._id, releaseAt(a, ctx.now));
      }
      await txWrite(tx, account, wallet, entries, ctx.now);
      const change = {
        state: input.upheld ? ('revoked' as const) : ('notice' as const),
        ruling: { upheld: input.upheld, note: input.note, at: ctx.now, by: staff, token }
      };
      await txUpdate(tx, C.awards, a._id, { state: change.state, ruling: whole(change.ruling) });
      return { ...a, ...change };
    });
    return noticeView(award, staff, ctx.now, ref.units);
  },
  { texts: (r) => [r.note] }
);
