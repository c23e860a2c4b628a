/**
 * Issue 14 figures: Open311 `GET requests` over a day of 60,000 cases (database requests and time per
 * page, a partner key for the district and an anonymous caller), and webhook delivery throughput from
 * the outbox. Cases and outbox events are generated here and loaded with insertDocument batches.
 */
import { performance } from 'node:perf_hooks';
import org from '../data/dadukou-org.json';
import { PUBLIC_CATEGORIES } from '../domain/open311';
import { buildUnits, scopePath } from '../domain/org';
import { shanghaiDay, shanghaiInstant } from '../domain/time';
import { ORG } from '../test/support/cases';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { rawFind, rawInsert } from '../test/support/rawDb';
import type { Result } from '../typings/result';
import type { CreateKeyResponse, DeliveryReport, SetWebhookResponse } from '../typings/partners';
import { summarize, table } from './stats';

const DAY_CASES = 60_000;
const units = buildUnits(org);
const communities = units.filter((u) => u.kind === 'community').map((u) => u.id);
const categories = org.disputeCategories.map((c) => ({ id: c.id, name: c.name }));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** A day's cases, spread over its 24 hours. */
function dayOfCases(day: number): Array<Record<string, unknown>> {
  const r = rng(14);
  const start = shanghaiInstant(day).getTime();
  return Array.from({ length: DAY_CASES }, (_, i) => {
    const unitId = communities[Math.floor(r() * communities.length)];
    const cat = categories[Math.floor(r() * categories.length)];
    const created = new Date(start + Math.floor((i / DAY_CASES) * 86_400_000));
    return {
      _id: `b311-${String(i).padStart(6, '0')}`,
      code: `DDK-B-${String(i).padStart(6, '0')}`,
      reporterId: `bench-r${i % 5000}`,
      status: r() < 0.5 ? 'submitted' : 'closed',
      category: cat.id,
      categoryName: cat.name,
      communityId: unitId,
      unitId,
      scopeIds: scopePath(unitId, units),
      description: '楼道堆放杂物，影响通行，请社区协调清理。',
      contactPhone: '13812341234',
      createdAt: created,
      updatedAt: created,
      resolveDueAt: new Date(created.getTime() + 5 * 86_400_000),
      location: { latitude: 29.48 + r() / 100, longitude: 106.48 + r() / 100 },
      timeline: [{ at: created, action: 'submit', unitId, text: '群众吹哨' }]
    };
  });
}

async function keyFor(cloud: TestCloud, unitId: string, name: string): Promise<CreateKeyResponse> {
  const res = await cloud.call<Result<CreateKeyResponse>>(
    'partners',
    { action: 'createKey', name, unitId, permissions: ['read'] },
    'admin-1'
  );
  if (!res.ok) throw new Error(res.code);
  return res.data;
}

/** Walks one day page by page; each page's time through HTTP and its database requests. */
async function walk(cloud: TestCloud, day: number, pageSize: number, apiKey: string | null) {
  const ms: number[] = [];
  const requests: number[] = [];
  let items = 0;
  let token: string | null = null;
  for (let page = 0; ; page++) {
    // 60 requests a minute per key: a new minute every 50 pages.
    if (page % 50 === 0) await cloud.advanceClock(61_000);
    const q = new URLSearchParams({
      start_date: shanghaiInstant(day).toISOString(),
      end_date: new Date(shanghaiInstant(day + 1).getTime() - 1).toISOString(),
      page_size: String(pageSize),
      ...(apiKey ? { api_key: apiKey } : {}),
      ...(token ? { page_token: token } : {})
    });
    const t = performance.now();
    const res = await fetch(`${cloud.url}/open311/v2/requests.json?${q.toString()}`);
    const body = (await res.json()) as unknown[];
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`page ${page}: ${res.status} ${JSON.stringify(body)}`);
    requests.push((await cloud.invocations(1))[0].dbRequests);
    items += body.length;
    token = res.headers.get('x-next-page-token');
    if (!token) break;
  }
  // The first page of a cold instance also reads the organisation (cached a minute): left out of the figures.
  return { pages: ms.length, items, ms: summarize(ms.slice(1)), requests: summarize(requests.slice(1)) };
}

