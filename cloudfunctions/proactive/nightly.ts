// The nightly job (a timer every 2 minutes from 02:00 to 04:58 Shanghai): one community at a time, read
// its window's cases through the `community` index in pages of 1,000, cluster them (domain/cluster.ts),
// open ONE proactive case per new passing cluster, add new members to the proactive case their cluster
// already feeds, and keep the month's running top; once every community is done, store the month's top
// clusters. A call works for a budget of time and leaves the rest to the next (run.ts).
import { createHash } from 'node:crypto';
import { arrivalPatch, openCase, type TimelineEntry } from '../../domain/case';
import { caseDayKey, formatCaseCode } from '../../domain/caseCode';
import { CATEGORY_NAME_FALLBACK } from './names';
import {
  clusterCases,
  clusterOptions,
  keepTop,
  planProactive,
  topClusters,
  unitAbove,
  windowStart,
  type Cluster,
  type ClusterCase,
  type ClusterOptions
} from '../../domain/cluster';
import { DAY_MS, shanghaiDay, shanghaiInstant } from '../../domain/time';
import type { NightlyReport } from '../../typings/proactive';
import { withDerived } from '../../server/caseFlow';
import { database } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { recordNewCase } from '../../server/counters';
import { AppError } from '../../server/function';
import { notifyUnits } from '../../server/notify';
import { loadReference, type Reference } from '../../server/reference';
import { insertNumberedCase, nextCaseNumber, type CaseDoc } from '../../server/repos/cases';
import { enqueueCaseEvent } from '../../server/repos/partners';
import { monthDays, monthOf, previousMonth, readMonth, type StoredRow } from './months';
import { Requests } from './requests';
import { checkpoint, claimRun, type Candidate, type RunDoc } from './run';

/** The most a get answers (CloudBase's limit for server reads). */
const PAGE = 1000;
/** A topic row keeps at most this many points for the map. */
const MAX_POINTS = 50;
/**
 * …and this many member ids (its count is the whole): what a pick links when the row has no proactive
 * case yet; the rest join that case on the next night, as new members of a linked cluster do.
 */
const MAX_ROW_IDS = 200;
/**
 * Sources linked a request. Each rewrites its cases (timeline and indexes): 1,000 at once outran the
 * SDK's request timeout in the local cloud at 60,000 cases a day; 200 keep each update short.
 */
const LINK_BATCH = 200;
/** Rows kept per month. */
const TOP = 20;
/** A call's groups end within this; what is left of 60 s covers the month and the last save. */
const BUDGET_MS = 40_000;
/** At most this many communities are read and clustered at once: one's reads overlap another's clustering. */
const GROUP = 4;

/** A stored case as the job projects it. */
interface WindowDoc {
  _id: string;
  communityId: string;
  category: string;
  reporterId: string;
  unitId: string;
  createdAt: Date;
  location: { latitude: number; longitude: number } | null;
  description: string;
  channel?: string;
  proactiveCaseId?: string | null;
}

const FIELDS = {
  _id: true,
  communityId: true,
  category: true,
  reporterId: true,
  unitId: true,
  createdAt: true,
  location: true,
  description: true,
  channel: true,
  proactiveCaseId: true
} as const;

/**
 * One community's cases created in [from, to), through the `community` index (communityId, createdAt
 * desc, _id desc) with keyset paging: each page is one indexed range read, never a skip. Proactive cases
 * themselves are left out.
 */
