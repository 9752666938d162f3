/**
 * Issue 15, the control-plane side, through the BUILT command: a control plane (HTTPS, private CA) that streams
 * a Connect answer without end, one that advertises a header name with CR/LF, and the --json error document.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/demo/controlplane.js';
import { CANARY_SECRET, assertNoCanary, runCli } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../servers/tls.js';
import { startIssuer, type Issuer } from '../servers/hostile.js';

let pki: TestPki;
let issuer: Issuer;
beforeAll(async () => {
  pki = await makeTestPki();
  issuer = await startIssuer('good');
});
afterAll(async () => {
  await issuer?.close();
  await pki?.cleanup();
});

const cred = ['--client-id', 'ci-bot', '--client-secret-env', 'S', '--json'];
const env = { S: CANARY_SECRET };

describe('control planes that misbehave', () => {
  it('a Connect answer without end → ends with "too large", not an out-of-memory crash', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const server = https.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/proto' });
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runCli(['check', '--endpoint', endpoint, '--ca-file', pki.caFile, '--timeout', '5', ...cred], { env, timeoutMs: 20_000 });
      assertNoCanary(r.stdout + r.stderr);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout);
      expect(j.diagnosis.code).toBe('control_plane_unreachable');
      expect(j.diagnosis.title).toMatch(/too large/i);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a header name with CR/LF → control_plane_bad_header, not "could not be reached"', async () => {
    const cp = await startControlPlane({
      auth: () => ({ issuer: issuer.issuer, tokenEndpoint: `${issuer.url}/token`, jwksUri: `${issuer.url}/jwks` }),
      scopes: ['all'],
      headerName: 'flyte-authorization\r\nX-Injected: yes',
      tls: { key: pki.leaf.key, cert: pki.leaf.cert },
    });
    try {
      const r = await runCli(['check', '--endpoint', cp.endpoint, '--ca-file', pki.caFile, ...cred], { env });
      assertNoCanary(r.stdout + r.stderr);
      const j = JSON.parse(r.stdout);
      expect(j.diagnosis.code).toBe('control_plane_bad_header');
      expect(j.diagnosis.detail).toContain('flyte-authorization\\r\\nX-Injected: yes');
      expect(issuer.tokenHits()).toBe(0);
    } finally {
      await cp.close();
    }
  });
});

describe('a token endpoint advertised by the control plane', () => {
  it('as plain http:// on another host → insecure_url; the secret is not sent', async () => {
    const cp = await startControlPlane({
      auth: () => ({ issuer: issuer.issuer, tokenEndpoint: 'http://idp.example.com/oauth2/token', jwksUri: `${issuer.url}/jwks` }),
      scopes: ['all'],
      tls: { key: pki.leaf.key, cert: pki.leaf.cert },
    });
    try {
      const r = await runCli(['check', '--endpoint', cp.endpoint, '--ca-file', pki.caFile, ...cred], { env });
      assertNoCanary(r.stdout + r.stderr);
      const j = JSON.parse(r.stdout);
      expect(j.diagnosis.code).toBe('insecure_url');
      expect(j.diagnosis.detail).toMatch(/plain http to idp\.example\.com/);
    } finally {
      await cp.close();
    }
  });
});
