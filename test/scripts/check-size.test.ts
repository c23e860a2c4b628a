// scripts/check-size.ts: package sizes as WeChat counts them (the files uploaded per package root, .ts as
// the JS DevTools compiles), and the budget `npm test` enforces: main ≤ 350 KiB, any package ≤ 1.5 MiB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { MAIN_LIMIT, PACKAGE_LIMIT, measurePackages, overBudget, type PackageSize } from '../../scripts/check-size';

const write = (file: string, content: string | Buffer): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

describe('measurePackages on a small mini-program', () => {
  let mp: string;
  const TS = 'const n: number = 1;\nexport function twice(x: number): number {\n  return x * 2 * n;\n}\n';
  const appJson = JSON.stringify({ pages: ['pages/a/index'], subPackages: [{ root: 'sub/', pages: ['p/index'] }] });
  beforeAll(() => {
    mp = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-size-'));
    write(path.join(mp, 'app.json'), appJson);
    write(path.join(mp, 'pages/a/index.ts'), TS);
    write(path.join(mp, 'pages/a/index.js'), 'stale tsc output, not uploaded: DevTools compiles the .ts');
    write(path.join(mp, 'pages/a/index.wxml'), 'x'.repeat(1000));
    write(path.join(mp, 'miniprogram_npm/lib/index.js'), 'y'.repeat(3000));
    write(path.join(mp, 'typings.d.ts'), 'declare const z: number;');
    write(path.join(mp, 'tsconfig.json'), '{}');
    write(path.join(mp, '.hidden/notes.txt'), 'not uploaded');
    write(path.join(mp, 'sub/p/index.wxss'), 'z'.repeat(500));
    write(path.join(mp, 'sub/miniprogram_npm/@scope/chart/index.js'), 'c'.repeat(7000));
    write(path.join(mp, 'sub/logo.png'), Buffer.alloc(2048));
  });
  afterAll(() => fs.rmSync(mp, { recursive: true, force: true }));

  test('main is everything outside subpackage roots; a subpackage its root, its own miniprogram_npm included', () => {
    const [main, sub] = measurePackages(mp);
    // As miniprogram/tsconfig.json compiles it: CommonJS, ES2021.
    const js = ts.transpileModule(TS, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 }
    }).outputText;
    expect(js).toContain('exports.twice = twice;');
    expect(main.root).toBe('');
    expect(main.files).toBe(4);
    expect(main.parts).toEqual({
      'app.json': appJson.length,
      pages: Buffer.byteLength(js) + 1000,
      'miniprogram_npm/lib': 3000
    });
    expect(main.bytes).toBe(appJson.length + Buffer.byteLength(js) + 1000 + 3000);
    expect(sub).toEqual({
      root: 'sub',
      bytes: 500 + 7000 + 2048,
      files: 3,
      parts: { p: 500, 'miniprogram_npm/@scope/chart': 7000, 'logo.png': 2048 }
    });
  });
});

describe('overBudget', () => {
  const pkg = (root: string, bytes: number): PackageSize => ({ root, bytes, files: 1, parts: {} });

  test('main may hold exactly 350 KiB, not a byte more', () => {
    expect(MAIN_LIMIT).toBe(350 * 1024);
    expect(overBudget([pkg('', MAIN_LIMIT)])).toEqual([]);
    expect(overBudget([pkg('', MAIN_LIMIT + 1)])).toEqual(['main package: 350.0 KiB is over its budget of 350.0 KiB']);
  });

  test('a subpackage may hold 1.5 MiB', () => {
    expect(PACKAGE_LIMIT).toBe(1536 * 1024);
    expect(overBudget([pkg('', 1), pkg('packageStaff', PACKAGE_LIMIT)])).toEqual([]);
    expect(overBudget([pkg('', 1), pkg('packageStaff', PACKAGE_LIMIT + 1)])).toEqual([
      'packageStaff: 1536.0 KiB is over the 1536.0 KiB per package'
    ]);
  });
});

describe('our mini-program', () => {
  test('fits: F2 is counted in the staff subpackage, not the main package', () => {
    const packages = measurePackages();
    expect(overBudget(packages)).toEqual([]);
    const [main] = packages;
    const staff = packages.find((p) => p.root === 'packageStaff')!;
    expect(Object.keys(main.parts).filter((p) => p.startsWith('miniprogram_npm/'))).toEqual([
      'miniprogram_npm/tdesign-miniprogram'
    ]);
    expect(staff.parts['miniprogram_npm/@antv/f2']).toBeGreaterThan(100 * 1024);
  });
});
