// 三上三下三公开 through the gateway: one topic through every stage, the vote's rules, refusals that
// write nothing, who sees what, rosters by invite, the sweeper.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';
import type { Me } from '../../typings/account';
import type { Result } from '../../typings/result';
import {
  clockNow,
  DAY_MS,
  delib,
  delibOk,
  GANGHUA,
  PINGAN,
  rid,
  seat,
  seatHousehold,
  staffOf,
  topicAt,
  writes
} from './deliberationHelpers';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const council = staffOf(PINGAN);
let serial = 0;
/** A fresh community of people for one test: `n` representatives and a supervisor of 平安社区. */
async function people(n: number): Promise<{ reps: string[]; supervisor: string; resident: string }> {
  const k = ++serial;
  const reps = Array.from({ length: n }, (_, i) => `delib-rep-${k}-${i}`);
  for (const r of reps) await seat(cloud, PINGAN, 'representative', r);
  const supervisor = `delib-sup-${k}`;
  await seat(cloud, PINGAN, 'supervisor', supervisor);
  const resident = `delib-res-${k}`;
  await delibOk(cloud, resident, 'setHome', { communityId: PINGAN });
  return { reps, supervisor, resident };
}

/** Expects the call refused with `code` and no committed write. */
async function refused(call: () => Promise<Result<unknown>>, code: string): Promise<void> {
  const before = await writes(cloud);
  const res = await call();
  expect(res).toMatchObject({ ok: false, code });
  expect((await writes(cloud)) - before).toBe(0);
}

const inAWhile = async (days = 2) => new Date((await clockNow(cloud)).getTime() + days * DAY_MS).toISOString();

describe('one topic through every stage', () => {
  test('一上 → 一下 → 二上 → 二下 → review (rejected, redrafted, approved) → 三上 → 三下, every stage on the record', async () => {
    const { supervisor, resident } = await people(1);
    const proposer = `delib-proposer-${rid().slice(0, 6)}`;
    await delibOk(cloud, proposer, 'setHome', { communityId: PINGAN });
    const t = await delibOk(cloud, proposer, 'propose', {
      communityId: PINGAN,
      title: '修缮小区篮球场',
      text: '篮球场地面开裂，建议修缮并加装照明。',
      requestId: rid()
    });
    expect(t.stage).toBe('proposed');
    const topicId = t.topicId;
    const outboxBefore = (await cloud.outbox()).length;

    await delibOk(cloud, council, 'screen', { topicId, accept: true, reason: '受理，征求居民意见' });
    await delibOk(cloud, resident, 'comment', { topicId, text: '建议晚上十点后关灯，避免扰民' });
    await cloud.advanceClock(7 * DAY_MS + 60_000);
    await refused(() => delib(cloud, resident, 'comment', { topicId, text: '还想补充' }), 'COMMENTS_CLOSED');
    await delibOk(cloud, council, 'draft', {
      topicId,
      plan: '重铺塑胶地面，加装4盏LED灯，22点自动关闭。',
      budget: 80000
    });
    await delibOk(cloud, resident, 'comment', { topicId, text: '同意方案' });
    await cloud.advanceClock(3 * DAY_MS + 60_000);
    // The committee sends it back: the stage returns to drafting, the first draft stays on the record.
    expect(await delibOk(cloud, supervisor, 'review', { topicId, approve: false, note: '预算缺少明细' })).toMatchObject(
      { stage: 'drafting' }
    );
    await delibOk(cloud, council, 'draft', { topicId, plan: '重铺地面6万元，照明2万元，合计8万元。', budget: 80000 });
    await cloud.advanceClock(3 * DAY_MS + 60_000);
    await delibOk(cloud, supervisor, 'review', { topicId, approve: true, note: '同意提交表决' });

    await delibOk(cloud, council, 'openVote', { topicId, closesAt: await inAWhile(), body: 'representatives' });
    const all = (await rawFind<{ _id: string; openid: string; kind: string; communityId: string }>(cloud, 'rosters', {
      kind: 'representative',
      communityId: PINGAN
    }))!;
    for (const r of all) await delibOk(cloud, r.openid, 'vote', { topicId, choice: 'for' });
    const closed = await delibOk(cloud, council, 'closeVote', { topicId });
    expect(closed.stage).toBe('passed');

    await delibOk(cloud, council, 'progress', { topicId, text: '施工队已进场' });
    await delibOk(cloud, council, 'progress', { topicId, text: '完工并验收', done: true });

    const d = await delibOk(cloud, resident, 'detail', { topicId });
    expect(d.stage).toBe('done');
    expect(d.entries.map((e) => e.kind)).toEqual([
      'proposed',
      'accepted',
      'draft',
      'rejected',
      'draft',
      'approved',
      'voteOpened',
      'voteClosed',
      'progress',
      'progress',
      'done'
    ]);
    expect(d.result).toEqual({
      for: all.length,
      against: 0,
      abstain: 0,
      roster: all.length,
      passed: true,
      body: 'representatives'
    });
    expect(d.comments).toBe(2);
    // Counts only: nothing in the answer names a voter.
    for (const r of all) expect(JSON.stringify(d)).not.toContain(r.openid);
    // The proposer follows their topic: a message per stage reached.
    const sent = (await cloud.outbox()).slice(outboxBefore).filter((m) => m.touser === proposer);
    expect(sent.length).toBeGreaterThanOrEqual(7);
    expect(sent[0].page).toBe(`packageDeliberation/topic/index?topicId=${topicId}`);
  });
});

