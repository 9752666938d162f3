/**
 * The layering, checked over the source with the TypeScript parser (no regular expressions over code):
 * (a) no function anywhere in src/ is longer than 120 lines (issue 12), counted from its first line to its last;
 * (b) no command imports another command (static or dynamic import);
 * (c) src/flow and src/core import nothing from ink, react or src/ui;
 * (d) src/core imports no node: module that does I/O.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const MAX_LINES = 120;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

interface LongFunction {
  file: string;
  name: string;
  lines: number;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

/** Every function, method or arrow function in a parsed source longer than MAX_LINES, with its length in lines. */
function longFunctionsIn(sf: ts.SourceFile, file: string): LongFunction[] {
  const out: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_LINES) out.push({ file, name: functionName(node), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const longFunctions = (file: string): LongFunction[] => longFunctionsIn(parse(file), rel(file));

/** Module specifiers of static imports, re-exports and dynamic import('…') calls. */
function importsOf(file: string): string[] {
  const sf = parse(file);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return rel(path.resolve(path.dirname(from), spec)).replace(/\.js$/, '');
}

describe('architecture', () => {
  it('(a) no function in src/ is over 120 lines', () => {
    const long = filesUnder(SRC).flatMap(longFunctions).map((f) => `${f.file} ${f.name}: ${f.lines}`);
    expect(long).toEqual([]);
  });

  it('(a) the length check finds a long function and passes a short one (it can fail)', () => {
    const body = Array.from({ length: MAX_LINES + 5 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const source = `function big() {\n${body}\n}\nconst small = () => {\n  return 1;\n};\nconst obj = { method() {\n${body}\n} };\n`;
    const sf = ts.createSourceFile('x.tsx', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found = longFunctionsIn(sf, 'x.tsx');
    expect(found.map((f) => f.name)).toEqual(['big', 'method']);
    expect(found.every((f) => f.lines === MAX_LINES + 7)).toBe(true);
  });

  it('(b) no command imports another command', () => {
    const commandsDir = path.join(SRC, 'commands');
    const files = filesUnder(commandsDir);
    // A command is a module that exports `command`; shared helpers there (types, flag tables) are not commands.
    const commands = new Set(files.filter((f) => /export const command\b/.test(readFileSync(f, 'utf8'))).map((f) => rel(f).replace(/\.tsx?$/, '')));
    const found: string[] = [];
    for (const file of files) {
      const me = rel(file).replace(/\.tsx?$/, '');
      for (const spec of importsOf(file)) {
        const target = resolveRelative(file, spec);
        if (target && target !== me && commands.has(target)) found.push(`${me} → ${target}`);
      }
    }
    const unexpected = [...new Set(found)];
    expect(unexpected).toEqual([]);
  });

  it('(c) src/flow and src/core import nothing from ink, react or src/ui', () => {
    const bad: string[] = [];
    for (const file of [...filesUnder(path.join(SRC, 'flow')), ...filesUnder(path.join(SRC, 'core'))]) {
      for (const spec of importsOf(file)) {
        const target = resolveRelative(file, spec);
        if (/^(ink|react)(\/|$)|^ink-/.test(spec) || target?.startsWith('src/ui/')) bad.push(`${rel(file)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('(d) src/core imports no node: I/O module', () => {
    const io = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|tls|dns|dns\/promises|readline|readline\/promises|os|worker_threads|cluster|process)$/;
    const bad: string[] = [];
    for (const file of filesUnder(path.join(SRC, 'core'))) {
      for (const spec of importsOf(file)) if (io.test(spec)) bad.push(`${rel(file)} → ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('the flow tests import nothing from src/commands', () => {
    const tests = readdirSync(path.join(ROOT, 'test', 'unit'))
      .filter((f) => /^flow-.*\.test\.ts$/.test(f))
      .map((f) => path.join(ROOT, 'test', 'unit', f));
    const bad = tests.flatMap((file) => importsOf(file).filter((spec) => spec.includes('/src/commands/')).map((spec) => `${rel(file)} → ${spec}`));
    expect(bad).toEqual([]);
  });
});
