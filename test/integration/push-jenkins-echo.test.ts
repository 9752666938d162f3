/**
 * A Jenkins (or a proxy in front of it) whose error pages echo the request's Authorization header:
 * `push jenkins` must print neither the API token nor the Basic header value (base64 of user:token).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';

const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');
const TOKEN = 'jenkinsCANARYtoken77';
const USER = 'deploy-bot';
const CREDENTIAL = Buffer.from(`${USER}:${TOKEN}`).toString('base64');

let server: Server;
let base: string;
let status = 400;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => {
      const auth = String(req.headers.authorization ?? '');
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`Rejected request. Headers: Authorization=${auth}; raw credential ${auth.replace(/^Basic /, '')}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('push jenkins: an endpoint echoing its Authorization header', () => {
  for (const code of [400, 401, 403, 500]) {
    for (const json of [false, true]) {
      it(`HTTP ${code}${json ? ' --json' : ''}: no token, no Basic value in the output`, async () => {
        status = code;
        const before = hits;
        const r = await runCli(['push', 'jenkins', '--url', base, '--user', USER, '--api-key-stdin', '--yes', ...(json ? ['--json'] : [])], {
          input: KEY,
          env: { JENKINS_API_TOKEN: TOKEN },
        });
        expect(hits).toBeGreaterThan(before);
        expect(r.code).toBe(1);
        assertNoCanary(r.stdout + r.stderr, KEY, TOKEN, CREDENTIAL);
        expect(r.stdout + r.stderr).not.toContain(CREDENTIAL.slice(0, 12));
      });
    }
  }
});