describe('the vote: quorum and majority (Art. 26 by default)', () => {
  // Each test its own community with exactly six representatives: two thirds (4) must take part.
  const SIX = ['500104001007', '500104001008', '500104001009', '500104001014'];
  let next = 0;
  async function voteWith(choices: Array<'for' | 'against' | 'abstain'>): Promise<string> {
    const communityId = SIX[next++];
    const reps = Array.from({ length: 6 }, (_, i) => `delib-six-${communityId}-${i}`);
    for (const r of reps) await seat(cloud, communityId, 'representative', r);
    const supervisor = `delib-six-sup-${communityId}`;
    await seat(cloud, communityId, 'supervisor', supervisor);
    const topicId = await topicAt(cloud, 'voting', {
      communityId,
      proposer: `delib-six-res-${communityId}`,
      supervisor
    });
    for (let i = 0; i < choices.length; i++) await delibOk(cloud, reps[i], 'vote', { topicId, choice: choices[i] });
    const closed = await delibOk(cloud, staffOf(communityId), 'closeVote', { topicId });
    const d = await delibOk(cloud, reps[0], 'detail', { topicId });
    expect(d.result).toMatchObject({ roster: 6, for: choices.filter((c) => c === 'for').length });
    return closed.stage;
  }

  test('a vote that misses its quorum fails, even all for', async () => {
    expect(await voteWith(['for', 'for', 'for'])).toBe('failed');
  });

  test('a vote that meets its quorum (exactly two thirds) with more than half for passes', async () => {
    expect(await voteWith(['for', 'for', 'for', 'abstain'])).toBe('passed');
  });

  test('a tie fails', async () => {
    expect(await voteWith(['for', 'for', 'against', 'against'])).toBe('failed');
  });

  test('half for with an abstention is not more than half: fails', async () => {
    expect(await voteWith(['for', 'for', 'against', 'abstain'])).toBe('failed');
  });
});

