// The 消息中心 count on the 我的诉求 tab: what waits for the resident (待补充, 待评价). Refreshed when a
// tab page shows, so it follows what staff did meanwhile.
import type { ResidentTodo } from '../../typings';
import { getTodo } from '../services/cases/todo';

/** app.json's tabBar: 首页 / 我的诉求 / 德分宝 / 我的. */
const CASES_TAB = 1;

/** Reads the resident's to-dos and sets the tab's badge; null when they could not be read (badge kept). */
export async function refreshTodoBadge(): Promise<ResidentTodo | null> {
  const res = await getTodo();
  if (!res.ok) return null;
  const n = res.data.awaitingMaterial + res.data.awaitingRating;
  // Only a tab page has a tabBar to badge; elsewhere WeChat answers fail, which changes nothing.
  const done = (): void => undefined;
  if (n > 0) wx.setTabBarBadge({ index: CASES_TAB, text: n > 99 ? '99+' : String(n), fail: done });
  else wx.removeTabBarBadge({ index: CASES_TAB, fail: done });
  return res.data;
}
