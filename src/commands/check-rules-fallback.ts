/**
 * TEMPORARY stand-in for src/core/diagnose.ts (being written concurrently), with the same exports, so that the
 * check command can be built and tested. Deleted as soon as the real rules land.
 */
import type {
  ClaimRow,
  DecodedToken,
  Diagnosis,
  DiagnosisContext,
  HttpObservation,
  ProviderId,
  TransportFailure,
  Warning,
} from '../core/check-types.js';
import { stripControl } from '../core/sanitize.js';

const d = (code: Diagnosis['code'], title: string, detail = '', fix: string[] = [], severity: Diagnosis['severity'] = 'error'): Diagnosis => ({
  code,
  severity,
  title,
  detail,
  fix,
});

export function diagnoseTransport(f: TransportFailure, _ctx: DiagnosisContext): Diagnosis {
  const c = f.code;
  if (c === 'ENOTFOUND' || c === 'EAI_AGAIN') return d('dns_lookup_failed', 'Host name not found', f.url);
  if (c === 'ECONNREFUSED') return d('connection_refused', 'Connection refused', f.url);
  if (c === 'TimeoutError' || c.includes('TIMEOUT')) return d('timeout', 'No answer in time', f.url);
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(c)) return d('tls_untrusted_certificate', 'Certificate not trusted', f.url);
  if (c === 'ERR_TLS_CERT_ALTNAME_INVALID') return d('tls_hostname_mismatch', 'Certificate for another host', f.url);
  if (c === 'CERT_HAS_EXPIRED' || c === 'CERT_NOT_YET_VALID') return d('tls_certificate_expired', 'Certificate expired', f.url);
  if (/SSL|TLS|CERT/.test(c)) return d('tls_error', 'TLS error', f.url);
  return d(f.stage === 'metadata' || f.stage === 'userinfo' ? 'control_plane_unreachable' : 'unknown_error', 'Request failed', `${c}`);
}

export function diagnoseHttp(obs: HttpObservation, _ctx: DiagnosisContext): Diagnosis {
  const body = obs.body.trim();
  if (obs.stage === 'metadata') return d('control_plane_not_flyte', 'Not a Flyte control plane', `HTTP ${obs.status}`);
  if (obs.stage === 'userinfo') return d('control_plane_rejected_token', 'Control plane rejected the token', `HTTP ${obs.status}`);
  if (body.startsWith('<')) return d('not_an_oauth_response', 'Not an OAuth answer', `HTTP ${obs.status}`);
  let j: Record<string, unknown> = {};
  try {
    j = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return d(obs.status === 404 ? 'endpoint_not_found' : 'not_an_oauth_response', 'Not an OAuth answer', `HTTP ${obs.status}`);
  }
  const text = stripControl(String(j.error_description ?? j.errorSummary ?? ''), { singleLine: true, maxLength: 300 });
  const e = String(j.error ?? j.errorCode ?? '');
  const withText = (x: Diagnosis) => ({ ...x, providerText: text || undefined });
  if (obs.status >= 200 && obs.status < 300) return d('ok', 'OK', '', [], 'ok');
  if (/AADSTS7000215|invalid secret|secret supplied/i.test(text)) return withText(d('invalid_client_secret', 'Wrong client secret'));
  if (/authentication mechanism does not match|method/i.test(text) && e === 'invalid_client') return withText(d('client_auth_method_mismatch', 'Auth method mismatch'));
  if (e === 'invalid_client') return withText(d('client_authentication_failed', 'Client authentication failed'));
  if (e === 'invalid_scope') return withText(d('invalid_scope', 'Invalid scope'));
  if (e === 'invalid_target') return withText(d('unknown_resource', 'Unknown resource'));
  if (obs.status === 429) return withText(d('rate_limited', 'Rate limited'));
  if (obs.status >= 500) return withText(d('server_error', 'Server error'));
  return withText(d('unknown_error', 'Unknown error', e));
}

export function checkClaims(token: DecodedToken | null, ctx: DiagnosisContext): { diagnosis: Diagnosis; warnings: Warning[] } {
  if (!token) return { diagnosis: d('opaque_token', 'Opaque token', '', [], 'warning'), warnings: [] };
  const c = token.claims;
  const now = ctx.now.getTime() / 1000;
  if (typeof c.exp === 'number' && c.exp < now) return { diagnosis: d('token_expired', 'Token expired'), warnings: [] };
  if (ctx.provider === 'entra' && c.idtyp === 'app' && !(Array.isArray(c.roles) && c.roles.length > 0)) {
    return { diagnosis: d('admin_consent_missing', 'Admin consent missing', 'The token carries no roles.', ['Grant admin consent']), warnings: [] };
  }
  const aud = Array.isArray(c.aud) ? c.aud.map(String) : c.aud === undefined ? [] : [String(c.aud)];
  if (ctx.expectAudience?.length && !ctx.expectAudience.some((a) => aud.includes(a))) {
    return { diagnosis: d('audience_mismatch', 'Audience mismatch'), warnings: [] };
  }
  const scopes = String(c.scope ?? c.scp ?? '').split(' ');
  if (ctx.expectScopes?.some((s) => !scopes.includes(s))) return { diagnosis: d('token_missing_scope', 'Scope missing'), warnings: [] };
  return { diagnosis: d('ok', 'OK', '', [], 'ok'), warnings: [] };
}

export function claimRows(token: DecodedToken | null, _now: Date): ClaimRow[] {
  if (!token) return [];
  return Object.entries(token.claims).map(([label, v]) => ({ label, value: typeof v === 'string' ? v : JSON.stringify(v) }));
}

export function detectProvider(x: { tokenUrl?: string; issuer?: string; body?: string; claims?: Record<string, unknown> }): ProviderId {
  const u = `${x.tokenUrl ?? ''} ${x.issuer ?? ''}`;
  if (/microsoftonline|sts\.windows/.test(u)) return 'entra';
  if (/okta/.test(u)) return 'okta';
  if (/\/realms\//.test(u)) return 'keycloak';
  if (/auth0/.test(u)) return 'auth0';
  return 'generic';
}
