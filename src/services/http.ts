/**
 * The one HTTP client every request of `check` goes through (token POST, discovery, Connect calls, JWKS):
 * undici 7 with the system roots plus an optional private CA, the HTTP(S)_PROXY / NO_PROXY variables honoured
 * (Node 20's global fetch ignores them), and these guarantees on every request:
 *  - one deadline (the timeout) covers connecting, the proxy tunnel, the headers and the whole body;
 *  - the body is read as a stream and kept only up to MAX_BODY_BYTES: more is its own error (RESPONSE_TOO_LARGE);
 *  - a credential (any POST, any Authorization header) is sent over https only, or plain http to a host that is
 *    and resolves to loopback (src/core/net-rules.ts) — whoever chose the URL (flag, discovery, control plane);
 *  - POSTs follow no redirect; GETs follow at most MAX_REDIRECTS hops inside the same origin, each hop reported;
 *    a hop to another scheme or host, or a loop, is an error (REDIRECT_REFUSED, REDIRECT_LOOP);
 *  - a proxy is reached through our own CONNECT tunnel (no retries): refused, closed, silent and 407 answers
 *    become PROXY_REFUSED, PROXY_TUNNEL_CLOSED, PROXY_TIMEOUT, PROXY_AUTH_REQUIRED.
 * Thrown errors become a TransportFailure-shaped TransportError (the real code comes from the cause chain).
 * Set-up problems (CA file, proxy variable) are returned as typed problems (openHttpClient); the command words them.
 * undici is imported lazily so that commands which never touch the network do not pay for it.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Stage, TransportFailure } from '../core/check-types.js';
import { credentialUrlProblem, describeInsecureUrl, sameOrigin } from '../core/net-rules.js';
import type { Env } from '../core/env.js';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** No OAuth, OIDC discovery, JWKS or Connect answer comes near this; a larger body is a diagnosis of its own. */
export const MAX_BODY_BYTES = 512 * 1024;
/** Redirect hops a GET may follow (inside one origin). */
export const MAX_REDIRECTS = 5;
/** Statuses whose answer has no body. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

export interface HttpClientOptions {
  /** PEM file with one or more CA certificates, trusted in addition to the system roots (unless `trust` replaces them). */
  caFile?: string;
  /** PEM text (used by the demo); combined with caFile when both are given. */
  caPem?: string;
  /**
   * Trust exactly these CA certificates (PEM texts) and NOT the system roots: flyte's `caCertFilePath` on the
   * control plane, or `SSL_CERT_FILE`/`SSL_CERT_DIR` on the token side (both replace the default bundle).
   * When set, caFile and caPem are ignored.
   */
  trust?: { pems: string[] };
  timeoutMs: number;
  env: Env;
  /** Each redirect hop and refused request, as a line for --verbose (`< HTTP 302 → https://…`). */
  onEvent?: (line: string) => void;
  /** Body cap (tests); default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

export interface HttpClient {
  fetch: FetchLike;
  /** A proxy variable is set (used as a hint when a connection fails). */
  proxyConfigured: boolean;
  timeoutMs: number;
  close(): Promise<void>;
}

/** A set-up problem, for the command to word (it knows the flag names). */
export type HttpSetupProblem =
  | { kind: 'ca-file-unreadable'; path: string; code: string }
  | { kind: 'ca-file-not-pem'; path: string }
  | { kind: 'proxy-url-invalid'; variable: string; value: string };

export class HttpSetupError extends Error {
  constructor(readonly problem: HttpSetupProblem) {
    super(describeHttpSetupProblem(problem));
    this.name = 'HttpSetupError';
  }
}

export function describeHttpSetupProblem(p: HttpSetupProblem): string {
  switch (p.kind) {
    case 'ca-file-unreadable':
      return `cannot read the CA file ${p.path}: ${p.code}`;
    case 'ca-file-not-pem':
      return `the CA file ${p.path} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----" blocks)`;
    case 'proxy-url-invalid':
      return `${p.variable} is not a proxy URL: "${p.value.length > 80 ? `${p.value.slice(0, 79)}…` : p.value}" (expected e.g. http://proxy.example.com:3128 or http://user:password@proxy:3128)`;
  }
}

