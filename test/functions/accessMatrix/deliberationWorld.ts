// 三上三下三公开 in the matrix: a topic of 平安社区 (the `community` role is its council) proposed by the
// `reporter` role, a resident of 平安 who also sits on its representatives and supervisory committee.
// `resident` belongs to no community; staff of the street and district above read, never act.
import type { TestCloud } from '../../support/localcloud';
import { clockNow, DAY_MS, delibOk, seat, topicAt } from '../deliberationHelpers';
import { openids, UNITS, type Role } from './world';

export type DeliberationState = 'proposed' | 'opinions' | 'drafting' | 'review' | 'approved' | 'voting' | 'passed';

export interface DeliberationWorld {
  openid: Record<Role, string | undefined>;
  now: Date;
  topicId: string;
  /** A second proposal of the same community (merge's `fromTopicId`). */
  otherTopicId: string;
}

let serial = 0;

export async function buildDeliberationWorld(cloud: TestCloud, state: DeliberationState): Promise<DeliberationWorld> {
  const resident = `resident-delib-${++serial}-${Date.now().toString(36)}`;
  const who = openids(resident);
  await seat(cloud, UNITS.community, 'representative', resident);
  await seat(cloud, UNITS.community, 'supervisor', resident);
  const council = who.community!;
  const stage = state === 'passed' ? 'approved' : state;
  const topicId = await topicAt(cloud, stage, {
    communityId: UNITS.community,
    proposer: resident,
    supervisor: resident
  });
  const other = await topicAt(cloud, 'proposed', {
    communityId: UNITS.community,
    proposer: resident,
    supervisor: resident
  });
  if (state === 'passed') {
    // Representatives of every world sit on 平安's roster: this vote needs one of them (a rule for this vote only).
    await delibOk(cloud, council, 'setRules', {
      communityId: UNITS.community,
      bodies: { representatives: { quorum: [1, 100], majority: [1, 2] } }
    });
    const closesAt = new Date((await clockNow(cloud)).getTime() + DAY_MS).toISOString();
    await delibOk(cloud, council, 'openVote', { topicId, closesAt, body: 'representatives' });
    await delibOk(cloud, council, 'setRules', {
      communityId: UNITS.community,
      bodies: { representatives: { quorum: [2, 3], majority: [1, 2] } }
    });
    await delibOk(cloud, resident, 'vote', { topicId, choice: 'for' });
    await delibOk(cloud, council, 'closeVote', { topicId });
  }
  return { openid: who, now: await clockNow(cloud), topicId, otherTopicId: other };
}
