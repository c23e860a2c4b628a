/**
 * Desired (plan.ts) against actual (what the environment answered, actual.ts): the steps that make
 * the environment match, and notes for what is left alone. Pure. Only differences become steps, so
 * a second run against an environment the first one set up has nothing to do but the setup call.
 * Nothing the repository does not name is deleted: extra collections, indexes and functions are
 * kept and reported. A trigger on one of our functions that the repository no longer declares is
 * removed, since it would run our code on a schedule nobody asked for.
 */
import { fileIdOf } from './assets';
import { CODE_MARK, type AssetPlan, type FunctionPlan, type IndexPlan, type Plan, type TriggerPlan } from './plan';

export interface ActualFunction {
  name: string;
  runtime: string;
  handler: string;
  memory: number;
  timeout: number;
  description: string;
  triggers: TriggerPlan[];
  /** 云调用 permissions as WeChat holds them; null when they could not be read (no AppSecret). */
  openapi: string[] | null;
  /** The function's environment variables (absent: none). */
  env?: Record<string, string>;
}

export interface ActualIndex {
  collection: string;
  name: string;
  keys: Array<{ field: string; direction: number }>;
  unique: boolean;
}

export interface LastUpload {
  appId: string;
  version: string;
  sourceHash: string;
}

export interface Actual {
  collections: Array<{ name: string; acl: string | null }>;
  indexes: ActualIndex[];
  /** bucket: the environment's storage bucket, which fileIDs name (absent or null: unknown). */
  storage: { acl: string | null; rule: unknown; bucket?: string | null };
  /** Every function of the environment; details for those the plan names. */
  functions: ActualFunction[];
  /** The last mini-program upload from this machine (.deploy-state.json), if any. */
  lastUpload: LastUpload | null;
  /** Storage assets uploaded to this environment from this machine (.deploy-state.json): cloudPath → hash. */
  assets?: Record<string, string>;
}

export interface Target {
  appId: string;
  envId: string;
}

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'setCollectionAcl'; collection: string; from: string | null; to: string }
  | { kind: 'createIndex'; index: IndexPlan }
  | { kind: 'replaceIndex'; index: IndexPlan }
  | { kind: 'setStorageRule'; from: string | null }
  | { kind: 'uploadAsset'; asset: AssetPlan }
  | { kind: 'createFunction'; fn: FunctionPlan; env?: Record<string, string> }
  | { kind: 'updateFunctionCode'; fn: FunctionPlan }
  /** env: the whole set of variables to write (SCF replaces them all), when one of ours differs. */
  | { kind: 'updateFunctionConfig'; fn: FunctionPlan; changes: string[]; env?: Record<string, string> }
  | { kind: 'deleteTrigger'; fn: string; trigger: string }
  | { kind: 'createTrigger'; fn: string; trigger: TriggerPlan }
  | { kind: 'setOpenApi'; fn: string; openapi: string[] }
  | { kind: 'bootstrap' }
  | { kind: 'uploadMiniProgram'; version: string; sourceHash: string };

export interface Diff {
  steps: Step[];
  notes: string[];
  /** Reasons the run must stop before changing anything. */
  blockers: string[];
}

export const codeMark = (hash: string): string => `${CODE_MARK}${hash}`;

/** JSON with sorted keys: a rule read back from the cloud equals the planned one whatever its key order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x
  );

const sameKeys = (a: ActualIndex['keys'], b: IndexPlan['keys']): boolean =>
  a.length === b.length && a.every((k, i) => k.field === b[i].field && Number(k.direction) === b[i].direction);

const openApiManual = (fn: FunctionPlan): string =>
  `function ${fn.name}: 云调用 permissions ${fn.openapi.join(', ')} need the AppSecret to be read and set; without it, upload the function once from DevTools (右键 → 上传并部署：所有文件), which applies config.json`;

function functionSteps(
  fn: FunctionPlan,
  actual: ActualFunction | undefined,
  wechat: boolean,
  steps: Step[],
  notes: string[],
  env: Record<string, string> = {}
): void {
  if (!actual) {
    steps.push(Object.keys(env).length ? { kind: 'createFunction', fn, env } : { kind: 'createFunction', fn });
    for (const t of fn.triggers) steps.push({ kind: 'createTrigger', fn: fn.name, trigger: t });
    if (fn.openapi.length > 0) {
      if (wechat) steps.push({ kind: 'setOpenApi', fn: fn.name, openapi: fn.openapi });
      else notes.push(openApiManual(fn));
    }
    return;
  }
  if (actual.runtime !== fn.runtime)
    notes.push(
      `function ${fn.name}: runtime ${actual.runtime} in the cloud, ${fn.runtime} planned; a runtime cannot be changed in place (delete the function in the console, then deploy again)`
    );
  const codeChanged = actual.description !== codeMark(fn.codeHash ?? '') || actual.handler !== fn.handler;
  if (codeChanged) steps.push({ kind: 'updateFunctionCode', fn });
  const changes: string[] = [];
  if (actual.timeout !== fn.timeout) changes.push(`timeout ${actual.timeout} → ${fn.timeout} s`);
  if (actual.memory !== fn.memory) changes.push(`memory ${actual.memory} → ${fn.memory} MB`);
  if (codeChanged) changes.push('code mark');
  const had = actual.env ?? {};
  const envChanged = Object.keys(env).filter((k) => had[k] !== env[k]);
  changes.push(...envChanged.sort().map((k) => `env ${k}`));
  if (envChanged.length > 0)
    // Variables set by hand in the console are kept: SCF replaces the whole set.
    steps.push({ kind: 'updateFunctionConfig', fn, changes, env: { ...had, ...env } });
  else if (changes.length > 0) steps.push({ kind: 'updateFunctionConfig', fn, changes });
  const have = new Map(actual.triggers.map((t) => [t.name, t]));
  for (const t of actual.triggers)
    if (!fn.triggers.some((p) => p.name === t.name))
      steps.push({ kind: 'deleteTrigger', fn: fn.name, trigger: t.name });
  for (const t of fn.triggers) {
    const a = have.get(t.name);
    if (a && a.type === t.type && a.config === t.config) continue;
    if (a) steps.push({ kind: 'deleteTrigger', fn: fn.name, trigger: t.name });
    steps.push({ kind: 'createTrigger', fn: fn.name, trigger: t });
  }
  if (actual.openapi === null) {
    if (fn.openapi.length > 0) notes.push(openApiManual(fn));
  } else if (canonical([...actual.openapi].sort()) !== canonical(fn.openapi)) {
    steps.push({ kind: 'setOpenApi', fn: fn.name, openapi: fn.openapi });
  }
}

export interface DiffOptions {
  /** Call setup.bootstrap at the end (default true). */
  bootstrap?: boolean;
  /** Upload the mini-program when it changed (default true). */
  upload?: boolean;
  /** WeChat's HTTP API is reachable (an AppSecret was given), so 云调用 permissions can be set. */
  wechat?: boolean;
}

