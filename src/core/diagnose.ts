/**
 * The diagnosis rules of `check`: observations (src/core/check-types.ts) in, one plain-words Diagnosis out, with
 * fix steps for the identity provider in use. Pure: no I/O, no clock (time comes from ctx.now).
 *
 * Order (most specific evidence first; status codes are unreliable across vendors): transport → stage-specific (control plane) → body signatures (AADSTS,
 * provider fragments) → HTML / non-JSON → status (404, 429, 5xx) → RFC `error` → empty body → unknown.
 */
import type {
  Diagnosis,
  DiagnosisCode,
  DiagnosisContext,
  HttpObservation,
  ProviderId,
  TransportFailure,
} from './check-types.js';
import { buildDiagnosis, cleanProviderText, EXCERPT_MAX, type DiagnosisVars, type NoteRef, type VariantOf } from './diagnose-catalogue.js';
import { parseBody, type ParsedBody } from './diagnose-body.js';
import { detectProvider, displayUrl, hostOf, tenantVar } from './diagnose-provider.js';
import { matchEntra, matchRfc, matchText, matchWords, type Match } from './diagnose-rules.js';

export { buildDiagnosis, okDiagnosis, severityOf, type DiagnosisVars } from './diagnose-catalogue.js';
export { detectProvider } from './diagnose-provider.js';
export { parseBody } from './diagnose-body.js';
export { checkClaims, claimRows, decodeToken, CLOCK_SKEW_SECONDS } from './diagnose-claims.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared variables

function baseVars(ctx: DiagnosisContext, url: string | undefined, provider: ProviderId): DiagnosisVars {
  const tokenUrl = displayUrl(ctx.tokenUrl);
  return {
    url: displayUrl(url),
    host: hostOf(url),
    tokenUrl,
    tenant: tenantVar(ctx.tokenUrl, provider),
    scope: ctx.scopes.length > 0 ? ctx.scopes.join(' ') : undefined,
    audience: ctx.audience,
    clientId: ctx.clientId,
    controlPlaneHost: ctx.controlPlaneHost,
    headerName: ctx.headerName,
  };
}

