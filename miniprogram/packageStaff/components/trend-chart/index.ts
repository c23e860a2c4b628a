// The 考核看板's trend chart: AntV F2 draws it inside F2's official WeChat component (@antv/f2-wx),
// which owns the canvas and calls `onRender` for the chart to draw; a new function makes it redraw.
// The page also shows the figures as text, for screen readers.
import type { ChartData } from '../../dashboard/view';
import { trendElement, trendSpec, type F2Element } from './chart';

type Render = () => F2Element | null;
const nothing: Render = () => null;

Component({
  properties: {
    chart: { type: Object, value: { categories: [], series: [] } }
  },
  data: {
    onRender: nothing
  },
  observers: {
    chart() {
      this.build();
    }
  },
  lifetimes: {
    attached() {
      this.build();
    }
  },
  methods: {
    build() {
      const spec = trendSpec((this.data as { chart: ChartData }).chart);
      this.setData({ onRender: spec ? (): F2Element => trendElement(spec) : nothing });
    }
  }
});
