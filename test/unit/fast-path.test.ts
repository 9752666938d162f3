/**
 * The launcher's CommonJS fast path (bin/flyte-ci-auth.js + dist/fast.cjs, dist/early.cjs) must answer exactly as
 * main() in src/cli.ts would, and hand everything else to it; the built files are checked too.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { quickAnswer, splitCommand } from '../../src/commands/catalog.js';
import { earlyWizardColor } from '../../src/core/run-mode.js';
import { memoryIO } from '../../src/services/io.js';
import { ROOT, runCli } from '../helpers/cli.js';

async function viaMain(args: string[]) {
  const m = memoryIO();
  const code = await main(args, m.io, { NO_COLOR: '1' }, '/tmp');
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('quickAnswer', () => {
  const answered = [['--version'], ['--help'], ['-h'], ['help'], ['--debug', '--version'], ['--json', '--help'], ['--no-color', '-h', '--version']];
  it.each(answered)('%j prints what main() prints', async (...args) => {
    const quick = quickAnswer(args);
    expect(quick).toBeDefined();
    const r = await viaMain(args);
    expect(r.code).toBe(0);
    expect(quick).toBe(r.stdout);
  });

  const passed = [[], ['check', '--version'], ['setup', '--help'], ['help', 'check'], ['help', '--version'], ['--demo'], ['--version', 'extra'], ['--verbose'], ['--no-color']];
  it.each(passed)('%j is left to main()', (...args) => {
    expect(quickAnswer(args)).toBeUndefined();
  });
});

describe('splitCommand and earlyWizardColor', () => {
  it('finds the command after leading global switches, as main() does', () => {
    expect(splitCommand(['--no-color', 'setup'])).toEqual({ name: 'setup', rest: ['--no-color'] });
    expect(splitCommand(['check', '--json'])).toEqual({ name: 'check', rest: ['--json'] });
    expect(splitCommand(['--demo', 'x'])).toEqual({ name: undefined, rest: ['--demo', 'x'] });
    expect(splitCommand([])).toEqual({ name: undefined, rest: [] });
  });

  it('draws the first question early only for the bare wizard at a terminal', () => {
    const tty = (argv: string[], env: Record<string, string> = {}, stdin = true, stdout = true) => {
      const { name, rest } = splitCommand(argv);
      return earlyWizardColor(name, rest, env, stdin, stdout);
    };
    expect(tty([])).toBe(true);
    expect(tty(['setup', '--debug'])).toBe(true);
    expect(tty(['--no-color', 'setup'])).toBe(false);
    expect(tty([], { NO_COLOR: '1' })).toBe(false);
    expect(tty(['--demo'])).toBeUndefined();
    expect(tty(['check'])).toBeUndefined();
    expect(tty([], { CI: 'true' })).toBeUndefined();
    expect(tty([], { CI: 'false' })).toBe(true);
    expect(tty([], { FLYTE_API_KEY: 'x' })).toBeUndefined();
    expect(tty([], { INK_SCREEN_READER: 'true' })).toBeUndefined();
    expect(tty([], {}, false, true)).toBeUndefined();
    expect(tty([], {}, true, false)).toBeUndefined();
  });
});

describe('the built launcher', () => {
  it('ships the CommonJS marker and the fast files', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'bin', 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    expect(existsSync(path.join(ROOT, 'dist', 'fast.cjs'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'dist', 'early.cjs'))).toBe(true);
  });

  it('answers --version and --help from the fast path and everything else from the bundle, with the same text', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`flyte-ci-auth ${pkg.version}\n`);
    const help = await runCli(['help']);
    expect(help.stdout).toBe((await viaMain(['--help'])).stdout);
    const cmdHelp = await runCli(['check', '--help']);
    expect(cmdHelp.code).toBe(0);
    expect(cmdHelp.stdout).toMatch(/^Usage: flyte-ci-auth check/);
    const bad = await runCli(['--version', 'nope']);
    expect(bad.code).toBe(2);
  });
});

describe('a launcher whose fast files are missing or broken still works through dist/cli.js', () => {
  it.each([
    ['fast.cjs without its functions', (d: string) => writeFileSync(path.join(d, 'dist', 'fast.cjs'), 'module.exports = {};')],
    ['fast.cjs that throws', (d: string) => writeFileSync(path.join(d, 'dist', 'fast.cjs'), 'throw new Error("broken");')],
    ['no fast.cjs', (d: string) => rmSync(path.join(d, 'dist', 'fast.cjs'))],
  ])('%s', (_name, breakIt) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fca-launcher-'));
    try {
      for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
      breakIt(dir);
      const run = (args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin', 'flyte-ci-auth.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      const v = run(['--version']);
      expect(v.stderr).toBe('');
      expect(v.status).toBe(0);
      expect(v.stdout).toMatch(/^flyte-ci-auth \d+\.\d+\.\d+/);
      const h = run(['check', '--help']);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(/^Usage: flyte-ci-auth check/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flag errors name the flag as it was typed', () => {
  it('--help=1 names --help, and an unknown short flag keeps its one dash', async () => {
    const withValue = await viaMain(['--help=1']);
    expect(withValue.code).toBe(2);
    expect(withValue.stderr).toMatch(/^error: flag --help does not take a value/);
    const short = await viaMain(['check', '-hv']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/^error: unknown flag -v for "check"/);
  });
});
