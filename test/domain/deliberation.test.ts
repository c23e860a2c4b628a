// 三上三下三公开's rules on fixed dates: the stages, the windows, the vote's quorum and majority, who may act.
import fc from 'fast-check';
import {
  addBallot,
  castVote,
  closeVote,
  commentRound,
  draft,
  effectiveStage,
  EMPTY_TALLY,
  isFailure,
  merge,
  nextDue,
  openVote,
  progress,
  proposedState,
  review,
  screen,
  stageMatches,
  sumTallies,
  sweepTopic,
  TALLY_SHARDS,
  voteDue,
  type Step,
  type Tally,
  type TopicState
} from '../../domain/deliberation';
import { checkRules, DEFAULT_RULES, rulesInForce, voteOutcome } from '../../domain/deliberationRules';
import {
  homeOf,
  mayRead,
  residentRefusal,
  rosterRedeemStep,
  seatIn,
  seatRefusal,
  type Participant
} from '../../domain/deliberationAccess';
import type { Failure } from '../../domain/errors';
import type { TopicStage } from '../../typings/deliberation';

const at = (iso: string) => new Date(iso);
const T0 = at('2026-03-02T02:00:00Z');
const DAY = 24 * 3600_000;
const later = (days: number, from = T0) => new Date(from.getTime() + days * DAY);
const R = DEFAULT_RULES;

function apply(t: TopicState, s: Step | Failure): TopicState {
  if (isFailure(s)) throw new Error(`refused: ${s.code} ${s.detail ?? ''}`);
  return { ...t, ...s.patch };
}
const code = (s: unknown) => (isFailure(s as Failure) ? (s as Failure).code : 'ok');

