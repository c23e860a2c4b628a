// 数据共享: the day's cases, per handling unit, to storage: an xlsx for people and JSON lines for
// machines (exports/daily/<day>/<unitId>.xlsx|.jsonl, and index.json listing them). No names or
// phones: the same fields as the Open311 view, phones in the description masked.
import writeXlsxFile, { type Row, type SheetData } from 'write-excel-file/node';
import { CHANNEL_NAMES, channelOf } from '../../domain/channel';
import { STATUS_LABELS } from '../../domain/labels';
import { formatDate, maskPhones } from '../../domain/open311';
import { dayToIso, shanghaiInstant } from '../../domain/time';
import type { DailyExportReport } from '../../typings/partners';
import { database, sdk, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { loadReference, type Reference } from '../../server/reference';
import type { CaseDoc } from '../../server/repos/cases';

const PAGE = 1000;

type ExportCase = Pick<
  CaseDoc,
  | '_id'
  | 'code'
  | 'channel'
  | 'category'
  | 'categoryName'
  | 'communityId'
  | 'unitId'
  | 'registeredUnitId'
  | 'level'
  | 'status'
  | 'description'
  | 'createdAt'
  | 'firstResponseDueAt'
  | 'resolveDueAt'
  | 'firstReplyAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'rating'
  | 'ratedBy'
>;

const FIELDS = {
  _id: true,
  code: true,
  channel: true,
  category: true,
  categoryName: true,
  communityId: true,
  unitId: true,
  registeredUnitId: true,
  level: true,
  status: true,
  description: true,
  createdAt: true,
  firstResponseDueAt: true,
  resolveDueAt: true,
  firstReplyAt: true,
  resolvedAt: true,
  closedAt: true,
  rating: true,
  ratedBy: true
} as const;

/** The day's cases, oldest first, a page of 1000 a request through the `created` index (keyset, never skip). */
async function casesOfDay(day: number): Promise<ExportCase[]> {
  const _ = database().command;
  const from = shanghaiInstant(day);
  const to = shanghaiInstant(day + 1);
  const out: ExportCase[] = [];
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    // The range starts at the previous page's last case: the index seeks there (the $or only breaks ties).
    const range = { createdAt: _.gte(after ? after.at : from).and(_.lt(to)) };
    const where = after
      ? _.and([range, _.or([{ createdAt: _.gt(after.at) }, { createdAt: after.at, _id: _.gt(after.id) }])])
      : range;
    const res = await settle(
      database()
        .collection(COLLECTIONS.cases)
        .where(where)
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .field(FIELDS)
        .get()
    );
    const page = res.data as ExportCase[];
    out.push(...page);
    if (page.length < PAGE) return out;
    const last = page[page.length - 1];
    after = { at: new Date(last.createdAt), id: last._id };
  }
}

/** One line per case, for machines. */
function record(c: ExportCase, ref: Reference) {
  const name = (id: string) => ref.units.get(id)?.name ?? id;
  return {
    code: c.code,
    channel: channelOf(c),
    category: c.category,
    categoryName: c.categoryName,
    community: name(c.communityId),
    communityId: c.communityId,
    unit: name(c.unitId),
    unitId: c.unitId,
    registeredUnitId: c.registeredUnitId,
    level: c.level,
    status: c.status,
    description: maskPhones(c.description),
    createdAt: formatDate(c.createdAt),
    firstResponseDueAt: formatDate(c.firstResponseDueAt),
    resolveDueAt: formatDate(c.resolveDueAt),
    firstReplyAt: formatDate(c.firstReplyAt),
    resolvedAt: formatDate(c.resolvedAt),
    closedAt: formatDate(c.closedAt),
    rating: c.rating,
    ratedBy: c.ratedBy
  };
}

type ExportRecord = ReturnType<typeof record>;

const COLUMNS: Array<[string, number, (r: ExportRecord) => string]> = [
  ['诉求编号', 20, (r) => r.code],
  ['来源', 10, (r) => CHANNEL_NAMES[r.channel]],
  ['类别', 14, (r) => r.categoryName],
  ['村（社区）', 14, (r) => r.community],
  ['办理单位', 16, (r) => r.unit],
  ['状态', 8, (r) => STATUS_LABELS[r.status]],
  ['登记时间', 26, (r) => r.createdAt ?? ''],
  ['办结时限', 26, (r) => r.resolveDueAt ?? ''],
  ['诉求内容', 50, (r) => r.description]
];

function toXlsx(title: string, rows: ExportRecord[]): Promise<Buffer> {
  const data: SheetData = [
    [
      { value: title, type: String, fontWeight: 'bold', columnSpan: COLUMNS.length },
      ...COLUMNS.slice(1).map(() => null)
    ],
    COLUMNS.map(([head]) => ({ value: head, type: String, fontWeight: 'bold' })),
    ...rows.map((r): Row => COLUMNS.map(([, , get]) => ({ value: get(r), type: String })))
  ];
  return writeXlsxFile(data, {
    sheet: '诉求',
    stickyRowsCount: 2,
    columns: COLUMNS.map(([, width]) => ({ width }))
  }).toBuffer();
}

/** Exports a Shanghai day (a day number): one xlsx and one JSON-lines file per handling unit, and an index. */
export async function exportDay(day: number, now: Date): Promise<DailyExportReport> {
  const ref = await loadReference(now);
  const cases = await casesOfDay(day);
  const iso = dayToIso(day);
  const byUnit = new Map<string, ExportRecord[]>();
  for (const c of cases) {
    const list = byUnit.get(c.unitId) ?? [];
    list.push(record(c, ref));
    byUnit.set(c.unitId, list);
  }
  const files: DailyExportReport['files'] = [];
  for (const [unitId, rows] of [...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const base = `exports/daily/${iso}/${unitId}`;
    const title = `${ref.units.get(unitId)?.name ?? unitId} ${iso} 诉求`;
    const jsonl = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');
    const [x, j] = await Promise.all([
      sdk().uploadFile({ cloudPath: `${base}.xlsx`, fileContent: await toXlsx(title, rows) }),
      sdk().uploadFile({ cloudPath: `${base}.jsonl`, fileContent: jsonl })
    ]);
    files.push({
      unitId,
      cases: rows.length,
      xlsx: (x as { fileID: string }).fileID,
      jsonl: (j as { fileID: string }).fileID
    });
  }
  const report: DailyExportReport = { day: iso, cases: cases.length, files };
  await sdk().uploadFile({
    cloudPath: `exports/daily/${iso}/index.json`,
    fileContent: Buffer.from(JSON.stringify(report))
  });
  return report;
}
