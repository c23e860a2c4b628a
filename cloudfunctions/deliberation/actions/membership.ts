// Who belongs where: a resident's chosen community, households' voters, the roster and the community's rules.
import { z } from 'zod';
import { councilRefusal, homeOf, seatRefusal, type Participant } from '../../../domain/deliberationAccess';
import { checkRules, rulesInForce } from '../../../domain/deliberationRules';
import { normaliseInviteCode } from '../../../domain/invites';
import type { DeliberationHome, DeliberationRules, RosterMemberView, RosterRole } from '../../../typings/deliberation';
import { action, AppError } from '../../../server/function';
import {
  findHouseholdByCode,
  findRules,
  householdKey,
  listRoster,
  memberIdOf,
  membershipsOf,
  registerHousehold as saveHousehold,
  saveHome,
  saveRules,
  takeHousehold
} from '../../../server/repos/rosters';
import { findUsers } from '../../../server/repos/users';
import { assertCommunity, callerOf, idSchema, refuseIf, text, type Caller } from '../common';

function homeView(c: Caller): DeliberationHome {
  const own = homeOf(c.p);
  // Staff of a street or department serve no community: they pick one to read.
  const communityId = own && c.ref.units.get(own)?.kind === 'community' ? own : null;
  const seats = c.p.memberships.filter((m) => m.communityId === communityId);
  const household = seats.find((m) => m.kind === 'household');
  return {
    communityId,
    communityName: communityId ? (c.ref.units.get(communityId)?.name ?? communityId) : null,
    council: c.viewer.kind === 'staff' && communityId !== null,
    roles: seats.filter((m) => m.kind === 'representative' || m.kind === 'supervisor').map((m) => m.kind as RosterRole),
    household: household ? (household.household ?? '') : null
  };
}

/** The caller's community and seats. Requests: 1 (residents' seats; staff none on a warm instance). */
export const home = action(z.strictObject({}), async (_i, ctx) => homeView(await callerOf(ctx)));

/**
 * A resident chooses their community (their seats decide it when they hold any: ROSTER_OTHER_COMMUNITY
 * for another). Database requests: 3 (seats, write, seats again).
 */
export const setHome = action(z.strictObject({ communityId: idSchema }), async ({ communityId }, ctx) => {
  const c = await callerOf(ctx);
  assertCommunity(c.ref, communityId);
  if (c.p.kind !== 'resident') throw new AppError('RESIDENTS_ONLY', c.p.kind);
  const refused = seatRefusal(c.p.memberships, 'home', communityId);
  if (refused) throw new AppError(refused, communityId);
  await saveHome(c.openid, communityId, ctx.now);
  const p: Participant = { ...c.p, memberships: await membershipsOf(c.openid) };
  return homeView({ ...c, p });
});

/** Community staff: a household's one-time code for its voter. Requests: 2 (the household read, its write). */
export const registerHousehold = action(
  z.strictObject({ communityId: idSchema, household: text(40) }),
  async ({ communityId, household }, ctx) => {
    const c = await callerOf(ctx);
    assertCommunity(c.ref, communityId);
    refuseIf(councilRefusal(c.p, communityId));
    const { code, expiresAt } = await saveHousehold(communityId, household, ctx.now);
    return { household, code, expiresAt: expiresAt.toISOString() };
  }
);

/** A resident becomes their household's voter with its code. Database requests: 4 (seats, code, claim, seats again). */
export const joinHousehold = action(z.strictObject({ code: z.string().max(32) }), async ({ code: typed }, ctx) => {
  const c = await callerOf(ctx);
  if (c.p.kind !== 'resident') throw new AppError('RESIDENTS_ONLY', c.p.kind);
  const code = normaliseInviteCode(typed);
  const doc = code ? await findHouseholdByCode(code, ctx.now) : null;
  if (!doc?.household) throw new AppError('HOUSEHOLD_CODE_INVALID');
  const refused = seatRefusal(c.p.memberships, 'household', doc.communityId, householdKey(doc.household));
  if (refused) throw new AppError(refused, doc.communityId);
  if (!(await takeHousehold(doc, c.openid, ctx.now))) throw new AppError('HOUSEHOLD_CODE_INVALID', 'taken meanwhile');
  return homeView({ ...c, p: { ...c.p, memberships: await membershipsOf(c.openid) } });
});

/** The community's roster, as its council and residents see it (names, never openids). Requests: 2. */
export const roster = action(z.strictObject({ communityId: idSchema }), async ({ communityId }, ctx) => {
  const c = await callerOf(ctx);
  assertCommunity(c.ref, communityId);
  refuseIf(councilRefusal(c.p, communityId));
  const docs = await listRoster(communityId);
  const users = await findUsers(docs.flatMap((d) => (d.openid && !d.name && d.kind !== 'household' ? [d.openid] : [])));
  const names = new Map(users.map((u) => [u._id, u.name ?? '']));
  return docs.map((d): RosterMemberView => ({
    memberId: memberIdOf(d._id),
    kind: d.kind as RosterMemberView['kind'],
    name:
      d.kind === 'household'
        ? `${d.household ?? ''}${d.openid ? '' : '（待登记）'}`
        : (d.name ?? names.get(d.openid ?? '') ?? '代表'),
    joinedAt: new Date(d.joinedAt).toISOString()
  }));
});

const fractionSchema = z.tuple([z.number().int().min(1).max(100), z.number().int().min(1).max(100)]);
const bodyRuleSchema = z.strictObject({ quorum: fractionSchema, majority: fractionSchema });

/** Community staff: windows and each body's quorum and majority (parts omitted keep what is in force). Requests: 2. */
export const setRules = action(
  z.strictObject({
    communityId: idSchema,
    screenDays: z.number().int().optional(),
    opinionDays: z.number().int().optional(),
    draftDays: z.number().int().optional(),
    bodies: z
      .strictObject({ representatives: bodyRuleSchema.optional(), households: bodyRuleSchema.optional() })
      .optional()
  }),
  async ({ communityId, bodies, ...windows }, ctx): Promise<DeliberationRules> => {
    const c = await callerOf(ctx);
    assertCommunity(c.ref, communityId);
    refuseIf(councilRefusal(c.p, communityId));
    const now = rulesInForce(await findRules(communityId));
    const next: DeliberationRules = {
      screenDays: windows.screenDays ?? now.screenDays,
      opinionDays: windows.opinionDays ?? now.opinionDays,
      draftDays: windows.draftDays ?? now.draftDays,
      bodies: {
        representatives: bodies?.representatives ?? now.bodies.representatives,
        households: bodies?.households ?? now.bodies.households
      }
    };
    refuseIf(checkRules(next));
    await saveRules(communityId, next);
    return next;
  }
);
