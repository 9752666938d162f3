/**
 * `push gitlab` against a stand-in `glab` on PATH (glab is not packaged for Debian): the shim records argv, stdin and
 * the environment, and answers like glab does ("✓ Created variable …", "has already been taken", 401/403/404).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';
import { glabCalls, installGlabShim } from '../helpers/glab-shim.js';

const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');


describe('push gitlab with a stand-in glab', () => {
  let dir: string;
  let log: string;
  let work: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'push-glab-'));
    log = path.join(dir, 'log');
    work = path.join(dir, 'work');
    mkdirSync(work, { recursive: true });
    installGlabShim(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (mode: string, extra: Record<string, string> = {}) => ({ PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, SHIM_LOG: log, SHIM_MODE: mode, FLYTE_API_KEY: KEY, ...extra });
  const calls = () => glabCalls(log);
  const assertNoLeak = (...texts: string[]) => {
    for (const t of texts) assertNoCanary(t, KEY);
    for (const c of calls()) {
      assertNoCanary(c.argv.join('\n'), KEY);
      assertNoCanary(c.env, KEY);
    }
  };

  it('creates a masked raw variable; the value arrives on stdin only, with glab telemetry and prompts off', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/platform/app', '--yes'], { env: env('ok'), cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [version, set] = calls();
    expect(version!.argv).toEqual(['--version']);
    expect(set!.argv).toEqual(['variable', 'set', 'FLYTE_API_KEY', '--masked', '--raw', '--scope', '*', '-R', 'acme/platform/app']);
    expect(set!.stdin).toBe(KEY);
    for (const v of ['GLAB_SEND_TELEMETRY=false', 'GLAB_CHECK_UPDATE=false', 'NO_PROMPT=true']) expect(set!.env.split('\n')).toContain(v);
    expect(r.stdout).toContain('Project     gitlab.com/acme/platform/app (scope *)');
    expect(r.stdout).toContain('✓ Stored FLYTE_API_KEY in gitlab.com/acme/platform/app (scope *).');
    assertNoLeak(r.stdout, r.stderr);
  });

  it('"has already been taken" → update with every attribute re-sent (masked, raw, protected, scope)', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--scope', 'production', '--protected', '--yes', '--json'], { env: env('taken'), cwd: work });
    expect(r.code).toBe(0);
    const c = calls();
    expect(c.map((x) => x.argv.slice(0, 2).join(' '))).toEqual(['--version', 'variable set', 'variable update']);
    const attrs = ['FLYTE_API_KEY', '--masked', '--raw', '--protected', '--scope', 'production', '-R', 'acme/app'];
    expect(c[1]!.argv.slice(2)).toEqual(attrs);
    expect(c[2]!.argv.slice(2)).toEqual(attrs);
    expect(c[2]!.stdin).toBe(KEY);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, action: 'updated', scope: 'production', protected: true });
    expect(report.command).toBe('glab variable update FLYTE_API_KEY --masked --raw --protected --scope production -R acme/app < <FLYTE_API_KEY from stdin>');
    assertNoLeak(r.stdout, r.stderr);
  });

  it.each([
    ['401', /not logged in to gitlab\.com, or its token is invalid/, /glab auth login --hostname gitlab\.com/],
    ['403', /may not manage CI\/CD variables of acme\/app \(403 Forbidden\)/, /Maintainer/],
    ['404', /Project acme\/app was not found on gitlab\.com/, /GITLAB_HOST/],
    ['invalid', /refused to store the value as a masked variable/, /15\.8/],
  ])('glab failure %s → plain message and next step', async (mode, message, next) => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--yes'], { env: env(mode), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toMatch(next);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('GITLAB_HOST from the origin remote of a self-managed GitLab is passed to glab; a GITLAB_HOST already set wins', async () => {
    execFileSync('git', ['init', '-q'], { cwd: work });
    execFileSync('git', ['remote', 'add', 'origin', 'git@gitlab.acme.internal:platform/app.git'], { cwd: work });
    const r = await runCli(['push', 'gitlab', '--yes'], { env: env('ok'), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gitlab.acme.internal/platform/app (scope *)  (from the origin remote)');
    expect(calls()[1]!.env.split('\n')).toContain('GITLAB_HOST=gitlab.acme.internal');
    expect(calls()[1]!.argv.slice(-2)).toEqual(['-R', 'platform/app']);

    rmSync(log, { recursive: true });
    mkdirSync(log);
    const r2 = await runCli(['push', 'gitlab', '--repo', 'platform/app', '--yes'], { env: env('ok', { GITLAB_HOST: 'https://git.example.org' }), cwd: work });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('git.example.org/platform/app');
    expect(calls()[1]!.env.split('\n')).toContain('GITLAB_HOST=https://git.example.org');
  });

  it('--dry-run shows the exact glab command and runs only --version', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--dry-run'], { env: env('ok'), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  glab variable set FLYTE_API_KEY --masked --raw --scope '*' -R acme/app < <FLYTE_API_KEY from stdin>\n");
    expect(calls().map((c) => c.argv[0])).toEqual(['--version']);
  });

  it('a glab older than 1.35 (no --raw) is refused with the reason', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--yes'], { env: env('ok', { SHIM_VERSION: '1.30.0' }), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('glab 1.30.0 is too old: masked raw variables need glab 1.35 or newer.');
    expect(calls()).toHaveLength(1);
  });

  it('glab not installed → next step names the install page and the instructions command', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--yes'], { env: { ...env('ok'), PATH: path.join(dir, 'nothing') }, cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The GitLab CLI (glab) is not installed or not on PATH.');
    expect(r.stdout).toContain('flyte-ci-auth instructions gitlab');
  });

  it('flags of another target are a usage error', async () => {
    const r = await runCli(['push', 'gitlab', '--repo', 'acme/app', '--env', 'prod', '--yes'], { env: env('ok'), cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--env does not apply to push gitlab/);
  });
});
