// One row per action: the world it is tried in, a payload, and what each role must answer.
// Read a row as a sentence: "`rate` on a resolved case: the reporter may; anyone else is refused so".
import type { AnyWorld, CaseState, PointsState, Role } from './world';
import { UNITS } from './world';
import type { DeliberationState } from './deliberationWorld';
import { DELIBERATION_ROWS } from './deliberationRows';
import { MEDIATION_ROWS } from './mediationRows';
import { PROACTIVE_ROWS } from './proactiveRows';
import { SIMILAR_ROWS } from './similarRows';

/** 'ok', an error code, or a code with the writes a refusal makes on purpose. */
export type Outcome = string;

export interface Row {
  fn: string;
  action: string;
  /** Tells apart two rows of one action (e.g. before and after a deadline). */
  variant?: string;
  /** The case world the action is tried on; none for actions that take no case. */
  state?: CaseState;
  /** The points world the action is tried in. */
  points?: PointsState;
  /** The deliberation world (a topic of 平安社区 at this stage) the action is tried in. */
  deliberation?: DeliberationState;
  /** Reads nothing into being: its `ok` cells may share the world with the refusals. */
  pure?: boolean;
  payload: (w: AnyWorld | null) => Record<string, unknown>;
  /** Outcome per role; `else` for every role not named. */
  expect: Partial<Record<Role, Outcome>> & { else: Outcome };
}

export function outcomeOf(row: Row, role: Role): Outcome {
  return row.expect[role] ?? row.expect.else;
}

const caseOf = (w: AnyWorld | null): string => w?.caseId ?? 'no-such-case';
const onCase =
  (fields: Record<string, unknown> = {}) =>
  (w: AnyWorld | null): Record<string, unknown> => ({ caseId: caseOf(w), ...fields });

/** Who can't be staff at all: no caller, residents (the reporter too), and admins, who are not a unit's staff. */
const NOT_STAFF = { none: 'NOT_LOGGED_IN', resident: 'NOT_STAFF', reporter: 'NOT_STAFF', admin: 'NOT_STAFF' } as const;
/** Staff who cannot read the case at all: it is not theirs, or no longer. */
const NO_ACCESS = {
  otherCommunity: 'NOT_FOUND',
  otherTown: 'NOT_FOUND',
  formerTown: 'NOT_FOUND',
  withdrawnDept: 'NOT_FOUND',
  neverDept: 'NOT_FOUND'
} as const;
/** A department that may not read the case, on a department's own action. */
const DEPT_NOT_WHISTLED = { withdrawnDept: 'NOT_WHISTLED', neverDept: 'NOT_WHISTLED' } as const;

/** A staff action on the case: `allowed` may, readers without the right get `readers`' code. */
function staffRow(
  action: string,
  state: CaseState,
  fields: Record<string, unknown>,
  allowed: Partial<Record<Role, Outcome>>,
  readers: Outcome,
  fn = 'cases'
): Row {
  return {
    fn,
    action,
    state,
    payload: onCase(fields),
    expect: {
      ...NOT_STAFF,
      ...NO_ACCESS,
      community: readers,
      townAbove: readers,
      district: readers,
      whistledDept: readers,
      ...allowed,
      else: readers
    }
  };
}

