/**
 * @jest-environment jsdom
 */
// 考核看板 against the real local cloud: rates, trend series, rankings, unit switcher, month, export.
import fs from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import {
  monthPeriod,
  rateText,
  type ChartData,
  type RankingRow,
  type RateCard,
  type UnitOption
} from '../../miniprogram/packageStaff/dashboard/view';
import { shanghaiMonth } from '../../miniprogram/utils/format';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, startLocalCloud, wxControl, signIn, type LoadedPage } from '../support/simulate';
import type { Result } from '../../typings/result';
import type { KpisResponse } from '../../typings/stats';

let cloud: TestCloud;
let page: LoadedPage | undefined;

/** File, accept, resolve and rate a case in a community, as its staff and the resident would. */
async function handled(
  resident: string,
  communityId: string,
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied'
): Promise<void> {
  const c = await submitOk(cloud, resident, { communityId });
  await actOk(cloud, staffOf(communityId), 'accept', { caseId: c.caseId });
  await actOk(cloud, staffOf(communityId), 'resolve', { caseId: c.caseId, result: '已协调处理完毕' });
  await actOk(cloud, resident, 'rate', { caseId: c.caseId, satisfaction }, 'ratings');
}

beforeAll(async () => {
  cloud = await startLocalCloud();
  await handled('resident-1', ORG.pingan, 'satisfied');
  await handled('resident-2', ORG.pingan, 'basic');
  await handled('resident-3', ORG.ganghua, 'unsatisfied'); // 重办: a new round, not yet due
});
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);

const thisMonth = (): string => shanghaiMonth(Date.now());
async function kpis(viewer: string, unitId: string, month = thisMonth()): Promise<Result<KpisResponse>> {
  return cloud.call<Result<KpisResponse>>('stats', { action: 'kpis', unitId, ...monthPeriod(month) }, viewer);
}
/** The dashboard's data, typed for the assertions here. */
interface DashboardData {
  status: 'loading' | 'ready' | 'error';
  units: UnitOption[];
  departmentNames: string[];
  unitName: string;
  monthText: string;
  cards: RateCard[];
  chart: ChartData;
  trendLines: string[];
  trendError: string;
  rankingRows: RankingRow[];
  overdueText: string;
  exportLink: string;
}
const dash = (p: LoadedPage): DashboardData => p.data as DashboardData;
const rateTexts = (p: LoadedPage): string[] => dash(p).cards.map((c) => c.value);

