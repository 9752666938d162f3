/**
 * `client create` / `client delete`, registration route, against real parts: the demo's oidc-provider with its
 * RFC 7591 registration endpoint behind an initial access token, and the Connect control plane. The command runs
 * in-process through main() (argument parsing included); the check it runs afterwards is the real check engine,
 * so a pass means the registered client gets a token the control plane accepts.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { runCheck } from '../../src/services/check/index.js';
import { Secret } from '../../src/core/secret.js';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { memoryIO } from '../../src/services/io.js';
import { assertNoCanary, runCli } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { runCreate } from '../../src/commands/client.js';
import { createStyle } from '../../src/core/style.js';
import type { CommandContext } from '../../src/commands/types.js';

const IAT = 'IAT-CANARY-7f3e9a1c2b';
let demo: Demo;
let dir: string;

beforeAll(async () => {
  demo = await startDemo({ registrationToken: IAT });
  dir = await mkdtemp(path.join(tmpdir(), 'client-reg-'));
});
afterAll(async () => {
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: process.env.PATH, ...env }, dir);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}
const aim = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--timeout', '10'];

describe('client create: RFC 7591 registration against oidc-provider', () => {
  it('registers a confidential client_credentials client, writes the secret 0600, and the check passes with it', async () => {
    const secretFile = path.join(dir, 'ci.secret');
    const r = await run(['client', 'create', ...aim(), '--credential-env', 'REG_TOKEN', '--secret-file', secretFile, '--yes', '--json'], { REG_TOKEN: IAT });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.route).toBe('registration');
    expect(j.check).toEqual({ ok: true, code: 'ok', title: expect.any(String) });
    expect(j.created.map((c: { kind: string }) => c.kind)).toEqual(['client', 'file']);
    expect(j.created[0].id).toBe(j.clientId);
    expect(j.created[0].where).toBe(`127.0.0.1:${demo.auth.port}`);
    const secret = (await readFile(secretFile, 'utf8')).trimEnd();
    expect(secret.length).toBe(j.secretLength);
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    // The secret and the registration credential appear nowhere in the output.
    assertNoCanary(r.stdout + r.stderr, secret, IAT);
    // And the client really is what flyte needs: an independent check with it passes too.
    const again = await runCheck({ endpoint: demo.endpoint, clientId: j.clientId, clientSecret: new Secret(secret), authMethod: 'basic', timeoutMs: 10_000 }, { caPem: demo.caPem });
    expect(again.ok).toBe(true);
  });

  it('--keep-registration keeps the RFC 7592 token in a 0600 file; client delete uses it and the client stops working', async () => {
    const secretFile = path.join(dir, 'b.secret');
    const regFile = path.join(dir, 'b.registration.json');
    const r = await run(['client', 'create', ...aim(), '--name', 'ci-b', '--credential-env', 'REG_TOKEN', '--keep-registration', regFile, '--secret-file', secretFile, '--yes', '--json'], { REG_TOKEN: IAT });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.created.map((c: { kind: string }) => c.kind)).toEqual(['client', 'file', 'file']);
    expect((await stat(regFile)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(regFile, 'utf8'));
    expect(saved.registration_client_uri).toMatch(/\/reg\//);
    assertNoCanary(r.stdout + r.stderr, saved.registration_access_token);

    const dry = await run(['client', 'delete', '--registration-file', regFile, '--ca-file', demo.caFile!, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('DELETE ');
    expect(dry.stdout).toContain('authorization: Bearer <redacted>');
    assertNoCanary(dry.stdout, saved.registration_access_token);

    const del = await run(['client', 'delete', '--registration-file', regFile, '--ca-file', demo.caFile!, '--yes']);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    expect(del.stdout).toContain(`Deleted ${j.clientId}`);
    const after = await runCheck(
      { endpoint: demo.endpoint, clientId: j.clientId, clientSecret: new Secret((await readFile(secretFile, 'utf8')).trimEnd()), authMethod: 'basic', timeoutMs: 10_000 },
      { caPem: demo.caPem },
    );
    expect(after.ok).toBe(false);
  });

  it('--dry-run prints the registration request with the credential redacted (the flow unit test proves nothing is sent)', async () => {
    const r = await run(['client', 'create', ...aim(), '--credential-env', 'REG_TOKEN', '--dry-run'], { REG_TOKEN: IAT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST https://127.0.0.1:${demo.auth.port}/reg`);
    expect(r.stdout).toContain('authorization: Bearer <redacted>');
    expect(r.stdout).toMatch(/"grant_types": \[\s*"client_credentials"\s*\]/);
    expect(r.stdout).toContain('"token_endpoint_auth_method": "client_secret_basic"');
    expect(r.stdout).toContain('"scope": "all"');
    expect(r.stdout).toContain('Dry run: nothing was sent or created.');
    assertNoCanary(r.stdout + r.stderr, IAT);
    const j = await run(['client', 'create', ...aim(), '--credential-env', 'REG_TOKEN', '--dry-run', '--json'], { REG_TOKEN: IAT });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, dryRun: true, route: 'registration', willCreate: [expect.stringContaining('a confidential client')] });
    assertNoCanary(j.stdout + j.stderr, IAT);
  });

  it('a refused initial access token: exit 1, nothing created, the token never printed', async () => {
    const r = await run(['client', 'create', ...aim(), '--credential-env', 'REG_TOKEN', '--secret-file', path.join(dir, 'x.secret'), '--yes'], { REG_TOKEN: `${IAT}-wrong` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/registration failed: HTTP 401/);
    expect(r.stderr).toMatch(/registration credential was refused/);
    expect(existsSync(path.join(dir, 'x.secret'))).toBe(false);
    assertNoCanary(r.stdout + r.stderr, IAT);
  });

  it('without a terminal nothing is asked: the missing flags are named, exit 2', async () => {
    const r = await run(['client', 'create', ...aim()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--secret-file PATH or --secret-stdout');
    expect(r.stderr).toContain('--yes');
    const r2 = await run(['client', 'create', ...aim(), '--secret-file', path.join(dir, 'y.secret'), '--yes']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--credential-env NAME or --open-registration');
    expect(existsSync(path.join(dir, 'y.secret'))).toBe(false);
  });

  it('refuses a credential given as a flag value, without echoing it', async () => {
    const r = await run(['client', 'create', ...aim(), '--credential', IAT]);
    expect(r.code).toBe(2);
    assertNoCanary(r.stderr, IAT);
  });

  it('--secret-stdout prints the secret alone on stdout; the story goes to stderr', async () => {
    const r = await run(['client', 'create', ...aim(), '--credential-env', 'REG_TOKEN', '--secret-stdout', '--yes', '--skip-check'], { REG_TOKEN: IAT });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/Created/);
    expect(r.stderr).not.toContain(r.stdout.trim());
  });
});

describe('client create in a terminal (the prompter path)', () => {
  it('asks the name, the credential (masked, never a flag), the confirmation and where the secret goes', async () => {
    const m = memoryIO();
    const ctx: CommandContext = {
      io: m.io,
      env: { PATH: process.env.PATH },
      canPrompt: true,
      color: false,
      debug: false,
      json: false,
      yes: false,
      accessible: false,
      style: createStyle(false),
      cwd: dir,
    };
    const p = new ScriptedPrompter([
      ['client-name', 'ci-terminal'],
      ['registration-credential', IAT],
      ['confirm-create', true],
      ['secret-file', 'terminal.secret'],
    ]);
    const code = await runCreate({ values: { endpoint: demo.endpoint, 'ca-file': demo.caFile!, timeout: '10' }, positionals: ['create'] }, ctx, { prompter: p });
    expect(code).toBe(0);
    expect(p.remaining()).toEqual([]);
    expect(p.asked.find((a) => a.id === 'registration-credential')!.kind).toBe('secret');
    const secret = (await readFile(path.join(dir, 'terminal.secret'), 'utf8')).trimEnd();
    expect(secret.length).toBeGreaterThan(20);
    expect(p.text_()).toMatch(/Check passed/);
    expect(p.text_()).toMatch(/The client secret is in .*terminal\.secret \(0600\)/);
    assertNoCanary(m.stdout() + m.stderr() + JSON.stringify(p.shown), secret, IAT);
  });
});

describe('client create --demo', () => {
  it('shows the registration route end to end: plan, created client, passing check', async () => {
    const r = await run(['client', 'create', '--demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Will create/);
    expect(r.stdout).toMatch(/a confidential client "flyte-ci"/);
    expect(r.stdout).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/reg/);
    expect(r.stdout).toContain('authorization: Bearer <redacted>');
    expect(r.stdout).toMatch(/Created/);
    expect(r.stdout).toMatch(/ok {2}Check passed/);
  });

  it('the built command does the same (bundle: run `npm run build` first)', async () => {
    const r = await runCli(['client', 'create', '--demo'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {2}Check passed/);
  });
});
