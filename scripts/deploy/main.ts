/**
 * `npm run deploy`: one command from this repository to a WeChat cloud environment.
 *
 *   npm run deploy -- --dry-run [--json]   the plan, offline: nothing is contacted, no key is needed
 *   npm run deploy -- --check [--json]     reads the environment and prints the steps, changes nothing
 *   npm run deploy [-- --no-upload] [-- --no-bootstrap]
 *                                          builds, reads, changes only what differs, calls setup.bootstrap,
 *                                          uploads the mini-program when it changed
 *
 * plan (repo.ts → plan.ts, pure) → diff (diff.ts, pure) → apply (apply.ts, Tencent's tools).
 */
import { apply } from './apply';
import { loadConfig, missingFor, readState, writeState, type DeployConfig } from './config';
import { diff, type Diff } from './diff';
import { renderDiff, renderPlan } from './format';
import { plan, type Plan } from './plan';
import { readRepo, repoRoot } from './repo';
import path from 'node:path';

interface Flags {
  dryRun: boolean;
  check: boolean;
  json: boolean;
  upload: boolean;
  bootstrap: boolean;
}

const KNOWN = ['--dry-run', '--check', '--json', '--no-upload', '--no-bootstrap'];

function parseFlags(argv: readonly string[]): Flags {
  const unknown = argv.filter((a) => !KNOWN.includes(a));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')} (known: ${KNOWN.join(' ')})`);
  return {
    dryRun: argv.includes('--dry-run'),
    check: argv.includes('--check'),
    json: argv.includes('--json'),
    upload: !argv.includes('--no-upload'),
    bootstrap: !argv.includes('--no-bootstrap')
  };
}

const print = (lines: readonly string[]): void => console.log(lines.join('\n'));

/** The offline part: the plan, from the repository alone. */
export function dryRun(config: DeployConfig, json: boolean): { plan: Plan; output: string } {
  const p = plan(readRepo());
  const target = { appId: config.appId, envId: config.envId };
  const output = json
    ? JSON.stringify({ target, plan: p }, null, 2)
    : ['莎姐 deploy plan (dry run: nothing contacted)', ...renderPlan(p, target)].join('\n');
  return { plan: p, output };
}

async function online(config: DeployConfig, flags: Flags): Promise<number> {
  const missing = missingFor(config, { upload: flags.upload && !flags.check });
  if (missing.length) {
    console.error(`Not configured; set ${missing.join(', ')}. See README → Deploy to a real WeChat cloud environment.`);
    return 2;
  }
  const { appId = '', envId = '', secretId = '', secretKey = '' } = config;
  const { buildAll } = await import('../build');
  await buildAll();
  const p = plan(readRepo());
  const { createManager, readActual } = await import('./cloud');
  const { weChatApi } = await import('./wechat');
  const manager = createManager({ envId, secretId, secretKey, region: config.region });
  const wechat = config.appSecret ? weChatApi(appId, config.appSecret) : null;
  const state = readState(repoRoot);
  const last = state.uploads?.[appId];
  const actual = await readActual(manager, p, envId, wechat, last ? { appId, ...last } : null, state.assets?.[envId]);
  const d: Diff = diff(
    p,
    actual,
    { appId, envId },
    { bootstrap: flags.bootstrap && !flags.check, upload: flags.upload, wechat: wechat !== null }
  );
  if (flags.json) console.log(JSON.stringify({ target: { appId, envId }, diff: d }, null, 2));
  else print([`莎姐 deploy: AppID ${appId} · environment ${envId}`, ...renderDiff(d)]);
  if (d.blockers.length) return 1;
  if (flags.check || d.steps.length === 0) return 0;

  const upload =
    flags.upload && config.uploadKeyPath
      ? await (
          await import('./miniprogram')
        ).miniprogramUploader({ appId, projectPath: repoRoot, privateKeyPath: config.uploadKeyPath, log: console.log })
      : null;
  const result = await apply(d.steps, {
    manager,
    envId,
    functionsRoot: path.join(repoRoot, 'cloudfunctions'),
    wechat,
    upload,
    assetUploaded: (cloudPath, hash) => {
      state.assets = { ...state.assets, [envId]: { ...state.assets?.[envId], [cloudPath]: hash } };
      writeState(repoRoot, state);
    },
    uploaded: (version, sourceHash) => {
      state.uploads = { ...state.uploads, [appId]: { version, sourceHash } };
      writeState(repoRoot, state);
    },
    log: console.log
  });
  const b = result.bootstrap;
  if (b?.ok && b.adminInvite)
    print([
      '',
      `First admin's invite code: ${b.adminInvite.code} (${b.adminInvite.unitName}, valid until ${b.adminInvite.expiresAt}, usable once)`,
      'The administrator enters it in the mini-program (邀请码绑定); see README, step 5 of the runbook.'
    ]);
  else if (b && !b.ok && b.code === 'ALREADY_BOOTSTRAPPED')
    print(['', 'setup.bootstrap: an admin is bound already; nothing to do.']);
  else if (b && !b.ok) throw new Error(`setup.bootstrap refused: ${b.code} ${b.message}`);
  print(['', `Done: ${result.done.length} steps.`]);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  const config = loadConfig(repoRoot);
  if (flags.dryRun) {
    const { plan: p, output } = dryRun(config, flags.json);
    console.log(output);
    return p.problems.length ? 1 : 0;
  }
  return online(config, flags);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`deploy failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
  );
}