describe('考核看板', () => {
  test('the town sees its rates, trend series and rankings; switches to a community; exports', async () => {
    as(staffOf(ORG.xinshancun));
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(
      () =>
        dash(page!).cards.length === 4 &&
        dash(page!).rankingRows.length > 0 &&
        dash(page!).overdueText !== '' &&
        (dash(page!).trendLines.length > 0 || dash(page!).trendError !== '')
    );
    expect(dash(page).trendError).toBe('');
    const text = page.text();
    expect(text).toContain('新山村街道');
    // Figures filed just now: no response deadline has fallen yet; two on-time resolutions; 2 of 3 ratings favourable.
    // A town also sees how reasonable departments found its whistles (none judged yet).
    expect(rateTexts(page)).toEqual(['暂无数据', '100.0%', '66.7%', '暂无数据']);
    expect(text).toContain('吹哨合理率');
    expect(text).toContain('响应率 暂无数据');
    expect(text).toContain('按期办结 2 / 应办结 2');
    expect(text).toContain('满意 1、基本满意 1 / 评价 3');
    expect(text).toContain('逾期诉求（新山村街道及下级）： 0 件');
    // The page agrees with the backend.
    const town = await kpis(staffOf(ORG.xinshancun), ORG.xinshancun);
    if (!town.ok) throw new Error(town.message);
    expect(rateTexts(page)).toEqual([
      rateText(town.data.responseRate),
      rateText(town.data.onTimeRate),
      rateText(town.data.satisfactionRate),
      rateText(town.data.whistleReasonableRate)
    ]);

    // The switcher: the town and its 8 communities, nothing of another town.
    expect(dash(page).units.map((u) => u.name)).toHaveLength(9);
    expect(text).toContain('钢花社区');
    expect(text).not.toContain('五一社区');

    // The series the chart is fed: 6 months ending with this one, in percent.
    const chart = dash(page).chart;
    expect(chart.categories).toHaveLength(6);
    expect(chart.categories[5]).toBe(`${Number(thisMonth().slice(5))}月`);
    expect(chart.series.map((s: { name: string }) => s.name)).toEqual(['响应率', '按期办结率', '满意率']);
    expect(chart.series.map((s: { data: unknown[] }) => s.data[5])).toEqual([null, 100, 66.7]);
    expect(page.text()).toMatch(/月：响应 暂无数据，办结 100\.0%，满意 66\.7%/);

    // Rankings: the town among all 8 towns, then its communities.
    expect(text).toContain('共 8 个镇街参与排名');
    expect(dash(page).rankingRows.map((r) => r.name)).toEqual(['新山村街道']);
    await page.tapText('村社区');
    await page.waitForText('个村社区参与排名');
    const names = dash(page).rankingRows.map((r) => r.name);
    expect(names.slice(0, 2)).toEqual(['平安社区', '钢花社区']); // 100 % beats 0 % satisfied; the others have nothing
    expect(page.text()).toMatch(/第1名 平安社区 综合 100\.0%/);
    expect(names).not.toContain('五一社区');

    // Switch to 平安社区.
    await page.tapText('平安社区'); // the chip comes before the ranking row in the page
    await page.waitFor(() => dash(page!).unitName === '平安社区' && rateTexts(page!)[2] === '100.0%');
    expect(page.text()).toContain('满意 1、基本满意 1 / 评价 2');

    // Export, copy, open.
    await page.tapText(`导出 平安社区 ${dash(page).monthText} 报表（Excel）`);
    await page.waitFor(() => dash(page!).exportLink !== '');
    const link = dash(page).exportLink;
    expect(page.text()).toContain(link);
    expect(page.text()).toMatch(/共 \d+ 行，链接 .* 前有效/);
    await page.tapText('复制链接');
    await page.waitFor(() => wxControl.clipboard === link);
    // An xlsx, which wx.openDocument shows: no "copy the link" fallback.
    expect(link).toMatch(/\.xlsx(\?|$)/);
    await page.tapText('打开');
    await page.waitFor(() =>
      expect(wxControl.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'xlsx' }))
    );
    expect(wxControl.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: link }));
    const saved = (wxControl.openDocument.mock.calls[0][0] as { filePath: string }).filePath;
    // The file saved is the whole workbook the link served, byte for byte readable.
    const rows = await readSheet(fs.readFileSync(saved));
    expect(String(rows[0][0])).toContain('平安社区 考核指标');
    expect(rows.some((r) => String(r[1]).startsWith('平安社区'))).toBe(true);
    // wx.openDocument answers on the next turn of the event loop; a failure would show the modal then.
    await new Promise((r) => setTimeout(r, 0));
    expect(wxControl.showModal).not.toHaveBeenCalled();
  });

  test('another month: the picker reloads the figures for it', async () => {
    as(staffOf(ORG.xinshancun));
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(() => dash(page!).cards.length === 4);
    const [y, m] = thisMonth().split('-').map(Number);
    const earlier = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    page.query('.db__month')!.dispatchEvent('change', { detail: { value: earlier } });
    await page.waitForText(`${Number(earlier.slice(0, 4))}年${Number(earlier.slice(5))}月`);
    await page.waitFor(
      () =>
        rateTexts(page!).join() === '暂无数据,暂无数据,暂无数据,暂无数据' &&
        dash(page!).chart.categories[5] === `${Number(earlier.slice(5))}月`
    );
    expect(dash(page).chart.categories[5]).toBe(`${Number(earlier.slice(5))}月`);
  });

  test('the district reaches every community through its town, and every department', async () => {
    // The town whistles the justice bureau, which checks in on time.
    const c = await submitOk(cloud, 'resident-1', { category: 'labor', description: '工地拖欠工资，请街道协调。' });
    await actOk(cloud, staffOf(ORG.xinshancun), 'accept', { caseId: c.caseId });
    await actOk(cloud, staffOf(ORG.xinshancun), 'whistle', {
      caseId: c.caseId,
      departmentIds: ['dept-justice'],
      reason: '需司法所协同'
    });
    await actOk(cloud, staffOf('dept-justice'), 'checkIn', { caseId: c.caseId });

    as(staffOf(ORG.district));
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(() => dash(page!).cards.length === 4 && dash(page!).rankingRows.length > 0);
    expect(page.queryAll('.db__sub-unit')).toHaveLength(0);
    await page.tapText('新山村街道');
    await page.waitForText('新山村街道下属村社区：');
    expect(page.queryAll('.db__sub-unit')).toHaveLength(8);
    await page.tapText('平安社区');
    await page.waitFor(() => dash(page!).unitName === '平安社区' && dash(page!).cards.length === 3);
    expect(rateTexts(page)[2]).toBe('100.0%');

    // A department: its check-ins, reports and evaluations, no case trend.
    page
      .query('.db__dept')!
      .dispatchEvent('change', { detail: { value: dash(page).departmentNames.indexOf('区司法局') } });
    await page.waitFor(() => dash(page!).unitName === '区司法局' && dash(page!).cards[0]?.key === 'checkIn');
    expect(dash(page).cards.map((c) => c.label)).toEqual(['按时报到率', '结果反馈率', '评价均分']);
    expect(rateTexts(page)).toEqual(['100.0%', '0.0%', '暂无数据']);
    expect(page.text()).toContain('按时报到 1 / 被吹哨 1');
    expect(page.text()).not.toContain('个月趋势');
    expect(page.queryAll('.db__sub-unit')).toHaveLength(0);

    // The department ranking shows what departments are ranked on.
    await page.tapText('部门');
    await page.waitForText('个部门参与排名');
    expect(page.text()).toMatch(/区司法局 综合 [\d.]+% 报到 100\.0% · 反馈 0\.0% · 评价 暂无数据/);
  });

  test('a community’s staff cannot pick another community, and the backend refuses it', async () => {
    as(staffOf(ORG.pingan));
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(() => dash(page!).cards.length === 3 && dash(page!).rankingRows.length > 0);
    expect(dash(page).units).toEqual([{ id: ORG.pingan, name: '平安社区' }]);
    expect(page.queryAll('.db__unit')).toHaveLength(0);
    expect(page.text()).not.toContain('钢花社区');
    expect(dash(page).rankingRows.map((r) => r.name)).toEqual(['平安社区']);
    expect(await kpis(staffOf(ORG.pingan), ORG.ganghua)).toMatchObject({ ok: false, code: 'UNIT_OUT_OF_SCOPE' });
  });

  test('a resident is refused with a clear message', async () => {
    as('resident-1');
    page = await loadPage('packageStaff/dashboard/index');
    await page.waitFor(() => dash(page!).status === 'error');
    expect(page.text()).toContain('重试');
  });
});
