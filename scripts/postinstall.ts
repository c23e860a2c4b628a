/**
 * Does what WeChat DevTools' "构建 npm" does, offline and without DevTools: copies the npm
 * components the mini-program uses (only those, and the files they reference) from each package's
 * `miniprogram` dir (`miniprogram_dist` by default) into a `miniprogram_npm/<package>/`, and bundles
 * each plain npm package that the mini-program's code or those components require (`@antv/f2`) into
 * `miniprogram_npm/<package>/index.js`, as DevTools does for a package without a `miniprogram` field.
 *
 * Each piece goes to the code package that uses it, so the main package carries only what its own
 * files use: to `miniprogram/miniprogram_npm/` when a file of the main package (app.json included)
 * uses it, else to `<subpackage root>/miniprogram_npm/` of each subpackage that does. The runtime
 * looks for npm code from the requiring file's folder upwards (the subpackage's miniprogram_npm,
 * then the main package's), so a subpackage reaches both, and the main package never depends on a
 * subpackage. An independent subpackage cannot reach the main package: it always gets its own copy.
 * Files are copied, not linked: DevTools uploads real files, and jest does not transform files
 * reached through a symlink.
 * Idempotent: only changed files are written, and files no longer needed are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { ICON_STYLESHEET, iconSubset, usedNames } from './iconSubset';

const root = path.resolve(__dirname, '..');
export const miniprogramRoot = path.join(root, 'miniprogram');
/** The main package's miniprogram_npm. */
export const npmOutDir = path.join(miniprogramRoot, 'miniprogram_npm');
const NPM_DIR = 'miniprogram_npm';
/** npm packages whose components the mini-program may name in usingComponents. */
const NPM_COMPONENT_PACKAGES = ['tdesign-miniprogram', '@antv/f2-wx'];
/** The main package, as a package root. */
const MAIN = '';

const COMPONENT_EXTS = ['.js', '.json', '.wxml', '.wxss'];

/** Every file ending in `ext` of the mini-program's own code (not miniprogram_npm, node_modules or dot folders). */
export function ownFiles(ext: string, dir = miniprogramRoot): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === NPM_DIR || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...ownFiles(ext, full));
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out.sort();
}

/** Every json file of the mini-program's own code (app.json, pages, components; not tsconfig, which may hold comments). */
export function ownJsonFiles(mp = miniprogramRoot): string[] {
  return ownFiles('.json', mp).filter((f) => !path.basename(f).startsWith('tsconfig'));
}

function readUsingComponents(jsonFile: string): Record<string, string> {
  const parsed = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  return parsed.usingComponents ?? {};
}

/** The package an npm component path such as `tdesign-miniprogram/button/button` belongs to, if any. */
export function npmPackageOf(componentPath: string): string | null {
  return NPM_COMPONENT_PACKAGES.find((pkg) => componentPath.startsWith(`${pkg}/`)) ?? null;
}

interface Subpackage {
  root: string;
  independent: boolean;
}

