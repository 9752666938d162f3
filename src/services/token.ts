/**
 * The client_credentials token request exactly as the Python `flyte` CLI sends it (flyte-sdk src/flyte/remote/_client/auth/_token_client.py):
 * form body `grant_type=client_credentials`, `scope=` whenever a scope list exists (empty list → `scope=`),
 * `audience=` only when non-empty; Content-Type form, Accept json, Cache-Control no-cache; and
 * `Authorization: Basic base64(client_id + ":" + quote_plus(secret))` — the secret form-encoded, the id not.
 * The `post` method (not what flyte does; used only to explain a failure) sends id and secret in the body.
 */
import type { AuthMethod, HttpObservation, TransportFailure } from '../core/check-types.js';
import { Secret, redact } from '../core/secret.js';
import { TransportError, readText, type FetchLike } from './http.js';

/** Python's urllib.parse.quote_plus: unreserved `A-Za-z0-9_.-~` kept, space → `+`, the rest %XX (UTF-8). */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The Authorization header value flyte sends; a Secret because it contains the client secret. */
export function basicAuthorization(clientId: string, secret: Secret): Secret {
  return new Secret(`Basic ${Buffer.from(`${clientId}:${quotePlus(secret.reveal())}`, 'utf8').toString('base64')}`);
}

/** Python's str.strip(chars): drop any of `chars` from both ends (chars are ASCII here). */
function pyStrip(value: string, chars: string): string {
  let a = 0;
  let b = value.length;
  while (a < b && chars.includes(value[a]!)) a++;
  while (b > a && chars.includes(value[b - 1]!)) b--;
  return value.slice(a, b);
}

/**
 * The `scope` value flyte sends for a scope list (flyte-sdk `_token_client.get_token`):
 * `" ".join(s.strip("' ") for s in scopes).strip("[]'")`: spaces and single quotes around each scope go,
 * then brackets and single quotes at both ends of the joined string.
 */
export function flyteScopeParam(scopes: readonly string[]): string {
  return pyStrip(scopes.map((s) => pyStrip(s, "' ")).join(' '), "[]'");
}

/**
 * How flyte reads `expires_in` (flyte-sdk: `j["expires_in"]`, then the pydantic field `expires_in: int | None`):
 * missing → KeyError; null → accepted; an integer, an integral float or an integer string → accepted (pydantic's
 * lax int); anything else (3599.5, "soon", true, an object) → validation error.
 */
export type ExpiresInState = 'integer' | 'null' | 'missing' | 'invalid';

export function readExpiresIn(json: Record<string, unknown> | null): { state: ExpiresInState; value: number | null } {
  if (!json || !('expires_in' in json)) return { state: 'missing', value: null };
  const v = json.expires_in;
  if (v === null) return { state: 'null', value: null };
  if (typeof v === 'number' && Number.isInteger(v)) return { state: 'integer', value: v };
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return { state: 'integer', value: Number(v.trim()) };
  return { state: 'invalid', value: null };
}

export interface TokenRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: Secret;
  /** null = no scope parameter at all; [] = `scope=` (what flyte sends for an empty discovered list). */
  scopes: string[] | null;
  audience?: string;
  method: AuthMethod;
}

export interface BuiltRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** The form body (contains the secret in `post` mode: never print it, print `describe` instead). */
  body: string;
  /** Redacted one-line description of the request for --verbose. */
  describe: string[];
}

export function buildTokenRequest(req: TokenRequest): BuiltRequest {
  const params: Array<[string, string]> = [['grant_type', 'client_credentials']];
  if (req.scopes !== null) params.push(['scope', flyteScopeParam(req.scopes)]);
  if (req.audience) params.push(['audience', req.audience]);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
    'Cache-Control': 'no-cache',
  };
  if (req.method === 'basic') {
    headers.Authorization = basicAuthorization(req.clientId, req.clientSecret).reveal();
  } else {
    params.push(['client_id', req.clientId], ['client_secret', req.clientSecret.reveal()]);
  }
  const body = params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  const shownBody = params
    .map(([k, v]) => `${k}=${k === 'client_secret' ? '<redacted>' : quotePlus(v)}`)
    .join('&');
  return {
    url: req.tokenUrl,
    method: 'POST',
    headers,
    body,
    describe: [
      `> POST ${req.tokenUrl}`,
      ...Object.entries(headers).map(([k, v]) =>
        k === 'Authorization' ? `> Authorization: Basic <base64 of "${req.clientId}:<redacted secret>">` : `> ${k}: ${v}`,
      ),
      `> ${shownBody}`,
    ],
  };
}

