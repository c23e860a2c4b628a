/**
 * Bundles each cloud function (TypeScript, shared code and wx-server-sdk inlined) into the
 * `cloudfunctions/<name>/index.js` that WeChat DevTools uploads, and the local cloud into `.build/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');
const functionsDir = path.join(root, 'cloudfunctions');

export function functionNames(): string[] {
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(functionsDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** Builds every function bundle and the local cloud; returns the function names. */
export async function buildAll(): Promise<string[]> {
  const started = Date.now();
  const names = functionNames();
  await Promise.all([
    ...names.map((name) =>
      build({
        entryPoints: [path.join(functionsDir, name, 'index.ts')],
        outfile: path.join(functionsDir, name, 'index.js'),
        bundle: true,
        platform: 'node',
        // WeChat cloud functions run Node 16 at the oldest.
        target: 'node16',
        format: 'cjs',
        minify: true,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning'
      })
    ),
    build({
      entryPoints: [path.join(root, 'emulator/main.ts')],
      outfile: path.join(root, '.build/emulator/main.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'warning'
    })
  ]);
  for (const name of names) {
    for (const file of ['package.json', 'config.json']) {
      if (!fs.existsSync(path.join(functionsDir, name, file)))
        throw new Error(`cloudfunctions/${name}/${file} is missing`);
    }
  }
  console.log(
    `built ${names.length} cloud functions (${names.join(', ')}) and the local cloud in ${Date.now() - started} ms`
  );
  return names;
}

if (require.main === module) {
  buildAll().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
