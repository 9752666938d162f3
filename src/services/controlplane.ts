/**
 * The control-plane calls `flyte` makes (flyte-sdk src/flyte/remote/_client/auth: metadata first, then the authenticated call), with the official service definitions from
 * @flyteorg/flyteidl2 over Connect (binary proto, like the Python client) on https://HOST:
 *  - AuthMetadataService/GetOAuth2Metadata and GetPublicClientConfig, anonymous, in parallel;
 *  - IdentityService/UserInfo with `<authorization_metadata_key>: Bearer <token>`.
 * Every failure becomes an observation for the diagnosis rules: a TransportFailure when no HTTP answer came,
 * otherwise an HttpObservation with the status, headers and the body text (a Connect error's JSON, an HTML
 * page from a proxy or console, …). Connect and the IDL are imported lazily.
 */
import type { HttpObservation, Stage, TransportFailure } from '../core/check-types.js';
import { Secret, redact } from '../core/secret.js';
import { MAX_BODY_BYTES, NULL_BODY_STATUSES, TransportError, errorCode, readCapped, type FetchLike } from './http.js';

export interface OAuth2Metadata {
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
  tokenEndpointAuthMethodsSupported: string[];
  grantTypesSupported: string[];
  scopesSupported: string[];
}

export interface PublicClientConfig {
  clientId: string;
  scopes: string[];
  audience: string;
  authorizationMetadataKey: string;
}

export type Observation = TransportFailure | HttpObservation;

export type CallResult<T> =
  | { ok: true; value: T; exchange: string[] }
  | { ok: false; observation: Observation; exchange: string[]; connectCode?: string; connectMessage?: string };

/** `host[:port]` → the base URL flyte derives (https, no path). */
export function controlPlaneBaseUrl(endpoint: string): string {
  return `https://${endpoint.replace(/\/+$/, '')}`;
}

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
}

