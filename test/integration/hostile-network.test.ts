/**
 * Issue 15, network side, through the BUILT command against real servers on 127.0.0.1 (test/servers/hostile.ts):
 * bodies without end, broken proxies, unsigned or wrongly signed tokens, plain-http and redirected discovery,
 * servers that echo the secret into claims, extreme claim values, control characters for --json.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET, assertNoCanary, runCli } from '../helpers/cli.js';
import { b64, rawJwt, startBadProxy, startEndlessBody, startIssuer, startTokenEndpoint, type Running } from '../servers/hostile.js';

const running: Running[] = [];
afterAll(async () => {
  for (const r of running.reverse()) await r.close().catch(() => undefined);
});
async function keep<T extends Running>(p: Promise<T>): Promise<T> {
  const r = await p;
  running.push(r);
  return r;
}

const cred = ['--client-id', 'ci-bot', '--client-secret-env', 'S', '--json'];
const env = { S: CANARY_SECRET };

/** Run check; every outcome must print exactly one JSON document and never the secret. */
async function check(args: string[], extraEnv: Record<string, string> = {}, hardCapMs = 20_000) {
  const started = Date.now();
  const r = await runCli(['check', ...args, ...cred], { env: { ...env, ...extraEnv }, timeoutMs: hardCapMs });
  const ms = Date.now() - started;
  assertNoCanary(r.stdout + r.stderr);
  let j: any = null;
  expect(() => (j = JSON.parse(r.stdout)), `stdout is not one JSON document: ${r.stdout.slice(0, 300)} / ${r.stderr.slice(0, 300)}`).not.toThrow();
  return { ...r, j, ms };
}

