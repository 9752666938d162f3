import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, TransportError } from '../../src/services/http.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/proxy-auth') {
      res.writeHead(407, { 'content-type': 'text/html', 'proxy-authenticate': 'Basic realm="corp"' });
      res.end('<html><title>Proxy authentication required</title></html>');
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HTTP client without proxy or private CA (Node fetch)', () => {
  it('returns a 407 answer to a POST instead of a bare "fetch failed"', async () => {
    const client = await createHttpClient({ timeoutMs: 5000, env: {} });
    const res = await client.fetch(`${base}/proxy-auth`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect(res.status).toBe(407);
    expect(await res.text()).toContain('Proxy authentication required');
    await client.close();
  });

  it('does not follow a redirect on POST', async () => {
    const client = await createHttpClient({ timeoutMs: 5000, env: {} });
    const res = await client.fetch(`${base}/moved`, { method: 'POST', body: 'a=b' });
    expect(res.status).toBe(302);
    await client.close();
  });

  it('maps a refused connection to a TransportError with the Node code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = await createHttpClient({ timeoutMs: 5000, env: {} });
    const err = await client.fetch(`http://127.0.0.1:${port}/token`, { method: 'POST', body: 'a=b' }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('ECONNREFUSED');
  });

  it('a --timeout above Node fetch\'s 10 s connect limit is honoured: a silent TLS server ends in our timeout', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((sock) => void sockets.push(sock)); // accepts, never completes a TLS handshake
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = await createHttpClient({ timeoutMs: 12_000, env: {} });
    const err = await client.fetch(`https://127.0.0.1:${port}/token`, { method: 'POST', body: 'a=b' }).catch((e) => e);
    await client.close();
    for (const sock of sockets) sock.destroy();
    silent.close();
    expect(err).toBeInstanceOf(TransportError);
    // Node fetch's own give-up says nothing of a timeout value; the hand-over's undici error names the one it used,
    // the time left of our 12 s (about 1.5 s), not Node's 10000 ms.
    expect((err as TransportError).code).toBe('UND_ERR_CONNECT_TIMEOUT');
    const used = Number(/timeout: (\d+)ms/.exec((err as TransportError).message)?.[1]);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(2_000);
  }, 30_000);
});
