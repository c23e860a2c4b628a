/** diff(plan, actual): only differences become steps, nothing unnamed is deleted, and the steps converge. */
import fc from 'fast-check';
import { codeMark, diff, type Actual, type ActualFunction, type Step } from '../../scripts/deploy/diff';
import { renderDiff } from '../../scripts/deploy/format';
import { plan, STORAGE_RULE, type Plan } from '../../scripts/deploy/plan';
import type { RepoFacts } from '../../scripts/deploy/repo';

const target = { appId: 'wx1', envId: 'env-1' };

const facts: RepoFacts = {
  functions: [
    {
      name: 'cases',
      config: { timeout: 10, permissions: { openapi: ['subscribeMessage.send'] } },
      codeHash: 'c1',
      bundleBytes: 1
    },
    {
      name: 'deadlines',
      config: { timeout: 60, triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }] },
      codeHash: 'd1',
      bundleBytes: 1
    },
    { name: 'setup', config: { timeout: 20 }, codeHash: 's1', bundleBytes: 1 }
  ],
  collections: ['cases', 'users'],
  indexes: [
    { collection: 'cases', name: 'code_unique', fields: [{ field: 'code', direction: 1 }], unique: true },
    { collection: 'users', name: 'role', fields: [{ field: 'role', direction: 1 }] }
  ],
  miniprogram: {
    projectAppId: 'touristappid',
    miniprogramRoot: 'miniprogram/',
    version: '1.0.0',
    cloudEnv: 'env-1',
    requiredPrivateInfos: ['getLocation'],
    sourceHash: 'm1'
  }
};
const desired: Plan = plan(facts);

function inSync(p: Plan): Actual {
  return {
    collections: p.collections.map((c) => ({ name: c.name, acl: c.acl })),
    indexes: p.indexes.map((i) => ({ collection: i.collection, name: i.name, keys: i.keys, unique: i.unique })),
    storage: { acl: 'CUSTOM', rule: { ...STORAGE_RULE } },
    functions: p.functions.map((f) => ({
      name: f.name,
      runtime: f.runtime,
      handler: f.handler,
      memory: f.memory,
      timeout: f.timeout,
      description: codeMark(f.codeHash ?? ''),
      triggers: f.triggers.map((t) => ({ ...t })),
      openapi: [...f.openapi]
    })),
    lastUpload: { appId: 'wx1', version: p.miniprogram.version, sourceHash: p.miniprogram.sourceHash }
  };
}

const empty: Actual = {
  collections: [],
  indexes: [],
  storage: { acl: 'PRIVATE', rule: null },
  functions: [],
  lastUpload: null
};
const kinds = (steps: Step[]) => steps.map((s) => s.kind);
const opts = { wechat: true };

test('an empty environment gets everything, in order: data, storage, functions, setup, upload', () => {
  const d = diff(desired, empty, target, opts);
  expect(d.blockers).toEqual([]);
  expect(kinds(d.steps)).toEqual([
    'createCollection',
    'setCollectionAcl',
    'createCollection',
    'setCollectionAcl',
    'createIndex',
    'createIndex',
    'setStorageRule',
    'createFunction',
    'setOpenApi',
    'createFunction',
    'createTrigger',
    'createFunction',
    'bootstrap',
    'uploadMiniProgram'
  ]);
});

test('an environment in step needs nothing but the setup call', () => {
  expect(diff(desired, inSync(desired), target, opts)).toEqual({
    steps: [{ kind: 'bootstrap' }],
    notes: ['mini-program 1.0.0: unchanged since the last upload from this machine'],
    blockers: []
  });
  expect(diff(desired, inSync(desired), target, { ...opts, bootstrap: false }).steps).toEqual([]);
});

