/**
 * Reads what the repository says the environment must hold: each cloud function's folder and
 * config.json, the collections (server/collections.ts, the list `setup` creates), the indexes
 * (database/indexes.json) and the mini-program's project files. The only I/O of the plan; `plan.ts`
 * turns these facts into the desired state without touching the disk.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from '../../server/collections';
import { STORAGE_ASSETS, type StorageAsset } from '../../cloudfunctions/storageAssets';

export const repoRoot = path.resolve(__dirname, '../..');

/** What a function folder ships: the bundle `npm run build` writes, with its manifest and config. */
export const FUNCTION_FILES = ['index.js', 'package.json', 'config.json'] as const;

export interface FunctionFacts {
  name: string;
  /** cloudfunctions/<name>/config.json, parsed. */
  config: unknown;
  /** Hash of FUNCTION_FILES, or null while index.js is not built. */
  codeHash: string | null;
  /** Size of the built index.js in bytes (0 while not built). */
  bundleBytes: number;
}

export interface IndexFacts {
  collection: string;
  name: string;
  fields: Array<{ field: string; direction: number }>;
  unique?: boolean;
}

export interface MiniProgramFacts {
  /** project.config.json's appid (touristappid until a district sets its own). */
  projectAppId: string;
  miniprogramRoot: string;
  /** package.json's version: the version string of an upload. */
  version: string;
  /** `cloudEnv` as written in miniprogram/config.ts: a string literal, or null when undefined. */
  cloudEnv: string | null;
  requiredPrivateInfos: string[];
  /** Hash of every file under the mini-program root that an upload sends. */
  sourceHash: string;
}

/** A path of CloudBase's HTTP access service bound to a function (cloudfunctions/http-routes.json, which the local cloud serves too). */
export interface HttpRouteFacts {
  path: string;
  function: string;
}

/** A file the deploy uploads to cloud storage (assets.ts), with its content's hash. */
export interface AssetFacts extends StorageAsset {
  /** Hash of the file, or null when it is missing. */
  hash: string | null;
  bytes: number;
}

export interface RepoFacts {
  functions: FunctionFacts[];
  collections: string[];
  indexes: IndexFacts[];
  miniprogram: MiniProgramFacts;
  /** Absent: no routes file. */
  httpRoutes?: HttpRouteFacts[];
  /** Absent: no storage assets. */
  assets?: AssetFacts[];
}

export function hashFiles(files: Array<{ name: string; content: Buffer }>): string {
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(f.name).update('\0').update(f.content).update('\0');
  return h.digest('hex').slice(0, 16);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** Every folder of cloudfunctions/ with an index.ts, as scripts/build.ts bundles them. */
export function readFunctions(root = repoRoot): FunctionFacts[] {
  const dir = path.join(root, 'cloudfunctions');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const folder = path.join(dir, name);
      const built = fs.existsSync(path.join(folder, 'index.js'));
      const files = FUNCTION_FILES.filter((f) => fs.existsSync(path.join(folder, f))).map((f) => ({
        name: f,
        content: fs.readFileSync(path.join(folder, f))
      }));
      return {
        name,
        config: fs.existsSync(path.join(folder, 'config.json')) ? readJson(path.join(folder, 'config.json')) : null,
        codeHash: built ? hashFiles(files) : null,
        bundleBytes: built ? fs.statSync(path.join(folder, 'index.js')).size : 0
      };
    });
}

/** The files an upload of the mini-program sends (everything under its root but dot files and tsconfig). */
export function miniprogramFiles(mpRoot: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (!e.name.startsWith('tsconfig')) out.push(full);
    }
  };
  walk(mpRoot);
  return out.sort();
}

function readMiniProgram(root: string): MiniProgramFacts {
  const project = readJson(path.join(root, 'project.config.json')) as { appid?: string; miniprogramRoot?: string };
  const mpRootRel = (project.miniprogramRoot ?? 'miniprogram/').replace(/\/?$/, '/');
  const mpRoot = path.join(root, mpRootRel);
  const app = readJson(path.join(mpRoot, 'app.json')) as { requiredPrivateInfos?: string[] };
  const pkg = readJson(path.join(root, 'package.json')) as { version?: string };
  const configTs = fs.readFileSync(path.join(mpRoot, 'config.ts'), 'utf8');
  const env = /export const cloudEnv\b[^=]*=\s*(?:'([^']*)'|"([^"]*)"|undefined)/.exec(configTs);
  const files = miniprogramFiles(mpRoot).map((f) => ({
    name: path.relative(mpRoot, f).split(path.sep).join('/'),
    content: fs.readFileSync(f)
  }));
  return {
    projectAppId: project.appid ?? '',
    miniprogramRoot: mpRootRel,
    version: pkg.version ?? '0.0.0',
    cloudEnv: env ? (env[1] ?? env[2] ?? null) : null,
    requiredPrivateInfos: [...(app.requiredPrivateInfos ?? [])].sort(),
    sourceHash: hashFiles(files)
  };
}

export function readRepo(root = repoRoot): RepoFacts {
  const indexes = (readJson(path.join(root, 'database/indexes.json')) as { indexes: IndexFacts[] }).indexes;
  return {
    functions: readFunctions(root),
    collections: Object.values(COLLECTIONS).sort(),
    indexes,
    miniprogram: readMiniProgram(root),
    httpRoutes: readHttpRoutes(root),
    assets: readAssets(root)
  };
}

function readAssets(root: string): AssetFacts[] {
  return STORAGE_ASSETS.map((a) => {
    const file = path.join(root, a.file);
    if (!fs.existsSync(file)) return { ...a, hash: null, bytes: 0 };
    const content = fs.readFileSync(file);
    return { ...a, hash: hashFiles([{ name: a.cloudPath, content }]), bytes: content.length };
  });
}

function readHttpRoutes(root: string): HttpRouteFacts[] {
  const file = path.join(root, 'cloudfunctions/http-routes.json');
  if (!fs.existsSync(file)) return [];
  return (readJson(file) as { routes?: HttpRouteFacts[] }).routes ?? [];
}
