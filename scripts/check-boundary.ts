/**
 * `npm run check:boundary`: WeChat DevTools compiles miniprogram/ alone, so a value import from outside
 * it passes tsc and jest and breaks only there. Every own .ts file of the mini-program may take from
 * outside miniprogram/ only types (`import type`, `export type … from`), and only from typings/ or
 * domain/; values come from inside miniprogram/ or from npm packages by bare name (miniprogram_npm).
 * Read with the TypeScript parser, so `import type` and inline `type` specifiers are told apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { miniprogramRoot, ownFiles } from './postinstall';

/** Folders outside miniprogram/ (relative to its parent) that may lend types. */
const TYPE_SOURCES = ['typings', 'domain'];

/** What crosses the boundary in one file, as `file:line: reason` lines ('' none). */
export function boundaryProblems(file: string, source: string, root = miniprogramRoot): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const problems: string[] = [];
  const where = (node: ts.Node): string =>
    `${path.relative(path.dirname(root), file).split(path.sep).join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;

  const check = (node: ts.Node, spec: string, typeOnly: boolean): void => {
    if (!spec.startsWith('.') && !spec.startsWith('/')) return; // an npm package, built into miniprogram_npm
    const target = path.resolve(path.dirname(file), spec);
    const fromRoot = path.relative(root, target);
    if (!fromRoot.startsWith('..') && !path.isAbsolute(fromRoot)) return; // inside miniprogram/
    const outside = path.relative(path.dirname(root), target).split(path.sep).join('/');
    const lendsTypes = TYPE_SOURCES.some((dir) => outside === dir || outside.startsWith(`${dir}/`));
    if (typeOnly && lendsTypes) return;
    problems.push(
      typeOnly
        ? `${where(node)}: types from ${outside}: only typings/ and domain/ may lend types to the mini-program`
        : `${where(node)}: value import of ${outside} (outside miniprogram/): use \`import type\`, or keep a copy inside miniprogram/ (DevTools compiles miniprogram/ alone)`
    );
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // Only a clause-level `import type` is erased whatever the compiler's settings; `import '…'` runs the file.
      check(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      check(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) check(node, expr.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) check(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

/** Every problem of every own .ts file under `root`. */
export function checkBoundary(root = miniprogramRoot): string[] {
  return ownFiles('.ts', root).flatMap((f) => boundaryProblems(f, fs.readFileSync(f, 'utf8'), root));
}

if (require.main === module) {
  const root = process.argv[2] ? path.resolve(process.argv[2]) : miniprogramRoot;
  const problems = checkBoundary(root);
  if (problems.length) {
    console.error(`check:boundary: ${problems.length} problem(s)\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(`check:boundary: ${ownFiles('.ts', root).length} files take only types from outside miniprogram/`);
}
