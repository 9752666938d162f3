/**
 * flyte's two trust stores (issue 10 §1), through the BUILT command, against real servers: an identity provider
 * (oidc-provider) on one private CA made by openssl, a Connect control plane on ANOTHER. --ca-file is
 * caCertFilePath (control plane only, replacing the system roots); the token request trusts what httpx would:
 * --idp-ca-file, else SSL_CERT_FILE / SSL_CERT_DIR from the environment, else the public roots.
 */
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/demo/authserver.js';
import { startControlPlane, type ControlPlane } from '../../src/demo/controlplane.js';
import { CANARY_SECRET, assertNoCanary, runCli } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../servers/tls.js';

let idpPki: TestPki;
let cpPki: TestPki;
let auth: AuthServer;
let cp: ControlPlane;
let dir: string;
let bothCas: string;

beforeAll(async () => {
  [idpPki, cpPki] = await Promise.all([makeTestPki(), makeTestPki()]);
  auth = await startAuthServer({
    clients: [{ clientId: 'ci-bot', secrets: [CANARY_SECRET] }],
    resource: 'urn:placeholder',
    scopes: ['all'],
    tls: { key: idpPki.leaf.key, cert: idpPki.leaf.cert },
  });
  cp = await startControlPlane({
    auth: () => ({ issuer: auth.issuer, tokenEndpoint: auth.tokenEndpoint, jwksUri: auth.jwksUri }),
    scopes: ['all'],
    tls: { key: cpPki.leaf.key, cert: cpPki.leaf.cert },
    caPem: idpPki.caPem,
  });
  auth.setResource(cp.audience);
  dir = await mkdtemp(path.join(tmpdir(), 'fca-split-'));
  bothCas = path.join(dir, 'both.pem');
  await writeFile(bothCas, idpPki.caPem + cpPki.caPem);
});
afterAll(async () => {
  await cp?.close();
  await auth?.close();
  await Promise.all([idpPki?.cleanup(), cpPki?.cleanup()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cred = () => ['check', '--endpoint', cp.endpoint, '--client-id', 'ci-bot', '--client-secret-env', 'S', '--json'];
const run = async (extra: string[], env: Record<string, string> = {}) => {
  const r = await runCli([...cred(), ...extra], { env: { S: CANARY_SECRET, ...env } });
  assertNoCanary(r.stdout + r.stderr);
  return { ...r, j: r.stdout ? JSON.parse(r.stdout) : null };
};

describe('TLS trust is split the way flyte splits it', () => {
  it('--ca-file holding BOTH CAs does not make the token endpoint trusted: the token request fails, naming it and SSL_CERT_FILE', async () => {
    // Today's main passes here, and `flyte deploy` then fails with CERTIFICATE_VERIFY_FAILED inside get_token.
    const r = await run(['--ca-file', bothCas]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_untrusted_certificate');
    expect(r.j.diagnosis.title).toMatch(/token endpoint/i);
    const tokenHost = new URL(auth.tokenEndpoint).host;
    expect(r.j.diagnosis.detail).toContain(tokenHost);
    const fix = r.j.diagnosis.fix.join('\n');
    expect(fix).toContain('SSL_CERT_FILE');
    expect(fix).toMatch(/public roots/);
    expect(r.j.target.tokenUrl).toBe(auth.tokenEndpoint);
  });

  it('--ca-file (control plane CA) + --idp-ca-file (the bundle CI puts in SSL_CERT_FILE) → ok', async () => {
    const r = await run(['--ca-file', cpPki.caFile, '--idp-ca-file', idpPki.caFile]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.j.ok).toBe(true);
  });

  it('SSL_CERT_FILE in the environment stands for the token side, as httpx reads it', async () => {
    const r = await run(['--ca-file', cpPki.caFile], { SSL_CERT_FILE: idpPki.caFile });
    expect(r.code, r.stdout).toBe(0);
  });

  it('SSL_CERT_DIR in the environment is read too (when SSL_CERT_FILE is not set)', async () => {
    const certDir = path.join(dir, 'certs');
    await (await import('node:fs/promises')).mkdir(certDir, { recursive: true });
    await copyFile(idpPki.caFile, path.join(certDir, 'idp-ca.pem'));
    const r = await run(['--ca-file', cpPki.caFile], { SSL_CERT_DIR: certDir });
    expect(r.code, r.stdout).toBe(0);
  });

  it('SSL_CERT_FILE replaces the default bundle: a file without the IdP CA fails even though --ca-file has it', async () => {
    const r = await run(['--ca-file', bothCas], { SSL_CERT_FILE: cpPki.caFile });
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_untrusted_certificate');
    expect(r.j.diagnosis.title).toMatch(/token endpoint/i);
  });

  it('an untrusted control plane gets tls_untrusted_certificate (not control_plane_unreachable), with certificate-only steps', async () => {
    // --ca-file is the control plane's ONLY bundle: the IdP's CA does not vouch for the control plane.
    const r = await run(['--ca-file', idpPki.caFile, '--idp-ca-file', idpPki.caFile]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_untrusted_certificate');
    expect(r.j.diagnosis.title).toMatch(/control plane/i);
    const fix = r.j.diagnosis.fix.join('\n');
    expect(fix).toMatch(/caCertFilePath/);
    expect(fix).not.toMatch(/SSL_CERT_FILE|proxy|firewall|DNS|VPN/i);
  });

  it('--ca-file replaces the system roots: a CA the system store trusts (NODE_EXTRA_CA_CERTS) no longer counts', async () => {
    // Without --ca-file the control plane is trusted through the system store...
    const viaSystem = await run(['--idp-ca-file', idpPki.caFile], { NODE_EXTRA_CA_CERTS: cpPki.caFile });
    expect(viaSystem.code, viaSystem.stdout).toBe(0);
    // ...with --ca-file naming another CA, only that file counts, as caCertFilePath does in flyte.
    const replaced = await run(['--ca-file', idpPki.caFile, '--idp-ca-file', idpPki.caFile], { NODE_EXTRA_CA_CERTS: cpPki.caFile });
    expect(replaced.code).toBe(1);
    expect(replaced.j.diagnosis.code).toBe('tls_untrusted_certificate');
  });

  it('the token side ignores NODE_EXTRA_CA_CERTS (certifi would not have it)', async () => {
    const r = await run(['--ca-file', cpPki.caFile], { NODE_EXTRA_CA_CERTS: idpPki.caFile });
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.title).toMatch(/token endpoint/i);
  });
});
