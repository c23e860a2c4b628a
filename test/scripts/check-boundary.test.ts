// The mini-program's boundary (scripts/check-boundary.ts): only types cross it, and only from typings/ and domain/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boundaryProblems, checkBoundary } from '../../scripts/check-boundary';

const repo = path.resolve(__dirname, '../..');
const root = path.join(repo, 'miniprogram');
const page = path.join(root, 'pages/demo/index.ts');
const problemsOf = (source: string): string[] => boundaryProblems(page, source, root);

test('the mini-program as it stands takes only types from outside miniprogram/', () => {
  expect(checkBoundary()).toEqual([]);
});

test('type-only imports from typings/ and domain/ pass, as do its own files and npm packages', () => {
  expect(
    problemsOf(`
      import type { CaseDetail } from '../../../typings';
      import type { CaseStatus } from '../../../domain/enums';
      export type { Result } from '../../../typings/result';
      import { callFunction } from '../../services/cloud';
      import { Chart } from '@antv/f2';
      type T = import('../../../typings').Fail;
      const x = require('../../utils/format');
    `)
  ).toEqual([]);
});

test.each([
  ['a value import', `import { MESSAGES } from '../../../domain/errors';`],
  ['a default import', `import labels from '../../../domain/labels';`],
  ['inline type specifiers (the import itself may stay)', `import { type CaseDetail } from '../../../typings';`],
  ['a side-effect import', `import '../../../domain/enums';`],
  ['a value re-export', `export { LEVELS } from '../../../domain/enums';`],
  ['export * (values too)', `export * from '../../../typings';`],
  ['require()', `const m = require('../../../domain/mask');`],
  ['a dynamic import()', `void import('../../../domain/mask');`],
  ['import = require()', `import mask = require('../../../domain/mask');`],
  ['types from server/', `import type { AppError } from '../../../server/function';`]
])('refuses %s', (_what, source) => {
  const problems = problemsOf(`// first line\n${source}\n`);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^miniprogram\/pages\/demo\/index\.ts:2: /);
});

test('the command fails on a fixture with a value import, naming the file and line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundary-'));
  try {
    const mp = path.join(dir, 'miniprogram');
    fs.mkdirSync(path.join(mp, 'pages/bad'), { recursive: true });
    fs.mkdirSync(path.join(mp, 'pages/good'), { recursive: true });
    fs.writeFileSync(path.join(mp, 'pages/good/index.ts'), `import type { Fail } from '../../../typings';\n`);
    fs.writeFileSync(
      path.join(mp, 'pages/bad/index.ts'),
      `import type { Fail } from '../../../typings';\nimport { normalizeMobile } from '../../../domain/mask';\n`
    );
    const tsx = path.join(repo, 'node_modules/.bin/tsx');
    const run = spawnSync(tsx, [path.join(repo, 'scripts/check-boundary.ts'), mp], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('miniprogram/pages/bad/index.ts:2: value import of domain/mask');
    expect(run.stderr).not.toContain('pages/good');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