const CASE_ROWS: Row[] = [
  {
    fn: 'cases',
    action: 'submit',
    payload: () => ({
      category: 'neighbor',
      communityId: UNITS.community,
      description: '小区门口路灯损坏，夜间很黑。',
      requestId: `matrix-${Math.random().toString(36).slice(2, 12)}`
    }),
    expect: { none: 'NOT_LOGGED_IN', else: 'ok' }
  },
  { fn: 'cases', action: 'mine', pure: true, payload: () => ({}), expect: { none: 'NOT_LOGGED_IN', else: 'ok' } },
  { fn: 'cases', action: 'todo', pure: true, payload: () => ({}), expect: { none: 'NOT_LOGGED_IN', else: 'ok' } },
  {
    fn: 'cases',
    action: 'detail',
    state: 'submitted',
    pure: true,
    payload: onCase(),
    expect: { ...NO_ACCESS, none: 'NOT_LOGGED_IN', resident: 'NOT_FOUND', else: 'ok' }
  },
  { fn: 'cases', action: 'queue', pure: true, payload: () => ({}), expect: { ...NOT_STAFF, else: 'ok' } },
  { fn: 'cases', action: 'queueCounts', pure: true, payload: () => ({}), expect: { ...NOT_STAFF, else: 'ok' } },
  { fn: 'cases', action: 'whistles', pure: true, payload: () => ({}), expect: { ...NOT_STAFF, else: 'ok' } },
  { fn: 'cases', action: 'supervision', pure: true, payload: () => ({}), expect: { ...NOT_STAFF, else: 'ok' } },
  staffRow('accept', 'submitted', {}, { community: 'ok' }, 'OUT_OF_SCOPE'),
  staffRow(
    'reply',
    'submitted',
    { text: '已收到，正在了解情况' },
    { community: 'ok', townAbove: 'ok', district: 'ok' },
    'OUT_OF_SCOPE'
  ),
  staffRow(
    'transfer',
    'submitted',
    { toUnitId: UNITS.otherCommunity, reason: '属于钢花社区辖区' },
    { community: 'ok' },
    'OUT_OF_SCOPE'
  ),
  staffRow(
    'escalate',
    'submitted',
    { reason: '需要街道协调' },
    { community: 'ok', townAbove: 'ok', district: 'ok' },
    'OUT_OF_SCOPE'
  ),
  staffRow('resolve', 'reported', { result: '已协调解决' }, { community: 'ok' }, 'OUT_OF_SCOPE'),
  staffRow('reject', 'submitted', { reason: '不属于受理范围' }, { community: 'ok' }, 'OUT_OF_SCOPE'),
  staffRow(
    'whistle',
    'submitted',
    { departmentIds: [UNITS.neverDept], reason: '需要教委协同' },
    {
      townAbove: 'ok',
      district: 'ok',
      community: 'WHISTLE_NOT_ALLOWED',
      whistledDept: 'WHISTLE_NOT_ALLOWED',
      withdrawnDept: 'WHISTLE_NOT_ALLOWED',
      neverDept: 'WHISTLE_NOT_ALLOWED'
    },
    'OUT_OF_SCOPE'
  ),
  staffRow('checkIn', 'submitted', {}, { whistledDept: 'ok', ...DEPT_NOT_WHISTLED }, 'NOT_WHISTLED'),
  staffRow(
    'report',
    'checkedIn',
    { result: '已到场处理' },
    { whistledDept: 'ok', ...DEPT_NOT_WHISTLED },
    'NOT_WHISTLED'
  ),
  staffRow(
    'withdrawWhistle',
    'submitted',
    { departmentId: UNITS.whistledDept, reason: '已无需协同' },
    { townAbove: 'ok', district: 'ok' },
    'NOT_WHISTLER'
  ),
  staffRow(
    'requestExtension',
    'accepted',
    { days: 2, reason: '需要等待鉴定结果' },
    { community: 'ok' },
    'OUT_OF_SCOPE'
  ),
  staffRow(
    'decideExtension',
    'extensionRequested',
    { grant: true, note: '同意' },
    { townAbove: 'ok' },
    'NOT_SUPERVISOR'
  ),
  staffRow('pause', 'accepted', { reason: '请居民补充材料' }, { community: 'ok' }, 'OUT_OF_SCOPE'),
  staffRow('resume', 'paused', {}, { community: 'ok' }, 'OUT_OF_SCOPE'),
  staffRow(
    'reassign',
    'submitted',
    { toUnitId: UNITS.otherCommunity, reason: '改由钢花社区办理' },
    { district: 'ok' },
    'DISTRICT_ONLY'
  ),
  {
    ...staffRow(
      'dispatch',
      'accepted',
      {},
      { community: 'ok', townAbove: 'ok', district: 'ok', whistledDept: 'ok' },
      'OUT_OF_SCOPE'
    ),
    payload: (w) => ({
      caseId: caseOf(w),
      staffOpenid: `staff-${UNITS.community}`,
      visitBy: new Date((w?.now ?? new Date()).getTime() + 86_400_000).toISOString()
    })
  },
  {
    ...staffRow(
      'dispatchCandidates',
      'accepted',
      {},
      { community: 'ok', townAbove: 'ok', district: 'ok', whistledDept: 'ok' },
      'NOT_FOUND'
    ),
    pure: true
  },
  {
    ...staffRow('onsiteCheckIn', 'dispatched', {}, { community: 'ok' }, 'NOT_DISPATCHED'),
    payload: (w) => ({ caseId: caseOf(w), dispatchId: w?.dispatchId ?? 'd1', latitude: 29.48, longitude: 106.48 })
  },
  {
    ...staffRow('recordVisit', 'onSite', {}, { community: 'ok' }, 'NOT_DISPATCHED'),
    payload: (w) => ({ caseId: caseOf(w), dispatchId: w?.dispatchId ?? 'd1', note: '已上门了解情况' })
  },
  // ratings
  {
    fn: 'ratings',
    action: 'rate',
    state: 'resolved',
    payload: onCase({ satisfaction: 'satisfied', comment: '处理及时' }),
    // Only the reporter rates: to anyone else the case is not theirs to find.
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'NOT_FOUND' }
  },
  // the reporter's own actions: to anyone else the case is not theirs to find
  {
    fn: 'cases',
    action: 'supplement',
    state: 'paused',
    payload: onCase({ text: '补充：噪音多在晚十点以后' }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'NOT_FOUND' }
  },
  {
    fn: 'cases',
    action: 'urge',
    variant: 'within the response time',
    state: 'submitted',
    payload: onCase(),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'URGE_TOO_EARLY', else: 'NOT_FOUND' }
  },
  {
    fn: 'cases',
    action: 'withdraw',
    state: 'submitted',
    payload: onCase({ reason: '已和邻居协商解决' }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'NOT_FOUND' }
  },
  {
    fn: 'cases',
    action: 'withdraw',
    variant: 'after acceptance',
    state: 'accepted',
    payload: onCase({ reason: '已和邻居协商解决' }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'WITHDRAW_AFTER_ACCEPTANCE', else: 'NOT_FOUND' }
  },
  {
    ...staffRow(
      'followUp',
      'resolved',
      { satisfaction: 'satisfied', note: '电话回访，居民满意' },
      { community: 'FOLLOW_UP_TOO_EARLY' },
      'OUT_OF_SCOPE',
      'ratings'
    ),
    variant: 'within the 7 days'
  },
  staffRow(
    'evaluate',
    'reported',
    { departmentId: UNITS.whistledDept, responseScore: 5, resultScore: 4, comment: '响应及时' },
    { townAbove: 'ok' },
    'NOT_WHISTLER',
    'ratings'
  ),
  staffRow(
    'evaluateWhistle',
    'reported',
    { reasonable: true, comment: '吹哨合理' },
    { whistledDept: 'ok', ...DEPT_NOT_WHISTLED },
    'NOT_WHISTLED',
    'ratings'
  )
];

