/**
 * `npm run check:wxml`: checks the mini-program offline with WeChat's own compilers, the `wcc`
 * (WXML) and `wcsc` (WXSS) binaries shipped in miniprogram-compiler, plus what they do not check:
 * every page of app.json has its four files, every json parses, every usingComponents path and
 * every <import>/<include>/<wxs> src resolves. Own code only; every miniprogram_npm is npm's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { miniprogramRoot, npmOutDir, npmPackageOf, ownFiles, ownJsonFiles, resolveNpmComponent } from './postinstall';

const root = path.resolve(__dirname, '..');
const PAGE_EXTS = ['.ts', '.json', '.wxml', '.wxss'];
const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/');
const fromMp = (p: string): string => path.relative(miniprogramRoot, p).split(path.sep).join('/');

/** WeChat's compiler binary for this platform, made executable (npm does not keep the mode). */
function compilerBinary(name: 'wcc' | 'wcsc'): string {
  const dir = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'linux' ? 'linux' : 'windows';
  const bin = path.join(dir, 'bin', platform, platform === 'windows' ? `${name}.exe` : name);
  if (!fs.existsSync(bin)) throw new Error(`${rel(bin)} is missing: npm install miniprogram-simulate`);
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    fs.chmodSync(bin, 0o755);
  }
  return bin;
}

/** Runs a compiler on all files at once; on failure, once per file so every broken file is named. */
function compileAll(bin: string, files: string[], argsFor: (files: string[]) => string[]): string[] {
  const run = (list: string[]): string | null => {
    const res = spawnSync(bin, argsFor(list.map(fromMp)), {
      cwd: miniprogramRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8'
    });
    if (res.error) throw res.error;
    return res.status === 0 ? null : res.stderr.trim() || `${path.basename(bin)} exited with ${res.status}`;
  };
  if (files.length === 0 || run(files) === null) return [];
  return files.flatMap((f) => {
    const err = run([f]);
    return err ? [`${rel(f)}: ${path.basename(bin)}: ${err.replace(/\s*error file count: \d+\s*$/, '')}`] : [];
  });
}

/** The fields of app.json and of page/component json files this check reads. */
interface MiniprogramJson {
  pages?: string[];
  subPackages?: Array<{ root: string; pages?: string[] }>;
  subpackages?: Array<{ root: string; pages?: string[] }>;
  sitemapLocation?: string;
  usingComponents?: Record<string, string>;
}

function parseJson(file: string, problems: string[]): MiniprogramJson | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as MiniprogramJson;
  } catch (e) {
    problems.push(`${rel(file)}: invalid JSON: ${(e as Error).message}`);
    return null;
  }
}

/** Where a usingComponents value points, as the mini-program runtime resolves it (npm: the nearest miniprogram_npm up). */
function resolveComponent(fromJson: string, value: string): string {
  if (npmPackageOf(value)) return resolveNpmComponent(fromJson, value) ?? path.join(npmOutDir, value);
  if (value.startsWith('/')) return path.join(miniprogramRoot, value);
  return path.resolve(path.dirname(fromJson), value);
}

function checkComponentTarget(fromJson: string, tag: string, value: string, problems: string[]): void {
  const target = resolveComponent(fromJson, value);
  const missing = ['.json', '.wxml'].filter((ext) => !fs.existsSync(target + ext));
  if (!fs.existsSync(`${target}.js`) && !fs.existsSync(`${target}.ts`)) missing.push('.ts');
  if (missing.length === 0) return;
  const hint = npmPackageOf(value) ? ' (npm component: run `npm run postinstall` to copy it into miniprogram_npm)' : '';
  problems.push(
    `${rel(fromJson)}: usingComponents "${tag}": ${value} does not resolve, no ${rel(target)}{${missing.join(',')}}${hint}`
  );
}

