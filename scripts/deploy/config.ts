/**
 * Where the deploy finds the AppID, the environment and the keys: environment variables first, then
 * the git-ignored `deploy.config.local.json` at the repository root. Nothing here is ever printed
 * but the AppID and the environment id.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE = 'deploy.config.local.json';
export const STATE_FILE = '.deploy-state.json';

export interface DeployConfig {
  appId?: string;
  envId?: string;
  /** Tencent Cloud region of the environment (default ap-shanghai). */
  region?: string;
  /** Tencent Cloud API key (访问管理 → API 密钥) of the account that owns the environment. */
  secretId?: string;
  secretKey?: string;
  /** The code-upload key file from 公众平台 → 开发管理 → 开发设置 → 小程序代码上传. */
  uploadKeyPath?: string;
  /** The mini-program's AppSecret: lets the deploy read and set 云调用 permissions. Optional. */
  appSecret?: string;
}

/** Environment variable of each setting (TENCENTCLOUD_* are manager-node's own names). */
export const ENV_NAMES: Record<keyof DeployConfig, string> = {
  appId: 'SHAJIE_APPID',
  envId: 'SHAJIE_ENV_ID',
  region: 'SHAJIE_REGION',
  secretId: 'TENCENTCLOUD_SECRETID',
  secretKey: 'TENCENTCLOUD_SECRETKEY',
  uploadKeyPath: 'SHAJIE_UPLOAD_KEY',
  appSecret: 'SHAJIE_APP_SECRET'
};

export function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const file = path.join(root, CONFIG_FILE);
  const fromFile = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DeployConfig) : {};
  const out: DeployConfig = {};
  for (const key of Object.keys(ENV_NAMES) as Array<keyof DeployConfig>) {
    const v = env[ENV_NAMES[key]] || fromFile[key];
    if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim();
  }
  if (out.uploadKeyPath && !path.isAbsolute(out.uploadKeyPath)) out.uploadKeyPath = path.join(root, out.uploadKeyPath);
  return out;
}

/** What a real run lacks, as the names to set. */
export function missingFor(c: DeployConfig, opts: { upload: boolean }): string[] {
  const need: Array<keyof DeployConfig> = ['appId', 'envId', 'secretId', 'secretKey'];
  if (opts.upload) need.push('uploadKeyPath');
  return need.filter((k) => !c[k]).map((k) => `${ENV_NAMES[k]} (or "${k}" in ${CONFIG_FILE})`);
}

export interface DeployState {
  /** Per AppID: the last mini-program upload from this machine. */
  uploads?: Record<string, { version: string; sourceHash: string }>;
  /** Per environment: the storage assets uploaded from this machine, cloudPath → hash. */
  assets?: Record<string, Record<string, string>>;
}

export function readState(root: string): DeployState {
  const file = path.join(root, STATE_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DeployState) : {};
}

export function writeState(root: string, state: DeployState): void {
  fs.writeFileSync(path.join(root, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}
