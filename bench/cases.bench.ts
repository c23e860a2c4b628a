/** Issue 3 figures: round trips per action, submit latency against a one-insert function, mine/queue at 1k vs 100k cases. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { act, newCase, ORG, staffOf, submitOk } from '../test/support/cases';
import { buildFixtureFunctions } from '../test/support/fixtures';
import { rawFind, rawInsert } from '../test/support/rawDb';
import { CASE_NUMBER_BLOCK } from '../server/repos/cases';
import { lastRequests, measure, summarize, table } from './stats';

export async function benchCases(): Promise<string> {
  const out: string[] = [];
  const cloud = await startLocalCloud();
  try {
    const only = (process.env.CASES_BENCH ?? 'trips,latency,growth').split(',');
    if (only.includes('trips'))
      out.push(
        '## Database requests per action (warm instance, from /__emulator/invocations)',
        await roundTrips(cloud)
      );
    if (only.includes('latency')) out.push('## Latency through the gateway', await latency(cloud));
    if (only.includes('growth')) out.push('## mine and queue as the collection grows', await growth(cloud));
  } finally {
    await cloud.stop();
  }
  return out.join('\n\n');
}

async function roundTrips(cloud: TestCloud): Promise<string> {
  const staff = staffOf(ORG.pingan);
  await cloud.call('cases', { action: 'mine' }, 'warm');
  await cloud.call('ratings', { action: 'rate', caseId: 'none', satisfaction: 'satisfied' }, 'warm');
  const rows: Array<Record<string, string | number>> = [];
  const note = async (action: string, target: string): Promise<void> =>
    void rows.push({ action, target, requests: await lastRequests(cloud) });
  await submitOk(cloud, 'resident-1');
  await note("cases.submit, the day's first (opens the day's number counter)", '—');
  const { caseId } = await submitOk(cloud, 'resident-1');
  await note('cases.submit (a number on hand)', '≤ 3');
  for (let i = 2; i < CASE_NUMBER_BLOCK; i++) await submitOk(cloud, 'resident-1');
  await submitOk(cloud, 'resident-1');
  await note('cases.submit, reserving the next block of numbers (1 in 20)', '—');
  await act(cloud, 'resident-1', 'detail', { caseId });
  await note('cases.detail (reporter)', '≤ 2');
  await act(cloud, staff, 'detail', { caseId });
  await note('cases.detail (staff)', '≤ 2');
  await cloud.call('cases', { action: 'mine' }, 'resident-1');
  await note('cases.mine', '≤ 1');
  await cloud.call('cases', { action: 'queue' }, staff);
  await note('cases.queue', '—');
  for (const [action, fields] of [
    ['accept', { note: '已受理' }],
    ['reply', { text: '已联系双方' }],
    ['resolve', { result: '已调解' }]
  ] as const) {
    await act(cloud, staff, action, { caseId, ...fields });
    await note(`cases.${action}`, '≤ 3');
  }
  await act(cloud, 'resident-1', 'rate', { caseId, satisfaction: 'unsatisfied' }, 'ratings');
  await note('ratings.rate', '≤ 3');
  const other = (await submitOk(cloud, 'resident-1')).caseId;
  await act(cloud, staff, 'transfer', { caseId: other, toUnitId: ORG.ganghua, reason: '属地错误' });
  await note('cases.transfer', '≤ 3');
  await act(cloud, staffOf(ORG.ganghua), 'escalate', { caseId: other, reason: '疑难' });
  await note('cases.escalate', '≤ 3');
  await act(cloud, staffOf(ORG.xinshancun), 'reject', { caseId: other, reason: '重复' });
  await note('cases.reject', '≤ 3');
  const cold = await startLocalCloud();
  try {
    await submitOk(cold, 'resident-1');
    rows.push({
      action: 'cases.submit, cold instance (reads org and rules once)',
      target: '—',
      requests: await lastRequests(cold)
    });
  } finally {
    await cold.stop();
  }
  return table(rows);
}

/** CPU time (user + system) the local cloud's process has used so far, in ms (Linux; 0 elsewhere). */
function cpuMs(cloud: TestCloud): number {
  try {
    const fields = fs.readFileSync(`/proc/${cloud.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc times are in these ticks. */
const CLOCK_TICKS = 100;

async function latency(cloud: TestCloud): Promise<string> {
  // The same fixture function the local-cloud bench uses: one insert, as the floor of any write.
  const probe = await startLocalCloud({
    seed: false,
    env: { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions() }
  });
  await probe.request('POST', '/admin', { action: 'database.addCollection', collectionName: 'probe' });
  const rows: Array<Record<string, string | number>> = [];
  try {
    // First as the issue measured (40 calls of warm-up each), then once every path is hot: the probe's
    // fresh local cloud speeds up about twofold over its first thousand calls, a submit far less.
    for (const [warm, label] of [
      [40, '40'],
      [1_000, '+1,000']
    ] as const)
      for (const concurrency of [1, 32]) {
        const n = concurrency === 1 ? 200 : 320;
        await measure(warm, concurrency, () => probe.call('probe', { action: 'insert' }, 'bench'));
        const probeCpu = cpuMs(probe);
        const base = summarize(await measure(n, concurrency, () => probe.call('probe', { action: 'insert' }, 'bench')));
        const baseCpu = (cpuMs(probe) - probeCpu) / n;
        await measure(warm, concurrency, () => probe.call('probe', { action: 'floor' }, 'bench'));
        const floor = summarize(await measure(n, concurrency, () => probe.call('probe', { action: 'floor' }, 'bench')));
        await measure(warm, concurrency, (i) =>
          cloud.call('cases', { action: 'submit', ...newCase() }, `bench-${i % 50}`)
        );
        const cloudCpu = cpuMs(cloud);
        const sub = summarize(
          await measure(n, concurrency, (i) =>
            cloud.call('cases', { action: 'submit', ...newCase({ requestId: randomUUID() }) }, `bench-${i % 50}`)
          )
        );
        const subCpu = (cpuMs(cloud) - cloudCpu) / n;
        rows.push({
          'warm-up calls': label,
          concurrency,
          'one-insert p50': base.p50,
          'one-insert p95': base.p95,
          'submit p50': sub.p50,
          'submit p95': sub.p95,
          'ratio p50': (sub.p50 / base.p50).toFixed(2),
          'ratio p95': (sub.p95 / base.p95).toFixed(2),
          'SDK floor p50 / p95 (ratio)': `${floor.p50} / ${floor.p95} (${(floor.p50 / base.p50).toFixed(2)} / ${(floor.p95 / base.p95).toFixed(2)})`,
          'local cloud CPU ms/call one-insert / submit': `${baseCpu.toFixed(2)} / ${subCpu.toFixed(2)}`
        });
      }
  } finally {
    await probe.stop();
  }
  return `${table(rows)}\n\n(ms; submit: the content check, routing, the day's number and the counter write at once, then the insert; the unit's notice leaves with the outbox timer. Functions, their SDK and the database share the local cloud's one process, so latency follows its CPU per call: submit's 3 SDK requests (text check, insert, counter) against the probe's 1 bound the ratios from below. The SDK floor is a bare function making the same three requests the same way (a text check with one write, then another write): wx-server-sdk waits a timer turn (setTimeout 0, about 1 ms) before every open API call, so the text check alone costs more than an insert here.)`;
}

/** Adds `n` cases spread over every community, as stored documents cloned from a real one. */
function bulkCases(
  cloud: TestCloud,
  template: Record<string, unknown>,
  n: number,
  communities: Array<{ id: string; town: string }>
): Promise<void> {
  const base = Date.UTC(2026, 0, 1);
  const docs = Array.from({ length: n }, (_, i) => {
    const c = communities[i % communities.length];
    const at = new Date(base + i * 60_000);
    return {
      ...template,
      _id: `bulk-${n}-${i}`,
      code: `BULK-${n}-${i}`,
      day: 'bulk',
      seq: i,
      reporterId: `bulk-resident-${i % 20_000}`,
      communityId: c.id,
      unitId: c.id,
      registeredUnitId: c.id,
      scopeIds: [c.id, c.town, ORG.district],
      createdAt: at,
      updatedAt: at,
      dueAt: new Date(at.getTime() + 86_400_000)
    };
  });
  return rawInsert(cloud, 'cases', docs);
}

async function growth(small: TestCloud): Promise<string> {
  const { caseId } = await submitOk(small, 'resident-1');
  const [template] = (await rawFind<Record<string, unknown>>(small, 'cases', { _id: caseId }))!;
  const communities = (await rawFind<{ _id: string; parentId: string }>(small, 'units', { level: 'community' }))!.map(
    (u) => ({ id: u._id, town: u.parentId })
  );
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, Record<number, number>> = { mine: {}, queue: {} };
  for (const n of [1_000, 100_000]) {
    const cloud = await startLocalCloud();
    try {
      await bulkCases(cloud, template, n, communities);
      const ops: Record<string, () => Promise<unknown>> = {
        mine: () => cloud.call('cases', { action: 'mine' }, 'bulk-resident-42'),
        queue: () => cloud.call('cases', { action: 'queue' }, staffOf(ORG.pingan)),
        'queue (overdue)': () => cloud.call('cases', { action: 'queue', overdue: true }, staffOf(ORG.xinshancun))
      };
      for (const [name, op] of Object.entries(ops)) {
        await measure(20, 1, op);
        const s = summarize(await measure(200, 1, op));
        const requests = await lastRequests(cloud);
        (results[name] ??= {})[n] = s.p50;
        rows.push({ action: name, cases: n, 'p50 ms': s.p50, 'p95 ms': s.p95, requests });
      }
    } finally {
      await cloud.stop();
    }
  }
  const ratios = Object.entries(results).map(
    ([name, r]) => `${name}: 100k/1k p50 ratio ${(r[100_000] / r[1_000]).toFixed(2)}`
  );
  return `${table(rows)}\n\n${ratios.join('; ')}`;
}
