// 未诉先办 (cloudfunctions/proactive): admins run the night by hand; staff read the monthly topic of their
// scope and export it; only the district's 综治中心 picks 每月一题 and publishes it; anyone reads what was published.
import type { Row } from './table';

const MONTH = '2026-11';
const NOT_STAFF = { none: 'NOT_LOGGED_IN', resident: 'NOT_STAFF', reporter: 'NOT_STAFF' } as const;

export const PROACTIVE_ROWS: Row[] = [
  {
    fn: 'proactive',
    action: 'run',
    payload: () => ({}),
    expect: { none: 'NOT_LOGGED_IN', admin: 'ok', else: 'NOT_ADMIN' }
  },
  {
    fn: 'proactive',
    action: 'monthly',
    pure: true,
    payload: () => ({ month: MONTH }),
    expect: { ...NOT_STAFF, else: 'ok' }
  },
  {
    fn: 'proactive',
    action: 'export',
    payload: () => ({ month: MONTH }),
    expect: { ...NOT_STAFF, else: 'ok' }
  },
  {
    fn: 'proactive',
    action: 'pickTopic',
    pure: true,
    payload: () => ({ month: MONTH, key: 'no-such-cluster' }),
    expect: { ...NOT_STAFF, district: 'TOPIC_NOT_FOUND', else: 'NOT_TOPIC_PICKER' }
  },
  {
    fn: 'proactive',
    action: 'publishTopic',
    pure: true,
    payload: () => ({ month: MONTH, outcome: '已整改' }),
    expect: { ...NOT_STAFF, district: 'TOPIC_NOT_PICKED', else: 'NOT_TOPIC_PICKER' }
  },
  { fn: 'proactive', action: 'published', pure: true, payload: () => ({}), expect: { else: 'ok' } }
];
