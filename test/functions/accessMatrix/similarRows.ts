// 未诉先办 (cases.similar / follow / unfollow): anyone signed in may look for similar open cases and
// follow one (staff are residents too); the reporter need not follow their own case. Staff who
// handle both cases merge one into the other (合并).
import type { AnyWorld } from './world';
import type { Row } from './table';

const onCase = (w: AnyWorld | null): Record<string, unknown> => ({ caseId: w?.caseId ?? 'no-such-case' });

export const SIMILAR_ROWS: Row[] = [
  {
    fn: 'cases',
    action: 'similar',
    pure: true,
    payload: () => ({ communityId: '500104001001', category: 'neighbor', text: '楼上夜间噪音' }),
    expect: { none: 'NOT_LOGGED_IN', else: 'ok' }
  },
  {
    fn: 'cases',
    action: 'follow',
    state: 'submitted',
    payload: onCase,
    expect: { none: 'NOT_LOGGED_IN', reporter: 'CASE_OWN_FOLLOW', else: 'ok' }
  },
  {
    fn: 'cases',
    action: 'unfollow',
    state: 'submitted',
    payload: onCase,
    expect: { none: 'NOT_LOGGED_IN', reporter: 'CASE_OWN_FOLLOW', else: 'ok' }
  },
  {
    // 合并 of a case into itself: staff who read it learn why; who cannot read it, that there is none.
    fn: 'cases',
    action: 'merge',
    state: 'submitted',
    payload: (w) => ({ ...onCase(w), intoCaseId: w?.caseId ?? 'no-such-case', reason: '重复诉求' }),
    expect: {
      none: 'NOT_LOGGED_IN',
      resident: 'NOT_STAFF',
      reporter: 'NOT_STAFF',
      admin: 'NOT_STAFF',
      otherCommunity: 'NOT_FOUND',
      otherTown: 'NOT_FOUND',
      formerTown: 'NOT_FOUND',
      withdrawnDept: 'NOT_FOUND',
      neverDept: 'NOT_FOUND',
      else: 'MERGE_SELF'
    }
  }
];
