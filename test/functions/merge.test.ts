import fc from 'fast-check';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import { rawFind } from '../support/rawDb';
import { checkMerge, type MergeCase } from '../../domain/merge';
import type { Unit } from '../../domain/org';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const community = staffOf(ORG.pingan);

interface Stored {
  status: string;
  version: number;
  mergedInto?: string;
  followerIds?: string[];
  followers?: number;
  mergedFrom?: string[];
}

async function stored(caseId: string): Promise<Stored> {
  const [doc] = (await rawFind<Stored>(cloud, 'cases', { _id: caseId })) ?? [];
  if (!doc) throw new Error(`no case ${caseId}`);
  return doc;
}

/** A unit's completions owed (cDue) and first responses owed (rDue), summed over its counter documents. */
async function owed(unitId: string): Promise<{ cDue: number; rDue: number }> {
  const docs =
    (await rawFind<{ M?: Record<string, { cDue?: number; rDue?: number }> }>(cloud, 'kpiCounters', { unitId })) ?? [];
  const months = docs.flatMap((d) => Object.values(d.M ?? {}));
  return {
    cDue: months.reduce((n, m) => n + (m.cDue ?? 0), 0),
    rDue: months.reduce((n, m) => n + (m.rDue ?? 0), 0)
  };
}

/** Ratings a unit's counters hold (resident and 回访, every grade), summed over its documents. */
async function rated(unitId: string): Promise<number> {
  const docs = (await rawFind<{ M?: Record<string, Record<string, number>> }>(cloud, 'kpiCounters', { unitId })) ?? [];
  const keys = ['sSat', 'sBasic', 'sUnsat', 'fSat', 'fBasic', 'fUnsat'];
  return docs
    .flatMap((d) => Object.values(d.M ?? {}))
    .reduce((n, m) => n + keys.reduce((k, key) => k + (m[key] ?? 0), 0), 0);
}

