import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { tempDir } from './localcloud';

/** Bundles the test-only functions in test/fixtures/functions the way real ones are built; returns their folder. */
export async function buildFixtureFunctions(): Promise<string> {
  const src = path.resolve(__dirname, '../fixtures/functions');
  const out = tempDir('localcloud-fixtures-');
  for (const name of fs.readdirSync(src)) {
    fs.mkdirSync(path.join(out, name));
    fs.copyFileSync(path.join(src, name, 'config.json'), path.join(out, name, 'config.json'));
    await build({
      entryPoints: [path.join(src, name, 'index.ts')],
      outfile: path.join(out, name, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      logLevel: 'warning'
    });
  }
  return out;
}
