/**
 * @jest-environment jsdom
 */
// The 考核看板's trend chart: the pure ChartData → F2 rows mapping; what AntV F2 draws from it, on a 2D
// context that records every call; and the component inside F2's WeChat component (@antv/f2-wx, the
// copy `npm run postinstall` puts in the staff subpackage's miniprogram_npm), which gets a recording canvas
// from a stubbed query.
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { trendChart, type ChartData } from '../../miniprogram/packageStaff/dashboard/view';
import { miniprogramRoot } from '../support/simulate';
import type { TrendPoint } from '../../typings/stats';

// F2 keeps the requestAnimationFrame and clock it finds when loaded, so the fake timers go in first and
// F2 is loaded after them: its 450 ms animations then run on jest's clock, not the wall clock.
jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the fake timers, see above */
const { Canvas } = require('@antv/f2') as typeof import('@antv/f2');
const { trendElement, trendSpec } =
  require('../../miniprogram/packageStaff/components/trend-chart/chart') as typeof import('../../miniprogram/packageStaff/components/trend-chart/chart');
/* eslint-enable @typescript-eslint/no-require-imports */

const point = (
  month: string,
  responseRate: number | null,
  onTimeRate: number | null,
  satisfactionRate: number | null
): TrendPoint => ({
  month,
  responseRate,
  onTimeRate,
  satisfactionRate
});
// 响应率 has gaps (a lone June, then Aug–Sep), 按期办结率 only November, 满意率 every month.
const CHART: ChartData = trendChart([
  point('2026-06', 0.5, null, 0.1),
  point('2026-07', null, null, 0.2),
  point('2026-08', 0.8, null, 0.3),
  point('2026-09', 0.9, null, 0.4),
  point('2026-10', null, null, 0.5),
  point('2026-11', null, 1, 0.667)
]);
const [BLUE, GREEN, ORANGE] = CHART.series.map((s) => s.color);

// ---- a 2D context that records ------------------------------------------------------------------
interface Call {
  op: string;
  args: unknown[];
  stroke: unknown;
  fill: unknown;
  lineWidth: unknown;
  dash: unknown;
  /** Font size in px. */
  px: number;
}

/** Every method call is recorded with the style in force; text measures 7 px a character. */
function recordingContext(): { ctx: object; calls: Call[] } {
  const state: Record<string, unknown> = { font: '', lineDash: [] };
  const calls: Call[] = [];
  const ctx = new Proxy(state, {
    get(target, key) {
      if (typeof key === 'symbol') return undefined;
      if (key === 'measureText') return (text: unknown) => ({ width: String(text).length * 7 });
      if (key in target) return target[key];
      return (...args: unknown[]) => {
        if (key === 'setLineDash') target.lineDash = args[0];
        const px = Number(/(\d+(?:\.\d+)?)px/.exec(String(target.font))?.[1] ?? 0);
        calls.push({
          op: key,
          args,
          stroke: target.strokeStyle,
          fill: target.fillStyle,
          lineWidth: target.lineWidth,
          dash: target.lineDash,
          px
        });
      };
    },
    set(target, key, value) {
      target[key as string] = value;
      return true;
    }
  });
  return { ctx, calls };
}

/** The calls since the canvas was last cleared: what is on screen. */
const lastFrame = (calls: Call[]): Call[] => calls.slice(calls.map((c) => c.op).lastIndexOf('clearRect'));
const texts = (calls: Call[]): Call[] => calls.filter((c) => c.op === 'fillText');
/** A fillText's text, or a number argument (x, y of fillText and arc). */
const label = (c: Call): string => String(c.args[0]);
const coord = (c: Call, i: number): number => c.args[i] as number;
const textAt = (calls: Call[], text: string): Call => {
  const found = texts(calls).find((c) => c.args[0] === text);
  if (!found) throw new Error(`"${text}" was not drawn; drawn: ${texts(calls).map(label).join(' ')}`);
  return found;
};
const dots = (calls: Call[], color: string): Call[] => calls.filter((c) => c.op === 'arc' && c.fill === color);
/** Strokes of the series lines (2.5 px wide; the legend's markers are 3 px). */
const lineStrokes = (calls: Call[], color: string): Call[] =>
  calls.filter((c) => c.op === 'stroke' && c.stroke === color && c.lineWidth === 2.5);
/** Moves jest's clock, running the timers and frames due on the way (and the promises they settle). */
const elapse = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

