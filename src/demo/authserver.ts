/**
 * A real OpenID Provider (panva `oidc-provider`, certified), not a mock, on 127.0.0.1:0 for the demo and the
 * tests: client_credentials enabled, JWT access tokens (RFC 9068) through resourceIndicators + defaultResource
 * (oidc-provider issues JWT access tokens only for a resource indicator), ES256 signing key generated at start (a few ms).
 *
 * Two additions for scenarios a real IdP has and oidc-provider does not:
 * - Several valid secrets per client (secret rotation: old and new both valid until the old one is deleted).
 *   oidc-provider compares against one registered `client_secret`; this server replaces the compare function of
 *   its own Client class (one provider instance, not global) with "any of the secrets in this client's set".
 *   `setSecrets(clientId, [...])` swaps the set at runtime. Limitation: secret expiry dates are not modelled.
 * - An "Entra-like" client: its tokens carry `idtyp: app` and `tid`, and `roles` only once admin consent has
 *   been granted (`grantConsent()` or `POST /demo/grant-consent`), the way Entra issues role-less app tokens.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface DemoClient {
  clientId: string;
  /** One or more secrets, all valid. */
  secrets: string[];
  /** Scopes this client may receive (default: the resource's scopes). */
  scopes?: string[];
  /** Registered token endpoint auth method (oidc-provider accepts Basic for a post client, not the reverse). */
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Entra-like app-only tokens: idtyp/tid always, roles only with admin consent. */
  entraLike?: boolean;
  /** Lacks the client_credentials grant (to produce "grant not allowed"). */
  noClientCredentials?: boolean;
}

export interface AuthServerOptions {
  clients: DemoClient[];
  /** The API the tokens are for (the `aud` claim), e.g. "https://127.0.0.1:PORT" of the control plane. */
  resource: string;
  /** Scopes defined on the resource. */
  scopes: string[];
  tls?: { key: string; cert: string };
  tenantId?: string;
  /** Roles granted once consent is given (Entra-like clients). */
  roles?: string[];
  accessTokenTtl?: number;
  /**
   * Open the RFC 7591 registration endpoint (`/reg`, advertised in discovery as registration_endpoint) behind
   * this initial access token, with RFC 7592 management (read, update, delete with the registration access
   * token). Registered clients authenticate with the secret oidc-provider issued them.
   */
  registration?: {
    initialAccessToken: string;
    /**
     * An RFC 7592 update (PUT) issues a new client_secret (the old one stops working at once) and a new
     * registration access token, as RFC 7592 allows; default true. false: oidc-provider's own behaviour (the
     * secret is kept), for the "server does not rotate" case.
     */
    rotateOnUpdate?: boolean;
  };
}

/** The registration policy (oidc-provider features.registration.policies) that issues a new secret on update. */
const NEW_SECRET_ON_UPDATE = 'new-secret-on-update';

export interface AuthServer {
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
  port: number;
  setSecrets(clientId: string, secrets: string[]): void;
  grantConsent(granted?: boolean): void;
  readonly consentGranted: boolean;
  /** Change the resource (audience) after start, e.g. once the control plane's port is known. */
  setResource(resource: string): void;
  /** The registration endpoint, when `registration` was given. */
  registrationEndpoint?: string;
  close(): Promise<void>;
}

