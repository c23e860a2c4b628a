// 适老化: every text colour of our WXSS keeps a contrast of at least 4.5:1 (WCAG AA, MIIT's rule for
// apps) against its background: the rule's own background when it sets one, otherwise both page
// backgrounds (white cards, the #f3f3f3 page). The status tags' colours are TDesign variables that
// app.wxss sets: each tag's text against its tint. Colours are read from the WXSS files themselves.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../miniprogram');
const PAGE_BACKGROUNDS = ['#ffffff', '#f3f3f3'];

function wxssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'miniprogram_npm' || e.name === 'node_modules') return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? wxssFiles(full) : e.name.endsWith('.wxss') ? [full] : [];
  });
}

/** #rgb, #rrggbb or rgba(r, g, b, a) over white, as [r, g, b] 0–255; null for anything else (var(), names). */
function rgb(value: string, over = [255, 255, 255]): number[] | null {
  const v = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }
  const m = /^rgba?\(([^)]+)\)$/.exec(v);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(',').map(Number);
  return [r, g, b].map((c, i) => Math.round(c * a + over[i] * (1 - a)));
}

function luminance(c: number[]): number {
  const [r, g, b] = c.map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(fg: number[], bg: number[]): number {
  const [a, b] = [luminance(fg), luminance(bg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

interface Rule {
  file: string;
  selector: string;
  decls: Map<string, string>;
}

function rules(file: string): Rule[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: Rule[] = [];
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const d of m[2].split(';')) {
      const i = d.indexOf(':');
      if (i > 0) decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
    }
    out.push({ file: path.relative(ROOT, file), selector: m[1].trim(), decls });
  }
  return out;
}

const all = wxssFiles(ROOT).flatMap(rules);

test('every text colour in our WXSS is at least 4.5:1 against its background', () => {
  const low: string[] = [];
  let checked = 0;
  for (const r of all) {
    const color = r.decls.get('color');
    const fg = color ? rgb(color) : null;
    if (!fg) continue;
    const own = r.decls.get('background-color') ?? r.decls.get('background');
    const backgrounds = own && rgb(own) ? [own] : PAGE_BACKGROUNDS;
    // White text belongs on a filled background its own rule sets (a chosen chip, a badge).
    if (!own && contrast(fg, [255, 255, 255]) < 1.5) continue;
    for (const bg of backgrounds) {
      checked++;
      const ratio = contrast(fg, rgb(bg)!);
      if (ratio < 4.5) low.push(`${r.file} ${r.selector}: ${color} on ${bg} is ${ratio.toFixed(2)}:1`);
    }
  }
  expect(checked).toBeGreaterThan(50);
  expect(low).toEqual([]);
});

test('the status tags: each theme’s text against its tint, as app.wxss sets them', () => {
  const page = all.find((r) => r.file === 'app.wxss' && r.selector === 'page')!;
  for (const theme of ['primary', 'success', 'warning', 'danger']) {
    const fg = page.decls.get(`--td-tag-${theme}-color`);
    const bg = page.decls.get(`--td-tag-${theme}-light-color`);
    expect([theme, fg && bg ? contrast(rgb(fg)!, rgb(bg)!) >= 4.5 : 'unset']).toEqual([theme, true]);
  }
});

test('the progress steps: each title and the description against the white card, as app.wxss sets them', () => {
  const page = all.find((r) => r.file === 'app.wxss' && r.selector === 'page')!;
  const tokens = [
    '--td-step-item-error-title-color',
    '--td-step-item-process-title-color',
    '--td-step-item-finish-title-color',
    // The description and the steps still ahead fall back to the placeholder colour.
    '--td-text-color-placeholder'
  ];
  for (const token of tokens) {
    const fg = page.decls.get(token);
    expect([token, fg ? contrast(rgb(fg)!, [255, 255, 255]) >= 4.5 : 'unset']).toEqual([token, true]);
  }
});
