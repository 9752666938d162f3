/**
 * OAuth 2.0 Dynamic Client Registration (RFC 7591) and its management protocol (RFC 7592), in the dialects the
 * providers speak:
 *  - `rfc7591`: the standard request (oidc-provider, ForgeRock, WSO2, Gluu, Curity, …); initial access token as
 *    `Authorization: Bearer …` when one is given.
 *  - `keycloak`: Keycloak's own client-registration provider (`clients-registrations/default`, the Keycloak
 *    client representation), because RFC 7591 metadata cannot ask for a service account or an audience mapper.
 *    The credential is an initial access token or an admin's bearer token (create-client / manage-clients).
 *  - `okta`: Okta's `/oauth2/v1/clients` with `Authorization: SSWS <API token>` and application_type "service".
 *  - `auth0`: Auth0's `/oidc/register` (open when "OIDC Dynamic Application Registration" is on, else a token).
 * Requests are built as data first (so --dry-run can print them, credentials redacted) and sent by send*().
 * Every credential travels as a Secret; nothing here puts one in a message.
 */
import { Secret, redact } from '../../core/secret.js';
import { stripControl } from '../../core/sanitize.js';
import { credentialUrlProblem, describeInsecureUrl } from '../../core/net-rules.js';
import type { FetchLike } from '../http.js';

export type Dialect = 'rfc7591' | 'keycloak' | 'okta' | 'auth0';

export interface IssuerMetadata {
  issuer: string;
  tokenEndpoint?: string;
  registrationEndpoint?: string;
}

export interface PreparedRequest {
  method: 'POST' | 'DELETE' | 'GET' | 'PUT';
  url: string;
  /** Header values that are credentials are Secrets. */
  headers: Record<string, string | Secret>;
  body?: Record<string, unknown>;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: Secret;
  /** RFC 7592 (or Keycloak's) management token and URI, when the server issued them. */
  registrationAccessToken?: Secret;
  registrationClientUri?: string;
  /** RFC 7591 client_secret_expires_at (seconds since the epoch; 0 = never), when given. */
  clientSecretExpiresAt?: number;
}

export interface RegistrationInput {
  dialect: Dialect;
  /** The registration endpoint discovery advertised. */
  endpoint: string;
  clientName: string;
  /** The scopes the control plane asks for. */
  scopes: string[];
  /** The control plane's audience (Keycloak: the audience mapper's value). */
  audience?: string;
  /** Initial access token, admin bearer token or Okta API token; absent for open registration. */
  credential?: Secret;
}

export class RegistrationError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RegistrationError';
  }
}

const ONE_LINE = { singleLine: true, maxLength: 300 } as const;

/** The issuer's discovery document (OpenID, then RFC 8414), for registration_endpoint. */
export async function discoverIssuer(fetch: FetchLike, issuer: string): Promise<IssuerMetadata> {
  const base = issuer.replace(/\/+$/, '');
  const u = new URL(base);
  const candidates = [`${base}/.well-known/openid-configuration`, `${u.origin}/.well-known/oauth-authorization-server${u.pathname === '/' ? '' : u.pathname}`];
  let last = '';
  for (const url of candidates) {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json' } });
    } catch (err) {
      last = (err as Error).message;
      continue;
    }
    if (!res.ok) {
      last = `HTTP ${res.status} from ${url}`;
      continue;
    }
    let doc: Record<string, unknown>;
    try {
      doc = (await res.json()) as Record<string, unknown>;
    } catch {
      last = `${url} did not answer JSON`;
      continue;
    }
    const str = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : undefined);
    return { issuer: str('issuer') ?? base, tokenEndpoint: str('token_endpoint'), registrationEndpoint: str('registration_endpoint') };
  }
  throw new RegistrationError(`cannot read the issuer's discovery document: ${stripControl(last, ONE_LINE)}`);
}

