/**
 * Comments in src/ state the facts they rely on instead of pointing at documents outside the repository
 * (research notes such as "ink-and-tooling.md P10", issue numbers). README.md and CHANGELOG.md are in the repo.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const OUTSIDE = /\b(?!README\.md\b|CHANGELOG\.md\b)[A-Za-z0-9_-]+\.md\b|\bissue #?\d+\b|\bP\d{1,2}\b|\(§\d/;

describe('src comments cite nothing outside the repository', () => {
  it('no comment names an outside document, issue number or research-note paragraph', () => {
    const offenders: string[] = [];
    for (const f of files(ROOT)) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const comment = /\/\/(.*)$|^\s*\*(.*)$|\/\*(.*)$/.exec(line);
          const text = comment ? (comment[1] ?? comment[2] ?? comment[3] ?? '') : '';
          if (OUTSIDE.test(text)) offenders.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
