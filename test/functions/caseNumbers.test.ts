// Case numbers DDK-YYYYMMDD-NNNN under bursts (issue 18). Each function instance reserves blocks of
// numbers on the day's counter and hands them out from memory. The local cloud runs one instance per
// function, so several instances are simulated by serving the same built `cases` bundle under several
// names: each name loads its own copy of the module, with its own block of numbers, as separate
// CloudBase instances would.
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCloud, tempDir, type TestCloud } from '../support/localcloud';
import { newCase } from '../support/cases';
import { rawFind } from '../support/rawDb';
import { CASE_NUMBER_BLOCK } from '../../server/repos/cases';
import type { SubmitResponse } from '../../typings/cases';
import type { Result } from '../../typings/result';

const root = path.resolve(__dirname, '../..');
const INSTANCES = ['cases', 'cases-2', 'cases-3', 'cases-4'];
/** Fresh instances, one per test below, whatever ran before. */
const SOLO = 'cases-solo';
const REOPENED = 'cases-reopened';

/** The built functions, with `cases` served again under the other instance names. */
function functionsWithInstances(): string {
  const src = path.join(root, 'cloudfunctions');
  const out = tempDir('localcloud-instances-');
  const copy = (from: string, to: string): void => {
    fs.mkdirSync(path.join(out, to));
    for (const f of ['config.json', 'package.json', 'index.js'])
      fs.copyFileSync(path.join(src, from, f), path.join(out, to, f));
  };
  for (const d of fs.readdirSync(src, { withFileTypes: true }))
    if (d.isDirectory() && fs.existsSync(path.join(src, d.name, 'index.js'))) copy(d.name, d.name);
  for (const name of [...INSTANCES.slice(1), SOLO, REOPENED]) copy('cases', name);
  return out;
}

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ env: { LOCALCLOUD_FUNCTIONS_DIR: functionsWithInstances() } });
}, 60_000);
afterAll(() => cloud?.stop());

const seqOf = (code: string): number => Number(code.slice(-4));
/** The day's counter id, YYYYMMDD in Shanghai, as in the case codes. */
const dayOf = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

async function submit(instance: string, openid: string, overrides = {}): Promise<Result<SubmitResponse>> {
  return cloud.call<Result<SubmitResponse>>(instance, { action: 'submit', ...newCase(overrides) }, openid);
}

test('1,000 submits by 40 concurrent callers over four instances get 1,000 distinct numbers, with gaps of at most a block an instance', async () => {
  // Numbers the other tests reserved today, if they ran first: the burst is measured from there.
  type Counter = { base?: number; blocks: string[]; size: number };
  const today = async (): Promise<Counter | undefined> =>
    (await rawFind<Counter>(cloud, 'caseNumbers', { _id: dayOf(new Date()) }))?.[0];
  const reservedTo = (c?: Counter): number => (c ? (c.base ?? 0) + c.blocks.length * c.size : 0);
  const prior = await today();
  // 40 callers at once, each filing again as soon as answered (all 1,000 at once would only queue in
  // the one-process local cloud, past the function's timeout).
  const results: Array<Result<SubmitResponse>> = [];
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < 1000) {
      const i = next++;
      results.push(await submit(INSTANCES[i % INSTANCES.length], `resident-burst-${i % 97}`));
    }
  };
  await Promise.all(Array.from({ length: 40 }, caller));
  const failed = results.filter((r) => !r.ok);
  expect(failed).toEqual([]);
  const codes = results.map((r) => (r.ok ? r.data.code : ''));
  expect(new Set(codes).size).toBe(1000);
  const day = codes[0].slice(4, 12);
  for (const c of codes) expect(c).toMatch(new RegExp(`^DDK-${day}-\\d{4}$`));
  // Callers short of numbers share a reservation in flight: an instance holds at most one block unused.
  const max = Math.max(...codes.map(seqOf));
  expect(max).toBeLessThanOrEqual(reservedTo(prior) + 1000 + INSTANCES.length * CASE_NUMBER_BLOCK);
  const counter = (await today())!;
  expect(dayOf(new Date())).toBe(day);
  expect(reservedTo(counter)).toBeGreaterThanOrEqual(max);
  expect(counter.blocks.length - (prior?.blocks.length ?? 0)).toBeLessThanOrEqual(
    Math.ceil(1000 / CASE_NUMBER_BLOCK) + INSTANCES.length
  );
}, 240_000);

test('a refused submit gives its number back: the next case of the day takes it', async () => {
  // A fresh instance: its first submit reserves a block, the rest of which it holds.
  const a = await submit(SOLO, 'resident-1');
  const refused = await submit(SOLO, 'resident-1', { description: '有人在小区推广赌博网站' });
  expect(refused).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
  const unknown = await submit(SOLO, 'resident-1', { category: 'no-such-category' });
  expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_CATEGORY' });
  const b = await submit(SOLO, 'resident-1');
  if (!a.ok || !b.ok) throw new Error('submit failed');
  expect(seqOf(b.data.code)).toBe(seqOf(a.data.code) + 1);
});

test('a day counter opened after cases were filed that day numbers past them', async () => {
  // As when numbering by blocks is deployed mid-day, or the counter was lost: the new counter starts
  // after the highest number filed that day.
  const a = await submit(REOPENED, 'resident-2');
  if (!a.ok) throw new Error('submit failed');
  const day = a.data.code.slice(4, 12);
  await cloud.request('POST', '/admin', {
    action: 'database.removeDocument',
    collectionName: 'caseNumbers',
    query: JSON.stringify({ _id: day })
  });
  const codes: string[] = [];
  // The instance's numbers on hand first, then one from a block of the new counter.
  for (let i = 0; i <= CASE_NUMBER_BLOCK; i++) {
    const r = await submit(REOPENED, 'resident-2');
    if (!r.ok) throw new Error(r.code);
    codes.push(r.data.code);
  }
  expect(new Set([a.data.code, ...codes]).size).toBe(codes.length + 1);
  const [counter] = (await rawFind<{ base: number }>(cloud, 'caseNumbers', { _id: day }))!;
  expect(counter.base).toBeGreaterThanOrEqual(seqOf(a.data.code));
  expect(seqOf(codes[codes.length - 1])).toBeGreaterThan(counter.base);
});