/** Which dialect a registration endpoint speaks, from its URL (an explicit provider wins in the caller). */
export function dialectFor(endpoint: string, provider?: string): Dialect {
  if (provider === 'keycloak' || /\/clients-registrations\//.test(endpoint)) return 'keycloak';
  if (provider === 'okta' || /\/oauth2\/v1\/clients\/?$/.test(endpoint)) return 'okta';
  if (provider === 'auth0' || /\/oidc\/register\/?$/.test(endpoint)) return 'auth0';
  return 'rfc7591';
}

/** Keycloak advertises its RFC 7591 endpoint (`…/clients-registrations/openid-connect`); its own one is `…/default`. */
export function keycloakDefaultEndpoint(endpoint: string): string {
  return endpoint.replace(/\/clients-registrations\/[^/]+\/?$/, '/clients-registrations/default');
}

function authHeader(dialect: Dialect, credential: Secret | undefined): Record<string, Secret> {
  if (!credential || credential.isEmpty) return {};
  return { authorization: new Secret(`${dialect === 'okta' ? 'SSWS' : 'Bearer'} ${credential.reveal()}`) };
}

export function buildRegistrationRequest(input: RegistrationInput): PreparedRequest {
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...authHeader(input.dialect, input.credential) };
  const standard = {
    client_name: input.clientName,
    grant_types: ['client_credentials'],
    response_types: [] as string[],
    token_endpoint_auth_method: 'client_secret_basic',
  };
  switch (input.dialect) {
    case 'keycloak':
      return {
        method: 'POST',
        url: keycloakDefaultEndpoint(input.endpoint),
        headers,
        body: {
          clientId: input.clientName,
          name: input.clientName,
          description: 'CI client for flyte deploy (created by flyte-ci-auth)',
          protocol: 'openid-connect',
          publicClient: false,
          clientAuthenticatorType: 'client-secret',
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
          implicitFlowEnabled: false,
          directAccessGrantsEnabled: false,
          // No client scopes: Keycloak drops unknown scopes from a token request (200), while naming one that
          // the realm lacks here would fail the registration; the audience mapper is what the control plane checks.
          ...(input.audience
            ? {
                protocolMappers: [
                  {
                    name: 'flyte-control-plane-audience',
                    protocol: 'openid-connect',
                    protocolMapper: 'oidc-audience-mapper',
                    config: { 'included.custom.audience': input.audience, 'access.token.claim': 'true', 'id.token.claim': 'false' },
                  },
                ],
              }
            : {}),
        },
      };
    case 'okta':
      return {
        method: 'POST',
        url: input.endpoint,
        headers,
        body: { ...standard, application_type: 'service', response_types: ['token'] },
      };
    case 'auth0':
      return { method: 'POST', url: input.endpoint, headers, body: { ...standard } };
    default:
      return {
        method: 'POST',
        url: input.endpoint,
        headers,
        body: { ...standard, redirect_uris: [], ...(input.scopes.length > 0 ? { scope: input.scopes.join(' ') } : {}) },
      };
  }
}

/** The request as text for --dry-run and --debug: credentials shown as `<redacted>`. */
export function describeRequest(req: PreparedRequest): string[] {
  const lines = [`${req.method} ${req.url}`];
  for (const [k, v] of Object.entries(req.headers)) {
    lines.push(`${k}: ${v instanceof Secret ? `${v.reveal().split(' ')[0]} <redacted>` : v}`);
  }
  if (req.body) lines.push('', JSON.stringify(req.body, null, 2));
  return lines;
}

/**
 * Sends a prepared request. Both directions carry credentials (the registration token out, the new client
 * secret back, even for open registration), so the one rule of src/core/net-rules.ts applies before anything is
 * sent: https, or plain http to this machine only. Network failures become RegistrationErrors (words, exit 1).
 */
async function send(fetch: FetchLike, req: PreparedRequest, what: string): Promise<Response> {
  const problem = credentialUrlProblem(req.url);
  if (problem) {
    throw new RegistrationError(
      `${what} refused before sending: ${stripControl(describeInsecureUrl(problem), ONE_LINE)}`,
      undefined,
      'The identity provider must advertise an https:// registration endpoint. Nothing was sent.',
    );
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = v instanceof Secret ? v.reveal() : v;
  try {
    return await fetch(req.url, { method: req.method, headers, ...(req.body ? { body: JSON.stringify(req.body) } : {}) });
  } catch (err) {
    const said = stripControl(redact((err as Error)?.message ?? String(err), secretsOf(req)), ONE_LINE);
    throw new RegistrationError(`${what} failed: could not reach ${hostOf(req.url)} (${said})`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the registration endpoint';
  }
}

/** The credentials of a request, with and without their scheme (a server may echo either). */
function secretsOf(req: PreparedRequest): string[] {
  return Object.values(req.headers)
    .filter((v): v is Secret => v instanceof Secret)
    .flatMap((v) => [v.reveal(), v.reveal().replace(/^\S+\s+/, '')]);
}

/** An error answer in words: RFC 7591 `error`/`error_description`, Keycloak `errorMessage`, Okta `errorSummary`. */
async function failure(res: Response, req: PreparedRequest, what: string): Promise<RegistrationError> {
  let text = '';
  try {
    text = (await res.text()).slice(0, 4096);
  } catch {
    text = '';
  }
  let detail = '';
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const parts = [j.error, j.error_description ?? j.errorMessage ?? j.errorSummary ?? j.message].filter((x) => typeof x === 'string');
    detail = parts.join(': ');
  } catch {
    detail = text.trim().slice(0, 200);
  }
  detail = stripControl(redact(detail, secretsOf(req)), ONE_LINE);
  const policy = /Policy '([^']+)' rejected request/.exec(detail)?.[1];
  const hint = policy
    ? `Keycloak's client registration policy "${policy}" refused it: Realm settings → Client registration → Client policies (authenticated access) → "${policy}"; for "Allowed Protocol Mapper Types" add oidc-audience-mapper.`
    : res.status === 401 || res.status === 403
      ? 'The registration credential was refused: an expired or used-up initial access token, a token without the right (Keycloak: create-client or manage-clients; Okta: an API token of an admin allowed to manage apps), or registration disabled.'
      : undefined;
  return new RegistrationError(`${what} failed: HTTP ${res.status}${detail ? ` (${detail})` : ''}`, res.status, hint);
}

