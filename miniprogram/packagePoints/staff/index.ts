// 积分工作台 (staff of a community): approve or refuse claims (newest first, more at the bottom of the
// page or on 加载更多, down to the oldest), award points, turn the second key on another staff member's
// award above the threshold, verify pickups in two steps (look up, then 核销), and keep the shop's items
// and stock.
import type { PointsClaimView, PointsItemView, PointsNoticeView, PointsPickupView } from '../../../typings';
import { approveClaim } from '../../services/points/approve';
import { awardPoints } from '../../services/points/award';
import { getPointsBalance } from '../../services/points/balance';
import { getClaims } from '../../services/points/claims';
import { manageItem } from '../../services/points/items';
import { refuseClaim } from '../../services/points/refuse';
import { getShop } from '../../services/points/shop';
import { confirmAward, declineAward, getAwaitingAwards } from '../../services/points/secondKey';
import { collectPickup, previewPickup } from '../../services/points/verify';
import { byFileId, claimPhotoUrls } from '../../services/storage/photoUrls';
import { newRequestId } from '../../utils/format';
import { askText } from '../dialogs';

type Field =
  'awardCode' | 'awardPoints' | 'awardReason' | 'pickupCode' | 'itemName' | 'itemPoints' | 'itemStock' | 'itemLimit';

/** The workbench's tabs: each shows only its own part (申报 first: what waits on staff). */
type Tab = 'claims' | 'notices' | 'items' | 'pickup';
const TABS: ReadonlyArray<{ value: Tab; label: string }> = [
  { value: 'claims', label: '申报' },
  { value: 'notices', label: '公示' },
  { value: 'items', label: '商品' },
  { value: 'pickup', label: '核销' }
];

/**
 * photos: what the image component can load (see services/storage/photoUrls). The range is the deed
 * rule's, from the claims list: staff choose the points within it (the suggestion first); the server
 * checks the range again.
 */
const claimRow = (c: PointsClaimView, photos: string[]) => {
  const range = c.pointsRange;
  return {
    claimId: c.claimId,
    title: c.deedLabel,
    text: c.text,
    photos,
    range: range ? `（${range.min}–${range.max} 分）` : '',
    min: range?.min ?? 0,
    max: range?.max ?? 0,
    chosen: range?.suggested ?? 0,
    /** Without a range the server gives the rule's default: no choice to make here. */
    choose: !!range && range.max > range.min
  };
};

/** An award waiting for a second key: the proposer cannot turn it, so their row says so instead. */
const awaitingRow = (n: PointsNoticeView) => ({
  awardId: n.awardId,
  title: `${n.residentTag} · ${n.title} · ${n.points} 分`,
  text: n.text,
  canConfirm: n.canConfirm === true,
  meta: n.requestedByMe ? '由您发起，需另一位工作人员复核' : '另一位工作人员发起，请复核'
});

/** The looked-up order, before it is collected. */
const pickupRow = (p: PointsPickupView, code: string) => ({
  code,
  title: `${p.itemName} ×${p.quantity}`,
  buyerTag: p.buyerTag,
  points: p.points
});

/** Every claim's photos in one request, then handed back claim by claim. */
async function claimRows(claims: PointsClaimView[]) {
  const withPhotos = claims.filter((c) => c.photos.length > 0);
  const res = await claimPhotoUrls(withPhotos.map((c) => c.claimId));
  if (!res.ok) console.warn('[photos] claim photos', res.code);
  const urls = res.ok ? byFileId(res.data) : new Map<string, string>();
  return claims.map((c) => claimRow(c, c.photos.map((id) => urls.get(id) ?? '').filter(Boolean)));
}

