/**
 * `push jenkins` against a small Jenkins credentials endpoint on 127.0.0.1 that checks HTTP Basic auth and the
 * "Secret text" XML, answers 200 on create, 409 when the id exists, and 200 on config.xml update.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';

const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');
const TOKEN = 'jenkins-api-token-CANARY-77';
const CLASS = 'org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl';

interface Req {
  method: string;
  path: string;
  contentType?: string;
  body: string;
}

describe('push jenkins against a local credentials endpoint', () => {
  let server: Server;
  let base: string;
  const requests: Req[] = [];
  const store = new Map<string, string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        requests.push({ method: req.method ?? '', path, contentType: req.headers['content-type'], body });
        const auth = req.headers.authorization ?? '';
        const [user, token] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
        if (token !== TOKEN) return void res.writeHead(401).end('<html><body>Unauthorized</body></html>');
        if (user === 'viewer') return void res.writeHead(403).end('<html>viewer is missing the Credentials/Create permission</html>');
        // Check the XML the way Jenkins' XStream would need it.
        const m = new RegExp(`^<${CLASS}>\\n  <scope>GLOBAL</scope>\\n  <id>([^<]+)</id>\\n  <description>[^<]*</description>\\n  <secret>([^<]*)</secret>\\n</${CLASS}>\\n$`).exec(body);
        if (req.method !== 'POST' || !/^application\/xml/.test(req.headers['content-type'] ?? '') || !m) return void res.writeHead(500).end('unparsable');
        const [, id, secret] = m;
        const create = /^(?:\/job\/team\/job\/app)?\/credentials\/store\/(system|folder)\/domain\/_\/createCredentials$/.exec(path);
        const update = /^(?:\/job\/team\/job\/app)?\/credentials\/store\/(system|folder)\/domain\/_\/credential\/([^/]+)\/config\.xml$/.exec(path);
        if (path.startsWith('/job/') && !path.startsWith('/job/team/job/app/')) return void res.writeHead(404).end('Not Found');
        if (create) {
          if (store.has(`${create[1]}|${id}`)) return void res.writeHead(409).end('duplicate');
          store.set(`${create[1]}|${id}`, secret!);
          return void res.writeHead(200).end();
        }
        if (update && decodeURIComponent(update[2]!) === id && store.has(`${update[1]}|${id}`)) {
          store.set(`${update[1]}|${id}`, secret!);
          return void res.writeHead(200).end();
        }
        res.writeHead(404).end('Not Found');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    requests.length = 0;
    store.clear();
  });

  const env = (extra: Record<string, string> = {}) => ({ FLYTE_API_KEY: KEY, JENKINS_API_TOKEN: TOKEN, ...extra });
  const noLeak = (...texts: string[]) => texts.forEach((t) => assertNoCanary(t, KEY, TOKEN));

  it('creates the Secret text credential in the system store (200)', async () => {
    const r = await runCli(['push', 'jenkins', '--url', `${base}/`, '--user', 'deployer', '--yes'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /credentials/store/system/domain/_/createCredentials']);
    expect(store.get('system|flyte-api-key')).toBe(KEY);
    expect(r.stdout).toContain('Credential  flyte-api-key');
    expect(r.stdout).toContain(`✓ Stored flyte-api-key in ${base} — system store (global domain).`);
    noLeak(r.stdout, r.stderr);
  });

  it('updates on 409 (the id exists) through credential/ID/config.xml', async () => {
    store.set('system|flyte-api-key', 'old');
    const r = await runCli(['push', 'jenkins', '--url', base, '--user', 'deployer', '--yes', '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.path)).toEqual(['/credentials/store/system/domain/_/createCredentials', '/credentials/store/system/domain/_/credential/flyte-api-key/config.xml']);
    expect(store.get('system|flyte-api-key')).toBe(KEY);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, action: 'updated', target: 'jenkins', name: 'flyte-api-key' });
    noLeak(r.stdout, r.stderr);
  });

  it('a folder store and a custom credential id', async () => {
    const r = await runCli(['push', 'jenkins', '--url', base, '--user', 'deployer', '--folder', 'team/app', '--credential-id', 'FLYTE_API_KEY', '--yes'], { env: env() });
    expect(r.code).toBe(0);
    expect(requests[0]!.path).toBe('/job/team/job/app/credentials/store/folder/domain/_/createCredentials');
    expect(store.get('folder|FLYTE_API_KEY')).toBe(KEY);
  });

  it.each([
    [{ JENKINS_API_TOKEN: 'wrong' }, 'deployer', [], /rejected the API token of "deployer" \(401\)/, /API Token/],
    [{}, 'viewer', [], /"viewer" may not create or update credentials in the system store \(global domain\) \(403\)/, /Credentials\/Create/],
    [{}, 'deployer', ['--folder', 'nope'], /no credentials store at that address \(folder nope, 404\)/, /--folder/],
  ])('failure %#: plain message and next step', async (extraEnv, user, extraArgs, message, next) => {
    const r = await runCli(['push', 'jenkins', '--url', base, '--user', user, ...extraArgs, '--yes'], { env: env(extraEnv as Record<string, string>) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toMatch(next);
    noLeak(r.stdout, r.stderr);
  });

  it('network down → "could not reach" without a stack trace', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runCli(['push', 'jenkins', '--url', `http://127.0.0.1:${port}`, '--user', 'deployer', '--yes'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Could not reach Jenkins at http://127.0.0.1:${port} (ECONNREFUSED).`);
    expect(r.stdout).toContain('Next: Check --url, the network connection and proxy settings');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('missing JENKINS_API_TOKEN or --user is a usage error; --dry-run sends nothing', async () => {
    const noToken = await runCli(['push', 'jenkins', '--url', base, '--user', 'deployer', '--yes'], { env: { FLYTE_API_KEY: KEY } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/JENKINS_API_TOKEN is not set/);
    const noUser = await runCli(['push', 'jenkins', '--url', base, '--yes'], { env: env() });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--user/);
    const dry = await runCli(['push', 'jenkins', '--url', base, '--user', 'deployer', '--dry-run'], { env: env() });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`POST ${base}/credentials/store/system/domain/_/createCredentials`);
    expect(dry.stdout).toContain('<FLYTE_API_KEY from stdin>');
    expect(requests).toEqual([]);
    noLeak(dry.stdout, noToken.stderr, noUser.stderr);
  });

  it('instructions jenkins prints a Jenkinsfile that binds the same credential id', async () => {
    const r = await runCli(['instructions', 'jenkins', '--project', 'ml', '--path', 'wf.py', '--credential-id', 'flyte-api-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("withCredentials([string(credentialsId: 'flyte-api-key', variable: 'FLYTE_API_KEY')])");
    expect(parseDocument('a: 1').errors).toEqual([]);
  });
});