function stageNote(stage: DiagnosisContext['stage'] | HttpObservation['stage']): NoteRef[] {
  return stage === 'jwks' ? ['stage-jwks'] : stage === 'discovery' ? ['stage-discovery'] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Transport failures

type TransportCode = Extract<
  DiagnosisCode,
  | 'dns_lookup_failed'
  | 'connection_refused'
  | 'timeout'
  | 'tls_untrusted_certificate'
  | 'tls_hostname_mismatch'
  | 'tls_certificate_expired'
  | 'tls_error'
  | 'endpoint_not_found'
  | 'unknown_error'
  | 'response_too_large'
  | 'proxy_refused'
  | 'proxy_tunnel_closed'
  | 'proxy_timeout'
  | 'proxy_auth_required'
  | 'insecure_url'
  | 'redirect_refused'
>;

type TransportMatch = Extract<Match, { code: TransportCode }>;

const TRANSPORT: Record<string, TransportMatch> = {
  ENOTFOUND: { code: 'dns_lookup_failed' },
  EAI_AGAIN: { code: 'dns_lookup_failed' },
  EAI_NODATA: { code: 'dns_lookup_failed' },
  EAI_NONAME: { code: 'dns_lookup_failed' },
  EAI_FAIL: { code: 'dns_lookup_failed' },
  ECONNREFUSED: { code: 'connection_refused' },
  EHOSTUNREACH: { code: 'connection_refused', variant: 'unreachable' },
  ENETUNREACH: { code: 'connection_refused', variant: 'unreachable' },
  EHOSTDOWN: { code: 'connection_refused', variant: 'unreachable' },
  ECONNRESET: { code: 'connection_refused', variant: 'dropped' },
  EPIPE: { code: 'connection_refused', variant: 'dropped' },
  UND_ERR_SOCKET: { code: 'connection_refused', variant: 'dropped' },
  UND_ERR_CLOSED: { code: 'connection_refused', variant: 'dropped' },
  TimeoutError: { code: 'timeout' },
  AbortError: { code: 'timeout' },
  ABORT_ERR: { code: 'timeout' },
  ETIMEDOUT: { code: 'timeout' },
  ESOCKETTIMEDOUT: { code: 'timeout' },
  UND_ERR_CONNECT_TIMEOUT: { code: 'timeout' },
  UND_ERR_HEADERS_TIMEOUT: { code: 'timeout' },
  UND_ERR_BODY_TIMEOUT: { code: 'timeout' },
  SELF_SIGNED_CERT_IN_CHAIN: { code: 'tls_untrusted_certificate' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { code: 'tls_untrusted_certificate' },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { code: 'tls_untrusted_certificate' },
  UNABLE_TO_GET_ISSUER_CERT: { code: 'tls_untrusted_certificate' },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { code: 'tls_untrusted_certificate' },
  CERT_UNTRUSTED: { code: 'tls_untrusted_certificate' },
  CERT_CHAIN_TOO_LONG: { code: 'tls_untrusted_certificate' },
  ERR_TLS_CERT_ALTNAME_INVALID: { code: 'tls_hostname_mismatch' },
  HOSTNAME_MISMATCH: { code: 'tls_hostname_mismatch' },
  CERT_HAS_EXPIRED: { code: 'tls_certificate_expired' },
  CERT_NOT_YET_VALID: { code: 'tls_certificate_expired' },
  ERR_INVALID_URL: { code: 'endpoint_not_found', variant: 'invalid-url' },
  // Set by services/http.ts:
  RESPONSE_TOO_LARGE: { code: 'response_too_large' },
  PROXY_REFUSED: { code: 'proxy_refused' },
  PROXY_REJECTED: { code: 'proxy_refused' },
  PROXY_NOT_FOUND: { code: 'proxy_refused' },
  PROXY_BAD_ANSWER: { code: 'proxy_tunnel_closed' },
  PROXY_TUNNEL_CLOSED: { code: 'proxy_tunnel_closed' },
  PROXY_TIMEOUT: { code: 'proxy_timeout' },
  PROXY_AUTH_REQUIRED: { code: 'proxy_auth_required' },
  INSECURE_URL: { code: 'insecure_url' },
  REDIRECT_REFUSED: { code: 'redirect_refused' },
  REDIRECT_LOOP: { code: 'redirect_refused' },
};

/** Codes whose failure a misconfigured or ignored proxy can explain. */
const PROXY_RELEVANT = new Set<TransportCode>(['dns_lookup_failed', 'connection_refused', 'timeout']);

function transportMatch(code: string): TransportMatch {
  const hit = TRANSPORT[code];
  if (hit) return hit;
  if (/^ERR_SSL_|^ERR_TLS_|^EPROTO$|^CERT_|^ERR_OSSL_/.test(code)) return { code: 'tls_error' };
  return { code: 'unknown_error', variant: 'transport' };
}

/**
 * A request that got no HTTP answer. At the control-plane stages (metadata, userinfo) the result is
 * `control_plane_unreachable` with the cause explained; elsewhere it is the transport code itself.
 */
export function diagnoseTransport(f: TransportFailure, ctx: DiagnosisContext): Diagnosis {
  const provider = effectiveProvider(ctx);
  const vars: DiagnosisVars = {
    ...baseVars(ctx, f.url, provider),
    timeout: Math.max(1, Math.round(f.timeoutMs / 1000)),
    errorCode: f.code,
    reason: f.message,
  };
  const m = transportMatch(f.code);
  const notes: NoteRef[] = [];
  if (f.proxyConfigured && PROXY_RELEVANT.has(m.code)) {
    notes.push(f.proxyUsed === false ? 'proxy-ignored' : f.proxyUsed === true ? 'proxy-used' : 'proxy-unknown');
  }
  const providerText = m.code === 'unknown_error' ? `${f.code}: ${f.message}` : undefined;
  const cause = buildDiagnosis(m.code as TransportCode, provider, {
    ...(m.variant ? { variant: m.variant as never } : {}),
    vars,
    notes: [...notes, ...stageNote(f.stage)],
    ...(providerText ? { providerText } : {}),
  });
  if (f.stage !== 'metadata' && f.stage !== 'userinfo') return cause;

  // The control plane: its own code, the cause's explanation and steps first.
  const cpVars = { ...vars, controlPlaneHost: ctx.controlPlaneHost ?? hostOf(f.url) };
  const cp = buildDiagnosis('control_plane_unreachable', 'generic', { vars: cpVars });
  return buildDiagnosis('control_plane_unreachable', 'generic', {
    vars: cpVars,
    title: `${cp.title}: ${lowerFirst(cause.title)}`,
    detail: `${cp.detail} ${cause.detail}`,
    prefixFix: cause.fix,
    ...(providerText ? { providerText } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP answers

/**
 * Any answer that did not give a usable result, at any stage: read the body first, the status second.
 * (A 2xx is accepted too: HTML with 200, a token answer without `expires_in`, JSON without `access_token`.)
 */
export function diagnoseHttp(obs: HttpObservation, ctx: DiagnosisContext): Diagnosis {
  const parsed = parseBody(obs.body);
  const provider = effectiveProvider(ctx, obs.body);
  const vars: DiagnosisVars = {
    ...baseVars(ctx, obs.url, provider),
    status: obs.status,
    title: parsed.title,
    retryAfter: retryAfter(obs.headers['retry-after']),
    location: displayUrl(obs.headers.location),
  };
  const stage = obs.stage;
  if (stage === 'metadata') return diagnoseMetadata(obs, parsed, ctx, vars);
  if (stage === 'userinfo') return diagnoseUserInfo(obs, parsed, ctx, vars);

  const providerText = providerTextOf(parsed);
  const notes = [...stageNote(stage), ...authenticateNotes(obs, ctx)];
  const providerFields = providerFieldsOf(parsed);
  const build = (m: Match, extra: { aadsts?: string; extraNotes?: NoteRef[]; extraVars?: DiagnosisVars; excerpt?: boolean } = {}) =>
    // The cast is safe: a Match pairs each code with one of its own variants (checked where rules are written).
    buildDiagnosis(m.code as DiagnosisCode, provider, {
      ...(m.variant ? { variant: m.variant as never } : {}),
      vars: { ...vars, code: extra.aadsts, ...extra.extraVars },
      notes: [...(m.notes ?? []), ...(extra.extraNotes ?? []), ...notes],
      ...(m.extraFix ? { extraFix: m.extraFix } : {}),
      ...(providerText ? { providerText } : {}),
      providerFields: { ...providerFields, ...(extra.excerpt ? { excerpt: excerptOf(obs.body) } : {}) },
    });

  // 2xx: a token answer missing a field flyte needs, or not a token answer at all.
  if (obs.status >= 200 && obs.status < 300 && parsed.kind === 'json' && parsed.json) {
    const j = parsed.json;
    if (typeof j.access_token === 'string' && j.access_token !== '') {
      return j.expires_in === undefined || j.expires_in === null
        ? build({ code: 'missing_expires_in' })
        : buildDiagnosis('ok', provider, { vars });
    }
    if (parsed.error === undefined) return build({ code: 'not_an_oauth_response', variant: 'no-token' });
  }

  // Redirects: never followed on a token POST.
  if (obs.status >= 300 && obs.status < 400) return build({ code: 'not_an_oauth_response', variant: 'redirect' });

  // Entra: AADSTS anywhere (error_codes, description, SDK-wrapped text, JSON followed by an IIS page).
  const entra = matchEntra(parsed);
  if (entra && !ENTRA_WEAK.has(entra.aadsts)) return build(entra, { aadsts: entra.aadsts });

  const text = matchText(parsed, obs.status);
  if (text) return build(text, entra ? { aadsts: entra.aadsts } : {});
  if (entra) return build(entra, { aadsts: entra.aadsts });

  if (obs.status === 404) return build({ code: 'endpoint_not_found' });
  if (obs.status === 429) return build({ code: 'rate_limited' });
  if (parsed.kind === 'html') {
    return build({
      code: 'not_an_oauth_response',
      ...(isGateway(obs.status) ? { notes: ['retry-gateway'] } : {}),
    });
  }
  if (parsed.kind === 'text') return build({ code: 'not_an_oauth_response', variant: 'not-json' });
  if (obs.status >= 500) return build({ code: 'server_error' });

  const rfc = matchRfc(parsed);
  if (rfc) return build(rfc);

  // A code nobody standardised (Glewlwyd `scope_invalid`, UAA `unauthorized`, …): its words decide, and say so.
  const words = matchWords(parsed);
  if (words) {
    return build(words.match, {
      extraNotes: ['matched-by-wording'],
      extraVars: { providerErrorCode: parsed.error ?? '(none)', matchedWord: words.word },
    });
  }

  if (parsed.kind === 'empty') {
    if (obs.status === 401) return build({ code: 'client_authentication_failed', variant: 'empty-401' });
    if (obs.status === 403) return build({ code: 'client_authentication_failed', variant: 'empty-403' });
    if (obs.status === 400) return build({ code: 'malformed_request' });
  }
  return build({ code: 'unknown_error' }, { excerpt: true });
}

/** The provider's own `error` and `error_description` when the body is JSON (sanitised later, in the catalogue). */
function providerFieldsOf(p: ParsedBody): { error?: string; errorDescription?: string } {
  if (p.kind !== 'json') return {};
  return {
    ...(p.error ? { error: p.error } : {}),
    ...(p.description ? { errorDescription: p.description } : {}),
  };
}

/** The first characters of an unrecognised body, on one line (control sequences and credentials removed later). */
function excerptOf(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_MAX);
}

const ENTRA_WEAK = new Set(['70002', '50012']);

function isGateway(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** The provider's own words: description (with the error code), else the error, else an HTML title. */
function providerTextOf(p: ParsedBody): string | undefined {
  if (p.kind === 'json') {
    const parts = [p.error, p.description].filter((s): s is string => !!s && s.trim() !== '');
    if (parts.length === 2 && parts[1]!.includes(parts[0]!)) parts.shift();
    return parts.length ? parts.join(': ') : undefined;
  }
  if (p.kind === 'text') return p.matchText;
  return undefined;
}

function authenticateNotes(obs: HttpObservation, ctx: DiagnosisContext): NoteRef[] {
  const h = obs.headers['www-authenticate'];
  if (obs.status !== 401 || !h || !/^\s*Basic\b/i.test(h)) return [];
  return [ctx.authMethod === 'post' ? 'www-authenticate-basic-post' : 'www-authenticate-basic'];
}

function retryAfter(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const n = Number(v.trim());
  if (Number.isFinite(n) && n >= 0) return n < 120 ? `${Math.ceil(n)} seconds` : `${Math.ceil(n / 60)} minutes`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Control-plane stages (Connect)

interface ConnectError {
  code: string;
  message?: string;
}

/** A Connect unary error body: `{"code": "unauthenticated", "message": "…"}` (application/json). */
function connectError(p: ParsedBody): ConnectError | undefined {
  const j = p.json;
  if (!j || typeof j.code !== 'string' || !CONNECT_CODES.has(j.code)) return undefined;
  return { code: j.code, ...(typeof j.message === 'string' ? { message: j.message } : {}) };
}

const CONNECT_CODES = new Set([
  'canceled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
]);

function connectText(ce: ConnectError | undefined, p: ParsedBody): string | undefined {
  if (ce) return ce.message ? `${ce.code}: ${ce.message}` : ce.code;
  if (p.kind === 'text') return p.matchText;
  return undefined;
}

function diagnoseMetadata(obs: HttpObservation, p: ParsedBody, ctx: DiagnosisContext, vars: DiagnosisVars): Diagnosis {
  const ce = connectError(p);
  const providerText = connectText(ce, p);
  const v = { ...vars, controlPlaneHost: ctx.controlPlaneHost ?? hostOf(obs.url) };
  const mk = <C extends DiagnosisCode>(code: C, variant?: VariantOf<C>, notes: NoteRef[] = []) =>
    buildDiagnosis(code, 'generic', {
      ...(variant ? { variant } : {}),
      vars: v,
      notes: [...notes, 'stage-metadata'],
      ...(providerText ? { providerText } : {}),
    });

  if (p.kind === 'html') {
    return isGateway(obs.status) ? mk('control_plane_unreachable', 'gateway') : mk('control_plane_not_flyte', 'html');
  }
  if (ce?.code === 'unavailable' || (!ce && isGateway(obs.status))) return mk('control_plane_unreachable', 'gateway');
  if (ce?.code === 'unimplemented' || (ce?.code === 'not_found' && obs.status === 404))
    return mk('control_plane_not_flyte', 'unimplemented');
  if (ce?.code === 'unauthenticated' || ce?.code === 'permission_denied' || obs.status === 401 || obs.status === 403)
    return mk('control_plane_not_flyte', 'protected');
  if (obs.status >= 500) return mk('server_error', 'control-plane');
  return mk('control_plane_not_flyte');
}

function diagnoseUserInfo(obs: HttpObservation, p: ParsedBody, ctx: DiagnosisContext, vars: DiagnosisVars): Diagnosis {
  const ce = connectError(p);
  const providerText = connectText(ce, p);
  const v = { ...vars, controlPlaneHost: ctx.controlPlaneHost ?? hostOf(obs.url) };
  const mk = <C extends DiagnosisCode>(code: C, variant?: VariantOf<C>) =>
    buildDiagnosis(code, 'generic', {
      ...(variant ? { variant } : {}),
      vars: v,
      notes: ['stage-userinfo'],
      ...(providerText ? { providerText } : {}),
    });

  if (p.kind === 'html') {
    if (obs.status === 401 || obs.status === 403 || (obs.status >= 300 && obs.status < 400))
      return mk('control_plane_rejected_token', 'html');
    return isGateway(obs.status) ? mk('control_plane_unreachable', 'gateway') : mk('control_plane_not_flyte', 'html');
  }
  if (ce?.code === 'permission_denied' || (!ce && obs.status === 403)) return mk('control_plane_rejected_token', 'permission');
  if (ce?.code === 'unauthenticated' || obs.status === 401) return mk('control_plane_rejected_token');
  if (ce?.code === 'unimplemented' || ce?.code === 'not_found' || obs.status === 404)
    return mk('control_plane_not_flyte', 'identity');
  if (ce?.code === 'unavailable' || (!ce && isGateway(obs.status))) return mk('control_plane_unreachable', 'gateway');
  if (obs.status >= 500 || ce?.code === 'internal' || ce?.code === 'unknown') {
    // flyte refreshes and retries on UNKNOWN whose message contains "unauthorized"/"unauthenticated" (its auth interceptor).
    if (/unauthori[sz]ed|unauthenticated/i.test(ce?.message ?? '')) return mk('control_plane_rejected_token');
    return mk('server_error', 'control-plane');
  }
  return mk('unknown_error');
}

// ---------------------------------------------------------------------------------------------------------------

/** The context's provider, refined from URLs and the body when it is still `generic`. */
function effectiveProvider(ctx: DiagnosisContext, body?: string): ProviderId {
  if (ctx.provider !== 'generic') return ctx.provider;
  return detectProvider({ ...(ctx.tokenUrl ? { tokenUrl: ctx.tokenUrl } : {}), ...(body ? { body } : {}) });
}

function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** For renderers: the provider text as it may be printed (already clean in a Diagnosis; exported for reuse). */
export { cleanProviderText };
