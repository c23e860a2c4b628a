// The TDesign icon stylesheet cut to the icons our code names (postinstall writes it into miniprogram_npm).
import fs from 'node:fs';

/** TDesign's icon stylesheet: one rule per icon (~2000, 110 KiB); only the icons named anywhere are kept. */
export const ICON_STYLESHEET = 'icon/icon.wxss';

/**
 * Every quoted lowercase token (`"close"`, `'chevron-right'`) in the given files (the mini-program's own
 * code and the copied components): a superset of the icon names that can reach t-icon, since names are written as
 * literals (icon="add", arrow → 'chevron-right'). A name built at run time would be missed.
 */
export function usedNames(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!/\.(wxml|ts|js|json|wxs)$/.test(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/["'`]([a-z0-9]+(?:-[a-z0-9]+)*)["'`]/g)) names.add(m[1]);
  }
  return names;
}

/** The icon stylesheet without the `.t-icon-<name>:before` rules of names not in `keep`. */
export function iconSubset(css: string, keep: ReadonlySet<string>): string {
  return css.replace(/\.t-icon-([a-z0-9-]+):before\{[^}]*\}\n?/g, (rule, name: string) => (keep.has(name) ? rule : ''));
}