/** What a fetch through the client throws when no (usable) HTTP answer came back. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly url: string,
    readonly proxyConfigured: boolean,
    readonly timeoutMs: number,
    /** The request went through the proxy (false: NO_PROXY exempted this host). */
    readonly proxyUsed?: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  toFailure(stage: Stage): TransportFailure {
    return {
      kind: 'transport',
      stage,
      url: this.url,
      code: this.code,
      message: this.message,
      proxyConfigured: this.proxyConfigured,
      ...(this.proxyUsed !== undefined ? { proxyUsed: this.proxyUsed } : {}),
      timeoutMs: this.timeoutMs,
    };
  }
}

/** An error with a code, as undici expects from a connector. */
class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function proxyFromEnv(env: Env): { httpProxy: string; httpsProxy: string; noProxy: string } {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '') ?? '';
  return {
    httpProxy: pick('http_proxy', 'HTTP_PROXY'),
    httpsProxy: pick('https_proxy', 'HTTPS_PROXY'),
    noProxy: pick('no_proxy', 'NO_PROXY'),
  };
}

/** The proxy variables that are set, parsed; a value that is not a proxy URL is a problem. */
export function parseProxyEnv(env: Env): { ok: true; http?: URL; https?: URL; noProxy: string } | { ok: false; problem: HttpSetupProblem } {
  const raw = proxyFromEnv(env);
  const out: { http?: URL; https?: URL } = {};
  for (const [key, names] of [['http', ['http_proxy', 'HTTP_PROXY']], ['https', ['https_proxy', 'HTTPS_PROXY']]] as const) {
    const value = key === 'http' ? raw.httpProxy : raw.httpsProxy;
    if (!value) continue;
    const variable = names.find((n) => env[n] === value) ?? names[1];
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    let u: URL;
    try {
      u = new URL(withScheme);
    } catch {
      return { ok: false, problem: { kind: 'proxy-url-invalid', variable, value: maskProxyCredentials(value) } };
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || (u.pathname !== '/' && u.pathname !== '')) {
      return { ok: false, problem: { kind: 'proxy-url-invalid', variable, value: maskProxyCredentials(value) } };
    }
    out[key] = u;
  }
  return { ok: true, ...out, noProxy: raw.noProxy };
}

/** A proxy value as it may be shown: the user:password part before the host replaced. */
export function maskProxyCredentials(value: string): string {
  return value.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^@/]*@/i, '$1<credentials>@');
}

/** Would a request for this URL go through the proxy? (NO_PROXY rules, as undici's EnvHttpProxyAgent reads them.) */
export function proxyApplies(url: string, proxy: { httpProxy: string; httpsProxy: string; noProxy: string }): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const viaProxy = u.protocol === 'https:' ? proxy.httpsProxy || proxy.httpProxy : proxy.httpProxy;
  if (!viaProxy) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  for (const raw of proxy.noProxy.split(/[,\s]+/).filter(Boolean)) {
    if (raw === '*') return false;
    const [h = '', p] = raw.toLowerCase().replace(/^\*?\./, '.').split(/:(?=\d+$)/);
    if (p && p !== port) continue;
    const bare = h.replace(/^\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return false;
  }
  return true;
}

/** The innermost useful error code: walk `cause` (a few levels), a DOMException name counts as a code. */
export function errorCode(err: unknown): { code: string; message: string } {
  let cur: unknown = err;
  let found: { code: string; message: string } | undefined;
  for (let depth = 0; depth < 8 && cur && typeof cur === 'object'; depth++) {
    const e = cur as { name?: string; code?: unknown; message?: string; cause?: unknown };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { code: e.name, message: e.message ?? e.name };
    if (e instanceof TransportError) return { code: e.code, message: e.message };
    if (typeof e.code === 'string' && e.code !== '') {
      // Our own codes (proxy, body, redirect) are the most precise: keep the outermost of them.
      if (/^(PROXY_|RESPONSE_TOO_LARGE|REDIRECT_|INSECURE_URL)/.test(e.code)) return { code: e.code, message: e.message ?? e.code };
      found = { code: e.code, message: e.message ?? e.code };
    }
    cur = e.cause;
  }
  if (found) return found;
  const msg = err instanceof Error ? err.message : String(err);
  return { code: 'UNKNOWN', message: msg };
}

