// Pure helpers of the 考核看板: periods, rate texts, unit options and chart series. No `wx`, so tests import them.
import type { CaseCounts, KpisResponse, OrgCatalog, RankingItem, RankingKind, TrendResponse } from '../../../typings';

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM' → its first and last day, as stats expects. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** 'YYYY-MM' → '2026年11月'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/** A 0–1 rate as '87.5%'; null (nothing to count) as '暂无数据'. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '暂无数据' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export interface RateCard {
  key: 'response' | 'onTime' | 'satisfaction' | 'whistleReasonable' | 'checkIn' | 'report' | 'evaluation';
  label: string;
  value: string;
  /** What the figure was computed from, e.g. '按期回复 3 / 应回复 4'. */
  detail: string;
}

/**
 * A unit's figures as cards, counts spelled out: the three case rates, and a town's (or the
 * district's) whistles judged reasonable; a department instead has its check-ins, reports and the
 * evaluations it got (it handles whistles, not cases).
 */
export function rateCards(
  k: Pick<
    KpisResponse,
    'responseRate' | 'onTimeRate' | 'satisfactionRate' | 'counts' | 'department' | 'whistleReasonableRate'
  >
): RateCard[] {
  const d = k.department;
  if (d) {
    return [
      {
        key: 'checkIn',
        label: '按时报到率',
        value: rateText(d.checkInRate),
        detail: `按时报到 ${d.counts.checkedInOnTime} / 被吹哨 ${d.counts.whistled}`
      },
      {
        key: 'report',
        label: '结果反馈率',
        value: rateText(d.reportRate),
        detail: `已反馈 ${d.counts.reported} / 应反馈 ${d.counts.resultsOwed}`
      },
      {
        key: 'evaluation',
        label: '评价均分',
        value: d.evaluation === null ? '暂无数据' : `${d.evaluation.toFixed(2)}分`,
        detail: `镇街评价 ${d.counts.townEvaluations} 次、区级评价 ${d.counts.districtEvaluations} 次（满分5分，镇街评价权重更高）`
      }
    ];
  }
  const c: CaseCounts = k.counts;
  const followUp = c.byFollowUp ? `（含回访 ${c.byFollowUp}）` : '';
  const cards: RateCard[] = [
    {
      key: 'response',
      label: '响应率',
      value: rateText(k.responseRate),
      detail: `按期回复 ${c.responseMet} / 应回复 ${c.responseDue}`
    },
    {
      key: 'onTime',
      label: '按期办结率',
      value: rateText(k.onTimeRate),
      detail: `按期办结 ${c.resolveMet} / 应办结 ${c.resolveDue}`
    },
    {
      key: 'satisfaction',
      label: '满意率',
      value: rateText(k.satisfactionRate),
      detail: `满意 ${c.satisfied}、基本满意 ${c.basic} / 评价 ${c.rated}${followUp}`
    }
  ];
  if (k.whistleReasonableRate !== undefined) {
    cards.push({
      key: 'whistleReasonable',
      label: '吹哨合理率',
      value: rateText(k.whistleReasonableRate),
      detail: '被吹哨部门认为本单位吹哨合理的比例'
    });
  }
  return cards;
}

export interface UnitOption {
  id: string;
  name: string;
}

export type UnitKind = 'district' | 'town' | 'community' | 'department';

/** The communities of a town, for the district's second row of the switcher (the district sees every unit). */
export function communitiesOf(catalog: OrgCatalog, townId: string): UnitOption[] {
  return catalog.towns.find((t) => t.id === townId)?.communities.map(({ id, name }) => ({ id, name })) ?? [];
}

/** The caller's unit first, then the units directly below it: what the switcher offers. */
export function unitOptions(catalog: OrgCatalog, unitId: string): { kind: UnitKind; options: UnitOption[] } | null {
  if (catalog.district.id === unitId)
    return { kind: 'district', options: [catalog.district, ...catalog.towns.map(({ id, name }) => ({ id, name }))] };
  for (const town of catalog.towns) {
    if (town.id === unitId) return { kind: 'town', options: [{ id: town.id, name: town.name }, ...town.communities] };
    const community = town.communities.find((c) => c.id === unitId);
    if (community) return { kind: 'community', options: [community] };
  }
  const dept = catalog.departments.find((d) => d.id === unitId);
  return dept ? { kind: 'department', options: [dept] } : null;
}

export const RANKING_LABELS: Record<RankingKind, string> = { town: '镇街', community: '村社区', department: '部门' };

/** Ranking tabs worth showing to a unit of this kind (others would be empty for it). */
export function rankingKinds(kind: UnitKind): RankingKind[] {
  switch (kind) {
    case 'district':
      return ['town', 'community', 'department'];
    case 'town':
      return ['town', 'community'];
    case 'community':
      return ['community'];
    case 'department':
      return ['department'];
  }
}

export interface RankingRow {
  unitId: string;
  rank: string;
  name: string;
  score: string;
  rates: string;
}

export function rankingRows(items: RankingItem[]): RankingRow[] {
  return items.map((i) => ({
    unitId: i.unitId,
    rank: `第${i.rank}名`,
    name: i.unitName,
    score: `综合 ${rateText(i.score)}`,
    // A department is ranked on the whistles it answered, the others on their cases.
    rates: i.department
      ? `报到 ${rateText(i.department.checkInRate)} · 反馈 ${rateText(i.department.reportRate)} · 评价 ${i.department.evaluation === null ? '暂无数据' : `${i.department.evaluation.toFixed(2)}分`}`
      : `响应 ${rateText(i.responseRate)} · 办结 ${rateText(i.onTimeRate)} · 满意 ${rateText(i.satisfactionRate)}`
  }));
}

export interface ChartSeries {
  name: string;
  color: string;
  /** Line style, so the lines differ by more than colour. */
  dash: number[];
  /** Percent 0–100; null leaves a gap. */
  data: Array<number | null>;
}

export interface ChartData {
  categories: string[];
  series: ChartSeries[];
}

const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

/** The trend as the chart draws it: months as '9月', the rates in percent. Colours keep ≥ 4.5:1 on white. */
export function trendChart(points: TrendResponse['points']): ChartData {
  return {
    categories: points.map((p) => `${Number(p.month.slice(5))}月`),
    series: [
      { name: '响应率', color: '#0052d9', dash: [], data: points.map((p) => pct(p.responseRate)) },
      { name: '按期办结率', color: '#006c3c', dash: [8, 4], data: points.map((p) => pct(p.onTimeRate)) },
      { name: '满意率', color: '#a33a00', dash: [2, 4], data: points.map((p) => pct(p.satisfactionRate)) }
    ]
  };
}

/** The trend as text under the chart (read aloud, and readable when the canvas is not). */
export function trendLines(points: TrendResponse['points']): string[] {
  return points.map(
    (p) =>
      `${monthLabel(p.month)}：响应 ${rateText(p.responseRate)}，办结 ${rateText(p.onTimeRate)}，满意 ${rateText(p.satisfactionRate)}`
  );
}