describe('refused, and nothing changes', () => {
  let topicId: string;
  let reps: string[];
  let p: Awaited<ReturnType<typeof people>>;
  beforeAll(async () => {
    p = await people(2);
    reps = p.reps;
  });
  // A fresh vote per test: others close it or move the clock past its closesAt, in any order.
  beforeEach(async () => {
    topicId = await topicAt(cloud, 'voting', { proposer: p.resident, supervisor: p.supervisor });
  });

  test('a resident who is not a representative votes', async () => {
    await delibOk(cloud, 'delib-plain', 'setHome', { communityId: PINGAN });
    await refused(() => delib(cloud, 'delib-plain', 'vote', { topicId, choice: 'for' }), 'NOT_VOTING_MEMBER');
  });

  test('staff and admins are not voters', async () => {
    await refused(() => delib(cloud, council, 'vote', { topicId, choice: 'for' }), 'NOT_VOTING_MEMBER');
    await refused(() => delib(cloud, 'admin-1', 'vote', { topicId, choice: 'for' }), 'NOT_FOUND');
  });

  test('a representative of another community votes', async () => {
    await seat(cloud, GANGHUA, 'representative', 'delib-ganghua-rep');
    await refused(() => delib(cloud, 'delib-ganghua-rep', 'vote', { topicId, choice: 'for' }), 'NOT_FOUND');
  });

  test('a member votes twice (even changing their mind)', async () => {
    await delibOk(cloud, reps[0], 'vote', { topicId, choice: 'for' });
    await refused(() => delib(cloud, reps[0], 'vote', { topicId, choice: 'against' }), 'ALREADY_VOTED');
    expect((await delibOk(cloud, reps[0], 'detail', { topicId })).me).toMatchObject({ voted: true, canVote: false });
  });

  test('a representative seated after the vote opened does not vote in it', async () => {
    await seat(cloud, PINGAN, 'representative', 'delib-late-rep');
    await refused(() => delib(cloud, 'delib-late-rep', 'vote', { topicId, choice: 'for' }), 'NOT_VOTING_MEMBER');
  });

  test('a vote after the close, and an edit after publication', async () => {
    // Two of many representatives voted: the quorum is missed, the topic ends as failed.
    expect((await delibOk(cloud, council, 'closeVote', { topicId })).stage).toBe('failed');
    await refused(() => delib(cloud, reps[1], 'vote', { topicId, choice: 'for' }), 'VOTE_CLOSED');
    await refused(() => delib(cloud, council, 'closeVote', { topicId }), 'TOPIC_CLOSED');
    await refused(() => delib(cloud, council, 'draft', { topicId, plan: '改一下方案' }), 'TOPIC_CLOSED');
    await refused(() => delib(cloud, council, 'screen', { topicId, accept: false, reason: '撤回' }), 'TOPIC_CLOSED');
  });

  test('a vote after closesAt, before anyone closed it', async () => {
    const p = await people(0);
    const late = await topicAt(cloud, 'voting', { proposer: p.resident, supervisor: p.supervisor, voteDays: 1 });
    await cloud.advanceClock(DAY_MS + 60_000);
    await refused(() => delib(cloud, reps[1], 'vote', { topicId: late, choice: 'for' }), 'VOTE_CLOSED');
  });

  test('a proposal sent again with the same requestId stays as first published', async () => {
    const requestId = rid();
    const first = await delibOk(cloud, reps[0], 'propose', {
      communityId: PINGAN,
      title: '加装路灯',
      text: '北门路段太暗',
      requestId
    });
    const again = await delibOk(cloud, reps[0], 'propose', {
      communityId: PINGAN,
      title: '改了标题',
      text: '改了内容',
      requestId
    });
    expect(again.topicId).toBe(first.topicId);
    expect((await delibOk(cloud, reps[0], 'detail', { topicId: first.topicId })).title).toBe('加装路灯');
  });

  test('a finished topic takes nothing more', async () => {
    const p = await people(0);
    const t = await delibOk(cloud, p.resident, 'propose', {
      communityId: PINGAN,
      title: '议题',
      text: '内容',
      requestId: rid()
    });
    await delibOk(cloud, council, 'screen', {
      topicId: t.topicId,
      accept: false,
      reason: '不属于自治事项，请通过12345反映'
    });
    await refused(() => delib(cloud, p.resident, 'comment', { topicId: t.topicId, text: '为什么' }), 'TOPIC_CLOSED');
    await refused(
      () => delib(cloud, council, 'screen', { topicId: t.topicId, accept: true, reason: '重新受理' }),
      'TOPIC_CLOSED'
    );
    // A correction is a new entry; the refusal stays as published.
    await refused(() => delib(cloud, p.resident, 'correct', { topicId: t.topicId, text: '改一下' }), 'NOT_COUNCIL');
    await delibOk(cloud, council, 'correct', { topicId: t.topicId, text: '更正：应通过12345热线反映' });
    const d = await delibOk(cloud, p.resident, 'detail', { topicId: t.topicId });
    expect(d.entries.slice(-2)).toMatchObject([
      { kind: 'refused', text: '不属于自治事项，请通过12345反映', by: 'council' },
      { kind: 'correction', text: '更正：应通过12345热线反映', by: 'council' }
    ]);
  });
});

describe('who sees what (三公开 to the community)', () => {
  test("published topics are visible to the community's residents, not to other communities", async () => {
    const p = await people(0);
    const topicId = await topicAt(cloud, 'opinions', { proposer: p.resident, supervisor: p.supervisor });
    await delibOk(cloud, 'delib-neighbour', 'setHome', { communityId: PINGAN });
    await delibOk(cloud, 'delib-elsewhere', 'setHome', { communityId: GANGHUA });
    expect((await delibOk(cloud, 'delib-neighbour', 'detail', { topicId })).title).toBe('小区增设电动车充电桩');
    const list = await delibOk(cloud, 'delib-neighbour', 'topics', { communityId: PINGAN, stage: 'opinions' });
    expect(list.items.map((t) => t.topicId)).toContain(topicId);
    await refused(() => delib(cloud, 'delib-elsewhere', 'detail', { topicId }), 'NOT_FOUND');
    await refused(() => delib(cloud, 'delib-elsewhere', 'topics', { communityId: PINGAN }), 'NOT_YOUR_COMMUNITY');
    await refused(() => delib(cloud, 'delib-nowhere', 'topics', { communityId: PINGAN }), 'NOT_YOUR_COMMUNITY');
    await refused(() => delib(cloud, staffOf(GANGHUA), 'detail', { topicId }), 'NOT_FOUND');
    await refused(() => delib(cloud, 'delib-elsewhere', 'comment', { topicId, text: '路过' }), 'NOT_FOUND');
    // The street above reads it (oversight), without acting as the council.
    expect((await delibOk(cloud, staffOf('500104001000'), 'detail', { topicId })).me.council).toBe(false);
  });
});

