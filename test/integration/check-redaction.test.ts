/**
 * A token endpoint that echoes what it received: the Authorization header (Basic base64(id:quote_plus(secret)))
 * and the secret inside a JSON string (escaped as JSON, and PHP-style with `\/`). Neither `check --verbose`
 * nor `check --json` may contain any form of it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact, Secret } from '../../src/core/secret.js';
import { basicAuthorization } from '../../src/services/token.js';
import { assertNoCanary, runCli } from '../helpers/cli.js';

// Quote, backslash and slash: its JSON-escaped forms differ from the raw value.
const SECRET = 'CANARY"jq\\Zq9/s3cr3t+%x';
const CLIENT_ID = 'ci-bot';
const BASIC = basicAuthorization(CLIENT_ID, new Secret(SECRET)).reveal();
const CREDENTIAL = BASIC.slice('Basic '.length);
const JSON_FORM = JSON.stringify(SECRET).slice(1, -1);
const SLASH_FORM = JSON_FORM.replace(/\//g, '\\/');

function forbidden(text: string): void {
  assertNoCanary(text, SECRET, CREDENTIAL, JSON_FORM, SLASH_FORM);
  expect(text).not.toContain(CREDENTIAL.slice(0, 16));
  expect(text).not.toContain('s3cr3t');
}

let server: http.Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    req.resume();
    req.on('end', () => {
      const auth = String(req.headers.authorization ?? '');
      // Hand-built so that the JSON and the `\/` forms of the secret both appear, plus the echoed header.
      const body = `{"error":"invalid_client","error_description":"Client authentication failed for secret ${JSON_FORM} (also ${SLASH_FORM}); received Authorization: ${auth}","echo":"${auth}"}`;
      res.writeHead(401, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('redact: more encodings', () => {
  it('removes the JSON-escaped and \\/-escaped forms, the base64, and a Basic credential without its scheme', () => {
    const text = `a ${JSON_FORM} b ${SLASH_FORM} c ${Buffer.from(SECRET).toString('base64')} d ${CREDENTIAL} e ${BASIC}`;
    const out = redact(text, [new Secret(SECRET), new Secret(BASIC)]);
    forbidden(out);
    expect(out).toBe('a <redacted> b <redacted> c <redacted> d <redacted> e Basic <redacted>');
  });
});

describe('check against a token endpoint that echoes credentials', () => {
  for (const mode of [['--verbose'], ['--json'], ['--json', '--verbose']]) {
    it(`check ${mode.join(' ')}: neither the Authorization value nor the JSON-escaped secret is printed`, async () => {
      const before = seen.length;
      const r = await runCli(['check', '--token-url', url, '--client-id', CLIENT_ID, '--client-secret-env', 'S', '--auth-method', 'basic', ...mode], {
        env: { S: SECRET },
      });
      expect(seen.length).toBeGreaterThan(before);
      expect(seen.at(-1)).toBe(BASIC); // the server really received (and echoed) the header
      expect(r.code).toBe(1);
      forbidden(r.stdout + r.stderr);
      if (mode.includes('--json')) {
        const j = JSON.parse(r.stdout);
        expect(j.ok).toBe(false);
      } else {
        expect(r.stdout).toMatch(/HTTP exchange/);
        expect(r.stdout).toMatch(/invalid_client/);
      }
    });
  }
});

describe('check-view (the wizard): the pattern backstop applies too', () => {
  it('exchangeBlock and reportBlocks mask a Basic credential, a JWT and client_secret=… not in the secret list', async () => {
    const { exchangeBlock, reportBlocks } = await import('../../src/flow/check-view.js');
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLWNhbmFyeQ';
    const report = {
      ok: false,
      diagnosis: { code: 'invalid_client', severity: 'error', title: 'Rejected', detail: `echo: client_secret=Other9Secret`, fix: [], providerText: `Authorization: ${BASIC}` },
      warnings: [],
      token: null,
      http: null,
      target: { tokenUrl: url, via: 'token-url' },
      provider: 'generic',
      steps: [{ id: 'token', status: 'failed', summary: `got ${jwt}` }],
      claimRows: [],
      exchange: [`< {"echo":"${BASIC}","token":"${jwt}"}`],
    } as unknown as Parameters<typeof reportBlocks>[0];
    const text = JSON.stringify([exchangeBlock(report, []), ...reportBlocks(report, [])]);
    forbidden(text);
    expect(text).not.toContain(jwt.slice(0, 30));
    expect(text).not.toContain('Other9Secret');
    expect(text).toContain('<redacted>');
  });
});
