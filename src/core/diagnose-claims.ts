/**
 * Checks on a freshly issued token (decoded, not verified — claims are untrusted data) and the readable claim
 * table. Pure: time comes from the caller.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ClaimRow, DecodedToken, Diagnosis, DiagnosisContext, ProviderId, Warning } from './check-types.js';
import { buildDiagnosis, warningText, type DiagnosisVars, type WarningKey } from './diagnose-catalogue.js';
import { detectProvider, entraTokenEvidence, tenantFromUrl, tenantVar } from './diagnose-provider.js';
import { stripControl } from './sanitize.js';
import { Secret } from './secret.js';

/** nbf/iat may be this far in the future before the token counts as "not yet valid". */
export const CLOCK_SKEW_SECONDS = 60;
/** A fresh token expiring sooner than this gets a warning. */
const SHORT_LIFETIME_SECONDS = 120;

/** Limits for decoding claims: no real access token comes near them; a token beyond them is refused unread. */
export const TOKEN_LIMITS = { maxChars: 256 * 1024, maxDepth: 32 } as const;
/** Largest time a JS Date can hold, in seconds (±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12;

export type TokenInspection =
  | { kind: 'opaque' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'jwt'; token: DecodedToken };

/** The deepest nesting of objects/arrays in a JSON text (strings skipped), without parsing it. */
function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) max = depth;
      if (max > stopAt) return max;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

/**
 * Read a token's header and claims within limits: opaque (not a compact JWS), invalid (too large, nested too
 * deep, unreadable), or the decoded header and claims. Decoding does not verify (services/signature.ts does).
 */
export function inspectToken(token: Secret | string): TokenInspection {
  const raw = token instanceof Secret ? token.reveal() : token;
  const parts = raw.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]*$/.test(parts[1]!)) return { kind: 'opaque' };
  if (raw.length > TOKEN_LIMITS.maxChars) {
    return { kind: 'invalid', reason: `the token is ${Math.round(raw.length / 1024)} KiB long, more than any access token needs (limit ${TOKEN_LIMITS.maxChars / 1024} KiB)` };
  }
  for (const [i, part] of [parts[0]!, parts[1]!].entries()) {
    const json = Buffer.from(part, 'base64url').toString('utf8');
    if (jsonDepth(json, TOKEN_LIMITS.maxDepth) > TOKEN_LIMITS.maxDepth) {
      return { kind: 'invalid', reason: `its ${i === 0 ? 'header' : 'claims'} are nested more than ${TOKEN_LIMITS.maxDepth} levels deep` };
    }
  }
  try {
    const header = decodeProtectedHeader(raw) as Record<string, unknown>;
    const claims = decodeJwt(raw) as Record<string, unknown>;
    return { kind: 'jwt', token: { header, claims } };
  } catch {
    return { kind: 'opaque' };
  }
}

/** Header and claims of a JWT access token, or null when the token is opaque or unreadable (inspectToken says which). */
export function decodeToken(token: Secret | string): DecodedToken | null {
  const r = inspectToken(token);
  return r.kind === 'jwt' ? r.token : null;
}

