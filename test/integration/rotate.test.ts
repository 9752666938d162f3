/**
 * `rotate` end to end with the BUILT command (run `npm run build` first): the demo's real authorization server
 * (oidc-provider, one client that holds two valid secrets during the overlap, then only the new one) and fake
 * Connect control plane run in this process; the child talks to them over HTTPS with the demo CA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { assertNoCanary, runCli } from '../helpers/cli.js';

const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
const KEY_HOST = 'union.demo.example';
const CLIENT = 'flyte-ci-demo';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`${KEY_HOST}:${CLIENT}:${OLD}:demo`);
const NEW_KEY = b64(`${KEY_HOST}:${CLIENT}:${NEW}:demo`);

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ clientSecret: OLD, clientId: CLIENT, org: 'demo' });
});
afterAll(async () => {
  await demo?.close();
});

/** --endpoint points the checks at the demo (host:port), exactly as flyte's --endpoint overrides the key's host. */
const checkFlags = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--timeout', '10'];

function noSecrets(text: string) {
  assertNoCanary(text, OLD, NEW, OLD_KEY, NEW_KEY);
}

describe('rotate against the demo authorization server and control plane', () => {
  it('--push none: overlap (old and new valid) → check, build, verify; the new key alone on stdout; then the old secret is revoked', async () => {
    demo.setSecrets([OLD, NEW]); // the provider now holds both: the overlap window
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'none', ...checkFlags()], {
      input: `${NEW}\n`,
      env: { FLYTE_API_KEY: OLD_KEY },
    });
    expect(r.stderr).toMatch(/ok +Check with the new secret passed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${NEW_KEY}\n`);
    noSecrets(r.stderr);
    expect(r.stderr).toMatch(/ok +The key as stored authenticates/);
    expect(r.stderr).toMatch(/Next rotation: \d{4}-\d{2}-\d{2}/);

    // The user deletes the old secret: only the new one is valid now.
    demo.setSecrets([NEW]);
    const fresh = await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: r.stdout.trim() } });
    expect(fresh.code).toBe(0);
    const stale = await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: OLD_KEY } });
    expect(stale.code).toBe(1);
  });

  it('a wrong new secret stops at the check: exit 1, no key printed, nothing after the check ran', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'none', ...checkFlags()], {
      input: 'WRONG-CANARY-secret',
      env: { FLYTE_API_KEY: OLD_KEY },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/FAIL +Check with the new secret failed/);
    expect(r.stderr).not.toMatch(/verif/i);
    noSecrets(r.stderr);
    assertNoCanary(r.stderr, 'WRONG-CANARY-secret');
  });

  it('--json reports each step with fingerprints and never a secret', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--json', '--client-secret-env', 'NEW_SECRET', '--push', 'github', '--repo', 'acme/app', '--dry-run', ...checkFlags()], {
      env: { FLYTE_API_KEY: OLD_KEY, NEW_SECRET: NEW },
    });
    noSecrets(r.stdout + r.stderr);
    const j = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ id: string; status: string }>; old: { length: number; fingerprint: string }; new: { fingerprint: string } };
    expect(j.old.length).toBe(OLD.length);
    expect(j.old.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(j.new.fingerprint).not.toBe(j.old.fingerprint);
    expect(j.steps.find((s) => s.id === 'check')?.status).toBe('ok');
  });

  it('usage errors: both values on stdin, a bad --push, no current key', async () => {
    const both = await runCli(['rotate', '--api-key-stdin', '--client-secret-stdin', '--push', 'none'], { input: 'x' });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/stdin can carry only one value/);
    const bad = await runCli(['rotate', '--client-secret-stdin', '--push', 'bitbucket'], { input: 'x' });
    expect(bad.code).toBe(2);
    const none = await runCli(['rotate', '--client-secret-stdin', '--push', 'none'], { input: NEW });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/FLYTE_API_KEY/);
  });
});
