/**
 * The real run, offline: Tencent's own manager-node talks to a local stand-in of the Tencent Cloud
 * API (test/deploy/support), WeChat's HTTP API is stood in the same way, and `setup` runs on the
 * local cloud. What is not exercised here: COS's own signature checks, a live environment's exact answers, and
 * miniprogram-ci's upload (its servers cannot be stood in; a recorder takes its place).
 */
import fs from 'node:fs';
import path from 'node:path';
import { apply, type ApplyResult } from '../../scripts/deploy/apply';
import { createManager, readActual, type Manager } from '../../scripts/deploy/cloud';
import { diff, type LastUpload } from '../../scripts/deploy/diff';
import { plan, STORAGE_RULE, type Plan } from '../../scripts/deploy/plan';
import { readRepo, repoRoot } from '../../scripts/deploy/repo';
import { weChatApi, type WeChatApi } from '../../scripts/deploy/wechat';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { routeTencentApiTo, type Route } from './support/route';
import { startStandIn, type StandIn } from './support/tencentStandIn';

const envId = 'shajie-prod-1a2b3c';
const appId = 'wx1234567890abcdef';
const keys = { secretId: 'AKIDstandin', secretKey: 'standin-secret', appSecret: 'standin-app-secret' };
const target = { appId, envId };

let cloud: TestCloud;
let standIn: StandIn;
let route: Route;
let manager: Manager;
let wechat: WeChatApi;
let desired: Plan;
const uploads: Array<{ version: string; desc: string }> = [];
let lastUpload: LastUpload | null = null;
/** .deploy-state.json's assets for this environment: cloudPath → hash. */
let uploadedAssets: Record<string, string> = {};
let first: Awaited<ReturnType<typeof deployOnce>>;
let redeemed: { ok: boolean } | null;

/**
 * manager-node polls a function's status with setInterval(1 s). Only setInterval is faked, and the
 * next poll is let go only once the previous one has been answered: no real waiting, no flood.
 */
async function drive<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const out = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    if (route.inFlight() > 0) await Promise.race([route.nextAnswer(), out.catch(() => undefined)]);
    await new Promise((r) => setImmediate(r));
    if (route.inFlight() === 0 && jest.getTimerCount() > 0) jest.advanceTimersToNextTimer();
  }
  return out;
}

async function deployOnce(): Promise<{ steps: string[]; result: ApplyResult; notes: string[] }> {
  const actual = await drive(readActual(manager, desired, envId, wechat, lastUpload, uploadedAssets));
  const d = diff(desired, actual, target, { wechat: true });
  expect(d.blockers).toEqual([]);
  const result = await drive(
    apply(d.steps, {
      manager,
      envId,
      functionsRoot: path.join(repoRoot, 'cloudfunctions'),
      wechat,
      upload: (o) => {
        uploads.push(o);
        return Promise.resolve();
      },
      assetUploaded: (cloudPath, hash) => {
        uploadedAssets = { ...uploadedAssets, [cloudPath]: hash };
      },
      uploaded: (version, sourceHash) => {
        lastUpload = { appId, version, sourceHash };
      },
      log: () => undefined
    })
  );
  return { steps: d.steps.map((s) => s.kind), result, notes: d.notes };
}

beforeAll(async () => {
  // manager-node reports each zip upload on the console.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  cloud = await startLocalCloud({ seed: false, env: { LOCALCLOUD_MARK_FUNCTIONS: 'off' } });
  standIn = await startStandIn({
    envId,
    appId,
    ...keys,
    invoke: (name, event) => cloud.call(name, event)
  });
  route = routeTencentApiTo(standIn.url);
  manager = createManager({ envId, secretId: keys.secretId, secretKey: keys.secretKey });
  wechat = weChatApi(appId, keys.appSecret, `${standIn.url}/wechat`);
  const p = plan(readRepo());
  // The district sets cloudEnv before deploying (README runbook); here the plan plays that part.
  desired = { ...p, miniprogram: { ...p.miniprogram, cloudEnv: envId } };
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout'
    ]
  });
  // The first run and the runbook's next step (the administrator redeems the code in the mini-program)
  // happen here, so each test below starts from a deployed environment and runs alone, in any order.
  first = await deployOnce();
  const code = first.result.bootstrap?.adminInvite?.code;
  redeemed = code ? await cloud.call<{ ok: boolean }>('account', { action: 'redeemInvite', code }, 'it-admin') : null;
});

afterAll(async () => {
  jest.useRealTimers();
  route?.restore();
  await standIn?.stop();
  await cloud?.stop();
});

