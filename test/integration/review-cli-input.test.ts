/**
 * Bad or missing input on the new commands: one clear message, exit 2, the right flag named, all at once.
 */
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestPki } from '../servers/tls.js';
import { azCalls, installAzShim } from '../helpers/az-shim.js';
import { BACK, ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';
import { assertNoCanary, ROOT } from '../helpers/cli.js';

async function run(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: process.env.PATH, ...env }, cwd);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('client: input errors', () => {
  it('--credential-env with an unset variable: the hint shows --credential-env, not --client-secret-env', async () => {
    const r = await run(['client', 'create', '--endpoint', 'union.example.com', '--credential-env', 'NOT_SET_ANYWHERE', '--secret-file', '/tmp/review-x.secret', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--credential-env/);
    expect(r.stderr).not.toMatch(/--client-secret-env/);
  });

  it('--credential-env given the token itself: refused without echoing it, hint for --credential-env', async () => {
    const token = 'eyJ-TOKEN CANARY-77';
    const r = await run(['client', 'create', '--endpoint', 'union.example.com', '--credential-env', token, '--secret-file', '/tmp/review-y.secret', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/--client-secret-env/);
    assertNoCanary(r.stdout + r.stderr, token);
  });

  it('client delete --client-id alone: --endpoint, --credential-env and --yes named in one message', async () => {
    const r = await run(['client', 'delete', '--client-id', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing answers: pass --endpoint HOST, --credential-env NAME, --yes\./);
  });
});

describe('instructions --idp-ca-file: a link that leaves the repository', () => {
  it('is refused (exit 2): committed as a link, it would point at nothing in CI; a real copy is accepted', async () => {
    const pki = await makeTestPki();
    const repo = mkdtempSync(path.join(tmpdir(), 'review-idp-'));
    try {
      symlinkSync(pki.caFile, path.join(repo, 'idp-ca.pem'));
      const r = await run(['instructions', 'gitlab', '--project', 'ml', '--path', 'wf.py', '--idp-ca-file', 'idp-ca.pem'], {}, repo);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/link to a file outside this repository/);
      copyFileSync(pki.caFile, path.join(repo, 'copy.pem'));
      const ok = await run(['instructions', 'gitlab', '--project', 'ml', '--path', 'wf.py', '--idp-ca-file', 'copy.pem'], {}, repo);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('copy.pem > "$PWD/.flyte-ca-bundle.pem"');
    } finally {
      rmSync(repo, { recursive: true, force: true });
      await pki.cleanup();
    }
  });
});

describe('client delete --registration-file: a wrong file', () => {
  it('a file that is not a registration file: exit 2, and not one character of it is printed', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'review-reg-'));
    try {
      const secret = 'SECRET-CANARY-abcdef0123456789';
      writeFileSync(path.join(d, 'ci.secret'), `${secret}\n`, { mode: 0o600 });
      const r = await run(['client', 'delete', '--registration-file', 'ci.secret', '--yes'], {}, d);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a registration file written by flyte-ci-auth/);
      expect(r.stderr).not.toMatch(/unexpected failure/);
      expect(r.stdout + r.stderr).not.toContain('SECRET-CANARY');
      const missing = await run(['client', 'delete', '--registration-file', 'nope.json', '--yes'], {}, d);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/nope\.json does not exist/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('client create: a control plane that cannot be read says why', () => {
  it('a port nobody listens on: exit 1, the message names the network error', async () => {
    const { createServer } = await import('node:net');
    // A port that was free a moment ago: listen, note it, close.
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const r = await run(['client', 'create', '--endpoint', `127.0.0.1:${port}`, '--secret-file', '/tmp/review-z.secret', '--yes', '--timeout', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read the control plane's authentication settings from https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});

describe('client delete --app-id: only an application ID reaches az', () => {
  it('a value that is not a GUID (e.g. an option) is exit 2 and az is never run', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'review-az-'));
    try {
      const shim = installAzShim(path.join(d, 'shim'), { secret: 'AZ-SECRET-CANARY' });
      const r = await run(['client', 'delete', '--app-id=--only-show-errors', '--yes'], { PATH: `${shim.bin}:${process.env.PATH}` }, d);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--app-id must be the application \(client\) ID, a GUID/);
      expect(azCalls(shim.log)).toEqual([]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('Entra lookup: the control plane\'s audience never reads as an option to az', () => {
  it('an audience such as "--help" stops before az is run', async () => {
    const { Az, AzError } = await import('../../src/services/az.js');
    const { createProcessRunner } = await import('../../src/services/process.js');
    const d = mkdtempSync(path.join(tmpdir(), 'review-az-aud-'));
    try {
      const shim = installAzShim(path.join(d, 'shim'), { secret: 'AZ-SECRET-CANARY' });
      const env = { PATH: `${shim.bin}:${process.env.PATH}` };
      const az = new Az(createProcessRunner(env), env);
      await expect(az.findResource('--help')).rejects.toBeInstanceOf(AzError);
      expect(azCalls(shim.log)).toEqual([]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('instructions --idp-ca-file: a PEM that also holds a private key', () => {
  it('is refused (exit 2): the file would be committed; the key is never printed', async () => {
    const pki = await makeTestPki();
    const repo = mkdtempSync(path.join(tmpdir(), 'review-idp-key-'));
    try {
      const { readFileSync } = await import('node:fs');
      const combined = `${pki.caPem}\n${readFileSync(pki.leaf.keyFile, 'utf8')}`;
      writeFileSync(path.join(repo, 'idp.pem'), combined);
      const r = await run(['instructions', 'gitlab', '--project', 'ml', '--path', 'wf.py', '--idp-ca-file', 'idp.pem'], {}, repo);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/also holds a PRIVATE KEY/);
      expect(r.stdout + r.stderr).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      await pki.cleanup();
    }
  });
});

describe('client delete in a terminal: Esc at the confirmation', () => {
  it('is a clean cancel ("Nothing was deleted."), and az is never run', async () => {
    const { runDelete } = await import('../../src/commands/client.js');
    const { createProcessRunner } = await import('../../src/services/process.js');
    const { CancelledError } = await import('../../src/core/errors.js');
    const { createStyle } = await import('../../src/core/style.js');
    const d = mkdtempSync(path.join(tmpdir(), 'review-del-'));
    try {
      const shim = installAzShim(path.join(d, 'shim'), { secret: 'AZ-SECRET-CANARY' });
      const env = { PATH: `${shim.bin}:${process.env.PATH}` };
      const m = memoryIO();
      const ctx = { io: m.io, env, canPrompt: true, color: false, debug: false, json: false, yes: false, accessible: false, style: createStyle(false), cwd: d };
      const err = await runDelete(
        { values: { 'app-id': 'c0ffee00-0000-4000-8000-0000000000b1' }, positionals: ['delete'] },
        ctx,
        { prompter: new ScriptedPrompter([['confirm-delete', BACK]]), runner: createProcessRunner(env) },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe('Nothing was deleted.');
      expect(azCalls(shim.log)).toEqual([]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
