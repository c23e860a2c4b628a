// The world every cell of the role × scope matrix is tried in: one case that has moved, been whistled
// and had a whistle withdrawn, so each role of the issue is a real person in a real relation to it.
//
//   filed at 五一社区 (under 八桥镇) → 五一 escalates to 八桥镇 → the district reassigns it to 平安社区
//   (under 新山村街道) → 新山村街道 whistles 区司法局 and 区市场监管局 → withdraws 区市场监管局.
//
// States then move it on with the people whose job it is (accept, check in, report, resolve …).
import { randomUUID } from 'node:crypto';
import type { TestCloud } from '../../support/localcloud';
import type { Result } from '../../../typings/result';
import { preparePoints, secondStaffOf } from '../pointsHelpers';

export const ROLES = [
  'none',
  'resident',
  'reporter',
  'community',
  'otherCommunity',
  'townAbove',
  'otherTown',
  'formerTown',
  'whistledDept',
  'withdrawnDept',
  'neverDept',
  'district',
  'admin'
] as const;
export type Role = (typeof ROLES)[number];

export const UNITS = {
  district: '500104000000',
  townAbove: '500104001000', // 新山村街道
  community: '500104001001', // 平安社区, the handling community
  otherCommunity: '500104001004', // 钢花社区, same town
  otherTown: '500104002000', // 跃进村街道, never involved
  formerTown: '500104101000', // 八桥镇, held the case before the district moved it
  formerCommunity: '500104101001', // 五一社区, where it was filed
  whistledDept: 'dept-justice',
  withdrawnDept: 'dept-market',
  neverDept: 'dept-education'
} as const;

const staff = (unitId: string): string => `staff-${unitId}`;

export type CaseState =
  | 'submitted' // at 平安社区, one whistle in force (司法局), one withdrawn
  | 'accepted'
  | 'checkedIn' // accepted, 司法局 checked in
  | 'reported' // accepted, 司法局 reported its result
  | 'resolved' // reported, then resolved by 平安社区
  | 'extensionRequested' // accepted, 平安社区 asked for more time
  | 'paused' // accepted, paused by 平安社区
  | 'dispatched' // accepted, 新山村街道 sent 平安社区's cadre on site
  | 'onSite' // dispatched, and the cadre checked in on site
  | 'followUpDue'; // resolved, and the reporter's 7 days to rate have passed (moves the clock 8 days)

export interface World {
  caseId: string;
  openid: Record<Role, string | undefined>;
  /** The local cloud's time when the world was built. */
  now: Date;
  /** The on-site dispatch, in states 'dispatched' and 'onSite'. */
  dispatchId?: string;
}

let serial = 0;

/** Every role's openid for a world whose reporter is `reporter`. */
export function openids(reporter: string): Record<Role, string | undefined> {
  return {
    none: undefined,
    resident: 'resident-matrix-other',
    reporter,
    community: staff(UNITS.community),
    otherCommunity: staff(UNITS.otherCommunity),
    townAbove: staff(UNITS.townAbove),
    otherTown: staff(UNITS.otherTown),
    formerTown: staff(UNITS.formerTown),
    whistledDept: staff(UNITS.whistledDept),
    withdrawnDept: staff(UNITS.withdrawnDept),
    neverDept: staff(UNITS.neverDept),
    district: staff(UNITS.district),
    admin: 'admin-1'
  };
}

async function must<T>(cloud: TestCloud, fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = await cloud.call<Result<T>>(fn, event, openid);
  if (!res.ok) throw new Error(`world: ${fn}.${String(event.action)} as ${openid} failed: ${res.code} ${res.message}`);
  return res.data;
}

/** Builds a fresh world in `state` (each call a new case and reporter). */
export async function buildWorld(cloud: TestCloud, state: CaseState): Promise<World> {
  const reporter = `resident-matrix-${++serial}`;
  const who = openids(reporter);
  const submitted = await must<{ caseId: string }>(
    cloud,
    'cases',
    {
      action: 'submit',
      category: 'neighbor',
      communityId: UNITS.formerCommunity,
      description: '楼上住户夜间噪音严重，多次沟通无果，希望协调。',
      contactPhone: '13812341234',
      requestId: randomUUID()
    },
    reporter
  );
  const caseId = submitted.caseId;
  const act = (openid: string, action: string, fields: Record<string, unknown> = {}, fn = 'cases') =>
    must(cloud, fn, { action, caseId, ...fields }, openid);

  await act(staff(UNITS.formerCommunity), 'escalate', { reason: '涉及多个小区，上报镇里' });
  await act(who.district!, 'reassign', { toUnitId: UNITS.community, reason: '属地调整，由平安社区办理' });
  await act(who.townAbove!, 'whistle', {
    departmentIds: [UNITS.whistledDept, UNITS.withdrawnDept],
    reason: '需要司法所和市场监管协同'
  });
  await act(who.townAbove!, 'withdrawWhistle', { departmentId: UNITS.withdrawnDept, reason: '不涉及经营问题' });
  const clock = await cloud.request('GET', '/__emulator/clock');
  const world: World = { caseId, openid: who, now: new Date((clock.body as { now: string }).now) };
  if (state === 'submitted') return world;

  await act(who.community!, 'accept', {});
  if (state === 'accepted') return world;
  if (state === 'extensionRequested') {
    await act(who.community!, 'requestExtension', { days: 3, reason: '需要等待鉴定结果' });
    return world;
  }
  if (state === 'paused') {
    await act(who.community!, 'pause', { reason: '请居民补充材料' });
    return world;
  }
  if (state === 'dispatched' || state === 'onSite') {
    const visitBy = new Date(world.now.getTime() + 24 * 3600_000).toISOString();
    const detail = await act(who.townAbove!, 'dispatch', { staffOpenid: who.community, visitBy });
    const dispatches = (detail as { dispatches: Array<{ dispatchId: string }> }).dispatches;
    const dispatchId = dispatches[dispatches.length - 1].dispatchId;
    if (state === 'onSite')
      await act(who.community!, 'onsiteCheckIn', { dispatchId, latitude: 29.48, longitude: 106.48 });
    return { ...world, dispatchId };
  }
  await act(who.whistledDept!, 'checkIn');
  if (state === 'checkedIn') return world;
  await act(who.whistledDept!, 'report', { result: '已到场调解，双方达成一致' });
  if (state === 'reported') return world;
  await act(who.community!, 'resolve', { result: '已协调，噪音问题解决' });
  if (state === 'followUpDue') await cloud.advanceClock(8 * 24 * 3600_000);
  return world;
}

