/**
 * The desired state of a CloudBase environment, computed from the repository's facts (repo.ts) with
 * no I/O: every function with its config, every collection with its permission, every index, the
 * storage rule, the setup call and the mini-program upload. Anything the repository gets wrong (a
 * 6-field cron, an index on a collection nobody creates) is a problem, and a plan with problems is
 * never applied.
 */
import type { AssetFacts, FunctionFacts, HttpRouteFacts, IndexFacts, RepoFacts } from './repo';

/** Node 16, the oldest runtime the bundles target (scripts/build.ts: target node16). */
export const RUNTIME = 'Nodejs16.13';
export const MEMORY_MB = 256;
export const HANDLER = 'index.main';
/** Marks a function's description with the hash of its deployed files, so a rerun uploads only changed code. */
export const CODE_MARK = '莎姐 build ';

/** 仅管理端可读写: no client reads or writes; cloud functions and the console keep full access. */
export const COLLECTION_ACL = 'ADMINONLY';

/**
 * Storage: no client reads a file (pages get temporary URLs from the functions after their read
 * check); a client writes only new files of its own under uploads/. The per-user folder is enforced
 * by the functions (PHOTO_INVALID), as the rules cannot put auth.openid into a path pattern.
 */
export const STORAGE_RULE = {
  read: false,
  write: 'auth.openid != null && resource.openid == auth.openid && /^uploads\\//.test(resource.path) == true'
} as const;

export interface TriggerPlan {
  name: string;
  type: 'timer';
  /** 7 fields: second minute hour day month weekday year, UTC+8. */
  config: string;
}

export interface FunctionPlan {
  name: string;
  runtime: string;
  handler: string;
  memory: number;
  timeout: number;
  /** 云调用 permissions (config.json permissions.openapi). */
  openapi: string[];
  triggers: TriggerPlan[];
  /** 消息推送 events delivered to this function (config.json messagePush). */
  messagePush: string[];
  codeHash: string | null;
  bundleBytes: number;
}

export interface CollectionPlan {
  name: string;
  acl: typeof COLLECTION_ACL;
}

export interface IndexPlan {
  collection: string;
  name: string;
  keys: Array<{ field: string; direction: 1 | -1 }>;
  unique: boolean;
}

/** A storage asset: uploaded when its hash changed; its fileID goes into `envVar` of function `fn`. */
export interface AssetPlan {
  file: string;
  cloudPath: string;
  fn: string;
  envVar: string;
  hash: string;
  bytes: number;
}

export interface Plan {
  functions: FunctionPlan[];
  collections: CollectionPlan[];
  indexes: IndexPlan[];
  storage: { acl: 'CUSTOM'; rule: typeof STORAGE_RULE };
  assets: AssetPlan[];
  setup: { function: 'setup'; event: { action: 'bootstrap' }; caller: string };
  /** HTTP access service (HTTP 访问服务): each path and the function behind it, sorted by path. */
  httpRoutes: HttpRouteFacts[];
  miniprogram: {
    root: string;
    version: string;
    /** The AppID project.config.json names; the deploy config's AppID wins. */
    projectAppId: string;
    cloudEnv: string | null;
    requiredPrivateInfos: string[];
    sourceHash: string;
  };
  /** Steps no tool of Tencent's automates for a self-developed mini-program; the runbook covers them. */
  manual: string[];
  problems: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, what: string, problems: string[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    problems.push(`${what} must be a list of strings`);
    return [];
  }
  return [...(v as string[])].sort();
}

function functionPlan(f: FunctionFacts, problems: string[]): FunctionPlan {
  const where = `cloudfunctions/${f.name}/config.json`;
  const c = isRecord(f.config) ? f.config : {};
  if (!isRecord(f.config)) problems.push(`${where} is missing or not an object`);
  const timeout = c.timeout;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 900)
    problems.push(`${where}: timeout must be whole seconds from 1 to 900`);
  const permissions = isRecord(c.permissions) ? c.permissions : {};
  const triggers: TriggerPlan[] = [];
  const rawTriggers: unknown[] = Array.isArray(c.triggers) ? (c.triggers as unknown[]) : [];
  if (c.triggers !== undefined && !Array.isArray(c.triggers)) problems.push(`${where}: triggers must be a list`);
  for (const t of rawTriggers) {
    if (!isRecord(t) || typeof t.name !== 'string' || t.type !== 'timer' || typeof t.config !== 'string') {
      problems.push(`${where}: each trigger needs a name, type "timer" and a cron config`);
      continue;
    }
    if (t.config.trim().split(/\s+/).length !== 7)
      problems.push(`${where}: trigger ${t.name} needs a 7-field cron (second … year), got "${t.config}"`);
    triggers.push({ name: t.name, type: 'timer', config: t.config.trim() });
  }
  if (new Set(triggers.map((t) => t.name)).size !== triggers.length)
    problems.push(`${where}: trigger names must be unique`);
  return {
    name: f.name,
    runtime: RUNTIME,
    handler: HANDLER,
    memory: MEMORY_MB,
    timeout: typeof timeout === 'number' ? timeout : 3,
    openapi: stringList(permissions.openapi, `${where}: permissions.openapi`, problems),
    triggers: triggers.sort((a, b) => a.name.localeCompare(b.name)),
    messagePush: stringList(c.messagePush, `${where}: messagePush`, problems),
    codeHash: f.codeHash,
    bundleBytes: f.bundleBytes
  };
}

