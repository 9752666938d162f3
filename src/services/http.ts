/**
 * The one HTTP client every request of `check` goes through (token POST, discovery, Connect calls, JWKS):
 * undici 7 with the system roots plus an optional private CA, the HTTP(S)_PROXY / NO_PROXY variables honoured
 * (Node 20's global fetch ignores them), a timeout on every request, no redirects followed on POST, and thrown
 * errors turned into a TransportFailure-shaped TransportError (the real code comes from the cause chain).
 * undici is imported lazily so that commands which never touch the network do not pay for it.
 */
import { readFile } from 'node:fs/promises';
import type { Stage, TransportFailure } from '../core/check-types.js';
import { UsageError } from '../core/errors.js';
import type { Env } from '../commands/types.js';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** PEM file with one or more CA certificates, trusted in addition to the system roots. */
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
}

export interface HttpClient {
  fetch: FetchLike;
  /** A proxy variable is set (used as a hint when a connection fails). */
  proxyConfigured: boolean;
  timeoutMs: number;
  close(): Promise<void>;
}

/** What a fetch through the client throws when no HTTP answer came back. */
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

export function proxyFromEnv(env: Env): { httpProxy: string; httpsProxy: string; noProxy: string } {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '') ?? '';
  return {
    httpProxy: pick('http_proxy', 'HTTP_PROXY'),
    httpsProxy: pick('https_proxy', 'HTTPS_PROXY'),
    noProxy: pick('no_proxy', 'NO_PROXY'),
  };
}

/** Would undici's EnvHttpProxyAgent send a request for this URL through the proxy? (NO_PROXY rules.) */
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
    if (typeof e.code === 'string' && e.code !== '') found = { code: e.code, message: e.message ?? e.code };
    cur = e.cause;
  }
  if (found) return found;
  const msg = err instanceof Error ? err.message : String(err);
  return { code: 'UNKNOWN', message: msg };
}