/**
 * Read a byte stream up to `max` bytes. More than that cancels the stream and throws RESPONSE_TOO_LARGE; an
 * abort of `signal` cancels it and throws the signal's reason (a TimeoutError at the deadline).
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined,
  max: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  let next: () => Promise<IteratorResult<Uint8Array> | ReadableStreamReadResult<Uint8Array>>;
  let stop: () => void;
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    next = () => reader.read();
    stop = () => void reader.cancel().catch(() => undefined);
  } else {
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    next = () => it.next();
    stop = () => void Promise.resolve(it.return?.()).catch(() => undefined);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason ?? new DOMException('The operation was aborted', 'AbortError'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      const r = await Promise.race([next(), aborted]);
      if (r.done) break;
      const v = r.value;
      if (!v) continue;
      total += v.byteLength;
      if (total > max) {
        throw new CodedError('RESPONSE_TOO_LARGE', `the answer is larger than ${Math.round(max / 1024)} KiB; reading stopped there`);
      }
      chunks.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    }
  } catch (err) {
    // Never wait for the stream to agree: a server that stalls must not stall us.
    stop();
    throw err;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
  return Buffer.concat(chunks, total);
}

/** Read a body as text, at most `max` bytes (more throws RESPONSE_TOO_LARGE, as a TransportError). */
export async function readText(res: Response, max = MAX_BODY_BYTES): Promise<string> {
  try {
    return (await readCapped(res.body, max)).toString('utf8');
  } catch (err) {
    const { code, message } = errorCode(err);
    throw new TransportError(code, message, res.url || '', false, 0);
  }
}

/**
 * undici is CommonJS: in the code-split bundle a dynamic import of it yields only `default`, under Node or
 * Vitest it yields named exports too. Take whichever holds the API.
 */
export async function loadUndici(): Promise<typeof import('undici')> {
  const mod = (await import('undici')) as typeof import('undici') & { default?: typeof import('undici') };
  return mod.default && typeof mod.default.Agent === 'function' ? mod.default : mod;
}