describe('stages', () => {
  test('a topic through every stage, each window on the clock', () => {
    let t = proposedState(T0, R);
    expect(t.screenBy).toEqual(later(7));
    expect(nextDue(t)).toEqual(later(7));
    t = apply(t, screen(t, true, '受理', later(1), R));
    expect(t).toMatchObject({ stage: 'opinions', windowEndsAt: later(8) });
    expect(commentRound(t, later(7.9))).toBe('opinions');
    expect(effectiveStage(t, later(8))).toBe('drafting');
    expect(code(commentRound(t, later(8)))).toBe('COMMENTS_CLOSED');
    expect(code(draft(t, '方案', 100, later(7.9), R))).toBe('STAGE_OUT_OF_ORDER');
    t = apply(t, draft(t, '方案', 100, later(8), R));
    expect(t).toMatchObject({ stage: 'draft', windowEndsAt: later(11) });
    expect(commentRound(t, later(10))).toBe('draft');
    expect(code(review(t, true, '同意', later(10)))).toBe('STAGE_OUT_OF_ORDER');
    t = apply(t, review(t, false, '退回', later(11)));
    expect(t.stage).toBe('drafting');
    t = apply(t, draft(t, '新方案', undefined, later(12), R));
    t = apply(t, review(t, true, '同意', later(15)));
    expect(t.stage).toBe('approved');
    t = apply(t, openVote(t, 'representatives', later(17), 9, later(15), R));
    expect(nextDue(t)).toEqual(later(17));
    // Six ballots spread over the shards; closing sums them.
    const shards: Tally[] = Array.from({ length: TALLY_SHARDS }, () => ({ ...EMPTY_TALLY }));
    for (let i = 0; i < 6; i++) {
      expect(castVote(t, { body: 'representatives', joinedAt: T0 }, later(16))).toBeNull();
      shards[i % TALLY_SHARDS] = addBallot(shards[i % TALLY_SHARDS], 'for');
    }
    const closed = closeVote(t, sumTallies(shards), later(16.5), 'council');
    t = apply(t, closed);
    expect(t.stage).toBe('passed');
    expect((closed as Step).patch.result).toEqual({
      for: 6,
      against: 0,
      abstain: 0,
      roster: 9,
      passed: true,
      body: 'representatives'
    });
    t = apply(t, progress(t, '开工', [], false, later(20)));
    t = apply(t, progress(t, '完工', [], true, later(30)));
    expect(t.stage).toBe('done');
    expect(code(progress(t, '再改', [], false, later(31)))).toBe('TOPIC_CLOSED');
  });

  test('a refusal ends the topic with its reason; nothing after it is taken', () => {
    const t0 = proposedState(T0, R);
    const s = screen(t0, false, '不属于自治事项', later(1), R) as Step;
    expect(s.entries).toEqual([{ kind: 'refused', at: later(1), by: 'council', text: '不属于自治事项' }]);
    const t = apply(t0, s);
    expect(code(screen(t, true, '改主意', later(2), R))).toBe('TOPIC_CLOSED');
    expect(code(commentRound(t, later(2)))).toBe('TOPIC_CLOSED');
  });

  test('merging: the other proposal ends, both are recorded; a topic is not merged into itself', () => {
    const open = apply(proposedState(T0, R), screen(proposedState(T0, R), true, '受理', T0, R));
    const other = proposedState(T0, R);
    const m = merge({ ...open, id: 'a' }, { ...other, id: 'b' }, '同类', later(1));
    expect(isFailure(m)).toBe(false);
    if (isFailure(m)) return;
    expect(m.from.patch.stage).toBe('merged');
    expect(m.into.entries[0]).toMatchObject({ kind: 'mergedIn', topicId: 'b' });
    expect(code(merge({ ...open, id: 'a' }, { ...open, id: 'a' }, '同类', later(1)))).toBe('FIELD_INVALID');
    expect(code(merge({ ...other, id: 'b' }, { ...open, id: 'a' }, '同类', later(1)))).toBe('STAGE_OUT_OF_ORDER');
  });

  test('a vote opens for an hour to 30 days, with a roster', () => {
    const t = { ...proposedState(T0, R), stage: 'approved' as const };
    expect(code(openVote(t, 'households', later(1 / 48), 5, T0, R))).toBe('VOTE_WINDOW_INVALID');
    expect(code(openVote(t, 'households', later(31), 5, T0, R))).toBe('VOTE_WINDOW_INVALID');
    expect(code(openVote(t, 'households', later(1), 0, T0, R))).toBe('ROSTER_EMPTY');
    expect(code(openVote(t, 'households', later(1), 5, T0, R))).toBe('ok');
  });

  test('ballots: members of the body seated before it opened, before closesAt only', () => {
    const t = apply(
      { ...proposedState(T0, R), stage: 'approved' },
      openVote({ ...proposedState(T0, R), stage: 'approved' }, 'representatives', later(2), 3, later(1), R)
    );
    const seated = { body: 'representatives' as const, joinedAt: T0 };
    expect(castVote(t, seated, later(1.5))).toBeNull();
    expect(addBallot(EMPTY_TALLY, 'against')).toEqual({ for: 0, against: 1, abstain: 0 });
    expect(code(castVote(t, null, later(1.5)))).toBe('NOT_VOTING_MEMBER');
    expect(code(castVote(t, { body: 'households', joinedAt: T0 }, later(1.5)))).toBe('NOT_VOTING_MEMBER');
    expect(code(castVote(t, { ...seated, joinedAt: later(1.2) }, later(1.5)))).toBe('NOT_VOTING_MEMBER');
    expect(code(castVote(t, seated, later(2)))).toBe('VOTE_CLOSED');
    expect(code(castVote({ ...t, stage: 'failed' }, seated, later(1.5)))).toBe('VOTE_CLOSED');
    expect(code(castVote({ ...t, stage: 'approved' }, seated, later(1.5)))).toBe('STAGE_OUT_OF_ORDER');
  });
});

