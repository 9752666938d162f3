import { describe, expect, it } from 'vitest';
import { detectCiTarget, runPush, secretLastUpdated, type PushPlan } from '../../src/services/push/index.js';
import { Secret } from '../../src/core/secret.js';
import type { ProcessRunner, RunOptions, RunResult } from '../../src/services/process.js';
import { CANARY_SECRET } from '../helpers/cli.js';

const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');

type Handler = (file: string, args: readonly string[], opts: RunOptions) => Partial<RunResult>;
function fakeProc(handler: Handler) {
  const calls: Array<{ file: string; args: string[]; opts: RunOptions }> = [];
  const proc: ProcessRunner = {
    async run(file, args, opts = {}) {
      calls.push({ file, args: [...args], opts });
      return { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false, ...handler(file, args, opts) };
    },
  };
  return { proc, calls };
}

describe('runPush (github) with a recording ProcessRunner', () => {
  const gh: Handler = (file, args) => {
    if (file === 'gh' && args[0] === '--version') return { stdout: 'gh version 2.45.0 (2024-03-04)\n' };
    if (file === 'gh' && args[0] === 'api') return { exitCode: 0, stdout: '{"name":"FLYTE_API_KEY","updated_at":"2024-05-01T10:00:00Z"}' };
    return {};
  };

  it('asks with the plan (target and last update) before writing; "no" means nothing is written', async () => {
    const { proc, calls } = fakeProc(gh);
    let seen: PushPlan | undefined;
    const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app', confirm: async (p) => ((seen = p), false) }, { proc, env: {}, cwd: '/' });
    expect(r.action).toBe('cancelled');
    expect(seen).toMatchObject({ destination: 'github.com/acme/app', previous: { state: 'set', updatedAt: '2024-05-01T10:00:00Z' }, cli: { name: 'gh', version: '2.45.0' } });
    expect(calls.some((c) => c.args[0] === 'secret')).toBe(false);
  });

  it('the key goes only to the stdin of gh secret set; FLYTE_API_KEY is removed from every child env', async () => {
    const { proc, calls } = fakeProc(gh);
    const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app' }, { proc, env: { FLYTE_API_KEY: KEY }, cwd: '/' });
    expect(r).toMatchObject({ ok: true, action: 'updated', updatedAt: '2024-05-01T10:00:00Z' });
    const set = calls.find((c) => c.args[0] === 'secret')!;
    expect(set.args).toEqual(['secret', 'set', 'FLYTE_API_KEY', '--repo', 'acme/app']);
    expect(set.opts.input).toBe(KEY);
    for (const c of calls) {
      expect(c.args.join(' ')).not.toContain(KEY);
      expect(c.opts.env).toHaveProperty('FLYTE_API_KEY', undefined);
      if (c !== set) expect(c.opts.input).toBeUndefined();
    }
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('a blocking probe failure (bad token) stops before asking', async () => {
    const { proc, calls } = fakeProc((file, args) =>
      args[0] === '--version' ? { stdout: 'gh version 2.23.0' } : { exitCode: 1, stderr: 'gh: Bad credentials (HTTP 401)' },
    );
    let asked = false;
    const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app', confirm: async () => ((asked = true), true) }, { proc, env: {}, cwd: '/' });
    expect(r.problem?.code).toBe('bad_token');
    expect(asked).toBe(false);
    expect(calls.map((c) => c.args[0])).toEqual(['--version', 'api']);
  });

  it('redacts the key from whatever gh printed', async () => {
    const { proc } = fakeProc((file, args) =>
      args[0] === '--version' ? { stdout: 'gh version 2.23.0' } : args[0] === 'api' ? { exitCode: 1, stderr: 'HTTP 404: Not Found' } : { exitCode: 1, stderr: `weird failure echoing ${KEY}` },
    );
    const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app' }, { proc, env: {}, cwd: '/' });
    expect(r.ok).toBe(false);
    expect(r.problem?.detail).toContain('<redacted>');
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('refuses a key flyte cannot decode, before running anything', async () => {
    const { proc, calls } = fakeProc(gh);
    const r = await runPush({ target: 'github', key: new Secret('bm90IGEga2V5'), repo: 'acme/app' }, { proc, env: {}, cwd: '/' });
    expect(r).toMatchObject({ ok: false, action: 'failed', problem: { code: 'invalid_input', field: 'key' } });
    expect(r.problem?.message).toMatch(/not valid for flyte/);
    expect(calls).toEqual([]);
  });
});

describe('secretLastUpdated and detectCiTarget', () => {
  it('404 → not set yet; 200 → updated_at; environment path', async () => {
    const { proc, calls } = fakeProc((_f, args) => (args.includes('repos/acme/app/environments/prod/secrets/K') ? { exitCode: 1, stderr: 'gh: Not Found (HTTP 404)' } : { stdout: '{"updated_at":"2024-01-02T03:04:05Z"}' }));
    expect(await secretLastUpdated({ repo: 'acme/app', name: 'K', environment: 'prod' }, { proc })).toEqual({ state: 'not_set' });
    expect(await secretLastUpdated({ repo: 'acme/app' }, { proc })).toEqual({ state: 'set', updatedAt: '2024-01-02T03:04:05Z' });
    expect(calls[1]!.args).toEqual(['api', 'repos/acme/app/actions/secrets/FLYTE_API_KEY']);
  });

  it.each([
    ['git@github.com:acme/app.git', { target: 'github', repo: 'acme/app', host: 'github.com' }],
    ['https://gitlab.acme.com/platform/team/app.git', { target: 'gitlab', repo: 'platform/team/app', host: 'gitlab.acme.com' }],
    ['ssh://git@bitbucket.org/acme/app.git', { target: 'other', repo: 'acme/app', host: 'bitbucket.org' }],
  ])('origin %s', async (url, expected) => {
    const { proc, calls } = fakeProc(() => ({ stdout: `${url}\n` }));
    expect(await detectCiTarget('/repo', proc)).toMatchObject(expected);
    expect(calls[0]).toMatchObject({ file: 'git', args: ['remote', 'get-url', 'origin'], opts: { cwd: '/repo' } });
  });

  it('no origin → other', async () => {
    const { proc } = fakeProc(() => ({ exitCode: 2, stderr: "error: No such remote 'origin'" }));
    expect(await detectCiTarget('/repo', proc)).toEqual({ target: 'other' });
  });
});
