/**
 * @jest-environment jsdom
 */
// The admin home's holiday banner: from October on, while next year's schedule is missing. The local
// cloud's clock is moved to the next 15 October (Shanghai), its own cloud so no other test sees that
// date; chinese-days knows no year that far ahead, so an override names this year's days and the banner
// is about next year's alone; an override for next year takes it away.
import type { Result, RulesView } from '../../typings';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const SHANGHAI = 8 * 3600_000;

/** 15 October, 10:00 in Shanghai, of this year if still ahead, else of next year. */
function nextOctober(nowMs: number): { ms: number; year: number } {
  const local = new Date(nowMs + SHANGHAI);
  const year = local.getUTCMonth() < 9 ? local.getUTCFullYear() : local.getUTCFullYear() + 1;
  return { ms: Date.UTC(year, 9, 15, 10) - SHANGHAI, year };
}

async function setCalendar(days: Array<{ date: string; workday: boolean; note: string }>): Promise<void> {
  const res = await cloud.call<Result<unknown>>('setup', { action: 'setRules', calendar: days }, 'admin-1');
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
}

test('from October on, the admin home warns while next year’s holidays are missing', async () => {
  wxControl.reset();
  signIn(cloud.url, 'admin-1');
  const clock = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  const october = nextOctober(Date.parse(clock.now));
  await cloud.advanceClock(october.ms - Date.parse(clock.now));
  const { year } = october;
  await setCalendar([{ date: `${year}-10-01`, workday: false, note: '国庆节' }]);
  const status = await cloud.call<Result<RulesView>>('setup', { action: 'getRules' }, 'admin-1');
  expect(status).toMatchObject({
    ok: true,
    data: { calendarStatus: { thisYear: year, thisYearConfigured: true, nextYearConfigured: false, banner: true } }
  });

  page = await loadPage('packageAdmin/home/index');
  await page.waitForText(`尚未配置${year + 1}年的节假日安排`);
  expect(page.text()).toContain('单位与工作人员');
  page.unload();

  // The calendar editor says the same, and the banner goes once next year has a day set.
  page = await loadPage('packageAdmin/rule/index', { query: { kind: 'calendar' } });
  await page.waitForText(`节假日安排：${year}年已配置，${year + 1}年未配置`);
  page.unload();
  await setCalendar([
    { date: `${year}-10-01`, workday: false, note: '国庆节' },
    { date: `${year + 1}-01-01`, workday: false, note: '元旦' }
  ]);
  page = await loadPage('packageAdmin/home/index');
  await page.waitForText('单位与工作人员');
  expect(page.text()).not.toContain('尚未配置');
});

test('the admin home is for admins: staff are told so', async () => {
  wxControl.reset();
  signIn(cloud.url, 'staff-500104001001');
  page = await loadPage('packageAdmin/home/index');
  await page.waitForText('管理后台仅供管理员使用');
});
