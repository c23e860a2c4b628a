/**
 * Does what WeChat DevTools' "构建 npm" does, offline and without DevTools: copies the npm
 * components the mini-program uses (only those, and the files they reference) from each package's
 * `miniprogram` dir (`miniprogram_dist` by default) into `miniprogram/miniprogram_npm/<package>/`,
 * and bundles each plain npm package that the mini-program's code or those components require
 * (`@antv/f2`) into `miniprogram_npm/<package>/index.js`, as DevTools does for a package without a
 * `miniprogram` field. Files are copied, not linked: DevTools uploads real files, and jest does not
 * transform files reached through a symlink.
 * Idempotent: only changed files are written, and files no longer needed are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..');
export const miniprogramRoot = path.join(root, 'miniprogram');
export const npmOutDir = path.join(miniprogramRoot, 'miniprogram_npm');
/** npm packages whose components the mini-program may name in usingComponents. */
export const NPM_COMPONENT_PACKAGES = ['tdesign-miniprogram', '@antv/f2-wx'];

const COMPONENT_EXTS = ['.js', '.json', '.wxml', '.wxss'];

/** Every file ending in `ext` of the mini-program's own code (not miniprogram_npm, node_modules or dot folders). */
export function ownFiles(ext: string, dir = miniprogramRoot): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...ownFiles(ext, full));
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out.sort();
}

/** Every json file of the mini-program's own code (app.json, pages, components; not tsconfig, which may hold comments). */
export function ownJsonFiles(): string[] {
  return ownFiles('.json').filter((f) => !path.basename(f).startsWith('tsconfig'));
}

export function readUsingComponents(jsonFile: string): Record<string, string> {
  const parsed = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  return parsed.usingComponents ?? {};
}

/** The package an npm component path such as `tdesign-miniprogram/button/button` belongs to, if any. */
export function npmPackageOf(componentPath: string): string | null {
  return NPM_COMPONENT_PACKAGES.find((pkg) => componentPath.startsWith(`${pkg}/`)) ?? null;
}

/** `tdesign-miniprogram/button/button` → the package-relative paths, by package, of every npm component used. */
export function usedNpmComponents(): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const file of ownJsonFiles()) {
    for (const value of Object.values(readUsingComponents(file))) {
      const pkg = npmPackageOf(value);
      if (!pkg) continue;
      if (!used.has(pkg)) used.set(pkg, new Set());
      used.get(pkg)!.add(value.slice(pkg.length + 1));
    }
  }
  return used;
}

function distDirOf(pkg: string): string | null {
  const pkgDir = path.join(root, 'node_modules', pkg);
  const manifest = path.join(pkgDir, 'package.json');
  if (!fs.existsSync(manifest)) return null;
  const { miniprogram } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { miniprogram?: string };
  return path.join(pkgDir, miniprogram ?? 'miniprogram_dist');
}

const isFile = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

const isBare = (spec: string): boolean => !spec.startsWith('.') && !spec.startsWith('/');

/** Resolves a JS module specifier the way the mini-program runtime does (relative, or a nested miniprogram_npm). */
function resolveJs(fromFile: string, spec: string, distDir: string): string | null {
  const bases = spec.startsWith('.')
    ? [path.resolve(path.dirname(fromFile), spec)]
    : ancestorsWithin(path.dirname(fromFile), distDir).map((dir) => path.join(dir, 'miniprogram_npm', spec));
  for (const base of bases) {
    for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) if (isFile(candidate)) return candidate;
  }
  return null;
}

function ancestorsWithin(dir: string, top: string): string[] {
  const out: string[] = [];
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) out.push(d);
  return out;
}

/**
 * Files a file needs at run time: components, JS modules, templates, wxs and style imports. A bare
 * module the package does not ship (`@antv/f2` for f2-wx) goes to `libraries`: the top-level
 * miniprogram_npm must provide it.
 */
function referencesOf(file: string, distDir: string, libraries: Set<string>): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const out: string[] = [];
  const matchAll = (re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1]);
  switch (path.extname(file)) {
    case '.json':
      for (const value of Object.values(
        (JSON.parse(text) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
      )) {
        const base = path.resolve(dir, value);
        out.push(...COMPONENT_EXTS.map((ext) => base + ext).filter(isFile));
      }
      break;
    case '.js':
      for (const spec of matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\s*)["']([^"']+)["']/g)) {
        const resolved = resolveJs(file, spec, distDir);
        if (resolved) out.push(resolved);
        else if (isBare(spec)) libraries.add(spec);
      }
      break;
    case '.wxml':
      out.push(
        ...matchAll(/<(?:import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/g).map((src) => path.resolve(dir, src))
      );
      break;
    case '.wxss':
      out.push(...matchAll(/@import\s+["']([^"']+)["']/g).map((src) => path.resolve(dir, src)));
      break;
    case '.wxs':
      out.push(...matchAll(/require\(\s*["']([^"']+)["']\s*\)/g).map((src) => path.resolve(dir, src)));
      break;
  }
  return out.filter((p) => p.startsWith(distDir + path.sep) && isFile(p) && !p.endsWith('.d.ts'));
}

