/** Issue 4 figures: round trips of each whistle and supervision action, and the deadline sweeper over 100k open cases of which 100 are due. */
import { EJSON } from 'bson';
import { performance } from 'node:perf_hooks';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { actOk, ORG, staffOf, submitOk } from '../test/support/cases';
import { rawFind, rawInsert, rawSet } from '../test/support/rawDb';
import type { SweepReport } from '../typings/cases';
import { lastRequests, table } from './stats';

const MIN = 60_000;

/** Runs each action once on a warm instance and reads its database requests from the local cloud's counter. */
async function roundTrips(cloud: TestCloud): Promise<string> {
  const town = staffOf(ORG.xinshancun);
  const justice = staffOf('dept-justice');
  await cloud.call('cases', { action: 'mine' }, 'warm-up');
  await cloud.call('ratings', { action: 'rate', caseId: 'none', satisfaction: 'satisfied' }, 'warm-up');
  const { caseId } = await submitOk(cloud, 'resident-1', {
    category: 'labor',
    location: { latitude: 29.4841, longitude: 106.4821 }
  });
  const rows: Array<Record<string, string | number>> = [];
  const step = async (name: string, openid: string, action: string, fields: Record<string, unknown>, fn = 'cases') => {
    if (fn === 'cases' || fn === 'ratings') await actOk(cloud, openid, action, { caseId, ...fields }, fn);
    rows.push({ action: `${fn}.${action}`, 'db requests': await lastRequests(cloud), note: name });
  };
  await step('town whistles 2 departments', town, 'whistle', {
    departmentIds: ['dept-justice', 'dept-police'],
    reason: '协同处置'
  });
  await step('department checks in', justice, 'checkIn', {});
  await step('department reports', justice, 'report', { result: '已提供法律援助' });
  await step('town withdraws the other', town, 'withdrawWhistle', { departmentId: 'dept-police', reason: '无需' });
  await step(
    'town evaluates',
    town,
    'evaluate',
    { departmentId: 'dept-justice', responseScore: 5, resultScore: 4 },
    'ratings'
  );
  await step('department evaluates the whistle', justice, 'evaluateWhistle', { reasonable: true }, 'ratings');
  await step('town dispatches a cadre', town, 'dispatch', {
    staffOpenid: staffOf(ORG.pingan),
    visitBy: new Date(Date.now() + 86_400_000).toISOString()
  });
  await step('cadre checks in on site', staffOf(ORG.pingan), 'onsiteCheckIn', {
    dispatchId: 'd1',
    latitude: 29.4845,
    longitude: 106.4821
  });
  await step('cadre records the visit', staffOf(ORG.pingan), 'recordVisit', { dispatchId: 'd1', note: '已上门' });
  await step('town accepts', town, 'accept', {});
  await step('town pauses (挂起)', town, 'pause', { reason: '补材料' });
  await step('town resumes', town, 'resume', {});
  await step('town asks for an extension', town, 'requestExtension', { days: 3, reason: '需鉴定' });
  await step('district decides it', staffOf(ORG.district), 'decideExtension', { grant: true });
  await step('district reassigns', staffOf(ORG.district), 'reassign', { toUnitId: ORG.bajiao, reason: '改派' });
  await cloud.call('cases', { action: 'whistles' }, justice);
  rows.push({ action: 'cases.whistles', 'db requests': await lastRequests(cloud), note: 'department queue, one page' });
  await cloud.call('cases', { action: 'supervision' }, staffOf(ORG.district));
  rows.push({ action: 'cases.supervision', 'db requests': await lastRequests(cloud), note: '督办 list, one page' });
  return table(rows);
}

/** Inserts `n` copies of a real case document straight through the CloudBase API. */
function load(
  cloud: TestCloud,
  template: Record<string, unknown>,
  n: number,
  tag: string,
  shape: (i: number) => Record<string, unknown>
): Promise<void> {
  return rawInsert(
    cloud,
    'cases',
    Array.from({ length: n }, (_, i) => ({
      ...template,
      _id: `${tag}-${i}`,
      code: `${tag}-${i}`,
      seq: 100_000 + i,
      ...shape(i)
    }))
  );
}

