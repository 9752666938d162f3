/**
 * Failure signatures: Entra AADSTS codes, then message fragments that identify one provider's meaning, then the
 * RFC 6749 §5.2 `error` fallback, then the words of a code nobody standardised. Data only; diagnose.ts applies them.
 * Each rule's code, variant and note keys are typed against assets/diagnoses.json (diagnose-catalogue.ts), so a
 * misspelt one does not compile.
 */
import type { DiagnosisCode } from './check-types.js';
import type { ParsedBody } from './diagnose-body.js';
import type { NoteRef, VariantOf } from './diagnose-catalogue.js';

interface MatchOf<C extends DiagnosisCode> {
  code: C;
  variant?: VariantOf<C>;
  /** Extra fix steps (note keys). */
  extraFix?: NoteRef[];
  /** Extra detail sentences (note keys). */
  notes?: NoteRef[];
}

/** A rule's verdict: a catalogue code, optionally one of that code's variants. */
export type Match = { [C in DiagnosisCode]: MatchOf<C> }[DiagnosisCode];

type EntraRule = Match & {
  /** A wrapper code that says little on its own (e.g. 70002 "Error validating credentials"): only used when nothing more specific matched. */
  weak?: boolean;
};

/** AADSTS code → meaning (Microsoft's "Microsoft Entra authentication and authorization error codes" reference). */
export const ENTRA_CODES: Record<string, EntraRule> = {
  '7000215': { code: 'invalid_client_secret' },
  '7000222': { code: 'client_secret_expired' },
  '7000218': { code: 'client_secret_missing' },
  '7000216': { code: 'client_secret_missing' },
  '70002': { code: 'client_authentication_failed', weak: true },
  '50012': { code: 'client_authentication_failed', weak: true },
  '700016': { code: 'unknown_client' },
  '90002': { code: 'tenant_not_found' },
  '900023': { code: 'tenant_not_found', variant: 'malformed' },
  '90019': { code: 'tenant_not_found', variant: 'malformed' },
  '50059': { code: 'tenant_not_found', variant: 'malformed' },
  '5000224': { code: 'tenant_not_found', variant: 'decommissioned' },
  '500011': { code: 'unknown_resource' },
  '500014': { code: 'client_disabled', variant: 'resource' },
  '70011': { code: 'invalid_scope' },
  '1002012': { code: 'invalid_scope' },
  '700022': { code: 'invalid_scope', variant: 'one-resource' },
  '700023': { code: 'invalid_scope', variant: 'one-resource' },
  '90014': { code: 'malformed_request', variant: 'form-body' }, // refined below when the field is `scope`
  '900144': { code: 'malformed_request', variant: 'form-body' },
  '501051': { code: 'permission_not_granted' },
  '50105': { code: 'permission_not_granted' },
  '65001': { code: 'permission_not_granted', variant: 'entra-consent' },
  '7000112': { code: 'client_disabled' },
  '700024': { code: 'client_auth_method_mismatch', variant: 'certificate' },
  '700027': { code: 'client_auth_method_mismatch', variant: 'certificate' },
  '700025': { code: 'grant_not_allowed', variant: 'public-client' },
  '50049': { code: 'wrong_authorization_server', variant: 'entra-instance' },
  '9001023': { code: 'wrong_authorization_server', variant: 'entra-common' },
  '50194': { code: 'wrong_authorization_server', variant: 'entra-common' },
  '53003': { code: 'policy_denied', variant: 'entra-ca' },
  '530035': { code: 'policy_denied', variant: 'entra-ca' },
  '90055': { code: 'rate_limited', variant: 'entra' },
  '50196': { code: 'rate_limited', variant: 'entra' },
};

