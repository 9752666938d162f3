/** The rotate command over faked services: flags, exit codes, --json, and its workflow helpers. */
import { describe, expect, it } from 'vitest';
import { MissingAnswerError } from '../../src/core/errors.js';
import { rotate, type RotateServices } from '../../src/flow/rotate.js';
import {
  assertNoSecrets, b64, fakeServices, fp, HOST, NEW, nonInteractive, OLD, OLD_KEY, shape, type Log,
} from '../helpers/rotate-fakes.js';

describe('rotate command (services faked, in memory)', () => {
  it('--json: every step with status, fingerprints, never a secret; exit 0', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const m = memoryIO({ stdin: `${NEW}\n` });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY }, canPrompt: false, color: false, debug: false, json: true, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'client-secret-stdin': true, push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(0);
    expect(pushed).toHaveLength(1);
    const j = JSON.parse(m.stdout());
    expect(j.ok).toBe(true);
    expect(j.old).toEqual({ length: OLD.length, fingerprint: fp(OLD) });
    expect(j.new).toEqual({ length: NEW.length, fingerprint: fp(NEW) });
    expect(j.target).toMatchObject({ kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' });
    expect(j.steps.map((s: { status: string }) => s.status)).not.toContain('failed');
    assertNoSecrets(m.stdout() + m.stderr());
  });

  it('a failed check exits 1 and never pushes; the human report says why', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const { services, pushed } = fakeServices([], { validSecrets: [OLD] });
    const m = memoryIO({ stdin: NEW });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY }, canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'client-secret-stdin': true, push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(1);
    expect(pushed).toEqual([]);
    expect(m.stdout()).toMatch(/FAIL +Check with the new secret failed: The client secret is wrong\. Nothing was pushed/);
    expect(m.stdout()).toMatch(/Copy the secret value again/);
    assertNoSecrets(m.stdout() + m.stderr());
  });

  it('flag rules: one value on stdin, valid --push / --auth-method / --provider / --timeout', async () => {
    const { parseRotateFlags } = await import('../../src/commands/rotate.js');
    expect(() => parseRotateFlags({ 'api-key-stdin': true, 'client-secret-stdin': true })).toThrow(/only one value/);
    expect(() => parseRotateFlags({ 'client-secret-stdin': true, 'client-secret-env': 'X' })).toThrow(/not both/);
    expect(() => parseRotateFlags({ push: 'bitbucket' })).toThrow(/--push/);
    expect(() => parseRotateFlags({ 'auth-method': 'jwt' })).toThrow(/--auth-method/);
    expect(() => parseRotateFlags({ provider: 'google' })).toThrow(/--provider/);
    expect(() => parseRotateFlags({ timeout: '0' })).toThrow(/--timeout/);
    // --push jenkins without --url/--user is a missing answer (named with the others by the command), not a parse error.
    expect(parseRotateFlags({ push: 'jenkins' }).target).toMatchObject({ kind: 'jenkins', url: undefined, user: undefined });
    expect(() => parseRotateFlags({}, ['extra'])).toThrow(/no arguments/);
    const f = parseRotateFlags({ push: 'gitlab', repo: 'g/p', env: 'prod', scope: ['all'], endpoint: 'h:8443', timeout: '2.5' });
    expect(f.target).toMatchObject({ kind: 'gitlab', repo: 'g/p', env: 'prod', name: 'FLYTE_API_KEY' });
    expect(f.shape).toMatchObject({ endpoint: 'h:8443', scopes: ['all'], timeoutMs: 2500, authMethod: 'basic' });
  });
});