function pagesOf(appJson: MiniprogramJson): string[] {
  const pages: string[] = [...(appJson.pages ?? [])];
  for (const sub of [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])]) {
    for (const p of sub.pages ?? []) pages.push(path.posix.join(sub.root, p));
  }
  return pages;
}

/** wcc accepts a missing <import>/<include>/<wxs> file silently; DevTools then renders nothing. */
function checkWxmlRefs(file: string, problems: string[]): void {
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/<(import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/g)) {
    const src = m[2];
    if (src.includes('{{')) continue;
    const target = src.startsWith('/') ? path.join(miniprogramRoot, src) : path.resolve(path.dirname(file), src);
    const candidates = path.extname(target) ? [target] : [`${target}.${m[1] === 'wxs' ? 'wxs' : 'wxml'}`];
    if (!candidates.some((c) => fs.existsSync(c)))
      problems.push(`${rel(file)}: <${m[1]} src="${src}"> does not resolve`);
  }
}

export function checkMiniprogram(): { problems: string[]; counts: Record<string, number> } {
  const problems: string[] = [];
  const appJsonFile = path.join(miniprogramRoot, 'app.json');
  const appJson = parseJson(appJsonFile, problems) ?? {};

  const pages = pagesOf(appJson);
  if (pages.length === 0) problems.push('miniprogram/app.json: no pages');
  for (const page of pages) {
    const base = path.join(miniprogramRoot, page);
    const missing = PAGE_EXTS.filter((ext) => !fs.existsSync(base + ext));
    if (missing.length)
      problems.push(
        `miniprogram/app.json: page ${page} is missing ${missing.map((ext) => rel(base + ext)).join(', ')}`
      );
  }
  if (appJson.sitemapLocation && !fs.existsSync(path.join(miniprogramRoot, appJson.sitemapLocation))) {
    problems.push(`miniprogram/app.json: sitemapLocation ${appJson.sitemapLocation} does not exist`);
  }

  const jsonFiles = ownJsonFiles();
  for (const file of jsonFiles) {
    const json = file === appJsonFile ? appJson : parseJson(file, problems);
    for (const [tag, value] of Object.entries(json?.usingComponents ?? {})) {
      checkComponentTarget(file, tag, value, problems);
    }
  }

  const wxml = ownFiles('.wxml');
  const wxs = ownFiles('.wxs');
  const wxss = ownFiles('.wxss');
  for (const file of wxml) checkWxmlRefs(file, problems);
  problems.push(
    ...compileAll(compilerBinary('wcc'), [...wxml, ...wxs], (files) => ['-d', '-cc', '0', ...files, '-gn', '$gwx'])
  );
  // wcsc wants the wxss of pages and components (those with a json) first, counted by -pc.
  const isComponentStyle = (f: string): boolean => fs.existsSync(f.replace(/\.wxss$/, '.json'));
  problems.push(
    ...compileAll(compilerBinary('wcsc'), wxss, (files) => {
      const comps = files.filter((f) => isComponentStyle(path.join(miniprogramRoot, f)));
      return ['-db', '-pc', String(comps.length), ...comps, ...files.filter((f) => !comps.includes(f))];
    })
  );
  return { problems, counts: { pages: pages.length, json: jsonFiles.length, wxml: wxml.length, wxss: wxss.length } };
}

if (require.main === module) {
  const started = Date.now();
  try {
    const { problems, counts } = checkMiniprogram();
    if (problems.length) {
      console.error(
        `check:wxml found ${problems.length} problem(s) in miniprogram/:\n${problems.map((p) => `  - ${p}`).join('\n')}`
      );
      process.exit(1);
    }
    console.log(
      `check:wxml ok: ${counts.pages} pages, ${counts.json} json, ${counts.wxml} wxml, ${counts.wxss} wxss in ${Date.now() - started} ms`
    );
  } catch (e) {
    console.error(`check:wxml could not run: ${(e as Error).message}`);
    process.exit(2);
  }
}