/** Most specific = the last listed code that has a non-weak rule; else the last weak one. */
export function matchEntra(p: ParsedBody): (Match & { aadsts: string }) | undefined {
  let weak: (Match & { aadsts: string }) | undefined;
  for (let i = p.aadsts.length - 1; i >= 0; i--) {
    const n = p.aadsts[i]!;
    const rule = ENTRA_CODES[n];
    if (!rule) continue;
    const { weak: isWeak, ...m } = rule as EntraRule;
    if (n === '90014' && /'scope'/i.test(p.matchText)) return { code: 'invalid_scope', variant: 'missing', aadsts: n };
    if (isWeak) {
      weak ??= { ...m, aadsts: n };
      continue;
    }
    return { ...m, aadsts: n };
  }
  return weak;
}

type TextRule = Match & {
  re: RegExp;
  /** Optional extra condition on the parsed body / status. */
  when?: (p: ParsedBody, status: number) => boolean;
};

/** Ordered: the first match wins, so narrower fragments come before broader ones. */
export const TEXT_RULES: TextRule[] = [
  // --- Okta (oauth2-error-codes.json) ---
  { re: /client secret supplied for a confidential client is invalid/i, code: 'invalid_client_secret' },
  { re: /Invalid value for 'client_id' parameter/i, code: 'unknown_client' },
  { re: /No client credentials found/i, code: 'client_secret_missing', variant: 'no-credentials' },
  { re: /Cannot supply multiple client credentials/i, code: 'client_auth_method_mismatch', variant: 'multiple' },
  { re: /cannot be supplied via query parameters/i, code: 'malformed_request', variant: 'form-body' },
  { re: /must specify a '?grant_type'?/i, code: 'malformed_request', variant: 'form-body' },
  { re: /authorization server id is invalid/i, code: 'wrong_authorization_server', variant: 'okta-as-id' },
  { re: /does not have any configured default scopes|No scopes were requested/i, code: 'invalid_scope', variant: 'missing' },
  { re: /scopes are not configured for the authorization server/i, code: 'invalid_scope' },
  { re: /Cannot request 'openid' scopes/i, code: 'invalid_scope', variant: 'openid' },
  { re: /not authorized to use the provided grant type/i, code: 'grant_not_allowed' },
  { re: /can only be used with a custom authorization server|Org Authorization Server must use the private_key_jwt/i, code: 'wrong_authorization_server', variant: 'okta-org' },
  { re: /Only clients with '?application_type'? of '?service'?/i, code: 'grant_not_allowed', variant: 'okta-service-app' },
  { re: /Policy evaluation failed/i, code: 'policy_denied', notes: ['okta-no-default-policy'] },
  { re: /requested scopes were (?:rejected|denied)|scopes were denied by the policy/i, code: 'policy_denied', variant: 'okta-scopes' },
  { re: /permitted network zones/i, code: 'policy_denied', variant: 'okta-network' },
  { re: /exceeded (?:the )?rate limit|too many requests/i, code: 'rate_limited' },

  // --- Amazon Cognito (before Keycloak's "Client not enabled") ---
  { re: /not enabled for OAuth2\.0 flows/i, code: 'grant_not_allowed' },

  // --- Keycloak (ClientCredentialsGrantType / ClientIdAndSecretAuthenticator) ---
  { re: /Client not enabled to retrieve service account/i, code: 'grant_not_allowed', variant: 'service-account-disabled' },
  { re: /(?:Public|Bearer-only) client not allowed/i, code: 'grant_not_allowed', variant: 'public-client' },
  { re: /service[ -]account.{0,80}(?:does not exist|disabled)|User 'service-account-[^']*' disabled/i, code: 'client_disabled', variant: 'service-account' },
  { re: /Parameter client_assertion_type is missing/i, code: 'client_auth_method_mismatch', variant: 'signed-jwt' },
  { re: /Realm does not exist/i, code: 'tenant_not_found' },
  // Keycloak refuses a scope the client does not have (OAuth2GrantTypeBase.getRequestedScopes; keycloak/keycloak#33185).
  { re: /^Invalid scopes?:/i, code: 'invalid_scope', variant: 'keycloak', when: (p) => p.error === 'invalid_scope' && /^Invalid scopes?:/i.test(p.description ?? '') },
  { re: /RESTEASY003210|Could not find resource for full path/i, code: 'endpoint_not_found', variant: 'keycloak-legacy' },
  { re: /Could not find client/i, code: 'unknown_client' },
  { re: /Client (?:is )?not enabled|Client disabled/i, code: 'client_disabled' },
  { re: /Missing client_id parameter/i, code: 'client_secret_missing', variant: 'no-credentials' },

  // --- Auth0 ---
  { re: /You need to create a "?client-grant|Client is not authorized to access/i, code: 'permission_not_granted' },
  { re: /Grant type '?client_credentials'? not allowed for the client/i, code: 'grant_not_allowed' },
  { re: /No audience parameter was provided/i, code: 'unknown_resource', variant: 'auth0-no-audience' },
  { re: /Service not found|Service not enabled within domain/i, code: 'unknown_resource' },
  {
    re: /^Unauthorized\.?$/i,
    code: 'client_authentication_failed',
    variant: 'auth0',
    when: (p) => p.error === 'access_denied' && /^Unauthorized\.?$/i.test(p.description ?? ''),
  },
  { re: /endpoint_disabled|endpoint is disabled/i, code: 'endpoint_not_found', variant: 'auth0-disabled' },

  // --- Generic OIDC servers ---
  { re: /Invalid grant_type:\s*client[_-]credentials/i, code: 'grant_not_allowed', variant: 'google' },
  { re: /Invalid grant_type:\s*(?:$|\n)/i, code: 'malformed_request', variant: 'form-body' },
  { re: /client_secret must be provided in the Authorization header/i, code: 'client_auth_method_mismatch', variant: 'basic-required' },
  { re: /supports client authentication method '[^']+', but method '[^']+' was requested/i, code: 'client_auth_method_mismatch' },
  { re: /token_endpoint_auth_method.{0,80}does not allow this method|registration does not allow this method/i, code: 'client_auth_method_mismatch' },
  { re: /client not found/i, code: 'unknown_client', extraFix: ['zitadel-service-user'] },
  { re: /A valid OAuth client could not be found/i, code: 'unknown_client' },

  // --- Other self-hosted providers (issue reports, docs and source constants cited in test/fixtures/idp-errors) ---
  { re: /MSIS9622|MSIS9267|MSIS9658/i, code: 'client_authentication_failed' }, // AD FS: client authentication failed / no credentials
  { re: /MSIS9602|MSIS9603/i, code: 'unknown_resource' }, // AD FS: the 'resource' is not a registered Web API
  { re: /MSIS9605|MSIS9618/i, code: 'grant_not_allowed' }, // AD FS: the client may not use this grant
  { re: /AADB2C90117|AADB2C90055/i, code: 'invalid_scope', variant: 'b2c' }, // Azure AD B2C: scope not supported
  { re: /no client credentials user enabled/i, code: 'grant_not_allowed', variant: 'salesforce-run-as' }, // Salesforce
  { re: /client_secret must be provided in the body/i, code: 'client_auth_method_mismatch', variant: 'post-required' }, // OneLogin
  { re: /Request denied: Unsupported authentication method/i, code: 'client_auth_method_mismatch' }, // PingOne
  { re: /Unknown\/invalid scope\(s\)|Invalid scope:|requested scope\(s\) must be blank or a subset/i, code: 'invalid_scope' }, // ForgeRock AM, UAA, PingFederate

  // --- Wordings shared by several servers (after the specific ones) ---
  { re: /client secret (?:key)?s?.{0,40}(?:has |have |are |is )?expired|expired client secret/i, code: 'client_secret_expired' },
  { re: /Invalid client secret/i, code: 'invalid_client_secret' },
  { re: /Invalid client or Invalid client credentials|Invalid client or client credentials|Invalid client credentials|Client credentials are invalid/i, code: 'client_authentication_failed' },
  { re: /Client authentication failed/i, code: 'client_authentication_failed' },
];

export function matchText(p: ParsedBody, status: number): Match | undefined {
  const text = p.kind === 'json' ? p.matchText : p.kind === 'text' ? p.matchText : '';
  if (!text) return undefined;
  for (const r of TEXT_RULES) {
    if (r.when) {
      if (!r.when(p, status)) continue;
    } else if (!r.re.test(text)) continue;
    const { re: _re, when: _when, ...m } = r;
    return m as Match;
  }
  return undefined;
}

/** RFC 6749 §5.2 (+ RFC 8707, common extensions) `error` → code. */
export const RFC_CODES: Record<string, Match> = {
  invalid_client: { code: 'client_authentication_failed' },
  unauthorized_client: { code: 'grant_not_allowed' },
  unsupported_grant_type: { code: 'grant_not_allowed', variant: 'unsupported-grant' },
  invalid_scope: { code: 'invalid_scope' },
  invalid_request: { code: 'malformed_request' },
  invalid_target: { code: 'unknown_resource' },
  invalid_resource: { code: 'unknown_resource' },
  access_denied: { code: 'policy_denied' },
  invalid_tenant: { code: 'tenant_not_found' },
  invalid_instance: { code: 'wrong_authorization_server', variant: 'entra-instance' },
  temporarily_unavailable: { code: 'server_error' },
  server_error: { code: 'server_error' },
  slow_down: { code: 'rate_limited' },
};

export function matchRfc(p: ParsedBody): Match | undefined {
  const e = p.error?.trim().toLowerCase();
  return e ? RFC_CODES[e] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Codes nobody standardised: classify by the words of `error` and `error_description`.

interface WordRule {
  /** Tested against the code with `_`/`-` read as spaces, then the description. */
  re: RegExp;
  match: Match;
}

/** Ordered: narrower meanings first ("secret … expired" before "expired", "scope" before "client"). */
export const WORD_RULES: WordRule[] = [
  { re: /\b(?:secret|credentials?)\b.{0,40}\bexpired\b|\bexpired\b.{0,40}\b(?:secret|credentials?)\b/i, match: { code: 'client_secret_expired' } },
  { re: /\bscopes?\b/i, match: { code: 'invalid_scope' } },
  { re: /\bgrant(?:s| type| types)?\b|\bauthori[sz]ation type\b|\bflow\b/i, match: { code: 'grant_not_allowed' } },
  { re: /\baudiences?\b|\bresources?\b/i, match: { code: 'unknown_resource' } },
  { re: /\b(?:disabled|inactive|deactivated|suspended)\b/i, match: { code: 'client_disabled' } },
  { re: /\btenants?\b|\brealms?\b/i, match: { code: 'tenant_not_found' } },
  { re: /\bconsent(?:ed)?\b/i, match: { code: 'permission_not_granted' } },
  { re: /\b(?:client|secret|credentials?|unauthori[sz]ed|unauthenticated|authentication)\b/i, match: { code: 'client_authentication_failed' } },
  { re: /\bexpired\b/i, match: { code: 'client_secret_expired' } },
];

/**
 * For an `error` that is not an RFC code (Glewlwyd `scope_invalid`, UAA `unauthorized`, …): the first word rule
 * that matches the code, else the description. Returns the word that decided, for the detail.
 */
export function matchWords(p: ParsedBody): { match: Match; word: string } | undefined {
  const code = (p.error ?? '').replace(/[_-]+/g, ' ').trim();
  const description = (p.description ?? '').trim();
  for (const text of [code, description]) {
    if (!text) continue;
    for (const r of WORD_RULES) {
      const m = r.re.exec(text);
      if (m) return { match: r.match, word: m[0] };
    }
  }
  return undefined;
}