describe('cases.merge', () => {
  test('the merged case ends linked to the survivor; its reporter follows the survivor and hears of it', async () => {
    const into = await submitOk(cloud, 'mrg-a', { description: '三单元门口下水道堵塞返臭' });
    const from = await submitOk(cloud, 'mrg-b', { description: '三单元下水道堵了，很臭' });
    expect(
      await act(cloud, community, 'merge', { caseId: from.caseId, intoCaseId: into.caseId, reason: '同一问题' })
    ).toMatchObject({
      ok: true,
      data: { caseId: from.caseId, mergedInto: into.caseId }
    });
    expect(await stored(from.caseId)).toMatchObject({ status: 'closed', mergedInto: into.caseId });
    expect(await stored(into.caseId)).toMatchObject({
      followerIds: ['mrg-b'],
      followers: 1,
      mergedFrom: [from.caseId]
    });
    // Both reporters read the merge on their own case, each naming the other case's number.
    const fromNotes = (await actOk(cloud, 'mrg-b', 'detail', { caseId: from.caseId })).timeline.map((e) => e.note);
    expect(fromNotes.at(-1)).toContain(`已合并到诉求 ${into.code}`);
    expect(fromNotes.at(-1)).toContain('同一问题');
    const intoNotes = (await actOk(cloud, 'mrg-a', 'detail', { caseId: into.caseId })).timeline.map((e) => e.note);
    expect(intoNotes.at(-1)).toContain(`诉求 ${from.code}`);
    await actOk(cloud, community, 'accept', { caseId: into.caseId });
    const told = (await cloud.outbox()).filter(
      (m) => m.page?.includes(into.caseId) && m.templateId === 'TPL_CASE_ACCEPTED'
    );
    expect(told.map((m) => m.touser).sort()).toEqual(['mrg-a', 'mrg-b']);
  });

  test('bad input gets its own code and writes nothing: itself, twice, into a closed case, no such case', async () => {
    const a = await submitOk(cloud, 'mrg-c');
    const b = await submitOk(cloud, 'mrg-d');
    const closed = await submitOk(cloud, 'mrg-e');
    await actOk(cloud, 'mrg-e', 'withdraw', { caseId: closed.caseId, reason: '已解决' });
    const merge = (caseId: string, intoCaseId: string) =>
      act(cloud, community, 'merge', { caseId, intoCaseId, reason: '重复' });
    const before = await Promise.all([a, b, closed].map((c) => stored(c.caseId)));
    expect(await merge(a.caseId, a.caseId)).toMatchObject({ ok: false, code: 'MERGE_SELF' });
    expect(await merge(a.caseId, closed.caseId)).toMatchObject({ ok: false, code: 'MERGE_INTO_CLOSED' });
    expect(await merge(a.caseId, 'no-such-case')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await Promise.all([a, b, closed].map((c) => stored(c.caseId)))).toEqual(before);
    await actOk(cloud, community, 'merge', { caseId: a.caseId, intoCaseId: b.caseId, reason: '重复' });
    const afterFirst = await Promise.all([a, b].map((c) => stored(c.caseId)));
    expect(await merge(a.caseId, b.caseId)).toMatchObject({ ok: false, code: 'MERGE_TWICE' });
    expect(await Promise.all([a, b].map((c) => stored(c.caseId)))).toEqual(afterFirst);
  });

  test('the merged reporter rates the survivor once, without moving it; the unit counts one rating for the pair', async () => {
    const into = await submitOk(cloud, 'mrg-r1', { description: '五栋电梯经常停运' });
    const from = await submitOk(cloud, 'mrg-r2', { description: '五栋电梯又坏了' });
    await actOk(cloud, community, 'merge', { caseId: from.caseId, intoCaseId: into.caseId, reason: '同一问题' });
    expect(
      await act(cloud, 'mrg-r2', 'rate', { caseId: into.caseId, satisfaction: 'satisfied' }, 'ratings')
    ).toMatchObject({
      ok: false,
      code: 'CASE_NOT_RESOLVED'
    });
    await actOk(cloud, community, 'accept', { caseId: into.caseId });
    await actOk(cloud, community, 'resolve', { caseId: into.caseId, result: '已联系物业维修电梯' });
    const before = await rated(ORG.pingan);
    expect((await actOk(cloud, 'mrg-r2', 'detail', { caseId: into.caseId })).canRate).toBe(true);

    const co = await actOk(cloud, 'mrg-r2', 'rate', { caseId: into.caseId, satisfaction: 'basic' }, 'ratings');
    expect(co.case.status).toBe('resolved'); // the survivor's own reporter still decides
    expect(co.canRate).toBe(false);
    expect(co.rating).toBeNull();
    expect(co.timeline.map((e) => e.note)).toContain('合并诉求的群众评价：基本满意（同一问题只计一次考核）');
    expect(
      await act(cloud, 'mrg-r2', 'rate', { caseId: into.caseId, satisfaction: 'satisfied' }, 'ratings')
    ).toMatchObject({
      ok: false,
      code: 'ALREADY_RATED'
    });
    expect(
      await act(cloud, 'mrg-x', 'rate', { caseId: into.caseId, satisfaction: 'satisfied' }, 'ratings')
    ).toMatchObject({
      ok: false,
      code: 'NOT_FOUND' // not a reporter, not a follower: the case is not theirs to read
    });

    const own = await actOk(cloud, 'mrg-r1', 'rate', { caseId: into.caseId, satisfaction: 'satisfied' }, 'ratings');
    expect(own.case.status).toBe('closed');
    expect(own.rating).toMatchObject({ satisfaction: 'satisfied' });
    // One case, one sample: the merged reporter's rating is on the record, not in the rates.
    expect((await rated(ORG.pingan)) - before).toBe(1);
  });

  test('counter invariant: after any merges, completions and first responses owed count each merged pair once', async () => {
    // Each run files its own cases at 钢花社区, so the unit's counts are this test's alone.
    const unit = ORG.ganghua;
    const staff = staffOf(unit);
    const base = await owed(unit);
    let filed = 0;
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (n, picks) => {
          const ids: string[] = [];
          for (let i = 0; i < n; i++) ids.push((await submitOk(cloud, `mrg-p${i}`, { communityId: unit })).caseId);
          filed += n;
          const alive = new Set(ids);
          for (const p of picks) {
            const from = ids[p % n];
            const into = ids[(p + 1) % n];
            const res = await act(cloud, staff, 'merge', { caseId: from, intoCaseId: into, reason: '重复' });
            if (res.ok) {
              alive.delete(from);
              merged += 1;
            } else expect(['MERGE_TWICE', 'MERGE_INTO_CLOSED', 'MERGE_SELF']).toContain(res.code);
          }
          expect(alive.size).toBeGreaterThanOrEqual(1);
          const now = await owed(unit);
          expect(now.cDue - base.cDue).toBe(filed - merged);
          // None was replied to: a merged case owes no first response either (a reply given would still count).
          expect(now.rDue - base.rDue).toBe(filed - merged);
        }
      ),
      { seed: 20261204, numRuns: 8 }
    );
  });
});

describe('checkMerge (domain)', () => {
  const units: Unit[] = [
    { id: 'd1', name: '甲区', kind: 'district', level: 'district', parentId: null },
    { id: 'c1', name: '甲社区', kind: 'community', level: 'community', parentId: 'd1' },
    { id: 'd2', name: '乙区', kind: 'district', level: 'district', parentId: null },
    { id: 'c2', name: '乙社区', kind: 'community', level: 'community', parentId: 'd2' }
  ];
  const c = (id: string, unitId: string, status: MergeCase['status'] = 'submitted'): MergeCase => ({
    _id: id,
    unitId,
    status,
    reporterId: `r-${id}`
  });
  test('refuses across districts before anything else but itself and twice', () => {
    expect(checkMerge(c('a', 'c1'), c('b', 'c2'), 'd1', units)).toMatchObject({ code: 'MERGE_ACROSS_DISTRICTS' });
    expect(checkMerge(c('a', 'c1'), c('b', 'c1', 'resolved'), 'd1', units)).toMatchObject({
      code: 'MERGE_INTO_CLOSED'
    });
    expect(checkMerge(c('a', 'c1'), c('b', 'c1'), 'c2', units)).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(checkMerge(c('a', 'c1'), c('b', 'c1'), 'c1', units)).toBeNull();
  });
});