/** The subpackages of app.json; roots without leading or trailing slashes. */
function subpackagesOf(mp: string): Subpackage[] {
  const app = JSON.parse(fs.readFileSync(path.join(mp, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string; independent?: boolean }>;
    subpackages?: Array<{ root: string; independent?: boolean }>;
  };
  return [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => ({
    root: s.root.replace(/^\/+|\/+$/g, ''),
    independent: s.independent === true
  }));
}

/** The code package a file belongs to: its subpackage's root, or MAIN. */
function packageRootOf(file: string, mp: string, subpackages: Subpackage[]): string {
  const rel = path.relative(mp, file).split(path.sep).join('/');
  return subpackages.find((s) => rel.startsWith(`${s.root}/`))?.root ?? MAIN;
}

/**
 * The package roots whose miniprogram_npm get a piece used from `users`: the main package if it
 * uses it (subpackages reach it there), else every subpackage that does; an independent subpackage
 * always gets its own.
 */
export function placementFor(users: Iterable<string>, independent: ReadonlySet<string> = new Set()): string[] {
  const set = new Set(users);
  const inMain = set.has(MAIN);
  return [...set].filter((r) => r === MAIN || !inMain || independent.has(r)).sort();
}

/** Adds `user` to the set of package roots using `key` of `pkg`. */
function addUse(map: Map<string, Map<string, Set<string>>>, pkg: string, key: string, user: string): void {
  if (!map.has(pkg)) map.set(pkg, new Map());
  const byKey = map.get(pkg)!;
  if (!byKey.has(key)) byKey.set(key, new Set());
  byKey.get(key)!.add(user);
}

/** npm package → component path inside it (`button/button`) → the package roots whose files name it. */
function usedNpmComponents(mp: string, subpackages: Subpackage[]): Map<string, Map<string, Set<string>>> {
  const used = new Map<string, Map<string, Set<string>>>();
  for (const file of ownJsonFiles(mp)) {
    for (const value of Object.values(readUsingComponents(file))) {
      const pkg = npmPackageOf(value);
      if (pkg) addUse(used, pkg, value.slice(pkg.length + 1), packageRootOf(file, mp, subpackages));
    }
  }
  return used;
}

/**
 * Where the runtime finds the npm component `value` named in `fromFile`'s usingComponents: in the
 * nearest miniprogram_npm from the file's folder up to the mini-program root. The path without
 * extension, or null when no miniprogram_npm on the way has it.
 */
export function resolveNpmComponent(fromFile: string, value: string, mp = miniprogramRoot): string | null {
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const base = path.join(dir, NPM_DIR, value);
    for (const candidate of [base, path.join(base, 'index')]) if (isFile(`${candidate}.json`)) return candidate;
    if (dir === mp || !dir.startsWith(mp + path.sep)) return null;
  }
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

/** Bare module → the package roots whose own code requires it at run time (`import type` is erased, so not counted). */
function ownLibraryImports(mp: string, subpackages: Subpackage[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of ownFiles('.ts', mp).filter((f) => !f.endsWith('.d.ts'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s*)?["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)/gm
    )) {
      const spec = m[1] ?? m[2];
      if (!isBare(spec)) continue;
      if (!out.has(spec)) out.set(spec, new Set());
      out.get(spec)!.add(packageRootOf(file, mp, subpackages));
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

interface SyncReport {
  pkg: string;
  /** The code package it was put in: '' for the main package, else the subpackage root. */
  root: string;
  /** The components copied; empty for a bundled library. */
  components: string[];
  bundled: boolean;
  files: number;
  bytes: number;
  written: number;
}

/**
 * Brings every miniprogram_npm (the main package's and each subpackage's) up to date with the
 * usingComponents and the requires of the mini-program under `mp`.
 */
export function syncMiniprogramNpm(mp = miniprogramRoot): { packages: SyncReport[]; removed: number } {
  const subpackages = subpackagesOf(mp);
  const independent = new Set(subpackages.filter((s) => s.independent).map((s) => s.root));
  const npmDirOf = (packageRoot: string): string => path.join(mp, packageRoot, NPM_DIR);
  const used = usedNpmComponents(mp, subpackages);
  const libraryUsers = ownLibraryImports(mp, subpackages);
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
    const distDir = distDirOf(pkg);
    if (!distDir) throw new Error(`${pkg} is not installed: run npm install`);
    // Package root → the components placed there.
    const placed = new Map<string, string[]>();
    for (const [component, users] of used.get(pkg) ?? []) {
      for (const target of placementFor(users, independent))
        placed.set(target, [...(placed.get(target) ?? []), component]);
    }
    for (const [target, list] of [...placed].sort((a, b) => a[0].localeCompare(b[0]))) {
      const components = list.sort();
      const closure = closureOf(distDir, components);
      // What the copied components require comes with them (or from the main package, if it has it).
      for (const lib of closure.libraries) {
        if (!libraryUsers.has(lib)) libraryUsers.set(lib, new Set());
        libraryUsers.get(lib)!.add(target);
      }
      const report: SyncReport = { pkg, root: target, components, bundled: false, files: 0, bytes: 0, written: 0 };
      for (const rel of closure.files) {
        let src = fs.readFileSync(path.join(distDir, rel));
        if (pkg === 'tdesign-miniprogram' && rel.split(path.sep).join('/') === ICON_STYLESHEET)
          src = Buffer.from(
            iconSubset(
              src.toString('utf8'),
              usedNames([
                ...['.wxml', '.ts', '.json', '.wxs'].flatMap((ext) => ownFiles(ext, mp)),
                ...closure.files.map((f) => path.join(distDir, f))
              ])
            )
          );
        report.files++;
        report.bytes += src.length;
        if (put(path.join(npmDirOf(target), pkg, rel), src)) report.written++;
      }
      packages.push(report);
    }
  }
  // Library package → the roots using it, whatever the module path they named.
  const libraries = new Map<string, Set<string>>();
  for (const [spec, users] of libraryUsers) {
    const pkg = libraryPackage(spec);
    libraries.set(pkg, new Set([...(libraries.get(pkg) ?? []), ...users]));
  }
  for (const pkg of [...libraries.keys()].sort()) {
    const code = bundleLibrary(pkg);
    for (const target of placementFor(libraries.get(pkg)!, independent)) {
      const written = put(path.join(npmDirOf(target), pkg, 'index.js'), code) ? 1 : 0;
      packages.push({ pkg, root: target, components: [], bundled: true, files: 1, bytes: code.length, written });
    }
  }
  let removed = 0;
  for (const target of [MAIN, ...subpackages.map((s) => s.root)]) {
    const dir = npmDirOf(target);
    removed += removeExtraFiles(dir, keep);
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  return { packages, removed };
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
      const where = path.posix.join(r.root, NPM_DIR);
      console.log(`${where}/${r.pkg}: ${what}, ${(r.bytes / 1024).toFixed(1)} KiB; ${r.written} written`);
    }
    console.log(
      `${removed} stale files removed in ${Date.now() - started} ms; \`npm run check:size\` gives each package's size`
    );
  } catch (e) {
    console.error(`postinstall: ${(e as Error).message}`);
    process.exit(1);
  }
}
