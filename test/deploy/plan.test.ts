/**
 * The deploy plan names everything the repository holds. The expectation is derived here
 * independently of scripts/deploy (folders on disk, the collection files' text, indexes.json, each
 * config.json), so a function, collection, index or trigger the plan drops fails this test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderPlan } from '../../scripts/deploy/format';
import { dryRun } from '../../scripts/deploy/main';
import { plan, STORAGE_RULE, type Plan } from '../../scripts/deploy/plan';
import { readRepo, type RepoFacts } from '../../scripts/deploy/repo';

const root = path.resolve(__dirname, '../..');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

interface FnConfig {
  timeout: number;
  permissions?: { openapi?: string[] };
  triggers?: Array<{ name: string; type: string; config: string }>;
  messagePush?: string[];
}

/** What the repository holds, found without the deploy's code. */
function scanRepository() {
  const functions = fs
    .readdirSync(path.join(root, 'cloudfunctions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'cloudfunctions', d.name, 'config.json')))
    .map((d) => ({ name: d.name, config: readJson<FnConfig>(`cloudfunctions/${d.name}/config.json`) }));
  const collectionText = [
    'server/collections.ts',
    'server/repos/pointsCollections.ts',
    'server/repos/deliberationCollections.ts'
  ]
    .map((f) => fs.readFileSync(path.join(root, f), 'utf8'))
    .join('\n');
  const collections = [...collectionText.matchAll(/^\s+\w+: '(\w+)',?$/gm)].map((m) => m[1]);
  const indexes = readJson<{ indexes: Array<{ collection: string; name: string }> }>('database/indexes.json').indexes;
  const routes = readJson<{ routes: Array<{ path: string; function: string }> }>(
    'cloudfunctions/http-routes.json'
  ).routes;
  return { functions, collections, indexes, routes };
}

type Scan = ReturnType<typeof scanRepository>;

/** Everything of the scan the plan (and its printed form) leaves out. */
function missingFromPlan(p: Plan, scan: Scan): string[] {
  const text = renderPlan(p, {}).join('\n');
  const missing: string[] = [];
  for (const f of scan.functions) {
    const fp = p.functions.find((x) => x.name === f.name);
    if (!fp || !text.includes(`  ${f.name}`)) {
      missing.push(`function ${f.name}`);
      continue;
    }
    if (fp.timeout !== f.config.timeout) missing.push(`timeout of ${f.name}`);
    for (const t of f.config.triggers ?? [])
      if (
        !fp.triggers.some((x) => x.name === t.name && x.config === t.config) ||
        !text.includes(`trigger ${t.name}: timer "${t.config}"`)
      )
        missing.push(`trigger ${f.name}.${t.name}`);
    for (const api of f.config.permissions?.openapi ?? [])
      if (!fp.openapi.includes(api)) missing.push(`云调用 ${api} of ${f.name}`);
    for (const e of f.config.messagePush ?? [])
      if (!fp.messagePush.includes(e) || !text.includes(e)) missing.push(`消息推送 ${e} of ${f.name}`);
  }
  for (const c of scan.collections)
    if (!p.collections.some((x) => x.name === c && x.acl === 'ADMINONLY') || !text.includes(`  ${c}\n`))
      missing.push(`collection ${c}`);
  for (const i of scan.indexes)
    if (
      !p.indexes.some((x) => x.collection === i.collection && x.name === i.name) ||
      !text.includes(`  ${i.collection}.${i.name}:`)
    )
      missing.push(`index ${i.collection}.${i.name}`);
  for (const r of scan.routes)
    if (
      !p.httpRoutes.some((x) => x.path === r.path && x.function === r.function) ||
      !text.includes(`  ${r.path} → ${r.function}`) ||
      !text.includes(`path ${r.path} → function ${r.function}`)
    )
      missing.push(`route ${r.path}`);
  return missing;
}

const facts = readRepo(root);
const scan = scanRepository();

test('the plan lists every function, trigger, collection and index of the repository', () => {
  expect(scan.functions.length).toBeGreaterThanOrEqual(9);
  expect(scan.collections).toContain('pointsLedger');
  expect(scan.functions.find((f) => f.name === 'media')?.config.messagePush).toEqual(['wxa_media_check']);
  const p = plan(facts);
  expect(p.problems).toEqual([]);
  expect(missingFromPlan(p, scan)).toEqual([]);
});

test('the check notices a dropped function, trigger, collection or index', () => {
  const dropped = (f: (facts: RepoFacts) => RepoFacts) => missingFromPlan(plan(f(facts)), scan);
  expect(dropped((r) => ({ ...r, functions: r.functions.filter((f) => f.name !== 'stats') }))).toContain(
    'function stats'
  );
  expect(
    dropped((r) => ({
      ...r,
      functions: r.functions.map((f) =>
        f.name === 'deadlines' ? { ...f, config: { ...(f.config as object), triggers: [] } } : f
      )
    }))
  ).toEqual(['trigger deadlines.sweep']);
  expect(dropped((r) => ({ ...r, collections: r.collections.filter((c) => c !== 'auditLog') }))).toContain(
    'collection auditLog'
  );
  expect(dropped((r) => ({ ...r, indexes: r.indexes.filter((i) => i.name !== 'code_unique') }))).toEqual([
    'index cases.code_unique'
  ]);
  expect(scan.routes).toContainEqual({ path: '/open311', function: 'open311' });
  expect(dropped((r) => ({ ...r, httpRoutes: [] }))).toEqual(['route /open311']);
});

test('an HTTP route to a function the repository lacks, or declared twice, is a problem', () => {
  const bad: RepoFacts = {
    ...facts,
    httpRoutes: [
      { path: '/open311', function: 'open311' },
      { path: '/open311', function: 'open311' },
      { path: '/api', function: 'nowhere' }
    ]
  };
  expect(plan(bad).problems).toEqual([
    'cloudfunctions/http-routes.json: /open311 is declared twice',
    'cloudfunctions/http-routes.json: /api names no function nowhere'
  ]);
});

test('what the repository gets wrong is a problem, and a plan with problems is not applied', () => {
  const bad: RepoFacts = {
    ...facts,
    functions: facts.functions.map((f) =>
      f.name === 'stats'
        ? { ...f, config: { timeout: 0, triggers: [{ name: 'nightly', type: 'timer', config: '0 30 1 * * *' }] } }
        : f
    ),
    indexes: [...facts.indexes, { collection: 'nowhere', name: 'x', fields: [{ field: 'a', direction: 1 }] }]
  };
  expect(plan(bad).problems).toEqual([
    'cloudfunctions/stats/config.json: timeout must be whole seconds from 1 to 900',
    'cloudfunctions/stats/config.json: trigger nightly needs a 7-field cron (second … year), got "0 30 1 * * *"',
    'database/indexes.json nowhere.x: no such collection in server/collections.ts'
  ]);
});

test('the dry run is offline and deterministic, as text and as JSON', () => {
  const a = dryRun({}, false).output;
  expect(dryRun({}, false).output).toBe(a);
  expect(a).toContain('dry run: nothing contacted');
  expect(a).toContain('Setup: setup.bootstrap {"action":"bootstrap"} as the console (no OPENID)');
  expect(a).toContain('消息推送: 云开发控制台 → 设置 → 消息推送, event wxa_media_check (JSON) → function media');
  const json = JSON.parse(dryRun({ appId: 'wx1', envId: 'env-1' }, true).output) as { target: unknown; plan: Plan };
  expect(json.target).toEqual({ appId: 'wx1', envId: 'env-1' });
  expect(json.plan).toEqual(JSON.parse(JSON.stringify(plan(facts))));
});

test('the README states the storage rule the deploy sets', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain(JSON.stringify(STORAGE_RULE));
});

test('the mediation PDF font is a storage asset: the plan uploads the repository’s file and names the function’s variable', () => {
  const p = plan(facts);
  const font = fs.readFileSync(path.join(root, 'assets/fonts/NotoSansSC-GB2312L1.otf'));
  expect(p.assets).toEqual([
    {
      file: 'assets/fonts/NotoSansSC-GB2312L1.otf',
      cloudPath: 'assets/fonts/NotoSansSC-GB2312L1.otf',
      fn: 'mediation',
      envVar: 'MEDIATION_FONT_FILE_ID',
      hash: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      bytes: font.length
    }
  ]);
  // Over the 1.5 MB a function's zip may carry: the reason it is an asset.
  expect(font.length).toBeGreaterThan(1.5 * 1024 * 1024);
  expect(renderPlan(p, {}).join('\n')).toContain(
    'assets/fonts/NotoSansSC-GB2312L1.otf → assets/fonts/NotoSansSC-GB2312L1.otf'
  );
  const asset = facts.assets![0];
  expect(
    plan({
      ...facts,
      assets: [
        { ...asset, hash: null },
        { ...asset, cloudPath: 'uploads/x.otf', fn: 'nowhere' }
      ]
    }).problems
  ).toEqual([
    'cloudfunctions/storageAssets.ts assets/fonts/NotoSansSC-GB2312L1.otf: assets/fonts/NotoSansSC-GB2312L1.otf is missing',
    'cloudfunctions/storageAssets.ts uploads/x.otf: names no function nowhere',
    "cloudfunctions/storageAssets.ts uploads/x.otf: uploads/ is the clients' folder"
  ]);
});
