/** Deploy settings: environment variables over the git-ignored file; a real run names what it lacks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILE, loadConfig, missingFor } from '../../scripts/deploy/config';

test('environment variables win over deploy.config.local.json, and a relative key path is taken from the repository', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-config-'));
  fs.writeFileSync(
    path.join(dir, CONFIG_FILE),
    JSON.stringify({ appId: 'wxfile', envId: 'env-file', uploadKeyPath: 'private.wxfile.key', secretKey: ' ' })
  );
  const c = loadConfig(dir, { SHAJIE_ENV_ID: 'env-var', TENCENTCLOUD_SECRETID: 'AKIDvar' });
  expect(c).toEqual({
    appId: 'wxfile',
    envId: 'env-var',
    secretId: 'AKIDvar',
    uploadKeyPath: path.join(dir, 'private.wxfile.key')
  });
  expect(missingFor(c, { upload: true })).toEqual([`TENCENTCLOUD_SECRETKEY (or "secretKey" in ${CONFIG_FILE})`]);
  expect(missingFor({}, { upload: false })).toHaveLength(4);
});

test('the credentials file and the upload state are git-ignored', () => {
  const ignored = fs.readFileSync(path.resolve(__dirname, '../../.gitignore'), 'utf8').split('\n');
  expect(ignored).toEqual(expect.arrayContaining([CONFIG_FILE, '.deploy-state.json', 'private.*.key']));
});