const rid = (): string => `matrix-${Math.random().toString(36).slice(2, 14)}`;
/** Anyone with an OPENID may; the no-OPENID caller is refused. */
const SIGNED_IN = { none: 'NOT_LOGGED_IN', else: 'ok' } as const;
/** Admin only. */
const ADMIN_ONLY = { none: 'NOT_LOGGED_IN', admin: 'ok', else: 'NOT_ADMIN' } as const;
/** 德分宝's workbench is the community's: its own staff may; any other staff are not its staff; residents and admins are nobody's staff. */
const COMMUNITY_STAFF = {
  none: 'NOT_LOGGED_IN',
  resident: 'NOT_STAFF',
  reporter: 'NOT_STAFF',
  admin: 'NOT_STAFF',
  community: 'ok',
  else: 'NOT_COMMUNITY_STAFF'
} as const;
/** Staff of any village/community act in their own; the rest as COMMUNITY_STAFF. */
const ANY_COMMUNITY_STAFF = { ...COMMUNITY_STAFF, otherCommunity: 'ok' } as const;

const MORE_CASE_ROWS: Row[] = [
  {
    fn: 'cases',
    action: 'photoUrls',
    state: 'submitted',
    pure: true,
    payload: onCase(),
    expect: { ...NO_ACCESS, none: 'NOT_LOGGED_IN', resident: 'NOT_FOUND', else: 'ok' }
  },
  staffRow('decidePause', 'paused', { grant: true, note: '同意延长挂起' }, { townAbove: 'ok' }, 'NOT_SUPERVISOR')
];