/** The client, or the set-up problem (unreadable CA file, a proxy variable that is not a URL). */
export async function openHttpClient(opts: HttpClientOptions): Promise<{ ok: true; client: HttpClient } | { ok: false; problem: HttpSetupProblem }> {
  const proxy = parseProxyEnv(opts.env);
  if (!proxy.ok) return proxy;
  const pems: string[] = [];
  if (opts.caFile) {
    let pem: string;
    try {
      pem = await readFile(opts.caFile, 'utf8');
    } catch (err) {
      return { ok: false, problem: { kind: 'ca-file-unreadable', path: opts.caFile, code: (err as NodeJS.ErrnoException).code ?? 'unreadable' } };
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return { ok: false, problem: { kind: 'ca-file-not-pem', path: opts.caFile } };
    pems.push(pem);
  }
  if (opts.caPem) pems.push(opts.caPem);
  if (!proxy.http && !proxy.https && pems.length === 0 && !opts.trust) return { ok: true, client: builtinClient(opts) };
  return { ok: true, client: await undiciClient(opts, pems, proxy) };
}

/** As openHttpClient, throwing HttpSetupError (typed, no flag names) on a set-up problem. */
export async function createHttpClient(opts: HttpClientOptions): Promise<HttpClient> {
  const r = await openHttpClient(opts);
  if (!r.ok) throw new HttpSetupError(r.problem);
  return r.client;
}

type RawFetch = (url: string, init: RequestInit, signal: AbortSignal) => Promise<Response>;

/**
 * The guarantees shared by both clients, around a fetch that makes one request and follows nothing: the secret
 * rule, one deadline for the whole exchange, the body cap, the redirect policy.
 */
function guarded(opts: HttpClientOptions, raw: RawFetch, fail: (err: unknown, url: string) => TransportError): FetchLike {
  const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = opts.timeoutMs;
  return async (input, init = {}) => {
    const first = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const follow = method === 'GET' && (init.redirect ?? 'follow') === 'follow';
    const seen = new Set<string>([first]);
    let url = first;
    try {
      for (let hop = 0; ; hop++) {
        if (method !== 'GET' || new Headers(init.headers).has('authorization')) await refuseInsecure(url);
        const res = await raw(url, { ...init, redirect: 'manual' }, signal);
        const location = res.headers.get('location');
        if (follow && res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel().catch(() => undefined);
          let next: string;
          try {
            next = new URL(location, url).toString();
          } catch {
            throw new CodedError('REDIRECT_REFUSED', `${url} redirected to "${location.slice(0, 200)}", which is not a URL`);
          }
          opts.onEvent?.(`< HTTP ${res.status} from ${url} → ${next}`);
          if (!sameOrigin(url, next)) {
            throw new CodedError('REDIRECT_REFUSED', `${url} redirected to ${next} (another ${new URL(next).protocol !== new URL(url).protocol ? 'scheme' : 'host'})`);
          }
          if (seen.has(next) || hop + 1 >= MAX_REDIRECTS) {
            throw new CodedError('REDIRECT_LOOP', `${first} redirects in a loop (${[...seen, next].slice(-4).join(' → ')})`);
          }
          seen.add(next);
          url = next;
          continue;
        }
        const nullBody = NULL_BODY_STATUSES.has(res.status) || method === 'HEAD';
        const buf = nullBody ? null : await readCapped(res.body, max, signal);
        const out = new Response(buf as unknown as BodyInit | null, { status: res.status, statusText: res.statusText, headers: res.headers });
        Object.defineProperty(out, 'url', { value: url });
        return out;
      }
    } catch (err) {
      if (err instanceof TransportError) throw err;
      throw fail(err, url);
    }
  };
}

/** A credential goes to https, or to plain http on a host that is and resolves to loopback only. */
async function refuseInsecure(url: string): Promise<void> {
  let problem = credentialUrlProblem(url);
  if (!problem && url.startsWith('http:')) {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    // A loopback IP literal is its own address: only a name needs resolving.
    if (!isIP(host)) {
      const { lookup } = await import('node:dns/promises');
      const addresses = await lookup(host, { all: true }).then(
        (r) => r.map((a) => a.address),
        () => [] as string[],
      );
      problem = credentialUrlProblem(url, addresses);
    }
  }
  if (problem) throw new CodedError('INSECURE_URL', describeInsecureUrl(problem));
}

/**
 * No proxy and no private CA: Node's own fetch does the same job without loading the npm undici bundle
 * (about 40 ms of start-up). A POST that fails without any network error code (Node's fetch turns a 407 from
 * an intercepting proxy into a bare "fetch failed") is repeated once through undici.request, so the diagnosis
 * still sees the real answer.
 */
function builtinClient(opts: HttpClientOptions): HttpClient {
  const timeoutMs = opts.timeoutMs;
  let fallback: Promise<HttpClient> | undefined;
  const extra: Promise<HttpClient>[] = [];
  const raw: RawFetch = async (url, init, signal) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const t0 = Date.now();
    try {
      return await globalThis.fetch(url, { ...init, signal });
    } catch (err) {
      const { code } = errorCode(err);
      // Node's own fetch gives up connecting (TLS handshake included) after 10 s whatever the timeout: a longer
      // timeout continues through undici, whose connect timeout is ours, for the rest of the time.
      const remaining = timeoutMs - (Date.now() - t0);
      if (code === 'UND_ERR_CONNECT_TIMEOUT' && remaining > 1000) {
        const rest = undiciClient({ ...opts, timeoutMs: remaining }, opts.caPem ? [opts.caPem] : [], { noProxy: '' });
        extra.push(rest);
        return (await rest).fetch(url, init);
      }
      if (method === 'POST' && code === 'UNKNOWN') {
        fallback ??= undiciClient(opts, opts.caPem ? [opts.caPem] : [], { noProxy: '' });
        return (await fallback).fetch(url, init);
      }
      throw err;
    }
  };
  return {
    fetch: guarded(opts, raw, (err, url) => {
      const { code, message } = errorCode(err);
      return new TransportError(code, message, url, false, timeoutMs, undefined);
    }),
    proxyConfigured: false,
    timeoutMs,
    close: async () => {
      for (const c of [fallback, ...extra]) if (c) await (await c).close();
    },
  };
}