describe('bad input: a clear code, nothing written', () => {
  test('a stage action out of order', async () => {
    const p = await people(0);
    const topicId = await topicAt(cloud, 'proposed', { proposer: p.resident, supervisor: p.supervisor });
    await refused(() => delib(cloud, council, 'draft', { topicId, plan: '先写方案' }), 'STAGE_OUT_OF_ORDER');
    await refused(
      () =>
        delib(cloud, council, 'openVote', {
          topicId,
          closesAt: new Date(Date.now() + 5 * DAY_MS).toISOString(),
          body: 'representatives'
        }),
      'STAGE_OUT_OF_ORDER'
    );
    await refused(
      () => delib(cloud, p.supervisor, 'review', { topicId, approve: true, note: '同意' }),
      'STAGE_OUT_OF_ORDER'
    );
    await refused(() => delib(cloud, p.resident, 'comment', { topicId, text: '意见' }), 'COMMENTS_CLOSED');
    await refused(
      () => delib(cloud, p.resident, 'screen', { topicId, accept: true, reason: '自己受理' }),
      'NOT_COUNCIL'
    );
  });

  test('text over the limits', async () => {
    await refused(
      () =>
        delib(cloud, 'delib-res-1', 'propose', {
          communityId: PINGAN,
          title: '长'.repeat(41),
          text: '内容',
          requestId: rid()
        }),
      'TEXT_TOO_LONG'
    );
    await refused(
      () =>
        delib(cloud, 'delib-res-1', 'propose', {
          communityId: PINGAN,
          title: '标题',
          text: '长'.repeat(2001),
          requestId: rid()
        }),
      'TEXT_TOO_LONG'
    );
    // Each stage's text has its limit too, checked before anything is read or written.
    const p = await people(0);
    const topicId = await topicAt(cloud, 'opinions', { proposer: p.resident, supervisor: p.supervisor });
    await refused(() => delib(cloud, p.resident, 'comment', { topicId, text: '长'.repeat(501) }), 'TEXT_TOO_LONG');
    await refused(
      () => delib(cloud, council, 'screen', { topicId, accept: false, reason: '长'.repeat(501) }),
      'TEXT_TOO_LONG'
    );
    await refused(() => delib(cloud, council, 'draft', { topicId, plan: '长'.repeat(3001) }), 'TEXT_TOO_LONG');
    await refused(
      () => delib(cloud, p.supervisor, 'review', { topicId, approve: false, note: '长'.repeat(501) }),
      'TEXT_TOO_LONG'
    );
    await refused(() => delib(cloud, council, 'progress', { topicId, text: '长'.repeat(1001) }), 'TEXT_TOO_LONG');
    await refused(() => delib(cloud, p.resident, 'comment', { topicId, text: '   ' }), 'FIELD_REQUIRED');
  });

  test('a vote on a closed topic, and a vote window out of range', async () => {
    const p = await people(1);
    const topicId = await topicAt(cloud, 'approved', { proposer: p.resident, supervisor: p.supervisor });
    const soon = new Date((await clockNow(cloud)).getTime() + 10 * 60_000).toISOString();
    await refused(
      () => delib(cloud, council, 'openVote', { topicId, closesAt: soon, body: 'representatives' }),
      'VOTE_WINDOW_INVALID'
    );
    const later = await inAWhile(2);
    await refused(
      () => delib(cloud, council, 'openVote', { topicId, closesAt: later, body: 'households' }),
      'ROSTER_EMPTY'
    );
    await refused(() => delib(cloud, p.reps[0], 'vote', { topicId, choice: 'for' }), 'STAGE_OUT_OF_ORDER');
    // A topic turned down at screening is closed: no vote on it, ever.
    const turnedDown = await topicAt(cloud, 'proposed', { proposer: p.resident, supervisor: p.supervisor });
    await delibOk(cloud, council, 'screen', { topicId: turnedDown, accept: false, reason: '不属于自治事项' });
    await refused(() => delib(cloud, p.reps[0], 'vote', { topicId: turnedDown, choice: 'for' }), 'TOPIC_CLOSED');
    await refused(() => delib(cloud, council, 'closeVote', { topicId: turnedDown }), 'TOPIC_CLOSED');
  });

  test('a roster member of another community', async () => {
    await seat(cloud, GANGHUA, 'supervisor', 'delib-two-seats');
    const inv = await cloud.call<Result<{ code: string }>>(
      'account',
      { action: 'createInvite', unitId: PINGAN, role: 'representative' },
      council
    );
    expect(inv.ok).toBe(true);
    if (!inv.ok) return;
    await refused(
      () => cloud.call('account', { action: 'redeemInvite', code: inv.data.code }, 'delib-two-seats'),
      'ROSTER_OTHER_COMMUNITY'
    );
    await refused(() => delib(cloud, 'delib-two-seats', 'setHome', { communityId: PINGAN }), 'ROSTER_OTHER_COMMUNITY');
    // Seats are residents': the community's own staff do not sit on its rosters.
    await refused(
      () => cloud.call('account', { action: 'redeemInvite', code: inv.data.code }, council),
      'RESIDENTS_ONLY'
    );
    // Staff invite only their own community's roster; a street is not a community.
    await refused(
      () => cloud.call('account', { action: 'createInvite', unitId: PINGAN, role: 'supervisor' }, staffOf(GANGHUA)),
      'OUTSIDE_OWN_UNIT'
    );
    await refused(
      () => cloud.call('account', { action: 'createInvite', unitId: PINGAN, role: 'supervisor' }, 'delib-res-1'),
      'NOT_COUNCIL'
    );
    await refused(
      () =>
        cloud.call(
          'account',
          { action: 'createInvite', unitId: '500104001000', role: 'supervisor' },
          staffOf('500104001000')
        ),
      'UNKNOWN_COMMUNITY'
    );
  });
});