export async function readWindow(communityId: string, from: Date, to: Date, req: Requests): Promise<ClusterCase[]> {
  const db = database();
  const _ = db.command;
  const out: ClusterCase[] = [];
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const range = _.gte(from).and(_.lt(to));
    const where: object = cursor
      ? _.and([
          { communityId, createdAt: range },
          _.or([{ createdAt: _.lt(cursor.at) }, { createdAt: cursor.at, _id: _.lt(cursor.id) }])
        ])
      : { communityId, createdAt: range };
    const res = await req.run<{ data: WindowDoc[] }>(
      db
        .collection(COLLECTIONS.cases)
        .where(where as never)
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(PAGE)
        .field(FIELDS)
        .get()
    );
    const docs = res.data;
    for (const d of docs) {
      if (d.channel === 'proactive') continue;
      out.push({
        id: d._id,
        communityId: d.communityId,
        category: d.category,
        reporterId: d.reporterId,
        unitId: d.unitId,
        createdAt: new Date(d.createdAt),
        location: d.location ? { latitude: d.location.latitude, longitude: d.location.longitude } : null,
        text: d.description ?? '',
        proactiveCaseId: d.proactiveCaseId ?? null
      });
    }
    if (docs.length < PAGE) return out;
    const last: WindowDoc = docs[docs.length - 1];
    cursor = { at: new Date(last.createdAt), id: last._id };
  }
}

/** The stored options (config document 'proactive'), over the defaults; and a call's budget of time. */
export async function readOptions(req: Requests): Promise<{ o: ClusterOptions; budgetMs: number }> {
  const res = await req.run<{ data: Array<Partial<Record<keyof ClusterOptions | 'budgetSeconds', unknown>>> }>(
    database().collection(COLLECTIONS.config).where({ _id: 'proactive' }).limit(1).get()
  );
  const b = res.data[0]?.budgetSeconds;
  // 0 takes one group of communities a call (tests); at most 50 s, inside the 60 s timeout.
  const budgetMs = typeof b === 'number' && b >= 0 && b <= 50 ? b * 1000 : BUDGET_MS;
  return { o: clusterOptions(res.data[0]), budgetMs };
}

/** A proactive case's id: names its cluster by its earliest member, so a rerun finds the same case. */
export function proactiveIdOf(clusterKey: string): string {
  return `pro${createHash('sha256').update(`proactive\n${clusterKey}`).digest('hex').slice(0, 29)}`;
}

/**
 * Opens the proactive case of a cluster (routed to the unit above its cases' units) and links its
 * sources. Idempotent: the id names the cluster, and linking skips cases already linked.
 */
export async function openProactive(
  cluster: Cluster,
  ref: Reference,
  o: ClusterOptions,
  now: Date,
  req: Requests
): Promise<CaseDoc> {
  const target = unitAbove(cluster.unitIds, ref.units);
  const unit = target ? ref.units.get(target) : undefined;
  if (!unit) throw new AppError('UNKNOWN_UNIT', cluster.unitIds.join(','));
  const caseId = proactiveIdOf(cluster.key);
  const categoryName = ref.categories.get(cluster.category)?.name ?? CATEGORY_NAME_FALLBACK;
  const opened = openCase(
    {
      category: cluster.category,
      categoryName,
      communityId: cluster.communityId,
      reporterId: `proactive:${caseId}`,
      registeredBy: { staffId: 'system', unitId: unit.id },
      channel: 'proactive',
      at: now
    },
    ref.routing,
    ref.ctx
  );
  if (!opened.ok) throw new AppError(opened.code, opened.detail);
  // Routed to the unit above the sources' units, not by the category rules.
  const record = { ...opened.record, ...arrivalPatch(opened.record, unit, now, ref.ctx) };
  const community = ref.units.get(cluster.communityId)?.name ?? cluster.communityId;
  const description =
    `【主动治理】近${o.windowDays}天${community}${categoryName}类同类诉求${cluster.caseIds.length}件（${cluster.reporters}位群众）：${cluster.text}`.slice(
      0,
      2000
    );
  const timeline: TimelineEntry = {
    ...opened.timeline,
    unitId: unit.id,
    actor: { kind: 'system', id: 'proactive' },
    text: `未诉先办：${cluster.caseIds.length}件同类诉求聚类，主动治理，交${unit.name}办理`,
    data: { channel: 'proactive', sources: cluster.caseIds.length }
  };
  const day = caseDayKey(now);
  const seq = await nextCaseNumber(day);
  const make = (n: number): CaseDoc =>
    withDerived(
      {
        ...record,
        _id: caseId,
        code: formatCaseCode(now, n),
        day,
        seq: n,
        categoryName,
        description,
        photos: [],
        location: cluster.center,
        contactPhone: null,
        reporterName: null,
        anonymous: true,
        rejectReason: null,
        dueAt: null,
        updatedAt: now,
        timeline: [timeline],
        sourceCaseIds: cluster.caseIds,
        clusterKey: cluster.key
      } as CaseDoc,
      ref,
      now
    );
  req.n += 1; // the insert (numbers come in blocks of 20: about one request in 20 more)
  const stored = await insertNumberedCase(day, make(seq), make);
  if (stored.inserted) {
    req.n += 1; // the counter (notices and partner events, if any, are not counted here)
    await Promise.all([
      recordNewCase(stored.doc, now),
      notifyUnits(stored.doc, [{ to: 'unit', unitId: unit.id, event: 'assigned' }], ref.staffOf, ref.templates, now),
      enqueueCaseEvent(stored.doc, ref, now)
    ]);
  }
  await linkSources(stored.doc, cluster.caseIds, now, req);
  return stored.doc;
}

