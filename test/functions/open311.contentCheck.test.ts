// Open311 POST when WeChat's content check is down (its own local cloud, msgSecCheck failing): the
// partner's case is still filed, once; a risky text cannot be told apart then, so it is filed too.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { ORG } from '../support/cases';
import { countCases, createKey, post } from './open311Helpers';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ env: { LOCALCLOUD_OPENAPI_DOWN: 'security.msgSecCheck' } });
});
afterAll(() => cloud?.stop());

test('with msgSecCheck down a partner’s POST is filed (201), not lost', async () => {
  const { key } = await createKey(cloud, ORG.xinshancun);
  const before = await countCases(cloud);
  const res = await post(cloud, '/open311/v2/requests.json', {
    api_key: key,
    service_code: 'urban-mgmt',
    lat: '29.4842',
    long: '106.4826',
    description: '小区门口占道经营，影响通行。',
    'attribute[community]': ORG.pingan
  });
  expect(res.status).toBe(201);
  expect(await countCases(cloud)).toBe(before + 1);
  const stats = (await cloud.request('GET', '/__emulator/stats')).body as { openapi?: Record<string, number> };
  expect(stats.openapi?.['security.msgSecCheck']).toBeGreaterThanOrEqual(1); // it was asked
});
