/**
 * The contract between the network side of `check` (src/services/check), which observes,
 * and the diagnosis rules (src/core/diagnose*.ts), which explain. Observations carry no secrets: bodies are
 * redacted before they get here, and the access token only ever travels inside a Secret.
 */
export type ProviderId = 'okta' | 'entra' | 'keycloak' | 'auth0' | 'cognito' | 'adfs' | 'ping' | 'generic';
import type { Secret } from './secret.js';

export const PROVIDERS: readonly ProviderId[] = ['okta', 'entra', 'keycloak', 'auth0', 'cognito', 'adfs', 'ping', 'generic'];

/** Where in the flyte-style sequence something happened. */
export type Stage = 'metadata' | 'discovery' | 'token' | 'jwks' | 'userinfo' | 'first-call' | 'project';

export type AuthMethod = 'basic' | 'post';

export type DiagnosisCode =
  | 'ok'
  | 'opaque_token'
  | 'dns_lookup_failed'
  | 'connection_refused'
  | 'timeout'
  | 'tls_untrusted_certificate'
  | 'tls_hostname_mismatch'
  | 'tls_certificate_expired'
  | 'tls_error'
  | 'not_an_oauth_response'
  | 'endpoint_not_found'
  | 'server_error'
  | 'rate_limited'
  | 'invalid_client_secret'
  | 'client_secret_expired'
  | 'client_secret_missing'
  | 'unknown_client'
  | 'client_authentication_failed'
  | 'client_auth_method_mismatch'
  | 'client_disabled'
  | 'grant_not_allowed'
  | 'wrong_authorization_server'
  | 'tenant_not_found'
  | 'invalid_scope'
  | 'unknown_resource'
  | 'permission_not_granted'
  | 'policy_denied'
  | 'malformed_request'
  | 'admin_consent_missing'
  | 'token_missing_scope'
  | 'audience_mismatch'
  | 'token_expired'
  | 'control_plane_unreachable'
  | 'control_plane_not_flyte'
  | 'control_plane_rejected_token'
  | 'unknown_error'
  // Added where a real case needed one:
  | 'missing_expires_in' // 200 without expires_in: flyte's token client requires the field and fails without it
  | 'auth_not_configured' // control plane answers but advertises no token endpoint
  | 'token_not_yet_valid' // nbf/iat in the future: clock skew
  | 'signature_invalid' // JWT signature does not verify against the issuer's JWKS
  // Hostile or broken networks: endless bodies, failing proxies, unsafe URLs, unreadable tokens:
  | 'response_too_large' // an answer over the body cap
  | 'proxy_refused'
  | 'proxy_tunnel_closed'
  | 'proxy_timeout'
  | 'proxy_auth_required' // 407 from the proxy
  | 'insecure_url' // a credential would go over plain http (discovered or advertised URL)
  | 'redirect_refused' // a redirect to another scheme/host, or a loop
  | 'token_invalid' // a token whose claims cannot be read safely (out-of-range dates, too deep, too large)
  | 'control_plane_bad_header' // the advertised header name is not a valid HTTP header name
  | 'issuer_mismatch' // the token's iss is not the issuer the control plane trusts (e.g. an Entra v1.0 token)
  // flyte's token-less first call, and the org/project/domain it deploys to:
  | 'auth_not_triggered' // the token-less first call is answered in a way that never starts flyte's authentication
  | 'org_mismatch' // the org is not the cluster's UNION_ORG: cross-org rejection
  | 'project_not_found'
  | 'domain_not_found'
  | 'project_access_denied';

export interface Diagnosis {
  code: DiagnosisCode;
  /** ok = it will work; warning = it will work but something deserves attention; error = it will not work. */
  severity: 'ok' | 'warning' | 'error';
  title: string;
  /** What it means, in plain words. */
  detail: string;
  /** Numbered fix steps, specific to the provider where the provider is known. */
  fix: string[];
  /** The provider's own error text, control sequences stripped, secrets redacted. */
  providerText?: string;
  /** The provider's own `error` code and `error_description` (sanitised), as it sent them. */
  providerError?: string;
  providerErrorDescription?: string;
  /** For an answer no rule recognised: a short sanitised excerpt of the body. */
  providerExcerpt?: string;
}

export interface Warning {
  code: string;
  message: string;
}

/** A request that never got an HTTP answer. `code` is the Node error code from the cause chain. */
export interface TransportFailure {
  kind: 'transport';
  stage: Stage;
  url: string;
  /** e.g. ENOTFOUND, EAI_AGAIN, ECONNREFUSED, TimeoutError, SELF_SIGNED_CERT_IN_CHAIN, ERR_TLS_CERT_ALTNAME_INVALID, CERT_HAS_EXPIRED, UND_ERR_SOCKET */
  code: string;
  message: string;
  /** HTTP(S)_PROXY is set in the environment (hint when a connect error happens). */
  proxyConfigured: boolean;
  /** Whether the request actually went through that proxy (undefined = unknown). Lets the diagnosis say "Node's fetch ignored it". */
  proxyUsed?: boolean;
  timeoutMs: number;
}

