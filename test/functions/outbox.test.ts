// Issue 18: submit writes only the case and its counts; the staff notice waits on the case for the
// outbox timer, which sends it once however often it runs. A retried submit counts nothing twice.
import { randomUUID } from 'node:crypto';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { newCase, ORG, staffOf, submitOk } from '../support/cases';
import { rawFind } from '../support/rawDb';
import type { OutboxReport, SubmitResponse } from '../../typings/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const staffMail = async (caseId: string) =>
  (await cloud.outbox()).filter((m) => m.touser === staffOf(ORG.pingan) && m.page?.endsWith(`caseId=${caseId}`));

async function flush(): Promise<OutboxReport> {
  const res = (await cloud.trigger('outbox')) as { ok: boolean; result: OutboxReport };
  expect(res.ok).toBe(true);
  return res.result;
}

/** Every count in the community's counter documents, summed: moves by a fixed amount per new case. */
async function countersOf(unitId: string): Promise<number> {
  const docs = await rawFind<{ M?: Record<string, Record<string, number>> }>(cloud, 'kpiCounters', { unitId });
  let sum = 0;
  for (const d of docs ?? []) for (const c of Object.values(d.M ?? {})) for (const n of Object.values(c)) sum += n;
  return sum;
}

test('a new case is told to its unit by the outbox timer, once, opening the staff case page', async () => {
  const { caseId } = await submitOk(cloud, 'resident-1');
  expect(await staffMail(caseId)).toEqual([]);
  const [stored] = (await rawFind<{ outbox?: unknown[]; outboxAt?: unknown }>(cloud, 'cases', { _id: caseId }))!;
  expect(stored.outbox).toEqual([{ to: 'unit', unitId: ORG.pingan, event: 'assigned' }]);

  const report = await flush();
  expect(report.cases).toBeGreaterThanOrEqual(1);
  const mail = await staffMail(caseId);
  expect(mail.map((m) => [m.templateId, m.page])).toEqual([
    ['TPL_CASE_ASSIGNED', `packageStaff/case/index?caseId=${caseId}`]
  ]);
  const [after] = (await rawFind<{ outbox?: unknown; outboxAt?: unknown }>(cloud, 'cases', { _id: caseId }))!;
  expect(after.outbox).toBeUndefined();
  expect(after.outboxAt).toBeUndefined();

  await flush();
  expect(await staffMail(caseId)).toHaveLength(1);
});

test('two outbox runs at once send each notice once', async () => {
  const filed = await Promise.all([1, 2, 3, 4].map(() => submitOk(cloud, 'resident-2')));
  await Promise.all([flush(), flush(), flush()]);
  for (const { caseId } of filed) expect(await staffMail(caseId)).toHaveLength(1);
});

test('a retried submit answers the same case and leaves the counts as one case made them', async () => {
  const req = newCase({ requestId: randomUUID() });
  const before = await countersOf(ORG.pingan);
  const first = await cloud.call<Result<SubmitResponse>>('cases', { action: 'submit', ...req }, 'resident-3');
  const once = (await countersOf(ORG.pingan)) - before;
  expect(once).toBeGreaterThan(0);
  const again = await Promise.all(
    [1, 2, 3].map(() => cloud.call<Result<SubmitResponse>>('cases', { action: 'submit', ...req }, 'resident-3'))
  );
  for (const r of again) expect(r).toEqual(first);
  expect((await countersOf(ORG.pingan)) - before).toBe(once);
  await flush();
  expect(await staffMail((first as { data: SubmitResponse }).data.caseId)).toHaveLength(1);
});

test('a change before the timer takes the outbox along: the notice goes once', async () => {
  const { caseId } = await submitOk(cloud, 'resident-4');
  const accepted = await cloud.call<Result<unknown>>('cases', { action: 'accept', caseId }, staffOf(ORG.pingan));
  expect(accepted.ok).toBe(true);
  expect(await staffMail(caseId)).toHaveLength(1);
  const [after] = (await rawFind<{ outboxAt?: unknown }>(cloud, 'cases', { _id: caseId }))!;
  expect(after.outboxAt).toBeUndefined();
  await flush();
  expect(await staffMail(caseId)).toHaveLength(1);
});

test('flushing by hand is for admins only', async () => {
  expect(await cloud.call('outbox', { action: 'flush' }, 'resident-1')).toMatchObject({ ok: false });
  expect(await cloud.call('outbox', { action: 'flush' }, 'admin-1')).toMatchObject({ ok: true });
});
