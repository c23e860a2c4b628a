// 德分宝 rules: good-deed types, caps, the notice period and expiry. Pure TS (the mini-program keeps
// a copy of the deed list, packagePoints/common.ts, held equal by test/pages/points.test.ts). The
// numbers are GUESSED defaults, not published Dadukou rules: each can be changed per deployment
// through the points function's environment variables.

/** Good-deed types a resident may claim, with the points staff may give (default within [min, max]). */
export const DEED_TYPES = ['volunteer', 'neighbour', 'bravery', 'filial', 'environment', 'mediation', 'other'] as const;
export type DeedType = (typeof DEED_TYPES)[number];

export interface DeedRule {
  label: string;
  points: number;
  min: number;
  max: number;
}

/** Deed type → label and points range. */
export const DEED_RULES: Record<DeedType, DeedRule> = {
  volunteer: { label: '志愿服务', points: 5, min: 1, max: 20 },
  neighbour: { label: '邻里互助', points: 3, min: 1, max: 10 },
  bravery: { label: '见义勇为', points: 50, min: 20, max: 100 },
  filial: { label: '孝老爱亲', points: 5, min: 1, max: 20 },
  environment: { label: '环境保护', points: 3, min: 1, max: 10 },
  mediation: { label: '参与调解', points: 10, min: 5, max: 30 },
  other: { label: '其他善行', points: 2, min: 1, max: 10 }
};

export interface PointsPolicy {
  /** 公示 length: an award is pending this many days after it is made. */
  noticeDays: number;
  /** Points earned in year Y expire at the end of year Y + expiryYears (Shanghai time). */
  expiryYears: number;
  /** Most points one resident may be awarded per Shanghai day, and per month. */
  dailyCap: number;
  monthlyCap: number;
  /** Points expiring within this many days are reported as expiring soon. */
  expiringSoonDays: number;
  /** Largest quantity of one item in one redemption. */
  maxQuantity: number;
  /** Largest single direct award. */
  maxAward: number;
  /** An award (direct, or a claim's approval) of more points than this needs a second staff member's key before its 公示 starts. */
  secondKeyAbove: number;
  /** Failed pickup verifications (unknown codes) one staff member may make per hour. */
  verifyFailuresPerHour: number;
}

export const DEFAULT_POLICY: PointsPolicy = {
  noticeDays: 3,
  expiryYears: 1,
  dailyCap: 100,
  monthlyCap: 300,
  expiringSoonDays: 60,
  maxQuantity: 20,
  maxAward: 100,
  secondKeyAbove: 20,
  verifyFailuresPerHour: 10
};

const ENV_KEYS: Record<keyof PointsPolicy, string> = {
  noticeDays: 'POINTS_NOTICE_DAYS',
  expiryYears: 'POINTS_EXPIRY_YEARS',
  dailyCap: 'POINTS_DAILY_CAP',
  monthlyCap: 'POINTS_MONTHLY_CAP',
  expiringSoonDays: 'POINTS_EXPIRING_SOON_DAYS',
  maxQuantity: 'POINTS_MAX_QUANTITY',
  maxAward: 'POINTS_MAX_AWARD',
  secondKeyAbove: 'POINTS_SECOND_KEY_ABOVE',
  verifyFailuresPerHour: 'POINTS_VERIFY_FAILURES_PER_HOUR'
};

/** The policy with overrides from environment variables (POINTS_NOTICE_DAYS, …); a bad value throws. */
export function policyFromEnv(
  env: Record<string, string | undefined>,
  base: PointsPolicy = DEFAULT_POLICY
): PointsPolicy {
  const out: PointsPolicy = { ...base };
  for (const key of Object.keys(ENV_KEYS) as Array<keyof PointsPolicy>) {
    const raw = env[ENV_KEYS[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    // 0 is meaningful for noticeDays, expiryYears and secondKeyAbove (every award needs two keys) only.
    const min = key === 'noticeDays' || key === 'expiryYears' || key === 'secondKeyAbove' ? 0 : 1;
    if (!Number.isInteger(n) || n < min || n > 100_000)
      throw new RangeError(`${ENV_KEYS[key]} must be an integer ≥ ${min}, got ${raw}`);
    out[key] = n;
  }
  return out;
}

/** What staff may give for a deed on approval: the suggested points and the allowed range. */
export function deedPointsRange(
  deedType: DeedType,
  deeds: Record<DeedType, DeedRule> = DEED_RULES
): { suggested: number; min: number; max: number } {
  const rule = deeds[deedType];
  return { suggested: rule.points, min: rule.min, max: rule.max };
}

/** Whether a deed type is known. */
export function isDeedType(x: unknown): x is DeedType {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(DEED_RULES, x);
}

/** The points rules an admin sets (config document 'points'): the policy and each deed type's label and range. */
export interface PointsRules {
  policy: PointsPolicy;
  deeds: Record<DeedType, DeedRule>;
}

const POLICY_MIN_ZERO: ReadonlyArray<keyof PointsPolicy> = ['noticeDays', 'expiryYears', 'secondKeyAbove'];

const wholeIn = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Why a points rule set is unusable ('policy.dailyCap: …'), or null. 0 is allowed where policyFromEnv allows it. */
export function pointsRulesProblem(r: PointsRules): string | null {
  for (const key of Object.keys(DEFAULT_POLICY) as Array<keyof PointsPolicy>) {
    const min = POLICY_MIN_ZERO.indexOf(key) >= 0 ? 0 : 1;
    if (!wholeIn(r.policy[key], min, 100_000)) return `policy.${key}: 应为${min}到100000之间的整数`;
  }
  if (r.policy.dailyCap > r.policy.monthlyCap) return 'policy.dailyCap: 每日上限不能高于每月上限';
  for (const type of DEED_TYPES) {
    const d = r.deeds[type];
    if (!d) return `deeds.${type}: 缺少该善行类型`;
    if (typeof d.label !== 'string' || d.label.trim() === '' || d.label.length > 12) return `deeds.${type}.label`;
    if (!wholeIn(d.min, 1, 100_000) || !wholeIn(d.max, 1, 100_000) || !wholeIn(d.points, 1, 100_000))
      return `deeds.${type}: 分值应为正整数`;
    if (!(d.min <= d.points && d.points <= d.max)) return `deeds.${type}: 应满足 最低 ≤ 建议 ≤ 最高`;
    if (d.max > r.policy.maxAward) return `deeds.${type}.max: 不能高于单次奖励上限`;
  }
  return null;
}

/** The rules in force: a stored set (when usable) over `base` (the deployment's environment over the defaults). */
export function pointsRulesOf(stored: unknown, base: PointsPolicy = DEFAULT_POLICY): PointsRules {
  const s = stored as Partial<PointsRules> | null | undefined;
  const candidate: PointsRules = {
    policy: { ...base, ...(s?.policy ?? {}) },
    deeds: { ...DEED_RULES, ...(s?.deeds ?? {}) }
  };
  return pointsRulesProblem(candidate) === null ? candidate : { policy: base, deeds: DEED_RULES };
}