describe('rosters', () => {
  test('a representative joins by invite and stays a resident', async () => {
    await seat(cloud, PINGAN, 'representative', 'delib-stays');
    const me = await cloud.call<Result<Me>>('account', { action: 'me' }, 'delib-stays');
    expect(me).toMatchObject({ ok: true, data: { role: 'resident', unitId: null } });
    expect(await delibOk(cloud, 'delib-stays', 'home', {})).toMatchObject({
      communityId: PINGAN,
      roles: ['representative'],
      council: false
    });
  });

  test('households vote once each through their registered voter, whoever that is', async () => {
    const communityId = '500104001021';
    await seatHousehold(cloud, communityId, '1栋101', 'delib-hh-a');
    await seatHousehold(cloud, communityId, '1栋102', 'delib-hh-b');
    await seatHousehold(cloud, communityId, '1栋103', 'delib-hh-c');
    await seat(cloud, communityId, 'supervisor', 'delib-hh-sup');
    const topicId = await topicAt(cloud, 'voting', {
      communityId,
      proposer: 'delib-hh-a',
      supervisor: 'delib-hh-sup',
      body: 'households'
    });
    await delibOk(cloud, 'delib-hh-a', 'vote', { topicId, choice: 'for' });
    await delibOk(cloud, 'delib-hh-b', 'vote', { topicId, choice: 'for' });
    // 1栋101 hands its vote to another member: the household has voted already.
    await seatHousehold(cloud, communityId, '1栋101', 'delib-hh-a2');
    await refused(() => delib(cloud, 'delib-hh-a2', 'vote', { topicId, choice: 'against' }), 'NOT_VOTING_MEMBER');
    await refused(() => delib(cloud, 'delib-hh-b', 'vote', { topicId, choice: 'against' }), 'ALREADY_VOTED');
    expect((await delibOk(cloud, staffOf(communityId), 'closeVote', { topicId })).stage).toBe('passed');
    const reg = await delibOk(cloud, staffOf(communityId), 'registerHousehold', { communityId, household: '1栋104' });
    await refused(() => delib(cloud, 'delib-hh-c', 'joinHousehold', { code: reg.code }), 'HOUSEHOLD_TAKEN');
    await refused(() => delib(cloud, 'delib-hh-c', 'joinHousehold', { code: 'AAAABBBB' }), 'HOUSEHOLD_CODE_INVALID');
  });

  test('community rules: a stricter quorum for this community only', async () => {
    const communityId = '500104001022';
    await refused(
      () =>
        delib(cloud, staffOf(communityId), 'setRules', {
          communityId,
          bodies: { representatives: { quorum: [2, 3], majority: [1, 3] } }
        }),
      'RULES_INVALID'
    );
    const rules = await delibOk(cloud, staffOf(communityId), 'setRules', {
      communityId,
      bodies: { representatives: { quorum: [4, 5], majority: [1, 2] } }
    });
    expect(rules.bodies.representatives.quorum).toEqual([4, 5]);
    for (let i = 0; i < 5; i++) await seat(cloud, communityId, 'representative', `delib-strict-${i}`);
    await seat(cloud, communityId, 'supervisor', 'delib-strict-sup');
    const topicId = await topicAt(cloud, 'voting', {
      communityId,
      proposer: 'delib-strict-res',
      supervisor: 'delib-strict-sup'
    });
    for (let i = 0; i < 3; i++) await delibOk(cloud, `delib-strict-${i}`, 'vote', { topicId, choice: 'for' });
    // 3 of 5 would meet Art. 26's two thirds? No (3 < 10/3); 4/5 needs 4.
    await delibOk(cloud, 'delib-strict-3', 'vote', { topicId, choice: 'for' });
    expect((await delibOk(cloud, staffOf(communityId), 'closeVote', { topicId })).stage).toBe('passed');
  });
});

