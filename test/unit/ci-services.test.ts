/**
 * The restructured CI layer (issue 12) and the behaviour fixes it carries (issues 10 §1, 11, 15): one
 * vocabulary, engines outside src/commands, children started from the injected env, typed problems, the IdP CA
 * bundle in every pipeline, the kubernetes steps, plain-http Jenkins, the real "not logged in" reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readKey, usageErrorOf } from '../../src/commands/push.js';
import { renderInstructions } from '../../src/commands/instructions.js';
import { CI_SYSTEMS, CI_TARGETS, isPushTarget, PUSH_TARGETS, tryBuildInstructions } from '../../src/core/ci/index.js';
import { MissingAnswerError, UsageError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { createStyle } from '../../src/core/style.js';
import { instructionsFor } from '../../src/services/instructions.js';
import { memoryIO } from '../../src/services/io.js';
import { createProcessRunner, type ProcessRunner, type RunOptions, type RunResult } from '../../src/services/process.js';
import { loginNeedOf, pushAvailability, runPush, secretAge } from '../../src/services/push/index.js';

const ROOT = path.resolve(__dirname, '../..');
const KEY = Buffer.from('union.acme.com:ci-client:SVC-CANARY-s3cret:acme').toString('base64');

type Handler = (file: string, args: readonly string[], opts: RunOptions) => Partial<RunResult>;
function fakeProc(handler: Handler) {
  const calls: Array<{ file: string; args: string[] }> = [];
  const proc: ProcessRunner = {
    async run(file, args, opts = {}) {
      calls.push({ file, args: [...args] });
      return { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false, ...handler(file, args, opts) };
    },
  };
  return { proc, calls };
}
const GH_NOT_LOGGED_IN: Handler = (_f, args) =>
  args[0] === '--version' ? { stdout: 'gh version 2.23.0 (2023-02-09)' } : { exitCode: 4, stderr: 'To get started with GitHub CLI, please run:  gh auth login\nAlternatively, populate the GH_TOKEN environment variable with a GitHub API authentication token.' };

describe('layers', () => {
  it('push and instructions import no other command and no command imports them; no flow imports a command; core/ci and the push engine throw no CLI errors', () => {
    const files = (d: string) => readdirSync(path.join(ROOT, d)).filter((f) => /\.tsx?$/.test(f)).map((f) => [f, readFileSync(path.join(ROOT, d, f), 'utf8')] as const);
    for (const [f, text] of files('src/commands')) {
      expect(text, f).not.toMatch(/['"]\.\/(push|instructions)\.js['"]/);
      if (f === 'push.ts' || f === 'instructions.ts') expect(text, f).not.toMatch(/from '\.\/(?!(?:types|http-problems)\.js)[a-z-]+\.js'|import\('\.\/(?!(?:types|http-problems)\.js)[a-z-]+\.js'\)/);
    }
    for (const [f, text] of files('src/flow')) expect(text, f).not.toMatch(/from '[^']*commands\/|import\('[^']*commands\//);
    for (const [f, text] of [...files('src/core/ci'), ...files('src/services/push')]) {
      if (f === 'classify.ts') continue; // the providers lane's file
      expect(text, f).not.toMatch(/UsageError|MissingAnswerError|CliError|FailureError/);
      expect(text, f).not.toMatch(/process\.(env|stdin)/);
    }
  });

  it('one vocabulary of CI targets', () => {
    expect([...CI_SYSTEMS]).toEqual(['github', 'gitlab', 'jenkins', 'circleci', 'azure-devops', 'bitbucket', 'kubernetes']);
    expect([...PUSH_TARGETS]).toEqual(['github', 'gitlab', 'jenkins']);
    expect([...CI_TARGETS]).toEqual(['github', 'gitlab', 'jenkins', 'other']);
    expect(isPushTarget('circleci')).toBe(false);
    const decls = execFileSync('grep', ['-rnE', '^export (type|interface) (CiTarget|CiKind|CiSystem|ForgeKind|PipelineTarget|CiTargetGuess|PushTarget)\\b', path.join(ROOT, 'src')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => path.relative(ROOT, l.split(':')[0]!));
    expect(new Set(decls)).toEqual(new Set(['src/core/ci/targets.ts']));
  });

  it('children start from the injected environment, not process.env', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'proc-'));
    try {
      process.env.ONLY_IN_PROCESS_ENV = 'leak';
      const r = await createProcessRunner({ PATH: process.env.PATH, ONLY_IN_BASE: 'base' }).run('sh', ['-c', 'env'], { cwd: dir });
      expect(r.stdout).toContain('ONLY_IN_BASE=base');
      expect(r.stdout).not.toContain('ONLY_IN_PROCESS_ENV');
    } finally {
      delete process.env.ONLY_IN_PROCESS_ENV;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('push: asks what is missing in a terminal, nothing without one', () => {
  it('no FLYTE_API_KEY in a terminal → a masked question; the pasted line is trimmed', async () => {
    const m = memoryIO({ answers: [`  ${KEY}\r\n`] });
    const key = await readKey(false, { io: m.io, env: {}, canPrompt: true });
    expect(key.reveal()).toBe(KEY);
    expect(m.asked).toEqual([{ question: 'Paste FLYTE_API_KEY (not shown): ', mask: true }]);
    expect(m.stderr() + m.stdout()).not.toContain(KEY);
  });

  it('without a terminal: nothing asked, the missing answer named (exit 2)', async () => {
    const m = memoryIO({ answers: [KEY] });
    await expect(readKey(false, { io: m.io, env: {}, canPrompt: false })).rejects.toBeInstanceOf(MissingAnswerError);
    expect(m.asked).toEqual([]);
  });
});

describe('Jenkins over plain http (issue 15)', () => {
  const fetchSpy = () => {
    const urls: string[] = [];
    const f = (async (url: string) => {
      urls.push(url);
      return new Response('', { status: 200 });
    }) as unknown as typeof fetch;
    return { f, urls };
  };

  it('refused for a non-loopback host even with --yes: typed problem, usage error, nothing sent', async () => {
    const { f, urls } = fetchSpy();
    const r = await runPush({ target: 'jenkins', key: new Secret(KEY), url: 'http://jenkins.example.com', user: 'bot', jenkinsToken: new Secret('tok') }, { proc: fakeProc(() => ({})).proc, env: {}, cwd: '/', fetch: f });
    expect(r).toMatchObject({ ok: false, action: 'failed', problem: { code: 'insecure_url', field: 'url' } });
    expect(urls).toEqual([]);
    const err = usageErrorOf(r);
    expect(err).toBeInstanceOf(UsageError);
    expect(err!.hint).toMatch(/--allow-http/);
  });

  it('goes ahead with allowHttp (with the warning), and for loopback without it', async () => {
    const a = fetchSpy();
    const r = await runPush({ target: 'jenkins', key: new Secret(KEY), url: 'http://jenkins.example.com', user: 'bot', jenkinsToken: new Secret('tok'), allowHttp: true }, { proc: fakeProc(() => ({})).proc, env: {}, cwd: '/', fetch: a.f });
    expect(r).toMatchObject({ ok: true, action: 'created' });
    expect(r.warnings.join(' ')).toMatch(/plain http/);
    const b = fetchSpy();
    const l = await runPush({ target: 'jenkins', key: new Secret(KEY), url: 'http://127.0.0.1:8080', user: 'bot', jenkinsToken: new Secret('tok') }, { proc: fakeProc(() => ({})).proc, env: {}, cwd: '/', fetch: b.f });
    expect(l.ok).toBe(true);
  });
});

describe('the real reason a gh push cannot happen (issue 11)', () => {
  it('pushAvailability: not logged in → a login offer, and no doubled full stop', async () => {
    const { proc } = fakeProc(GH_NOT_LOGGED_IN);
    const a = await pushAvailability('github', 'acme/app', { proc, env: {} });
    expect(a).toMatchObject({ ok: false, login: { tool: 'gh', host: 'github.com' } });
    if (a.ok) return;
    expect(`gh cannot store the secret: ${a.reason}.`).not.toMatch(/\.\.$/);
    expect(a.reason).toMatch(/^gh is not logged in to github.com\. Run `gh auth login`/);
  });

  it('glab installed but not logged in to the host → login offer for that host', async () => {
    const { proc, calls } = fakeProc((_f, args) => (args[0] === '--version' ? { stdout: 'glab 1.46.1' } : { exitCode: 1, stderr: 'could not authenticate to one or more of the configured GitLab instances.' }));
    const a = await pushAvailability('gitlab', 'gitlab.acme.com/team/app', { proc, env: {} });
    expect(a).toMatchObject({ ok: false, login: { tool: 'glab', host: 'gitlab.acme.com' } });
    expect(calls[1]!.args).toEqual(['auth', 'status', '--hostname', 'gitlab.acme.com']);
  });

  it('secretAge (for rotate): "gh is not logged in to github.com", not "GitHub did not report it"', async () => {
    const { proc } = fakeProc(GH_NOT_LOGGED_IN);
    expect(await secretAge({ repo: 'acme/app' }, { proc, env: {} })).toEqual({ state: 'unknown', reason: 'gh is not logged in to github.com', login: { tool: 'gh', host: 'github.com' } });
    const set = fakeProc(() => ({ stdout: '{"updated_at":"2024-05-01T10:00:00Z"}' }));
    expect(await secretAge({ repo: 'acme/app' }, { proc: set.proc, env: {} })).toEqual({ state: 'set', updatedAt: new Date('2024-05-01T10:00:00Z') });
  });

  it('secretAge with the real gh 2.23 and an empty config: the same reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gh-cfg-'));
    try {
      const env = { PATH: process.env.PATH, HOME: dir, GH_CONFIG_DIR: dir, GH_NO_UPDATE_NOTIFIER: '1' };
      const r = await secretAge({ repo: 'acme/app' }, { proc: createProcessRunner(env), env });
      expect(r).toMatchObject({ state: 'unknown', reason: 'gh is not logged in to github.com', login: { tool: 'gh', host: 'github.com' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loginNeedOf a failed push report', async () => {
    const { proc } = fakeProc(GH_NOT_LOGGED_IN);
    const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app' }, { proc, env: {}, cwd: '/' });
    expect(loginNeedOf(r)).toEqual({ tool: 'gh', host: 'github.com', reason: 'gh is not logged in to github.com' });
  });
});

describe('instructions', () => {
  const OPTS = { project: 'ml', domain: 'development', path: 'workflows/train.py', config: 'config.yaml' };

  it('kubernetes: the kubectl command belongs to its step, unindented on its own line, not numbered', () => {
    const text = renderInstructions(instructionsFor('kubernetes', OPTS), createStyle(false));
    const lines = text.split('\n');
    const cmd = lines.find((l) => l.includes('kubectl create secret generic'))!;
    expect(cmd).toMatch(/^printf %s "\$FLYTE_API_KEY" \| kubectl/);
    expect(lines.filter((l) => /^ ?\d+\. /.test(l)).some((l) => l.includes('kubectl create secret'))).toBe(false);
    expect(lines.some((l) => /^ 1\. Create the Secret from stdin/.test(l))).toBe(true);
    expect(lines.some((l) => /^ 2\. Save the Job below/.test(l))).toBe(true);
  });

  it.each(CI_SYSTEMS.map((s) => [s]))('%s: --idp-ca-file makes the pipeline build a bundle (public roots + CA) and set SSL_CERT_FILE', (system) => {
    const r = tryBuildInstructions(system, { ...OPTS, idpCaFile: 'certs/idp-ca.pem' });
    if (!r.ok) throw new Error(r.problem.message);
    const text = r.instructions.snippet.text;
    expect(text).toContain("python -c 'import certifi; print(certifi.where())')\" certs/idp-ca.pem >");
    expect(text).toMatch(/SSL_CERT_FILE/);
    // the bundle is built before flyte deploy runs
    expect(text.indexOf('certifi')).toBeLessThan(text.lastIndexOf('flyte --config'));
    expect(r.instructions.steps.join('\n')).toMatch(/public roots AND this CA/);
    if (system !== 'jenkins') expect(() => parse(text)).not.toThrow();
    const plain = tryBuildInstructions(system, OPTS);
    if (!plain.ok) throw new Error('unexpected');
    expect(plain.instructions.snippet.text).not.toMatch(/SSL_CERT_FILE|certifi/);
  });

  it('GitHub: the CA step exports SSL_CERT_FILE for the deploy step; a CA path outside the repo is a typed problem', () => {
    const r = tryBuildInstructions('github', { ...OPTS, idpCaFile: 'idp-ca.pem' });
    if (!r.ok) throw new Error('unexpected');
    const wf = parse(r.instructions.snippet.text) as { jobs: { deploy: { steps: Array<{ name?: string; run?: string }> } } };
    const names = wf.jobs.deploy.steps.map((s) => s.name);
    expect(names.indexOf("Trust the identity provider's CA (SSL_CERT_FILE)")).toBe(names.indexOf('Deploy') - 1);
    expect(wf.jobs.deploy.steps.find((s) => s.name?.startsWith('Trust'))!.run).toContain('>> "$GITHUB_ENV"');
    const bad = tryBuildInstructions('github', { ...OPTS, idpCaFile: '../ca.pem' });
    expect(bad).toMatchObject({ ok: false, problem: { field: 'idpCaFile' } });
  });

  it('only the control plane on a private CA: caCertFilePath alone, no SSL_CERT_FILE', () => {
    const r = tryBuildInstructions('gitlab', { ...OPTS, controlPlaneCaFile: 'ca.pem' });
    if (!r.ok) throw new Error('unexpected');
    expect(r.instructions.snippet.text).not.toMatch(/SSL_CERT_FILE/);
    expect(r.instructions.steps.join('\n')).toMatch(/admin\.caCertFilePath, which flyte applies to the control plane only/);
  });
});

