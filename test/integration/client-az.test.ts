/**
 * `client create --route entra`: the Entra ID route through a stand-in `az` (test/helpers/az-shim.ts) that
 * records every argv, stdin and @FILE body. The demo's control plane supplies the audience; its authorization
 * server holds an Entra-like client with the app ID and secret the stand-in hands out, so the live check after
 * creation is real. The canary secret must never appear in any argv az received, nor in any output.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { memoryIO } from '../../src/services/io.js';
import { endDateAfter } from '../../src/services/registration/engine.js';
import { assertNoCanary } from '../helpers/cli.js';
import { AZ_API_SP, AZ_NEW_APP, AZ_NEW_SP, AZ_ROLE_ID, AZ_TENANT, azCalls, clearAzLog, installAzShim } from '../helpers/az-shim.js';

const SECRET = 'AZ-CANARY~s3cr3t.Q8_x-Zq9';
let demo: Demo;
let dir: string;
let shim: ReturnType<typeof installAzShim>;
let n = 0;

beforeAll(async () => {
  demo = await startDemo({ entraLike: true, consentGranted: true, clientId: AZ_NEW_APP, clientSecret: SECRET });
  dir = await mkdtemp(path.join(tmpdir(), 'client-az-'));
  shim = installAzShim(path.join(dir, 'shim'), { secret: SECRET });
});
afterAll(async () => {
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  clearAzLog(shim.log);
  shim.setMode('ok');
});

async function run(args: string[], pathEnv = `${shim.bin}:${process.env.PATH}`) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: pathEnv }, dir);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}
const aim = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--timeout', '10', '--route', 'entra'];
const secretFile = () => path.join(dir, `s${++n}.secret`);

function assertSecretNeverInArgv() {
  const calls = azCalls(shim.log);
  expect(calls.length).toBeGreaterThan(0);
  for (const c of calls) {
    assertNoCanary(c.argv.join('\n'), SECRET);
    assertNoCanary(c.stdin, SECRET);
    assertNoCanary(c.body ?? '', SECRET);
  }
}

describe('client create --route entra (az stand-in)', () => {
  it('app registration, service principal, role assignment (admin consent), secret with an end date; the check passes', async () => {
    const file = secretFile();
    const r = await run(['client', 'create', ...aim(), '--secret-days', '90', '--secret-file', file, '--yes', '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const calls = azCalls(shim.log);
    const head = (c: { argv: string[] }) => c.argv.slice(0, c.argv[0] === 'rest' ? 3 : c.argv[1] === 'app' && c.argv[2] === 'credential' ? 4 : 5).join(' ');
    expect(calls.map(head)).toEqual([
      'account show --only-show-errors -o json',
      `ad sp show --id ${demo.controlPlane.audience}`,
      'ad app create --display-name flyte-ci',
      `ad sp create --id ${AZ_NEW_APP}`,
      'rest --method POST',
      'ad app credential reset',
      'ad app credential list',
    ]);
    // The app declares the role it needs (so the admin-consent link can grant it)…
    expect(JSON.parse(calls[2]!.body!)).toEqual([{ resourceAppId: expect.any(String), resourceAccess: [{ id: AZ_ROLE_ID, type: 'Role' }] }]);
    // …and the Graph appRoleAssignment grants it to the new service principal.
    expect(calls[4]!.argv).toContain(`https://graph.microsoft.com/v1.0/servicePrincipals/${AZ_NEW_SP}/appRoleAssignments`);
    expect(JSON.parse(calls[4]!.body!)).toEqual({ principalId: AZ_NEW_SP, resourceId: AZ_API_SP, appRoleId: AZ_ROLE_ID });
    // Bodies went through a private folder (0700) and a 0600 file.
    expect(calls[4]!.perms).toEqual(['drwx------', '-rw-------']);
    // …removed right after the call.
    const bodyArgs = calls.flatMap((c) => c.argv.filter((a) => a.startsWith('@')));
    expect(bodyArgs).toHaveLength(2);
    for (const a of bodyArgs) expect(existsSync(path.dirname(a.slice(1)))).toBe(false);
    const end = endDateAfter(new Date(), 90);
    expect(calls[5]!.argv).toEqual(expect.arrayContaining(['--end-date', end]));

    const j = JSON.parse(r.stdout);
    expect(j.route).toBe('entra');
    expect(j.clientId).toBe(AZ_NEW_APP);
    expect(j.adminConsent).toBe('granted');
    expect(j.secretExpiresAt).toBe(`${end}T00:00:00Z`);
    expect(j.created.map((c: { kind: string }) => c.kind)).toEqual(['app-registration', 'service-principal', 'app-role-assignment', 'client-secret', 'file']);
    expect(j.created[0].where).toBe(`Entra tenant ${AZ_TENANT}`);
    expect(j.check.ok).toBe(true);
    expect((await readFile(file, 'utf8')).trimEnd()).toBe(SECRET);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    assertSecretNeverInArgv();
    assertNoCanary(r.stdout + r.stderr, SECRET);
  });

  it('a non-admin gets Graph 403 on the role assignment: the secret is still made, the one-click consent URL printed', async () => {
    shim.setMode('nonadmin');
    const r = await run(['client', 'create', ...aim(), '--secret-file', secretFile(), '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`https://login.microsoftonline.com/${AZ_TENANT}/adminconsent?client_id=${AZ_NEW_APP}`);
    expect(r.stdout).toMatch(/Admin consent is pending/);
    expect(r.stdout).not.toMatch(/app-role-assignment/);
    expect(r.stdout).toMatch(/client-secret +flyte-ci-auth \(ends \d{4}-\d\d-\d\dT00:00:00Z\)/);
    expect(r.stdout).not.toMatch(/Check passed/);
    expect(r.stdout).toMatch(/Check skipped: the token carries no application role until an admin grants consent/);
    assertSecretNeverInArgv();
    assertNoCanary(r.stdout + r.stderr, SECRET);
  });

  it('a failure halfway says what exists now and how to remove it', async () => {
    shim.setMode('secret-fails');
    const r = await run(['client', 'create', ...aim(), '--secret-file', secretFile(), '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/adding the client secret failed: ERROR: Insufficient privileges/);
    expect(r.stderr).toContain(`app-registration ${AZ_NEW_APP} in Entra tenant ${AZ_TENANT}`);
    expect(r.stderr).toContain(`service-principal ${AZ_NEW_SP}`);
    expect(r.stderr).toContain(`flyte-ci-auth client delete --route entra --app-id ${AZ_NEW_APP}`);
    expect(r.stdout).not.toContain('What exists now'); // said once, on stderr
  });

  it('az logged out or missing: nothing is created, the hint says what to run', async () => {
    shim.setMode('logged-out');
    const r = await run(['client', 'create', ...aim(), '--secret-file', secretFile(), '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Run az login/);
    expect(azCalls(shim.log)).toHaveLength(1);
    const missing = await run(['client', 'create', ...aim(), '--secret-file', secretFile(), '--yes'], '/nonexistent');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not installed/);
  });

  it('no service principal for the audience: nothing is created', async () => {
    shim.setMode('no-api');
    const r = await run(['client', 'create', ...aim(), '--secret-file', secretFile(), '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no service principal in tenant .* answers to the control plane's audience/);
    expect(azCalls(shim.log).map((c) => c.argv[1])).toEqual(['show', 'sp']);
  });

  it('--dry-run runs no az command at all and prints them', async () => {
    const r = await run(['client', 'create', ...aim(), '--dry-run', '--secret-days', '30']);
    expect(r.code).toBe(0);
    expect(azCalls(shim.log)).toHaveLength(0);
    expect(r.stdout).toContain('az ad app create --display-name flyte-ci --sign-in-audience AzureADMyOrg --required-resource-accesses @body.json');
    expect(r.stdout).toContain('az rest --method POST --uri https://graph.microsoft.com/v1.0/servicePrincipals/<new-sp-id>/appRoleAssignments --headers Content-Type=application/json --body @body.json');
    expect(r.stdout).toContain(`--end-date ${endDateAfter(new Date(), 30)}`);
  });

  it('client delete --app-id removes the app registration (and with it the service principal)', async () => {
    const r = await run(['client', 'delete', '--app-id', AZ_NEW_APP, '--yes']);
    expect(r.code).toBe(0);
    expect(azCalls(shim.log).map((c) => c.argv.slice(0, 5).join(' '))).toEqual([`ad app delete --id ${AZ_NEW_APP}`]);
    const dry = await run(['client', 'delete', '--app-id', AZ_NEW_APP, '--dry-run']);
    expect(dry.stdout).toContain(`az ad app delete --id ${AZ_NEW_APP}`);
    expect(azCalls(shim.log)).toHaveLength(1);
  });
});