/** Marks sources as feeding the proactive case (a request per 200), and adds new ones to its list (one more). */
export async function linkSources(
  proactive: Pick<CaseDoc, '_id' | 'code' | 'unitId' | 'status' | 'round'>,
  caseIds: readonly string[],
  now: Date,
  req: Requests,
  addTo: readonly string[] | null = null
): Promise<void> {
  const db = database();
  const _ = db.command;
  const entry: TimelineEntry = {
    at: now,
    action: 'proactive',
    actor: { kind: 'system', id: 'proactive' },
    unitId: proactive.unitId,
    status: proactive.status,
    round: proactive.round,
    text: `同类诉求已纳入主动治理案件 ${proactive.code}，由上级统筹办理`,
    data: { proactiveCaseId: proactive._id, code: proactive.code }
  };
  // Only cases not linked yet: a rerun writes nothing twice. Their own status and version stay as they are.
  const unlinked = _.or([{ proactiveCaseId: _.exists(false) }, { proactiveCaseId: null }]);
  for (let i = 0; i < caseIds.length; i += LINK_BATCH) {
    const ids = caseIds.slice(i, i + LINK_BATCH);
    await req.run(
      db
        .collection(COLLECTIONS.cases)
        .where(_.and([{ _id: _.in(ids) }, unlinked]) as never)
        .update({ data: { proactiveCaseId: proactive._id, timeline: _.push([entry]) } })
    );
  }
  // The proactive case's list, as read plus the new ones (a set: a rerun adds nothing twice).
  if (addTo)
    await req.run(
      db
        .collection(COLLECTIONS.cases)
        .where({ _id: proactive._id })
        .update({ data: { sourceCaseIds: [...new Set([...addTo, ...caseIds])] } })
    );
}

/**
 * What a night as of `at` reads: the window, and back to the first day of the month it stores (the
 * month of yesterday, Shanghai) when the window is shorter.
 */
function nightWindow(at: Date, o: ClusterOptions): { from: Date; monthFrom: Date; month: string } {
  const month = monthOf(shanghaiDay(at) - 1);
  const monthFrom = shanghaiInstant(monthDays(month).first);
  return { from: new Date(Math.min(windowStart(at, o.windowDays).getTime(), monthFrom.getTime())), monthFrom, month };
}

/** One community's night: its clusters acted on, and its month's top clusters. */
interface Part {
  cases: number;
  clusters: number;
  passing: number;
  opened: number;
  attached: number;
  top: Candidate[];
}

/**
 * Clusters one community's window as of the night's instant `at`, opens or extends its proactive cases
 * (stamped `now`), and answers its month's top clusters.
 */