describe('rotate command helpers', () => {
  it('runWorkflow: gh workflow run, then the newest run status, all through the ProcessRunner with no secret in argv', async () => {
    const { runWorkflow } = await import('../../src/commands/rotate.js');
    const calls: Array<{ file: string; args: readonly string[]; input?: string }> = [];
    const proc = {
      run: async (file: string, args: readonly string[], opts: { input?: string } = {}) => {
        calls.push({ file, args, input: opts.input });
        const out = args[0] === 'run' ? JSON.stringify([{ status: 'in_progress', conclusion: '', url: 'https://github.example/acme/app/actions/runs/7' }]) : '';
        return { exitCode: 0, stdout: out, stderr: '', notFound: false, timedOut: false };
      },
    };
    const r = await runWorkflow(proc, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'flyte-deploy.yml', 0);
    expect(calls[0]).toMatchObject({ file: 'gh', args: ['workflow', 'run', 'flyte-deploy.yml', '--repo', 'acme/app'] });
    expect(calls[1]!.args).toEqual(['run', 'list', '--workflow', 'flyte-deploy.yml', '--repo', 'acme/app', '--limit', '1', '--json', 'status,conclusion,url']);
    expect(r).toMatchObject({ ok: true, url: 'https://github.example/acme/app/actions/runs/7' });
    expect(r.summary).toMatch(/in_progress/);
    for (const c of calls) assertNoSecrets(c.args.join(' ') + (c.input ?? ''));
  });

  it('runWorkflow: a failed dispatch says the key is stored and to deploy by hand; a failed run is not ok', async () => {
    const { runWorkflow } = await import('../../src/commands/rotate.js');
    const failing = { run: async () => ({ exitCode: 1, stdout: '', stderr: 'HTTP 422: Workflow does not have \u001b[31mworkflow_dispatch\u001b[0m trigger', notFound: false, timedOut: false }) };
    const r = await runWorkflow(failing, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'deploy.yml', 0);
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/workflow_dispatch trigger\. The key is stored/);
    expect(r.summary).not.toContain('\u001b');
    const done = {
      run: async (_f: string, args: readonly string[]) => ({ exitCode: 0, stdout: args[0] === 'run' ? '[{"status":"completed","conclusion":"failure"}]' : '', stderr: '', notFound: false, timedOut: false }),
    };
    expect((await runWorkflow(done, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'deploy.yml', 0)).ok).toBe(false);
  });

  it('findDeployWorkflow: a workflow that runs flyte deploy and can be dispatched', async () => {
    const { findDeployWorkflow } = await import('../../src/commands/rotate.js');
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'rotate-wf-'));
    try {
      expect(await findDeployWorkflow(dir)).toBeNull();
      await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
      await writeFile(path.join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
      await writeFile(path.join(dir, '.github', 'workflows', 'release.yml'), 'on: push\njobs:\n  d:\n    steps:\n      - run: flyte --config config.yaml deploy x\n');
      expect(await findDeployWorkflow(dir)).toBeNull();
      await writeFile(path.join(dir, '.github', 'workflows', 'flyte-deploy.yml'), 'on:\n  workflow_dispatch:\njobs:\n  d:\n    steps:\n      - run: flyte --config config.yaml deploy --copy-style none x\n');
      expect(await findDeployWorkflow(dir)).toBe('flyte-deploy.yml');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--api-key-stdin with --client-secret-env: the key from stdin, the secret from the environment', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const { services, pushed } = fakeServices([]);
    const m = memoryIO({ stdin: `${OLD_KEY}\n` });
    const ctx = { io: m.io, env: { NEW_SECRET: NEW }, canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'api-key-stdin': true, 'client-secret-env': 'NEW_SECRET', push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(0);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    expect(m.stdout()).toMatch(/Rotation complete\./);
    assertNoSecrets(m.stdout() + m.stderr());
  });
});

describe('rotate command: no push without confirmation', () => {
  const run = async (values: Record<string, string | boolean>, yes: boolean) => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const m = memoryIO({ stdin: NEW });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY, JENKINS_API_TOKEN: 'jenkins-token' }, canPrompt: false, color: false, debug: false, json: false, yes, accessible: false, style: createStyle(false), cwd: process.cwd() };
    let error: unknown;
    let code: number | undefined;
    try {
      code = await runRotate({ values: { 'client-secret-stdin': true, ...values }, positionals: [] }, ctx, { services });
    } catch (err) {
      error = err;
    }
    return { code, error, log, pushed, out: m.stdout() + m.stderr() };
  };

  it.each([
    [{ push: 'github', repo: 'acme/app' }],
    [{ push: 'github' }],
    [{ push: 'gitlab', repo: 'acme/ml', env: 'production' }],
    [{ push: 'jenkins', url: 'https://ci.example.com', user: 'bot' }],
  ])('non-interactive %j without --yes: MissingAnswerError(--yes), exit 2, before any check or push', async (values) => {
    const { MissingAnswerError } = await import('../../src/core/errors.js');
    const r = await run(values, false);
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect((r.error as InstanceType<typeof MissingAnswerError>).flags).toEqual(['--yes']);
    expect((r.error as InstanceType<typeof MissingAnswerError>).exitCode).toBe(2);
    expect(r.pushed).toEqual([]);
    expect(r.log.filter((l) => l.startsWith('check') || l.startsWith('push') || l.startsWith('verify'))).toEqual([]);
    assertNoSecrets(r.out);
  });

  it('--dry-run and --push none need no --yes; with --yes the push happens', async () => {
    expect((await run({ push: 'github', repo: 'acme/app', 'dry-run': true }, false)).error).toBeUndefined();
    expect((await run({ push: 'none' }, false)).error).toBeUndefined();
    const yes = await run({ push: 'github', repo: 'acme/app' }, true);
    expect(yes.code).toBe(0);
    expect(yes.pushed).toHaveLength(1);
  });
});

