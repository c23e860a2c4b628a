// scripts/postinstall.ts places each npm piece in the code package that uses it (what DevTools' 构建 npm
// gives with a package.json per package), on a small mini-program in a temporary folder, and on ours.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { miniprogramRoot, placementFor, resolveNpmComponent, syncMiniprogramNpm } from '../../scripts/postinstall';

describe('placementFor', () => {
  test('the main package when it uses the piece; else each subpackage that does', () => {
    expect(placementFor(['', 'packageStaff'])).toEqual(['']);
    expect(placementFor(['packageStaff'])).toEqual(['packageStaff']);
    expect(placementFor(['packagePoints', 'packageStaff'])).toEqual(['packagePoints', 'packageStaff']);
  });

  test('an independent subpackage cannot reach the main package: it gets its own copy', () => {
    expect(placementFor(['', 'alone', 'packageStaff'], new Set(['alone']))).toEqual(['', 'alone']);
  });
});

// ---- a small mini-program ----------------------------------------------------------------------
const write = (file: string, content: unknown): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
};
/** A page (or component) with its four files. */
function page(mp: string, route: string, usingComponents: Record<string, string>, ts = 'Page({});\n'): void {
  const base = path.join(mp, route);
  write(`${base}.json`, { usingComponents });
  write(`${base}.ts`, ts);
  write(`${base}.wxml`, '<view />');
  write(`${base}.wxss`, '');
}
const exists = (mp: string, rel: string): boolean => fs.existsSync(path.join(mp, rel));
const TD = 'miniprogram_npm/tdesign-miniprogram';

describe('syncMiniprogramNpm on a small mini-program', () => {
  // A fresh mini-program per test: the second test edits a page.
  let mp: string;
  beforeEach(() => {
    mp = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-mp-'));
    write(path.join(mp, 'app.json'), {
      pages: ['pages/home/index'],
      usingComponents: { 't-loading': 'tdesign-miniprogram/loading/loading' },
      subPackages: [
        { root: 'staff', pages: ['chart/index'] },
        { root: 'points/', pages: ['list/index'] },
        { root: 'alone', pages: ['index'], independent: true }
      ]
    });
    page(mp, 'pages/home/index', { 't-textarea': 'tdesign-miniprogram/textarea/textarea' });
    page(mp, 'staff/chart/index', { 't-tag': 'tdesign-miniprogram/tag/tag', chart: '../canvas/index' });
    page(mp, 'staff/canvas/index', { 'chart-canvas': '@antv/f2-wx/index' }, "import { Chart } from '@antv/f2';\n");
    page(mp, 'points/list/index', { 't-tag': 'tdesign-miniprogram/tag/tag' });
    page(mp, 'alone/index', { 't-textarea': 'tdesign-miniprogram/textarea/textarea' });
  });
  afterEach(() => fs.rmSync(mp, { recursive: true, force: true }));

  test('each component and library goes where it is used, and resolves from there', () => {
    const { packages } = syncMiniprogramNpm(mp);
    const placed = packages.map((r) => `${r.root || 'main'}: ${r.pkg}${r.bundled ? ' (bundled)' : ''}`).sort();
    expect(placed).toEqual([
      'alone: tdesign-miniprogram',
      'main: tdesign-miniprogram',
      'points: tdesign-miniprogram',
      'staff: @antv/f2 (bundled)',
      'staff: @antv/f2-wx',
      'staff: tdesign-miniprogram'
    ]);
    // The main package: what app.json and its pages name, and nothing of F2 or of t-tag and its icon font.
    expect(exists(mp, `${TD}/loading/loading.js`)).toBe(true);
    expect(exists(mp, `${TD}/textarea/textarea.js`)).toBe(true);
    expect(exists(mp, `${TD}/tag/tag.js`)).toBe(false);
    expect(exists(mp, `${TD}/icon/icon.wxss`)).toBe(false);
    expect(exists(mp, 'miniprogram_npm/@antv')).toBe(false);
    // t-tag, used by two subpackages and not the main package: a copy in each, its icon with it.
    for (const sub of ['staff', 'points']) {
      expect(exists(mp, `${sub}/${TD}/tag/tag.js`)).toBe(true);
      expect(exists(mp, `${sub}/${TD}/icon/icon.wxss`)).toBe(true);
    }
    // F2's component and the F2 bundle it and chart.ts require: in staff only.
    expect(exists(mp, 'staff/miniprogram_npm/@antv/f2-wx/index.js')).toBe(true);
    expect(fs.readFileSync(path.join(mp, 'staff/miniprogram_npm/@antv/f2/index.js'), 'utf8')).toContain(
      'module.exports'
    );
    expect(exists(mp, 'points/miniprogram_npm/@antv')).toBe(false);
    // The independent subpackage gets its own t-textarea though the main package has one.
    expect(exists(mp, `alone/${TD}/textarea/textarea.js`)).toBe(true);

    // The runtime's lookup: the nearest miniprogram_npm up from the file, never a sibling subpackage's.
    const from = (rel: string): string => path.join(mp, rel);
    expect(resolveNpmComponent(from('staff/canvas/index.json'), '@antv/f2-wx/index', mp)).toBe(
      from('staff/miniprogram_npm/@antv/f2-wx/index')
    );
    expect(resolveNpmComponent(from('staff/chart/index.json'), 'tdesign-miniprogram/loading/loading', mp)).toBe(
      from(`${TD}/loading/loading`)
    );
    expect(resolveNpmComponent(from('pages/home/index.json'), '@antv/f2-wx/index', mp)).toBeNull();
  });

  test('a second run writes nothing; a component no longer used is removed from its package', () => {
    syncMiniprogramNpm(mp);
    expect(syncMiniprogramNpm(mp).packages.every((r) => r.written === 0)).toBe(true);

    page(mp, 'points/list/index', {});
    const { removed } = syncMiniprogramNpm(mp);
    expect(removed).toBeGreaterThan(0);
    expect(exists(mp, 'points/miniprogram_npm')).toBe(false);
    expect(exists(mp, `staff/${TD}/tag/tag.js`)).toBe(true);
  });
});

describe('our mini-program', () => {
  test('F2 lives in the staff subpackage only, where the dashboard resolves it', () => {
    const chartJson = path.join(miniprogramRoot, 'packageStaff/components/trend-chart/index.json');
    expect(resolveNpmComponent(chartJson, '@antv/f2-wx/index')).toBe(
      path.join(miniprogramRoot, 'packageStaff/miniprogram_npm/@antv/f2-wx/index')
    );
    expect(fs.existsSync(path.join(miniprogramRoot, 'packageStaff/miniprogram_npm/@antv/f2/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(miniprogramRoot, 'miniprogram_npm/@antv'))).toBe(false);
  });
});