test('each kind of drift is one step', () => {
  const drift = (f: (a: Actual) => void): Step[] => {
    const a = inSync(desired);
    f(a);
    return diff(desired, a, target, { ...opts, bootstrap: false }).steps;
  };
  const fn = (a: Actual, name: string) => a.functions.find((f) => f.name === name)!;
  expect(drift((a) => (a.collections[1].acl = 'PRIVATE'))).toEqual([
    { kind: 'setCollectionAcl', collection: 'users', from: 'PRIVATE', to: 'ADMINONLY' }
  ]);
  expect(kinds(drift((a) => (a.indexes[0].unique = false)))).toEqual(['replaceIndex']);
  expect(kinds(drift((a) => (a.indexes[1].keys = [{ field: 'role', direction: -1 }])))).toEqual(['replaceIndex']);
  expect(kinds(drift((a) => (a.storage = { acl: 'CUSTOM', rule: { read: true, write: false } })))).toEqual([
    'setStorageRule'
  ]);
  expect(drift((a) => (fn(a, 'setup').timeout = 3))).toMatchObject([
    { kind: 'updateFunctionConfig', changes: ['timeout 3 → 20 s'] }
  ]);
  expect(drift((a) => (fn(a, 'cases').description = codeMark('old')))).toMatchObject([
    { kind: 'updateFunctionCode' },
    { kind: 'updateFunctionConfig', changes: ['code mark'] }
  ]);
  expect(drift((a) => (fn(a, 'deadlines').triggers[0].config = '0 0 * * * * *'))).toEqual([
    { kind: 'deleteTrigger', fn: 'deadlines', trigger: 'sweep' },
    { kind: 'createTrigger', fn: 'deadlines', trigger: desired.functions[1].triggers[0] }
  ]);
  expect(drift((a) => fn(a, 'setup').triggers.push({ name: 'old', type: 'timer', config: '0 0 0 * * * *' }))).toEqual([
    { kind: 'deleteTrigger', fn: 'setup', trigger: 'old' }
  ]);
  expect(drift((a) => (fn(a, 'cases').openapi = []))).toEqual([
    { kind: 'setOpenApi', fn: 'cases', openapi: ['subscribeMessage.send'] }
  ]);
  expect(drift((a) => (a.lastUpload = { ...a.lastUpload!, sourceHash: 'older' }))).toEqual([
    { kind: 'uploadMiniProgram', version: '1.0.0', sourceHash: 'm1' }
  ]);
});

test('what the repository does not name is kept and reported, never deleted', () => {
  const a = inSync(desired);
  a.collections.push({ name: 'legacy', acl: 'PRIVATE' });
  a.indexes.push({ collection: 'cases', name: 'adhoc', keys: [{ field: 'x', direction: 1 }], unique: false });
  a.indexes.push({ collection: 'cases', name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true });
  a.functions.push({ ...a.functions[0], name: 'hello' });
  fn(a, 'setup').runtime = 'Nodejs10.15';
  const d = diff(desired, a, target, { ...opts, bootstrap: false });
  expect(d.steps).toEqual([]);
  expect(d.notes).toEqual([
    'collection legacy: not in the repository, kept',
    'index cases.adhoc: not in database/indexes.json, kept',
    'function setup: runtime Nodejs10.15 in the cloud, Nodejs16.13 planned; a runtime cannot be changed in place (delete the function in the console, then deploy again)',
    'function hello: not in the repository, kept',
    'mini-program 1.0.0: unchanged since the last upload from this machine'
  ]);
  function fn(x: Actual, name: string): ActualFunction {
    return x.functions.find((f) => f.name === name)!;
  }
});

test('without an AppSecret the 云调用 permissions are reported, not guessed', () => {
  const a = inSync(desired);
  for (const f of a.functions) f.openapi = null;
  const d = diff(desired, a, target, { bootstrap: false, upload: false });
  expect(d.steps).toEqual([]);
  expect(d.notes).toEqual([
    expect.stringContaining('function cases: 云调用 permissions subscribeMessage.send need the AppSecret')
  ]);
  expect(kinds(diff(desired, empty, target, { bootstrap: false }).steps)).not.toContain('setOpenApi');
});

test('a run is blocked, before any change, by an unbuilt bundle or a mini-program pointed elsewhere', () => {
  const unbuilt = plan({ ...facts, functions: facts.functions.map((f) => ({ ...f, codeHash: null })) });
  const elsewhere = plan({ ...facts, miniprogram: { ...facts.miniprogram, cloudEnv: null } });
  expect(diff(unbuilt, inSync(desired), target, opts).blockers).toEqual([
    'cloudfunctions/cases/index.js is not built (npm run build)',
    'cloudfunctions/deadlines/index.js is not built (npm run build)',
    'cloudfunctions/setup/index.js is not built (npm run build)'
  ]);
  expect(diff(elsewhere, inSync(desired), target, opts).blockers).toEqual([
    "miniprogram/config.ts: cloudEnv is undefined; set it to 'env-1' before uploading the mini-program"
  ]);
  expect(diff(elsewhere, inSync(desired), target, { ...opts, upload: false }).blockers).toEqual([]);
});