async function benchRequests(cloud: TestCloud): Promise<string> {
  const day = shanghaiDay(new Date()) - 1;
  const docs = dayOfCases(day);
  const t0 = performance.now();
  await rawInsert(cloud, 'cases', docs);
  const loadS = ((performance.now() - t0) / 1000).toFixed(1);
  const district = await keyFor(cloud, ORG.district, 'bench district');
  const town = await keyFor(cloud, ORG.xinshancun, 'bench town');
  const rows = [];
  for (const [who, key, size] of [
    ['district key', district.key, 1000],
    ['district key', district.key, 200],
    ['town key (新山村街道)', town.key, 1000],
    ['anonymous (public categories)', null, 1000]
  ] as const) {
    const w = await walk(cloud, day, size, key);
    rows.push({
      caller: who,
      page_size: size,
      pages: w.pages,
      items: w.items,
      'requests/page p50': w.requests.p50,
      'requests/page p95': w.requests.p95,
      'ms/page p50': w.ms.p50,
      'ms/page p95': w.ms.p95
    });
  }
  const publicShare = docs.filter((d) => PUBLIC_CATEGORIES.includes(String(d.category))).length;
  return [
    `GET /open311/v2/requests.json over one day of ${DAY_CASES.toLocaleString()} cases (loaded in ${loadS} s; ${publicShare} in public categories), walking the day with the next-page token; warm pages (the first, cold one left out):`,
    '',
    table(rows)
  ].join('\n');
}

async function benchWebhooks(cloud: TestCloud): Promise<string> {
  const key = await keyFor(cloud, ORG.district, 'bench hooks');
  const hook = await cloud.call<Result<SetWebhookResponse>>(
    'partners',
    { action: 'setWebhook', keyId: key.keyId, url: 'https://partner.example/bench' },
    'admin-1'
  );
  if (!hook.ok) throw new Error(hook.code);
  const CASES = 500;
  const VERSIONS = 4;
  const now = new Date(Date.now());
  const events = [];
  for (let v = 1; v <= VERSIONS; v++)
    for (let c = 0; c < CASES; c++)
      events.push({
        _id: `${key.keyId}:bench${c}:${String(v).padStart(8, '0')}`,
        keyId: key.keyId,
        caseId: `bench${c}`,
        version: v,
        url: 'https://partner.example/bench',
        body: JSON.stringify({ event: 'case.changed', version: v, request: { service_request_id: `B-${c}` } }),
        createdAt: new Date(now.getTime() - (VERSIONS - v) * 1000),
        nextAt: now,
        attempts: 0,
        state: 'pending',
        lastError: null,
        deliveredAt: null
      });
  await rawInsert(cloud, 'webhookOutbox', events);
  const runs: Array<{ ms: number; report: DeliveryReport; requests: number }> = [];
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const out = (await cloud.trigger('webhooks')) as { result: DeliveryReport };
    runs.push({ ms: performance.now() - t, report: out.result, requests: (await cloud.invocations(1))[0].dbRequests });
    if (out.result.read === 0) break;
  }
  const totalS = (performance.now() - t0) / 1000;
  const delivered = runs.reduce((n, r) => n + r.report.delivered, 0);
  const deliveries = ((await cloud.request('GET', '/__emulator/webhooks')).body as Array<{ body: string }>).length;
  const left = (await rawFind(cloud, 'webhookOutbox', { state: 'pending' }))?.length ?? 0;
  return [
    `Webhook delivery from the outbox: ${events.length} events (${CASES} cases × ${VERSIONS} changes), runs of the timer function (500 events read a run, 16 cases at once, a case's events in order):`,
    '',
    table(
      runs.map((r, i) => ({
        run: i + 1,
        read: r.report.read,
        delivered: r.report.delivered,
        'db requests': r.requests,
        ms: Math.round(r.ms)
      }))
    ),
    '',
    `${delivered} delivered (${deliveries} recorded by the local cloud, ${left} left pending) in ${totalS.toFixed(1)} s: ${Math.round(delivered / totalS)} deliveries/s, ${(runs.reduce((n, r) => n + r.requests, 0) / Math.max(1, delivered)).toFixed(2)} database requests per delivery.`
  ].join('\n');
}

export async function benchOpen311(): Promise<string> {
  const cloud = await startLocalCloud();
  try {
    return [await benchRequests(cloud), '', await benchWebhooks(cloud)].join('\n');
  } finally {
    await cloud.stop();
  }
}
