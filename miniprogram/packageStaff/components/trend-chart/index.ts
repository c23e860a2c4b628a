// A small line chart on the canvas 2D API: months along the bottom, 0–100 % up the side, one line a
// series (null leaves a gap). Drawn by hand because no maintained chart component fits a native
// mini-program without a build step (see the README, 考核看板). The page also shows the figures as text.
import type { ChartData } from '../../dashboard/view';

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2DLike;
}

/** The part of the canvas 2D context used here (the api typings do not declare the DOM one). */
interface CanvasRenderingContext2DLike {
  scale(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  strokeStyle: string;
  fillStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
}

const EMPTY: ChartData = { categories: [], series: [] };

Component({
  properties: {
    chart: { type: Object, value: EMPTY }
  },
  observers: {
    chart() {
      this.draw();
    }
  },
  lifetimes: {
    ready() {
      this.draw();
    }
  },
  methods: {
    draw() {
      const chart = (this.data as { chart: ChartData }).chart;
      if (!chart || !chart.categories.length) return;
      this.createSelectorQuery()
        .select('#tc-canvas')
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: CanvasNode; width?: number; height?: number } | null>) => {
          const found = res && res[0];
          // No canvas node (not laid out yet, or a test renderer): nothing to draw on.
          if (!found || !found.node || !found.width || !found.height) return;
          paint(found.node, found.width, found.height, chart);
        });
    }
  }
});

function paint(canvas: CanvasNode, width: number, height: number, chart: ChartData): void {
  const dpr = wx.getWindowInfo().pixelRatio || 2;
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, width, height);
  const left = 44;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = chart.categories.length;
  const x = (i: number): number => left + (n === 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number): number => top + plotH * (1 - v / 100);

  ctx.font = '13px sans-serif';
  ctx.fillStyle = '#595959';
  ctx.strokeStyle = '#d9d9d9';
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, 25, 50, 75, 100]) {
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(width - right, y(v));
    ctx.stroke();
    ctx.fillText(`${v}%`, left - 6, y(v));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  chart.categories.forEach((c, i) => ctx.fillText(c, x(i), top + plotH + 8));

  for (const s of chart.series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2.5;
    ctx.setLineDash(s.dash);
    ctx.beginPath();
    let drawing = false;
    s.data.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      if (drawing) ctx.lineTo(x(i), y(v));
      else ctx.moveTo(x(i), y(v));
      drawing = true;
    });
    ctx.stroke();
    ctx.setLineDash([]);
    s.data.forEach((v, i) => {
      if (v === null) return;
      ctx.beginPath();
      ctx.arc(x(i), y(v), 3.5, 0, Math.PI * 2);
      ctx.fill();
    });
  }
}
