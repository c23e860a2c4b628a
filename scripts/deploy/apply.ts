/**
 * Carries out a diff's steps, in order, through manager-node (the environment), WeChat's HTTP API
 * (云调用 permissions) and miniprogram-ci (the upload). Stops at the first failure: every step is
 * idempotent, so running the deploy again picks up where this one stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Manager } from './cloud';
import { codeMark, type Step } from './diff';
import { FUNCTION_FILES, hashFiles } from './repo';
import { STORAGE_RULE, type AssetPlan, type FunctionPlan, type IndexPlan } from './plan';
import type { WeChatApi } from './wechat';

export interface Uploader {
  (opts: { version: string; desc: string }): Promise<void>;
}

export interface ApplyContext {
  manager: Manager;
  envId: string;
  /** The folder holding one folder per function (cloudfunctions/). */
  functionsRoot: string;
  wechat: WeChatApi | null;
  upload: Uploader | null;
  /** Where storage assets' files are (default: the parent of functionsRoot, the repository). */
  repoRoot?: string;
  /** Called after a storage asset is uploaded, to remember it (.deploy-state.json). */
  assetUploaded?: (cloudPath: string, hash: string) => void;
  /** Called after a successful mini-program upload, to remember it (.deploy-state.json). */
  uploaded?: (version: string, sourceHash: string) => void;
  log: (line: string) => void;
}

export interface BootstrapOutcome {
  ok: boolean;
  code?: string;
  message?: string;
  adminInvite?: { code: string; expiresAt: string; unitName: string };
}

export interface ApplyResult {
  done: Step[];
  bootstrap: BootstrapOutcome | null;
}

/** Everything in a function folder but what it ships (the TypeScript, the actions, source maps). */
function packIgnores(folder: string): string[] {
  const keep = new Set<string>(FUNCTION_FILES);
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => !keep.has(e.name))
    .flatMap((e) => (e.isDirectory() ? [e.name, `${e.name}/**`] : [e.name]))
    .sort();
}

function funcSpec(fn: FunctionPlan, ctx: ApplyContext, env?: Record<string, string>) {
  return {
    ...(env ? { envVariables: env } : {}),
    name: fn.name,
    runtime: fn.runtime,
    handler: fn.handler,
    timeout: fn.timeout,
    memorySize: fn.memory,
    // The bundle inlines every dependency (scripts/build.ts): nothing to install in the cloud.
    installDependency: false,
    description: codeMark(fn.codeHash ?? ''),
    ignore: packIgnores(path.join(ctx.functionsRoot, fn.name))
  };
}

const indexSpec = (i: IndexPlan) => ({
  IndexName: i.name,
  MgoKeySchema: {
    MgoIndexKeys: i.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
    MgoIsUnique: i.unique
  }
});

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'createCollection':
      return `create collection ${s.collection}`;
    case 'setCollectionAcl':
      return `collection ${s.collection}: permission ${s.from ?? 'unset'} → ${s.to}`;
    case 'createIndex':
      return `create index ${s.index.collection}.${s.index.name}`;
    case 'replaceIndex':
      return `replace index ${s.index.collection}.${s.index.name} (drop, create)`;
    case 'setStorageRule':
      return `storage: ${s.from ?? 'unset'} → CUSTOM rule (private)`;
    case 'uploadAsset':
      return `storage: upload ${s.asset.file} to ${s.asset.cloudPath} (${(s.asset.bytes / 1024 / 1024).toFixed(1)} MB), fileID → ${s.asset.fn}.${s.asset.envVar}`;
    case 'createFunction':
      return `create function ${s.fn.name} (${s.fn.runtime}, ${s.fn.timeout} s)`;
    case 'updateFunctionCode':
      return `update code of ${s.fn.name}`;
    case 'updateFunctionConfig':
      return `update config of ${s.fn.name}: ${s.changes.join(', ')}`;
    case 'deleteTrigger':
      return `delete trigger ${s.fn}.${s.trigger}`;
    case 'createTrigger':
      return `create trigger ${s.fn}.${s.trigger.name} (${s.trigger.config})`;
    case 'setOpenApi':
      return `云调用 permissions of ${s.fn}: ${s.openapi.join(', ') || 'none'}`;
    case 'bootstrap':
      return 'call setup.bootstrap (as the console, no OPENID)';
    case 'uploadMiniProgram':
      return `upload the mini-program, version ${s.version}`;
  }
}

function parseBootstrap(retMsg: string): BootstrapOutcome {
  const r = JSON.parse(retMsg) as {
    ok: boolean;
    code?: string;
    message?: string;
    data?: { adminInvite?: { code: string; expiresAt: string; unitName: string } };
  };
  return { ok: r.ok, code: r.code, message: r.message, adminInvite: r.data?.adminInvite };
}