export async function startAuthServer(opts: AuthServerOptions): Promise<AuthServer> {
  // oidc-provider prints start-up notices through console (an "unsupported runtime" warning on Node 20, where it
  // works, and the in-memory adapter warning); they mean nothing to a demo user, so only those are muted.
  const restore = muteProviderNotices();
  let Provider: typeof import('oidc-provider').default;
  let jose: typeof import('jose');
  try {
    [{ default: Provider }, jose] = await Promise.all([import('oidc-provider'), import('jose')]);
  } finally {
    restore();
  }
  const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = await jose.calculateJwkThumbprint(jwk);
  jwk.alg = 'ES256';
  jwk.use = 'sig';

  const live: LiveSettings = { resource: opts.resource, consent: false };
  const tenantId = opts.tenantId ?? '7d0c1e5a-0000-4000-8000-00000000de00';
  const secrets = new Map(opts.clients.map((c) => [c.clientId, new Set(c.secrets)]));
  const byId = new Map(opts.clients.map((c) => [c.clientId, c]));

  const handler: { fn?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === 'POST' && req.url === '/demo/grant-consent') {
      live.consent = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"consent":"granted"}');
      return;
    }
    if (handler.fn) handler.fn(req, res);
    else res.writeHead(503).end();
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const unmute = muteProviderNotices();
  const provider = new Provider(issuer, providerConfiguration(opts, Provider, jwk, live, byId, tenantId) as never);
  unmute();
  acceptAnyCurrentSecret(provider, secrets);
  if (opts.registration) {
    // The initial access token as an oidc-provider model (not a plain string), so that it can carry the policy;
    // each registration access token it leads to inherits the policy, which then runs on every update.
    const rotate = opts.registration.rotateOnUpdate !== false;
    await new provider.InitialAccessToken({ jti: opts.registration.initialAccessToken, ...(rotate ? { policies: [NEW_SECRET_ON_UPDATE] } : {}) }).save();
  }
  provider.on('server_error', () => undefined);
  handler.fn = provider.callback() as unknown as (req: http.IncomingMessage, res: http.ServerResponse) => void;

  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: `${issuer}/jwks`,
    port,
    ...(opts.registration ? { registrationEndpoint: `${issuer}/reg` } : {}),
    setSecrets: (clientId, list) => void secrets.set(clientId, new Set(list)),
    grantConsent: (granted = true) => void (live.consent = granted),
    get consentGranted() {
      return live.consent;
    },
    setResource: (r) => void (live.resource = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** What the demo changes while it runs: the API's resource (audience) and whether admin consent was granted. */
interface LiveSettings {
  resource: string;
  consent: boolean;
}

/**
 * oidc-provider's configuration: the static clients, client_credentials, RFC 7591 registration when asked, JWT
 * access tokens for the live resource, and Entra-like claims (roles once consent is granted) for entraLike clients.
 */
function providerConfiguration(
  opts: AuthServerOptions,
  Provider: typeof import('oidc-provider').default,
  jwk: import('jose').JWK,
  live: LiveSettings,
  byId: Map<string, AuthServerOptions['clients'][number]>,
  tenantId: string,
) {
  return {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.secrets[0] ?? 'unused',
      grant_types: c.noClientCredentials ? ['implicit'] : ['client_credentials'],
      response_types: c.noClientCredentials ? ['id_token'] : [],
      redirect_uris: c.noClientCredentials ? ['https://127.0.0.1/cb'] : [],
      token_endpoint_auth_method: c.authMethod ?? 'client_secret_basic',
      scope: (c.scopes ?? opts.scopes).join(' '),
    })),
    jwks: { keys: [jwk as never] },
    scopes: opts.scopes,
    features: {
      clientCredentials: { enabled: true },
      ...(opts.registration
        ? {
            registration: {
              enabled: true,
              initialAccessToken: true,
              issueRegistrationAccessToken: true,
              policies: { [NEW_SECRET_ON_UPDATE]: newSecretOnUpdate },
            },
            registrationManagement: { enabled: true, rotateRegistrationAccessToken: opts.registration.rotateOnUpdate !== false },
          }
        : {}),
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => live.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== live.resource) throw new Provider.errors.InvalidTarget();
          return {
            scope: opts.scopes.join(' '),
            audience: live.resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: opts.accessTokenTtl ?? 3600,
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => {
      const client = token.clientId ? byId.get(token.clientId) : undefined;
      if (!client?.entraLike) return undefined;
      return {
        idtyp: 'app',
        tid: tenantId,
        ver: '2.0',
        azp: client.clientId,
        ...(live.consent ? { roles: opts.roles ?? ['Flyte.Deploy'] } : {}),
      };
    },
    ttl: { ClientCredentials: opts.accessTokenTtl ?? 3600 },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['client_credentials'], response_types: [] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
  };
}

/** On an RFC 7592 update (PUT), a new client_secret replaces the old one; on registration nothing changes. */
async function newSecretOnUpdate(ctx: { method: string }, properties: Record<string, unknown>): Promise<void> {
  if (ctx.method !== 'PUT') return;
  const { randomBytes } = await import('node:crypto');
  properties.client_secret = randomBytes(32).toString('base64url');
  properties.client_secret_expires_at = 0;
}

/**
 * Any of the client's current secrets is valid (rotation); see the header comment. A client registered at
 * runtime (RFC 7591) is not in the map: oidc-provider's own comparison decides for it.
 */
function acceptAnyCurrentSecret(provider: InstanceType<typeof import('oidc-provider').default>, secrets: Map<string, Set<string>>): void {
  const proto = provider.Client.prototype as unknown as { compareClientSecret(this: { clientId: string }, actual: string): unknown };
  const ownCompare = proto.compareClientSecret;
  proto.compareClientSecret = function compareClientSecret(actual: string) {
    const set = secrets.get(this.clientId);
    if (set === undefined) return ownCompare.call(this, actual);
    return typeof actual === 'string' && set.has(actual);
  };
}

function muteProviderNotices(): () => void {
  const { warn, info } = console;
  const filter =
    (orig: (...a: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider')) return;
      orig(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  return () => {
    console.warn = warn;
    console.info = info;
  };
}
