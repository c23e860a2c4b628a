/**
 * `npm run check:size`: the size of each code package as WeChat counts it, and a budget.
 *
 * A package is the set of files DevTools uploads for it: a subpackage is everything under its root
 * (its own miniprogram_npm included); the main package is everything else under miniprogram/ (app.*,
 * pages, shared code, the top-level miniprogram_npm). DevTools compiles TypeScript and uploads the
 * JS, so each .ts counts as its `transpileModule` output (no minification: an upper bound, since
 * project.config.json minifies on upload); wxml, wxss, wxs, json and images count as they are. Not
 * uploaded, so not counted: .d.ts, tsconfig*.json, node_modules, dot files, a .js beside its .ts.
 *
 * Budget (KiB = 1024 bytes): main ≤ 350 KiB (ours; WeChat allows 2048 KiB), every package ≤ 1.5 MiB.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');
export const MAIN_LIMIT = 350 * 1024;
export const PACKAGE_LIMIT = 1.5 * 1024 * 1024;

export interface PackageSize {
  /** '' for the main package, else the subpackage root as in app.json. */
  root: string;
  bytes: number;
  files: number;
  /** Bytes by part: `miniprogram_npm/<package>` for npm code, else the first folder (or file) below the package root. */
  parts: Record<string, number>;
}

interface SubPackage {
  root: string;
}

/** The subpackage roots of app.json, without trailing slashes. */
function subpackageRoots(mpRoot: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(mpRoot, 'app.json'), 'utf8')) as {
    subPackages?: SubPackage[];
    subpackages?: SubPackage[];
  };
  return [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/^\/+|\/+$/g, ''));
}

/** Files DevTools uploads, relative to mpRoot with forward slashes. */
function uploadedFiles(mpRoot: string, dir = mpRoot): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...uploadedFiles(mpRoot, full));
      continue;
    }
    const name = entry.name;
    if (name.endsWith('.d.ts') || /^tsconfig.*\.json$/.test(name)) continue;
    if (name.endsWith('.js') && fs.existsSync(full.replace(/\.js$/, '.ts'))) continue;
    out.push(path.relative(mpRoot, full).split(path.sep).join('/'));
  }
  return out;
}

let compilerOptions: ts.CompilerOptions | null = null;
/** The mini-program's tsconfig options, as DevTools' TypeScript plugin would use them. */
function miniprogramCompilerOptions(): ts.CompilerOptions {
  if (!compilerOptions) {
    const configFile = path.join(root, 'miniprogram', 'tsconfig.json');
    const read: { config?: unknown; error?: ts.Diagnostic } = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    compilerOptions = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile)).options;
  }
  return { ...compilerOptions, noEmit: false, sourceMap: false, inlineSourceMap: false, declaration: false };
}

/** Bytes DevTools uploads for this file. */
function uploadedBytes(file: string): number {
  if (!file.endsWith('.ts')) return fs.statSync(file).size;
  const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: miniprogramCompilerOptions(),
    fileName: file
  }).outputText;
  return Buffer.byteLength(js);
}

/** Sizes of the main package (root '') and each subpackage, in app.json's order. */
export function measurePackages(mpRoot = path.join(root, 'miniprogram')): PackageSize[] {
  const subRoots = subpackageRoots(mpRoot);
  const packages: PackageSize[] = ['', ...subRoots].map((r) => ({ root: r, bytes: 0, files: 0, parts: {} }));
  for (const rel of uploadedFiles(mpRoot)) {
    const sub = subRoots.find((r) => rel.startsWith(`${r}/`));
    const pkg = packages.find((p) => p.root === (sub ?? ''))!;
    const inner = sub ? rel.slice(sub.length + 1) : rel;
    const segs = inner.split('/');
    const npmDepth = segs[0] === 'miniprogram_npm' ? (segs[1]?.startsWith('@') ? 3 : 2) : 1;
    const part = segs.slice(0, Math.min(npmDepth, segs.length)).join('/');
    const bytes = uploadedBytes(path.join(mpRoot, rel));
    pkg.bytes += bytes;
    pkg.files++;
    pkg.parts[part] = (pkg.parts[part] ?? 0) + bytes;
  }
  return packages;
}

/** Why each package is over budget; empty when all fit. */
export function overBudget(packages: PackageSize[]): string[] {
  const problems: string[] = [];
  for (const p of packages) {
    const name = p.root || 'main package';
    if (p.root === '' && p.bytes > MAIN_LIMIT)
      problems.push(`${name}: ${kib(p.bytes)} is over its budget of ${kib(MAIN_LIMIT)}`);
    if (p.bytes > PACKAGE_LIMIT)
      problems.push(`${name}: ${kib(p.bytes)} is over the ${kib(PACKAGE_LIMIT)} per package`);
  }
  return problems;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** One line per package, then its largest parts. */
function sizeReport(packages: PackageSize[], partsShown = 4): string {
  const lines: string[] = [];
  for (const p of packages) {
    const limit = p.root === '' ? MAIN_LIMIT : PACKAGE_LIMIT;
    lines.push(`${(p.root || 'main').padEnd(14)} ${kib(p.bytes).padStart(11)} of ${kib(limit)}, ${p.files} files`);
    const parts = Object.entries(p.parts).sort((a, b) => b[1] - a[1]);
    for (const [part, bytes] of parts.slice(0, partsShown))
      lines.push(`  ${part.padEnd(40)} ${kib(bytes).padStart(11)}`);
  }
  const total = packages.reduce((sum, p) => sum + p.bytes, 0);
  lines.push(`${'all'.padEnd(14)} ${kib(total).padStart(11)}`);
  return lines.join('\n');
}

if (require.main === module) {
  const packages = measurePackages();
  console.log(sizeReport(packages));
  const problems = overBudget(packages);
  if (problems.length) {
    console.error(`check:size: ${problems.join('; ')}`);
    process.exit(1);
  }
}