test('a first run sets up an empty environment as planned, and answers the first admin invite', () => {
  const { result } = first;
  const s = standIn.state;

  expect([...s.functions.keys()].sort()).toEqual(desired.functions.map((f) => f.name));
  for (const f of desired.functions) {
    const got = s.functions.get(f.name)!;
    expect({ runtime: got.runtime, timeout: got.timeout, memory: got.memory, install: got.installDependency }).toEqual({
      runtime: f.runtime,
      timeout: f.timeout,
      memory: f.memory,
      install: 'FALSE'
    });
    // Only the bundle ships: no TypeScript, no actions folder.
    expect(got.files).toEqual(['config.json', 'index.js', 'package.json']);
    expect(
      [...got.triggers].map(([name, t]) => ({ name, cron: (JSON.parse(t.desc) as { cron: string }).cron }))
    ).toEqual(f.triggers.map((t) => ({ name: t.name, cron: t.config })));
    expect(s.openapi.get(f.name) ?? []).toEqual(f.openapi);
  }
  expect([...s.collections.keys()].sort()).toEqual(desired.collections.map((c) => c.name));
  for (const [, c] of s.collections) expect(c.acl).toBe('ADMINONLY');
  for (const i of desired.indexes) {
    const got = s.collections.get(i.collection)!.indexes.get(i.name);
    expect(got).toEqual({
      keys: i.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
      unique: i.unique
    });
  }
  expect(s.storage.acl).toBe('CUSTOM');
  expect(JSON.parse(s.storage.rule!)).toEqual(STORAGE_RULE);
  // The PDF font went to storage (its zip would pass 1.5 MB) and the mediation function names its fileID.
  const font = s.files.get('assets/fonts/NotoSansSC-GB2312L1.otf');
  expect(font?.bytes.equals(fs.readFileSync(path.join(repoRoot, 'assets/fonts/NotoSansSC-GB2312L1.otf')))).toBe(true);
  expect(s.functions.get('mediation')!.env).toEqual({ MEDIATION_FONT_FILE_ID: font!.fileId });
  expect(font!.fileId).toBe(`cloud://${envId}.7368-${envId}-1250000000/assets/fonts/NotoSansSC-GB2312L1.otf`);

  expect(result.bootstrap?.ok).toBe(true);
  expect(result.bootstrap?.adminInvite?.code).toMatch(/^[0-9A-Z]{8}$/);
  expect(uploads).toHaveLength(1);
  expect(uploads[0].version).toBe(desired.miniprogram.version);

  expect(redeemed?.ok).toBe(true);
});

test('a second run changes nothing: it only calls setup, which refuses now that an admin exists', async () => {
  const before = standIn.state.calls.length;
  const { steps, result } = await deployOnce();
  expect(steps).toEqual(['bootstrap']);
  expect(standIn.writes(before)).toEqual([]);
  expect(result.bootstrap).toMatchObject({ ok: false, code: 'ALREADY_BOOTSTRAPPED' });
  expect(uploads).toHaveLength(1);
});

test('drift is put back, and only the drift', async () => {
  const s = standIn.state;
  s.functions.get('stats')!.timeout = 3;
  s.functions
    .get('deadlines')!
    .triggers.set('sweep', { type: 'timer', desc: JSON.stringify({ cron: '0 0 * * * * *' }) });
  s.functions.get('points')!.triggers.delete('expirePoints');
  s.collections.get('users')!.acl = 'READONLY';
  s.collections.get('cases')!.indexes.delete('mine');
  s.openapi.set('cases', ['subscribeMessage.send']);
  s.storage = { acl: 'READONLY', rule: null };

  const before = s.calls.length;
  const { steps } = await deployOnce();
  expect(steps).toEqual([
    'setCollectionAcl',
    'createIndex',
    'setStorageRule',
    'setOpenApi',
    'deleteTrigger',
    'createTrigger',
    'createTrigger',
    'updateFunctionConfig',
    'bootstrap'
  ]);
  expect(standIn.writes(before).sort()).toEqual(
    [
      'ModifyDatabaseACL users',
      'UpdateTable cases',
      'ModifyStorageSafeRule',
      'UpdateFunctionConfiguration stats',
      'DeleteTrigger deadlines',
      'BatchCreateTrigger deadlines',
      'BatchCreateTrigger points'
    ].sort()
  );
  expect(s.openapi.get('cases')).toEqual(desired.functions.find((f) => f.name === 'cases')!.openapi);
  const again = await deployOnce();
  expect(again.steps).toEqual(['bootstrap']);
});

test('a lost font fileID is set again, keeping a variable set by hand; a changed font is uploaded again', async () => {
  const s = standIn.state;
  const fileId = s.files.get('assets/fonts/NotoSansSC-GB2312L1.otf')!.fileId;
  s.functions.get('mediation')!.env = { SET_BY_HAND: '1' };
  const before = s.calls.length;
  const { steps } = await deployOnce();
  expect(steps).toEqual(['updateFunctionConfig', 'bootstrap']);
  expect(standIn.writes(before)).toEqual(['UpdateFunctionConfiguration mediation']);
  expect(s.functions.get('mediation')!.env).toEqual({ SET_BY_HAND: '1', MEDIATION_FONT_FILE_ID: fileId });

  // This machine's record says an older font went up: the file is uploaded again, nothing else.
  uploadedAssets = { 'assets/fonts/NotoSansSC-GB2312L1.otf': 'older' };
  const again = s.calls.length;
  expect((await deployOnce()).steps).toEqual(['uploadAsset', 'bootstrap']);
  expect(standIn.writes(again)).toEqual(['storage.getUploadMetadata', 'PutObject']);
  expect((await deployOnce()).steps).toEqual(['bootstrap']);
  // Back as the first run left it (the deploy never removes a hand-set variable), for the other tests.
  s.functions.get('mediation')!.env = { MEDIATION_FONT_FILE_ID: fileId };
});
