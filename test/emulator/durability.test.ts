import { startLocalCloud, tempDir, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

/** Every id the database holds in `probe`, read page by page through the CloudBase API. */
async function allIds(cloud: TestCloud): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const res = await cloud.request('POST', '/admin', {
      action: 'database.getDocument',
      collectionName: 'probe',
      query: '{}',
      queryType: 'WHERE',
      offset,
      limit: 1000,
      projection: '{"_id":true}'
    });
    const list = (res.body as { data: { list: string[] } }).data.list;
    for (const doc of list) ids.add((JSON.parse(doc) as { _id: string })._id);
    if (list.length < 1000) return ids;
  }
}

test('kill -9 during a write load loses no acknowledged write', async () => {
  const dir = tempDir();
  const env = { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions() };
  const first = await startLocalCloud({ dir, seed: false, env });
  await first.request('POST', '/admin', { action: 'database.addCollection', collectionName: 'probe' });
  const acknowledged: string[] = [];
  let stop = false;
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await first.call<{ id: string }>('probe', { action: 'insert', n: w * 100000 + i });
        acknowledged.push(r.id);
      } catch {
        return; // the server died mid-request: that write was never acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 10));
  first.kill();
  stop = true;
  await Promise.all(writers);

  const second = await startLocalCloud({ dir, seed: false, env });
  try {
    const ids = await allIds(second);
    const lost = acknowledged.filter((id) => !ids.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(lost).toEqual([]);
  } finally {
    await second.stop();
  }
});
