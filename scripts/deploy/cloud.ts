/**
 * The few calls of Tencent's @cloudbase/manager-node the deploy makes, and the reading of an
 * environment's actual state through them. Reading changes nothing; apply.ts does the writing.
 */
import CloudBase from '@cloudbase/manager-node';
import type { CommonService } from '@cloudbase/manager-node/types/common';
import type { DatabaseService } from '@cloudbase/manager-node/types/database';
import type { EnvService } from '@cloudbase/manager-node/types/env';
import type { FunctionService } from '@cloudbase/manager-node/types/function';
import type { StorageService } from '@cloudbase/manager-node/types/storage';
import type { Actual, ActualFunction, ActualIndex, LastUpload } from './diff';
import type { Plan } from './plan';
import type { WeChatApi } from './wechat';

/** The subset of a manager-node `CloudBase` the deploy uses (a real one in production and in tests). */
export interface Manager {
  database: Pick<DatabaseService, 'listCollections' | 'createCollection' | 'describeCollection' | 'updateCollection'>;
  functions: Pick<
    FunctionService,
    | 'listAllFunctions'
    | 'getFunctionDetail'
    | 'createFunction'
    | 'updateFunctionCode'
    | 'updateFunctionConfig'
    | 'createFunctionTriggers'
    | 'deleteFunctionTrigger'
    | 'invokeFunction'
  >;
  storage: Pick<StorageService, 'getStorageAcl' | 'setStorageAcl' | 'getUploadMetadata'>;
  env: Pick<EnvService, 'getEnvInfo'>;
  commonService(service?: string, version?: string): Pick<CommonService, 'call'>;
}

export interface ManagerConfig {
  envId: string;
  secretId: string;
  secretKey: string;
  region?: string;
}

export function createManager(c: ManagerConfig): Manager {
  return new CloudBase({ envId: c.envId, secretId: c.secretId, secretKey: c.secretKey, region: c.region });
}

/** GetFunction answers a timer's TriggerDesc as `{"cron":"…"}`; BatchCreateTrigger takes the bare cron. */
export function cronOf(desc: string): string {
  const s = desc.trim();
  if (!s.startsWith('{')) return s;
  try {
    const parsed = JSON.parse(s) as { cron?: unknown };
    return typeof parsed.cron === 'string' ? parsed.cron.trim() : s;
  } catch {
    return s;
  }
}

async function listCollections(m: Manager): Promise<string[]> {
  const names: string[] = [];
  for (let offset = 0; ;) {
    const res = await m.database.listCollections({ MgoOffset: offset, MgoLimit: 100 });
    names.push(...res.Collections.map((c) => c.CollectionName));
    offset += res.Collections.length;
    if (res.Collections.length === 0 || offset >= (res.Pager?.Total ?? 0)) return names;
  }
}

async function collectionAcl(m: Manager, envId: string, name: string): Promise<string | null> {
  const res = (await m
    .commonService('tcb')
    .call({ Action: 'DescribeDatabaseACL', Param: { EnvId: envId, CollectionName: name } })) as { AclTag?: string };
  return res.AclTag ?? null;
}

async function indexesOf(m: Manager, collection: string): Promise<ActualIndex[]> {
  const res = await m.database.describeCollection(collection);
  return (res.Indexes ?? []).map((i) => ({
    collection,
    name: i.Name,
    keys: (i.Keys ?? []).map((k) => ({ field: k.Name ?? '', direction: Number(k.Direction) })),
    unique: i.Unique === true
  }));
}

async function functionOf(m: Manager, name: string, envId: string, wechat: WeChatApi | null): Promise<ActualFunction> {
  const d = await m.functions.getFunctionDetail(name);
  return {
    name,
    runtime: d.Runtime,
    handler: d.Handler,
    memory: d.MemorySize,
    timeout: d.Timeout,
    description: d.Description ?? '',
    triggers: (d.Triggers ?? [])
      .filter((t) => t.Type === 'timer')
      .map((t) => ({ name: t.TriggerName, type: 'timer' as const, config: cronOf(t.TriggerDesc ?? '') }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    openapi: wechat ? await wechat.getOpenApi(envId, name) : null,
    env: Object.fromEntries((d.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]))
  };
}

/** Reads what the plan cares about: every collection with its permission and indexes, storage, every function. */
export async function readActual(
  m: Manager,
  p: Plan,
  envId: string,
  wechat: WeChatApi | null,
  lastUpload: LastUpload | null,
  assets: Record<string, string> = {}
): Promise<Actual> {
  const names = (await listCollections(m)).sort();
  const collections: Actual['collections'] = [];
  const indexes: ActualIndex[] = [];
  for (const name of names) {
    collections.push({ name, acl: await collectionAcl(m, envId, name) });
    indexes.push(...(await indexesOf(m, name)));
  }
  const storage = await m.storage.getStorageAcl({ withRule: true });
  const bucket = (await m.env.getEnvInfo()).EnvInfo.Storages?.[0]?.Bucket ?? null;
  const existing = (await m.functions.listAllFunctions({ envId })).map((f) => f.FunctionName).sort();
  const functions: ActualFunction[] = [];
  for (const name of existing) {
    if (p.functions.some((f) => f.name === name)) functions.push(await functionOf(m, name, envId, wechat));
    else
      functions.push({
        name,
        runtime: '',
        handler: '',
        memory: 0,
        timeout: 0,
        description: '',
        triggers: [],
        openapi: null
      });
  }
  return {
    collections,
    indexes,
    storage: { acl: storage.acl, rule: storage.rule ?? null, bucket },
    functions,
    lastUpload,
    assets
  };
}