const POINTS_ROWS: Row[] = [
  {
    fn: 'points',
    action: 'claim',
    payload: () => ({
      deedType: 'volunteer',
      communityId: UNITS.community,
      text: '参加社区清扫志愿服务',
      requestId: rid()
    }),
    expect: SIGNED_IN
  },
  { fn: 'points', action: 'claims', pure: true, payload: () => ({}), expect: SIGNED_IN },
  { fn: 'points', action: 'balance', pure: true, payload: () => ({}), expect: SIGNED_IN },
  { fn: 'points', action: 'ledger', pure: true, payload: () => ({}), expect: SIGNED_IN },
  { fn: 'points', action: 'orders', pure: true, payload: () => ({}), expect: SIGNED_IN },
  { fn: 'points', action: 'shop', pure: true, payload: () => ({ communityId: UNITS.community }), expect: SIGNED_IN },
  { fn: 'points', action: 'notices', pure: true, payload: () => ({ communityId: UNITS.community }), expect: SIGNED_IN },
  { fn: 'points', action: 'awaiting', pure: true, payload: () => ({}), expect: ANY_COMMUNITY_STAFF },
  {
    fn: 'points',
    action: 'approve',
    points: 'claim',
    payload: (w) => ({ claimId: w?.claimId }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'refuse',
    points: 'claim',
    payload: (w) => ({ claimId: w?.claimId, reason: '材料不足' }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'award',
    payload: (w) => ({
      openid: w?.openid.reporter ?? 'resident-matrix-x',
      points: 5,
      reason: '帮助邻居',
      requestId: rid()
    }),
    // Each community's staff award in their own community (residents belong to none).
    expect: ANY_COMMUNITY_STAFF
  },
  // Anyone signed in gets a 积分码 of their own (who may receive points is award's rule).
  { fn: 'points', action: 'myCode', payload: () => ({}), expect: SIGNED_IN },
  // The first key was the community's second staff member: `community` is the second key.
  {
    fn: 'points',
    action: 'confirmAward',
    points: 'awaiting',
    payload: (w) => ({ awardId: w?.awardId }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'declineAward',
    points: 'awaiting',
    payload: (w) => ({ awardId: w?.awardId, reason: '事迹不属实' }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'object',
    points: 'notice',
    payload: (w) => ({ awardId: w?.awardId, reason: '情况不属实' }),
    expect: { ...SIGNED_IN, reporter: 'OBJECT_OWN' }
  },
  {
    fn: 'points',
    action: 'ruling',
    points: 'objected',
    payload: (w) => ({ awardId: w?.awardId, upheld: false, note: '经核实情况属实' }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'items',
    payload: () => ({
      op: 'add',
      communityId: UNITS.community,
      requestId: rid(),
      name: '大米',
      points: 20,
      stock: 10,
      monthlyLimit: 2
    }),
    expect: COMMUNITY_STAFF
  },
  {
    fn: 'points',
    action: 'photoUrls',
    points: 'item',
    pure: true,
    payload: (w) => ({ itemIds: [w?.itemId] }),
    expect: SIGNED_IN
  }
];

const ACCOUNT_ROWS: Row[] = [
  { fn: 'account', action: 'me', pure: true, payload: () => ({}), expect: SIGNED_IN },
  {
    fn: 'account',
    action: 'createInvite',
    payload: () => ({ unitId: UNITS.community, role: 'staff' }),
    expect: ADMIN_ONLY
  },
  {
    fn: 'account',
    action: 'redeemInvite',
    pure: true,
    payload: () => ({ code: 'ZZZZZZZZ' }),
    expect: { none: 'NOT_LOGGED_IN', else: 'INVITE_INVALID' }
  },
  {
    fn: 'account',
    action: 'unbind',
    payload: () => ({ staffId: 'matrixNeverBound' }),
    expect: { ...ADMIN_ONLY, admin: 'NOT_BOUND' }
  },
  // Issue 12: staff lists, roles, heads, names and the audit log (no unit head in this world: staff are refused).
  {
    fn: 'account',
    action: 'inviteInfo',
    pure: true,
    payload: () => ({ code: 'ZZZZZZZZ' }),
    expect: { none: 'NOT_LOGGED_IN', else: 'INVITE_INVALID' }
  },
  {
    fn: 'account',
    action: 'setName',
    payload: () => ({ name: '矩阵测试' }),
    expect: { none: 'NOT_LOGGED_IN', resident: 'NOT_STAFF', reporter: 'NOT_STAFF', else: 'ok' }
  },
  { fn: 'account', action: 'staffList', pure: true, payload: () => ({ unitId: UNITS.community }), expect: ADMIN_ONLY },
  {
    fn: 'account',
    action: 'setRole',
    payload: () => ({ staffId: 'matrixNeverBound', role: 'admin' }),
    expect: { ...ADMIN_ONLY, admin: 'STAFF_NOT_FOUND' }
  },
  {
    fn: 'account',
    action: 'setHead',
    payload: () => ({ staffId: 'matrixNeverBound', head: true }),
    expect: { ...ADMIN_ONLY, admin: 'STAFF_NOT_FOUND' }
  },
  { fn: 'account', action: 'auditLog', pure: true, payload: () => ({ limit: 5 }), expect: ADMIN_ONLY },
  // Issue 12: the admins' unit page. Payloads the admin is refused too, so the shared world stays as it is.
  { fn: 'org', action: 'units', pure: true, payload: () => ({}), expect: ADMIN_ONLY },
  {
    fn: 'org',
    action: 'renameUnit',
    payload: () => ({ unitId: 'no-such-unit', name: '矩阵' }),
    expect: { ...ADMIN_ONLY, admin: 'UNKNOWN_UNIT' }
  },
  {
    fn: 'org',
    action: 'addUnit',
    payload: () => ({ kind: 'community', townId: UNITS.townAbove, name: '矩阵社区', code: '500104001000' }),
    expect: { ...ADMIN_ONLY, admin: 'UNIT_CODE_INVALID' }
  },
  {
    fn: 'org',
    action: 'setUnitActive',
    payload: () => ({ unitId: UNITS.district, active: false }),
    expect: { ...ADMIN_ONLY, admin: 'DISTRICT_ALWAYS_ACTIVE' }
  },
  {
    fn: 'org',
    action: 'confirmGuess',
    payload: () => ({ unitId: 'no-such-unit' }),
    expect: { ...ADMIN_ONLY, admin: 'UNKNOWN_UNIT' }
  },
  {
    fn: 'org',
    action: 'deleteUnit',
    payload: () => ({ unitId: UNITS.townAbove }),
    expect: { ...ADMIN_ONLY, admin: 'UNIT_NOT_DELETABLE' }
  },
  { fn: 'org', action: 'openCases', pure: true, payload: () => ({ unitId: UNITS.community }), expect: ADMIN_ONLY },
  { fn: 'org', action: 'catalog', pure: true, payload: () => ({}), expect: SIGNED_IN },
  {
    fn: 'setup',
    action: 'bootstrap',
    payload: () => ({}),
    expect: { none: 'ALREADY_BOOTSTRAPPED', else: 'BOOTSTRAP_CONSOLE_ONLY' }
  },
  { fn: 'setup', action: 'getRules', pure: true, payload: () => ({}), expect: ADMIN_ONLY },
  { fn: 'setup', action: 'seed', payload: () => ({}), expect: ADMIN_ONLY },
  { fn: 'setup', action: 'seedDemo', payload: () => ({}), expect: ADMIN_ONLY },
  { fn: 'setup', action: 'setRules', payload: () => ({ calendar: [] }), expect: ADMIN_ONLY }
];

const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
/** 平安社区's figures: itself, the units above it, and admins (who read every figure, and act on no case); other staff are out of scope. */
const PINGAN_FIGURES = {
  ...NOT_STAFF,
  admin: 'ok',
  community: 'ok',
  townAbove: 'ok',
  district: 'ok',
  else: 'UNIT_OUT_OF_SCOPE'
} as const;

const OPERATIONS_ROWS: Row[] = [
  {
    fn: 'stats',
    action: 'kpis',
    pure: true,
    payload: () => ({ unitId: UNITS.community, ...PERIOD }),
    expect: PINGAN_FIGURES
  },
  {
    fn: 'stats',
    action: 'trend',
    pure: true,
    payload: () => ({ unitId: UNITS.community, to: '2026-11' }),
    expect: PINGAN_FIGURES
  },
  {
    fn: 'stats',
    action: 'channels',
    pure: true,
    payload: () => ({ unitId: UNITS.community, ...PERIOD }),
    expect: PINGAN_FIGURES
  },
  {
    fn: 'stats',
    action: 'export',
    payload: () => ({ unitId: UNITS.community, ...PERIOD, format: 'csv' }),
    expect: PINGAN_FIGURES
  },
  // Rankings rank every unit of a kind and show each caller those in its scope.
  {
    fn: 'stats',
    action: 'ranking',
    pure: true,
    payload: () => ({ kind: 'community', ...PERIOD }),
    expect: { ...NOT_STAFF, admin: 'ok', else: 'ok' }
  },
  { fn: 'stats', action: 'reconcile', payload: () => ({ day: '2026-11-30' }), expect: ADMIN_ONLY },
  { fn: 'deadlines', action: 'sweep', payload: () => ({}), expect: ADMIN_ONLY },
  // 多网合一 (issue 14): staff of any unit register cases told to them; partner keys and webhooks are the admins'.
  {
    fn: 'cases',
    action: 'register',
    payload: () => ({
      category: 'neighbor',
      communityId: UNITS.community,
      description: '群众来电反映楼上漏水。',
      channel: 'hotline',
      reporterName: '王先生',
      reporterPhone: '13812341234',
      requestId: `matrix-${Math.random().toString(36).slice(2, 12)}`
    }),
    expect: { ...NOT_STAFF, else: 'ok' }
  },
  { fn: 'partners', action: 'listKeys', pure: true, payload: () => ({}), expect: ADMIN_ONLY },
  {
    fn: 'partners',
    action: 'createKey',
    payload: () => ({ name: '12345热线', unitId: UNITS.townAbove, permissions: ['read'] }),
    expect: ADMIN_ONLY
  },
  {
    fn: 'partners',
    action: 'revokeKey',
    payload: () => ({ keyId: 'pk_0000000000000000' }),
    expect: { ...ADMIN_ONLY, admin: 'PARTNER_KEY_NOT_FOUND' }
  },
  {
    fn: 'partners',
    action: 'setWebhook',
    payload: () => ({ keyId: 'pk_0000000000000000', url: 'https://partner.example/hook' }),
    expect: { ...ADMIN_ONLY, admin: 'PARTNER_KEY_NOT_FOUND' }
  },
  { fn: 'webhooks', action: 'deliver', payload: () => ({}), expect: ADMIN_ONLY },
  { fn: 'sharing', action: 'exportDay', payload: () => ({ day: '2026-11-30' }), expect: ADMIN_ONLY },
  { fn: 'outbox', action: 'flush', payload: () => ({}), expect: ADMIN_ONLY },
  // Open311 answers HTTP access events only (the partner's key decides there): any other call is refused.
  { fn: 'open311', action: 'main', payload: () => ({}), expect: { else: 'BAD_REQUEST' } },
  // The media-check receiver takes WeChat's message push only: a forged verdict from any caller is refused.
  {
    fn: 'media',
    action: 'main',
    payload: () => ({
      Event: 'wxa_media_check',
      trace_id: 'forged-trace',
      errcode: 0,
      result: { suggest: 'pass', label: 100 }
    }),
    expect: { else: 'FORBIDDEN' }
  }
];

/** Rows that move the local cloud's clock: last, so no other row's world sees the jump. */
const LATE_ROWS: Row[] = [
  staffRow(
    'followUp',
    'followUpDue',
    { satisfaction: 'satisfied', note: '电话回访，居民满意' },
    { community: 'ok' },
    'OUT_OF_SCOPE',
    'ratings'
  ),
  // The buyer's own order: anyone else, as if there were none.
  {
    fn: 'points',
    action: 'order',
    points: 'order',
    pure: true,
    payload: (w) => ({ orderId: w?.orderId }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'ORDER_NOT_FOUND' }
  },
  {
    fn: 'points',
    action: 'cancel',
    points: 'order',
    payload: (w) => ({ orderId: w?.orderId }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'ORDER_NOT_FOUND' }
  },
  // Anyone signed in spends their own points: only the resident has any.
  {
    fn: 'points',
    action: 'redeem',
    points: 'funded',
    payload: (w) => ({ itemId: w?.itemId, quantity: 1, requestId: rid() }),
    expect: { none: 'NOT_LOGGED_IN', reporter: 'ok', else: 'INSUFFICIENT_POINTS' }
  },
  // Another community's staff look the code up in their own community and find nothing: that miss is
  // counted against their failed-verification limit (the one write a refusal makes, on purpose).
  {
    fn: 'points',
    action: 'verify',
    points: 'order',
    payload: (w) => ({ pickupCode: w?.pickupCode, confirm: true }),
    expect: { ...COMMUNITY_STAFF, otherCommunity: 'ORDER_NOT_FOUND (+1 writes)' }
  }
];

export const ROWS: Row[] = [
  ...CASE_ROWS,
  ...MORE_CASE_ROWS,
  ...POINTS_ROWS,
  ...DELIBERATION_ROWS,
  ...MEDIATION_ROWS,
  ...ACCOUNT_ROWS,
  ...OPERATIONS_ROWS,
  ...PROACTIVE_ROWS,
  ...SIMILAR_ROWS,
  ...LATE_ROWS
];
