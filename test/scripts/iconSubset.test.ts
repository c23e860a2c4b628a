// The main package carries only the TDesign icon rules whose names the code can pass to t-icon.
import fs from 'node:fs';
import path from 'node:path';
import { ICON_STYLESHEET, iconSubset } from '../../scripts/iconSubset';
import { miniprogramRoot, syncMiniprogramNpm } from '../../scripts/postinstall';

describe('icon stylesheet subset', () => {
  test('keeps the base rules and the named icons, drops the rest', () => {
    const css =
      "@font-face{font-family:t;}\n.t-icon{font-family:t!important;}\n.t-icon-add:before{content:'\\E00D';}\n.t-icon-close:before{content:'\\E100';}\n.t-icon-zoom-in:before{content:'\\E200';}\n";
    const out = iconSubset(css, new Set(['close']));
    expect(out).toContain('@font-face');
    expect(out).toContain('.t-icon{');
    expect(out).toContain('.t-icon-close:before');
    expect(out).not.toContain('.t-icon-add:before');
    expect(out).not.toContain('zoom-in');
  });

  test('ours keeps the icons TDesign components name themselves (cell arrow, input clear, image error)', () => {
    syncMiniprogramNpm();
    const css = fs.readFileSync(
      path.join(miniprogramRoot, 'miniprogram_npm/tdesign-miniprogram', ICON_STYLESHEET),
      'utf8'
    );
    for (const name of ['chevron-right', 'close-circle-filled', 'close'])
      expect(css).toContain(`.t-icon-${name}:before`);
    expect(Buffer.byteLength(css)).toBeLessThan(20 * 1024);
  });
});
