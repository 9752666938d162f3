/**
 * A fake GitHub Enterprise REST API (ci-systems.md §5.1, option A) for driving the REAL gh against it:
 * HTTPS on 127.0.0.1:<random port> with a self-signed certificate made by openssl at start-up, paths under /api/v3/.
 * gh is pointed at it with GH_HOST=127.0.0.1:<port>, GH_ENTERPRISE_TOKEN and SSL_CERT_FILE=<cert>.
 * PUT secret bodies are opened with libsodium's crypto_box_seal_open, so tests can assert the exact plaintext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sodium from 'libsodium-wrappers';

export type GithubFault = 'none' | '401' | '403' | '404';

export interface StoredSecret {
  repo: string;
  environment?: string;
  name: string;
  /** The decrypted value as GitHub would store it. */
  plaintext: string;
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeGithub {
  /** For GH_HOST. */
  host: string;
  port: number;
  /** PEM of the self-signed certificate (for SSL_CERT_FILE). */
  certFile: string;
  token: string;
  secrets: Map<string, StoredSecret>;
  /** "METHOD /path" of every request. */
  requests: string[];
  repos: Set<string>;
  /** repo → environment names. */
  environments: Map<string, Set<string>>;
  fault: GithubFault;
  /** Env for gh: enterprise host, token, CA; plus the hygiene variables. */
  ghEnv(configDir: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeGithub(opts: { repos?: string[]; environments?: Record<string, string[]>; token?: string } = {}): Promise<FakeGithub> {
  await sodium.ready;
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-gh-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });

  const boxKeys = sodium.crypto_box_keypair();
  const keyId = '568250167242549743';
  const token = opts.token ?? 'fake-enterprise-token';
  const fake: FakeGithub = {
    host: '',
    port: 0,
    certFile,
    token,
    secrets: new Map(),
    requests: [],
    repos: new Set(opts.repos ?? ['acme/app']),
    environments: new Map(Object.entries(opts.environments ?? { 'acme/app': ['production'] }).map(([k, v]) => [k, new Set(v)])),
    fault: 'none',
    ghEnv: (configDir) => ({
      GH_HOST: fake.host,
      GH_ENTERPRISE_TOKEN: token,
      SSL_CERT_FILE: certFile,
      GH_CONFIG_DIR: configDir,
      GH_NO_UPDATE_NOTIFIER: '1',
      GH_PROMPT_DISABLED: '1',
    }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const method = req.method ?? 'GET';
    fake.requests.push(`${method} ${url.pathname}`);
    const body = await readBody(req);
    if (!url.pathname.startsWith('/api/v3/')) return send(res, 404, { message: 'Not Found' });
    const p = url.pathname.slice('/api/v3/'.length).replace(/\/$/, '');

    if (req.headers.authorization !== `token ${token}` || fake.fault === '401') {
      return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (p === '') return send(res, 200, { current_user_url: '/user' }, { 'X-OAuth-Scopes': 'repo, read:org' });
    if (p === 'user') return send(res, 200, { login: 'tester', id: 1 }, { 'X-OAuth-Scopes': 'repo, read:org' });

    const m = /^repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(p);
    if (!m) return send(res, 404, { message: 'Not Found' });
    const repo = `${m[1]}/${m[2]}`;
    const rest = m[3] ?? '';
    if (!fake.repos.has(repo) || fake.fault === '404') return send(res, 404, { message: 'Not Found' });
    if (fake.fault === '403') return send(res, 403, { message: 'Resource not accessible by integration' });
    if (rest === '' && method === 'GET') return send(res, 200, { full_name: repo, private: true });

    const sm = /^(?:actions|environments\/([^/]+))\/secrets(?:\/([^/]+))?$/.exec(rest);
    if (!sm) return send(res, 404, { message: 'Not Found' });
    const environment = sm[1] !== undefined ? decodeURIComponent(sm[1]) : undefined;
    if (rest.startsWith('environments/') && !rest.startsWith('actions') && !fake.environments.get(repo)?.has(environment!)) {
      return send(res, 404, { message: 'Not Found' });
    }
    const name = sm[2];
    const mapKey = (n: string) => `${repo}|${environment ?? ''}|${n.toUpperCase()}`;
    if (name === undefined && method === 'GET') {
      const list = [...fake.secrets.values()].filter((s) => s.repo === repo && s.environment === environment);
      return send(res, 200, { total_count: list.length, secrets: list.map((s) => ({ name: s.name, created_at: s.createdAt, updated_at: s.updatedAt })) });
    }
    if (name === 'public-key' && method === 'GET') {
      return send(res, 200, { key_id: keyId, key: sodium.to_base64(boxKeys.publicKey, sodium.base64_variants.ORIGINAL) });
    }
    if (name !== undefined && method === 'GET') {
      const s = fake.secrets.get(mapKey(name));
      return s ? send(res, 200, { name: s.name, created_at: s.createdAt, updated_at: s.updatedAt }) : send(res, 404, { message: 'Not Found' });
    }
    if (name !== undefined && method === 'PUT') {
      let parsed: { encrypted_value?: string; key_id?: string };
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
      if (!parsed.key_id || !parsed.encrypted_value) return send(res, 422, { message: 'Invalid request.' });
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) return send(res, 422, { message: 'Invalid name' });
      let plaintext: string;
      try {
        const sealed = sodium.from_base64(parsed.encrypted_value, sodium.base64_variants.ORIGINAL);
        plaintext = sodium.to_string(sodium.crypto_box_seal_open(sealed, boxKeys.publicKey, boxKeys.privateKey));
      } catch {
        return send(res, 422, { message: 'Bad encrypted_value' });
      }
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const prev = fake.secrets.get(mapKey(name));
      fake.secrets.set(mapKey(name), { repo, environment, name: name.toUpperCase(), plaintext, keyId: parsed.key_id, createdAt: prev?.createdAt ?? now, updatedAt: now });
      return send(res, prev ? 204 : 201, prev ? undefined : {});
    }
    return send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.host = `127.0.0.1:${fake.port}`;
  return fake;
}
