/**
 * `rotate --create-secret az`: the rotation makes the new Entra secret itself through a stand-in `az`
 * (test/helpers/az-shim.ts: records argv, stdin and @FILE bodies; keeps the app's secrets so list, reset --append
 * and delete answer like Graph). The demo's real authorization server (oidc-provider) holds the app with the old
 * and, once "propagated", the new secret; the push goes to the fake GitHub API through the real gh. Canary secrets
 * are asserted absent from every argv az and gh received, from stdout/stderr and from --json.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { runRotate } from '../../src/commands/rotate.js';
import { createStyle } from '../../src/core/style.js';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { memoryIO } from '../../src/services/io.js';
import { existsSync } from 'node:fs';
import { assertNoCanary, BIN } from '../helpers/cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { AZ_NEW_APP, azCalls, azCredentialIds, clearAzLog, installAzShim, seedAzCredentials } from '../helpers/az-shim.js';
import { fakeClock } from '../helpers/rotate-fakes.js';
import { startFakeGithub, type FakeGithub } from '../servers/fake-github.js';

const OLD = 'OLDaz~CANARY.s3cr3t_Zq9';
const NEW = 'NEWaz~CANARY.s3cr3t_Xy7';
const APP = AZ_NEW_APP;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`union.demo.example:${APP}:${OLD}:demo`);
const NEW_KEY = b64(`union.demo.example:${APP}:${NEW}:demo`);
const OLD_ID = '01d00000-0000-4000-8000-0000000000e1';
const OTHER_ID = '07e40000-0000-4000-8000-0000000000e2';
const SEED = [
  { keyId: OLD_ID, displayName: 'ci 2026-09', hint: OLD.slice(0, 3), endDateTime: '2027-03-01T00:00:00Z' },
  { keyId: OTHER_ID, displayName: 'another pipeline', hint: 'Zz9', endDateTime: '2027-06-01T00:00:00Z' },
];
const GH = '/usr/bin/gh';

let demo: Demo;
let fake: FakeGithub;
let dir: string;
let shimDir: string;
let shim: ReturnType<typeof installAzShim>;
let ghLog: string;

beforeAll(async () => {
  demo = await startDemo({ entraLike: true, consentGranted: true, clientId: APP, clientSecret: OLD });
  fake = await startFakeGithub({ repos: ['acme/app'] });
  dir = await mkdtemp(path.join(tmpdir(), 'rotate-az-'));
  shimDir = path.join(dir, 'az');
  shim = installAzShim(shimDir, { secret: NEW });
  ghLog = path.join(dir, 'gh-argv.log');
  await mkdir(path.join(dir, 'ghbin'), { recursive: true });
  await writeFile(path.join(dir, 'ghbin', 'gh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "$GH_ARGV_LOG"\nexec ${GH} "$@"\n`);
  await chmod(path.join(dir, 'ghbin', 'gh'), 0o755);
});
afterAll(async () => {
  await demo?.close();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  clearAzLog(shim.log);
  shim.setMode('ok');
  seedAzCredentials(shimDir, SEED);
  demo.setSecrets([OLD, NEW]);
  fake.secrets.set('acme/app||FLYTE_API_KEY', { repo: 'acme/app', name: 'FLYTE_API_KEY', plaintext: OLD_KEY, keyId: 'seed', createdAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' });
  await writeFile(ghLog, '');
});

const env = () => ({
  ...fake.ghEnv(path.join(dir, 'gh-config')),
  PATH: `${shim.bin}:${path.join(dir, 'ghbin')}:${process.env.PATH}`,
  GH_ARGV_LOG: ghLog,
  FLYTE_API_KEY: OLD_KEY,
});
const aim = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--idp-ca-file', demo.caFile!, '--timeout', '10', '--provider', 'entra'];

async function run(args: string[]) {
  const m = memoryIO();
  const code = await main(args, m.io, env(), dir);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** The command with an injected clock (the propagation wait), as the CLI would run it without a terminal. */
