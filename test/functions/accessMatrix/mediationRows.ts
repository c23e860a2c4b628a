// The mediation and legal functions' rows: a mediation is reached by its parties, its mediator and the
// staff of its unit only, so on an unknown id everyone signed in learns nothing (NOT_FOUND).
import type { Row } from './table';

const NOBODY_KNOWS = { none: 'NOT_LOGGED_IN', else: 'NOT_FOUND' } as const;
const SIGNED_IN = { none: 'NOT_LOGGED_IN', else: 'ok' } as const;
const onNone =
  (fields: Record<string, unknown> = {}) =>
  () => ({ mediationId: 'no-such-mediation', ...fields });
const STAFF_ONLY = { none: 'NOT_LOGGED_IN', resident: 'NOT_STAFF', reporter: 'NOT_STAFF', admin: 'NOT_STAFF' } as const;

const unknown = (action: string, fields: Record<string, unknown> = {}): Row => ({
  fn: 'mediation',
  action,
  pure: true,
  payload: onNone(fields),
  expect: NOBODY_KNOWS
});

export const MEDIATION_ROWS: Row[] = [
  // Only the handling unit's staff open a mediation of an accepted case; the chain above reads it but does not open one.
  {
    fn: 'mediation',
    action: 'open',
    state: 'accepted',
    payload: (w) => ({ caseId: w?.caseId ?? 'no-such-case' }),
    expect: { ...STAFF_ONLY, community: 'ok', else: 'NOT_FOUND' }
  },
  {
    fn: 'mediation',
    action: 'invitation',
    pure: true,
    payload: () => ({ token: 'no-such-token' }),
    expect: NOBODY_KNOWS
  },
  {
    fn: 'mediation',
    action: 'join',
    pure: true,
    payload: () => ({ token: 'no-such-token', agree: true, name: '李四' }),
    expect: NOBODY_KNOWS
  },
  unknown('get'),
  unknown('candidates'),
  unknown('prefer', { mediatorId: 'm1' }),
  unknown('assign', { mediatorId: 'm1' }),
  unknown('recuse', { reason: '回避' }),
  unknown('schedule', { at: '2030-01-01T00:00:00Z', place: 'video' }),
  unknown('minutes', { text: '笔录' }),
  unknown('draft', {
    facts: '事实',
    issues: '争议',
    responsibilities: '责任',
    terms: [{ what: '赔偿', who: '李四', by: '2030-01-01T00:00:00Z' }]
  }),
  unknown('sign', { draftVersion: 1, signature: 'cloud://x.y/uploads/a/b.png' }),
  unknown('confirmation', { step: 'apply' }),
  unknown('performance', { termIndex: 0, done: true, note: '' }),
  unknown('end', { outcome: 'failed', reason: '分歧过大' }),
  unknown('agreement'),
  { fn: 'mediation', action: 'stats', pure: true, payload: () => ({}), expect: { ...STAFF_ONLY, else: 'ok' } },
  // A hall's own staff keep its mediators; admins any pool; other staff may not; residents are nobody's staff.
  {
    fn: 'legal',
    action: 'addMember',
    payload: () => ({ memberId: 'matrix-member', pool: 'hall', unitId: '500104001001', name: '矩阵调解员' }),
    expect: { ...STAFF_ONLY, admin: 'ok', community: 'ok', else: 'FORBIDDEN' }
  },
  {
    fn: 'legal',
    action: 'pool',
    pure: true,
    payload: () => ({}),
    expect: { none: 'NOT_LOGGED_IN', resident: 'NOT_STAFF', reporter: 'NOT_STAFF', else: 'ok' }
  },
  // The community's own staff (or an admin) name its adviser.
  {
    fn: 'legal',
    action: 'setAdviser',
    payload: () => ({ communityId: '500104001001', name: '矩阵顾问', weekdays: [2] }),
    expect: { ...STAFF_ONLY, admin: 'ok', community: 'ok', else: 'FORBIDDEN' }
  },
  { fn: 'legal', action: 'adviser', pure: true, payload: () => ({ communityId: '500104001001' }), expect: SIGNED_IN },
  {
    fn: 'legal',
    action: 'ask',
    payload: () => ({ communityId: '500104001001', text: '邻居占用楼道怎么办？' }),
    expect: SIGNED_IN
  },
  { fn: 'legal', action: 'questions', pure: true, payload: () => ({}), expect: SIGNED_IN },
  {
    fn: 'legal',
    action: 'reply',
    pure: true,
    payload: () => ({ questionId: 'no-such', text: '答复' }),
    expect: NOBODY_KNOWS
  },
  {
    fn: 'legal',
    action: 'aid',
    payload: () => ({
      name: '王五',
      phone: '13700000003',
      matter: 'wages',
      hardship: true,
      hasLawyer: false,
      summary: '拖欠工资三个月'
    }),
    expect: SIGNED_IN
  },
  {
    fn: 'legal',
    action: 'aidDecide',
    pure: true,
    payload: () => ({ aidId: 'no-such', grant: true, reason: '符合' }),
    expect: NOBODY_KNOWS
  },
  {
    fn: 'legal',
    action: 'rate',
    pure: true,
    payload: () => ({ questionId: 'no-such', stars: 5 }),
    expect: NOBODY_KNOWS
  },
  {
    fn: 'legal',
    action: 'seedDemo',
    payload: () => ({}),
    expect: { none: 'NOT_LOGGED_IN', admin: 'ok', else: 'NOT_ADMIN' }
  }
];