describe('the sweeper', () => {
  test('closes comment windows and votes on time, and 督办s a late screening once', async () => {
    const communityId = '500104002007';
    await seat(cloud, communityId, 'representative', 'delib-sw-rep');
    await seat(cloud, communityId, 'supervisor', 'delib-sw-sup');
    const voting = await topicAt(cloud, 'voting', {
      communityId,
      proposer: 'delib-sw-res',
      supervisor: 'delib-sw-sup',
      voteDays: 1
    });
    await delibOk(cloud, 'delib-sw-rep', 'vote', { topicId: voting, choice: 'for' });
    const opinions = await topicAt(cloud, 'opinions', {
      communityId,
      proposer: 'delib-sw-res',
      supervisor: 'delib-sw-sup'
    });
    const late = await topicAt(cloud, 'proposed', {
      communityId,
      proposer: 'delib-sw-res',
      supervisor: 'delib-sw-sup'
    });
    const before = (await cloud.outbox()).length;
    await cloud.advanceClock(8 * DAY_MS);
    await cloud.trigger('deliberation');
    const stored = (await rawFind<{ _id: string; stage: string; entries: Array<{ kind: string }> }>(cloud, 'topics', {
      communityId
    }))!;
    const byId = new Map(stored.map((t) => [t._id, t]));
    expect(byId.get(voting)?.stage).toBe('passed');
    expect(byId.get(opinions)?.stage).toBe('drafting');
    expect(byId.get(late)?.entries.map((e) => e.kind)).toEqual(['proposed', 'overdue']);
    const toCouncil = (await cloud.outbox()).slice(before).filter((m) => m.touser === staffOf(communityId));
    expect(toCouncil).toHaveLength(1);
    // A second run finds nothing more to do.
    await cloud.trigger('deliberation');
    expect((await cloud.outbox()).slice(before).filter((m) => m.touser === staffOf(communityId))).toHaveLength(1);
  });
});

describe('merging and requests', () => {
  test('the council merges a similar proposal: it ends as merged, both records say so', async () => {
    const p = await people(0);
    const into = await topicAt(cloud, 'opinions', { proposer: p.resident, supervisor: p.supervisor });
    const from = await topicAt(cloud, 'proposed', { proposer: 'delib-merge-other', supervisor: p.supervisor });
    await refused(
      () => delib(cloud, p.resident, 'merge', { topicId: into, fromTopicId: from, reason: '同类' }),
      'NOT_COUNCIL'
    );
    await delibOk(cloud, council, 'merge', { topicId: into, fromTopicId: from, reason: '同为充电桩问题，合并办理' });
    const [a, b] = await Promise.all([
      delibOk(cloud, p.resident, 'detail', { topicId: into }),
      delibOk(cloud, p.resident, 'detail', { topicId: from })
    ]);
    expect(a.entries.at(-1)).toMatchObject({ kind: 'mergedIn', topicId: from });
    expect(b).toMatchObject({ stage: 'merged' });
    expect(b.entries.at(-1)).toMatchObject({ kind: 'merged', topicId: into });
    await refused(
      () => delib(cloud, council, 'merge', { topicId: into, fromTopicId: from, reason: '再合并' }),
      'TOPIC_CLOSED'
    );
  });

  test('closing a vote costs the same requests whatever the number of ballots (the tally shards)', async () => {
    const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
    const closeWith = async (communityId: string, ballots: number): Promise<number> => {
      for (let i = 0; i < ballots; i++)
        await seat(cloud, communityId, 'representative', `delib-cost-${communityId}-${i}`);
      await seat(cloud, communityId, 'supervisor', `delib-cost-sup-${communityId}`);
      const topicId = await topicAt(cloud, 'voting', {
        communityId,
        proposer: `delib-cost-res-${communityId}`,
        supervisor: `delib-cost-sup-${communityId}`
      });
      for (let i = 0; i < ballots; i++)
        await delibOk(cloud, `delib-cost-${communityId}-${i}`, 'vote', { topicId, choice: 'for' });
      await delibOk(cloud, staffOf(communityId), 'closeVote', { topicId });
      return lastRequests();
    };
    const one = await closeWith('500104002009', 1);
    const eight = await closeWith('500104002012', 8);
    expect(eight).toBe(one);
  });
});

