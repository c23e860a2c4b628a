// 每月一题 tab of the dashboard: what the page shows of the month's clusters (pure, tested without wx).
import type { MonthlyTopicsResponse } from '../../../typings';

const TREND_TEXT = { up: '↑ 上升', down: '↓ 下降', flat: '→ 持平', new: '新出现' } as const;
const STATUS_TEXT: Record<string, string> = {
  submitted: '待受理',
  accepted: '办理中',
  resolved: '已办结',
  closed: '已结案',
  rejected: '不予受理'
};

export interface TopicRow {
  key: string;
  rank: number;
  title: string;
  place: string;
  counts: string;
  trend: string;
  points: number;
  picked: boolean;
}

export function topicRows(res: MonthlyTopicsResponse): TopicRow[] {
  return res.rows.map((r, i) => ({
    key: r.key,
    rank: i + 1,
    title: r.text,
    place: `${r.communityName} · ${r.categoryName}`,
    counts: `${r.count} 件 · ${r.reporters} 位群众 · 上月 ${r.lastMonth} 件`,
    trend: TREND_TEXT[r.trend],
    points: r.points.length,
    picked: res.pick?.key === r.key
  }));
}

/** The pick as one line, or ''. */
export function pickLine(res: MonthlyTopicsResponse): string {
  const p = res.pick;
  if (!p) return '';
  const status = p.status ? (STATUS_TEXT[p.status] ?? p.status) : '未知';
  return p.outcome ? `每月一题（${p.proactiveCode}）已公布：${p.outcome}` : `每月一题（${p.proactiveCode}）${status}`;
}

/** Publishing is open once the topic's case is resolved or closed, and until published. */
export function mayPublish(res: MonthlyTopicsResponse): boolean {
  const p = res.pick;
  return res.mayPick && !!p && !p.outcome && (p.status === 'resolved' || p.status === 'closed');
}

/** One cluster on the month's map: at the centre of its points, with its rank, category and count. */
export interface TopicMarker {
  id: number;
  latitude: number;
  longitude: number;
  width: number;
  height: number;
  callout: { content: string; display: 'ALWAYS'; padding: number; borderRadius: number; fontSize: number };
}

/**
 * The map of the month's clusters: a marker per cluster that has located cases (the rest stay in the
 * list only). Marker ids are the rows' ranks, so a tapped marker names its row.
 */
export function topicMarkers(res: MonthlyTopicsResponse): TopicMarker[] {
  const out: TopicMarker[] = [];
  res.rows.forEach((r, i) => {
    if (!r.points.length) return;
    const lat = r.points.reduce((n, p) => n + p.latitude, 0) / r.points.length;
    const lng = r.points.reduce((n, p) => n + p.longitude, 0) / r.points.length;
    out.push({
      id: i + 1,
      latitude: Math.round(lat * 1e6) / 1e6,
      longitude: Math.round(lng * 1e6) / 1e6,
      width: 28,
      height: 36,
      callout: {
        content: `${i + 1}. ${r.categoryName} ${r.count}件`,
        display: 'ALWAYS',
        padding: 6,
        borderRadius: 6,
        fontSize: 14
      }
    });
  });
  return out;
}

/** The row a tapped marker stands for (its key), or ''. */
export function rowOfMarker(rows: ReadonlyArray<{ key: string }>, markerId: number): string {
  return rows[markerId - 1]?.key ?? '';
}