async function undiciClient(opts: HttpClientOptions, pems: string[], proxy: { http?: URL; https?: URL; noProxy: string }): Promise<HttpClient> {
  const tls = await import('node:tls');
  const net = await import('node:net');
  const undici = await loadUndici();
  const ca = opts.trust ? opts.trust.pems : pems.length > 0 ? [...tls.rootCertificates, ...pems] : undefined;
  const timeoutMs = opts.timeoutMs;
  const proxyConfigured = Boolean(proxy.http || proxy.https);
  const proxyVars = { httpProxy: proxy.http?.href ?? '', httpsProxy: proxy.https?.href ?? '', noProxy: proxy.noProxy };
  const direct = undici.buildConnector({ ...(ca ? { ca } : {}), timeout: timeoutMs });
  const live = new Set<import('node:net').Socket>();

  const tunnel = (via: URL, host: string, port: string) => openProxyTunnel({ tls, net, ca, timeoutMs, live }, via, host, port);

  type ConnectOpts = Parameters<typeof direct>[0];
  type ConnectCb = Parameters<typeof direct>[1];
  const connector = (o: ConnectOpts, cb: ConnectCb) => {
    const port = o.port || (o.protocol === 'https:' ? '443' : '80');
    const target = `${o.protocol}//${o.hostname}:${port}`;
    const via = o.protocol === 'https:' ? (proxy.https ?? proxy.http) : proxy.http;
    if (!via || !proxyApplies(target, proxyVars)) return direct(o, cb);
    tunnel(via, o.hostname, String(port)).then(
      (sock) => {
        if (o.protocol !== 'https:') return cb(null, sock);
        direct({ ...o, httpSocket: sock }, (err, tlsSock) => {
          if (err) {
            const code = (err as NodeJS.ErrnoException).code ?? '';
            // The proxy said yes, then hung up during the TLS handshake: the tunnel closed, not the server.
            if (code === 'ECONNRESET' || /disconnected|closed/i.test(err.message)) {
              return cb(new CodedError('PROXY_TUNNEL_CLOSED', `the proxy ${via.host} opened a tunnel, then closed it (${code || err.message})`), null);
            }
          }
          (cb as (e: Error | null, s: unknown) => void)(err, tlsSock);
        });
      },
      (err: Error) => cb(err, null),
    );
  };

  const dispatcher = new undici.Agent({ connect: connector as never });
  const used = (url: string) => (proxyConfigured ? proxyApplies(url, proxyVars) : undefined);

  const raw: RawFetch = async (url, init, signal) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method === 'POST') return undiciPost(undici, dispatcher, url, init, signal);
    const res = await undici.fetch(url, { ...(init as Record<string, unknown>), redirect: 'manual', signal, dispatcher } as Parameters<typeof undici.fetch>[1]);
    return res as unknown as Response;
  };

  return {
    fetch: guarded(opts, raw, (err, url) => {
      const { code, message } = errorCode(err);
      return new TransportError(code, message, url, proxyConfigured, timeoutMs, used(url));
    }),
    proxyConfigured,
    timeoutMs,
    close: async () => {
      for (const s of live) s.destroy();
      await dispatcher.destroy().catch(() => undefined);
    },
  };
}

/** The sockets and modules one undici client's proxy tunnels share. */
interface TunnelContext {
  tls: typeof import('node:tls');
  net: typeof import('node:net');
  ca: string[] | undefined;
  timeoutMs: number;
  /** Open sockets, destroyed when the client closes. */
  live: Set<import('node:net').Socket>;
}

