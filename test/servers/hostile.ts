/**
 * Hostile and broken servers for issue 15, all on 127.0.0.1: a body without end (fast or trickling), proxies
 * that close after CONNECT, never answer, answer 407 or open the tunnel and then hang up, a token endpoint that
 * answers whatever a test gives it, and an issuer (discovery + RSA key set + token endpoint) whose tokens can be
 * unsigned, HS256, or signed by a key it does not publish.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface Running {
  port: number;
  url: string;
  /** Connections accepted so far. */
  connections: () => number;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<Running> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Every request gets 200 application/json and a body that never ends: fast (as fast as the socket takes) or a byte a tick. */
export function startEndlessBody(mode: 'fast' | 'trickle' = 'fast', prefix = '{"access_token":"'): Promise<Running> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return listen(
    http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(prefix);
      if (mode === 'trickle') {
        const t = setInterval(() => res.write('a'), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    }),
  );
}

export type ProxyMode = 'close-after-connect' | 'silent' | '407' | 'open-then-close';

/** A proxy that misbehaves in one way, counting CONNECT requests. */
export async function startBadProxy(mode: ProxyMode): Promise<Running & { connects: () => number }> {
  let connects = 0;
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (_req, socket: net.Socket) => {
    connects++;
    socket.on('error', () => undefined);
    if (mode === 'close-after-connect') socket.destroy();
    else if (mode === '407') socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
    else if (mode === 'open-then-close') socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => socket.destroy());
    // silent: keep the socket, say nothing.
  });
  const r = await listen(server);
  return { ...r, connects: () => connects };
}

/** A token endpoint (any path) that answers with what `answer` returns; the Authorization header is passed in. */
export function startTokenEndpoint(answer: (req: http.IncomingMessage) => { status?: number; headers?: Record<string, string>; body: string }): Promise<Running> {
  return listen(
    http.createServer((req, res) => {
      req.resume().on('end', () => {
        const a = answer(req);
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end(a.body);
      });
    }),
  );
}

/** base64url JSON, for hand-made tokens. */
export const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact JWT from raw parts (no real signature). */
export function rawJwt(header: Record<string, unknown>, claimsJson: string, signature = 'c2lnbmF0dXJl'): string {
  return `${b64(header)}.${Buffer.from(claimsJson).toString('base64url')}.${signature}`;
}

export type IssuerTokenKind = 'good' | 'none' | 'hs256' | 'other-key';

export interface Issuer extends Running {
  issuer: string;
  tokenHits: () => number;
}

/**
 * An issuer with discovery, an RSA key set and a token endpoint issuing the chosen kind of token.
 * `discovery` may override fields of the discovery document (an http token endpoint, …); `redirects` makes the
 * discovery path redirect instead (to `Location`).
 */
export async function startIssuer(kind: IssuerTokenKind, opts: { discovery?: Record<string, unknown>; discoveryRedirect?: (base: string) => string } = {}): Promise<Issuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let base = '';
  let tokenHits = 0;
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/.well-known/openid-configuration') {
      if (opts.discoveryRedirect) return res.writeHead(302, { location: opts.discoveryRedirect(base) }).end();
      const doc = { issuer: base, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks`, ...opts.discovery };
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    }
    if (path === '/jwks') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    if (path === '/token') {
      tokenHits++;
      req.resume();
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: base, sub: 'ci-bot', aud: 'api', iat: now, exp: now + 3600 };
      let token: string;
      if (kind === 'none') token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      else if (kind === 'hs256') {
        token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('a-shared-secret-anyone-could-use!'));
      } else {
        token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(kind === 'good' ? privateKey : other.privateKey);
      }
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  const r = await listen(server);
  base = r.url;
  return { ...r, issuer: base, tokenHits: () => tokenHits };
}