// ---- the mapping ---------------------------------------------------------------------------------
describe('trendSpec: ChartData → F2 rows', () => {
  test('one row per series and month, in order, x the month index, null kept as a gap', () => {
    const spec = trendSpec(CHART)!;
    expect(spec.categories).toEqual(['6月', '7月', '8月', '9月', '10月', '11月']);
    expect(spec.series).toEqual(CHART.series.map(({ name, color, dash }) => ({ name, color, dash })));
    expect(spec.rows).toHaveLength(18);
    expect(spec.rows.slice(0, 6)).toEqual([
      { x: 0, series: '响应率', value: 50 },
      { x: 1, series: '响应率', value: null },
      { x: 2, series: '响应率', value: 80 },
      { x: 3, series: '响应率', value: 90 },
      { x: 4, series: '响应率', value: null },
      { x: 5, series: '响应率', value: null }
    ]);
    expect(spec.rows.filter((r) => r.series === '按期办结率').map((r) => r.value)).toEqual([
      null,
      null,
      null,
      null,
      null,
      100
    ]);
    expect(spec.rows.filter((r) => r.series === '满意率').map((r) => r.value)).toEqual([10, 20, 30, 40, 50, 66.7]);
  });

  test('a value missing or not a number is a gap too; the same label twice stays two months', () => {
    const spec = trendSpec({
      categories: ['11月', '12月', '11月'],
      series: [{ name: '响应率', color: '#0052d9', dash: [], data: [Number.NaN, 40] }]
    })!;
    expect(spec.rows).toEqual([
      { x: 0, series: '响应率', value: null },
      { x: 1, series: '响应率', value: 40 },
      { x: 2, series: '响应率', value: null }
    ]);
  });

  test('nothing to draw: null', () => {
    expect(trendSpec({ categories: [], series: [] })).toBeNull();
    expect(trendSpec({ categories: ['6月'], series: [] })).toBeNull();
    expect(trendSpec(null)).toBeNull();
  });
});

// ---- what F2 draws -------------------------------------------------------------------------------
describe('what F2 draws from the spec', () => {
  test('months, 0–100 %, a legend, each series in its colour and dash, gaps for null, in one frame', async () => {
    const { ctx, calls } = recordingContext();
    // As f2-wx creates it: animation left on, so the chart itself must keep still.
    const canvas = new Canvas({
      context: ctx as never,
      pixelRatio: 2,
      width: 360,
      height: 240,
      children: trendElement(trendSpec(CHART)!)
    });
    canvas.render();
    await elapse(600); // longer than F2's 450 ms animations
    canvas.destroy();

    expect(calls.filter((c) => c.op === 'clearRect')).toHaveLength(1);
    const drawn = texts(calls).map(label);
    for (const t of [...CHART.categories, '0%', '25%', '50%', '75%', '100%', '响应率', '按期办结率', '满意率'])
      expect(drawn).toContain(t);
    expect(Math.min(...texts(calls).map((c) => c.px))).toBeGreaterThanOrEqual(13);

    // A point per value, none for null; placed on the month's label and the value's grid label.
    expect(dots(calls, BLUE)).toHaveLength(3);
    expect(dots(calls, GREEN)).toHaveLength(1);
    expect(dots(calls, ORANGE)).toHaveLength(6);
    const [june] = dots(calls, BLUE);
    expect(coord(june, 0)).toBeCloseTo(coord(textAt(calls, '6月'), 1), 0);
    expect(coord(june, 1)).toBeCloseTo(coord(textAt(calls, '50%'), 2), 0);
    const [november] = dots(calls, GREEN);
    expect(coord(november, 0)).toBeCloseTo(coord(textAt(calls, '11月'), 1), 0);
    expect(coord(november, 1)).toBeCloseTo(coord(textAt(calls, '100%'), 2), 0);
    const ys = dots(calls, ORANGE).map((c) => coord(c, 1));
    expect([...ys].sort((a, b) => b - a)).toEqual(ys); // rising values, rising points

    // 响应率 breaks at its gaps: a lone June, then August–September.
    expect(lineStrokes(calls, BLUE)).toHaveLength(2);
    expect(lineStrokes(calls, ORANGE)).toHaveLength(1);
    expect(lineStrokes(calls, BLUE)[0].dash).toEqual([]);
    expect(lineStrokes(calls, GREEN)[0].dash).toEqual([8, 4]);
    expect(lineStrokes(calls, ORANGE)[0].dash).toEqual([2, 4]);
    // The legend's markers repeat each dash.
    const markers = calls.filter((c) => c.op === 'stroke' && c.lineWidth === 3);
    expect(markers.map((c) => [c.stroke, c.dash])).toEqual(CHART.series.map((s) => [s.color, s.dash]));
  });
});

