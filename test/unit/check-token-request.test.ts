/**
 * The token request byte for byte as flyte sends it: quote_plus vectors produced by CPython's
 * urllib.parse.quote_plus, and the request a local server actually receives (headers, body, Basic header).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { createHttpClient, type HttpClient } from '../../src/services/http.js';
import { basicAuthorization, buildTokenRequest, quotePlus, requestToken } from '../../src/services/token.js';
import { CANARY_SECRET, assertNoCanary } from '../helpers/cli.js';

// python3 -c "from urllib.parse import quote_plus; print(quote_plus(s))"
const PYTHON_VECTORS: Array<[string, string]> = [
  ['a+b/c%d~e', 'a%2Bb%2Fc%25d~e'],
  ["!'()*", '%21%27%28%29%2A'],
  ['a b', 'a+b'],
  ['é€😀', '%C3%A9%E2%82%AC%F0%9F%98%80'],
  ['-_.~', '-_.~'],
  [CANARY_SECRET, 'CANARY-s3cr3t%2B%2F%25~Zq9'],
  ['=&?#:@$,;[]', '%3D%26%3F%23%3A%40%24%2C%3B%5B%5D'],
  ['ab"<>\\^`{|}', 'ab%22%3C%3E%5C%5E%60%7B%7C%7D'],
];

describe('quotePlus matches Python urllib.parse.quote_plus', () => {
  it.each(PYTHON_VECTORS)('%j → %s', (input, expected) => {
    expect(quotePlus(input)).toBe(expected);
  });

  it('Basic header: id as is, secret quote_plus-encoded, then base64 (value from CPython)', () => {
    // base64.b64encode(('ci-bot:' + quote_plus(CANARY)).encode())
    expect(basicAuthorization('ci-bot', new Secret(CANARY_SECRET)).reveal()).toBe('Basic Y2ktYm90OkNBTkFSWS1zM2NyM3QlMkIlMkYlMjV+WnE5');
  });

  it('the client id is not encoded (flyte does not encode it)', () => {
    const h = basicAuthorization('my id+x', new Secret('s'));
    expect(Buffer.from(h.reveal().slice(6), 'base64').toString()).toBe('my id+x:s');
  });
});

describe('buildTokenRequest', () => {
  const base = { tokenUrl: 'https://idp.example/token', clientId: 'ci', clientSecret: new Secret(CANARY_SECRET), method: 'basic' as const };

  it('scope joined by a space and form-encoded; audience only when non-empty', () => {
    const r = buildTokenRequest({ ...base, scopes: ['api://x/.default', 'all'], audience: '' });
    expect(r.body).toBe('grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default+all');
  });

  it('an empty scope list sends "scope=" (as flyte does); null sends no scope at all', () => {
    expect(buildTokenRequest({ ...base, scopes: [] }).body).toBe('grant_type=client_credentials&scope=');
    expect(buildTokenRequest({ ...base, scopes: null }).body).toBe('grant_type=client_credentials');
  });

  it('audience is sent when given', () => {
    expect(buildTokenRequest({ ...base, scopes: ['all'], audience: 'https://union.acme.com' }).body).toBe(
      'grant_type=client_credentials&scope=all&audience=https%3A%2F%2Funion.acme.com',
    );
  });

  it('the printable description never holds the secret, in either method', () => {
    for (const method of ['basic', 'post'] as const) {
      const r = buildTokenRequest({ ...base, scopes: ['all'], method });
      assertNoCanary(r.describe.join('\n'));
      expect(r.describe.join('\n')).toContain('<redacted');
    }
  });
});

describe('the request a server receives', () => {
  let server: http.Server;
  let url: string;
  let client: HttpClient;
  const seen: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{}' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
    client = await createHttpClient({ timeoutMs: 5000, env: {} });
  });
  afterAll(async () => {
    await client.close();
    await new Promise((r) => server.close(r));
  });

  it('basic: exactly the headers and body flyte sends', async () => {
    seen.length = 0;
    reply = { status: 200, body: JSON.stringify({ access_token: 'tok-CANARYTOKEN-1', token_type: 'Bearer', expires_in: 3600 }) };
    const out = await requestToken(client.fetch, {
      tokenUrl: url,
      clientId: 'ci-bot',
      clientSecret: new Secret(CANARY_SECRET),
      scopes: ['all'],
      audience: 'https://union.acme.com',
      method: 'basic',
    });
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['cache-control']).toBe('no-cache');
    expect(req.headers.authorization).toBe('Basic Y2ktYm90OkNBTkFSWS1zM2NyM3QlMkIlMkYlMjV+WnE5');
    expect(req.body).toBe('grant_type=client_credentials&scope=all&audience=https%3A%2F%2Funion.acme.com');
    expect(out.kind).toBe('http');
    if (out.kind !== 'http') return;
    expect(out.accessToken?.reveal()).toBe('tok-CANARYTOKEN-1');
    expect(out.expiresIn).toBe(3600);
    // The observation and the exchange never hold the token or the secret.
    const visible = JSON.stringify(out.observation) + out.exchange.join('\n') + JSON.stringify(out.json);
    assertNoCanary(visible, 'tok-CANARYTOKEN-1');
  });

  it('post: id and secret in the body, no Authorization header', async () => {
    seen.length = 0;
    reply = { status: 200, body: JSON.stringify({ access_token: 'x', expires_in: 60 }) };
    await requestToken(client.fetch, { tokenUrl: url, clientId: 'ci bot', clientSecret: new Secret(CANARY_SECRET), scopes: null, method: 'post' });
    const req = seen[0]!;
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe('grant_type=client_credentials&client_id=ci+bot&client_secret=CANARY-s3cr3t%2B%2F%25~Zq9');
  });

  it('a 200 without expires_in is reported as such (expiresIn null)', async () => {
    reply = { status: 200, body: JSON.stringify({ access_token: 'abc', token_type: 'Bearer' }) };
    const out = await requestToken(client.fetch, { tokenUrl: url, clientId: 'c', clientSecret: new Secret('s3cret'), scopes: null, method: 'basic' });
    expect(out.kind === 'http' && out.expiresIn).toBe(null);
  });

  it('never follows a redirect on the POST', async () => {
    seen.length = 0;
    reply = { status: 302, body: '', headers: { location: `${url}?followed=1` } };
    const out = await requestToken(client.fetch, { tokenUrl: url, clientId: 'c', clientSecret: new Secret('s3cret'), scopes: null, method: 'basic' });
    expect(seen).toHaveLength(1);
    expect(out.kind === 'http' && out.observation.status).toBe(302);
  });

  it('an error body that echoes the secret is redacted before anyone sees it', async () => {
    reply = { status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: `bad secret ${CANARY_SECRET}` }) };
    const out = await requestToken(client.fetch, { tokenUrl: url, clientId: 'c', clientSecret: new Secret(CANARY_SECRET), scopes: null, method: 'basic' });
    expect(out.kind).toBe('http');
    if (out.kind !== 'http') return;
    expect(out.observation.body).toContain('<redacted>');
    assertNoCanary(JSON.stringify(out.observation) + out.exchange.join('\n'));
  });
});