export async function clusterCommunity(
  communityId: string,
  at: Date,
  ref: Reference,
  o: ClusterOptions,
  now: Date,
  req: Requests
): Promise<Part> {
  const { from, monthFrom } = nightWindow(at, o);
  const cases = await readWindow(communityId, from, at, req);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const clusters = clusterCases(cases, at, o);
  const plan = planProactive(clusters, byId, o);
  const openedIds = new Map<string, string>();
  for (const c of plan.open) {
    const doc = await openProactive(c, ref, o, now, req);
    openedIds.set(c.key, doc._id);
  }
  for (const a of plan.attach) {
    type Linked = Pick<CaseDoc, '_id' | 'code' | 'unitId' | 'status' | 'round'> & { sourceCaseIds?: string[] };
    const res = await req.run<{ data: Linked[] }>(
      database()
        .collection(COLLECTIONS.cases)
        .where({ _id: a.proactiveCaseId })
        .limit(1)
        .field({ _id: true, code: true, unitId: true, status: true, round: true, sourceCaseIds: true })
        .get()
    );
    const p = res.data[0];
    if (p) await linkSources(p, a.caseIds, now, req, p.sourceCaseIds ?? []);
  }
  // The month so far: its own cases only, clustered alone.
  const inMonth = cases.filter((c) => c.createdAt >= monthFrom);
  const monthOptions = { ...o, windowDays: Math.ceil((at.getTime() - monthFrom.getTime()) / DAY_MS) };
  const monthClusters = clusterCases(inMonth, at, monthOptions);
  const top = keepTop(monthClusters, TOP).map((c): Candidate => ({
    key: c.key,
    communityId: c.communityId,
    category: c.category,
    text: c.text,
    count: c.caseIds.length,
    reporters: c.reporters,
    center: c.center,
    points: c.points.slice(0, MAX_POINTS),
    proactiveCaseId: c.proactiveCaseIds[0] ?? openedIds.get(c.key) ?? proactiveOf(c, clusters, openedIds),
    caseIds: c.caseIds.slice(0, MAX_ROW_IDS)
  }));
  return {
    cases: cases.length,
    clusters: clusters.length,
    passing: plan.open.length + plan.attach.length + clusters.filter((c) => c.proactiveCaseIds.length > 0).length,
    opened: plan.open.length,
    attached: plan.attach.length,
    top
  };
}

/**
 * One call of the night: takes tonight's run (run.ts), clusters communities in groups until its budget
 * is spent, saving after each group, and stores the month's top once the last community is done.
 * `restart` (an admin's run by hand) starts a completed night over.
 */
export async function nightly(now: Date, restart = false): Promise<NightlyReport> {
  const started = Date.now();
  const req = new Requests();
  const [ref, { o, budgetMs }] = await Promise.all([loadReference(now), readOptions(req)]);
  const communities = [...ref.units.values()]
    .filter((u) => u.kind === 'community')
    .map((u) => u.id)
    .sort();
  const claim = await claimRun(now, communities, restart, req);
  if (!claim.held) return report(claim.run, now, o, req, claim.run?.completedAt ? 'complete' : 'busy');
  const run = claim.run;
  const at = new Date(run.at);
  // The call's clock: the night's writes are stamped as they happen.
  const clock = (): Date => new Date(now.getTime() + (Date.now() - started));
  // Communities at once: one at first, then as many as the slowest yet says fit what is left.
  let perCommunity = 0;
  while (run.next < run.communities.length) {
    const groupStart = Date.now();
    const left = budgetMs - (groupStart - started);
    const size = perCommunity === 0 ? 1 : Math.min(GROUP, Math.floor(left / (1.5 * perCommunity)));
    const group = run.communities.slice(run.next, run.next + Math.max(1, size));
    const parts = await Promise.all(group.map((id) => clusterCommunity(id, at, ref, o, clock(), req)));
    run.next += group.length;
    for (const p of parts) {
      run.totals.cases += p.cases;
      run.totals.clusters += p.clusters;
      run.totals.passing += p.passing;
      run.totals.opened += p.opened;
      run.totals.attached += p.attached;
    }
    run.top = keepTop([...run.top, ...parts.flatMap((p) => p.top)], TOP);
    if (run.next === run.communities.length) break;
    // Another community half again as slow as the slowest yet must end within the budget, or it is
    // the next call's (a community's time varies with what it opens and links).
    perCommunity = Math.max(perCommunity, (Date.now() - groupStart) / group.length);
    const spent = Date.now() - started + 1.5 * perCommunity > budgetMs;
    if (!(await save(run, clock(), req, spent ? 'release' : 'hold'))) return report(run, at, o, req, 'lost');
    if (spent) return report(run, at, o, req, 'partial');
  }
  await storeMonth(run, at, ref, o, clock(), req);
  if (!(await save(run, clock(), req, 'done'))) return report(run, at, o, req, 'lost');
  return report(run, at, o, req, 'complete');
}

