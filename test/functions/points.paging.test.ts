// Issue 11: every points list pages by key to its end. 25 claims (filed at once, so several share a
// millisecond), 25 awards in 公示, 25 ledger entries: following nextCursor reaches the oldest, each once.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { Page } from '../../typings/cases';
import { fund, GANGHUA, points, pointsOk, preparePoints, rid, staffOf } from './pointsHelpers';

let cloud: TestCloud;
/** A community of its own, so other tests' rows do not mix in. */
const COMMUNITY = GANGHUA;
const staff = staffOf(COMMUNITY);

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
  await preparePoints(cloud);
});
afterAll(() => cloud?.stop());

/** Every page from the first, following nextCursor; the cursors are checked to end. */
async function allPages<T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    pages.push(p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && pages.length < 10);
  return pages;
}

test("the community's claims queue pages to its oldest pending claim", async () => {
  const claimants = Array.from({ length: 25 }, (_, i) => `resident-paging-claim-${i}`);
  const filed = await Promise.all(
    claimants.map((openid, i) =>
      pointsOk(cloud, openid, 'claim', {
        deedType: 'volunteer',
        communityId: COMMUNITY,
        text: `第${i}次清扫楼道`,
        requestId: rid()
      })
    )
  );
  const oldest = [...filed].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.claimId.localeCompare(b.claimId)
  )[0];
  const pages = await allPages((cursor) => pointsOk(cloud, staff, 'claims', { scope: 'community', cursor }));
  expect(pages.map((p) => p.length)).toEqual([20, 5]);
  const ids = pages.flat().map((c) => c.claimId);
  expect(new Set(ids)).toEqual(new Set(filed.map((c) => c.claimId)));
  expect(ids[ids.length - 1]).toBe(oldest.claimId);
  // Newest first throughout.
  const times = pages.flat().map((c) => c.createdAt);
  expect([...times].sort().reverse()).toEqual(times);
});

test('the 公示 list pages to its oldest award', async () => {
  const awardees = Array.from({ length: 25 }, (_, i) => `resident-paging-award-${i}`);
  const made = await Promise.all(
    awardees.map((openid) =>
      pointsOk(cloud, staff, 'award', { openid, points: 5, reason: '帮助邻居', requestId: rid() })
    )
  );
  const pages = await allPages((cursor) =>
    pointsOk(cloud, 'resident-paging-reader', 'notices', { communityId: COMMUNITY, cursor })
  );
  const ids = pages.flat().map((n) => n.awardId);
  expect(ids).toHaveLength(25);
  expect(new Set(ids)).toEqual(new Set(made.map((n) => n.awardId)));
});

test('the ledger and my orders page by entry number', async () => {
  const owner = 'resident-paging-ledger';
  await fund(cloud, [owner], 40, COMMUNITY);
  const item = await pointsOk(cloud, staff, 'items', {
    op: 'add',
    communityId: COMMUNITY,
    name: '便民袋',
    points: 1,
    stock: 50,
    monthlyLimit: 50,
    requestId: rid()
  });
  for (let i = 0; i < 24; i++)
    await pointsOk(cloud, owner, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() });
  const entries = (await allPages((cursor) => pointsOk(cloud, owner, 'ledger', { cursor }))).flat();
  expect(entries).toHaveLength(25);
  expect(entries[entries.length - 1]).toMatchObject({ kind: 'earn', points: 40 });
  const orders = await allPages((cursor) => pointsOk(cloud, owner, 'orders', { cursor }));
  expect(orders.map((p) => p.length)).toEqual([20, 4]);
  expect(new Set(orders.flat().map((o) => o.orderId)).size).toBe(24);
});

test('a cursor that is not one of ours is refused', async () => {
  expect(await points(cloud, staff, 'claims', { scope: 'community', cursor: '40' })).toMatchObject({
    ok: false,
    code: 'FIELD_INVALID'
  });
});
