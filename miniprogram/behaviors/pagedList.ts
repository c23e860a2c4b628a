// A paged list (我的诉求, 工作台, 我的兑换, 积分明细): the first page on load, pull down to refresh, the
// next page at the bottom or on 加载更多. A page gives how to fetch one page and how to show one item:
//
//   Component({ behaviors: [pagedList({ fetchPage: (cursor) => getMyCases(cursor), toRow })], ... })
//
// and its wxml reads status, errorMessage, items, nextCursor, loadingMore and moreError.
import type { Page, Result } from '../../typings';

type ListStatus = 'loading' | 'ready' | 'error';

interface PagedListOptions<Item, Row, Host> {
  /** One page of items, newest first; no cursor means the first page. `page` is the page instance. */
  fetchPage(cursor: string | undefined, page: Host): Promise<Result<Page<Item>>>;
  toRow(item: Item): Row;
  /** What a refresh asked for (e.g. its filters): an answer that no longer matches it arrived too late and is dropped. */
  queryKey?(page: Host): string;
  /** Refresh when the page shows again, e.g. back from a detail where the item changed. */
  refreshOnShow?: boolean;
}

export function pagedList<Item, Row, Host = unknown>(opts: PagedListOptions<Item, Row, Host>) {
  return Behavior({
    data: {
      status: 'loading' as ListStatus,
      errorMessage: '',
      items: [] as Row[],
      nextCursor: '',
      loadingMore: false,
      moreError: ''
    },

    methods: {
      onLoad() {
        void this.refresh();
      },

      onShow() {
        if (opts.refreshOnShow && this.data.status === 'ready') void this.refresh();
      },

      async onPullDownRefresh() {
        await this.refresh();
        void wx.stopPullDownRefresh();
      },

      onReachBottom() {
        void this.loadMore();
      },

      onRetry() {
        void this.refresh();
      },

      async refresh() {
        const host = this as unknown as Host;
        if (this.data.status !== 'ready') this.setData({ status: 'loading' });
        const asked = opts.queryKey?.(host);
        const res = await opts.fetchPage(undefined, host);
        if (asked !== opts.queryKey?.(host)) return;
        if (!res.ok) {
          this.setData({ status: 'error', errorMessage: res.message });
          return;
        }
        this.setData({
          status: 'ready',
          items: res.data.items.map((item) => opts.toRow(item)),
          nextCursor: res.data.nextCursor ?? '',
          moreError: ''
        });
      },

      async loadMore() {
        const { nextCursor, loadingMore } = this.data;
        if (!nextCursor || loadingMore) return;
        this.setData({ loadingMore: true, moreError: '' });
        const res = await opts.fetchPage(nextCursor, this as unknown as Host);
        if (!res.ok) {
          this.setData({ loadingMore: false, moreError: res.message });
          return;
        }
        // Appending by index keeps setData small however long the list grows.
        const update: Record<string, unknown> = { loadingMore: false, nextCursor: res.data.nextCursor ?? '' };
        res.data.items.forEach((item, i) => (update[`items[${this.data.items.length + i}]`] = opts.toRow(item)));
        this.setData(update);
      }
    }
  });
}
