/**
 * A fake Flyte control plane that speaks real Connect with the official flyteidl2 service definitions
 * (served by @connectrpc/connect-node's connectNodeAdapter), over HTTPS (or HTTP for tests):
 *  - AuthMetadataService/GetOAuth2Metadata → the authorization server's issuer, token endpoint and JWKS;
 *  - AuthMetadataService/GetPublicClientConfig → scopes, audience and the header name (`flyte-authorization`);
 *  - IdentityService/UserInfo → verifies the bearer token from that header against the authorization server's
 *    JWKS (jose) with the expected issuer and audience, like the real control plane's `allowedAudience` check;
 *  - ProjectService/GetProject → the same token check, then org, project and domain enforced the way a
 *    self-hosted control plane does: any org but its own UNION_ORG is refused as cross-org (PERMISSION_DENIED),
 *    an unknown project is NOT_FOUND, and a project lists its domains.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ControlPlaneOptions {
  /** The authorization server (read at call time, so it can be set after start). */
  auth: () => { issuer: string; tokenEndpoint: string; jwksUri: string };
  scopes: string[];
  /** Audience advertised and required; defaults to the control plane's own base URL. */
  audience?: string;
  headerName?: string;
  /** Advertise this header name in GetPublicClientConfig instead (e.g. "" for a misconfigured control plane). */
  advertisedHeaderName?: string;
  tls?: { key: string; cert: string };
  /** Extra CA (PEM) the control plane trusts when it fetches the JWKS. */
  caPem?: string;
  /** Answer every request with this HTML page instead (a console or proxy in front of the API). */
  htmlInstead?: boolean;
  /**
   * Answer calls that carry no token in the header like an SSO proxy or ingress would, instead of the control
   * plane's UNAUTHENTICATED: a 302 to a login page, a 403, or an HTML page with 200.
   */
  anonymousAnswer?: 'redirect' | 'forbidden' | 'html';
  /** The cluster's UNION_ORG (default "demo"). */
  org?: string;
  /**
   * Projects in that org (default: flytesnacks with development, staging, production). 'any': every project id
   * exists with those three domains (the wizard demo, where the user types a project); org and domain are still
   * enforced.
   */
  projects?: Array<{ id: string; domains: string[] }> | 'any';
}

export interface ControlPlane {
  /** host:port, as flyte's --endpoint takes it. */
  endpoint: string;
  baseUrl: string;
  audience: string;
  /** Every UserInfo call, for assertions: which header carried the token and whether it verified. */
  calls: Array<{ header: string | null; verified: boolean; error?: string }>;
  close(): Promise<void>;
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const [{ connectNodeAdapter }, { ConnectError, Code }, authPb, identityPb, projectPb, jose, undici, tls] = await Promise.all([
    import('@connectrpc/connect-node'),
    import('@connectrpc/connect'),
    import('@flyteorg/flyteidl2/flyteidl2/auth/auth_service_pb.js'),
    import('@flyteorg/flyteidl2/flyteidl2/auth/identity_pb.js'),
    import('@flyteorg/flyteidl2/flyteidl2/project/project_service_pb.js'),
    import('jose'),
    import('../services/http.js').then((m) => m.loadUndici()),
    import('node:tls'),
  ]);
  const headerName = opts.headerName ?? 'flyte-authorization';
  const calls: ControlPlane['calls'] = [];
  const state: { audience: string; jwks?: ReturnType<typeof jose.createRemoteJWKSet> } = { audience: opts.audience ?? '' };
  const agent = new undici.Agent({ connect: opts.caPem ? { ca: [...tls.rootCertificates, opts.caPem] } : {} });
  const jwksFetch = ((url: string, init: RequestInit) =>
    undici.fetch(url, { ...(init as object), dispatcher: agent } as never)) as unknown as typeof fetch;

  const unionOrg = opts.org ?? 'demo';
  const STANDARD_DOMAINS = ['development', 'staging', 'production'];
  const projects = opts.projects ?? [{ id: 'flytesnacks', domains: STANDARD_DOMAINS }];
  /** The bearer token from the configured header, verified; throws UNAUTHENTICATED like the real one. */
  const verify = async (headers: Headers): Promise<Record<string, unknown>> => {
    let value: string | null = null;
    try {
      value = headers.get(headerName);
    } catch {
      value = null; // a header name no request can carry (a misconfigured control plane): nothing arrives
    }
    const token = value?.replace(/^Bearer\s+/i, '');
    if (!value || !token || token === value) {
      calls.push({ header: value ? headerName : null, verified: false, error: 'missing bearer' });
      throw new ConnectError(`missing "${headerName}: Bearer <token>"`, Code.Unauthenticated);
    }
    const a = opts.auth();
    state.jwks ??= jose.createRemoteJWKSet(new URL(a.jwksUri), { [jose.customFetch]: jwksFetch });
    try {
      const { payload } = await jose.jwtVerify(token, state.jwks, { issuer: a.issuer, audience: state.audience });
      calls.push({ header: headerName, verified: true });
      return payload as Record<string, unknown>;
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ERR';
      calls.push({ header: headerName, verified: false, error: code });
      throw new ConnectError(`token rejected (${code})`, Code.Unauthenticated);
    }
  };