/** Wrap the fetch so that the raw answer survives when Connect turns it into an error. */
function recordingFetch(fetch: FetchLike, log: Map<string, Recorded>): FetchLike {
  return async (input, init) => {
    const url = String(input);
    const res = await fetch(input, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    const type = headers['content-type'] ?? '';
    // Read once, bounded, whatever fetch was passed in (the HTTP client's answers are capped already; an
    // injected one's may not be), and hand Connect the buffered copy.
    let buf: Buffer;
    try {
      buf = await readCapped(res.body, MAX_BODY_BYTES, init?.signal ?? undefined);
    } catch (err) {
      if (err instanceof TransportError) throw err;
      const { code, message } = errorCode(err);
      throw new TransportError(code, message, url, false, 0);
    }
    const body = !res.ok || !/^application\/(proto|connect\+proto)/.test(type) ? buf.subarray(0, 64 * 1024).toString('utf8') : '';
    log.set(url, { status: res.status, headers, body, url });
    const nullBody = NULL_BODY_STATUSES.has(res.status);
    return new Response(nullBody ? null : (buf as unknown as BodyInit), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

function failureFrom(
  err: unknown,
  stage: Stage,
  url: string,
  rec: Recorded | undefined,
  secrets: Array<Secret | string>,
): { observation: Observation; connectCode?: string; connectMessage?: string } {
  // A transport error somewhere in the cause chain: no HTTP answer.
  let cur: unknown = err;
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    if (cur instanceof TransportError) return { observation: cur.toFailure(stage) };
    cur = (cur as { cause?: unknown }).cause;
  }
  const connectCode = typeof (err as { code?: unknown }).code === 'number' ? codeName((err as { code: number }).code) : undefined;
  const rawMessage = (err as { rawMessage?: unknown }).rawMessage;
  const connectMessage = typeof rawMessage === 'string' ? redact(rawMessage, secrets) : undefined;
  if (rec) {
    return {
      observation: { kind: 'http', stage, url, status: rec.status, headers: rec.headers, body: redact(rec.body, secrets) },
      connectCode,
      ...(connectMessage !== undefined ? { connectMessage } : {}),
    };
  }
  // An answer that Connect could not parse but that we did not see (should not happen): report it as such.
  const message = err instanceof Error ? err.message : String(err);
  return {
    observation: {
      kind: 'transport',
      stage,
      url,
      code: 'UNKNOWN',
      message: redact(message, secrets),
      proxyConfigured: false,
      timeoutMs: 0,
    },
    connectCode,
  };
}

const CODE_NAMES = [
  'ok', 'canceled', 'unknown', 'invalid_argument', 'deadline_exceeded', 'not_found', 'already_exists',
  'permission_denied', 'resource_exhausted', 'failed_precondition', 'aborted', 'out_of_range',
  'unimplemented', 'internal', 'unavailable', 'data_loss', 'unauthenticated',
];
function codeName(code: number): string {
  return CODE_NAMES[code] ?? String(code);
}

async function loadConnect(fetch: FetchLike, baseUrl: string, log: Map<string, Recorded>) {
  const [{ createClient }, { createConnectTransport }, authPb, identityPb, projectPb] = await Promise.all([
    import('@connectrpc/connect'),
    import('@connectrpc/connect-web'),
    import('@flyteorg/flyteidl2/flyteidl2/auth/auth_service_pb.js'),
    import('@flyteorg/flyteidl2/flyteidl2/auth/identity_pb.js'),
    import('@flyteorg/flyteidl2/flyteidl2/project/project_service_pb.js'),
  ]);
  const transport = createConnectTransport({
    baseUrl,
    fetch: recordingFetch(fetch, log) as typeof globalThis.fetch,
    useBinaryFormat: true,
  });
  return {
    auth: createClient(authPb.AuthMetadataService, transport),
    identity: createClient(identityPb.IdentityService, transport),
    project: createClient(projectPb.ProjectService, transport),
  };
}

function describeAnswer(rec: Recorded | undefined, secrets: Array<Secret | string>): string[] {
  if (!rec) return ['< (no answer)'];
  const lines = [`< HTTP ${rec.status}`, `< content-type: ${rec.headers['content-type'] ?? '(none)'}`];
  if (rec.headers.location) lines.push(`< location: ${rec.headers.location}`);
  if (rec.body) lines.push(`< ${redact(rec.body.slice(0, 600), secrets)}`);
  return lines;
}

export interface Discovery {
  metadata: CallResult<OAuth2Metadata>;
  client: CallResult<PublicClientConfig>;
}

/** The two anonymous discovery calls, in parallel, as flyte makes them. */
export async function discoverControlPlane(fetch: FetchLike, endpoint: string): Promise<Discovery> {
  const baseUrl = controlPlaneBaseUrl(endpoint);
  const log = new Map<string, Recorded>();
  const { auth } = await loadConnect(fetch, baseUrl, log);
  const metaUrl = `${baseUrl}/flyteidl2.auth.AuthMetadataService/GetOAuth2Metadata`;
  const clientUrl = `${baseUrl}/flyteidl2.auth.AuthMetadataService/GetPublicClientConfig`;
  const [m, c] = await Promise.allSettled([auth.getOAuth2Metadata({}), auth.getPublicClientConfig({})]);
  const metadata: CallResult<OAuth2Metadata> =
    m.status === 'fulfilled'
      ? {
          ok: true,
          value: {
            issuer: m.value.issuer,
            tokenEndpoint: m.value.tokenEndpoint,
            jwksUri: m.value.jwksUri,
            tokenEndpointAuthMethodsSupported: [...m.value.tokenEndpointAuthMethodsSupported],
            grantTypesSupported: [...m.value.grantTypesSupported],
            scopesSupported: [...m.value.scopesSupported],
          },
          exchange: [`> POST ${metaUrl} (Connect, proto)`, ...describeAnswer(log.get(metaUrl), [])],
        }
      : {
          ok: false,
          ...failureFrom(m.reason, 'metadata', metaUrl, log.get(metaUrl), []),
          exchange: [`> POST ${metaUrl} (Connect, proto)`, ...describeAnswer(log.get(metaUrl), [])],
        };
  const client: CallResult<PublicClientConfig> =
    c.status === 'fulfilled'
      ? {
          ok: true,
          value: {
            clientId: c.value.clientId,
            scopes: [...c.value.scopes],
            audience: c.value.audience,
            authorizationMetadataKey: c.value.authorizationMetadataKey,
          },
          exchange: [`> POST ${clientUrl} (Connect, proto)`, ...describeAnswer(log.get(clientUrl), [])],
        }
      : {
          ok: false,
          ...failureFrom(c.reason, 'metadata', clientUrl, log.get(clientUrl), []),
          exchange: [`> POST ${clientUrl} (Connect, proto)`, ...describeAnswer(log.get(clientUrl), [])],
        };
  return { metadata, client };
}

export interface UserInfo {
  subject: string;
  name: string;
  preferredUsername: string;
  email: string;
}

/** The authenticated probe (`flyte whoami`): UserInfo with the token in the discovered header. */
export async function callUserInfo(
  fetch: FetchLike,
  endpoint: string,
  headerName: string,
  token: Secret,
): Promise<CallResult<UserInfo>> {
  const baseUrl = controlPlaneBaseUrl(endpoint);
  const log = new Map<string, Recorded>();
  const { identity } = await loadConnect(fetch, baseUrl, log);
  const url = `${baseUrl}/flyteidl2.auth.IdentityService/UserInfo`;
  const header = headerName.trim() || 'authorization';
  const exchange = [`> POST ${url} (Connect, proto)`, `> ${header}: Bearer <redacted token>`];
  try {
    const r = await identity.userInfo({}, { headers: { [header]: `Bearer ${token.reveal()}` } });
    exchange.push(...describeAnswer(log.get(url), [token]));
    return {
      ok: true,
      value: { subject: r.subject, name: r.name, preferredUsername: r.preferredUsername, email: r.email },
      exchange,
    };
  } catch (err) {
    exchange.push(...describeAnswer(log.get(url), [token]));
    return { ok: false, ...failureFrom(err, 'userinfo', url, log.get(url), [token]), exchange };
  }
}

/**
 * flyte's first call, as it goes out on a fresh CI runner: no token (the keyring is empty or disabled). The
 * answer decides whether flyte authenticates at all (see firstCallTriggersAuth). UserInfo stands for whatever
 * RPC `flyte deploy` makes first: the ingress in front of the API answers both the same way.
 */
export async function callWithoutToken(fetch: FetchLike, endpoint: string): Promise<CallResult<UserInfo>> {
  const baseUrl = controlPlaneBaseUrl(endpoint);
  const log = new Map<string, Recorded>();
  const { identity } = await loadConnect(fetch, baseUrl, log);
  const url = `${baseUrl}/flyteidl2.auth.IdentityService/UserInfo`;
  const exchange = [`> POST ${url} (Connect, proto, no token: flyte's first call)`];
  try {
    const r = await identity.userInfo({});
    exchange.push(...describeAnswer(log.get(url), []));
    return { ok: true, value: { subject: r.subject, name: r.name, preferredUsername: r.preferredUsername, email: r.email }, exchange };
  } catch (err) {
    exchange.push(...describeAnswer(log.get(url), []));
    return { ok: false, ...failureFrom(err, 'first-call', url, log.get(url), []), exchange };
  }
}

/**
 * The Connect code and message flyte's Python client (connectrpc) would raise for an answer, and whether its auth
 * interceptor then authenticates: only for UNAUTHENTICATED or UNKNOWN, or a message containing "unauthorized" /
 * "unauthenticated" (flyte-sdk `_interceptors/auth.py`). connectrpc's mapping (`_protocol.py`,
 * `_protocol_connect.py`): a non-200 answer with a JSON body takes the body's `code` (an unknown code string
 * becomes UNAVAILABLE; no code → from the status); without a JSON body the status decides (400 INTERNAL,
 * 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 UNIMPLEMENTED, 429/502/503/504 UNAVAILABLE, anything else —
 * a 302 included, redirects are not followed — UNKNOWN); a 200 that is not application/* is UNKNOWN.
 */
export function pythonConnectError(status: number, headers: Record<string, string>, body: string): { code: string; message: string } | null {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const fromStatus = (s: number) =>
    s === 400 ? 'internal' : s === 401 ? 'unauthenticated' : s === 403 ? 'permission_denied' : s === 404 ? 'unimplemented' : [429, 502, 503, 504].includes(s) ? 'unavailable' : 'unknown';
  if (status === 200) {
    if (!type.startsWith('application/')) return { code: 'unknown', message: `invalid content-type: '${type}'` };
    return null;
  }
  if (type === 'application/json') {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      data = undefined;
    }
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const d = data as { code?: unknown; message?: unknown };
      const codeStr = typeof d.code === 'string' ? d.code : '';
      const code = codeStr ? (CODE_NAMES.includes(codeStr) ? codeStr : 'unavailable') : fromStatus(status);
      return { code, message: typeof d.message === 'string' ? d.message : '' };
    }
  }
  return { code: fromStatus(status), message: '' };
}

export function firstCallTriggersAuth(e: { code: string; message: string }): boolean {
  return e.code === 'unauthenticated' || e.code === 'unknown' || /unauthorized|unauthenticated/i.test(e.message);
}

export interface ProjectInfo {
  id: string;
  org: string;
  domains: string[];
}

/** The read-only, org-scoped call (`flyte get project`): ProjectService/GetProject {id, org} with the token. */
export async function callGetProject(
  fetch: FetchLike,
  endpoint: string,
  headerName: string,
  token: Secret,
  org: string,
  project: string,
): Promise<CallResult<ProjectInfo | null>> {
  const baseUrl = controlPlaneBaseUrl(endpoint);
  const log = new Map<string, Recorded>();
  const { project: client } = await loadConnect(fetch, baseUrl, log);
  const url = `${baseUrl}/flyteidl2.project.ProjectService/GetProject`;
  const header = headerName.trim() || 'authorization';
  const exchange = [`> POST ${url} (Connect, proto) {id: ${JSON.stringify(project)}, org: ${JSON.stringify(org)}}`, `> ${header}: Bearer <redacted token>`];
  try {
    const r = await client.getProject({ id: project, org }, { headers: { [header]: `Bearer ${token.reveal()}` } });
    exchange.push(...describeAnswer(log.get(url), [token]));
    const p = r.project;
    return { ok: true, value: p ? { id: p.id, org: p.org, domains: p.domains.map((d) => d.id) } : null, exchange };
  } catch (err) {
    exchange.push(...describeAnswer(log.get(url), [token]));
    return { ok: false, ...failureFrom(err, 'project', url, log.get(url), [token]), exchange };
  }
}
