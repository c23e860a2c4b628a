/**
 * @jest-environment jsdom
 */
// Figures: the bytes each setData call sends from the list pages (我的诉求, 工作台, 吹哨待办, 督办清单),
// measured on a refresh of a page of rows, and the 吹哨待办 countdown tick, which sends only the lines
// that changed, never the whole list. The figures are printed; the bounds keep them from creeping up.
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';

const town = staffOf(ORG.xinshancun);
const ROWS = 6;

let cloud: TestCloud;
let page: LoadedPage | undefined;
const figures: string[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
  for (let i = 0; i < ROWS; i++) {
    const c = await submitOk(cloud, 'resident-bytes', {
      category: 'labor',
      description: `第${i + 1}处工地拖欠工人工资，包工头失联，请协调处理。`.repeat(2)
    });
    await actOk(cloud, town, 'whistle', {
      caseId: c.caseId,
      departmentIds: ['dept-justice'],
      reason: '欠薪需司法协助'
    });
  }
  await cloud.advanceClock(40 * 60_000); // the check-ins are late: 督办 items
  await cloud.trigger('deadlines');
});
afterAll(async () => {
  console.info(`setData bytes per call (${ROWS} rows):\n${figures.join('\n')}`);
  await cloud?.stop();
});
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

/** Records the JSON size of every setData call the page makes from now on. */
function measure(p: LoadedPage): number[] {
  const sizes: number[] = [];
  const inst = p.instance as unknown as { setData(d: object, cb?: () => void): void };
  const original = inst.setData.bind(inst);
  inst.setData = (d: object, cb?: () => void) => {
    sizes.push(Buffer.byteLength(JSON.stringify(d)));
    original(d, cb);
  };
  return sizes;
}

async function refreshed(route: string, who: string): Promise<number[]> {
  signIn(cloud.url, who);
  page = await loadPage(route);
  await page.waitFor(() => page!.data.status === 'ready' && (page!.data.items as unknown[]).length > 0);
  const rows = (page.data.items as unknown[]).length;
  const sizes = measure(page);
  await (page.instance.refresh as () => Promise<void>)();
  const max = Math.max(...sizes);
  figures.push(
    `  ${route}: ${sizes.length} call(s), largest ${max} B, ${rows} rows (${Math.round(max / rows)} B a row)`
  );
  return sizes;
}

describe('list pages send small setData calls', () => {
  test.each([
    ['pages/cases/index', 'resident-bytes'],
    ['packageStaff/workbench/index', staffOf(ORG.xinshancun)],
    ['packageStaff/whistles/index', staffOf('dept-justice')],
    ['packageStaff/supervision/index', staffOf(ORG.district)]
  ])('%s', async (route, who) => {
    const sizes = await refreshed(route, who);
    // A row is a few hundred bytes: a refresh of a page stays far below WeChat's 256 KB a call.
    expect(Math.max(...sizes)).toBeLessThan(ROWS * 1024);
  });

  test('the 吹哨待办 countdown tick sends only the lines that changed', async () => {
    signIn(cloud.url, staffOf('dept-justice'));
    page = await loadPage('packageStaff/whistles/index');
    await page.waitFor(() => (page!.data.items as unknown[]).length === ROWS);
    const sizes = measure(page);
    const tick = (now: number): void => (page!.instance.tick as (now: number) => void).call(page!.instance, now);
    const later = Date.now() + 3 * 3600_000; // past every check-in deadline, on any clock
    tick(later); // every countdown moves on
    tick(later); // nothing moved since: no call at all
    expect(sizes).toHaveLength(1);
    const whole = Buffer.byteLength(JSON.stringify({ items: page.data.items as unknown[] }));
    figures.push(`  packageStaff/whistles/index tick: ${sizes[0]} B (the whole list: ${whole} B)`);
    expect(sizes[0]).toBeLessThan(whole / 2);
  });
});