Component({
  data: {
    tabs: TABS,
    tab: 'claims' as Tab,
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    communityId: '',
    unitName: '',
    claims: [] as Array<ReturnType<typeof claimRow>>,
    /** The next page of the claims queue, '' at its end. */
    claimsCursor: '',
    loadingClaims: false,
    awaiting: [] as Array<ReturnType<typeof awaitingRow>>,
    items: [] as PointsItemView[],
    awardCode: '',
    awardPoints: '',
    awardReason: '',
    awardRequestId: '',
    pickupCode: '',
    /** Step 1's answer, shown until staff collect or cancel. */
    pickup: null as ReturnType<typeof pickupRow> | null,
    verified: '',
    itemName: '',
    itemPoints: '',
    itemStock: '',
    itemLimit: '',
    itemRequestId: '',
    busy: false
  },
  methods: {
    onLoad() {
      this.setData({ awardRequestId: newRequestId(), itemRequestId: newRequestId() });
      void this.refresh();
    },
    async onPullDownRefresh() {
      await this.refresh();
      void wx.stopPullDownRefresh();
    },
    async refresh() {
      // The answer that shows the points home's 积分工作台 entry decides who may open it, and for which community.
      const balance = await getPointsBalance();
      if (!balance.ok) return this.setData({ status: 'error', errorMessage: balance.message });
      const workbench = balance.data.workbench;
      if (!workbench) return this.setData({ status: 'error', errorMessage: '积分工作台仅限村（社区）工作人员使用' });
      const communityId = workbench.communityId;
      const [claims, awaiting, shop] = await Promise.all([
        getClaims('community'),
        getAwaitingAwards(),
        getShop(communityId, true)
      ]);
      if (!claims.ok) return this.setData({ status: 'error', errorMessage: claims.message });
      const rows = await claimRows(claims.data.items);
      this.setData({
        status: 'ready',
        communityId,
        unitName: workbench.communityName,
        claims: rows,
        claimsCursor: claims.data.nextCursor ?? '',
        awaiting: awaiting.ok ? awaiting.data.items.map(awaitingRow) : [],
        items: shop.ok ? shop.data.items : []
      });
    },
    onReachBottom() {
      void this.loadMoreClaims();
    },
    /** The next page of the claims queue, appended: the oldest pending claims are reached too. */
    async loadMoreClaims() {
      const { claimsCursor, loadingClaims } = this.data;
      if (!claimsCursor || loadingClaims) return;
      this.setData({ loadingClaims: true });
      const res = await getClaims('community', undefined, claimsCursor);
      if (!res.ok) {
        this.setData({ loadingClaims: false });
        void wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
        return;
      }
      const rows = await claimRows(res.data.items);
      const update: Record<string, unknown> = { loadingClaims: false, claimsCursor: res.data.nextCursor ?? '' };
      rows.forEach((row, i) => (update[`claims[${this.data.claims.length + i}]`] = row));
      this.setData(update);
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field?: Field }>) {
      const field = e.currentTarget.dataset.field;
      // A new code hides the order looked up for the old one.
      if (field)
        this.setData(
          field === 'pickupCode' ? { pickupCode: e.detail.value, pickup: null } : { [field]: e.detail.value }
        );
    },
    /** Runs a change, tells the user how it went (`done` may read the answer), and reloads on success. */
    async act<T>(
      work: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>,
      done: string | ((data: T) => string)
    ): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true });
      const res = await work();
      this.setData({ busy: false });
      const title = res.ok ? (typeof done === 'string' ? done : done(res.data)) : res.message;
      void wx.showToast({ title, icon: res.ok ? 'success' : 'none', duration: res.ok ? 1500 : 3000 });
      if (res.ok) void this.refresh();
      return res.ok;
    },
    onPreviewPhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string; url?: string }>) {
      const { id, url } = e.currentTarget.dataset;
      const claim = this.data.claims.find((c) => c.claimId === id);
      if (claim && url) void wx.previewImage({ urls: claim.photos, current: url });
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Tab }>) {
      const tab = e.currentTarget.dataset.value;
      if (tab) this.setData({ tab });
    },
    /** − / + on a claim: the points to approve, kept within the deed rule's range. */
    onStep(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string; delta?: number }>) {
      const { id, delta } = e.currentTarget.dataset;
      const i = this.data.claims.findIndex((c) => c.claimId === id);
      if (i < 0 || !delta) return;
      const c = this.data.claims[i];
      const chosen = Math.min(c.max, Math.max(c.min, c.chosen + Number(delta)));
      if (chosen !== c.chosen) this.setData({ [`claims[${i}].chosen`]: chosen });
    },
    onApprove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const row = this.data.claims.find((c) => c.claimId === id);
      if (id && row)
        void this.act(
          () => approveClaim(id, row.choose ? row.chosen : undefined),
          (c) => (c.status === 'awaiting' ? '待他人复核' : '已通过')
        );
    },
    async onRefuse(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const reason = id ? await askText('不通过', '请写明原因，申报人会看到') : null;
      if (id && reason) void this.act(() => refuseClaim(id, reason), '已处理');
    },
    async onAward() {
      const { awardCode, awardPoints: points, awardReason, awardRequestId } = this.data;
      const ok = await this.act(
        () =>
          awardPoints({
            code: awardCode.replace(/\s/g, ''),
            points: Number(points),
            reason: awardReason.trim(),
            requestId: awardRequestId
          }),
        (n) => (n.status === 'awaiting' ? '待他人复核' : '已发放')
      );
      if (ok) this.setData({ awardCode: '', awardPoints: '', awardReason: '', awardRequestId: newRequestId() });
    },
    onConfirmAward(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void this.act(() => confirmAward(id), '已复核');
    },
    async onDeclineAward(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const reason = id ? await askText('复核不通过', '请写明原因') : null;
      if (id && reason) void this.act(() => declineAward(id, reason), '已处理');
    },
    onScanResident() {
      wx.scanCode({ onlyFromCamera: true, success: (res) => this.setData({ awardCode: res.result }) });
    },
    onScanPickup() {
      wx.scanCode({
        onlyFromCamera: true,
        success: (res) => this.setData({ pickupCode: res.result.replace(/\s/g, ''), pickup: null })
      });
    },
    /** Step 1: shows what the code names (item, quantity, the buyer's tag to compare with the resident's screen); collects nothing. */
    async onVerify() {
      const code = this.data.pickupCode.replace(/\s/g, '');
      if (this.data.busy) return;
      this.setData({ busy: true, verified: '' });
      const res = await previewPickup(code);
      this.setData({ busy: false, pickup: res.ok ? pickupRow(res.data, code) : null });
      if (!res.ok) void wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
    },
    /** Step 2: collects the order shown (核销), once. */
    async onCollect() {
      const pickup = this.data.pickup;
      if (!pickup || this.data.busy) return;
      this.setData({ busy: true });
      const res = await collectPickup(pickup.code);
      this.setData({
        busy: false,
        pickup: null,
        verified: res.ok ? `已核销：${res.data.itemName} ×${res.data.quantity}` : ''
      });
      void wx.showToast({
        title: res.ok ? '核销成功' : res.message,
        icon: res.ok ? 'success' : 'none',
        duration: 3000
      });
      if (res.ok) this.setData({ pickupCode: '' });
    },
    onCancelPickup() {
      this.setData({ pickup: null });
    },
    async onAddItem() {
      const { communityId, itemName, itemPoints, itemStock, itemLimit, itemRequestId } = this.data;
      const fields = {
        name: itemName.trim(),
        points: Number(itemPoints),
        stock: Number(itemStock),
        monthlyLimit: Number(itemLimit)
      };
      const ok = await this.act(
        () => manageItem({ op: 'add', communityId, requestId: itemRequestId, ...fields }),
        '已上架'
      );
      if (ok)
        this.setData({ itemName: '', itemPoints: '', itemStock: '', itemLimit: '', itemRequestId: newRequestId() });
    },
    async onRestock(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const text = id ? await askText('补货数量', '例如 10') : null;
      const quantity = Number(text);
      if (id && Number.isInteger(quantity) && quantity > 0)
        void this.act(() => manageItem({ op: 'restock', itemId: id, quantity, requestId: newRequestId() }), '已补货');
    },
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string; status?: string }>) {
      const { id, status } = e.currentTarget.dataset;
      if (id)
        void this.act(
          () => manageItem({ op: 'edit', itemId: id, status: status === 'on' ? 'off' : 'on' }),
          status === 'on' ? '已下架' : '已上架'
        );
    },
    onRetry() {
      void this.refresh();
    }
  }
});
