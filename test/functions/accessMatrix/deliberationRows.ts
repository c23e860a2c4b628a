// The deliberation function's rows of the matrix (see deliberationWorld.ts for who is who): the council
// is 平安社区's staff; the reporter is its resident, representative and supervisor; staff of the street
// and district above read its topics; anyone else learns nothing of them (NOT_FOUND).
import type { Outcome, Row } from './table';
import type { AnyWorld, Role } from './world';
import { UNITS } from './world';
import type { DeliberationState, DeliberationWorld } from './deliberationWorld';

const topicOf = (w: AnyWorld | null): string => (w as DeliberationWorld | null)?.topicId ?? 'no-such-topic';
const onTopic =
  (fields: (w: AnyWorld | null) => Record<string, unknown> = () => ({})) =>
  (w: AnyWorld | null): Record<string, unknown> => ({ topicId: topicOf(w), ...fields(w) });

/** Who cannot see 平安's topics at all. */
const OUTSIDERS = {
  none: 'NOT_LOGGED_IN',
  resident: 'NOT_FOUND',
  admin: 'NOT_FOUND',
  otherCommunity: 'NOT_FOUND',
  otherTown: 'NOT_FOUND',
  formerTown: 'NOT_FOUND',
  whistledDept: 'NOT_FOUND',
  withdrawnDept: 'NOT_FOUND',
  neverDept: 'NOT_FOUND'
} as const;

/** An action on a topic: outsiders NOT_FOUND, readers (reporter, community, townAbove, district) as given. */
function topicRow(
  action: string,
  deliberation: DeliberationState,
  fields: (w: AnyWorld | null) => Record<string, unknown>,
  readers: Partial<Record<Role, Outcome>> & { else: Outcome },
  pure = false
): Row & { deliberation: DeliberationState } {
  const { else: rest, ...named } = readers;
  return {
    fn: 'deliberation',
    action,
    deliberation,
    pure,
    payload: onTopic(fields),
    expect: {
      ...OUTSIDERS,
      reporter: rest,
      community: rest,
      townAbove: rest,
      district: rest,
      ...named,
      else: 'NOT_FOUND'
    }
  };
}

const COUNCIL = { community: 'ok', else: 'NOT_COUNCIL' } as const;
const STAFF_NOT_RESIDENTS = { community: 'RESIDENTS_ONLY', townAbove: 'RESIDENTS_ONLY', district: 'RESIDENTS_ONLY' };
const ALL_STAFF = [
  'community',
  'otherCommunity',
  'townAbove',
  'otherTown',
  'formerTown',
  'whistledDept',
  'withdrawnDept',
  'neverDept',
  'district'
] as const;
const staffAll = (o: Outcome) => Object.fromEntries(ALL_STAFF.map((r) => [r, o])) as Partial<Record<Role, Outcome>>;
const rid = (): string => `matrix-${Math.random().toString(36).slice(2, 12)}`;
const NO_COMMUNITY = {
  ...staffAll('NOT_YOUR_COMMUNITY'),
  none: 'NOT_LOGGED_IN',
  resident: 'NOT_YOUR_COMMUNITY',
  admin: 'NOT_YOUR_COMMUNITY'
};

export const DELIBERATION_ROWS: Row[] = [
  {
    fn: 'deliberation',
    action: 'home',
    pure: true,
    payload: () => ({}),
    expect: { none: 'NOT_LOGGED_IN', else: 'ok' }
  },
  {
    fn: 'deliberation',
    action: 'setHome',
    // 钢花: choosing it never makes anyone a resident of 平安, whose topics the other rows try.
    payload: () => ({ communityId: UNITS.otherCommunity }),
    expect: { ...staffAll('RESIDENTS_ONLY'), none: 'NOT_LOGGED_IN', admin: 'RESIDENTS_ONLY', else: 'ok' }
  },
  {
    fn: 'deliberation',
    action: 'propose',
    deliberation: 'proposed',
    payload: () => ({ communityId: UNITS.community, title: '增设充电桩', text: '楼道充电有隐患', requestId: rid() }),
    expect: {
      ...staffAll('RESIDENTS_ONLY'),
      none: 'NOT_LOGGED_IN',
      admin: 'RESIDENTS_ONLY',
      resident: 'NOT_YOUR_COMMUNITY',
      reporter: 'ok',
      else: 'ok'
    }
  },
  topicRow('screen', 'proposed', () => ({ accept: true, reason: '受理' }), COUNCIL),
  topicRow('comment', 'opinions', () => ({ text: '支持' }), { ...STAFF_NOT_RESIDENTS, reporter: 'ok', else: 'ok' }),
  topicRow('comments', 'opinions', () => ({}), { else: 'ok' }, true),
  topicRow(
    'merge',
    'opinions',
    (w) => ({ fromTopicId: (w as DeliberationWorld | null)?.otherTopicId ?? 'x', reason: '同类' }),
    COUNCIL
  ),
  topicRow('draft', 'drafting', () => ({ plan: '建设20个充电位', budget: 60000 }), COUNCIL),
  topicRow('review', 'review', () => ({ approve: true, note: '同意' }), {
    reporter: 'ok',
    else: 'NOT_COMMITTEE_MEMBER'
  }),
  topicRow(
    'openVote',
    'approved',
    (w) => ({
      closesAt: new Date((w?.now ?? new Date()).getTime() + 2 * 86400_000).toISOString(),
      body: 'representatives'
    }),
    COUNCIL
  ),
  topicRow('vote', 'voting', () => ({ choice: 'for' }), { reporter: 'ok', else: 'NOT_VOTING_MEMBER' }),
  topicRow('closeVote', 'voting', () => ({}), COUNCIL),
  topicRow('progress', 'passed', () => ({ text: '已开工' }), COUNCIL),
  topicRow('correct', 'proposed', () => ({ text: '更正：提出日期有误' }), COUNCIL),
  topicRow('follow', 'opinions', () => ({ follow: true }), { else: 'ok' }),
  topicRow('detail', 'proposed', () => ({}), { else: 'ok' }, true),
  {
    fn: 'deliberation',
    action: 'topics',
    deliberation: 'proposed',
    pure: true,
    payload: () => ({ communityId: UNITS.community }),
    expect: { ...NO_COMMUNITY, reporter: 'ok', community: 'ok', townAbove: 'ok', district: 'ok', else: 'ok' }
  },
  {
    fn: 'deliberation',
    action: 'registerHousehold',
    payload: () => ({ communityId: UNITS.community, household: '矩阵1栋101' }),
    expect: { none: 'NOT_LOGGED_IN', community: 'ok', else: 'NOT_COUNCIL' }
  },
  {
    fn: 'deliberation',
    action: 'joinHousehold',
    payload: () => ({ code: 'AAAABBBB' }),
    expect: {
      ...staffAll('RESIDENTS_ONLY'),
      none: 'NOT_LOGGED_IN',
      admin: 'RESIDENTS_ONLY',
      else: 'HOUSEHOLD_CODE_INVALID'
    }
  },
  {
    fn: 'deliberation',
    action: 'roster',
    pure: true,
    payload: () => ({ communityId: UNITS.community }),
    expect: { none: 'NOT_LOGGED_IN', community: 'ok', else: 'NOT_COUNCIL' }
  },
  {
    fn: 'deliberation',
    action: 'setRules',
    payload: () => ({ communityId: UNITS.community, draftDays: 3 }),
    expect: { none: 'NOT_LOGGED_IN', community: 'ok', else: 'NOT_COUNCIL' }
  }
];
