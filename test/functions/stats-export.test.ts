// stats.export: an xlsx (default) or CSV in cloud storage, read back through its temporary link.
// read-excel-file (a devDependency) parses the xlsx: same author as write-excel-file, but an independent reader.
import { readSheet } from 'read-excel-file/node';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { Result } from '../../typings/result';
import type { ExportResponse, KpisResponse } from '../../typings/stats';

let cloud: TestCloud;

const stats = <T>(openid: string, action: string, fields: Record<string, unknown>) =>
  cloud.call<Result<T>>('stats', { action, ...fields }, openid);
async function statsOk<T>(openid: string, action: string, fields: Record<string, unknown>): Promise<T> {
  const res = await stats<T>(openid, action, fields);
  if (!res.ok) throw new Error(`${action}: ${res.code} ${res.message}`);
  return res.data;
}

/** File, accept, resolve and rate a case in a community. */
async function handled(
  resident: string,
  communityId: string,
  satisfaction: 'satisfied' | 'unsatisfied'
): Promise<void> {
  const c = await submitOk(cloud, resident, { communityId });
  await actOk(cloud, staffOf(communityId), 'accept', { caseId: c.caseId });
  await actOk(cloud, staffOf(communityId), 'resolve', { caseId: c.caseId, result: '已协调处理完毕' });
  await actOk(cloud, resident, 'rate', { caseId: c.caseId, satisfaction }, 'ratings');
}

/** A month either side of today in Shanghai; the server counts up to today. */
const shanghaiDay = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const period = { from: shanghaiDay(Date.now() - 30 * 86_400_000), to: shanghaiDay(Date.now() + 30 * 86_400_000) };

async function download(res: ExportResponse): Promise<Buffer> {
  const url = new URL(res.tempFileURL);
  const file = await cloud.request('GET', `${url.pathname}${url.search}`);
  expect(file.status).toBe(200);
  return file.raw;
}

beforeAll(async () => {
  cloud = await startLocalCloud();
  await handled('resident-1', ORG.pingan, 'satisfied');
  await handled('resident-2', ORG.ganghua, 'unsatisfied');
  await handled('resident-3', ORG.bajiaoCommunity, 'satisfied'); // another town
});
afterAll(() => cloud?.stop());

const HEAD = [
  '排名',
  '单位',
  '响应率',
  '按时办结率',
  '满意率',
  '应响应',
  '按时响应',
  '应办结',
  '按时办结',
  '评价数',
  '其中回访',
  '报到率',
  '反馈率',
  '评价均分',
  '吹哨合理率'
];

describe('stats.export', () => {
  test('writes an xlsx by default: title, header, the town total as numbers equal to kpis, its communities only', async () => {
    const town = await statsOk<KpisResponse>(staffOf(ORG.xinshancun), 'kpis', period);
    const res = await statsOk<ExportResponse>(staffOf(ORG.xinshancun), 'export', period);
    // The town's total and its ranking come from one read of the counters (the role is cached).
    expect((await cloud.invocations(1))[0].dbRequests).toBe(1);
    expect(res.format).toBe('xlsx');
    expect(res.fileID).toMatch(/^cloud:\/\/.*\.xlsx$/);

    const raw = await download(res);
    expect(raw.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as xlsx is
    const rows = await readSheet(raw);
    expect(rows[0][0]).toBe(`新山村街道 考核指标 ${period.from} 至 ${town.countedTo}`);
    expect(rows[1]).toEqual(HEAD);
    const body = rows.slice(2);
    expect(body).toHaveLength(res.rows);

    const total = body.find((r) => r[1] === '新山村街道（合计）')!;
    expect(total).toBeDefined();
    const col = (name: string) => total[HEAD.indexOf(name)];
    expect(town.satisfactionRate).toBe(0.5); // one satisfied, one not
    expect(col('满意率')).toBe(town.satisfactionRate);
    expect(col('按时办结率')).toBe(town.onTimeRate);
    expect(col('评价数')).toBe(town.counts.rated);
    expect(col('应办结')).toBe(town.counts.resolveDue);
    expect(col('响应率')).toBeNull(); // no response deadline has fallen yet: empty, not 0

    const names = body.map((r) => r[1]);
    expect(names).toEqual(expect.arrayContaining(['平安社区', '钢花社区']));
    expect(names).not.toContain('五一社区');
    expect(names.some((n) => String(n).includes('八桥'))).toBe(false);
    const pingan = body.find((r) => r[1] === '平安社区')!;
    expect(typeof pingan[0]).toBe('number'); // rank
    expect(pingan[HEAD.indexOf('满意率')]).toBe(1);
  });

  test('still writes a CSV with a BOM on request, rates in percent', async () => {
    const res = await statsOk<ExportResponse>(staffOf(ORG.xinshancun), 'export', { ...period, format: 'csv' });
    expect(res.format).toBe('csv');
    expect(res.fileID).toMatch(/\.csv$/);
    const text = (await download(res)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[1].split(',').slice(0, 5)).toEqual(['排名', '单位', '响应率(%)', '按时办结率(%)', '满意率(%)']);
    expect(lines.find((l) => l.startsWith(',新山村街道（合计）,'))!.split(',')[4]).toBe('50.00');
    expect(text).toMatch(/平安社区/);
    expect(text).not.toMatch(/八桥|五一社区/);
  });

  test.each([['pdf'], [1], ['XLSX']])(
    'format %j is refused with FIELD_INVALID and a Chinese message',
    async (format) => {
      const res = await stats(staffOf(ORG.xinshancun), 'export', { ...period, format });
      expect(res).toMatchObject({ ok: false, code: 'FIELD_INVALID', detail: 'format' });
      expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  );

  test('a town cannot export another town', async () => {
    expect(await stats(staffOf(ORG.xinshancun), 'export', { ...period, unitId: ORG.bajiao })).toMatchObject({
      ok: false,
      code: 'UNIT_OUT_OF_SCOPE'
    });
  });
});
