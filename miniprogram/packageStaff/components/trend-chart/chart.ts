// The trend chart as AntV F2 draws it. `trendSpec` is the pure mapping from the page's ChartData to F2's
// data rows; `trendElement` turns it into F2 elements, built with F2's `jsx` calls (no JSX compiler here).
import { Axis, Chart, jsx, Line, Point, withLegend } from '@antv/f2';
import type { ChartData } from '../../dashboard/view';

export type F2Element = ReturnType<typeof jsx>;
// F2's typing of `jsx` rejects components with required props (Axis needs `field`); the calls are the same.
const el = jsx as (type: unknown, props: object, ...children: unknown[]) => F2Element;

/** One point of one line: F2 wants long-format rows. */
export interface TrendRow {
  /** The month's index, not its label: labels such as '11月' come back a year later. */
  x: number;
  series: string;
  /** Percent 0–100; null draws nothing, so the line has a gap there. */
  value: number | null;
}

export interface TrendSpec {
  categories: string[];
  series: Array<{ name: string; color: string; dash: number[] }>;
  rows: TrendRow[];
}

/** ChartData → F2's rows, series by series in order; null when there is nothing to draw. */
export function trendSpec(chart: ChartData | null | undefined): TrendSpec | null {
  if (!chart || !chart.categories.length || !chart.series.length) return null;
  const rows: TrendRow[] = [];
  for (const s of chart.series) {
    chart.categories.forEach((_, x) => {
      const v = s.data[x];
      rows.push({ x, series: s.name, value: typeof v === 'number' && Number.isFinite(v) ? v : null });
    });
  }
  return {
    categories: chart.categories,
    series: chart.series.map(({ name, color, dash }) => ({ name, color, dash })),
    rows
  };
}

// Static: nothing moves, each change is drawn in one frame. No `leave`: F2 keeps a removed point on
// screen until its leave animation ends, and one of no duration never does.
const STILL = { appear: { duration: 0 }, update: { duration: 0 } };
// 14px text, #595959 keeps 7:1 on white (F2's default is 10px #808080).
const LABEL = { fontSize: 14, fill: '#595959' };

interface LegendItem {
  name: string;
  color: string;
  dash: number[];
}

/** F2's legend with our marker: each line's dash as well as its colour, so colour is not the only cue. */
const DashLegend = withLegend((props: { items: LegendItem[]; itemWidth: number; style: Record<string, unknown> }) =>
  el(
    'group',
    { style: props.style },
    props.items.map((item) =>
      el(
        'group',
        {
          style: {
            width: props.itemWidth,
            display: 'flex',
            flexDirection: 'row',
            alignItems: 'center',
            padding: [4, 8, 4, 0]
          }
        },
        el('line', {
          style: { width: 24, marginRight: 6 },
          attrs: { stroke: item.color, lineWidth: 3, lineDash: item.dash }
        }),
        el('text', { attrs: { ...LABEL, fill: '#404040', text: item.name } })
      )
    )
  )
);

/** The F2 chart of a spec: months along the bottom, 0–100 % up the side, a line and points per series. */
export function trendElement(spec: TrendSpec): F2Element {
  const colors = spec.series.map((s) => s.color);
  const dashes = new Map(spec.series.map((s) => [s.name, s.dash]));
  return el(
    Chart,
    {
      data: spec.rows,
      scale: {
        x: {
          type: 'cat',
          values: spec.categories.map((_, i) => i),
          formatter: (i: number) => spec.categories[i] ?? ''
        },
        series: { type: 'cat', values: spec.series.map((s) => s.name) },
        value: { min: 0, max: 100, tickCount: 5, formatter: (v: number) => `${v}%` }
      }
    },
    el(Axis, { field: 'x', style: { label: LABEL }, animation: STILL }),
    el(Axis, { field: 'value', style: { label: LABEL }, animation: STILL }),
    el(Line, {
      x: 'x',
      y: 'value',
      connectNulls: false,
      color: { field: 'series', range: colors },
      style: { field: 'series', lineWidth: 2.5, lineDash: (name: string) => dashes.get(name) ?? [] },
      animation: STILL
    }),
    // Points too: a month between two gaps has no line to show it.
    el(Point, { x: 'x', y: 'value', color: { field: 'series', range: colors }, size: 3.5, animation: STILL }),
    el(DashLegend, { position: 'top', clickable: false, items: spec.series })
  );
}