export type TokenOutcome =
  | {
      kind: 'http';
      observation: HttpObservation;
      /** Present on a 2xx JSON answer with a string access_token. */
      accessToken?: Secret;
      /** expires_in as flyte reads it: the integer, or null (absent, null or not an integer: see expiresInState). */
      expiresIn: number | null;
      expiresInState: ExpiresInState;
      tokenType?: string;
      /** Parsed JSON body with access_token/refresh_token/id_token removed (null when not JSON). */
      json: Record<string, unknown> | null;
      exchange: string[];
      ms: number;
    }
  | { kind: 'transport'; failure: TransportFailure; exchange: string[]; ms: number };

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];

export async function requestToken(fetch: FetchLike, req: TokenRequest): Promise<TokenOutcome> {
  const built = buildTokenRequest(req);
  const started = performance.now();
  const exchange = [...built.describe];
  let res: Response;
  try {
    res = await fetch(built.url, { method: 'POST', headers: built.headers, body: built.body, redirect: 'manual' });
  } catch (err) {
    const failure =
      err instanceof TransportError
        ? err.toFailure('token')
        : ({ kind: 'transport', stage: 'token', url: built.url, code: 'UNKNOWN', message: String(err), proxyConfigured: false, timeoutMs: 0 } as TransportFailure);
    exchange.push(`< (no answer: ${failure.code})`);
    return { kind: 'transport', failure, exchange, ms: performance.now() - started };
  }
  let text: string;
  try {
    text = await readText(res);
  } catch (err) {
    const failure =
      err instanceof TransportError
        ? err.toFailure('token')
        : ({
            kind: 'transport',
            stage: 'token',
            url: built.url,
            code: (err as { name?: string }).name === 'TimeoutError' ? 'TimeoutError' : 'UND_ERR_SOCKET',
            message: String((err as Error)?.message ?? err),
            proxyConfigured: false,
            timeoutMs: 0,
          } as TransportFailure);
    exchange.push(`< (body not received: ${failure.code})`);
    return { kind: 'transport', failure, exchange, ms: performance.now() - started };
  }
  const ms = performance.now() - started;
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));

  let json: Record<string, unknown> | null = null;
  let accessToken: Secret | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  const tokens: string[] = [];
  if (json) {
    for (const f of TOKEN_FIELDS) {
      const v = json[f];
      if (typeof v === 'string') tokens.push(v);
    }
    if (res.ok && typeof json.access_token === 'string' && json.access_token !== '') accessToken = new Secret(json.access_token);
  }
  // The body as the diagnosis rules and --verbose see it: tokens and the secret removed.
  const safeBody = redact(
    json && tokens.length > 0
      ? JSON.stringify(Object.fromEntries(Object.entries(json).map(([k, v]) => [k, TOKEN_FIELDS.includes(k) ? '<redacted>' : v])))
      : text,
    [req.clientSecret, ...tokens],
  );
  const cleanJson = json
    ? Object.fromEntries(Object.entries(json).filter(([k]) => !TOKEN_FIELDS.includes(k)))
    : null;
  const expires = readExpiresIn(json);

  exchange.push(`< HTTP ${res.status} ${res.statusText}`.trimEnd());
  for (const k of ['content-type', 'www-authenticate', 'location', 'retry-after']) {
    if (headers[k]) exchange.push(`< ${k}: ${headers[k]}`);
  }
  exchange.push(`< ${safeBody.length > 2000 ? `${safeBody.slice(0, 2000)}…` : safeBody}`);

  return {
    kind: 'http',
    observation: { kind: 'http', stage: 'token', url: built.url, status: res.status, headers, body: safeBody },
    accessToken,
    expiresIn: expires.value,
    expiresInState: expires.state,
    tokenType: typeof json?.token_type === 'string' ? json.token_type : undefined,
    json: cleanJson,
    exchange,
    ms,
  };
}
