/**
 * Environment faults answered in words, never "unexpected failure" or a stack trace: a deleted working
 * directory (every command, including key encode), an invalid TMPDIR with --demo, EMFILE at start-up, a
 * `.github` that is a file for instructions --write. Runs the built bundle (node scripts/build.mjs first).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fca-faults-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sh(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', script], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const NO_TRACE = /\n\s+at |unexpected failure/;

describe('environment faults', () => {
  it.each([
    ['key encode', 'key encode --endpoint union.acme.com --client-id ci --org acme'],
    ['key decode', 'key decode'],
    ['config write', 'config write --endpoint union.acme.com --project ml --domain development'],
    ['check', 'check'],
    ['instructions', 'instructions github'],
    ['push', 'push github'],
    ['rotate', 'rotate'],
    ['setup', 'setup --yes'],
  ])('a deleted working directory: %s says so in words (exit 2)', async (_name, args) => {
    const gone = path.join(dir, 'gone');
    const r = await sh(`mkdir "${gone}" && cd "${gone}" && rmdir "${gone}" && echo secret | exec "${process.execPath}" "${BIN}" ${args}`);
    expect(r.stderr).toMatch(/^error: the current folder no longer exists/);
    expect(r.stderr).toMatch(/cd into an existing folder/);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(r.code).toBe(2);
  });

  it('an invalid TMPDIR with --demo is named, with what to do', async () => {
    const r = await runCli(['check', '--demo'], { env: { TMPDIR: path.join(dir, 'no', 'such') }, cwd: dir, timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot create the folder .*no\/such.*: no such file or folder\./);
    expect(r.stderr).toMatch(/TMPDIR is ".*no\/such", which is not a usable folder/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('EMFILE at start-up (ulimit -n 20) is said in words', async () => {
    const r = await sh(`ulimit -n 20 && exec "${process.execPath}" "${BIN}" check --demo`);
    expect(r.stderr).toMatch(/too many open files/);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(r.code).toBe(1);
  });

  it('instructions --write where .github is a file: ENOTDIR in words, exit 1', async () => {
    await writeFile(path.join(dir, '.github'), 'a file\n');
    const r = await runCli(['instructions', 'github', '--project', 'ml', '--domain', 'development', '--path', 'flows', '--write'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot (read|write) .*\.github.*: a part of the path is a file, not a folder/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('help for an unknown command exits 2', async () => {
    const r = await runCli(['help', 'bogus']);
    expect(r.code).toBe(2);
  });
});