describe('ballots racing the close', () => {
  test('every ballot answered ok is counted, every other one is stored nowhere', async () => {
    const communityId = '500104002015';
    const reps = Array.from({ length: 12 }, (_, i) => `delib-race-${i}`);
    for (const r of reps) await seat(cloud, communityId, 'representative', r);
    await seat(cloud, communityId, 'supervisor', 'delib-race-sup');
    const topicId = await topicAt(cloud, 'voting', {
      communityId,
      proposer: 'delib-race-res',
      supervisor: 'delib-race-sup'
    });
    // A few ballots before, the rest at the same time as the council closes.
    for (const r of reps.slice(0, 3)) await delibOk(cloud, r, 'vote', { topicId, choice: 'for' });
    const choices = ['for', 'against', 'abstain'] as const;
    const [closed, ...ballots] = await Promise.all([
      delibOk(cloud, staffOf(communityId), 'closeVote', { topicId }),
      ...reps.slice(3).map((r, i) => delib(cloud, r, 'vote', { topicId, choice: choices[i % 3] }))
    ]);
    for (const b of ballots) if (!b.ok) expect(b.code).toBe('VOTE_CLOSED');
    const counted = 3 + ballots.filter((b) => b.ok).length;
    const d = await delibOk(cloud, reps[0], 'detail', { topicId });
    expect(d.stage).toBe(closed.stage);
    expect(d.result!.for + d.result!.against + d.result!.abstain).toBe(counted);
    const stored = (await rawFind<{ _id: string }>(cloud, 'topicVotes', { topicId }))!;
    expect(stored).toHaveLength(counted);
    // After the close nothing more lands.
    const late = reps.find((_r, i) => i >= 3 && !ballots[i - 3].ok);
    if (late) await refused(() => delib(cloud, late, 'vote', { topicId, choice: 'for' }), 'VOTE_CLOSED');
  });
});

describe('the topic list by stage', () => {
  test('a stage filter lists that stage only, newest first; no filter lists all', async () => {
    const communityId = '500104002017';
    await seat(cloud, communityId, 'supervisor', 'delib-list-sup');
    const at = (stage: 'proposed' | 'opinions' | 'approved') =>
      topicAt(cloud, stage, { communityId, proposer: 'delib-list-res', supervisor: 'delib-list-sup' });
    const proposed = await at('proposed');
    const opinions = await at('opinions');
    const approved = await at('approved');
    const newer = await at('proposed');
    const ids = async (stage?: 'proposed' | 'opinions' | 'drafting' | 'approved' | 'voting') =>
      (await delibOk(cloud, 'delib-list-res', 'topics', { communityId, ...(stage ? { stage } : {}) })).items.map(
        (t) => t.topicId
      );
    expect(await ids('proposed')).toEqual([newer, proposed]);
    expect(await ids('approved')).toEqual([approved]);
    expect(await ids('voting')).toEqual([]);
    expect(await ids()).toEqual([newer, approved, opinions, proposed]);
    const list = await delibOk(cloud, 'delib-list-res', 'topics', { communityId, stage: 'approved' });
    expect(list.items[0]).toMatchObject({ stage: 'approved', communityId });
    // A comment window that lapsed lists under the next stage, whether the sweeper has passed or not.
    await cloud.advanceClock(7 * DAY_MS + 60_000);
    expect(await ids('opinions')).toEqual([]);
    expect(await ids('drafting')).toEqual([opinions]);
    await cloud.trigger('deliberation');
    expect(await ids('drafting')).toEqual([opinions]);
    // A stage that is not one is bad input.
    await refused(
      () => cloud.call('deliberation', { action: 'topics', communityId, stage: 'secret' }, 'delib-list-res'),
      'FIELD_INVALID'
    );
  });
});

describe('content checks', () => {
  test('risky text in a proposal, a comment or a draft is refused, and nothing is stored', async () => {
    const p = await people(0);
    const topicId = await topicAt(cloud, 'opinions', { proposer: p.resident, supervisor: p.supervisor });
    await refused(
      () =>
        delib(cloud, p.resident, 'propose', {
          communityId: PINGAN,
          title: '违禁测试词',
          text: '内容',
          requestId: rid()
        }),
      'CONTENT_RISKY'
    );
    await refused(() => delib(cloud, p.resident, 'comment', { topicId, text: '推荐赌博网站' }), 'CONTENT_RISKY');
    await refused(
      () => delib(cloud, council, 'screen', { topicId, accept: true, reason: '违禁测试词' }),
      'CONTENT_RISKY'
    );
  });
});

