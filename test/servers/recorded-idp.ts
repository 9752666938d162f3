/**
 * A tiny HTTP server on 127.0.0.1 that replays the recorded identity-provider answers in
 * test/fixtures/idp-errors: `POST /<name>/token` answers with that fixture's status, headers and body
 * (byte for byte), so the real `check --token-url` can be run against every catalogue row.
 * `GET /<name>/.well-known/openid-configuration` points at that token URL, for `--issuer` runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { idpErrorFixtures, type IdpErrorFixture } from '../fixtures/idp-errors/index.js';

export interface RecordedIdp {
  /** The token URL that replays fixture `name`. */
  url(name: string): string;
  /** The issuer URL whose discovery document names url(name) as token endpoint. */
  issuer(name: string): string;
  /** How many token requests each fixture received. */
  hits(name: string): number;
  close(): Promise<void>;
}

export async function startRecordedIdp(list: IdpErrorFixture[] = idpErrorFixtures): Promise<RecordedIdp> {
  const byName = new Map(list.map((f) => [f.name, f]));
  const counts = new Map<string, number>();
  let base = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Drain the request body (it may carry a secret: never logged, never stored).
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const m = /^\/([A-Za-z0-9._-]+)\/(token|\.well-known\/openid-configuration)$/.exec(path);
      const f = m ? byName.get(m[1]!) : undefined;
      if (!m || !f) return send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ error: 'no_such_fixture' }));
      if (m[2] === 'token') {
        if (req.method !== 'POST') return send(res, 405, { allow: 'POST' }, '');
        counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
        return send(res, f.status, f.headers, f.body);
      }
      return send(
        res,
        200,
        { 'content-type': 'application/json' },
        JSON.stringify({
          issuer: `${base}/${f.name}`,
          token_endpoint: `${base}/${f.name}/token`,
          grant_types_supported: ['client_credentials'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: (name) => `${base}/${encodeURIComponent(name)}/token`,
    issuer: (name) => `${base}/${encodeURIComponent(name)}`,
    hits: (name) => counts.get(name) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'content-length': String(buf.length), connection: 'close' });
  res.end(buf);
}