export async function sendRegistration(fetch: FetchLike, req: PreparedRequest, dialect: Dialect): Promise<RegisteredClient> {
  const res = await send(fetch, req, 'registration');
  if (res.status !== 201 && res.status !== 200) throw await failure(res, req, 'registration');
  const j = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const s = (k: string) => (typeof j[k] === 'string' && j[k] !== '' ? (j[k] as string) : undefined);
  if (dialect === 'keycloak') {
    const clientId = s('clientId');
    const secret = s('secret');
    if (!clientId || !secret) throw new RegistrationError('Keycloak answered without a client ID or secret (is the client public?)');
    const rat = s('registrationAccessToken');
    return {
      clientId,
      clientSecret: new Secret(secret),
      ...(rat ? { registrationAccessToken: new Secret(rat), registrationClientUri: `${req.url.replace(/\/+$/, '')}/${encodeURIComponent(clientId)}` } : {}),
    };
  }
  const clientId = s('client_id');
  const secret = s('client_secret');
  if (!clientId || !secret) throw new RegistrationError('the registration answer has no client_id or client_secret (a public client?)');
  const rat = s('registration_access_token');
  const uri = s('registration_client_uri');
  return {
    clientId,
    clientSecret: new Secret(secret),
    ...(rat ? { registrationAccessToken: new Secret(rat) } : {}),
    ...(uri ? { registrationClientUri: uri } : {}),
    ...(typeof j.client_secret_expires_at === 'number' ? { clientSecretExpiresAt: j.client_secret_expires_at } : {}),
  };
}

/**
 * The request that removes a registered client: RFC 7592 DELETE on registration_client_uri with the registration
 * access token (rfc7591, Keycloak), or Okta's DELETE /oauth2/v1/clients/{id} with the API token. Keycloak also
 * accepts an admin bearer token on its URI. Auth0 has no delete through registration (undefined).
 */
export function buildDeleteRequest(
  dialect: Dialect,
  target: { registrationClientUri?: string; endpoint?: string; clientId: string },
  credential: Secret,
): PreparedRequest | undefined {
  let url = target.registrationClientUri;
  if (!url && dialect === 'okta' && target.endpoint) url = `${target.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(target.clientId)}`;
  if (!url && dialect === 'keycloak' && target.endpoint) url = `${keycloakDefaultEndpoint(target.endpoint)}/${encodeURIComponent(target.clientId)}`;
  if (!url) return undefined;
  return { method: 'DELETE', url, headers: { accept: 'application/json', ...authHeader(dialect, credential) } };
}

export async function sendDelete(fetch: FetchLike, req: PreparedRequest): Promise<void> {
  const res = await send(fetch, req, 'delete');
  if (res.status === 204 || res.status === 200) return;
  throw await failure(res, req, 'delete');
}

/** RFC 7592 read (GET) or update (PUT) of a registered client, with its registration access token. */
export function buildManagementRequest(method: 'GET' | 'PUT', registrationClientUri: string, token: Secret, body?: Record<string, unknown>): PreparedRequest {
  return {
    method,
    url: registrationClientUri,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...authHeader('rfc7591', token) },
    ...(body ? { body } : {}),
  };
}

/** Sends an RFC 7592 read or update (same URL rule as every credential-carrying request); the answer's JSON. */
export async function sendManagement(fetch: FetchLike, req: PreparedRequest): Promise<Record<string, unknown>> {
  const what = req.method === 'GET' ? 'reading the registered client' : 'updating the registered client';
  const res = await send(fetch, req, what);
  if (res.status !== 200) throw await failure(res, req, what);
  const j = (await res.json().catch(() => undefined)) as unknown;
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new RegistrationError(`${what}: the answer is not a JSON object`);
  return j as Record<string, unknown>;
}
