// 考核看板: the three rates of a unit in scope for a month, their trend, rankings, the overdue count, and export.
import type { OrgCatalog, RankingKind } from '../../../typings';
import { getMe } from '../../services/account/me';
import { getQueue } from '../../services/cases/queue';
import { getCatalog } from '../../services/org/catalog';
import { exportStats } from '../../services/stats/export';
import { getKpis } from '../../services/stats/kpis';
import { getRanking } from '../../services/stats/ranking';
import { getTrend } from '../../services/stats/trend';
import { formatTime, shanghaiMonth } from '../../utils/format';
import { exportMonthlyTopics, getMonthlyTopics, pickMonthlyTopic, publishMonthlyTopic } from '../../services/proactive';
import { mayPublish, pickLine, rowOfMarker, topicMarkers, topicRows, type TopicMarker, type TopicRow } from './topics';
import {
  communitiesOf,
  monthLabel,
  monthPeriod,
  RANKING_LABELS,
  rankingKinds,
  rankingRows,
  rateCards,
  trendChart,
  trendLines,
  unitOptions,
  type ChartData,
  type RankingRow,
  type RateCard,
  type UnitKind,
  type UnitOption
} from './view';

const TREND_MONTHS = 6;
/** The org catalog each page instance loaded (kept out of `data`: nothing renders it whole). */
const catalogOf = new WeakMap<object, OrgCatalog>();
/** wx.openDocument shows xlsx (not CSV), so the phone asks for that. */
const EXPORT_FORMAT = 'xlsx';
/** Typed, so `data.chart` is a ChartData and not an object of empty arrays. */
const NO_CHART: ChartData = { categories: [], series: [] };

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    /** The caller's unit, then those directly below it. */
    units: [] as UnitOption[],
    /** The district only: the communities of the town it picked, and every department. */
    subUnits: [] as UnitOption[],
    subTitle: '',
    departments: [] as UnitOption[],
    departmentNames: [] as string[],
    unitId: '',
    unitName: '',
    callerKind: '' as UnitKind | '',
    /** A department is assessed on the whistles it answered: no case trend. */
    isDepartment: false,
    callerUnitName: '',
    month: '',
    monthText: '',
    thisMonth: '',
    kpisLoading: false,
    kpisError: '',
    cards: [] as RateCard[],
    chart: NO_CHART,
    trendLines: [] as string[],
    trendError: '',
    rankingTabs: [] as Array<{ value: RankingKind; label: string }>,
    rankingKind: '' as RankingKind | '',
    rankingRows: [] as RankingRow[],
    rankingNote: '',
    rankingError: '',
    overdueText: '',
    exporting: false,
    exportLink: '',
    exportNote: '',
    exportError: '',
    /** 考核 or 每月一题 (未诉先办). */
    tab: 'kpi' as 'kpi' | 'topic',
    topicRows: [] as TopicRow[],
    /** The month's map: a marker per located cluster (sent once a load, never by a timer). */
    topicMarkers: [] as TopicMarker[],
    /** The row the map's tapped marker stands for. */
    topicSelected: '',
    topicMayPick: false,
    topicPicked: false,
    topicPickLine: '',
    topicMayPublish: false,
    topicOutcome: '',
    topicError: '',
    topicLoading: false,
    topicExportLink: ''
  },

  methods: {
    onLoad() {
      const month = shanghaiMonth(Date.now());
      this.setData({ month, thisMonth: month, monthText: monthLabel(month) });
      void this.start();
    },

    async onPullDownRefresh() {
      await this.refresh();
      void wx.stopPullDownRefresh();
    },

    async start() {
      this.setData({ status: 'loading' });
      const [me, catalog] = await Promise.all([getMe(), getCatalog()]);
      if (!me.ok || !catalog.ok) {
        this.setData({ status: 'error', errorMessage: !me.ok ? me.message : !catalog.ok ? catalog.message : '' });
        return;
      }
      const scope = me.data.unitId ? unitOptions(catalog.data, me.data.unitId) : null;
      if (!scope) {
        this.setData({ status: 'error', errorMessage: '考核看板仅供工作人员使用' });
        return;
      }
      const tabs = rankingKinds(scope.kind).map((value) => ({ value, label: RANKING_LABELS[value] }));
      catalogOf.set(this, catalog.data);
      const departments =
        scope.kind === 'district' ? catalog.data.departments.map(({ id, name }) => ({ id, name })) : [];
      this.setData({
        status: 'ready',
        units: scope.options,
        departments,
        departmentNames: departments.map((d) => d.name),
        callerKind: scope.kind,
        isDepartment: scope.kind === 'department',
        unitId: scope.options[0].id,
        unitName: scope.options[0].name,
        callerUnitName: scope.options[0].name,
        rankingTabs: tabs,
        rankingKind: tabs[0].value
      });
      await Promise.all([this.refresh(), this.loadOverdue()]);
    },

    /** Figures that depend on the unit and the month. */
    async refresh() {
      await Promise.all([this.loadKpis(), this.loadTrend(), this.loadRanking()]);
    },

    async loadKpis() {
      const { unitId, month } = this.data;
      this.setData({ kpisLoading: true, kpisError: '' });
      const res = await getKpis({ unitId, ...monthPeriod(month) });
      if (unitId !== this.data.unitId || month !== this.data.month) return; // a newer choice is on its way
      if (!res.ok) {
        this.setData({ kpisLoading: false, kpisError: res.message, cards: [] });
        return;
      }
      this.setData({ kpisLoading: false, cards: rateCards(res.data), isDepartment: res.data.kind === 'department' });
    },

    async loadTrend() {
      const { unitId, month } = this.data;
      const res = await getTrend({ unitId, to: month, months: TREND_MONTHS });
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!res.ok) {
        this.setData({ trendError: res.message, chart: { categories: [], series: [] }, trendLines: [] });
        return;
      }
      this.setData({ trendError: '', chart: trendChart(res.data.points), trendLines: trendLines(res.data.points) });
    },

    async loadRanking() {
      const { rankingKind: kind, month } = this.data;
      if (!kind) return;
      const res = await getRanking({ kind, ...monthPeriod(month) });
      if (kind !== this.data.rankingKind || month !== this.data.month) return;
      if (!res.ok) {
        this.setData({ rankingError: res.message, rankingRows: [], rankingNote: '' });
        return;
      }
      this.setData({
        rankingError: '',
        rankingRows: rankingRows(res.data.items),
        rankingNote: `共 ${res.data.total} 个${RANKING_LABELS[kind]}参与排名`
      });
    },

    /** Overdue cases in the caller's scope: the first page of the 逾期 queue (stats keeps no overdue counter). */
    async loadOverdue() {
      const res = await getQueue({ overdue: true });
      if (!res.ok) {
        this.setData({ overdueText: res.message });
        return;
      }
      this.setData({ overdueText: `${res.data.items.length}${res.data.nextCursor ? '+' : ''} 件` });
    },

    /** The overdue count opens those cases: the workbench's 逾期 queue. */
    onOpenOverdue() {
      void wx.navigateTo({ url: '/packageStaff/workbench/index?overdue=1' });
    },

    onUnit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const unit = this.data.units.find((u) => u.id === e.currentTarget.dataset.id);
      if (!unit) return;
      // The district reaches a town's communities through a second row.
      const catalog = catalogOf.get(this);
      const subUnits = this.data.callerKind === 'district' && catalog ? communitiesOf(catalog, unit.id) : [];
      this.setData({ subUnits, subTitle: subUnits.length ? `${unit.name}下属村社区：` : '' });
      this.select(unit);
    },

    onSubUnit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const unit = this.data.subUnits.find((u) => u.id === e.currentTarget.dataset.id);
      if (unit) this.select(unit);
    },

    onDepartment(e: WechatMiniprogram.PickerChange) {
      const unit = this.data.departments[Number(e.detail.value)];
      if (!unit) return;
      this.setData({ subUnits: [], subTitle: '' });
      this.select(unit);
    },

    select(unit: UnitOption) {
      if (unit.id === this.data.unitId) return;
      this.setData({ unitId: unit.id, unitName: unit.name, exportLink: '', exportNote: '', exportError: '' });
      void this.loadKpis();
      void this.loadTrend();
    },

    onMonth(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const month = e.detail.value;
      if (!/^\d{4}-\d{2}$/.test(month) || month === this.data.month) return;
      this.setData({ month, monthText: monthLabel(month), exportLink: '', exportNote: '', exportError: '' });
      void this.refresh();
      if (this.data.tab === 'topic') void this.loadTopics();
    },

    onRankingKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: RankingKind }>) {
      const kind = e.currentTarget.dataset.value;
      if (!kind || kind === this.data.rankingKind) return;
      this.setData({ rankingKind: kind, rankingRows: [], rankingNote: '', rankingError: '' });
      void this.loadRanking();
    },

    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: 'kpi' | 'topic' }>) {
      const tab = e.currentTarget.dataset.value;
      if (!tab || tab === this.data.tab) return;
      this.setData({ tab });
      if (tab === 'topic') void this.loadTopics();
    },

    showTopics(res: Awaited<ReturnType<typeof getMonthlyTopics>>) {
      if (!res.ok) {
        this.setData({ topicLoading: false, topicError: res.message });
        return;
      }
      this.setData({
        topicLoading: false,
        topicError: '',
        topicRows: topicRows(res.data),
        topicMarkers: topicMarkers(res.data),
        topicSelected: '',
        topicMayPick: res.data.mayPick,
        topicPicked: !!res.data.pick,
        topicPickLine: pickLine(res.data),
        topicMayPublish: mayPublish(res.data)
      });
    },

    /** A marker tapped on the month's map selects its cluster's row. */
    onTopicMarker(e: WechatMiniprogram.CustomEvent<{ markerId: number }>) {
      const key = rowOfMarker(this.data.topicRows, Number(e.detail.markerId));
      if (key) this.setData({ topicSelected: key });
    },

    async loadTopics() {
      this.setData({ topicLoading: true, topicError: '', topicExportLink: '' });
      this.showTopics(await getMonthlyTopics(this.data.month));
    },

    async onPickTopic(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>) {
      const key = e.currentTarget.dataset.key;
      if (!key) return;
      this.showTopics(await pickMonthlyTopic(this.data.month, key));
    },

    onTopicOutcome(e: WechatMiniprogram.Input) {
      this.setData({ topicOutcome: e.detail.value });
    },

    async onPublishTopic() {
      const outcome = this.data.topicOutcome.trim();
      if (!outcome) return;
      this.showTopics(await publishMonthlyTopic(this.data.month, outcome));
    },

    async onExportTopics() {
      const res = await exportMonthlyTopics(this.data.month);
      if (!res.ok) this.setData({ topicError: res.message });
      else this.setData({ topicExportLink: res.data.tempFileURL, exportLink: res.data.tempFileURL });
    },

    async onExport() {
      if (this.data.exporting) return;
      const { unitId, month, rankingKind } = this.data;
      this.setData({ exporting: true, exportError: '', exportLink: '', exportNote: '' });
      const res = await exportStats({
        unitId,
        ...(rankingKind ? { kind: rankingKind } : {}),
        ...monthPeriod(month),
        format: EXPORT_FORMAT
      });
      if (!res.ok) {
        this.setData({ exporting: false, exportError: res.message });
        return;
      }
      this.setData({
        exporting: false,
        exportLink: res.data.tempFileURL,
        exportNote: `共 ${res.data.rows} 行，链接 ${formatTime(res.data.expiresAt)} 前有效`
      });
    },

    onCopyLink() {
      void wx.setClipboardData({ data: this.data.exportLink });
    },

    onOpenFile() {
      const url = this.data.exportLink;
      if (!url) return;
      void wx.showLoading({ title: '正在下载…' });
      wx.downloadFile({
        url,
        success: (res) => {
          void wx.hideLoading();
          if (res.statusCode !== 200) return this.cannotOpen();
          wx.openDocument({
            filePath: res.tempFilePath,
            fileType: EXPORT_FORMAT,
            showMenu: true,
            fail: () => this.cannotOpen()
          });
        },
        fail: () => {
          void wx.hideLoading();
          this.cannotOpen();
        }
      });
    },

    cannotOpen() {
      void wx.showModal({
        title: '无法直接打开',
        content: '请点“复制链接”，在电脑浏览器中打开下载表格。',
        showCancel: false
      });
    }
  }
});