function indexPlan(i: IndexFacts, collections: ReadonlySet<string>, problems: string[]): IndexPlan {
  const where = `database/indexes.json ${i.collection}.${i.name}`;
  if (!collections.has(i.collection)) problems.push(`${where}: no such collection in server/collections.ts`);
  if (!Array.isArray(i.fields) || i.fields.length === 0) problems.push(`${where}: needs at least one field`);
  const keys = (i.fields ?? []).map((f) => {
    if (f.direction !== 1 && f.direction !== -1) problems.push(`${where}: direction of ${f.field} must be 1 or -1`);
    return { field: f.field, direction: f.direction === -1 ? (-1 as const) : (1 as const) };
  });
  return { collection: i.collection, name: i.name, keys, unique: i.unique === true };
}

function httpRoutesPlan(
  routes: HttpRouteFacts[],
  functions: ReadonlySet<string>,
  problems: string[]
): HttpRouteFacts[] {
  const where = 'cloudfunctions/http-routes.json';
  const seen = new Set<string>();
  for (const r of routes) {
    if (typeof r.path !== 'string' || !/^\/[A-Za-z0-9_\-/]*$/.test(r.path) || r.path.endsWith('/'))
      problems.push(`${where}: path ${String(r.path)} must start with / and not end with one`);
    if (!functions.has(r.function)) problems.push(`${where}: ${r.path} names no function ${r.function}`);
    if (seen.has(r.path)) problems.push(`${where}: ${r.path} is declared twice`);
    seen.add(r.path);
  }
  return routes.map((r) => ({ path: r.path, function: r.function })).sort((a, b) => a.path.localeCompare(b.path));
}

function assetsPlan(assets: AssetFacts[], functions: ReadonlySet<string>, problems: string[]): AssetPlan[] {
  const out: AssetPlan[] = [];
  for (const a of assets) {
    const where = `cloudfunctions/storageAssets.ts ${a.cloudPath}`;
    if (a.hash === null) problems.push(`${where}: ${a.file} is missing`);
    if (!functions.has(a.fn)) problems.push(`${where}: names no function ${a.fn}`);
    if (a.cloudPath.startsWith('uploads/')) problems.push(`${where}: uploads/ is the clients' folder`);
    if (a.hash !== null) out.push({ ...a, hash: a.hash });
  }
  return out.sort((a, b) => a.cloudPath.localeCompare(b.cloudPath));
}

export function plan(facts: RepoFacts): Plan {
  const problems: string[] = [];
  const functions = facts.functions.map((f) => functionPlan(f, problems));
  const names = new Set(facts.collections);
  const indexes = facts.indexes
    .map((i) => indexPlan(i, names, problems))
    .sort((a, b) => a.collection.localeCompare(b.collection) || a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const i of indexes) {
    const key = `${i.collection}.${i.name}`;
    if (seen.has(key)) problems.push(`database/indexes.json: ${key} is declared twice`);
    seen.add(key);
  }
  if (!functions.some((f) => f.name === 'setup'))
    problems.push('cloudfunctions/setup is missing: nothing can bootstrap');
  const httpRoutes = httpRoutesPlan(facts.httpRoutes ?? [], new Set(functions.map((f) => f.name)), problems);
  const assets = assetsPlan(facts.assets ?? [], new Set(functions.map((f) => f.name)), problems);
  const manual = [
    ...functions.flatMap((f) =>
      f.messagePush.map(
        (event) => `消息推送: 云开发控制台 → 设置 → 消息推送, event ${event} (JSON) → function ${f.name}`
      )
    ),
    // manager-node's access.createAccess is not wired into apply yet: the console does it once.
    ...httpRoutes.map(
      (r) =>
        `HTTP 访问服务: 云开发控制台 → HTTP 访问服务 → 新建, path ${r.path} → function ${r.function} (no per-path auth: the function checks api_key)`
    )
  ];
  return {
    functions,
    collections: [...names].sort().map((name) => ({ name, acl: COLLECTION_ACL })),
    indexes,
    storage: { acl: 'CUSTOM', rule: STORAGE_RULE },
    assets,
    setup: { function: 'setup', event: { action: 'bootstrap' }, caller: 'the console (no OPENID)' },
    httpRoutes,
    miniprogram: {
      root: facts.miniprogram.miniprogramRoot,
      version: facts.miniprogram.version,
      projectAppId: facts.miniprogram.projectAppId,
      cloudEnv: facts.miniprogram.cloudEnv,
      requiredPrivateInfos: facts.miniprogram.requiredPrivateInfos,
      sourceHash: facts.miniprogram.sourceHash
    },
    manual,
    problems
  };
}