describe('the sweeper', () => {
  test('closes windows and votes on time, 督办s a late screening once, and is idle otherwise', () => {
    const p = proposedState(T0, R);
    expect(sweepTopic(p, later(6))).toBeNull();
    const late = sweepTopic(p, later(7));
    expect(late).toMatchObject({ overdue: true, patch: { overdueNoticed: true } });
    expect(sweepTopic({ ...p, overdueNoticed: true }, later(8))).toBeNull();
    expect(nextDue({ ...p, overdueNoticed: true })).toBeNull();
    const o = apply(p, screen(p, true, '受理', T0, R));
    expect(sweepTopic(o, later(7))?.patch.stage).toBe('drafting');
    const v = apply(
      { ...p, stage: 'approved' },
      openVote({ ...p, stage: 'approved' }, 'representatives', later(1), 3, T0, R)
    );
    expect(sweepTopic(v, later(0.5))).toBeNull();
    expect(voteDue(v, later(0.5))).toBe(false);
    // A due vote is closed on its shards' sum, not decided from the topic alone.
    expect(voteDue(v, later(1))).toBe(true);
    expect(sweepTopic(v, later(1))).toBeNull();
    const two = sumTallies([addBallot(EMPTY_TALLY, 'for'), null, addBallot(EMPTY_TALLY, 'for')]);
    expect((closeVote(v, two, later(1), 'system') as Step).patch.stage).toBe('passed');
  });
});

describe('the topic list by stage', () => {
  const STAGES: TopicStage[] = [
    'proposed',
    'refused',
    'merged',
    'opinions',
    'drafting',
    'draft',
    'review',
    'approved',
    'voting',
    'passed',
    'failed',
    'done'
  ];
  /** Whether a stored topic matches one alternative of stageMatches at `now`, as the query reads it. */
  const matches = (t: TopicState, stage: TopicStage, now: Date) =>
    stageMatches(stage).some(
      (m) =>
        m.stage === t.stage &&
        (m.window === undefined ||
          (t.windowEndsAt !== null && (m.window === 'open') === t.windowEndsAt.getTime() > now.getTime()))
    );

  test('a topic lists under exactly the stage residents see, lapsed windows included (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.option(fc.integer({ min: -10, max: 10 }), { nil: null }),
        (stored, windowDays) => {
          const t: TopicState = {
            ...proposedState(T0, R),
            stage: stored,
            windowEndsAt: windowDays === null ? null : later(windowDays)
          };
          const seen = effectiveStage(t, T0);
          expect(STAGES.filter((s) => matches(t, s, T0))).toEqual(
            // A window stage without its window (never stored so) lists nowhere rather than twice.
            (stored === 'opinions' || stored === 'draft') && t.windowEndsAt === null ? [] : [seen]
          );
        }
      ),
      { seed: 20261205, numRuns: 300 }
    );
  });
});

describe('quorum and majority', () => {
  const art26 = R.bodies.representatives;
  test('Art. 26 by default: two thirds take part (inclusive), more than half of them for; a tie fails', () => {
    expect(voteOutcome({ for: 4, against: 0, abstain: 0, roster: 6 }, art26)).toMatchObject({
      quorumMet: true,
      passed: true
    });
    expect(voteOutcome({ for: 3, against: 0, abstain: 0, roster: 6 }, art26)).toMatchObject({
      quorumMet: false,
      passed: false
    });
    expect(voteOutcome({ for: 2, against: 2, abstain: 0, roster: 6 }, art26)).toMatchObject({
      quorumMet: true,
      passed: false
    });
    expect(voteOutcome({ for: 3, against: 2, abstain: 1, roster: 6 }, art26).passed).toBe(false);
    expect(voteOutcome({ for: 0, against: 0, abstain: 0, roster: 0 }, art26).passed).toBe(false);
  });

  test('never both "for" and "against" pass; passing needs the quorum (fixed seed)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(60), (f, a, ab, extra) => {
        const roster = f + a + ab + extra;
        const yes = voteOutcome({ for: f, against: a, abstain: ab, roster }, art26);
        const no = voteOutcome({ for: a, against: f, abstain: ab, roster }, art26);
        expect(yes.passed && no.passed).toBe(false);
        if (yes.passed) expect(3 * (f + a + ab)).toBeGreaterThanOrEqual(2 * roster);
      }),
      { seed: 16, numRuns: 300 }
    );
  });

  test('community rules: stored parts over the defaults, and only sensible ones', () => {
    expect(rulesInForce({ draftDays: 2 })).toEqual({ ...R, draftDays: 2 });
    expect(checkRules(R)).toBeNull();
    expect(checkRules({ ...R, draftDays: 8 })?.code).toBe('RULES_INVALID');
    expect(
      checkRules({ ...R, bodies: { ...R.bodies, households: { quorum: [1, 2], majority: [1, 3] } } })?.detail
    ).toBe('households.majority');
    expect(
      checkRules({ ...R, bodies: { ...R.bodies, households: { quorum: [3, 2], majority: [1, 2] } } })?.detail
    ).toBe('households.quorum');
  });
});