test('a storage asset is uploaded when changed, and its fileID set on its function, keeping hand-set variables', () => {
  const withAsset = plan({
    ...facts,
    assets: [{ file: 'a/font.otf', cloudPath: 'assets/font.otf', fn: 'cases', envVar: 'FONT_ID', hash: 'h1', bytes: 9 }]
  });
  const fileId = 'cloud://env-1.7368-env-1-1250000000/assets/font.otf';
  const fresh = diff(
    withAsset,
    { ...empty, storage: { ...empty.storage, bucket: '7368-env-1-1250000000' } },
    target,
    opts
  );
  expect(kinds(fresh.steps).indexOf('uploadAsset')).toBeLessThan(kinds(fresh.steps).indexOf('createFunction'));
  expect(fresh.steps.find((s) => s.kind === 'createFunction' && s.fn.name === 'cases')).toMatchObject({
    env: { FONT_ID: fileId }
  });
  expect(fresh.steps.find((s) => s.kind === 'createFunction' && s.fn.name === 'setup')).not.toHaveProperty('env');

  const a = inSync(withAsset);
  a.storage.bucket = '7368-env-1-1250000000';
  a.functions.find((f) => f.name === 'cases')!.env = { FONT_ID: fileId, SET_BY_HAND: '1' };
  a.assets = { 'assets/font.otf': 'h1' };
  const none = { ...opts, bootstrap: false };
  expect(diff(withAsset, a, target, none).steps).toEqual([]);
  expect(kinds(diff(withAsset, { ...a, assets: { 'assets/font.otf': 'h0' } }, target, none).steps)).toEqual([
    'uploadAsset'
  ]);
  a.functions.find((f) => f.name === 'cases')!.env = { SET_BY_HAND: '1' };
  expect(diff(withAsset, a, target, none).steps).toMatchObject([
    { kind: 'updateFunctionConfig', changes: ['env FONT_ID'], env: { FONT_ID: fileId, SET_BY_HAND: '1' } }
  ]);
  expect(diff(withAsset, { ...a, storage: { ...a.storage, bucket: null } }, target, none).blockers).toEqual([
    'storage: the environment answered no bucket (open 云存储 once in the console), so no fileID can be set'
  ]);
});

/** What each step does to an environment, as the stand-in test shows the real tools do. */
function simulate(a: Actual, steps: Step[], p: Plan): Actual {
  const next = JSON.parse(JSON.stringify(a)) as Actual;
  for (const s of steps) {
    const f = (name: string) => next.functions.find((x) => x.name === name)!;
    if (s.kind === 'createCollection') next.collections.push({ name: s.collection, acl: 'PRIVATE' });
    if (s.kind === 'setCollectionAcl') next.collections.find((c) => c.name === s.collection)!.acl = s.to;
    if (s.kind === 'createIndex' || s.kind === 'replaceIndex') {
      next.indexes = next.indexes.filter((i) => !(i.collection === s.index.collection && i.name === s.index.name));
      next.indexes.push({ ...s.index });
    }
    if (s.kind === 'setStorageRule') next.storage = { acl: 'CUSTOM', rule: { ...STORAGE_RULE } };
    if (s.kind === 'createFunction')
      next.functions.push({ ...inSync(p).functions.find((x) => x.name === s.fn.name)!, triggers: [], openapi: [] });
    if (s.kind === 'updateFunctionCode') f(s.fn.name).handler = s.fn.handler;
    if (s.kind === 'updateFunctionConfig')
      Object.assign(f(s.fn.name), {
        timeout: s.fn.timeout,
        memory: s.fn.memory,
        description: codeMark(s.fn.codeHash ?? '')
      });
    if (s.kind === 'deleteTrigger') f(s.fn).triggers = f(s.fn).triggers.filter((t) => t.name !== s.trigger);
    if (s.kind === 'createTrigger') f(s.fn).triggers.push({ ...s.trigger });
    if (s.kind === 'setOpenApi') f(s.fn).openapi = [...s.openapi];
    if (s.kind === 'uploadMiniProgram')
      next.lastUpload = { appId: target.appId, version: s.version, sourceHash: s.sourceHash };
  }
  return next;
}

