// Shared by the deliberation tests, the access matrix's deliberation world and the bench: calling the
// function, seating residents by invite, and moving a topic to a stage.
import { randomUUID } from 'node:crypto';
import type { TestCloud } from '../support/localcloud';
import type { Result } from '../../typings/result';
import type { DeliberationActions, RosterRole, TopicStage, VotingBody } from '../../typings/deliberation';

export const PINGAN = '500104001001'; // 平安社区
export const GANGHUA = '500104001004'; // 钢花社区
export const staffOf = (unitId: string): string => `staff-${unitId}`;
export const DAY_MS = 24 * 3600_000;

type A = DeliberationActions;

export function delib<K extends keyof A>(
  cloud: TestCloud,
  openid: string | undefined,
  action: K,
  fields: A[K]['req']
): Promise<Result<A[K]['res']>> {
  return cloud.call<Result<A[K]['res']>>('deliberation', { action, ...fields }, openid);
}

export async function delibOk<K extends keyof A>(
  cloud: TestCloud,
  openid: string,
  action: K,
  fields: A[K]['req']
): Promise<A[K]['res']> {
  const res = await delib(cloud, openid, action, fields);
  if (!res.ok) throw new Error(`deliberation.${String(action)} as ${openid} failed: ${res.code} ${res.message}`);
  return res.data;
}

/** Seats `openid` on the community's roster through account.createInvite (its staff) and redeemInvite. */
export async function seat(cloud: TestCloud, communityId: string, role: RosterRole, openid: string): Promise<void> {
  const inv = await cloud.call<Result<{ code: string }>>(
    'account',
    { action: 'createInvite', unitId: communityId, role },
    staffOf(communityId)
  );
  if (!inv.ok) throw new Error(`createInvite ${role}: ${inv.code}`);
  const res = await cloud.call<Result<unknown>>('account', { action: 'redeemInvite', code: inv.data.code }, openid);
  if (!res.ok) throw new Error(`redeemInvite ${role} as ${openid}: ${res.code}`);
}

/** Registers a household and makes `openid` its voter. */
export async function seatHousehold(
  cloud: TestCloud,
  communityId: string,
  household: string,
  openid: string
): Promise<void> {
  const reg = await delibOk(cloud, staffOf(communityId), 'registerHousehold', { communityId, household });
  await delibOk(cloud, openid, 'joinHousehold', { code: reg.code });
}

export async function clockNow(cloud: TestCloud): Promise<Date> {
  const clock = await cloud.request('GET', '/__emulator/clock');
  return new Date((clock.body as { now: string }).now);
}

/** Committed writes so far (the local cloud's count): a refusal must add none. */
export async function writes(cloud: TestCloud): Promise<number> {
  const res = await cloud.request('GET', '/__emulator/stats');
  return (res.body as { committedWrites: number }).committedWrites;
}

export const rid = (): string => randomUUID().replace(/-/g, '');

/**
 * A topic of `communityId` proposed by `proposer` (homed there), moved on to `stage` by the council,
 * `supervisor` and the clock: proposed, opinions, drafting, draft, review, approved or voting.
 */
export async function topicAt(
  cloud: TestCloud,
  stage: Extract<TopicStage, 'proposed' | 'opinions' | 'drafting' | 'draft' | 'review' | 'approved' | 'voting'>,
  opts: { communityId?: string; proposer: string; supervisor: string; body?: VotingBody; voteDays?: number }
): Promise<string> {
  const communityId = opts.communityId ?? PINGAN;
  const council = staffOf(communityId);
  await delibOk(cloud, opts.proposer, 'setHome', { communityId });
  const t = await delibOk(cloud, opts.proposer, 'propose', {
    communityId,
    title: '小区增设电动车充电桩',
    text: '小区电动车多，楼道充电有火灾隐患，建议在空地增设集中充电桩。',
    requestId: rid()
  });
  const topicId = t.topicId;
  if (stage === 'proposed') return topicId;
  await delibOk(cloud, council, 'screen', { topicId, accept: true, reason: '涉及全体居民安全，予以受理' });
  if (stage === 'opinions') return topicId;
  await cloud.advanceClock(7 * DAY_MS + 60_000);
  if (stage === 'drafting') return topicId;
  await delibOk(cloud, council, 'draft', {
    topicId,
    plan: '在3号楼东侧空地建设20个充电位，由物业运营。',
    budget: 60000
  });
  if (stage === 'draft') return topicId;
  await cloud.advanceClock(3 * DAY_MS + 60_000);
  if (stage === 'review') return topicId;
  await delibOk(cloud, opts.supervisor, 'review', { topicId, approve: true, note: '方案合规，同意提交表决' });
  if (stage === 'approved') return topicId;
  const closesAt = new Date((await clockNow(cloud)).getTime() + (opts.voteDays ?? 2) * DAY_MS).toISOString();
  await delibOk(cloud, council, 'openVote', { topicId, closesAt, body: opts.body ?? 'representatives' });
  return topicId;
}