// 德分宝: the same people around one resident (the `reporter` role) of 平安社区, whose points the
// community's staff keep. Town, district and department staff are staff, but not this community's.
export type PointsState =
  | 'claim' // the resident claimed a good deed, waiting for the community
  | 'notice' // the community awarded 5 points: in 公示
  | 'objected' // in 公示, and another resident objected
  | 'awaiting' // an award of 30 points waits for its second key
  | 'item' // the community's shop has an item
  | 'funded' // an item, and the resident has 10 spendable points (moves the clock past the 公示)
  | 'order'; // funded, and the resident redeemed the item

export interface PointsWorld {
  openid: Record<Role, string | undefined>;
  now: Date;
  claimId?: string;
  awardId?: string;
  itemId?: string;
  orderId?: string;
  pickupCode?: string;
}

/** What a row's payload may read: the case world or the points world. */
export type AnyWorld = Partial<World> & Partial<PointsWorld> & { openid: Record<Role, string | undefined>; now: Date };

const rid = (): string => randomUUID().replace(/-/g, '');

/** Builds a fresh points world in `state` (each call a new resident). */
export async function buildPointsWorld(cloud: TestCloud, state: PointsState): Promise<PointsWorld> {
  await preparePoints(cloud, [UNITS.community]);
  const resident = `resident-matrix-${++serial}`;
  const who = openids(resident);
  const clock = await cloud.request('GET', '/__emulator/clock');
  const world: PointsWorld = { openid: who, now: new Date((clock.body as { now: string }).now) };
  const p = <T>(openid: string, action: string, fields: Record<string, unknown>) =>
    must<T>(cloud, 'points', { action, ...fields }, openid);
  const staffP = who.community!;
  if (state === 'claim') {
    const c = await p<{ claimId: string }>(resident, 'claim', {
      deedType: 'volunteer',
      communityId: UNITS.community,
      text: '周末参加社区清扫志愿服务',
      requestId: rid()
    });
    return { ...world, claimId: c.claimId };
  }
  if (state === 'notice' || state === 'objected') {
    const a = await p<{ awardId: string }>(staffP, 'award', {
      openid: resident,
      points: 5,
      reason: '帮助邻居搬运物品',
      requestId: rid()
    });
    if (state === 'objected') await p(who.resident!, 'object', { awardId: a.awardId, reason: '情况不属实，请核实' });
    return { ...world, awardId: a.awardId };
  }
  if (state === 'awaiting') {
    // The first key is the community's second staff member, so `community` may turn the second.
    const a = await p<{ awardId: string }>(secondStaffOf(UNITS.community), 'award', {
      openid: resident,
      points: 30,
      reason: '见义勇为，协助救人',
      requestId: rid()
    });
    return { ...world, awardId: a.awardId };
  }
  const item = await p<{ itemId: string }>(staffP, 'items', {
    op: 'add',
    communityId: UNITS.community,
    requestId: rid(),
    name: '洗衣液',
    points: 5,
    stock: 50,
    monthlyLimit: 5
  });
  if (state === 'item') return { ...world, itemId: item.itemId };
  await p(staffP, 'award', { openid: resident, points: 10, reason: '参加社区义诊志愿服务', requestId: rid() });
  await cloud.advanceClock(4 * 24 * 3600_000); // past the 3-day 公示: the points become spendable
  if (state === 'funded') return { ...world, itemId: item.itemId };
  const order = await p<{ orderId: string; pickupCode: string }>(resident, 'redeem', {
    itemId: item.itemId,
    quantity: 1,
    requestId: rid()
  });
  return { ...world, itemId: item.itemId, orderId: order.orderId, pickupCode: order.pickupCode };
}
