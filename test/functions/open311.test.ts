// Open311 GeoReport v2 conformance: every endpoint in JSON and XML, every error path, paging by date.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { ORG, submitOk } from '../support/cases';
import { rawFind } from '../support/rawDb';
import { countCases, createKey, get, post } from './open311Helpers';

let cloud: TestCloud;
let key: string; // 新山村街道, read + write
let readOnly: string;

beforeAll(async () => {
  cloud = await startLocalCloud();
  key = (await createKey(cloud, ORG.xinshancun)).key;
  readOnly = (await createKey(cloud, ORG.xinshancun, ['read'], '城市管理平台')).key;
});
afterAll(() => cloud?.stop());

const V2 = '/open311/v2';
const form = (extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'urban-mgmt',
  lat: '29.4842',
  long: '106.4826',
  description: '小区门口占道经营，影响通行。联系电话13812341234',
  'attribute[community]': ORG.pingan,
  first_name: '小明',
  last_name: '王',
  phone: '13812341234',
  ...extra
});

describe('discovery and services', () => {
  test.each(['json', 'xml'])('discovery.%s lists the v2 endpoint with both formats', async (fmt) => {
    const res = await get(cloud, `/open311/discovery.${fmt}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe(fmt === 'json' ? 'application/json' : 'text/xml');
    if (fmt === 'json') {
      expect(res.body).toMatchObject({
        endpoints: [
          { specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] }
        ]
      });
      expect((res.body as { endpoints: Array<{ url: string }> }).endpoints[0].url).toBe(`${cloud.url}/open311/v2`);
    } else {
      expect(res.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><discovery><changeset>/);
      expect(res.text).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');
    }
  });

  test.each(['json', 'xml'])('services.%s: every category with its group and keywords', async (fmt) => {
    const res = await get(cloud, `${V2}/services.${fmt}`);
    expect(res.status).toBe(200);
    if (fmt === 'json') {
      const list = res.body as Array<Record<string, unknown>>;
      expect(list.length).toBe(20);
      expect(list.find((s) => s.service_code === 'urban-mgmt')).toMatchObject({
        service_name: '城市管理纠纷',
        metadata: true,
        type: 'realtime',
        group: '公共事务'
      });
      expect(list.find((s) => s.service_code === 'neighbor')).toMatchObject({ group: '矛盾纠纷' });
      expect(String(list[0].keywords)).toContain(',');
    } else {
      expect(res.text).toMatch(/<services><service><service_code>/);
      expect(res.text).toContain('<group>矛盾纠纷</group>');
    }
  });

  test.each(['json', 'xml'])('services/{code}.%s defines the community attribute; unknown is 404', async (fmt) => {
    const res = await get(cloud, `${V2}/services/urban-mgmt.${fmt}`);
    expect(res.status).toBe(200);
    if (fmt === 'json') {
      const def = res.body as { service_code: string; attributes: Array<Record<string, unknown>> };
      expect(def.service_code).toBe('urban-mgmt');
      expect(def.attributes[0]).toMatchObject({ code: 'community', datatype: 'singlevaluelist', required: true });
      expect((def.attributes[0].values as unknown[]).length).toBeGreaterThan(90);
    } else {
      expect(res.text).toContain('<attributes><attribute><variable>true</variable><code>community</code>');
      expect(res.text).toContain(`<value><key>${ORG.pingan}</key><name>平安社区</name></value>`);
    }
    const missing = await get(cloud, `${V2}/services/no-such.${fmt}`);
    expect(missing.status).toBe(404);
    if (fmt === 'json') expect(missing.body).toEqual([{ code: 404, description: 'no service no-such' }]);
    else expect(missing.text).toContain('<errors><error><code>404</code><description>no service no-such</description>');
  });

  test('unknown resources, formats and methods answer in the error format', async () => {
    expect((await get(cloud, `${V2}/nothing.json`)).status).toBe(404);
    expect((await get(cloud, '/open311/v3/services.json')).status).toBe(404);
    expect((await get(cloud, `${V2}/services.html`)).status).toBe(404);
    const put = await post(cloud, `${V2}/services.json`, {});
    expect(put.status).toBe(405);
    expect(put.body).toEqual([{ code: 405, description: 'method not allowed' }]);
  });
});

describe('requests', () => {
  test.each(['json', 'xml'])(
    'POST files a partner case in the key’s unit (%s); GET shows it without names or phones',
    async (fmt) => {
      const res = await post(cloud, `${V2}/requests.${fmt}`, form());
      expect(res.status).toBe(201);
      let id: string;
      let token: string;
      if (fmt === 'json') {
        const [r] = res.body as Array<{ service_request_id: string; token: string }>;
        ({ service_request_id: id, token } = r);
      } else {
        id = /<service_request_id>([^<]+)</.exec(res.text)![1];
        token = /<token>([^<]+)</.exec(res.text)![1];
      }
      expect(id).toMatch(/^DDK-\d{8}-\d{4}$/);
      const [stored] = (await rawFind<Record<string, unknown>>(cloud, 'cases', { code: id }))!;
      expect(stored).toMatchObject({
        channel: 'partner',
        registeredUnitId: ORG.xinshancun,
        unitId: ORG.xinshancun, // 城市管理 starts at the town (routing rules)
        reporterName: '王小明',
        contactPhone: '13812341234'
      });

      const one = await get(cloud, `${V2}/requests/${id}.${fmt}`, { api_key: key });
      expect(one.status).toBe(200);
      expect(one.text).not.toMatch(/13812341234|小明/);
      if (fmt === 'json') {
        const [r] = one.body as Array<Record<string, unknown>>;
        expect(r).toMatchObject({
          service_request_id: id,
          status: 'open',
          service_code: 'urban-mgmt',
          agency_responsible: '新山村街道',
          lat: 29.4842,
          long: 106.4826
        });
        expect(String(r.expected_datetime)).toMatch(/\+08:00$/);
        expect(String(r.description)).toContain('1**********');
      } else {
        expect(one.text).toMatch(/^<\?xml[^>]*><service_requests><request><service_request_id>DDK-/);
        expect(one.text).toContain('<status>open</status>');
      }
      const tok = await get(cloud, `${V2}/tokens/${token}.${fmt}`, { api_key: key });
      expect(tok.status).toBe(200);
      expect(tok.text).toContain(id);
      expect((await get(cloud, `${V2}/tokens/${'0'.repeat(32)}.${fmt}`, { api_key: key })).status).toBe(404);
    }
  );

  test('replies are notes; a resolved case is closed with its status notes', async () => {
    const [r] = (await post(cloud, `${V2}/requests.json`, form({ description: '路灯不亮' }))).body as Array<{
      service_request_id: string;
      token: string;
    }>;
    const staff = `staff-${ORG.xinshancun}`;
    const call = async (action: string, extra: Record<string, unknown>) => {
      const res = await cloud.call<{ ok: boolean; code?: string }>(
        'cases',
        { action, caseId: r.token, ...extra },
        staff
      );
      expect(res.ok).toBe(true);
    };
    await call('accept', { note: '已受理，明天到场' });
    await call('resolve', { result: '已更换灯泡' });
    const [view] = (await get(cloud, `${V2}/requests/${r.service_request_id}.json`, { api_key: key })).body as Array<{
      status: string;
      status_notes: string;
      notes: Array<{ description: string; agency: string }>;
    }>;
    expect(view.status).toBe('closed');
    expect(view.status_notes).toContain('已更换灯泡');
    expect(view.notes.map((n) => n.agency)).toEqual(['新山村街道', '新山村街道']);
  });

  test('anonymous callers see public categories only, without description or address', async () => {
    const dispute = await submitOk(cloud, 'resident-1', { category: 'neighbor' });
    const pub = await submitOk(cloud, 'resident-1', {
      category: 'pollution',
      location: { latitude: 29.48421, longitude: 106.48262, address: '平安社区3栋' }
    });
    const codes = (list: unknown) => (list as Array<{ service_request_id: string }>).map((r) => r.service_request_id);
    const anon = await get(cloud, `${V2}/requests.json`);
    expect(codes(anon.body)).toContain(pub.code);
    expect(codes(anon.body)).not.toContain(dispute.code);
    const mine = (anon.body as Array<Record<string, unknown>>).find((r) => r.service_request_id === pub.code)!;
    expect(mine).toMatchObject({ description: null, address: null, lat: 29.484, long: 106.483, notes: [] });
    expect((await get(cloud, `${V2}/requests/${dispute.code}.json`)).status).toBe(404);
    expect(codes((await get(cloud, `${V2}/requests.json`, { service_code: 'neighbor' })).body)).toEqual([]);
    expect(
      codes((await get(cloud, `${V2}/requests.json`, { service_request_id: `${dispute.code},${pub.code}` })).body)
    ).toEqual([pub.code]);
    // The town's key sees both, with the description.
    const xml = await get(cloud, `${V2}/requests.xml`);
    expect(xml.type).toBe('text/xml');
    expect(xml.text).toContain(`<service_request_id>${pub.code}</service_request_id>`);
    expect(xml.text).not.toContain(dispute.code);
    const keyed = await get(cloud, `${V2}/requests.json`, { api_key: key });
    expect(codes(keyed.body)).toEqual(expect.arrayContaining([dispute.code, pub.code]));
  });

  test('paging by date: page_size and the next-page token walk a window newest first, one query a page', async () => {
    const start = new Date(Date.now() + 0).toISOString();
    await cloud.advanceClock(3600_000); // a window of its own
    const filed: string[] = [];
    for (let i = 0; i < 5; i++) {
      filed.push((await submitOk(cloud, 'resident-2', { category: 'pollution' })).code);
      await cloud.advanceClock(60_000);
    }
    const from = new Date(Date.parse(start) + 3000_000).toISOString();
    const seen: string[] = [];
    let query: Record<string, string> = { start_date: from, page_size: '2', service_code: 'pollution' };
    for (let page = 0; page < 5; page++) {
      const res = await get(cloud, `${V2}/requests.json`, query);
      expect(res.status).toBe(200);
      const inv = (await cloud.invocations(1))[0];
      // The page's query and the request log (the first page of a cold instance also reads the org, cached a minute).
      if (page > 0) expect(inv.dbRequests).toBe(2);
      seen.push(...(res.body as Array<{ service_request_id: string }>).map((r) => r.service_request_id));
      const next = res.headers['x-next-page-token'];
      if (!next) break;
      expect(res.headers.link).toMatch(/^<\?.*page_token=.*>; rel="next"$/);
      query = { ...query, page_token: next };
    }
    expect(seen).toEqual([...filed].reverse());
    // end_date cuts the window; status filters.
    const early = await get(cloud, `${V2}/requests.json`, {
      start_date: from,
      end_date: new Date(Date.parse(from) + 600_000 + 90_000).toISOString(),
      service_code: 'pollution'
    });
    expect((early.body as unknown[]).length).toBeLessThan(5);
    const closed = await get(cloud, `${V2}/requests.json`, {
      start_date: from,
      status: 'closed',
      service_code: 'pollution'
    });
    expect(closed.body).toEqual([]);
  });
});

describe('errors: Open311 shape, right HTTP code, nothing written', () => {
  const bad: Array<[string, () => Promise<{ status: number; body: unknown }>, number, RegExp]> = [
    [
      'an unknown service_code',
      () => post(cloud, `${V2}/requests.json`, form({ service_code: 'nope' })),
      400,
      /service_code/
    ],
    ['a missing location', () => noLocation(), 400, /location/],
    [
      'a body over the limit',
      () => post(cloud, `${V2}/requests.json`, form({ description: 'x'.repeat(20_000) })),
      413,
      /bytes/
    ],
    ['a malformed date', () => get(cloud, `${V2}/requests.json`, { start_date: '2026-13-01' }), 400, /start_date/],
    [
      'a window over 90 days',
      () =>
        get(cloud, `${V2}/requests.json`, {
          start_date: '2026-01-01T00:00:00+08:00',
          end_date: '2026-06-01T00:00:00+08:00'
        }),
      400,
      /90 days/
    ],
    [
      'a bad key',
      () =>
        post(
          cloud,
          `${V2}/requests.json`,
          form({ api_key: 'pk_0000000000000000.wrongwrongwrongwrongwrongwrongwrong' })
        ),
      403,
      /api_key/
    ],
    ['a malformed key', () => get(cloud, `${V2}/requests.json`, { api_key: 'letmein' }), 403, /api_key/],
    ['no key on POST', () => post(cloud, `${V2}/requests.json`, { ...form(), api_key: '' }), 403, /api_key/],
    [
      'a key without write on POST',
      () => post(cloud, `${V2}/requests.json`, form({ api_key: readOnly })),
      403,
      /may not post/
    ],
    [
      'lat/long outside the district',
      () => post(cloud, `${V2}/requests.json`, form({ lat: '39.9', long: '116.4' })),
      400,
      /outside/
    ],
    ['a bad status', () => get(cloud, `${V2}/requests.json`, { status: 'pending' }), 400, /status/],
    ['a bad page_size', () => get(cloud, `${V2}/requests.json`, { page_size: '5000' }), 400, /page_size/],
    ['a bad page_token', () => get(cloud, `${V2}/requests.json`, { page_token: '!!' }), 400, /page_token/],
    [
      'a missing community',
      () => post(cloud, `${V2}/requests.json`, { ...form(), 'attribute[community]': '' }),
      400,
      /community/
    ],
    ['an unknown id', () => get(cloud, `${V2}/requests/DDK-20990101-0001.json`), 404, /no service request/],
    // WeChat's content check (msgSecCheck), as a resident's submit: emulator/risky-words.txt holds the words.
    [
      'a risky description',
      () => post(cloud, `${V2}/requests.json`, form({ description: '有人在小区门口发赌博网站的传单' })),
      400,
      /content check/
    ],
    [
      'a risky media_url',
      () => post(cloud, `${V2}/requests.json`, form({ media_url: 'https://img.example/代开发票.jpg' })),
      400,
      /content check/
    ]
  ];
  function noLocation() {
    const f: Record<string, string> = form();
    delete f.lat;
    delete f.long;
    return post(cloud, `${V2}/requests.json`, f);
  }

  test.each(bad)('%s', async (_name, call, status, description) => {
    const before = await countCases(cloud);
    const res = await call();
    expect(res.status).toBe(status);
    const [e] = res.body as Array<{ code: number; description: string }>;
    expect(e.code).toBe(status);
    expect(e.description).toMatch(description);
    expect(await countCases(cloud)).toBe(before);
  });

  test('a POST’s texts go through one msgSecCheck before anything is written', async () => {
    const checks = async () =>
      ((await cloud.request('GET', '/__emulator/stats')).body as { openapi?: Record<string, number> }).openapi?.[
        'security.msgSecCheck'
      ] ?? 0;
    const before = await checks();
    const res = await post(cloud, `${V2}/requests.json`, form({ media_url: 'https://img.example/a.jpg' }));
    expect(res.status).toBe(201);
    expect((await checks()) - before).toBe(1);
    // Refused by the check: the same shape in XML, and the refusal writes nothing.
    const cases = await countCases(cloud);
    const xml = await post(cloud, `${V2}/requests.xml`, form({ description: '违禁测试词' }));
    expect(xml.status).toBe(400);
    expect(xml.text).toMatch(/<errors><error><code>400<\/code><description>description or media_url was refused/);
    expect(await countCases(cloud)).toBe(cases);
  });

  test('the XML error document', async () => {
    const res = await get(cloud, `${V2}/requests.xml`, { end_date: 'yesterday' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/xml');
    expect(res.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><errors><error><code>400<\/code><description>end_date/
    );
  });
});