/** Open a CONNECT tunnel through the proxy to host:port, under the deadline; never retried. */
function openProxyTunnel({ tls, net, ca, timeoutMs, live }: TunnelContext, via: URL, host: string, port: string): Promise<import('node:net').Socket> {
  return new Promise((resolve, reject) => {
    const proxyHost = via.hostname.replace(/^\[|\]$/g, '');
    const proxyPort = Number(via.port || (via.protocol === 'https:' ? 443 : 80));
    const sock: import('node:net').Socket =
      via.protocol === 'https:'
        ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost, ...(ca ? { ca } : {}) })
        : net.connect({ host: proxyHost, port: proxyPort });
    live.add(sock);
    sock.once('close', () => live.delete(sock));
    let settled = false;
    let head = Buffer.alloc(0);
    const where = `the proxy ${via.host}`;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      reject(new CodedError(code, message));
    };
    // Inside the request's deadline (a little before it), so that a silent proxy is named as such.
    const tunnelMs = Math.max(100, timeoutMs - 500);
    const timer = setTimeout(() => fail('PROXY_TIMEOUT', `${where} did not open a tunnel to ${host}:${port} within ${tunnelMs} ms`), tunnelMs);
    sock.once(via.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const auth =
        via.username || via.password
          ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(via.username)}:${decodeURIComponent(via.password)}`).toString('base64')}\r\n`
          : '';
      sock.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n${auth}\r\n`);
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16 * 1024) fail('PROXY_BAD_ANSWER', `${where} sent an answer to CONNECT that is not HTTP`);
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? NaN);
      if (status >= 200 && status < 300) {
        settled = true;
        clearTimeout(timer);
        sock.off('data', onData);
        sock.pause();
        const rest = head.subarray(end + 4);
        if (rest.length > 0) sock.unshift(rest);
        resolve(sock);
      } else if (status === 407) {
        fail('PROXY_AUTH_REQUIRED', `${where} answered 407 Proxy Authentication Required`);
      } else if (Number.isFinite(status)) {
        fail('PROXY_REJECTED', `${where} refused the tunnel to ${host}:${port} with HTTP ${status}`);
      } else {
        fail('PROXY_BAD_ANSWER', `${where} sent an answer to CONNECT that is not HTTP`);
      }
    };
    sock.on('data', onData);
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') fail('PROXY_REFUSED', `${where} refused the connection (${err.code})`);
      else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') fail('PROXY_NOT_FOUND', `the proxy host ${proxyHost} could not be resolved (${err.code})`);
      else fail('PROXY_TUNNEL_CLOSED', `${where} dropped the connection (${err.code ?? err.message})`);
    });
    sock.on('close', () => fail('PROXY_TUNNEL_CLOSED', `${where} closed the connection before opening a tunnel to ${host}:${port}`));
  });
}

/**
 * POSTs (the token request, the Connect calls) go through undici.request, not fetch: fetch turns some real
 * answers into a bare "fetch failed" (a 407 from a transparent proxy is a network error by the Fetch spec)
 * and would follow redirects; request returns every status with its headers and body, follows nothing.
 */
async function undiciPost(
  undici: typeof import('undici'),
  dispatcher: import('undici').Dispatcher,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const body = init.body as string | Uint8Array | null | undefined;
  const r = await undici.request(url, { method: 'POST', headers, body: body ?? undefined, signal, dispatcher });
  const out = new Headers();
  for (const [k, v] of Object.entries(r.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
  }
  const nullBody = NULL_BODY_STATUSES.has(r.statusCode);
  if (nullBody) {
    r.body.destroy();
    return new Response(null, { status: r.statusCode, statusText: r.statusText ?? '', headers: out });
  }
  // Stream the body on; guarded() reads it under the cap and the deadline.
  const it = (r.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const n = await it.next();
        if (n.done) controller.close();
        else controller.enqueue(new Uint8Array(n.value.buffer, n.value.byteOffset, n.value.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      r.body.destroy();
    },
  });
  return new Response(stream, { status: r.statusCode, statusText: r.statusText ?? '', headers: out });
}
