/**
 * `push github` end to end with the REAL gh (Debian 2.23 in CI) against a fake GitHub Enterprise API on 127.0.0.1.
 * A `gh` shim earlier on PATH logs every argv and environment, then execs the real gh: no child may receive the key.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';
import { startFakeGithub, type FakeGithub } from '../servers/fake-github.js';

const realGh = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v gh'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
if (!realGh) console.warn('push-github: SKIPPED — the real GitHub CLI (gh) is not installed; `apt-get install gh` to run these tests.');

const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');

describe.skipIf(!realGh)('push github with the real gh', () => {
  let fake: FakeGithub;
  let dir: string;
  let shimDir: string;
  let argvLog: string;
  let envLog: string;
  let work: string;

  beforeAll(async () => {
    fake = await startFakeGithub({ repos: ['acme/app'], environments: { 'acme/app': ['production'] } });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'push-gh-'));
    shimDir = path.join(dir, 'bin');
    work = path.join(dir, 'work');
    execFileSync('mkdir', ['-p', shimDir, work, path.join(dir, 'ghconfig'), path.join(dir, 'home')]);
    argvLog = path.join(dir, 'argv.log');
    envLog = path.join(dir, 'env.log');
    const shim = path.join(shimDir, 'gh');
    writeFileSync(
      shim,
      `#!/bin/sh\n{ printf 'gh'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> '${argvLog}'\nenv >> '${envLog}'\nexec '${realGh}' "$@"\n`,
    );
    chmodSync(shim, 0o755);
    fake.secrets.clear();
    fake.requests.length = 0;
    fake.fault = 'none';
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string | undefined> = {}) => ({
    ...fake.ghEnv(path.join(dir, 'ghconfig')),
    HOME: path.join(dir, 'home'),
    PATH: `${shimDir}:${process.env.PATH}`,
    ...extra,
  });
  const argvLines = () => (existsSync(argvLog) ? readFileSync(argvLog, 'utf8').trim().split('\n') : []);
  const assertNoLeak = (stdout: string, stderr: string) => {
    assertNoCanary(stdout, KEY);
    assertNoCanary(stderr, KEY);
    if (existsSync(argvLog)) assertNoCanary(readFileSync(argvLog, 'utf8'), KEY);
    if (existsSync(envLog)) assertNoCanary(readFileSync(envLog, 'utf8'), KEY);
  };

  it('stores a repository secret that the fake decrypts to exactly the key (key from stdin)', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--api-key-stdin', '--yes'], { input: `${KEY}\n`, env: env(), cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stored = fake.secrets.get('acme/app||FLYTE_API_KEY');
    expect(stored?.plaintext).toBe(KEY);
    expect(r.stdout).toContain(`Repository  ${fake.host}/acme/app`);
    expect(r.stdout).toContain('FLYTE_API_KEY — not set yet');
    expect(r.stdout).toMatch(/Using +gh \d+\.\d+\.\d+/);
    expect(r.stdout).toMatch(/✓ Stored FLYTE_API_KEY in .*acme\/app \(the CI system now shows it updated \d{4}-\d\d-\d\dT/);
    // gh was called with an explicit --repo, and the key went only through stdin
    expect(argvLines()).toContain('gh\tsecret\tset\tFLYTE_API_KEY\t--repo\tacme/app');
    expect(fake.requests).toContain('PUT /api/v3/repos/acme/app/actions/secrets/FLYTE_API_KEY');
    assertNoLeak(r.stdout, r.stderr);
  });

  it('replaces an existing secret (key from FLYTE_API_KEY), shows its last update, --json has no key', async () => {
    await runCli(['push', 'github', '--repo', 'acme/app', '--yes'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    const first = fake.secrets.get('acme/app||FLYTE_API_KEY')!;
    const KEY2 = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}-2:acme`).toString('base64');
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--yes', '--json'], { env: env({ FLYTE_API_KEY: KEY2 }), cwd: work });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, action: 'updated', target: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY', previous: { state: 'set', updatedAt: first.updatedAt } });
    expect(report.command).toBe('gh secret set FLYTE_API_KEY --repo acme/app < <FLYTE_API_KEY from stdin>');
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')!.plaintext).toBe(KEY2);
    assertNoLeak(r.stdout, r.stderr);
    assertNoCanary(r.stdout, KEY2);
  });

  it('stores an environment secret', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--env', 'production', '--name', 'FLYTE_PROD', '--yes'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(0);
    expect(fake.secrets.get('acme/app|production|FLYTE_PROD')?.plaintext).toBe(KEY);
    expect(argvLines()).toContain('gh\tsecret\tset\tFLYTE_PROD\t--repo\tacme/app\t--env\tproduction');
    expect(r.stdout).toContain('(environment "production")');
    assertNoLeak(r.stdout, r.stderr);
  });

  it('a missing environment: says gh does not create it and how to create it', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--env', 'staging', '--yes'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ FLYTE_API_KEY was not stored: The environment "staging" does not exist in acme/app, and gh does not create environments.');
    expect(r.stdout).toContain('Next: Create it (repository Settings → Environments → New environment → "staging"');
    expect(fake.secrets.size).toBe(0);
    assertNoLeak(r.stdout, r.stderr);
  });

  it.each([
    ['401', 'bad_token', /rejected gh's token \(401 Bad credentials\)/, /gh auth login --hostname/],
    ['403', 'forbidden', /may not manage Actions secrets of acme\/app \(403 Forbidden\)/, /admin/],
    ['404', 'repo_not_found', /Repository acme\/app was not found .*or this account cannot see it/, /Check the spelling of --repo/],
  ])('HTTP %s → %s', async (fault, code, message, next) => {
    fake.fault = fault as '401' | '403' | '404';
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--yes', '--json'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.problem.code).toBe(code);
    expect(report.problem.message).toMatch(message);
    expect(report.problem.next).toMatch(next);
    expect(fake.secrets.size).toBe(0);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('a repository that does not exist → repo_not_found after the write is attempted', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/nope', '--yes'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Repository acme\/nope was not found/);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('not logged in on github.com (no token, empty gh config) → gh exit 4 → "gh auth login"; nothing leaves the machine', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--yes'], {
      env: env({ FLYTE_API_KEY: KEY, GH_HOST: undefined, GH_ENTERPRISE_TOKEN: undefined, SSL_CERT_FILE: undefined }),
      cwd: work,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ FLYTE_API_KEY was not stored: gh is not logged in to github.com.');
    expect(r.stdout).toContain('Next: Run `gh auth login`');
    expect(argvLines().some((l) => l.startsWith('gh\tsecret\tset'))).toBe(false);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('an enterprise host without a token: gh sends no credentials, the 401 is explained', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--yes'], { env: env({ FLYTE_API_KEY: KEY, GH_ENTERPRISE_TOKEN: undefined }), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Next: Run \`gh auth login --hostname ${fake.host}\` again (or set GH_ENTERPRISE_TOKEN)`);
    expect(fake.secrets.size).toBe(0);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('--dry-run prints the exact command with the placeholder and changes nothing', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--dry-run'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run — nothing was changed. This would run:\n  gh secret set FLYTE_API_KEY --repo acme/app < <FLYTE_API_KEY from stdin>\n');
    expect(fake.requests.filter((x) => x.startsWith('PUT'))).toEqual([]);
    expect(argvLines().every((l) => l === 'gh\t--version')).toBe(true);
    assertNoLeak(r.stdout, r.stderr);
  });

  it('derives the repository from origin and says so', async () => {
    execFileSync('git', ['init', '-q'], { cwd: work });
    execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/app.git'], { cwd: work });
    execFileSync('git', ['remote', 'add', 'upstream', 'git@github.com:upstream-org/app.git'], { cwd: work });
    const r = await runCli(['push', 'github', '--yes'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(from the origin remote)');
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(KEY);
    expect(argvLines()).toContain('gh\tsecret\tset\tFLYTE_API_KEY\t--repo\tacme/app');
    assertNoLeak(r.stdout, r.stderr);
  });

  it('refuses an invalid key before running gh, and non-interactive without --yes exits 2 naming --yes', async () => {
    const bad = await runCli(['push', 'github', '--repo', 'acme/app', '--yes'], { env: env({ FLYTE_API_KEY: Buffer.from('only:three:parts').toString('base64') }), cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: Not pushing: this FLYTE_API_KEY is not valid for flyte/);
    expect(argvLines()).toEqual([]);
    const noYes = await runCli(['push', 'github', '--repo', 'acme/app'], { env: env({ FLYTE_API_KEY: KEY }), cwd: work });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    expect(argvLines()).toEqual([]);
  });

  it('gh not on PATH → "not installed" with the next step', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--yes'], { env: env({ FLYTE_API_KEY: KEY, PATH: path.join(dir, 'empty') }), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The GitHub CLI (gh) is not installed or not on PATH.');
    expect(r.stdout).toContain('https://cli.github.com');
  });
});