async function run(s: Step, ctx: ApplyContext): Promise<BootstrapOutcome | null> {
  const { manager: m, envId } = ctx;
  switch (s.kind) {
    case 'createCollection':
      await m.database.createCollection(s.collection);
      return null;
    case 'setCollectionAcl':
      await m.commonService('tcb').call({
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: envId, CollectionName: s.collection, AclTag: s.to }
      });
      return null;
    case 'createIndex':
      await m.database.updateCollection(s.index.collection, { CreateIndexes: [indexSpec(s.index)] });
      return null;
    case 'replaceIndex':
      await m.database.updateCollection(s.index.collection, { DropIndexes: [{ IndexName: s.index.name }] });
      await m.database.updateCollection(s.index.collection, { CreateIndexes: [indexSpec(s.index)] });
      return null;
    case 'setStorageRule':
      await m.storage.setStorageAcl('CUSTOM', { ...STORAGE_RULE });
      return null;
    case 'uploadAsset':
      await uploadAsset(s.asset, ctx);
      return null;
    case 'createFunction':
      await m.functions.createFunction({
        func: funcSpec(s.fn, ctx, s.env),
        functionRootPath: ctx.functionsRoot,
        deployMode: 'zip'
      });
      return null;
    case 'updateFunctionCode':
      await m.functions.updateFunctionCode({
        func: funcSpec(s.fn, ctx),
        functionRootPath: ctx.functionsRoot,
        deployMode: 'zip'
      });
      return null;
    case 'updateFunctionConfig': {
      const { name, timeout, memorySize, description } = funcSpec(s.fn, ctx);
      await m.functions.updateFunctionConfig({
        name,
        timeout,
        memorySize,
        description,
        ...(s.env ? { envVariables: s.env } : {})
      });
      return null;
    }
    case 'deleteTrigger':
      await m.functions.deleteFunctionTrigger(s.fn, s.trigger);
      return null;
    case 'createTrigger':
      await m.functions.createFunctionTriggers(s.fn, [{ ...s.trigger }]);
      return null;
    case 'setOpenApi':
      if (!ctx.wechat) throw new Error('云调用 permissions need the AppSecret (SHAJIE_APP_SECRET)');
      await ctx.wechat.setOpenApi(envId, s.fn, s.openapi);
      return null;
    case 'bootstrap': {
      const res = await m.functions.invokeFunction('setup', { action: 'bootstrap' });
      if (res.InvokeResult !== undefined && res.InvokeResult !== 0) throw new Error(`setup failed: ${res.ErrMsg}`);
      return parseBootstrap(res.RetMsg);
    }
    case 'uploadMiniProgram':
      if (!ctx.upload) throw new Error('the mini-program upload needs the upload key (SHAJIE_UPLOAD_KEY)');
      await ctx.upload({ version: s.version, desc: `莎姐 ${s.version} (${s.sourceHash})` });
      ctx.uploaded?.(s.version, s.sourceHash);
      return null;
  }
}

/**
 * The upload node-sdk's uploadFile makes (getUploadMetadata, then a PUT of the bytes to COS with the
 * answer's signature), not manager-node's COS SDK: the file gets a fileID, which functions need.
 */
async function uploadAsset(a: AssetPlan, ctx: ApplyContext): Promise<void> {
  const bytes = fs.readFileSync(path.join(ctx.repoRoot ?? path.dirname(ctx.functionsRoot), a.file));
  if (hashFiles([{ name: a.cloudPath, content: bytes }]) !== a.hash)
    throw new Error(`${a.file} changed since the plan; run the deploy again`);
  const meta = await ctx.manager.storage.getUploadMetadata(a.cloudPath);
  const res = await fetch(meta.url, {
    method: 'PUT',
    headers: {
      Signature: meta.authorization,
      authorization: meta.authorization,
      'x-cos-security-token': meta.token,
      'x-cos-meta-fileid': meta.cosFileId,
      key: encodeURIComponent(a.cloudPath)
    },
    body: bytes
  });
  // COS answers an empty body on success and an <Error> document otherwise.
  const body = await res.text();
  if (!res.ok || body.includes('<Error>'))
    throw new Error(`upload of ${a.cloudPath} failed: HTTP ${res.status} ${body.slice(0, 200)}`);
  ctx.assetUploaded?.(a.cloudPath, a.hash);
}

export async function apply(steps: readonly Step[], ctx: ApplyContext): Promise<ApplyResult> {
  const done: Step[] = [];
  let bootstrap: BootstrapOutcome | null = null;
  for (const s of steps) {
    ctx.log(`→ ${describeStep(s)}`);
    const out = await run(s, ctx);
    if (s.kind === 'bootstrap') bootstrap = out;
    done.push(s);
  }
  return { done, bootstrap };
}