/** The package-relative files the given components need, following every reference, and the bare modules they require from outside. */
function closureOf(distDir: string, components: Iterable<string>): { files: string[]; libraries: Set<string> } {
  const seen = new Set<string>();
  const libraries = new Set<string>();
  const queue: string[] = [];
  for (const comp of components) {
    const found = COMPONENT_EXTS.map((ext) => path.join(distDir, comp) + ext).filter(isFile);
    if (!found.some((f) => f.endsWith('.json')))
      throw new Error(`no component ${comp} in ${path.relative(root, distDir)}`);
    queue.push(...found);
  }
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...referencesOf(file, distDir, libraries));
  }
  return { files: [...seen].map((f) => path.relative(distDir, f)).sort(), libraries };
}

/** Bare modules the mini-program's own code requires at run time (`import type` is erased, so not counted). */
function ownLibraryImports(): Set<string> {
  const out = new Set<string>();
  for (const file of ownFiles('.ts').filter((f) => !f.endsWith('.d.ts'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s*)?["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)/gm
    )) {
      const spec = m[1] ?? m[2];
      if (isBare(spec)) out.add(spec);
    }
  }
  return out;
}

/** `@antv/f2` → the package itself; DevTools' 构建 npm gives a package's main entry only, so a deep import cannot work. */
function libraryPackage(spec: string): string {
  const parts = spec.split('/');
  const pkg = parts.slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  if (pkg !== spec) throw new Error(`"${spec}" is a path inside ${pkg}: the mini-program can only require('${pkg}')`);
  if (!fs.existsSync(path.join(root, 'node_modules', pkg, 'package.json')))
    throw new Error(`${pkg} is required but not installed: run npm install`);
  return pkg;
}

/**
 * A plain npm package bundled with its dependencies into one CommonJS file, as DevTools' 构建 npm
 * writes `miniprogram_npm/<package>/index.js`. ES2017 keeps newer syntax (`?.`, `??`, class fields)
 * away from older phones' JS engines.
 */
function bundleLibrary(pkg: string): Buffer {
  const result = buildSync({
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, sourcefile: `${pkg}.js` },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    // ES modules first: F2's `es` build minifies to 245 KB where its CommonJS `lib` gives 390 KB.
    mainFields: ['module', 'main'],
    target: 'es2017',
    minify: true,
    write: false,
    logLevel: 'silent'
  });
  return Buffer.from(result.outputFiles[0].contents);
}

export interface SyncReport {
  pkg: string;
  /** The components copied; empty for a bundled library. */
  components: string[];
  bundled: boolean;
  files: number;
  bytes: number;
  written: number;
}

/** Brings miniprogram/miniprogram_npm up to date with the usingComponents and the requires of the mini-program. */
export function syncMiniprogramNpm(): { packages: SyncReport[]; removed: number } {
  const used = usedNpmComponents();
  const libraries = ownLibraryImports();
  const keep = new Set<string>();
  const packages: SyncReport[] = [];
  /** Writes dest unless it already holds content; true when written. */
  const put = (dest: string, content: Buffer): boolean => {
    keep.add(dest);
    if (isFile(dest) && fs.readFileSync(dest).equals(content)) return false;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, content);
    return true;
  };
  for (const pkg of NPM_COMPONENT_PACKAGES) {
    const components = [...(used.get(pkg) ?? [])].sort();
    const distDir = distDirOf(pkg);
    if (!distDir) throw new Error(`${pkg} is not installed: run npm install`);
    const closure = components.length ? closureOf(distDir, components) : { files: [], libraries: new Set<string>() };
    for (const lib of closure.libraries) libraries.add(lib);
    const report: SyncReport = { pkg, components, bundled: false, files: closure.files.length, bytes: 0, written: 0 };
    for (const rel of closure.files) {
      const src = fs.readFileSync(path.join(distDir, rel));
      report.bytes += src.length;
      if (put(path.join(npmOutDir, pkg, rel), src)) report.written++;
    }
    packages.push(report);
  }
  for (const pkg of [...new Set([...libraries].map(libraryPackage))].sort()) {
    const code = bundleLibrary(pkg);
    packages.push({
      pkg,
      components: [],
      bundled: true,
      files: 1,
      bytes: code.length,
      written: put(path.join(npmOutDir, pkg, 'index.js'), code) ? 1 : 0
    });
  }
  return { packages, removed: removeExtraFiles(npmOutDir, keep) };
}

/** Deletes files under dir that are not in keep, then the directories left empty; returns how many files. */
function removeExtraFiles(dir: string, keep: Set<string>): number {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += removeExtraFiles(full, keep);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    } else if (!keep.has(full)) {
      fs.rmSync(full, { force: true });
      removed++;
    }
  }
  return removed;
}

if (require.main === module) {
  try {
    const started = Date.now();
    const { packages, removed } = syncMiniprogramNpm();
    for (const r of packages) {
      const what = r.bundled
        ? 'bundled'
        : `${r.components.length} components (${r.components.map((c) => c.split('/')[0]).join(', ')}), ${r.files} files`;
      console.log(`miniprogram_npm/${r.pkg}: ${what}, ${(r.bytes / 1024).toFixed(1)} KiB; ${r.written} written`);
    }
    const total = packages.reduce((sum, r) => sum + r.bytes, 0);
    console.log(
      `miniprogram_npm: ${(total / 1024).toFixed(1)} KiB in all (the main package may hold 2 MB); ${removed} stale files removed in ${Date.now() - started} ms`
    );
  } catch (e) {
    console.error(`postinstall: ${(e as Error).message}`);
    process.exit(1);
  }
}