async function runWithClock(values: Record<string, string | boolean>, clock: ReturnType<typeof fakeClock>['clock']) {
  const m = memoryIO();
  const ctx = { io: m.io, env: env(), canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false, style: createStyle(false), cwd: dir };
  const shape = { endpoint: demo.endpoint, 'ca-file': demo.caFile!, 'idp-ca-file': demo.caFile!, timeout: '10', provider: 'entra' };
  const code = await runRotate({ values: { 'create-secret': 'az', push: 'github', repo: 'acme/app', ...shape, ...values }, positionals: [] }, ctx, { services: { clock } });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

async function noCanaries(...texts: string[]) {
  for (const t of texts) assertNoCanary(t, OLD, NEW, OLD_KEY, NEW_KEY);
  for (const c of azCalls(shim.log)) {
    assertNoCanary(c.argv.join('\n'), OLD, NEW);
    assertNoCanary(c.stdin, OLD, NEW);
    assertNoCanary(c.body ?? '', OLD, NEW);
  }
  assertNoCanary(await readFile(ghLog, 'utf8'), OLD, NEW, OLD_KEY, NEW_KEY);
}
const heads = () => azCalls(shim.log).map((c) => c.argv.slice(0, 4).join(' '));

describe('rotate --create-secret az (az stand-in, demo oidc-provider, fake GitHub)', () => {
  it('list → add next to the old → check → push → verify → delete the old by keyId (--yes); --json reports created and deleted', async () => {
    const r = await run(['rotate', '--create-secret', 'az', '--secret-days', '30', '--push', 'github', '--repo', 'acme/app', '--yes', '--json', ...aim()]);
    await noCanaries(r.stdout, r.stderr);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.steps.filter((s: { status: string }) => s.status === 'failed')).toEqual([]);
    expect(r.code).toBe(0);
    expect(heads()).toEqual(['ad app credential list', 'ad app credential reset', 'ad app credential list', 'ad app credential delete']);
    const reset = azCalls(shim.log)[1]!.argv;
    const end = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(reset).toEqual(expect.arrayContaining(['--id', APP, '--append', '--end-date', end]));
    expect(azCalls(shim.log)[3]!.argv).toEqual(expect.arrayContaining(['--id', APP, '--key-id', OLD_ID]));
    // The new key is in CI; the old credential is gone, the other pipeline's secret is untouched.
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(NEW_KEY);
    const ids = azCredentialIds(shimDir);
    expect(ids).toContain(OTHER_ID);
    expect(ids).not.toContain(OLD_ID);
    expect(ids).toContain(j.created.keyId);
    expect(j.created).toMatchObject({ route: 'az', dryRun: false, appId: APP, secretLength: NEW.length, endDateTime: `${end}T00:00:00Z` });
    expect(j.created.displayName).toMatch(/^flyte-ci-auth rotate \d{4}-\d{2}-\d{2}$/);
    const { hint: _hint, ...oldCred } = SEED[0]!;
    expect(j.deleted).toEqual([oldCred]);
    expect(j.keptOld).toEqual([{ keyId: OTHER_ID, displayName: 'another pipeline', endDateTime: '2027-06-01T00:00:00Z' }]);
    expect(r.stdout).not.toMatch(/"hint"/);
    // The secret ends in 30 days, before the 90-day mark: the next rotation is its end date.
    expect(j.nextRotation).toBe(end);
    expect(j.steps.map((s: { id: string }) => s.id)).toEqual(['current-key', 'identity', 'age', 'create-secret', 'new-secret', 'check', 'build', 'push', 'verify', 'delete-old']);

    // Entra now holds only the new secret: the stored key works, the old one does not.
    demo.setSecrets([NEW]);
    const m = memoryIO();
    expect(await main(['check', ...aim()], m.io, { FLYTE_API_KEY: NEW_KEY }, dir)).toBe(0);
    expect(await main(['check', ...aim()], memoryIO().io, { FLYTE_API_KEY: OLD_KEY }, dir)).toBe(1);
  });

  it('--push none (the key not stored by the tool): nothing is deleted; the exact delete command names the old keyId', async () => {
    const r = await run(['rotate', '--create-secret', 'az', '--push', 'none', ...aim()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${NEW_KEY}\n`);
    await noCanaries(r.stderr);
    expect(heads()).toEqual(['ad app credential list', 'ad app credential reset', 'ad app credential list']);
    expect(r.stderr).toContain(`az ad app credential delete --id ${APP} --key-id ${OLD_ID}`);
    expect(r.stderr).toMatch(/old secret was kept \(the new key is not stored in CI yet\)/);
    expect(azCredentialIds(shimDir)).toContain(OLD_ID);
  });

  it('the old secret cannot be told apart (no hint matches): nothing deleted, every earlier keyId named; --delete-key-id picks it', async () => {
    seedAzCredentials(shimDir, SEED.map((c) => ({ ...c, hint: 'Zz9' })));
    const r = await run(['rotate', '--create-secret', 'az', '--push', 'github', '--repo', 'acme/app', '--yes', ...aim()]);
    expect(r.code).toBe(0);
    await noCanaries(r.stdout, r.stderr);
    expect(heads()).not.toContain('ad app credential delete');
    expect(r.stdout).toContain(`--key-id ${OLD_ID}`);
    expect(r.stdout).toContain(`--key-id ${OTHER_ID}`);
    expect(r.stdout).toMatch(/--delete-key-id KEYID/);

    clearAzLog(shim.log);
    seedAzCredentials(shimDir, SEED.map((c) => ({ ...c, hint: 'Zz9' })));
    const again = await run(['rotate', '--create-secret', 'az', '--delete-key-id', OLD_ID, '--push', 'github', '--repo', 'acme/app', '--yes', ...aim()]);
    expect(again.code).toBe(0);
    expect(azCredentialIds(shimDir)).not.toContain(OLD_ID);
    expect(azCredentialIds(shimDir)).toContain(OTHER_ID);
  });

  it('Entra not accepting the new secret yet: the check retries on invalid_client (injected clock) and passes once it is', async () => {
    demo.setSecrets([OLD]);
    const c = fakeClock();
    let waits = 0;
    const clock = { now: c.clock.now, sleep: async (ms: number) => (await c.clock.sleep(ms), ++waits === 2 && demo.setSecrets([OLD, NEW]), undefined) };
    const r = await runWithClock({}, clock);
    await noCanaries(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Check with the new secret passed after 3 tries/);
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(NEW_KEY);
  });

  it('the new secret never works: after the bounded wait, exit 1, nothing pushed or deleted, the command that removes the new credential', async () => {
    demo.setSecrets([OLD]);
    const c = fakeClock();
    const r = await runWithClock({}, c.clock);
    await noCanaries(r.stdout, r.stderr);
    expect(r.code).toBe(1);
    expect(c.elapsed()).toBe(120_000);
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(OLD_KEY);
    expect(heads()).not.toContain('ad app credential delete');
    const created = azCredentialIds(shimDir).filter((id) => id !== OLD_ID && id !== OTHER_ID);
    expect(created).toHaveLength(1);
    expect(r.stdout).toMatch(/exists in app .*the old secret is untouched and CI is unchanged/);
    expect(r.stdout).toContain(`az ad app credential delete --id ${APP} --key-id ${created[0]}`);
  });

  it('--dry-run prints the az commands and runs none', async () => {
    const r = await run(['rotate', '--create-secret', 'az', '--push', 'github', '--repo', 'acme/app', '--dry-run', ...aim()]);
    expect(r.code).toBe(0);
    await noCanaries(r.stdout, r.stderr);
    expect(azCalls(shim.log)).toEqual([]);
    expect(r.stdout).toContain(`az ad app credential list --id ${APP}`);
    expect(r.stdout).toMatch(new RegExp(`az ad app credential reset --id ${APP} --append --display-name 'flyte-ci-auth rotate \\d{4}-\\d{2}-\\d{2}' --end-date \\d{4}-\\d{2}-\\d{2}`));
    expect(r.stdout).toContain(`az ad app credential delete --id ${APP} --key-id OLD_KEY_ID`);
    expect(r.stdout).toMatch(/Dry run complete: no secret was made, checked or pushed; nothing was changed\./);
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(OLD_KEY);
  });

  it('az signed out: nothing is created, exit 1, the step says to run az login', async () => {
    shim.setMode('logged-out');
    const r = await run(['rotate', '--create-secret', 'az', '--push', 'github', '--repo', 'acme/app', '--yes', ...aim()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL +az ad app credential failed.*az login.*Nothing was created; CI is unchanged/);
    expect(azCredentialIds(shimDir)).toEqual([OLD_ID, OTHER_ID].sort());
  });

  it.skipIf(!existsSync('/usr/bin/tmux') || !existsSync(BIN))('in a real terminal (built CLI): the az offer, the push confirmation, and the deletion confirmation after the verification', async () => {
    const term = await TmuxTerminal.start({ args: ['rotate', '--push', 'github', '--repo', 'acme/app', ...aim()], cwd: dir, env: env(), width: 110, height: 45 });
    try {
      await term.waitFor('Create the new secret with az');
      await term.keys('Enter');
      await term.waitFor(/Replace FLYTE_API_KEY/);
      expect(heads()).toEqual(['account show --only-show-errors -o', 'ad app credential list', 'ad app credential reset', 'ad app credential list']);
      await term.keys('Enter');
      await term.waitFor(`Delete the old secret ${OLD_ID}`);
      // Only now, after the push and the verification, is the old secret offered for deletion.
      expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(NEW_KEY);
      expect(azCredentialIds(shimDir)).toContain(OLD_ID);
      await term.keys('Enter');
      const text = await term.waitFor(/Rotation complete/);
      expect((await term.finished()).code).toBe(0);
      expect(azCredentialIds(shimDir)).not.toContain(OLD_ID);
      expect(heads().at(-1)).toBe('ad app credential delete');
      await noCanaries(text);
    } finally {
      await term.kill();
    }
  });

  it('usage: --create-secret with a given secret, a bad --secret-days or --delete-key-id: exit 2 before anything runs', async () => {
    for (const args of [
      ['--create-secret', 'az', '--client-secret-env', 'X'],
      ['--create-secret', 'okta'],
      ['--create-secret', 'az', '--secret-days', '0'],
      ['--create-secret', 'az', '--delete-key-id', 'nope'],
      ['--delete-key-id', OLD_ID, '--client-secret-env', 'X'],
    ]) {
      const r = await run(['rotate', ...args, '--push', 'none', ...aim()]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(azCalls(shim.log)).toEqual([]);
  });
});

describe('rotate --registration-file (RFC 7592 against the demo oidc-provider)', () => {
  const IAT = 'IAT-CANARY-rot-5d1e9b';
  let rdemo: Demo;
  let keep: Demo;
  let rdir: string;
  let n = 0;
  beforeAll(async () => {
    [rdemo, keep] = await Promise.all([startDemo({ registrationToken: IAT }), startDemo({ registrationToken: IAT, registrationRotatesSecret: false })]);
    rdir = await mkdtemp(path.join(tmpdir(), 'rotate-reg-'));
  });
  afterAll(async () => {
    await Promise.all([rdemo?.close(), keep?.close()]);
    if (rdir) await rm(rdir, { recursive: true, force: true });
  });

  const aimAt = (d: Demo) => ['--endpoint', d.endpoint, '--ca-file', d.caFile!, '--idp-ca-file', d.caFile!, '--timeout', '10'];
  async function cli(args: string[], env: Record<string, string> = {}) {
    const m = memoryIO();
    const code = await main(args, m.io, { PATH: process.env.PATH, ...env }, rdir);
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  }
  /** client create --keep-registration: the client, its secret, the kept file and the key that holds the secret. */
  async function created(d: Demo) {
    const regFile = path.join(rdir, `reg${++n}.json`);
    const secretFile = path.join(rdir, `s${n}.secret`);
    const r = await cli(['client', 'create', '--endpoint', d.endpoint, '--ca-file', d.caFile!, '--timeout', '10', '--name', `ci-${n}`, '--credential-env', 'REG_TOKEN', '--keep-registration', regFile, '--secret-file', secretFile, '--yes', '--json'], { REG_TOKEN: IAT });
    expect(r.code).toBe(0);
    const clientId = JSON.parse(r.stdout).clientId as string;
    const secret = (await readFile(secretFile, 'utf8')).trimEnd();
    return { regFile, secret, key: b64(`union.demo.example:${clientId}:${secret}:demo`), token: JSON.parse(await readFile(regFile, 'utf8')).registration_access_token as string };
  }
  const works = async (d: Demo, key: string) => (await cli(['check', ...aimAt(d)], { FLYTE_API_KEY: key })).code;

  it('client create --keep-registration → rotate --registration-file: the new secret passes the check, the old one fails; the rotated token is saved (0600, backup)', async () => {
    const c = await created(rdemo);
    const r = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', '--yes', '--json', ...aimAt(rdemo)], { FLYTE_API_KEY: c.key });
    expect(r.code, r.stdout + r.stderr).toBe(2); // --json and --push none cannot be combined: the key would have nowhere to go
    const ok = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', '--yes', ...aimAt(rdemo)], { FLYTE_API_KEY: c.key });
    expect(ok.stderr).toMatch(/issued a new client secret on the RFC 7592 update/);
    expect(ok.code).toBe(0);
    const newKey = ok.stdout.trim();
    expect(newKey).not.toBe(c.key);
    assertNoCanary(ok.stderr, c.secret, c.key, newKey, c.token, IAT);
    expect(ok.stderr).toMatch(/Nothing to delete: the update replaced the old secret/);
    // The server rotated the registration access token: saved atomically, the previous file kept as .bak.
    const doc = JSON.parse(await readFile(c.regFile, 'utf8'));
    expect(doc.registration_access_token).not.toBe(c.token);
    expect(doc.kind).toBe('flyte-ci-auth/registration');
    expect((await stat(c.regFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(`${c.regFile}.bak`, 'utf8')).registration_access_token).toBe(c.token);
    assertNoCanary(ok.stderr, doc.registration_access_token);
    // The real server now takes only the new secret.
    expect(await works(rdemo, newKey)).toBe(0);
    expect(await works(rdemo, c.key)).toBe(1);

    // The saved token works for the next rotation (and --json reports what was created, never a secret).
    const again = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', '--yes', ...aimAt(rdemo)], { FLYTE_API_KEY: newKey });
    expect(again.code).toBe(0);
    expect(await works(rdemo, again.stdout.trim())).toBe(0);
    expect(await works(rdemo, newKey)).toBe(1);
  });

  it('--push github --yes --json: stored through gh, verified; --json reports the created secret by length only', async () => {
    const c = await created(rdemo);
    const r = await cli(['rotate', '--registration-file', c.regFile, '--push', 'github', '--repo', 'acme/app', '--yes', '--json', ...aimAt(rdemo)], { ...env(), FLYTE_API_KEY: c.key });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const stored = fake.secrets.get('acme/app||FLYTE_API_KEY')!.plaintext;
    expect(stored).not.toBe(c.key);
    const doc = JSON.parse(await readFile(c.regFile, 'utf8'));
    assertNoCanary(r.stdout, c.secret, c.key, stored, c.token, doc.registration_access_token, IAT);
    assertNoCanary(await readFile(ghLog, 'utf8'), c.secret, c.key, stored, c.token, IAT);
    expect(j.created).toMatchObject({ route: 'registration', dryRun: false, registrationTokenRotated: true, registrationFile: c.regFile });
    expect(j.created.secretLength).toBe(j.new.length);
    expect(j.deleted).toBeNull();
    expect(await works(rdemo, stored)).toBe(0);
    expect(await works(rdemo, c.key)).toBe(1);
  });

  it('--dry-run prints the two requests and sends nothing (the current key keeps working, the file is unchanged)', async () => {
    const c = await created(rdemo);
    const before = await readFile(c.regFile, 'utf8');
    const r = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', '--dry-run', ...aimAt(rdemo)], { FLYTE_API_KEY: c.key });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/reg\/.*\n.*Bearer <redacted>\n.*PUT https:/);
    assertNoCanary(r.stdout + r.stderr, c.secret, c.key, c.token, IAT);
    expect(await readFile(c.regFile, 'utf8')).toBe(before);
    expect(await works(rdemo, c.key)).toBe(0);
  });

  it('a server that keeps the secret on update: said so; without a terminal exit 1, the current key still works', async () => {
    const c = await created(keep);
    // Without --yes the update (irreversible: the old secret dies) is refused before anything is read.
    const noYes = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', ...aimAt(keep)], { FLYTE_API_KEY: c.key });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes \(the RFC 7592 update replaces the client secret at once\)/);
    const r = await cli(['rotate', '--registration-file', c.regFile, '--push', 'none', '--yes', ...aimAt(keep)], { FLYTE_API_KEY: c.key });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/does not rotate secrets on update: the RFC 7592 update kept the same client secret/);
    assertNoCanary(r.stderr, c.secret, c.key, c.token, IAT);
    expect(await works(keep, c.key)).toBe(0);
  });

  it('a file for another client, or a file that is not ours: refused before any update', async () => {
    const c = await created(rdemo);
    const other = await created(rdemo);
    const r = await cli(['rotate', '--registration-file', other.regFile, '--push', 'none', '--yes', ...aimAt(rdemo)], { FLYTE_API_KEY: c.key });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is for client .*, but the current key is for/);
    expect(await works(rdemo, other.key)).toBe(0);
    const bogus = path.join(rdir, 'bogus.json');
    await writeFile(bogus, '{"not":"ours"}');
    const b = await cli(['rotate', '--registration-file', bogus, '--push', 'none', '--yes', ...aimAt(rdemo)], { FLYTE_API_KEY: c.key });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/is not a registration file written by flyte-ci-auth client create --keep-registration/);
  });
});
