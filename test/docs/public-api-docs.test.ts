import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every public prop is documented: each property of an exported `*Props` interface under
 * constructs/ has a doc comment, and each optional one says its `@default` (a value or
 * `- <behaviour>`), as the API reference (TypeDoc, `npm run docs`) shows them.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface Problem {
  readonly where: string;
  readonly problem: string;
}

function propsProblems(file: string): Problem[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const problems: Problem[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith('Props')) return;
    if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const where = `${path.relative(ROOT, file)} ${node.name.text}.${member.name.getText(source)}`;
      const docs = ts.getJSDocCommentsAndTags(member);
      if (docs.length === 0) {
        problems.push({ where, problem: 'has no doc comment' });
        continue;
      }
      const hasDefault = ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'default');
      if (member.questionToken && !hasDefault) problems.push({ where, problem: 'is optional but has no @default' });
    }
  });
  return problems;
}

describe('public API documentation', () => {
  const files = sourceFiles(path.join(ROOT, 'constructs'));

  test('there are props interfaces to check', () => {
    const withProps = files.filter((f) => /export interface \w+Props\b/.test(fs.readFileSync(f, 'utf8')));
    expect(withProps.length).toBeGreaterThan(10);
  });

  test('every prop of every exported *Props interface has a doc comment, and every optional one a @default', () => {
    const problems = files.flatMap(propsProblems).map((p) => `${p.where} ${p.problem}`);
    expect(problems).toEqual([]);
  });
});