describe('photos', () => {
  test("a proposal's photos go to its council and proposer; other residents see how many, never the ids", async () => {
    const p = await people(0);
    await delibOk(cloud, 'delib-photo-res', 'setHome', { communityId: PINGAN });
    const photo = 'cloud://shajie-local.localcloud-bucket/uploads/delib-photo-res/deliberation/20260301/r1-0.jpg';
    const t = await delib(cloud, 'delib-photo-res', 'propose', {
      communityId: PINGAN,
      title: '路面塌陷',
      text: '北门路面塌陷',
      photos: [photo],
      requestId: rid()
    });
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect((await delibOk(cloud, 'delib-photo-res', 'detail', { topicId: t.data.topicId })).photos).toEqual([photo]);
    expect((await delibOk(cloud, council, 'detail', { topicId: t.data.topicId })).photos).toEqual([photo]);
    const seen = await delibOk(cloud, p.resident, 'detail', { topicId: t.data.topicId });
    expect(seen).toMatchObject({ photos: [], photoCount: 1 });
    expect(JSON.stringify(seen)).not.toContain('delib-photo-res');
  });

  test('a proposal photo the media check reports risky is hidden from all but the council; the proposer is told', async () => {
    const proposer = 'delib-risky-res';
    await delibOk(cloud, proposer, 'setHome', { communityId: PINGAN });
    const good = await upload(proposer, 'yard.jpg');
    const risky = await upload(proposer, 'risky-wall.jpg');
    const t = await delibOk(cloud, proposer, 'propose', {
      communityId: PINGAN,
      title: '围墙涂鸦',
      text: '东门围墙有涂鸦',
      photos: [good, risky],
      requestId: rid()
    });
    // Each photo went to WeChat's asynchronous media check (forum scene), as the proposer's.
    const asked = (await cloud.mediaChecks()).filter((r) => r.openid === proposer);
    expect(asked.map((r) => r.scene)).toEqual([3, 3]);
    await cloud.flushMediaChecks();
    const [stored] = (await rawFind<{ hiddenPhotos?: string[] }>(cloud, 'topics', { _id: t.topicId }))!;
    expect(stored.hiddenPhotos).toEqual([risky]);
    expect(await delibOk(cloud, proposer, 'detail', { topicId: t.topicId })).toMatchObject({
      photos: [good],
      photoCount: 1,
      hiddenPhotos: 0
    });
    expect(await delibOk(cloud, council, 'detail', { topicId: t.topicId })).toMatchObject({
      photos: [good, risky],
      photoCount: 2,
      hiddenPhotos: 1
    });
    await delibOk(cloud, 'delib-risky-other', 'setHome', { communityId: PINGAN });
    expect(await delibOk(cloud, 'delib-risky-other', 'detail', { topicId: t.topicId })).toMatchObject({
      photos: [],
      photoCount: 1
    });
    const told = (await cloud.outbox()).filter(
      (m) => m.touser === proposer && JSON.stringify(m.data).includes('内容安全')
    );
    expect(told).toHaveLength(1);
    expect(told[0].page).toBe(`packageDeliberation/topic/index?topicId=${t.topicId}`);
  });

  test("someone else's upload is not a photo of a proposal", async () => {
    await delibOk(cloud, 'delib-photo-thief', 'setHome', { communityId: PINGAN });
    const theirs = await upload('delib-photo-owner', 'x.jpg');
    await refused(
      () =>
        delib(cloud, 'delib-photo-thief', 'propose', {
          communityId: PINGAN,
          title: '借图',
          text: '内容',
          photos: [theirs],
          requestId: rid()
        }),
      'PHOTO_INVALID'
    );
  });
});

let uploads = 0;
/** Stores a few bytes as the mini-program's upload would (upload URL, then PUT) and answers the file id. */
async function upload(openid: string, name: string): Promise<string> {
  const path = `uploads/${openid}/deliberation/20261205/r${++uploads}-${name}`;
  const meta = await cloud.request('POST', '/admin', { action: 'storage.getUploadMetadata', path });
  const { url, fileId } = (meta.body as { data: { url: string; fileId: string } }).data;
  const put = await cloud.request('PUT', url.slice(cloud.url.length), Buffer.from([0xff, 0xd8, uploads, 0xff, 0xd9]), {
    'content-type': 'application/octet-stream'
  });
  expect(put.status).toBe(200);
  return fileId;
}
