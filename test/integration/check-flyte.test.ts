/**
 * The flyte-style path end to end, through the BUILT command: a real oidc-provider and a fake Flyte control
 * plane speaking Connect with the flyteidl2 definitions, both over HTTPS with a private CA made by openssl,
 * trusted through --ca-file. The client secret is the canary (it contains + / % ~); no output ever holds it or
 * a token (a JWT shape), in any mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { startControlPlane } from '../../src/demo/controlplane.js';
import { runCheck } from '../../src/services/check/index.js';
import { Secret } from '../../src/core/secret.js';
import { CANARY_SECRET, assertNoCanary, runCli, type RunResult } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../servers/tls.js';

const JWT = /eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]+/;

function assertClean(r: RunResult): void {
  const all = r.stdout + r.stderr;
  assertNoCanary(all);
  expect(all).not.toMatch(JWT);
}

let pki: TestPki;
let demo: Demo;

beforeAll(async () => {
  pki = await makeTestPki();
  demo = await startDemo({
    clientSecret: CANARY_SECRET,
    tls: { key: pki.leaf.key, cert: pki.leaf.cert, caPem: pki.caPem },
    extraClients: [{ clientId: 'entra-app', secrets: ['entra~Secret.1_x'], entraLike: true }],
  });
});
afterAll(async () => {
  await demo?.close();
  await pki?.cleanup();
});

const base = () => ['check', '--endpoint', demo.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--client-id', demo.clientId, '--client-secret-env', 'CI_SECRET'];

describe('check, the flyte way, against the local control plane and authorization server', () => {
  it('succeeds with a secret containing + / % ~ and proves UserInfo accepted the token', async () => {
    const calls = demo.controlPlane.calls.length;
    const r = await runCli(base(), { env: { CI_SECRET: CANARY_SECRET } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('✓ Control plane: token endpoint https://127.0.0.1:');
    expect(r.stdout).toContain('header flyte-authorization');
    expect(r.stdout).toMatch(/✓ Token issued: HTTP 200 .* client_secret_basic, expires in 3600 s/);
    expect(r.stdout).toContain('✓ Signature verified against https://127.0.0.1:');
    expect(r.stdout).toContain('✓ The control plane accepted the token (UserInfo subject flyte-ci-demo)');
    expect(r.stdout).toMatch(/^OK: /m);
    // The control plane really verified the token from the flyte-authorization header.
    // First flyte's token-less call (answered UNAUTHENTICATED), then UserInfo with the token from flyte-authorization.
    expect(demo.controlPlane.calls.slice(calls)).toEqual([
      { header: null, verified: false, error: 'missing bearer' },
      { header: 'flyte-authorization', verified: true },
    ]);
    assertClean(r);
  });

  it('--json has exactly the documented shape', async () => {
    const r = await runCli([...base(), '--json'], { env: { CI_SECRET: CANARY_SECRET } });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['ok', 'diagnosis', 'warnings', 'token', 'http', 'target']);
    expect(Object.keys(j.diagnosis)).toEqual(['code', 'title', 'detail', 'fix']);
    expect(j.ok).toBe(true);
    expect(j.diagnosis.code).toBe('ok');
    expect(Array.isArray(j.diagnosis.fix)).toBe(true);
    expect(Array.isArray(j.warnings)).toBe(true);
    expect(Object.keys(j.token)).toEqual(['header', 'claims', 'expiresIn']);
    expect(j.token.header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(j.token.claims).toMatchObject({ sub: 'flyte-ci-demo', client_id: 'flyte-ci-demo', scope: 'all', aud: demo.controlPlane.audience });
    expect(j.token.expiresIn).toBe(3600);
    expect(j.http).toEqual({ status: 200 });
    expect(j.target).toEqual({ tokenUrl: demo.auth.tokenEndpoint, via: 'control-plane' });
    expect(r.stderr).toBe('');
    assertClean(r);
  });

  it('--verbose shows the exchange with the secret and token redacted', async () => {
    const r = await runCli([...base(), '--verbose'], { env: { CI_SECRET: CANARY_SECRET } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HTTP exchange (secrets and tokens redacted)');
    expect(r.stdout).toContain('> Authorization: Basic <base64 of "flyte-ci-demo:<redacted secret>">');
    expect(r.stdout).toContain('> flyte-authorization: Bearer <redacted token>');
    expect(r.stdout).toContain('"access_token":"<redacted>"');
    assertClean(r);
  });

  it('the secret on stdin works the same', async () => {
    const args = base().filter((a) => a !== '--client-secret-env' && a !== 'CI_SECRET');
    const r = await runCli([...args, '--client-secret-stdin'], { input: `${CANARY_SECRET}\n` });
    expect(r.code, r.stderr).toBe(0);
    assertClean(r);
  });

  it('FLYTE_API_KEY gives id and secret; --endpoint wins over the host inside the key (as in flyte)', async () => {
    const key = Buffer.from(`union.example.com:${demo.clientId}:${CANARY_SECRET}:demo`).toString('base64');
    const r = await runCli(['check', '--endpoint', demo.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--json'], { env: { FLYTE_API_KEY: key } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).diagnosis.code).toBe('ok');
    assertClean(r);
    assertNoCanary(r.stdout + r.stderr, key);
  });

  it('--api-key-stdin reads the key from stdin; --scope overrides the advertised scopes', async () => {
    const key = Buffer.from(`union.example.com:${demo.clientId}:${CANARY_SECRET}:demo`).toString('base64');
    const r = await runCli(['check', '--api-key-stdin', '--endpoint', demo.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--scope', 'all', '--verbose'], { input: `${key}\n` });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('> grant_type=client_credentials&scope=all&audience=');
    assertClean(r);
    assertNoCanary(r.stdout + r.stderr, key);
  });

  it('a wrong secret fails with exit 1 and a diagnosis, and the wrong secret is not echoed', async () => {
    const wrong = 'WRONG-canary+/%~secret';
    const r = await runCli([...base(), '--json'], { env: { CI_SECRET: wrong } });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(false);
    expect(j.diagnosis.code).toBe('client_authentication_failed');
    expect(j.http).toEqual({ status: 401 });
    expect(j.token).toBeNull();
    assertClean(r);
    assertNoCanary(r.stdout + r.stderr, wrong);
  });

  it('without --ca-file the private CA is not trusted: TLS diagnosis on the control plane', async () => {
    const args = base().filter((a, i, all) => a !== '--ca-file' && all[i - 1] !== '--ca-file');
    const r = await runCli([...args, '--json'], { env: { CI_SECRET: CANARY_SECRET } });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    // A certificate problem on the control plane keeps its tls_* code; the steps are about the certificate only.
    expect(j.diagnosis.code).toBe('tls_untrusted_certificate');
    expect(j.diagnosis.title).toMatch(/control plane/i);
    expect(j.diagnosis.fix.join('\n')).toMatch(/caCertFilePath/);
    expect(j.diagnosis.fix.join('\n')).toMatch(/--ca-file/);
    expect(j.diagnosis.fix.join('\n')).not.toMatch(/SSL_CERT_FILE|proxy|firewall|DNS/i);
    assertClean(r);
  });

  it('Entra-like app: 200 but no roles until admin consent is granted; then it passes', async () => {
    const args = ['check', '--endpoint', demo.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--client-id', 'entra-app', '--client-secret-env', 'S', '--provider', 'entra', '--json'];
    const before = await runCli(args, { env: { S: 'entra~Secret.1_x' } });
    expect(before.code).toBe(1);
    const j = JSON.parse(before.stdout);
    expect(j.diagnosis.code).toBe('admin_consent_missing');
    expect(j.http).toEqual({ status: 200 });
    expect(j.token.claims.idtyp).toBe('app');
    expect(j.token.claims.roles).toBeUndefined();
    // "Grant admin consent" in the portal.
    const { request } = await import('undici');
    const res = await request(`${demo.auth.issuer}/demo/grant-consent`, {
      method: 'POST',
      dispatcher: new (await import('undici')).Agent({ connect: { ca: pki.caPem } }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const after = await runCli(args, { env: { S: 'entra~Secret.1_x' } });
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout).token.claims.roles).toEqual(['Flyte.Deploy']);
    demo.auth.grantConsent(false);
  });

  it('rotation: old and new secret both work while both are registered, then only the new one', async () => {
    const NEW = 'NEW-rotated+/%~secret';
    demo.setSecrets([CANARY_SECRET, NEW]);
    try {
      for (const s of [CANARY_SECRET, NEW]) {
        const r = await runCheck({ endpoint: demo.endpoint, caFile: pki.caFile, idpCaFile: pki.caFile, clientId: demo.clientId, clientSecret: new Secret(s), authMethod: 'basic', timeoutMs: 5000 });
        expect(r.ok, r.diagnosis.code).toBe(true);
      }
      demo.setSecrets([NEW]);
      const old = await runCheck({ endpoint: demo.endpoint, caFile: pki.caFile, idpCaFile: pki.caFile, clientId: demo.clientId, clientSecret: new Secret(CANARY_SECRET), authMethod: 'basic', timeoutMs: 5000 });
      expect(old.ok).toBe(false);
      expect(old.diagnosis.code).toBe('client_authentication_failed');
    } finally {
      demo.setSecrets([CANARY_SECRET]);
    }
  });

  it('a token for another audience: the control plane rejects it on UserInfo', async () => {
    demo.auth.setResource('urn:someone-else');
    try {
      const steps: string[] = [];
      const r = await runCheck(
        { endpoint: demo.endpoint, caFile: pki.caFile, idpCaFile: pki.caFile, clientId: demo.clientId, clientSecret: new Secret(CANARY_SECRET), authMethod: 'basic', timeoutMs: 5000 },
        { onStep: (s) => steps.push(`${s.id}:${s.status}`) },
      );
      expect(r.ok).toBe(false);
      expect(r.diagnosis.code).toBe('control_plane_rejected_token');
      expect(steps).toContain('token:ok');
      expect(steps).toContain('userinfo:failed');
      expect(JSON.stringify(r)).not.toMatch(JWT);
    } finally {
      demo.auth.setResource(demo.controlPlane.audience);
    }
  });

  it('--issuer: discovery finds the token endpoint and the JWKS; no control plane involved', async () => {
    const r = await runCli(['check', '--issuer', demo.auth.issuer, '--idp-ca-file', pki.caFile, '--client-id', demo.clientId, '--client-secret-env', 'S', '--json'], {
      env: { S: CANARY_SECRET },
    });
    expect(r.code, r.stdout).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.target).toEqual({ tokenUrl: demo.auth.tokenEndpoint, via: 'issuer' });
    assertClean(r);
  });

  it('--token-url with --expect-audience that the token does not carry fails with audience_mismatch', async () => {
    const r = await runCli(
      ['check', '--token-url', demo.auth.tokenEndpoint, '--idp-ca-file', pki.caFile, '--client-id', demo.clientId, '--client-secret-env', 'S', '--expect-audience', 'https://not-this.example', '--json'],
      { env: { S: CANARY_SECRET } },
    );
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.diagnosis.code).toBe('audience_mismatch');
    expect(j.target.via).toBe('token-url');
    assertClean(r);
  });
});

describe('control planes that are not what flyte expects', () => {
  it('HTML from a console or proxy instead of Connect → control_plane_not_flyte', async () => {
    const cp = await startControlPlane({
      auth: () => ({ issuer: demo.auth.issuer, tokenEndpoint: demo.auth.tokenEndpoint, jwksUri: demo.auth.jwksUri }),
      scopes: ['all'],
      tls: { key: pki.leaf.key, cert: pki.leaf.cert },
      htmlInstead: true,
    });
    try {
      const r = await runCheck({ endpoint: cp.endpoint, caFile: pki.caFile, clientId: 'x', clientSecret: new Secret(CANARY_SECRET), authMethod: 'basic', timeoutMs: 5000 });
      expect(r.ok).toBe(false);
      expect(r.diagnosis.code).toBe('control_plane_not_flyte');
    } finally {
      await cp.close();
    }
  });

  it('a control plane without a token endpoint → auth_not_configured', async () => {
    const cp = await startControlPlane({
      auth: () => ({ issuer: '', tokenEndpoint: '', jwksUri: '' }),
      scopes: ['all'],
      tls: { key: pki.leaf.key, cert: pki.leaf.cert },
    });
    try {
      const r = await runCheck({ endpoint: cp.endpoint, caFile: pki.caFile, clientId: 'x', clientSecret: new Secret(CANARY_SECRET), authMethod: 'basic', timeoutMs: 5000 });
      expect(r.diagnosis.code).toBe('auth_not_configured');
      expect(r.ok).toBe(false);
    } finally {
      await cp.close();
    }
  });
});

describe('check --demo', () => {
  it('shows a passing and three failing checks (a wrong org among them), says it is a demo, exits 0, leaks nothing', async () => {
    const r = await runCli(['check', '--demo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^DEMO: /);
    expect(r.stdout.match(/^OK: /gm)).toHaveLength(1);
    expect(r.stdout.match(/^FAILED: /gm)).toHaveLength(3);
    expect(r.stdout).toContain('[admin_consent_missing]');
    expect(r.stdout).toContain('✓ The identity can read org "demo", project "flytesnacks", domain "development"');
    expect(r.stdout).toContain('[org_mismatch]');
    expect(r.stdout).not.toMatch(JWT);
    expect(r.stderr).toBe('');
  });
});