/** Checkpoints the run with this call's requests (the checkpoint's own included) counted in. */
async function save(run: RunDoc, now: Date, req: Requests, then: 'hold' | 'release' | 'done'): Promise<boolean> {
  const totals = {
    ...run.totals,
    requests: run.totals.requests + req.n + 1,
    calls: run.totals.calls + (then === 'hold' ? 0 : 1)
  };
  const ok = await checkpoint({ ...run, totals }, now, req, then);
  if (ok) {
    run.totals = totals;
    req.n = 0;
  }
  return ok;
}

/** The month's top rows, from the run's running top, against last month's stored rows for the trend. */
async function storeMonth(
  run: RunDoc,
  at: Date,
  ref: Reference,
  o: ClusterOptions,
  now: Date,
  req: Requests
): Promise<void> {
  const { month } = nightWindow(at, o);
  const lastDoc = await readMonth(previousMonth(month), req);
  // Stored rows and candidates carry their count beside their capped ids: topClusters ranks by it.
  const byKey = new Map(run.top.map((c) => [c.key, c]));
  const rows: StoredRow[] = topClusters(run.top, lastDoc?.rows ?? [], o, TOP).map((r) => ({
    key: r.key,
    communityId: r.communityId,
    communityName: ref.units.get(r.communityId)?.name ?? r.communityId,
    category: r.category,
    categoryName: ref.categories.get(r.category)?.name ?? r.category,
    text: r.text,
    count: r.count,
    reporters: r.reporters,
    lastMonth: r.lastMonth,
    trend: r.trend,
    center: r.center,
    points: r.points,
    proactiveCaseId: byKey.get(r.key)?.proactiveCaseId ?? null,
    caseIds: r.caseIds
  }));
  // The rows only: the pick (if any) stays as the 综治中心 left it.
  const months = database().collection(COLLECTIONS.proactiveMonths);
  if (await readMonth(month, req))
    await req.run(months.where({ _id: month }).update({ data: { computedAt: now, rows } }));
  else await req.run(months.doc(month).set({ data: { month, computedAt: now, rows, pick: null } }));
}

function report(
  run: RunDoc | null,
  at: Date,
  o: ClusterOptions,
  req: Requests,
  state: NightlyReport['state']
): NightlyReport {
  const t = run?.totals;
  const when = run ? new Date(run.at) : at;
  const { from, month } = nightWindow(when, o);
  return {
    state,
    from: from.toISOString(),
    to: when.toISOString(),
    communities: run?.communities.length ?? 0,
    done: run?.next ?? 0,
    cases: t?.cases ?? 0,
    clusters: t?.clusters ?? 0,
    passing: t?.passing ?? 0,
    opened: t?.opened ?? 0,
    attached: t?.attached ?? 0,
    requests: (t?.requests ?? 0) + req.n,
    callRequests: req.n,
    calls: t?.calls ?? 0,
    month
  };
}

/** The proactive case of the window cluster sharing a member with this month's cluster, if any. */
function proactiveOf(c: Cluster | undefined, window: Cluster[], opened: Map<string, string>): string | null {
  if (!c) return null;
  const members = new Set(c.caseIds);
  const w = window.find((x) => x.caseIds.some((id) => members.has(id)));
  return w ? (w.proactiveCaseIds[0] ?? opened.get(w.key) ?? null) : null;
}