  const connectHandler = connectNodeAdapter({
    routes: (router) =>
      controlPlaneRoutes(
        router,
        { authPb, identityPb, projectPb, ConnectError, Code },
        { opts, state, headerName, verify, unionOrg, projects, standardDomains: STANDARD_DOMAINS },
      ),
  });
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (answerWithoutConnect(opts, headerName, req, res)) return;
    connectHandler(req, res);
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  const port = await listenOnLoopback(server);
  const baseUrl = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  if (!state.audience) state.audience = baseUrl;
  return {
    endpoint: `127.0.0.1:${port}`,
    baseUrl,
    audience: state.audience,
    calls,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await agent.destroy().catch(() => undefined);
    },
  };
}

/** The Connect modules the routes use (loaded when the control plane starts). */
interface RouteModules {
  authPb: typeof import('@flyteorg/flyteidl2/flyteidl2/auth/auth_service_pb.js');
  identityPb: typeof import('@flyteorg/flyteidl2/flyteidl2/auth/identity_pb.js');
  projectPb: typeof import('@flyteorg/flyteidl2/flyteidl2/project/project_service_pb.js');
  ConnectError: typeof import('@connectrpc/connect').ConnectError;
  Code: typeof import('@connectrpc/connect').Code;
}

/** The three services flyte calls: auth metadata (anonymous), UserInfo and GetProject (both verify the token). */
function controlPlaneRoutes(
  router: import('@connectrpc/connect').ConnectRouter,
  { authPb, identityPb, projectPb, ConnectError, Code }: RouteModules,
  {
    opts,
    state,
    headerName,
    verify,
    unionOrg,
    projects,
    standardDomains,
  }: {
    opts: ControlPlaneOptions;
    state: { audience: string };
    headerName: string;
    verify: (headers: Headers) => Promise<Record<string, unknown>>;
    unionOrg: string;
    projects: NonNullable<ControlPlaneOptions['projects']>;
    standardDomains: string[];
  },
): void {
  router.service(authPb.AuthMetadataService, {
    getOAuth2Metadata() {
      const a = opts.auth();
      return {
        issuer: a.issuer,
        tokenEndpoint: a.tokenEndpoint,
        jwksUri: a.jwksUri,
        tokenEndpointAuthMethodsSupported: ['client_secret_basic', 'client_secret_post'],
        grantTypesSupported: ['client_credentials'],
        scopesSupported: opts.scopes,
        responseTypesSupported: [],
      };
    },
    getPublicClientConfig() {
      return {
        clientId: 'flytectl',
        redirectUri: 'http://localhost:53593/callback',
        scopes: opts.scopes,
        audience: state.audience,
        authorizationMetadataKey: opts.advertisedHeaderName ?? headerName,
      };
    },
  });
  router.service(identityPb.IdentityService, {
    async userInfo(_req, ctx) {
      const payload = await verify(ctx.requestHeader);
      return {
        subject: String(payload.sub ?? ''),
        name: String(payload.client_id ?? payload.sub ?? ''),
        preferredUsername: String(payload.client_id ?? ''),
      };
    },
  });
  router.service(projectPb.ProjectService, {
    async getProject(req, ctx) {
      await verify(ctx.requestHeader);
      if (req.org !== unionOrg) {
        throw new ConnectError(`cross-org request: org "${req.org}" does not match this cluster's org`, Code.PermissionDenied);
      }
      const p = projects === 'any' ? (req.id ? { id: req.id, domains: standardDomains } : undefined) : projects.find((x) => x.id === req.id);
      if (!p) throw new ConnectError(`project "${req.id}" not found`, Code.NotFound);
      return {
        project: { id: p.id, name: p.id, org: unionOrg, description: '', domains: p.domains.map((d) => ({ id: d, name: d })) },
      };
    },
  });
}

/**
 * The answers a misconfigured control plane gives instead of Connect (a login redirect, 403 or page for anonymous
 * calls, HTML for everything). Returns whether it answered.
 */
function answerWithoutConnect(opts: ControlPlaneOptions, headerName: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const anonymous = !req.headers[headerName.toLowerCase()];
  if (opts.anonymousAnswer && anonymous && req.url?.startsWith('/flyteidl2.auth.IdentityService/')) {
    if (opts.anonymousAnswer === 'redirect') res.writeHead(302, { location: '/login', 'content-type': 'text/html' }).end('<a href="/login">Found</a>');
    else if (opts.anonymousAnswer === 'forbidden') res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>');
    return true;
  }
  if (opts.anonymousAnswer && req.url === '/login') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>');
    return true;
  }
  if (opts.htmlInstead) {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Union Console - Sign in</title></head><body>Sign in</body></html>');
    return true;
  }
  return false;
}

/** Listen on a free port on 127.0.0.1; returns the port. */
async function listenOnLoopback(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
