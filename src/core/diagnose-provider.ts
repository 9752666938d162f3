/** Which identity provider we are talking to, and the tenant/realm named in its URLs. Pure. */
import type { ProviderId } from './check-types.js';
import { stripControl } from './sanitize.js';
import { GUID } from './validate.js';

export interface ProviderHints {
  tokenUrl?: string;
  issuer?: string;
  body?: string;
  claims?: Record<string, unknown>;
}

const ENTRA_HOST = /(^|\.)(login\.microsoftonline\.(com|us|de)|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|sts\.windows\.net)$/i;
const OKTA_HOST = /(^|\.)(okta|oktapreview|okta-emea|okta-gov)\.com$|(^|\.)okta\.mil$/i;
const AUTH0_HOST = /(^|\.)auth0\.com$/i;
const COGNITO_HOST = /(^|\.)(auth\.[a-z0-9-]+\.amazoncognito\.com|cognito-idp\.[a-z0-9-]+\.amazonaws\.com)$/i;
const PINGONE_HOST = /(^|\.)auth\.pingone\.(com|eu|asia|ca|com\.au|sg)$/i;

function parseUrl(u: string | undefined): URL | undefined {
  if (!u) return undefined;
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

function fromUrl(u: string | undefined): ProviderId | undefined {
  const url = parseUrl(u);
  if (!url) return undefined;
  const host = url.hostname;
  const path = url.pathname;
  if (ENTRA_HOST.test(host)) return 'entra';
  if (OKTA_HOST.test(host)) return 'okta';
  if (AUTH0_HOST.test(host)) return 'auth0';
  if (COGNITO_HOST.test(host)) return 'cognito';
  if (PINGONE_HOST.test(host)) return 'ping';
  // Keycloak: /realms/<realm>/…; ForgeRock/PingAM's /oauth2/realms/<realm>/… is not Keycloak.
  if (/\/realms\/[^/]+/.test(path) && !/\/oauth2\/realms\//.test(path)) return 'keycloak';
  // AD FS: /adfs/oauth2/token, issuer /adfs, access-token issuer /adfs/services/trust.
  if (/^\/adfs(?:\/|$)/i.test(path)) return 'adfs';
  // PingFederate: /as/token.oauth2
  if (/\/as\/token\.oauth2$/i.test(path)) return 'ping';
  // Okta on a custom domain: /oauth2/v1/token or /oauth2/<asId>/v1/token
  if (/\/oauth2\/(?:[^/]+\/)?v1\/(?:token|keys)\b/.test(path) || /^\/oauth2\/(?!token$|authorize$|introspect$|revoke$)[^/]+\/?$/.test(path)) return 'okta';
  return undefined;
}

function fromBody(body: string | undefined): ProviderId | undefined {
  if (!body) return undefined;
  if (/AADSTS\d{4,8}/.test(body)) return 'entra';
  if (/"errorCode"\s*:/.test(body) && /"errorSummary"\s*:/.test(body)) return 'okta';
  if (/RESTEASY\d+|Realm does not exist/.test(body)) return 'keycloak';
  if (/\bMSIS\d{4}\b/.test(body)) return 'adfs';
  return undefined;
}

function fromClaims(c: Record<string, unknown> | undefined): ProviderId | undefined {
  if (!c) return undefined;
  const iss = typeof c.iss === 'string' ? c.iss : undefined;
  const byIss = fromUrl(iss);
  if (byIss) return byIss;
  if (typeof c.gty === 'string') return 'auth0';
  if (c.token_use === 'access' && typeof c.client_id === 'string' && c.aud === undefined) return 'cognito';
  if (typeof c.tid === 'string' && (typeof c.appid === 'string' || typeof c.azp === 'string' || c.idtyp !== undefined))
    return 'entra';
  if (typeof c.cid === 'string' && typeof c.jti === 'string' && c.jti.startsWith('AT.')) return 'okta';
  if (c.realm_access !== undefined || c.resource_access !== undefined) return 'keycloak';
  return undefined;
}

/** login.microsoftonline.com / sts.windows.net / AADSTS → entra; okta domains or /oauth2/…/v1/token → okta; /realms/ → keycloak; auth0.com or a `gty` claim → auth0; else generic. */
export function detectProvider(hints: ProviderHints): ProviderId {
  return (
    fromUrl(hints.tokenUrl) ??
    fromUrl(hints.issuer) ??
    fromBody(hints.body) ??
    fromClaims(hints.claims) ??
    'generic'
  );
}

/** The Entra tenant, Keycloak realm, Okta authorization-server id or Auth0 tenant domain named in a URL. */
export function tenantFromUrl(u: string | undefined, provider: ProviderId): string | undefined {
  const url = parseUrl(u);
  if (!url) return undefined;
  const segs = url.pathname.split('/').filter(Boolean);
  switch (provider) {
    case 'entra': {
      // Only a Microsoft login host names the tenant in its first path segment (a GUID or a verified domain);
      // anything else (a demo server's /token, /common, a pasted path) is no tenant at all.
      if (!ENTRA_HOST.test(url.hostname)) return undefined;
      const t = segs[0] ? decodeSafe(segs[0]) : undefined;
      return t && (GUID.test(t) || TENANT_DOMAIN.test(t)) ? t : undefined;
    }
    case 'keycloak': {
      const i = segs.indexOf('realms');
      return i >= 0 && segs[i + 1] ? decodeSafe(segs[i + 1]!) : undefined;
    }
    case 'okta': {
      const i = segs.indexOf('oauth2');
      const next = i >= 0 ? segs[i + 1] : undefined;
      return next && next !== 'v1' ? decodeSafe(next) : undefined;
    }
    case 'auth0':
      return url.hostname;
    default:
      return undefined;
  }
}

const TENANT_DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** True when the URL's host is a Microsoft (Entra) login host. */
export function isMicrosoftLoginUrl(u: string | undefined): boolean {
  const url = parseUrl(u);
  return url !== undefined && ENTRA_HOST.test(url.hostname);
}

/**
 * Does the token itself look like one Entra issued? A `tid` claim; or `ver` 1.0/2.0 with an issuer on a Microsoft
 * login host or naming a tenant GUID (https://sts.windows.net/<guid>/, https://login.microsoftonline.com/<guid>/v2.0);
 * or a token URL on a Microsoft login host. Otherwise `why` says, in plain words, what is missing (values are
 * untrusted claim text: single-lined, control sequences stripped, bounded).
 */
export function entraTokenEvidence(
  claims: Record<string, unknown>,
  tokenUrl: string | undefined,
): { entra: true } | { entra: false; why: string } {
  if (typeof claims.tid === 'string' && claims.tid !== '') return { entra: true };
  const ver = claims.ver === undefined || claims.ver === null ? undefined : String(claims.ver);
  const iss = typeof claims.iss === 'string' && claims.iss !== '' ? claims.iss : undefined;
  const issUrl = parseUrl(iss);
  const issEntra =
    issUrl !== undefined &&
    (ENTRA_HOST.test(issUrl.hostname) || issUrl.pathname.split('/').some((seg) => GUID.test(seg)));
  if ((ver === '1.0' || ver === '2.0') && issEntra) return { entra: true };
  if (isMicrosoftLoginUrl(tokenUrl)) return { entra: true };

  const short = (v: string) => stripControl(v, { singleLine: true, maxLength: 40 });
  const reasons = ['no tid claim'];
  if (!issEntra) reasons.push(iss ? `issuer ${short(iss)} is not Microsoft's` : 'no issuer');
  else reasons.push(ver === undefined ? 'no ver claim' : `ver ${short(ver)}, not 1.0 or 2.0`);
  const host = hostOf(tokenUrl);
  if (host) reasons.push(`token URL host ${short(host)} is not a Microsoft login host`);
  const why = reasons.join(', ');
  return { entra: false, why };
}

/**
 * The {tenant} value for the diagnosis texts: the tenant/realm from the URL, or for Keycloak "<your realm>" (the
 * catalogue's default "<your tenant>" covers the rest). Never a path segment that is not a tenant.
 */
export function tenantVar(u: string | undefined, provider: ProviderId): string | undefined {
  return tenantFromUrl(u, provider) ?? (provider === 'keycloak' ? '<your realm>' : undefined);
}

/** Host (and port) of a URL with any user:password removed; undefined for garbage. */
export function hostOf(u: string | undefined): string | undefined {
  const url = parseUrl(u);
  return url ? url.host : undefined;
}

/** A URL safe to show: credentials and query string removed. */
export function displayUrl(u: string | undefined): string | undefined {
  const url = parseUrl(u);
  if (!url) return u;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