describe('non-interactive rotate: every missing answer at once, before any network call', () => {
  /** Services whose every network-facing call is recorded (check, push, secretAge, detectTarget, workflow). */
  function recordingServices() {
    const calls: string[] = [];
    const { services } = fakeServices(calls);
    const rec: RotateServices = {
      ...services,
      check: async (o) => {
        calls.push('check');
        return services.check(o);
      },
      push: async (k, t) => {
        calls.push('push');
        return services.push(k, t);
      },
      secretAge: async (t) => {
        calls.push('secretAge');
        return services.secretAge(t);
      },
      detectTarget: async () => {
        calls.push('detectTarget');
        return null;
      },
    };
    const network = () => calls.filter((c) => ['check', 'push', 'secretAge', 'detectTarget'].includes(c) || c.startsWith('check:') || c.startsWith('push:') || c.startsWith('verify'));
    return { services: rec, calls, network };
  }

  async function runCmd(values: Record<string, string | boolean>, env: Record<string, string>, yes = false) {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const r = recordingServices();
    const m = memoryIO({ stdin: '' });
    const ctx = { io: m.io, env, canPrompt: false, color: false, debug: false, json: false, yes, accessible: false, style: createStyle(false), cwd: process.cwd() };
    let error: unknown;
    try {
      await runRotate({ values, positionals: [] }, ctx, { services: r.services });
    } catch (err) {
      error = err;
    }
    return { error: error as MissingAnswerError, network: r.network(), out: m.stdout() + m.stderr() };
  }

  it('the reported case: FLYTE_API_KEY and --endpoint only → --push, the secret source and --yes in one message, nothing called', async () => {
    const r = await runCmd({ endpoint: '127.0.0.1:9443' }, { FLYTE_API_KEY: OLD_KEY });
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect(r.error.exitCode).toBe(2);
    expect(r.error.flags).toEqual([
      '--client-secret-stdin or --client-secret-env NAME',
      '--push github|gitlab|jenkins|none',
      '--yes (for a real push; not needed with --push none or --dry-run)',
    ]);
    expect(r.error.message).toMatch(/^Missing answers: pass .*--client-secret-stdin.*--push github.*--yes/);
    expect(r.network).toEqual([]);
    expect(r.out).toBe('');
  });

  it('--push jenkins with nothing else: --url, --user, JENKINS_API_TOKEN, the secret, the key and --yes, nothing called', async () => {
    const r = await runCmd({ push: 'jenkins' }, {});
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect(r.error.flags).toEqual([
      'the current key in FLYTE_API_KEY or on stdin with --api-key-stdin',
      '--client-secret-stdin or --client-secret-env NAME',
      '--url URL',
      '--user USER',
      'JENKINS_API_TOKEN in the environment',
      '--yes',
    ]);
    for (const f of r.error.flags) expect(r.error.message).toContain(f);
    expect(r.network).toEqual([]);
  });

  it('--push none and --dry-run need no --yes; a complete set of answers goes on to the check', async () => {
    expect((await runCmd({ push: 'none' }, { FLYTE_API_KEY: OLD_KEY })).error.flags).toEqual(['--client-secret-stdin or --client-secret-env NAME']);
    expect((await runCmd({ push: 'github', 'dry-run': true }, { FLYTE_API_KEY: OLD_KEY })).error.flags).toEqual(['--client-secret-stdin or --client-secret-env NAME']);
    const ok = await runCmd({ push: 'github', repo: 'acme/app', 'client-secret-env': 'NEW_SECRET' }, { FLYTE_API_KEY: OLD_KEY, NEW_SECRET: NEW }, true);
    expect(ok.error).toBeUndefined();
    expect(ok.network).toContain('check');
    expect(ok.network).toContain('push');
  });

  it('the flow without a prompter names every missing answer at once and calls no service', async () => {
    const r = recordingServices();
    const err = await rotate({ shape }, r.services).catch((e: unknown) => e as MissingAnswerError);
    expect(err).toBeInstanceOf(MissingAnswerError);
    expect((err as MissingAnswerError).flags).toEqual([
      'the current key in FLYTE_API_KEY or on stdin with --api-key-stdin',
      '--client-secret-stdin or --client-secret-env NAME',
      '--push github|gitlab|jenkins|none',
    ]);
    const jenkins = (await rotate(nonInteractive({ target: { kind: 'jenkins', name: 'FLYTE_API_KEY' } }), r.services).catch((e: unknown) => e)) as MissingAnswerError;
    expect(jenkins.flags).toEqual(['--url URL', '--user USER']);
    expect(r.calls).toEqual([]);
  });
});