/** Read a body as text, at most `max` characters (a misbehaving server must not fill memory). */
export async function readText(res: Response, max = 256 * 1024): Promise<string> {
  const text = await res.text();
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * undici is CommonJS: in the code-split bundle a dynamic import of it yields only `default`, under Node or
 * Vitest it yields named exports too. Take whichever holds the API.
 */
export async function loadUndici(): Promise<typeof import('undici')> {
  const mod = (await import('undici')) as typeof import('undici') & { default?: typeof import('undici') };
  return mod.default && typeof mod.default.Agent === 'function' ? mod.default : mod;
}

export async function createHttpClient(opts: HttpClientOptions): Promise<HttpClient> {
  const proxy = proxyFromEnv(opts.env);
  const proxyConfigured = proxy.httpProxy !== '' || proxy.httpsProxy !== '';
  if (!proxyConfigured && !opts.caFile && !opts.caPem && !opts.trust) return builtinClient(opts);
  return undiciClient(opts);
}

/**
 * No proxy and no private CA: Node's own fetch does the same job without loading the npm undici bundle
 * (about 40 ms of start-up). POSTs follow no redirect. A POST that fails without any network error code
 * (Node's fetch turns a 407 from an intercepting proxy into a bare "fetch failed") is repeated once through
 * undici.request, so the diagnosis still sees the real answer.
 */
function builtinClient(opts: HttpClientOptions): HttpClient {
  const timeoutMs = opts.timeoutMs;
  let fallback: Promise<HttpClient> | undefined;
  const extra: Promise<HttpClient>[] = [];
  const fetchImpl: FetchLike = async (input, init = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const started = Date.now();
    try {
      return await globalThis.fetch(url, { ...init, redirect: method === 'POST' ? 'manual' : (init.redirect ?? 'follow'), signal });
    } catch (err) {
      const { code, message } = errorCode(err);
      // Node's own fetch gives up connecting (TLS handshake included) after 10 s whatever the timeout: a longer
      // --timeout continues through undici, whose connect timeout is ours, for the rest of the time.
      const remaining = timeoutMs - (Date.now() - started);
      const cappedConnect = code === 'UND_ERR_CONNECT_TIMEOUT' && remaining > 1000;
      if (cappedConnect) {
        // undici bounds connecting by its connect timeout only (an abort signal does not stop it): a client
        // whose timeout is the time left.
        const rest = undiciClient({ ...opts, timeoutMs: remaining });
        extra.push(rest);
        return (await rest).fetch(input, init);
      }
      if (method === 'POST' && code === 'UNKNOWN') {
        fallback ??= undiciClient(opts);
        return (await fallback).fetch(input, init);
      }
      throw new TransportError(code, message, url, false, timeoutMs, undefined);
    }
  };
  return {
    fetch: fetchImpl,
    proxyConfigured: false,
    timeoutMs,
    close: async () => {
      for (const c of [fallback, ...extra]) if (c) await (await c).close();
    },
  };
}

async function undiciClient(opts: HttpClientOptions): Promise<HttpClient> {
  const tls = await import('node:tls');
  const undici = await loadUndici();
  const pems: string[] = [];
  if (opts.caFile && !opts.trust) {
    let pem: string;
    try {
      pem = await readFile(opts.caFile, 'utf8');
    } catch (err) {
      throw new UsageError(
        `cannot read --ca-file ${opts.caFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        'Pass a PEM file with the CA certificate(s) that signed the server certificate.',
      );
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(pem)) {
      throw new UsageError(`--ca-file ${opts.caFile} holds no PEM certificate`, 'Expected "-----BEGIN CERTIFICATE-----" blocks.');
    }
    pems.push(pem);
  }
  if (opts.caPem) pems.push(opts.caPem);
  const ca = opts.trust ? opts.trust.pems : pems.length > 0 ? [...tls.rootCertificates, ...pems] : undefined;

  const proxy = proxyFromEnv(opts.env);
  const proxyConfigured = proxy.httpProxy !== '' || proxy.httpsProxy !== '';
  const connect = { ...(ca ? { ca } : {}), timeout: opts.timeoutMs };
  const dispatcher = proxyConfigured
    ? new undici.EnvHttpProxyAgent({ ...proxy, connect, ...(ca ? { requestTls: { ca } } : {}) })
    : new undici.Agent({ connect });

  const timeoutMs = opts.timeoutMs;
  const fetchImpl: FetchLike = async (input, init = {}) => {
    const url = String(input);
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const method = (init.method ?? 'GET').toUpperCase();
    try {
      if (method === 'POST') return await post(url, init, signal);
      const res = await undici.fetch(url, {
        ...(init as Record<string, unknown>),
        // A redirect would turn the token POST into a GET and drop the credentials' meaning: never follow it.
        redirect: method === 'POST' ? 'manual' : (init.redirect ?? 'follow'),
        signal,
        dispatcher,
      } as Parameters<typeof undici.fetch>[1]);
      return res as unknown as Response;
    } catch (err) {
      const { code, message } = errorCode(err);
      throw new TransportError(code, message, url, proxyConfigured, timeoutMs, proxyConfigured ? proxyApplies(url, proxy) : undefined);
    }
  };

  /**
   * POSTs (the token request, the Connect calls) go through undici.request, not fetch: fetch turns some real
   * answers into a bare "fetch failed" (a 407 from a transparent proxy is a network error by the Fetch spec)
   * and would follow redirects; request returns every status with its headers and body, follows nothing.
   */
  async function post(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const body = init.body as string | Uint8Array | null | undefined;
    const r = await undici.request(url, { method: 'POST', headers, body: body ?? undefined, signal, dispatcher });
    const buf = Buffer.from(await r.body.arrayBuffer());
    const out = new Headers();
    for (const [k, v] of Object.entries(r.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
    }
    const nullBody = [101, 103, 204, 205, 304].includes(r.statusCode);
    return new Response(nullBody ? null : buf, { status: r.statusCode, statusText: r.statusText ?? '', headers: out });
  }

  return {
    fetch: fetchImpl,
    proxyConfigured,
    timeoutMs,
    close: async () => {
      await dispatcher.destroy().catch(() => undefined);
    },
  };
}