// ---- the component -------------------------------------------------------------------------------
interface SimNode {
  /** The component's data: its onRender gives F2 the element to draw. */
  instance: { data: { onRender(): { props: { data: unknown } } | null } };
  setData(data: Record<string, unknown>): void;
  attach(parent: unknown): void;
  detach(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as {
  load(componentPath: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimNode;
};
const COMPONENT = path.join(miniprogramRoot, 'packageStaff/components/trend-chart/index');
// Subpackage npm: only the dashboard uses F2, so it lives in packageStaff, not the main package.
const F2_WX = '/packageStaff/miniprogram_npm/@antv/f2-wx/index';
// wcc's output is cached per rootPath: every load here compiles the same list.
const WXML = ['packageStaff/components/trend-chart/index.wxml', `${F2_WX.slice(1)}.wxml`];

/** Renders the component; with f2Wx, its `chart-canvas` is the real f2-wx, otherwise (as in page tests) an unknown tag. */
function renderChart(chart: ChartData, f2Wx: boolean): SimNode {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(COMPONENT, {
      compiler: 'official',
      rootPath: miniprogramRoot,
      usingComponents: f2Wx ? { 'chart-canvas': F2_WX } : {},
      compilerOptions: { wxmlList: WXML, wxsList: [], maxBuffer: 16 * 1024 * 1024 }
    });
  });
  const node = simulate.render(id, { chart });
  node.attach(
    (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document.createElement(
      'parent-wrapper'
    )
  );
  return node;
}

describe('the trend-chart component', () => {
  const wxApi = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const realQuery = wxApi.createSelectorQuery;
  afterEach(() => {
    wxApi.createSelectorQuery = realQuery;
  });

  test('inside f2-wx: draws the chart it is given, and again when the page gives another', async () => {
    expect(fs.existsSync(path.join(miniprogramRoot, `${F2_WX}.js`))).toBe(true); // npm run postinstall
    const { ctx, calls } = recordingContext();
    const canvasNode = { width: 0, height: 0, getContext: () => ctx };
    const selectors: string[] = [];
    // f2-wx asks for its canvas node, which jsdom has not: hand it the recording one, 320 × 240.
    wxApi.createSelectorQuery = () => {
      const query = {
        in: () => query,
        select: (selector: string) => (selectors.push(selector), query),
        fields: () => query,
        exec: (cb: (res: unknown[]) => void) =>
          void Promise.resolve().then(() => cb([{ node: canvasNode, width: 320, height: 240 }]))
      };
      return query;
    };
    const node = renderChart(CHART, true);
    await elapse(100);
    expect(selectors).toEqual(['.f2-canvas']);
    expect(canvasNode.width).toBeGreaterThanOrEqual(320); // scaled by the pixel ratio
    expect([canvasNode.width, canvasNode.height]).toEqual([320 * 3, 240 * 3]); // the simulator's pixelRatio is 3
    let drawn = texts(calls).map(label);
    expect(drawn).toEqual(expect.arrayContaining(['6月', '11月', '100%', '响应率', '按期办结率', '满意率']));
    expect(dots(calls, ORANGE)).toHaveLength(6);

    // The page picks another month: the same canvas redraws with the new months.
    calls.length = 0;
    node.setData({ chart: trendChart([point('2026-11', 0.5, 0.5, 0.5), point('2026-12', 0.75, null, 1)]) });
    await elapse(100);
    const frame = lastFrame(calls);
    drawn = texts(frame).map(label);
    expect(drawn.filter((t) => t.endsWith('月'))).toEqual(['11月', '12月']); // nothing left of the old months
    expect(drawn).toContain('响应率');
    expect(dots(frame, BLUE)).toHaveLength(2);
    expect(dots(frame, GREEN)).toHaveLength(1);

    // Nothing to show: the canvas is cleared.
    calls.length = 0;
    node.setData({ chart: { categories: [], series: [] } });
    await elapse(100);
    expect(calls.some((c) => c.op === 'clearRect')).toBe(true);
    expect(texts(lastFrame(calls))).toHaveLength(0);
    node.detach();
  });

  test('without a canvas (as in page tests) it renders and does not throw; onRender builds the F2 chart', async () => {
    let node: SimNode | undefined;
    expect(() => {
      node = renderChart(CHART, false);
    }).not.toThrow();
    await elapse(20);
    const element = node!.instance.data.onRender();
    expect(element?.props.data).toEqual(trendSpec(CHART)!.rows);
    node!.setData({ chart: { categories: [], series: [] } });
    expect(node!.instance.data.onRender()).toBeNull();
    node!.detach();
  });
});
