// The counters' hook through the real SDK: one write per event, idempotent per event (a replayed or
// concurrent duplicate never counts twice), and event marks pruned by the nightly job.
import { buildFixtureFunctions } from '../support/fixtures';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';

let cloud: TestCloud;
const UNIT = 'unit-a';
const NEW_UNIT = 'unit-b';
const NOW = '2026-12-28T02:00:00.000Z'; // 28 Dec, 10:00 in Shanghai

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false, env: { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions() } });
  await cloud.call('counters', { action: 'prepare', now: NOW, unitIds: [UNIT] });
});
afterAll(() => cloud?.stop());

/** A case of `unitId`, version `v`: filed with a resolve deadline in January (owed even before acceptance), then (v ≥ 2) answered and accepted on 28 Dec. */
function kase(unitId: string, v: number) {
  return {
    _id: `case-${unitId}`,
    version: v,
    status: v >= 2 ? 'accepted' : 'submitted',
    unitId,
    registeredUnitId: unitId,
    firstResponseDueAt: '2026-12-29T15:59:59.000Z',
    resolveDueAt: '2027-01-08T15:59:59.000Z',
    firstReplyAt: v >= 2 ? NOW : null,
    acceptedAt: v >= 2 ? NOW : null,
    resolvedAt: null,
    timeline: [{ at: NOW, action: 'submit', unitId }]
  };
}

type Doc = {
  _id: string;
  M: Record<string, Record<string, number>>;
  D: Record<string, Record<string, number>>;
  E?: Record<string, Record<string, boolean>>;
};
const doc = async (unitId: string, year = 2026): Promise<Doc> =>
  (await rawFind<Doc>(cloud, 'kpiCounters', { _id: `${unitId}:${year}` }))![0];
const record = (before: object | null, after: object) =>
  cloud.call('counters', { action: 'record', now: NOW, before, after });

test('an event is one conditional update; replayed or sent 10 times at once, it counts once', async () => {
  await record(null, kase(UNIT, 1));
  expect((await cloud.invocations(1))[0].dbRequests).toBe(1);
  await record(null, kase(UNIT, 1));
  await Promise.all(Array.from({ length: 10 }, () => record(null, kase(UNIT, 1))));
  expect((await doc(UNIT)).D).toEqual({ D20261229: { rDue: 1 }, D20270108: { cDue: 1 } });

  // The acceptance: a response hit on 29 Dec; the resolution owed in January stays where it was, in the same document.
  await Promise.all(Array.from({ length: 5 }, () => record(kase(UNIT, 1), kase(UNIT, 2))));
  const d = await doc(UNIT);
  expect(d.D).toEqual({ D20261229: { rDue: 1, rHit: 1 }, D20270108: { cDue: 1 } });
  expect(d.M).toEqual({ M202612: { rDue: 1, rHit: 1 }, M202701: { cDue: 1 } });
  expect(Object.keys(d.E!.D20261228).sort()).toEqual([`case-${UNIT}_1`, `case-${UNIT}_2`]);
  expect(await rawFind(cloud, 'kpiCounters', { _id: `${UNIT}:2027` })).toHaveLength(1); // prepared, untouched
  expect((await doc(UNIT, 2027)).D).toEqual({});
});

test('a unit without a prepared document: concurrent duplicates create it once and count once', async () => {
  await Promise.all(Array.from({ length: 8 }, () => record(null, kase(NEW_UNIT, 1))));
  expect(await rawFind(cloud, 'kpiCounters', { unitId: NEW_UNIT })).toHaveLength(1);
  expect((await doc(NEW_UNIT)).D).toEqual({ D20261229: { rDue: 1 }, D20270108: { cDue: 1 } });
});

test('the nightly prune drops marks older than two days and keeps the counts', async () => {
  const unit = 'unit-pruned'; // its own unit and events: the test runs alone and in any order
  await record(null, kase(unit, 1));
  await record(kase(unit, 1), kase(unit, 2));
  await cloud.call('counters', { action: 'prune', now: '2026-12-29T18:00:00.000Z' }); // 30 Dec in Shanghai: 28 Dec is kept
  expect(Object.keys((await doc(unit)).E ?? {})).toEqual(['D20261228']);
  await cloud.call('counters', { action: 'prune', now: '2026-12-30T18:00:00.000Z' }); // 31 Dec: 28 Dec goes
  const d = await doc(unit);
  expect(d.E).toEqual({});
  expect(d.D.D20261229).toEqual({ rDue: 1, rHit: 1 });
});