describe('who may act', () => {
  const home = (communityId: string) => ({ kind: 'home' as const, communityId, joinedAt: T0 });
  const resident = (...m: Participant['memberships']): Participant => ({
    kind: 'resident',
    unitId: null,
    memberships: m
  });
  test("residents read and propose in their community; staff above read; others don't", () => {
    const r = resident(home('c1'));
    expect(mayRead(r, 'c1', ['t1'])).toBe(true);
    expect(mayRead(r, 'c2', ['t1'])).toBe(false);
    expect(residentRefusal(r, 'c2')?.code).toBe('NOT_YOUR_COMMUNITY');
    expect(residentRefusal({ kind: 'staff', unitId: 'c1', memberships: [] }, 'c1')?.code).toBe('RESIDENTS_ONLY');
    expect(mayRead({ kind: 'staff', unitId: 't1', memberships: [] }, 'c1', ['t1', 'd'])).toBe(true);
    expect(mayRead({ kind: 'admin', unitId: null, memberships: [] }, 'c1', ['t1'])).toBe(false);
  });

  test('one community per person on the rosters; a household seat each; the ballot is the household’s', () => {
    const rep = { kind: 'representative' as const, communityId: 'c1', joinedAt: T0 };
    expect(seatRefusal([rep], 'supervisor', 'c2')).toBe('ROSTER_OTHER_COMMUNITY');
    expect(seatRefusal([home('c2'), rep], 'supervisor', 'c1')).toBeNull();
    expect(homeOf(resident(home('c2'), rep))).toBe('c1');
    const hh = { kind: 'household' as const, communityId: 'c1', joinedAt: T0, household: 'k1' };
    expect(seatRefusal([hh], 'household', 'c1', 'k2')).toBe('HOUSEHOLD_TAKEN');
    expect(seatIn(resident(hh), 'o1', 'c1', 'households')?.key).toBe('h-k1');
    expect(seatIn(resident(rep), 'o1', 'c1', 'representatives')?.key).toBe('r-o1');
    expect(seatIn(resident(rep), 'o1', 'c1', 'households')).toBeNull();
  });

  test('roster invites: used by another, expired, a seat elsewhere or staff are refused; a retry completes', () => {
    expect(
      rosterRedeemStep({ usedBy: null, expiresAt: later(7), unitId: 'c1' }, 'o1', [], 'supervisor', T0, 'staff')
    ).toEqual({
      kind: 'refuse',
      code: 'RESIDENTS_ONLY'
    });
    const inv = { usedBy: null, expiresAt: later(7), unitId: 'c1' };
    expect(rosterRedeemStep(inv, 'o1', [], 'representative', T0)).toEqual({ kind: 'claim' });
    expect(rosterRedeemStep(inv, 'o1', [], 'representative', later(7))).toEqual({
      kind: 'refuse',
      code: 'INVITE_EXPIRED'
    });
    expect(rosterRedeemStep({ ...inv, usedBy: 'o2' }, 'o1', [], 'representative', T0)).toEqual({
      kind: 'refuse',
      code: 'INVITE_USED'
    });
    expect(rosterRedeemStep({ ...inv, usedBy: 'o1' }, 'o1', [], 'representative', later(8))).toEqual({
      kind: 'complete'
    });
    const elsewhere = [{ kind: 'supervisor' as const, communityId: 'c2', joinedAt: T0 }];
    expect(rosterRedeemStep(inv, 'o1', elsewhere, 'representative', T0)).toEqual({
      kind: 'refuse',
      code: 'ROSTER_OTHER_COMMUNITY'
    });
  });
});
