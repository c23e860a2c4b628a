/** The plan and a diff as text for people: sorted, no clock, no secrets, so two runs print the same. */
import { describeStep } from './apply';
import type { Diff } from './diff';
import { COLLECTION_ACL, type Plan } from './plan';

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '—');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function renderPlan(p: Plan, target: { appId?: string; envId?: string }): string[] {
  const out: string[] = [];
  out.push(
    `target: AppID ${target.appId ?? '(not configured)'} · environment ${target.envId ?? '(not configured)'}`,
    ''
  );
  const width = Math.max(...p.functions.map((f) => f.name.length));
  const first = p.functions[0];
  out.push(
    `Functions (${p.functions.length}): ${first?.runtime ?? ''}, ${first?.memory ?? 0} MB, handler ${first?.handler ?? ''}, code = cloudfunctions/<name>/index.js, package.json, config.json`
  );
  for (const f of p.functions) {
    const code = f.codeHash ? `code ${mb(f.bundleBytes)} ${f.codeHash}` : 'code not built yet (the real run builds)';
    out.push(`  ${f.name.padEnd(width)}  timeout ${f.timeout} s · ${code}`);
    out.push(`  ${''.padEnd(width)}  云调用 ${list(f.openapi)}`);
    for (const t of f.triggers) out.push(`  ${''.padEnd(width)}  trigger ${t.name}: ${t.type} "${t.config}" (UTC+8)`);
    if (f.messagePush.length) out.push(`  ${''.padEnd(width)}  消息推送 ${list(f.messagePush)}`);
  }
  out.push(
    '',
    `Collections (${p.collections.length}): permission ${COLLECTION_ACL} (仅管理端可读写: no client reads or writes)`
  );
  for (const c of p.collections) out.push(`  ${c.name}`);
  out.push('', `Indexes (${p.indexes.length}): database/indexes.json`);
  for (const i of p.indexes)
    out.push(
      `  ${i.collection}.${i.name}: ${i.keys.map((k) => `${k.field} ${k.direction}`).join(', ')}${i.unique ? ' · unique' : ''}`
    );
  out.push(
    '',
    `Storage: ${p.storage.acl} rule (private: no client reads; a client writes only its own new files under uploads/)`,
    `  ${JSON.stringify(p.storage.rule)}`,
    `Storage assets (${p.assets.length}): uploaded when changed; each function reads its fileID from an environment variable`,
    ...p.assets.map(
      (a) =>
        `  ${a.file} → ${a.cloudPath} (${mb(a.bytes)} ${a.hash}) · ${a.fn}.${a.envVar} = cloud://<envId>.<bucket>/${a.cloudPath}`
    ),
    '',
    `HTTP access (${p.httpRoutes.length}): cloudfunctions/http-routes.json, at https://<envId>.<region>.app.tcloudbase.com<path>`,
    ...p.httpRoutes.map((r) => `  ${r.path} → ${r.function}`),
    '',
    `Setup: ${p.setup.function}.${p.setup.event.action} ${JSON.stringify(p.setup.event)} as ${p.setup.caller}: creates missing collections, loads the organisation and default rules, answers the first admin's invite code (refuses once an admin exists)`,
    '',
    `Mini-program: upload ${p.miniprogram.root} with miniprogram-ci as version ${p.miniprogram.version} (robot 1, source ${p.miniprogram.sourceHash})`,
    `  requiredPrivateInfos: ${list(p.miniprogram.requiredPrivateInfos)}`,
    `  cloudEnv in miniprogram/config.ts: ${p.miniprogram.cloudEnv === null ? 'undefined (must name the environment before an upload)' : p.miniprogram.cloudEnv}`,
    '',
    'Manual (no Tencent tool automates these for a self-developed mini-program):'
  );
  for (const m of p.manual) out.push(`  ${m}`);
  out.push('', p.problems.length ? `Problems (${p.problems.length}):` : 'Problems: none');
  for (const pr of p.problems) out.push(`  ${pr}`);
  return out;
}

export function renderDiff(d: Diff): string[] {
  const out: string[] = [];
  out.push(d.steps.length ? `Steps (${d.steps.length}):` : 'Steps: none, the environment matches');
  for (const s of d.steps) out.push(`  ${describeStep(s)}`);
  if (d.notes.length) out.push('Notes:');
  for (const n of d.notes) out.push(`  ${n}`);
  if (d.blockers.length) out.push('Blocked:');
  for (const b of d.blockers) out.push(`  ${b}`);
  return out;
}