/** A time claim outside what a date can hold (or not a number where one is required) makes the token invalid. */
export function timeClaimProblem(claims: Record<string, unknown>): string | undefined {
  for (const name of ['exp', 'nbf', 'iat']) {
    const v = claims[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `the "${name}" claim is not a number of seconds`;
    if (Math.abs(v) > MAX_DATE_SECONDS) return `the "${name}" claim (${v}) is not a date any clock can reach`;
  }
  return undefined;
}

/** Algorithms that sign with a private key and verify with a published public key. */
export const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

/**
 * Is the token's algorithm acceptable for an issuer whose key set is `keys`? `none` never is; a shared-secret
 * algorithm (HS256…) is not when the issuer publishes public keys (anyone could make such a token).
 */
export function algorithmProblem(alg: unknown, keys: ReadonlyArray<{ kty?: unknown }>): string | undefined {
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none') return 'the token is not signed at all (alg "none")';
  const publicKeys = keys.some((k) => k.kty === 'RSA' || k.kty === 'EC' || k.kty === 'OKP');
  if (/^HS\d+$/i.test(alg) && publicKeys) {
    return `the token is signed with the shared-secret algorithm ${alg}, but the issuer publishes only public keys, so anyone could have made it`;
  }
  if (!(ASYMMETRIC_ALGS as readonly string[]).includes(alg) && publicKeys) return `the token's algorithm ${alg} is not one the issuer's public keys can verify`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  return [];
}

function audiences(c: Record<string, unknown>): string[] {
  return Array.isArray(c.aud) ? list(c.aud) : str(c.aud) ? [c.aud as string] : [];
}

/** Everything the token grants: scp/scope, Entra roles, Auth0 permissions, Keycloak realm/client roles. */
function grants(c: Record<string, unknown>): string[] {
  const out = new Set<string>([...list(c.scp), ...list(c.scope), ...list(c.roles), ...list(c.permissions)]);
  const realm = c.realm_access as { roles?: unknown } | undefined;
  if (realm && typeof realm === 'object') for (const r of list(realm.roles)) out.add(r);
  return [...out];
}

/** Scopes that a token never echoes back (Entra `/.default`, OIDC scopes). */
function isEchoedScope(s: string): boolean {
  return !/\/\.default$/.test(s) && !['openid', 'profile', 'email', 'offline_access'].includes(s);
}

const iso = (sec: number) => {
  const d = new Date(sec * 1000);
  return Number.isNaN(d.getTime()) ? `${sec} (not a valid date)` : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

/**
 * "59 min", "2 h 5 min", "3 d 4 h", "42 s". Rounded once, then split: 3599 s is "1 h" (never "60 min"), so a
 * token's lifetime reads the same wherever it is shown.
 */
export function humanDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/**
 * Whose claim rules apply. The user's choice wins, except that the Entra rules (app-only token without roles =
 * admin consent missing) apply only to a token that itself looks like Entra's: with the choice "entra" and any
 * other token, the rules of the provider the token and URL point at apply, plus a warning that says why.
 */
function providerOf(token: DecodedToken, ctx: DiagnosisContext): { provider: ProviderId; notEntra?: string } {
  const detected = () => detectProvider({ ...(ctx.tokenUrl ? { tokenUrl: ctx.tokenUrl } : {}), claims: token.claims });
  const chosen = ctx.provider !== 'generic' ? ctx.provider : detected();
  if (chosen !== 'entra') return { provider: chosen };
  const evidence = entraTokenEvidence(token.claims, ctx.tokenUrl);
  if (evidence.entra) return { provider: 'entra' };
  const other = detected();
  return { provider: other === 'entra' ? 'generic' : other, ...(ctx.provider === 'entra' ? { notEntra: evidence.why } : {}) };
}

const clean = (v: string) => stripControl(v, { singleLine: true, maxLength: 200 });

/**
 * On a 200: is the token usable? The first error found becomes the diagnosis; everything else is a warning.
 * A null token (opaque) gives the `opaque_token` diagnosis (severity warning — the check still passes).
 */
export function checkClaims(
  token: DecodedToken | null,
  ctx: DiagnosisContext,
): { diagnosis: Diagnosis; warnings: Warning[] } {
  if (!token) {
    const d = buildDiagnosis('opaque_token', ctx.provider);
    return { diagnosis: d, warnings: [{ code: 'opaque_token', message: d.title }] };
  }
  const c = token.claims;
  const { provider, notEntra } = providerOf(token, ctx);
  const now = ctx.now.getTime() / 1000;
  const auds = audiences(c);
  const granted = grants(c);
  const tenant = (provider === 'entra' ? str(c.tid) : undefined) ?? tenantVar(ctx.tokenUrl, provider);
  const vars: DiagnosisVars = {
    tenant,
    aud: auds.join(', ') || undefined,
    audience: ctx.audience,
    scope: ctx.scopes.join(' ') || undefined,
    clientId: ctx.clientId,
  };
  const errors: Diagnosis[] = [];
  const warnings: Warning[] = [];
  const warn = (code: WarningKey, extra: DiagnosisVars = {}) =>
    warnings.push({ code, message: warningText(code, { ...vars, ...extra }) });

  if (notEntra !== undefined) warn('entra_token_not_entra', { why: notEntra });

  // Time. A date no clock can reach is a malformed token, not a long-lived one.
  const badTime = timeClaimProblem(c);
  if (badTime) errors.push(buildDiagnosis('token_invalid', provider, { vars: { ...vars, reason: badTime } }));
  const exp = badTime ? undefined : num(c.exp);
  const nbf = badTime ? undefined : num(c.nbf);
  const iat = badTime ? undefined : num(c.iat);
  if (exp === undefined) {
    if (!badTime) warn('no_expiry');
  } else if (exp <= now) errors.push(buildDiagnosis('token_expired', provider, { vars: { ...vars, exp: iso(exp) } }));
  else if (exp - now < SHORT_LIFETIME_SECONDS) warn('expires_soon', { expiresIn: humanDuration(exp - now) });
  const future = [nbf, iat].filter((t): t is number => t !== undefined && t > now + CLOCK_SKEW_SECONDS);
  if (future.length > 0) {
    errors.push(
      buildDiagnosis('token_not_yet_valid', provider, {
        vars: { ...vars, skew: CLOCK_SKEW_SECONDS },
        notes: [`raw:It becomes valid in ${humanDuration(Math.max(...future) - now)}.`],
      }),
    );
  }

  // The issuer: the control plane refuses tokens from any issuer but the one it trusts (ctx.issuer, when known).
  const iss = str(c.iss);
  const trusted = ctx.issuer;
  const issuerDiffers = iss !== undefined && trusted !== undefined && sameIssuer(iss, trusted) === false;
  if (provider === 'entra' && iss !== undefined && ENTRA_V1_ISSUER.test(iss)) {
    // A v1.0 token: the API app's api.requestedAccessTokenVersion is null or 1 (Entra issues any version from
    // any endpoint). Say which case this is: the control plane trusts another issuer (an error), trusts this one
    // (consistent, nothing to say), or is not known (a warning naming both ways out).
    if (issuerDiffers) {
      errors.push(buildDiagnosis('issuer_mismatch', 'entra', { variant: 'entra-v1', vars: { ...vars, iss, issuer: trusted } }));
    } else if (trusted === undefined) {
      const aud = auds[0];
      const audNote = aud === undefined ? '' : /^[0-9a-f-]{36}$/i.test(aud) ? `; its aud is the API's client ID ${aud}` : `; its aud is the Application ID URI ${aud} (v1.0 tokens carry the resource that was requested)`;
      warn('entra_v1_token', { iss, audNote });
    }
  } else if (issuerDiffers) {
    warn('issuer_differs', { iss, issuer: trusted });
  }
  if (provider === 'cognito' && auds.length === 0) warn('cognito_no_aud');

  // Entra: an app-only token without roles = no application permission / no admin consent (Entra issues such
  // a token without roles rather than failing the request). Only for a
  // token that looks like Entra's (providerOf): scp is absent from every non-Entra client-credentials token.
  if (provider === 'entra') {
    const appOnly = c.idtyp === 'app' || c.scp === undefined;
    if (appOnly && list(c.roles).length === 0) {
      errors.push(buildDiagnosis('admin_consent_missing', 'entra', { vars }));
    }
    const urlTenant = tenantFromUrl(ctx.tokenUrl, 'entra');
    if (str(c.tid) && urlTenant && /^[0-9a-f-]{36}$/i.test(urlTenant) && urlTenant.toLowerCase() !== String(c.tid).toLowerCase()) {
      warn('entra_tenant_differs', { tid: String(c.tid), urlTenant });
    }
  }

  // Expected audience(s): an error when asked for explicitly.
  for (const want of ctx.expectAudience ?? []) {
    if (!auds.includes(want)) {
      errors.push(buildDiagnosis('audience_mismatch', provider, { vars: { ...vars, audience: want } }));
      break;
    }
  }
  // Expected scope(s).
  const missingExpected = (ctx.expectScopes ?? []).filter((s) => !granted.includes(s));
  if (missingExpected.length > 0) {
    errors.push(buildDiagnosis('token_missing_scope', provider, { vars: { ...vars, missing: missingExpected.join(' ') } }));
  }

  // What the control plane advertised vs what the token carries: the UserInfo call decides, so these warn.
  if (ctx.audience && !(ctx.expectAudience ?? []).length && !auds.includes(ctx.audience)) {
    const entraGuid = provider === 'entra' && auds.some((a) => /^[0-9a-f-]{36}$/i.test(a));
    warn(entraGuid ? 'entra_audience_guid' : 'audience_differs');
  }
  if (provider === 'keycloak' && auds.length > 0 && auds.every((a) => a === 'account')) warn('keycloak_account_audience');
  const requested = ctx.scopes.filter(isEchoedScope);
  const hasScopeClaim = c.scp !== undefined || c.scope !== undefined || c.permissions !== undefined;
  const missingRequested = requested.filter((s) => !granted.includes(s) && !missingExpected.includes(s));
  if (missingRequested.length > 0 && (hasScopeClaim || provider === 'keycloak' || provider === 'okta')) {
    warn(provider === 'keycloak' ? 'keycloak_scope_dropped' : 'scope_not_in_token', { missing: missingRequested.join(' ') });
  }
  if (provider === 'auth0' && c.scope === undefined && c.permissions === undefined) warn('auth0_no_permissions');

  return { diagnosis: errors[0] ?? buildDiagnosis('ok', provider, { vars }), warnings };
}

/** Entra's v1.0 issuer, https://sts.windows.net/<tenant-id>/ (v2.0 tokens say https://login.microsoftonline.com/<tenant-id>/v2.0). */
const ENTRA_V1_ISSUER = /^https:\/\/sts\.windows\.net\/[^/]+\/?$/i;

/** Issuers compare as strings except for one trailing slash (RFC 8414 issuers have none; Auth0's and Entra v1's do). */
function sameIssuer(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/$/, '');
  return norm(a) === norm(b);
}

// ---------------------------------------------------------------------------------------------------------------

/** The readable claim table: only rows the token has; every value sanitised. */
export function claimRows(token: DecodedToken, now: Date): ClaimRow[] {
  const c = token.claims;
  const h = token.header;
  const rows: ClaimRow[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') rows.push({ label, value: clean(value) });
  };
  const nowSec = now.getTime() / 1000;

  add('Issuer', str(c.iss));
  add('Audience', audiences(c).join(', '));
  const who = str(c.preferred_username);
  add('Subject', str(c.sub) ? `${c.sub}${who && who !== c.sub ? ` (${who})` : ''}` : undefined);
  add('Client', str(c.azp) ?? str(c.appid) ?? str(c.cid) ?? str(c.client_id) ?? str(c.clientId));
  const scopes = [...new Set([...list(c.scp), ...list(c.scope)])];
  add('Scopes', scopes.join(' '));
  add('Roles', list(c.roles).join(', '));
  const realm = c.realm_access as { roles?: unknown } | undefined;
  if (realm && typeof realm === 'object') add('Realm roles', list(realm.roles).join(', '));
  add('Permissions', list(c.permissions).join(' '));
  const iat = num(c.iat);
  const exp = num(c.exp);
  const nbf = num(c.nbf);
  if (iat !== undefined) add('Issued', `${iso(iat)} (${relative(iat - nowSec, 'issued')})`);
  if (nbf !== undefined && nbf !== iat) add('Not before', iso(nbf));
  if (exp !== undefined) add('Expires', `${iso(exp)} (${relative(exp - nowSec, 'expires')})`);
  add('Token version', c.ver === undefined ? undefined : String(c.ver));
  const types = [
    str(h.typ) ? `header typ ${h.typ}` : undefined,
    str(c.idtyp) ? `idtyp ${c.idtyp}` : undefined,
    str(c.typ) ? `typ ${c.typ}` : undefined,
    str(c.gty) ? `grant ${c.gty}` : undefined,
  ].filter(Boolean);
  add('Token type', types.join(', '));
  add('Tenant', str(c.tid));
  add('Signed with', str(h.alg) ? `${h.alg}${str(h.kid) ? ` (key id ${h.kid})` : ''}` : undefined);
  return rows;
}

function relative(delta: number, verb: 'issued' | 'expires'): string {
  if (verb === 'expires') return delta > 0 ? `expires in ${humanDuration(delta)}` : `expired ${humanDuration(delta)} ago`;
  return delta <= 0 ? `${humanDuration(delta)} ago` : `in ${humanDuration(delta)}, in the future`;
}
