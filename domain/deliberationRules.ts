// 三上三下三公开: the quorum and majority of a vote, and the windows, per community. The defaults follow the
// 村民委员会组织法: Art. 26 (representatives: two thirds attend, more than half of those present) and
// Art. 22 (households: representatives of two thirds of the households, more than half of those present).
import type { BodyRule, DeliberationRules, VoteCounts } from '../typings/deliberation';
import { fail, type Failure } from './errors';

export const DEFAULT_RULES: DeliberationRules = {
  screenDays: 7,
  opinionDays: 7,
  draftDays: 3,
  bodies: {
    representatives: { quorum: [2, 3], majority: [1, 2] },
    households: { quorum: [2, 3], majority: [1, 2] }
  }
};

/** The community's stored rules over the defaults (each part may be missing). */
export function rulesInForce(stored: Partial<DeliberationRules> | null | undefined): DeliberationRules {
  const s = stored ?? {};
  return {
    screenDays: s.screenDays ?? DEFAULT_RULES.screenDays,
    opinionDays: s.opinionDays ?? DEFAULT_RULES.opinionDays,
    draftDays: s.draftDays ?? DEFAULT_RULES.draftDays,
    bodies: {
      representatives: s.bodies?.representatives ?? DEFAULT_RULES.bodies.representatives,
      households: s.bodies?.households ?? DEFAULT_RULES.bodies.households
    }
  };
}

const fraction = ([n, d]: [number, number]): number => n / d;

/**
 * RULES_INVALID unless: windows of 1–30 days with the draft's no longer than the opinions' (it is the
 * shorter round); a quorum above none and at most everyone; a majority of at least half and below all
 * (a rule under half would let two choices both pass).
 */
export function checkRules(r: DeliberationRules): Failure | null {
  for (const [k, v] of [
    ['screenDays', r.screenDays],
    ['opinionDays', r.opinionDays],
    ['draftDays', r.draftDays]
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 30) return fail('RULES_INVALID', k);
  }
  if (r.draftDays > r.opinionDays) return fail('RULES_INVALID', 'draftDays');
  for (const [body, rule] of Object.entries(r.bodies)) {
    const q = fraction(rule.quorum);
    const m = fraction(rule.majority);
    if (!(q > 0 && q <= 1)) return fail('RULES_INVALID', `${body}.quorum`);
    if (!(m >= 0.5 && m < 1)) return fail('RULES_INVALID', `${body}.majority`);
  }
  return null;
}

export interface VoteOutcome {
  /** Everyone who cast a ballot (abstaining is taking part). */
  present: number;
  quorumMet: boolean;
  passed: boolean;
}

/**
 * The vote's result: the quorum is met when at least quorum of the roster took part ("三分之二以上"
 * includes two thirds itself); it passes when "for" is MORE than majority of those present, so a tie fails.
 * Integer arithmetic only: no rounding at the boundary.
 */
export function voteOutcome(counts: VoteCounts, rule: BodyRule): VoteOutcome {
  const present = counts.for + counts.against + counts.abstain;
  const [qn, qd] = rule.quorum;
  const [mn, md] = rule.majority;
  const quorumMet = counts.roster > 0 && present * qd >= counts.roster * qn;
  const passed = quorumMet && counts.for * md > present * mn;
  return { present, quorumMet, passed };
}
