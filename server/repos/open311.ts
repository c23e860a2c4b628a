// The reads behind Open311's GET requests: one indexed query per page, keyset-paged on
// (createdAt, _id), newest first; the reporter's fields are never read.
import type { CaseStatus } from '../../domain/enums';
import type { CaseFor311 } from '../../domain/open311';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';

const cases = () => database().collection(COLLECTIONS.cases);

/** What leaves: no reporterId, contactPhone, reporterName or photos. The timeline only for keyed callers (the notes). */
const FIELDS = {
  _id: true,
  code: true,
  status: true,
  category: true,
  categoryName: true,
  description: true,
  unitId: true,
  scopeIds: true,
  createdAt: true,
  updatedAt: true,
  resolveDueAt: true,
  location: true,
  rejectReason: true
} as const;

export type Case311 = CaseFor311 & { scopeIds: string[] };

export interface RequestQuery {
  /** A key's unit (index queue: scopeIds, createdAt, _id), or the public categories (index category_created). */
  scope: { unitId: string } | { categories: readonly string[] };
  serviceCode?: string;
  statuses?: CaseStatus[];
  from: Date;
  to: Date;
  after: { at: number; id: string } | null;
  limit: number;
  notes: boolean;
}

export async function queryRequests(
  q: RequestQuery
): Promise<{ items: Case311[]; next: { at: number; id: string } | null }> {
  const _ = database().command;
  const where: object[] = [];
  if ('unitId' in q.scope) where.push({ scopeIds: q.scope.unitId });
  if (q.serviceCode !== undefined) where.push({ category: q.serviceCode });
  else if ('categories' in q.scope) where.push({ category: _.in([...q.scope.categories]) });
  // The page's range ends at the previous page's last case: the index seeks there (the $or only breaks ties).
  const to = q.after && q.after.at < q.to.getTime() ? new Date(q.after.at) : q.to;
  where.push({ createdAt: _.gte(q.from).and(_.lte(to)) });
  if (q.statuses) where.push({ status: _.in(q.statuses) });
  if (q.after) {
    const at = new Date(q.after.at);
    where.push(_.or([{ createdAt: _.lt(at) }, { createdAt: at, _id: _.lt(q.after.id) }]));
  }
  const res = await settle(
    cases()
      .where(_.and(where as never[]))
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(q.limit)
      .field(q.notes ? { ...FIELDS, timeline: true } : FIELDS)
      .get()
  );
  // A full page may have more behind it (a get answers 1000 at most, so no probe row): the next page tells.
  const items = res.data as Case311[];
  const last = items[items.length - 1];
  return {
    items,
    next: items.length === q.limit && last ? { at: new Date(last.createdAt).getTime(), id: last._id } : null
  };
}

/** Cases by their codes (index code_unique): one request. */
export async function requestsByCode(codes: string[], notes: boolean): Promise<Case311[]> {
  const _ = database().command;
  const res = await settle(
    cases()
      .where({ code: _.in(codes) })
      .limit(codes.length)
      .field(notes ? { ...FIELDS, timeline: true } : FIELDS)
      .get()
  );
  return res.data as Case311[];
}

/** A case by its id (the token a POST answered). */
export async function requestById(id: string): Promise<Case311 | null> {
  const res = await settle(cases().where({ _id: id }).limit(1).field(FIELDS).get());
  return (res.data[0] as Case311 | undefined) ?? null;
}
