// The role × scope matrix (issue 10): every action of every function, tried by every role, answers
// `ok` or the code its row expects. The rows are one table (accessMatrix/table.ts); an action without
// a row fails the first test, so a new action cannot ship without saying who may call it.
//
// Refusals run on one shared world per row, and must leave it exactly as it was; each `ok` cell runs
// on a fresh world of its own, so one role's success never changes what the next role sees.
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { Result } from '../../typings/result';
import { ROWS, outcomeOf, type Row } from './accessMatrix/table';
import { buildPointsWorld, buildWorld, openids, ROLES, type AnyWorld, type Role } from './accessMatrix/world';
import { buildDeliberationWorld } from './accessMatrix/deliberationWorld';

const root = path.resolve(__dirname, '../..');

/** Every `fn.action` the functions define, read from their source's `defineFunction({ … })` maps. */
function declaredActions(): string[] {
  const out: string[] = [];
  const dir = path.join(root, 'cloudfunctions');
  for (const fn of fs.readdirSync(dir).sort()) {
    const index = path.join(dir, fn, 'index.ts');
    if (!fs.existsSync(index)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(index) as { main?: { actions?: readonly string[] } };
    const actions = mod.main?.actions ?? [];
    // A function without actions (a message-push receiver) is one row: its `main`.
    for (const a of actions.length ? actions : ['main']) out.push(`${fn}.${a}`);
  }
  return out.sort();
}

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const key = (r: Row): string => `${r.fn}.${r.action}`;
const label = (r: Row): string => (r.variant ? `${key(r)} (${r.variant})` : key(r));

test('every action of every function has a row, and every row an action', () => {
  const declared = declaredActions();
  expect(declared.length).toBeGreaterThan(40);
  expect([...new Set(ROWS.map(key))].sort()).toEqual(declared);
  // Two rows of one action must say how they differ.
  expect(new Set(ROWS.map(label)).size).toBe(ROWS.length);
});

async function answer(row: Row, world: AnyWorld | null, role: Role): Promise<string> {
  const who = world ? world.openid : openids('resident-matrix-none');
  const fields = row.payload(world);
  const res = await cloud.call<Result<unknown>>(row.fn, { action: row.action, ...fields }, who[role]);
  return res.ok ? 'ok' : res.code;
}

/** Documents changed by committed writes so far (a rolled-back transaction changes none): a refusal must add none. */
async function writes(): Promise<number> {
  const res = await cloud.request('GET', '/__emulator/stats');
  return (res.body as { committedWrites: number }).committedWrites;
}

function world(row: Row): Promise<AnyWorld | null> {
  if (row.state) return buildWorld(cloud, row.state);
  if (row.points) return buildPointsWorld(cloud, row.points);
  if (row.deliberation) return buildDeliberationWorld(cloud, row.deliberation);
  return Promise.resolve(null);
}

describe.each(ROWS.map((r) => [label(r), r] as const))('%s', (_name, row) => {
  test('each role answers as the table says; refusals write nothing', async () => {
    const observed: Partial<Record<Role, string>> = {};
    const expected: Partial<Record<Role, string>> = {};
    const fresh = (row.state || row.points || row.deliberation) && !row.pure;
    const shared = await world(row);
    for (const role of ROLES) {
      const want = outcomeOf(row, role);
      expected[role] = want;
      if (want === 'ok' && (fresh || !row.pure)) continue; // after the refusals, each on its own world
      const before = await writes();
      const got = await answer(row, shared, role);
      const wrote = (await writes()) - before;
      // A refusal that wrote anything shows as its code with the count, and fails the comparison.
      observed[role] = got !== 'ok' && wrote > 0 ? `${got} (+${wrote} writes)` : got;
    }
    for (const role of ROLES) {
      if (expected[role] !== 'ok' || row.pure) continue;
      observed[role] = await answer(row, fresh ? await world(row) : shared, role);
    }
    expect(observed).toEqual(expected);
  });
});