/** An HTTP answer, whatever its status and body. */
export interface HttpObservation {
  kind: 'http';
  stage: Stage;
  url: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Raw body text (untrusted; secrets already redacted). */
  body: string;
}

/** Everything the rules may use besides the observation itself. */
export interface DiagnosisContext {
  provider: ProviderId;
  stage: Stage;
  tokenUrl?: string;
  controlPlaneHost?: string;
  clientId?: string;
  scopes: string[];
  audience?: string;
  authMethod: AuthMethod;
  /** The header the control plane wants the token in (GetPublicClientConfig `authorization_metadata_key`). */
  headerName?: string;
  expectAudience?: string[];
  expectScopes?: string[];
  /** The issuer the control plane (or discovery) says it trusts, when known. */
  issuer?: string;
  now: Date;
}

/** Decoded (not verified) JWT parts; claims are untrusted data. */
export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

// ---- The check as the wizard, rotate and the `check` command call it (implemented in src/services/check/engine.ts) ----


export interface CheckOptions {
  /** Control-plane host (bare, optionally host:port as flyte's --endpoint allows); the flyte-style default path. */
  endpoint?: string;
  /** Aim at a token endpoint directly (skips the control plane). */
  tokenUrl?: string;
  /** Aim at an issuer: OIDC/OAuth discovery finds the token endpoint and JWKS. */
  issuer?: string;
  clientId: string;
  clientSecret: Secret;
  org?: string;
  /** Override the discovered scopes / audience. */
  scopes?: string[];
  audience?: string;
  authMethod: AuthMethod | 'auto';
  provider?: ProviderId;
  expectAudience?: string[];
  expectScopes?: string[];
  /**
   * flyte's `admin.caCertFilePath`: the PEM bundle for the CONTROL PLANE only, and its only trust (it replaces
   * the system roots there). flyte never uses it for the token request.
   */
  caFile?: string;
  /**
   * The identity provider's CA. Stands for the `SSL_CERT_FILE` bundle CI builds (certifi's public roots plus this
   * CA), which flyte's token request (httpx) then trusts instead of its default (certifi). When neither this nor
   * SSL_CERT_FILE/SSL_CERT_DIR in the environment is set, the token
   * endpoint must chain to the public roots (Node's bundle stands for certifi; both are Mozilla's list).
   */
  idpCaFile?: string;
  /** The project and domain `flyte deploy` will use; with the org they are checked by one read-only call. */
  project?: string;
  domain?: string;
  /** Bounds every request. */
  timeoutMs: number;
  /** Collect the redacted HTTP exchange. */
  verbose?: boolean;
}

/** How a check is aimed and shaped: everything but the credentials (shared by `check` and `rotate`). */
export type CheckShape = Pick<
  CheckOptions,
  'endpoint' | 'tokenUrl' | 'issuer' | 'scopes' | 'audience' | 'authMethod' | 'provider' | 'expectAudience' | 'expectScopes' | 'caFile' | 'idpCaFile' | 'timeoutMs'
>;

/** The environment as the check reads it (proxy variables, SSL_CERT_FILE / SSL_CERT_DIR). */
export type CheckEnv = Readonly<Record<string, string | undefined>>;

/** Where the token side's trust came from, as flyte's httpx session would pick it. */
export type IdpTrustSource = 'idp-ca-file' | 'SSL_CERT_FILE' | 'SSL_CERT_DIR' | 'default';

export type CheckStepId = 'first-call' | 'metadata' | 'discovery' | 'token' | 'claims' | 'signature' | 'userinfo' | 'project';

export interface CheckStep {
  id: CheckStepId;
  status: 'running' | 'ok' | 'warning' | 'failed' | 'skipped';
  /** One line for a progress list, e.g. "Token endpoint from the control plane: https://…/token". */
  summary: string;
}

export interface ClaimRow {
  label: string;
  value: string;
}

/** The result; its JSON form (toCheckJson) is the `check --json` shape. Holds no secret and no token. */
export interface CheckReport {
  ok: boolean;
  diagnosis: Diagnosis;
  warnings: Warning[];
  token: { header: Record<string, unknown>; claims: Record<string, unknown>; expiresIn: number | null } | null;
  http: { status: number } | null;
  target: { tokenUrl: string | null; via: 'control-plane' | 'issuer' | 'token-url' };
  provider: ProviderId;
  /** What the control plane advertised (flyte-style path only). */
  discovered?: { tokenEndpoint: string; scopes: string[]; audience: string; headerName: string };
  /** The trust each side used (what CI must reproduce). */
  trust?: { controlPlane: 'ca-file' | 'system'; tokenEndpoint: IdpTrustSource };
  /** The auth method that worked (or was last tried). */
  authMethod?: AuthMethod;
  steps: CheckStep[];
  claimRows: ClaimRow[];
  /** The redacted HTTP exchange (always collected; printed with --verbose). */
  exchange: string[];
}

/**
 * The check could not start: nothing to check against, or a CA file / proxy setting that cannot be used. A typed
 * problem of the engine; the command shell turns it into a usage error (exit 2).
 */
export class CheckSetupError extends Error {
  constructor(
    readonly problem: 'no-target' | 'http-setup' | 'trust-file',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CheckSetupError';
  }
}