test('from any state, one run brings the environment in step (the next run has nothing to do)', () => {
  const acl = fc.constantFrom('READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', null);
  const fnDrift = fc.record({
    present: fc.boolean(),
    timeout: fc.constantFrom(3, 10, 20, 60),
    stale: fc.boolean(),
    triggers: fc.subarray(
      [
        { name: 'sweep', type: 'timer' as const, config: '0 */5 * * * * *' },
        { name: 'sweep', type: 'timer' as const, config: '0 0 * * * * *' },
        { name: 'legacy', type: 'timer' as const, config: '0 0 0 * * * *' }
      ],
      { maxLength: 2 }
    ),
    openapi: fc.subarray(['subscribeMessage.send', 'security.msgSecCheck'])
  });
  fc.assert(
    fc.property(
      fc.record({
        collections: fc.array(fc.record({ present: fc.boolean(), acl }), { minLength: 2, maxLength: 2 }),
        indexes: fc.array(fc.constantFrom('absent', 'same', 'other'), { minLength: 2, maxLength: 2 }),
        storage: fc.boolean(),
        functions: fc.array(fnDrift, { minLength: 3, maxLength: 3 }),
        uploaded: fc.boolean()
      }),
      (g) => {
        const sync = inSync(desired);
        const a: Actual = {
          collections: sync.collections
            .map((c, i) => ({ ...c, acl: g.collections[i].acl, present: g.collections[i].present }))
            .filter((c) => c.present)
            .map(({ name, acl }) => ({ name, acl })),
          indexes: sync.indexes
            .map((x, i) => ({ x, how: g.indexes[i] }))
            .filter(({ how }) => how !== 'absent')
            .map(({ x, how }) => (how === 'other' ? { ...x, unique: !x.unique } : x)),
          storage: g.storage ? sync.storage : { acl: 'PRIVATE', rule: null },
          functions: sync.functions
            .map((f, i) => ({ f, d: g.functions[i] }))
            .filter(({ d }) => d.present)
            .map(({ f, d }) => ({
              ...f,
              timeout: d.timeout,
              description: d.stale ? codeMark('stale') : f.description,
              triggers: d.triggers.filter((t, j, all) => all.findIndex((u) => u.name === t.name) === j),
              openapi: [...d.openapi].sort()
            })),
          lastUpload: g.uploaded ? sync.lastUpload : null
        };
        const first = diff(desired, a, target, opts);
        const after = simulate(a, first.steps, desired);
        expect(diff(desired, after, target, { ...opts, bootstrap: false }).steps).toEqual([]);
      }
    ),
    { numRuns: 300, seed: 20261204 }
  );
});

test('the steps print one line each, with the notes and blockers after them', () => {
  const d = diff(plan({ ...facts, miniprogram: { ...facts.miniprogram, cloudEnv: null } }), empty, target, opts);
  const text = renderDiff(d);
  expect(text[0]).toBe(`Steps (${d.steps.length}):`);
  expect(text).toEqual(
    expect.arrayContaining([
      '  create collection cases',
      '  collection cases: permission unset → ADMINONLY',
      '  create index cases.code_unique',
      '  storage: PRIVATE → CUSTOM rule (private)',
      '  create function deadlines (Nodejs16.13, 60 s)',
      '  create trigger deadlines.sweep (0 */5 * * * * *)',
      '  云调用 permissions of cases: subscribeMessage.send',
      '  call setup.bootstrap (as the console, no OPENID)',
      '  upload the mini-program, version 1.0.0',
      'Blocked:',
      "  miniprogram/config.ts: cloudEnv is undefined; set it to 'env-1' before uploading the mini-program"
    ])
  );
  expect(renderDiff({ steps: [], notes: [], blockers: [] })).toEqual(['Steps: none, the environment matches']);
});