async function sweepOnce(cloud: TestCloud): Promise<{ ms: number; requests: number; report: SweepReport }> {
  const t0 = performance.now();
  const res = (await cloud.trigger('deadlines')) as { ok: boolean; result: SweepReport };
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(JSON.stringify(res));
  const inv = (await cloud.invocations(5)).filter((i) => i.name === 'deadlines').pop();
  return { ms: Math.round(ms), requests: inv?.dbRequests ?? -1, report: res.result };
}

/** The sweeper with `total` open cases of which `due` have their sweep time now (each then gets overdue marks and 督办). */
async function sweeperRun(total: number, due: number): Promise<Record<string, string | number>[]> {
  const cloud = await startLocalCloud();
  try {
    const { caseId } = await submitOk(cloud, 'resident-1');
    const [doc] = (await rawFind(cloud, 'cases', { _id: caseId })) ?? [];
    if (!doc) throw new Error('template case not found');
    const now = Date.parse(((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now);
    const template = EJSON.parse(EJSON.stringify(doc, { relaxed: false }), { relaxed: false }) as Record<
      string,
      unknown
    >;
    const past = new Date(now - MIN);
    // Not due: sweep times spread over the next 30 days. Due: the response deadline passed a minute ago.
    await load(cloud, template, total - due, 'open', (i) => ({
      sweepAt: new Date(now + 3_600_000 + (i % 43_200) * MIN)
    }));
    await cloud.trigger('deadlines'); // warm the instance (its first run also reads the org and rules)
    await load(cloud, template, due, 'due', () => ({
      sweepAt: past,
      firstResponseDueAt: past,
      responseDueAt: past,
      dueAt: past
    }));
    const rows: Array<Record<string, string | number>> = [];
    const first = await sweepOnce(cloud);
    rows.push({
      'open cases': total,
      due,
      run: 'first',
      'db requests': first.requests,
      'ms (trigger → answer)': first.ms,
      changed: first.report.changed,
      pages: first.report.pages
    });
    const again = await sweepOnce(cloud);
    rows.push({
      'open cases': total,
      due,
      run: 'again, same minute',
      'db requests': again.requests,
      'ms (trigger → answer)': again.ms,
      changed: again.report.changed,
      pages: again.report.pages
    });
    // For comparison: the local cloud's own cost of one by-_id update at this collection size.
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await rawSet(cloud, 'cases', { _id: `open-${i}` }, { note: i });
    for (const r of rows) r['one plain update, ms'] = Math.round(((performance.now() - t0) / 50) * 10) / 10;
    return rows;
  } finally {
    await cloud.stop();
  }
}

export async function benchWhistles(): Promise<string> {
  const out: string[] = [];
  const cloud = await startLocalCloud();
  try {
    out.push(
      '## Whistle and supervision actions: database requests (warm instance, from /__emulator/invocations)',
      await roundTrips(cloud),
      "Each action: who is calling (1), load the case (1), update it if its version is unchanged (1); a dispatch also reads the cadre (cached per instance, like the caller). Any request above 3 is the assessment counters' increment (issue 5's hook in caseFlow.persistChange)."
    );
  } finally {
    await cloud.stop();
  }
  const rows = [...(await sweeperRun(1_000, 100)), ...(await sweeperRun(100_000, 100))];
  out.push(
    '## The deadlines sweeper: 1k and 100k open cases, 100 due',
    table(rows),
    'A run reads only cases whose `sweepAt` has come, through the `sweep` index (sweepAt, _id), 100 a page: 1 page read + 1 empty-page read, then one version-guarded update per due case (+ counter increments, if any), and sends its messages (here 4 a case: 2 overdue, 2 督办). Requests follow the due cases, not the collection. The local cloud keeps its indexes in B+ trees, as CloudBase does, so an update costs O(log n) per index: what still grows with the collection is memory, not requests.'
  );
  return out.join('\n\n');
}
