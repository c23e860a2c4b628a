/** Issue 16 figures: requests of each deliberation action, and closing a vote with 500 ballots (requests and time). */
import { performance } from 'node:perf_hooks';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { rawInsert } from '../test/support/rawDb';
import {
  clockNow,
  DAY_MS,
  delib,
  delibOk,
  rid,
  seat,
  seatHousehold,
  staffOf,
  topicAt
} from '../test/functions/deliberationHelpers';
import { TALLY_SHARDS } from '../domain/deliberation';
import { measure, summarize, lastRequests, table } from './stats';

const PINGAN = '500104001001';
const BIG = '500104001008'; // 光明社区: 500 representatives

/** Each action once on a warm instance, with its database requests (the local cloud's counter). */
async function perAction(cloud: TestCloud): Promise<string> {
  const rows: Array<Record<string, string | number>> = [];
  const council = staffOf(PINGAN);
  const rep = 'bench-delib-rep';
  const sup = 'bench-delib-sup';
  const res = 'bench-delib-res';
  await seat(cloud, PINGAN, 'representative', rep);
  await seat(cloud, PINGAN, 'supervisor', sup);
  await delibOk(cloud, res, 'home', {}); // warm-up
  const note = async (action: string, who: string) =>
    rows.push({ action: `deliberation.${action}`, 'db requests': await lastRequests(cloud), caller: who });
  await delibOk(cloud, res, 'setHome', { communityId: PINGAN });
  await note('setHome', 'resident');
  await delibOk(cloud, res, 'home', {});
  await note('home', 'resident');
  const { topicId } = await delibOk(cloud, res, 'propose', {
    communityId: PINGAN,
    title: '增设充电桩',
    text: '楼道充电有隐患',
    requestId: rid()
  });
  await note('propose', 'resident');
  await delibOk(cloud, council, 'screen', { topicId, accept: true, reason: '受理' });
  await note('screen', 'council (1 follower)');
  await delibOk(cloud, res, 'comment', { topicId, text: '支持' });
  await note('comment', 'resident');
  await delibOk(cloud, res, 'comments', { topicId });
  await note('comments', 'resident');
  await delibOk(cloud, res, 'follow', { topicId, follow: true });
  await note('follow', 'resident');
  await delibOk(cloud, res, 'topics', { communityId: PINGAN });
  await note('topics', 'resident');
  await delibOk(cloud, res, 'detail', { topicId });
  await note('detail', 'resident');
  await cloud.advanceClock(7 * DAY_MS + 60_000);
  await delibOk(cloud, council, 'home', {}); // the jump lapsed the minute's caches: warm them again
  await delibOk(cloud, council, 'draft', { topicId, plan: '建设20个充电位', budget: 60000 });
  await note('draft', 'council');
  await cloud.advanceClock(3 * DAY_MS + 60_000);
  await delibOk(cloud, sup, 'home', {});
  await delibOk(cloud, sup, 'review', { topicId, approve: true, note: '同意' });
  await note('review', 'supervisor');
  const closesAt = new Date((await clockNow(cloud)).getTime() + DAY_MS).toISOString();
  await delibOk(cloud, council, 'openVote', { topicId, closesAt, body: 'representatives' });
  await note('openVote', 'council');
  await delibOk(cloud, rep, 'vote', { topicId, choice: 'for' });
  await note('vote', 'representative');
  await delibOk(cloud, council, 'closeVote', { topicId });
  await note('closeVote', 'council');
  await delibOk(cloud, council, 'progress', { topicId, text: '已开工' });
  await note('progress', 'council');
  await delibOk(cloud, council, 'registerHousehold', { communityId: PINGAN, household: '1栋101' });
  await note('registerHousehold', 'council');
  await seatHousehold(cloud, PINGAN, '1栋102', 'bench-delib-hh');
  await note('joinHousehold', 'resident');
  await delibOk(cloud, council, 'roster', { communityId: PINGAN });
  await note('roster', 'council');
  return table(rows);
}

/**
 * 500 representatives vote (10 at a time), each ballot moving one of TALLY_SHARDS shards; then the council
 * closes: the shards read and sealed in one transaction, never the ballots (a constant number of requests).
 */
async function close500(cloud: TestCloud): Promise<string> {
  const now = await clockNow(cloud);
  const reps = Array.from({ length: 500 }, (_, i) => `bench-big-rep-${i}`);
  await rawInsert(
    cloud,
    'rosters',
    reps.map((openid) => ({
      _id: `${BIG}:representative:${openid}`,
      kind: 'representative',
      communityId: BIG,
      openid,
      joinedAt: new Date(now.getTime() - DAY_MS)
    }))
  );
  await seat(cloud, BIG, 'supervisor', 'bench-big-sup');
  const topicId = await topicAt(cloud, 'voting', {
    communityId: BIG,
    proposer: 'bench-big-res',
    supervisor: 'bench-big-sup'
  });
  const requests: number[] = [];
  const started = performance.now();
  // A ballot that loses its shard to others for 8 s answers TOPIC_BUSY (请稍后再试): the voter taps again.
  let busy = 0;
  const latencies = await measure(500, 10, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const r = await delib(cloud, reps[i], 'vote', { topicId, choice: i % 3 === 0 ? 'against' : 'for' });
      if (r.ok) return;
      if (r.code !== 'TOPIC_BUSY' || attempt >= 5) throw new Error(`vote ${i}: ${r.code}`);
      busy++;
    }
  });
  const voting = performance.now() - started;
  for (const inv of await cloud.invocations(500)) if (inv.action === 'vote') requests.push(inv.dbRequests);
  const t = performance.now();
  const closed = await delibOk(cloud, staffOf(BIG), 'closeVote', { topicId });
  const closeMs = performance.now() - t;
  const closeRequests = await lastRequests(cloud);
  const d = await delibOk(cloud, 'bench-big-sup', 'detail', { topicId });
  const s = summarize(latencies);
  const r = summarize(requests);
  return table([
    {
      what: `500 votes, 10 at a time (${busy} TOPIC_BUSY, tapped again)`,
      'db requests': `p50 ${r.p50}, p95 ${r.p95} per vote (retries on a shared shard included)`,
      time: `${Math.round(voting)} ms in all; p50 ${s.p50} ms, p95 ${s.p95} ms each`
    },
    {
      what: `closeVote with 500 ballots (${TALLY_SHARDS} shards)`,
      'db requests': closeRequests,
      time: `${Math.round(closeMs)} ms (${closed.stage}: ${d.result?.for} for, ${d.result?.against} against of ${d.result?.roster})`
    }
  ]);
}

export async function benchDeliberation(): Promise<string> {
  const cloud = await startLocalCloud();
  try {
    return `## Requests per action (warm instance)\n\n${await perAction(cloud)}\n\n## Closing a vote with 500 ballots\n\n${await close500(cloud)}`;
  } finally {
    await cloud.stop();
  }
}