describe('answers are read with a byte cap and under the deadline', () => {
  it('a token endpoint that streams without end → response_too_large, ends long before the hard cap', async () => {
    const s = await keep(startEndlessBody('fast'));
    const r = await check(['--token-url', `${s.url}/token`, '--timeout', '3']);
    expect(r.code).toBe(1); // killed by the hard cap would be null
    expect(r.j.diagnosis.code).toBe('response_too_large');
    expect(r.j.diagnosis.title).not.toMatch(/web page|not JSON/i);
  });

  it('a body that trickles without end → timeout at --timeout, not never', async () => {
    const s = await keep(startEndlessBody('trickle'));
    const r = await check(['--token-url', `${s.url}/token`, '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('timeout');
  });

  it('the same for discovery (--issuer) and for the control plane path is covered by one client: discovery streaming without end', async () => {
    const s = await keep(startEndlessBody('fast', '{"issuer":"'));
    const r = await check(['--issuer', s.url, '--timeout', '3']);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('response_too_large');
  });

  it('a valid token answer padded over the cap is "too large", not "a web page"', async () => {
    const pad = 'x'.repeat(600 * 1024);
    const s = await keep(startTokenEndpoint(() => ({ body: JSON.stringify({ access_token: 'opaque-token', token_type: 'Bearer', expires_in: 60, pad }) })));
    const r = await check(['--token-url', `${s.url}/token`]);
    expect(r.j.diagnosis.code).toBe('response_too_large');
  });
});

describe('a broken proxy ends the check with a diagnosis', () => {
  const target = 'https://idp.example.com/oauth2/token';

  it('closes the connection after CONNECT → proxy_tunnel_closed, with at most one reconnect', async () => {
    const p = await keep(startBadProxy('close-after-connect'));
    const r = await check(['--token-url', target, '--timeout', '5'], { HTTPS_PROXY: p.url });
    expect(r.j.diagnosis.code).toBe('proxy_tunnel_closed');
    expect(p.connects()).toBeLessThanOrEqual(2);
  });

  it('opens the tunnel, then hangs up → proxy_tunnel_closed, no reconnect loop', async () => {
    const p = await keep(startBadProxy('open-then-close'));
    const r = await check(['--token-url', target, '--timeout', '5'], { HTTPS_PROXY: p.url });
    expect(r.j.diagnosis.code).toBe('proxy_tunnel_closed');
    expect(p.connects()).toBeLessThanOrEqual(2);
  });

  it('accepts CONNECT and never answers → proxy_timeout within --timeout', async () => {
    const p = await keep(startBadProxy('silent'));
    const r = await check(['--token-url', target, '--timeout', '2'], { HTTPS_PROXY: p.url }, 15_000);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('proxy_timeout');
  });

  it('answers 407 → proxy_auth_required with the fix (credentials in the proxy URL, NO_PROXY)', async () => {
    const p = await keep(startBadProxy('407'));
    const r = await check(['--token-url', target, '--timeout', '5'], { HTTPS_PROXY: p.url });
    expect(r.j.diagnosis.code).toBe('proxy_auth_required');
    const words = `${r.j.diagnosis.title} ${r.j.diagnosis.fix.join(' ')}`;
    expect(words).toMatch(/407/);
    expect(words).toMatch(/USER:PASSWORD@/);
    expect(words).toMatch(/NO_PROXY/);
  });

  it('a proxy that is not listening → proxy_refused', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const r = await check(['--token-url', target, '--timeout', '5'], { HTTPS_PROXY: `http://127.0.0.1:${port}` });
    expect(r.j.diagnosis.code).toBe('proxy_refused');
  });

  it("HTTPS_PROXY='not a url' → exit 2 with the variable named, in words", async () => {
    const r = await check(['--token-url', target], { HTTPS_PROXY: 'not a url' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HTTPS_PROXY is not a proxy URL: "not a url"/);
    expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
    expect(r.j.ok).toBe(false);
  });
});

describe('a token is not fine unless its signature is', () => {
  it('alg "none" from an issuer with a reachable key set → signature_invalid (a failure)', async () => {
    const iss = await keep(startIssuer('none'));
    const r = await check(['--issuer', iss.issuer]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('signature_invalid');
    expect(r.j.diagnosis.detail).toMatch(/not signed/);
  });

  it('HS256 from an issuer that publishes only RSA keys → signature_invalid', async () => {
    const iss = await keep(startIssuer('hs256'));
    const r = await check(['--issuer', iss.issuer]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('signature_invalid');
    expect(r.j.diagnosis.detail).toMatch(/shared-secret/);
  });

  it('signed by a key the issuer does not publish → signature_invalid; signed right → ok', async () => {
    const bad = await keep(startIssuer('other-key'));
    expect((await check(['--issuer', bad.issuer])).j.diagnosis.code).toBe('signature_invalid');
    const good = await keep(startIssuer('good'));
    const ok = await check(['--issuer', good.issuer]);
    expect(ok.code, ok.stdout).toBe(0);
  });
});

describe('the secret never travels over plain http, whoever chose the URL', () => {
  it('discovery advertising an http:// token endpoint on another host → insecure_url, nothing sent', async () => {
    const iss = await keep(startIssuer('good', { discovery: { token_endpoint: 'http://idp.example.com/token' } }));
    const r = await check(['--issuer', iss.issuer]);
    expect(r.j.diagnosis.code).toBe('insecure_url');
  });

  it('a loopback literal such as [::ffff:127.0.0.1] is loopback, decided by the address, for the flag and the request', async () => {
    const s = await keep(startTokenEndpoint(() => ({ body: '{"access_token":"opaque-abc","token_type":"Bearer","expires_in":60}' })));
    const r = await check(['--token-url', `http://[::ffff:127.0.0.1]:${s.port}/token`]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('discovery that redirects to another host is reported, not followed, and shown in --verbose', async () => {
    const elsewhere = await keep(startIssuer('good'));
    const iss = await keep(startIssuer('good', { discoveryRedirect: () => `${elsewhere.url.replace('127.0.0.1', 'localhost')}/.well-known/openid-configuration` }));
    const r = await check(['--issuer', iss.issuer]);
    expect(r.j.diagnosis.code).toBe('redirect_refused');
    expect(elsewhere.tokenHits()).toBe(0);
    const v = await runCli(['check', '--issuer', iss.issuer, '--client-id', 'ci-bot', '--client-secret-env', 'S', '--verbose'], { env });
    expect(v.stdout).toMatch(/< HTTP 302 from http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration → http:\/\/localhost:/);
  });

  it('a redirect loop in discovery → redirect_refused saying "loop", not "fetch failed"', async () => {
    const iss = await keep(startIssuer('good', { discoveryRedirect: (base) => `${base}/.well-known/openid-configuration` }));
    const r = await check(['--issuer', iss.issuer]);
    expect(r.j.diagnosis.code).toBe('redirect_refused');
    expect(r.j.diagnosis.detail).toMatch(/loop/);
  });
});

describe('what the server sends back is redacted and bounded', () => {
  it('a server that echoes the decoded Basic credentials into claims: the secret appears nowhere (text and --json)', async () => {
    const s = await keep(
      startTokenEndpoint((req) => {
        const basic = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const secret = decodeURIComponent(basic.split(':').slice(1).join(':').replace(/\+/g, ' '));
        const claims = { sub: secret, name: `bot ${secret}`, nested: { x: [secret] }, [secret]: 1, exp: Math.floor(Date.now() / 1000) + 3600 };
        return { body: JSON.stringify({ access_token: rawJwt({ alg: 'RS256', typ: 'JWT' }, JSON.stringify(claims)), token_type: 'Bearer', expires_in: 3600 }) };
      }),
    );
    const r = await check(['--token-url', `${s.url}/token`]);
    expect(r.j.token.claims.sub).toBe('<redacted>');
    const text = await runCli(['check', '--token-url', `${s.url}/token`, '--client-id', 'ci-bot', '--client-secret-env', 'S', '--verbose'], { env });
    expect(text.stdout).toContain('Subject');
    assertNoCanary(text.stdout + text.stderr);
  });

  it.each([
    ['exp 1e308', '{"sub":"x","exp":1e308}'],
    ['exp 9e15', '{"sub":"x","exp":9000000000000000}'],
    ['claims nested 20,000 deep', `{"sub":"x","exp":${Math.floor(Date.now() / 1000) + 3600},"deep":${'['.repeat(20000)}${']'.repeat(20000)}}`],
  ])('%s → token_invalid with one JSON document, exit 1', async (_name, claims) => {
    const s = await keep(startTokenEndpoint(() => ({ body: JSON.stringify({ access_token: rawJwt({ alg: 'RS256' }, claims), token_type: 'Bearer', expires_in: 3600 }) })));
    const r = await check(['--token-url', `${s.url}/token`]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('token_invalid');
    expect(r.stderr).not.toMatch(/Invalid time value|Maximum call stack|unexpected failure/);
  });

  it('--json escapes C1 control characters (U+0080–U+009F) from server text', async () => {
    const claims = { sub: 'x\u009b31mred\u0085', exp: Math.floor(Date.now() / 1000) + 3600 };
    const s = await keep(startTokenEndpoint(() => ({ body: JSON.stringify({ access_token: rawJwt({ alg: 'RS256' }, JSON.stringify(claims)), token_type: 'Bearer', expires_in: 3600 }) })));
    const r = await check(['--token-url', `${s.url}/token`]);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f]/);
    expect(r.stdout).toContain('\\u009b');
    expect(r.j.token.claims.sub).toBe('x\u009b31mred\u0085');
  });
});

void http;


describe('an unsigned token without a key set to check against', () => {
  it('alg "none" from --token-url (no JWKS known) → signature_invalid, not "signature not checked"', async () => {
    const claims = { sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 };
    const s = await keep(startTokenEndpoint(() => ({ body: JSON.stringify({ access_token: `${b64({ alg: 'none' })}.${b64(claims)}.`, token_type: 'Bearer', expires_in: 3600 }) })));
    const r = await check(['--token-url', `${s.url}/token`]);
    expect(r.code).toBe(1);
    expect(r.j.diagnosis.code).toBe('signature_invalid');
  });
});

describe('a proxy that needs credentials', () => {
  it('with USER:PASSWORD in the proxy URL the tunnel opens and the check passes; the password is never printed', async () => {
    const s = await keep(startTokenEndpoint(() => ({ body: '{"access_token":"opaque-abc","token_type":"Bearer","expires_in":60}' })));
    const want = `Basic ${Buffer.from('corp user:p@ss w0rd').toString('base64')}`;
    let tunnels = 0;
    const proxy = http.createServer((_q, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket: net.Socket, head) => {
      socket.on('error', () => undefined);
      if (req.headers['proxy-authorization'] !== want) return void socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      tunnels++;
      const up = net.connect(Number(String(req.url).split(':').pop()), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(socket).pipe(up);
      });
      up.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    running.push({ port: 0, url: '', connections: () => 0, close: () => new Promise<void>((r) => (proxy.closeAllConnections(), proxy.close(() => r()))) });
    const port = (proxy.address() as AddressInfo).port;
    const without = await check(['--token-url', `${s.url}/token`], { HTTP_PROXY: `http://127.0.0.1:${port}` });
    expect(without.j.diagnosis.code).toBe('proxy_auth_required');
    const withCreds = await check(['--token-url', `${s.url}/token`], { HTTP_PROXY: `http://corp%20user:p%40ss%20w0rd@127.0.0.1:${port}` });
    expect(withCreds.code, withCreds.stdout).toBe(0);
    expect(tunnels).toBe(1);
    const bad = await check(['--token-url', `${s.url}/token`], { HTTPS_PROXY: 'http://corp:secretpw@proxy host:3128' });
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).not.toContain('secretpw');
    expect(bad.stderr).toContain('http://<credentials>@proxy host:3128');
  });
});
