// The month's top clusters (每月一题): month arithmetic on Shanghai days and the stored month document.
import { DAY_MS, dayToIso } from '../../domain/time';
import type { TopicRowView } from '../../typings/proactive';
import { database } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import type { Requests } from './requests';

/** 'YYYY-MM' of a Shanghai day number. */
export function monthOf(day: number): string {
  return dayToIso(day).slice(0, 7);
}

/** First Shanghai day of a 'YYYY-MM' month and the first day of the next. */
export function monthDays(month: string): { first: number; next: number } {
  const [y, m] = month.split('-').map(Number);
  const first = Date.UTC(y, m - 1, 1) / DAY_MS;
  const next = Date.UTC(y, m, 1) / DAY_MS;
  return { first, next };
}

export function previousMonth(month: string): string {
  const { first } = monthDays(month);
  return monthOf(first - 1);
}

/** A stored row: the view plus its members' ids (a pick opens a case from them). */
export type StoredRow = TopicRowView & { caseIds: string[] };

/** The stored month: its top clusters and the 综治中心's pick. */
export interface MonthDoc {
  _id: string;
  month: string;
  computedAt: Date;
  rows: StoredRow[];
  pick?: {
    key: string;
    pickedAt: Date;
    pickedBy: string;
    proactiveCaseId: string;
    proactiveCode: string;
    outcome: string | null;
    publishedAt: Date | null;
  } | null;
}

export async function readMonth(month: string, req: Requests): Promise<MonthDoc | null> {
  const res = await req.run<{ data: MonthDoc[] }>(
    database().collection(COLLECTIONS.proactiveMonths).where({ _id: month }).limit(1).get()
  );
  return res.data[0] ?? null;
}