export function diff(p: Plan, actual: Actual, target: Target, opts: DiffOptions = {}): Diff {
  const steps: Step[] = [];
  const notes: string[] = [];
  const blockers = [...p.problems];

  const collections = new Map(actual.collections.map((c) => [c.name, c]));
  for (const c of p.collections) {
    const a = collections.get(c.name);
    if (!a) steps.push({ kind: 'createCollection', collection: c.name });
    if (a?.acl !== c.acl) steps.push({ kind: 'setCollectionAcl', collection: c.name, from: a?.acl ?? null, to: c.acl });
  }
  for (const a of actual.collections)
    if (!p.collections.some((c) => c.name === a.name)) notes.push(`collection ${a.name}: not in the repository, kept`);

  const indexes = new Map(actual.indexes.map((i) => [`${i.collection}.${i.name}`, i]));
  for (const i of p.indexes) {
    const a = indexes.get(`${i.collection}.${i.name}`);
    if (!a) steps.push({ kind: 'createIndex', index: i });
    else if (!sameKeys(a.keys, i.keys) || a.unique !== i.unique) steps.push({ kind: 'replaceIndex', index: i });
  }
  for (const a of actual.indexes)
    if (a.name !== '_id_' && !p.indexes.some((i) => i.collection === a.collection && i.name === a.name))
      notes.push(`index ${a.collection}.${a.name}: not in database/indexes.json, kept`);

  if (actual.storage.acl !== p.storage.acl || canonical(actual.storage.rule) !== canonical(p.storage.rule))
    steps.push({ kind: 'setStorageRule', from: actual.storage.acl });

  // Assets before functions, so a function never runs with a fileID that names nothing yet.
  const envOf = new Map<string, Record<string, string>>();
  const bucket = actual.storage.bucket ?? null;
  if (p.assets.length > 0 && !bucket)
    blockers.push(
      'storage: the environment answered no bucket (open 云存储 once in the console), so no fileID can be set'
    );
  for (const a of p.assets) {
    if (actual.assets?.[a.cloudPath] !== a.hash) steps.push({ kind: 'uploadAsset', asset: a });
    if (bucket) envOf.set(a.fn, { ...envOf.get(a.fn), [a.envVar]: fileIdOf(target.envId, bucket, a.cloudPath) });
  }

  const functions = new Map(actual.functions.map((f) => [f.name, f]));
  for (const fn of p.functions) {
    if (fn.codeHash === null) blockers.push(`cloudfunctions/${fn.name}/index.js is not built (npm run build)`);
    functionSteps(fn, functions.get(fn.name), opts.wechat === true, steps, notes, envOf.get(fn.name));
  }
  for (const f of actual.functions)
    if (!p.functions.some((fn) => fn.name === f.name)) notes.push(`function ${f.name}: not in the repository, kept`);
  notes.push(...p.manual.map((m) => `manual: ${m}`));

  if (opts.bootstrap !== false) steps.push({ kind: 'bootstrap' });

  if (opts.upload !== false) {
    const mp = p.miniprogram;
    if (mp.cloudEnv !== target.envId)
      blockers.push(
        `miniprogram/config.ts: cloudEnv is ${mp.cloudEnv === null ? 'undefined' : `'${mp.cloudEnv}'`}; set it to '${target.envId}' before uploading the mini-program`
      );
    const last = actual.lastUpload;
    if (last && last.appId === target.appId && last.version === mp.version && last.sourceHash === mp.sourceHash)
      notes.push(`mini-program ${mp.version}: unchanged since the last upload from this machine`);
    else steps.push({ kind: 'uploadMiniProgram', version: mp.version, sourceHash: mp.sourceHash });
  }
  return { steps, notes, blockers };
}
