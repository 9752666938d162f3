/**
 * Network failures for real, through the BUILT command, all on 127.0.0.1 (plus a `.invalid` name, which never
 * resolves): a socket that accepts and never answers (timeout), a closed port (refused), DNS failure, and TLS
 * with a private CA made by openssl (untrusted, wrong host, expired, bare self-signed), where --ca-file fixes
 * the untrusted case. Also the auth-method retry against a server that only accepts client_secret_post.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/demo/authserver.js';
import { CANARY_SECRET, assertNoCanary, runCli } from '../helpers/cli.js';
import { makeTestPki, type KeyPair, type TestPki } from '../servers/tls.js';

let pki: TestPki;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await pki?.cleanup();
});

const cred = ['--client-id', 'ci-bot', '--client-secret-env', 'S', '--json'];
const env = { S: CANARY_SECRET };

async function check(tokenUrl: string, extra: string[] = []) {
  const r = await runCli(['check', '--token-url', tokenUrl, ...cred, ...extra], { env });
  assertNoCanary(r.stdout + r.stderr);
  const j = r.stdout ? JSON.parse(r.stdout) : null;
  return { ...r, j };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((r) => {
        (server as http.Server).closeAllConnections?.();
        server.close(r);
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function tlsServer(pair: KeyPair): Promise<number> {
  return listen(
    https.createServer({ key: pair.key, cert: pair.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"opaque-xyz","expires_in":60,"token_type":"Bearer"}');
    }),
  );
}

describe('transport failures', () => {
  it('a server that accepts and never answers → timeout after --timeout seconds', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    const port = await listen(silent);
    closers.push(async () => sockets.forEach((s) => s.destroy()));
    const r = await check(`http://127.0.0.1:${port}/token`, ['--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('timeout');
    expect(r.j.http).toBeNull();
    expect(r.j.target.via).toBe('token-url');
  });

  it('a closed port → connection_refused', async () => {
    const s = net.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    const r = await check(`http://127.0.0.1:${port}/token`);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('connection_refused');
  });

  it('a name under .invalid → dns_lookup_failed', async () => {
    const r = await check('https://idp.flyte-ci-auth-test.invalid/oauth2/token');
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('dns_lookup_failed');
  });

  it('the control plane on a closed port → control_plane_unreachable (the cause in the title)', async () => {
    const s = net.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    const r = await runCli(['check', '--endpoint', `127.0.0.1:${port}`, ...cred], { env });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.diagnosis.code).toBe('control_plane_unreachable');
    expect(j.target).toEqual({ tokenUrl: null, via: 'control-plane' });
  });
});

describe('TLS', () => {
  it('private CA not trusted → tls_untrusted_certificate; --ca-file (control plane only) does not help; --idp-ca-file → ok', async () => {
    const port = await tlsServer(pki.leaf);
    const url = `https://127.0.0.1:${port}/token`;
    const untrusted = await check(url);
    expect(untrusted.code).toBe(1);
    expect(untrusted.j.diagnosis.code).toBe('tls_untrusted_certificate');
    // caCertFilePath never reaches flyte's token request: neither does --ca-file.
    const caFileOnly = await check(url, ['--ca-file', pki.caFile]);
    expect(caFileOnly.code).toBe(1);
    expect(caFileOnly.j.diagnosis.code).toBe('tls_untrusted_certificate');
    expect(caFileOnly.j.diagnosis.fix.join('\n')).toContain('SSL_CERT_FILE');
    const trusted = await check(url, ['--idp-ca-file', pki.caFile]);
    expect(trusted.code, trusted.stdout).toBe(0);
    // An opaque token is a warning, not a failure.
    expect(trusted.j.ok).toBe(true);
    expect(trusted.j.token).toBeNull();
    expect(trusted.j.warnings.map((w: { code: string }) => w.code)).toContain('opaque_token');
    expect(trusted.stdout).not.toContain('opaque-xyz');
  });

  it('a certificate for another host (CA trusted) → tls_hostname_mismatch', async () => {
    const port = await tlsServer(pki.wrongHost);
    const r = await check(`https://127.0.0.1:${port}/token`, ['--idp-ca-file', pki.caFile]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_hostname_mismatch');
  });

  it('an expired certificate (CA trusted) → tls_certificate_expired', async () => {
    const port = await tlsServer(pki.expired);
    const r = await check(`https://127.0.0.1:${port}/token`, ['--idp-ca-file', pki.caFile]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_certificate_expired');
  });

  it('a bare self-signed certificate → tls_untrusted_certificate', async () => {
    const port = await tlsServer(pki.selfSigned);
    const r = await check(`https://127.0.0.1:${port}/token`);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('tls_untrusted_certificate');
  });

  it('--idp-ca-file reaches the JWKS fetch too: signature verified against an HTTPS oidc-provider', async () => {
    const auth: AuthServer = await startAuthServer({
      clients: [{ clientId: 'ci-bot', secrets: [CANARY_SECRET] }],
      resource: 'https://union.example.test',
      scopes: ['all'],
      tls: { key: pki.leaf.key, cert: pki.leaf.cert },
    });
    closers.push(() => auth.close());
    const r = await runCli(['check', '--issuer', auth.issuer, '--idp-ca-file', pki.caFile, '--client-id', 'ci-bot', '--client-secret-env', 'S', '--verbose'], { env });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`✓ Signature verified against ${auth.jwksUri}`);
    assertNoCanary(r.stdout + r.stderr);
  });
});

describe('--auth-method auto', () => {
  it('a server that accepts only client_secret_post: the retry proves it, and it is a failure for flyte', async () => {
    const seen: string[] = [];
    const port = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d)).on('end', () => {
          const basic = req.headers.authorization?.startsWith('Basic ');
          seen.push(basic ? 'basic' : 'post');
          if (basic || !body.includes('client_secret=')) {
            res
              .writeHead(401, { 'content-type': 'application/json' })
              .end('{"error":"invalid_client","error_description":"Client authentication failed. Either the client or the client credentials are invalid."}');
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"opaque-post-token","expires_in":3600,"token_type":"Bearer"}');
        });
      }),
    );
    const r = await check(`http://127.0.0.1:${port}/token`, ['--auth-method', 'auto']);
    expect(seen).toEqual(['basic', 'post']);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('client_auth_method_mismatch');
    expect(r.j.diagnosis.title).toMatch(/client_secret_post.*client_secret_basic/);
    expect(r.stdout).not.toContain('opaque-post-token');
  });

  it('discovery advertises only client_secret_post and post works: basic is still tried, and its failure decides', async () => {
    const seen: string[] = [];
    let base = '';
    const port = await listen(
      http.createServer((req, res) => {
        if (req.url?.startsWith('/.well-known/')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({ issuer: base, token_endpoint: `${base}/token`, token_endpoint_auth_methods_supported: ['client_secret_post'] }),
          );
          return;
        }
        let body = '';
        req.on('data', (d) => (body += d)).on('end', () => {
          const basic = req.headers.authorization?.startsWith('Basic ');
          seen.push(basic ? 'basic' : 'post');
          if (basic || !body.includes('client_secret=')) {
            res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client","error_description":"Client authentication failed."}');
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"opaque-post-token","expires_in":3600,"token_type":"Bearer"}');
        });
      }),
    );
    base = `http://127.0.0.1:${port}`;
    const r = await runCli(['check', '--issuer', base, ...cred, '--auth-method', 'auto'], { env });
    assertNoCanary(r.stdout + r.stderr);
    const j = JSON.parse(r.stdout);
    expect(seen).toEqual(['post', 'basic']);
    expect(r.code).toBe(1);
    expect(j.diagnosis.code).toBe('client_auth_method_mismatch');
  });

  it('default (basic, like flyte): no retry, the failure is reported as is', async () => {
    const seen: string[] = [];
    const port = await listen(
      http.createServer((req, res) => {
        seen.push(req.headers.authorization ? 'basic' : 'post');
        req.resume().on('end', () =>
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client","error_description":"Client authentication failed. Either the client or the client credentials are invalid."}'),
        );
      }),
    );
    const r = await check(`http://127.0.0.1:${port}/token`);
    expect(seen).toEqual(['basic']);
    expect(r.code).toBe(1);
  });
});

describe('proxies (Node 20 fetch ignores them; this tool does not)', () => {
  it('HTTP_PROXY is used for the token request, and NO_PROXY exempts a host', async () => {
    const tokenPort = await listen(
      http.createServer((req, res) => {
        req.resume().on('end', () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"opaque-proxied","expires_in":60}'),
        );
      }),
    );
    const tunnels: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket: net.Socket, head) => {
      tunnels.push(String(req.url));
      const upstream = net.connect(Number(String(req.url).split(':').pop()), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxyPort = await listen(proxy);
    const url = `http://127.0.0.1:${tokenPort}/token`;
    const viaProxy = await runCli(['check', '--token-url', url, ...cred], { env: { ...env, HTTP_PROXY: `http://127.0.0.1:${proxyPort}` } });
    expect(viaProxy.code, viaProxy.stdout).toBe(0);
    expect(tunnels).toEqual([`127.0.0.1:${tokenPort}`]);
    const exempt = await runCli(['check', '--token-url', url, ...cred], {
      env: { ...env, HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: '127.0.0.1' },
    });
    expect(exempt.code).toBe(0);
    expect(tunnels).toHaveLength(1);
  });

  it('a proxy that is down: the diagnosis mentions the proxy', async () => {
    const s = net.createServer();
    const deadProxy = await listen(s);
    await new Promise((r) => s.close(r));
    const r = await runCli(['check', '--token-url', `http://127.0.0.1:${deadProxy}/token`, ...cred], { env: { ...env, HTTP_PROXY: `http://127.0.0.1:${deadProxy}` } });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    // The proxy itself refused: said as such since the client tunnels through the proxy itself (issue 15).
    expect(j.diagnosis.code).toBe('proxy_refused');
    expect(`${j.diagnosis.detail} ${j.diagnosis.fix.join(' ')}`).toMatch(/proxy/i);
  });
});

describe('usage errors exit 2 without a stack trace', () => {
  it.each([
    [['check', '--token-url', 'http://idp.example.com/token', '--client-id', 'x', '--client-secret-env', 'S'], /must use https/],
    [['check', '--endpoint', 'h.example.com', '--client-id', 'x', '--client-secret-env', 'NOPE'], /named by --client-secret-env is not set/],
    [['check', '--endpoint', 'h.example.com', '--client-id', 'x', '--client-secret-env', 'S', '--timeout', 'soon'], /--timeout/],
    [['check', '--endpoint', 'h.example.com', '--client-id', 'x', '--client-secret-env', 'S', '--auth-method', 'jwt'], /--auth-method/],
    [['check', '--endpoint', 'h.example.com'], /FLYTE_API_KEY/],
  ])('%j', async (args, message) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    assertNoCanary(r.stdout + r.stderr);
  });
});
