/**
 * Checks on a freshly issued token (decoded, never verified here) over tables of JWT-shaped tokens built in the
 * test, and the readable claim table. Time comes from the context: no Date.now().
 */
import { describe, expect, it } from 'vitest';
import type { DecodedToken, DiagnosisCode, DiagnosisContext, ProviderId } from '../../src/core/check-types.js';
import { CLOCK_SKEW_SECONDS, checkClaims, claimRows, decodeToken } from '../../src/core/diagnose.js';
import { humanDuration } from '../../src/core/diagnose-claims.js';
import { Secret } from '../../src/core/secret.js';

const NOW = new Date('2024-05-02T10:00:00Z');
const T = NOW.getTime() / 1000;

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned JWT-shaped token: the rules only decode. */
function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'k1' }): string {
  return `${b64url(header)}.${b64url(claims)}.c2lnbmF0dXJl`;
}
const tok = (claims: Record<string, unknown>, header?: Record<string, unknown>): DecodedToken => decodeToken(jwt(claims, header))!;

function ctx(over: Partial<DiagnosisContext> = {}): DiagnosisContext {
  return { provider: 'generic', stage: 'token', scopes: [], authMethod: 'basic', now: NOW, ...over };
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENTRA_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const API_GUID = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';

const entraApp = (over: Record<string, unknown> = {}) => ({
  aud: API_GUID,
  iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  iat: T - 60,
  nbf: T - 60,
  exp: T + 3540,
  azp: '6731de76-14a6-49ae-97bc-6eba6914391e',
  azpacr: '1',
  idtyp: 'app',
  oid: 'a1b2',
  sub: 'a1b2',
  tid: TENANT,
  ver: '2.0',
  ...over,
});
const okta = (over: Record<string, unknown> = {}) => ({
  ver: 1,
  jti: 'AT.abc',
  iss: 'https://acme.okta.com/oauth2/default',
  aud: 'api://default',
  iat: T - 5,
  exp: T + 3595,
  cid: '0oa1ci',
  sub: '0oa1ci',
  scp: ['all'],
  ...over,
});
const keycloak = (over: Record<string, unknown> = {}) => ({
  iss: 'https://sso.example.com/realms/flyte',
  aud: 'account',
  sub: 'f6b1-uuid',
  typ: 'Bearer',
  azp: 'flyte-ci',
  clientId: 'flyte-ci',
  preferred_username: 'service-account-flyte-ci',
  realm_access: { roles: ['default-roles-flyte'] },
  scope: 'profile email',
  iat: T,
  exp: T + 300,
  ...over,
});
const auth0 = (over: Record<string, unknown> = {}) => ({
  iss: 'https://acme.eu.auth0.com/',
  sub: 'abc@clients',
  aud: 'https://flyte.example.com',
  iat: T,
  exp: T + 86400,
  gty: 'client-credentials',
  azp: 'abc',
  scope: 'all',
  permissions: ['all'],
  ...over,
});

interface Row {
  name: string;
  claims: Record<string, unknown>;
  ctx: Partial<DiagnosisContext>;
  code: DiagnosisCode;
  warnings?: string[];
  mentions?: RegExp;
}

const rows: Row[] = [
  { name: 'Okta custom-AS token with the requested scope', claims: okta(), ctx: { provider: 'okta', scopes: ['all'] }, code: 'ok', warnings: [] },
  { name: 'Okta token missing a requested scope → warning', claims: okta({ scp: ['other'] }), ctx: { provider: 'okta', scopes: ['all'] }, code: 'ok', warnings: ['scope_not_in_token'] },
  { name: 'expired', claims: okta({ iat: T - 7200, exp: T - 3600 }), ctx: {}, code: 'token_expired', mentions: /2024-05-02T09:00:00Z/ },
  { name: 'expires exactly now', claims: okta({ exp: T }), ctx: {}, code: 'token_expired' },
  { name: 'expires in 30 s → warning', claims: okta({ exp: T + 30 }), ctx: {}, code: 'ok', warnings: ['expires_soon'] },
  { name: 'nbf 10 min in the future', claims: okta({ nbf: T + 600 }), ctx: {}, code: 'token_not_yet_valid', mentions: /10 min/ },
  { name: 'iat 2 min in the future', claims: okta({ iat: T + 120 }), ctx: {}, code: 'token_not_yet_valid', mentions: /clock/ },
  { name: 'iat within the skew is fine', claims: okta({ iat: T + CLOCK_SKEW_SECONDS - 1 }), ctx: {}, code: 'ok' },
  { name: 'no exp → warning', claims: okta({ exp: undefined }), ctx: {}, code: 'ok', warnings: ['no_expiry'] },
  // Entra
  { name: 'Entra app-only token without roles → admin consent', claims: entraApp(), ctx: { provider: 'entra', tokenUrl: ENTRA_URL }, code: 'admin_consent_missing', mentions: new RegExp(`Grant admin consent for <your organisation>.*${TENANT}`) },
  { name: 'Entra app-only with empty roles', claims: entraApp({ roles: [] }), ctx: { provider: 'entra' }, code: 'admin_consent_missing', mentions: /"Application permissions" \(not Delegated\)/ },
  { name: 'Entra token without idtyp and without scp (delegated perms only)', claims: entraApp({ idtyp: undefined }), ctx: { provider: 'entra' }, code: 'admin_consent_missing', mentions: /API permissions/ },
  { name: 'Entra detected from the issuer when the provider is unknown', claims: entraApp({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', appid: 'x', azp: undefined }), ctx: {}, code: 'admin_consent_missing' },
  { name: 'Entra app-only with a role', claims: entraApp({ roles: ['Flyte.Deploy'] }), ctx: { provider: 'entra' }, code: 'ok', warnings: [] },
  { name: 'Entra user token (scp) is not app-only', claims: entraApp({ idtyp: undefined, scp: 'user_impersonation' }), ctx: { provider: 'entra' }, code: 'ok' },
  { name: 'Entra v2 aud GUID vs advertised api:// audience → warning that explains', claims: entraApp({ roles: ['Flyte.Deploy'] }), ctx: { provider: 'entra', audience: 'api://flyte', scopes: ['api://flyte/.default'] }, code: 'ok', warnings: ['entra_audience_guid'] },
  { name: 'Entra tid differs from the tenant GUID in the URL → warning', claims: entraApp({ roles: ['r'], tid: '11111111-2222-3333-4444-555555555555' }), ctx: { provider: 'entra', tokenUrl: ENTRA_URL }, code: 'ok', warnings: ['entra_tenant_differs'] },
  // Entra v1.0 tokens (issue 16): say which case happened
  { name: 'Entra v1.0 token, control plane trusts the v2 issuer → issuer_mismatch naming api.requestedAccessTokenVersion', claims: entraApp({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', aud: 'api://flyte', roles: ['all'] }), ctx: { provider: 'entra', tokenUrl: ENTRA_URL, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` }, code: 'issuer_mismatch', mentions: /v1\.0 token[\s\S]*api\.requestedAccessTokenVersion[\s\S]*Access token version 2 on the Union API app[\s\S]*issuer https:\/\/sts\.windows\.net\/.*and audience api:\/\/flyte/ },
  { name: 'Entra v1.0 token, control plane trusts the v1 issuer → consistent, no warning', claims: entraApp({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', aud: 'api://flyte', roles: ['all'] }), ctx: { provider: 'entra', tokenUrl: ENTRA_URL, issuer: `https://sts.windows.net/${TENANT}/`, audience: 'api://flyte' }, code: 'ok', warnings: [] },
  { name: 'Entra v1.0 token, trusted issuer unknown → warning naming both cases and the App ID URI aud', claims: entraApp({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', aud: 'api://flyte', roles: ['all'] }), ctx: { provider: 'entra', tokenUrl: ENTRA_URL }, code: 'ok', warnings: ['entra_v1_token'] },
  { name: 'Entra v2.0 token and the v2 issuer trusted → ok', claims: entraApp({ roles: ['all'] }), ctx: { provider: 'entra', tokenUrl: ENTRA_URL, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` }, code: 'ok', warnings: [] },
  // Issuer (generic guide): another issuer than the advertised one → warning, the UserInfo call decides
  { name: 'token issuer differs from the advertised issuer → warning', claims: okta(), ctx: { issuer: 'https://acme.okta.com/oauth2/ausOther' }, code: 'ok', warnings: ['issuer_differs'] },
  { name: 'issuer equal up to a trailing slash → no warning', claims: auth0({ iss: 'https://acme.eu.auth0.com/' }), ctx: { issuer: 'https://acme.eu.auth0.com' }, code: 'ok', warnings: [] },
  // Cognito access tokens carry no aud
  { name: 'Cognito access token without aud → warning', claims: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC', client_id: 'abc123', token_use: 'access', scope: 'https://flyte/all', iat: T - 5, exp: T + 3595, sub: 'abc123' }, ctx: {}, code: 'ok', warnings: ['cognito_no_aud'] },
  // Expectations
  { name: '--expect-audience not in aud', claims: okta(), ctx: { expectAudience: ['https://union.example.com'] }, code: 'audience_mismatch', mentions: /api:\/\/default.*https:\/\/union\.example\.com|https:\/\/union\.example\.com.*api:\/\/default/s },
  { name: '--expect-audience in an aud array', claims: okta({ aud: ['x', 'https://union.example.com'] }), ctx: { expectAudience: ['https://union.example.com'] }, code: 'ok' },
  { name: '--expect-scope missing', claims: okta(), ctx: { provider: 'okta', expectScopes: ['deploy'] }, code: 'token_missing_scope', mentions: /Scopes requested" must include deploy/ },
  { name: '--expect-scope satisfied by an Entra role', claims: entraApp({ roles: ['Flyte.Deploy'] }), ctx: { provider: 'entra', expectScopes: ['Flyte.Deploy'] }, code: 'ok' },
  { name: '--expect-scope satisfied by Auth0 permissions', claims: auth0({ scope: undefined }), ctx: { provider: 'auth0', expectScopes: ['all'] }, code: 'ok' },
  { name: 'advertised audience differs (not Entra) → warning, the UserInfo call decides', claims: okta(), ctx: { audience: 'https://union.example.com' }, code: 'ok', warnings: ['audience_differs'] },
  // Keycloak
  { name: 'Keycloak default aud "account" and a scope missing from the token → two warnings', claims: keycloak(), ctx: { provider: 'keycloak', scopes: ['all'] }, code: 'ok', warnings: ['keycloak_account_audience', 'keycloak_scope_dropped'] },
  { name: 'Keycloak with an audience mapper', claims: keycloak({ aud: ['https://union.example.com', 'account'], scope: 'all' }), ctx: { scopes: ['all'] }, code: 'ok', warnings: [] },
  // Auth0
  { name: 'Auth0 with permissions', claims: auth0(), ctx: { scopes: [] }, code: 'ok', warnings: [] },
  { name: 'Auth0 without scope or permissions → warning', claims: auth0({ scope: undefined, permissions: undefined }), ctx: {}, code: 'ok', warnings: ['auth0_no_permissions'] },
];

describe('Keycloak scope wording (issue 16)', () => {
  it('the missing-scope warning no longer claims Keycloak silently drops scopes', () => {
    const { warnings } = checkClaims(tok(keycloak()), ctx({ provider: 'keycloak', scopes: ['all'] }));
    const w = warnings.find((x) => x.code === 'keycloak_scope_dropped')!;
    expect(w.message).not.toMatch(/^Keycloak silently dropped/);
    expect(w.message).toMatch(/refuses scopes a client does not have \(invalid_scope\)/);
    expect(w.message).toMatch(/Include in token scope/);
  });

  it('the entra_v1_token warning names api.requestedAccessTokenVersion and the aud it saw', () => {
    const { warnings } = checkClaims(tok(entraApp({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', aud: 'api://flyte', roles: ['all'] })), ctx({ provider: 'entra', tokenUrl: ENTRA_URL }));
    const w = warnings.find((x) => x.code === 'entra_v1_token')!;
    expect(w.message).toMatch(/api\.requestedAccessTokenVersion is null or 1/);
    expect(w.message).toMatch(/Application ID URI api:\/\/flyte/);
    expect(w.message).toContain(`https://sts.windows.net/${TENANT}/`);
  });
});

describe('checkClaims over a table of tokens', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    const { diagnosis, warnings } = checkClaims(tok(r.claims), ctx(r.ctx));
    expect(diagnosis.code, diagnosis.title).toBe(r.code);
    expect(diagnosis.severity).toBe(r.code === 'ok' ? 'ok' : 'error');
    if (r.warnings) expect(warnings.map((w) => w.code)).toEqual(r.warnings);
    if (r.mentions) expect([diagnosis.title, diagnosis.detail, ...diagnosis.fix].join('\n')).toMatch(r.mentions);
    for (const w of warnings) expect(w.message).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(JSON.stringify({ diagnosis, warnings })).not.toMatch(/\{[a-zA-Z]+\}/);
  });

  it('admin consent missing is an error even though the request returned 200, with the portal path', () => {
    const { diagnosis } = checkClaims(tok(entraApp()), ctx({ provider: 'entra', tokenUrl: ENTRA_URL }));
    expect(diagnosis.severity).toBe('error');
    expect(diagnosis.fix.join('\n')).toMatch(/App registrations → <your CI app> → API permissions/);
    expect(diagnosis.fix.join('\n')).toMatch(/Add a permission → My APIs/);
  });

  it('an opaque token is a warning, not a failure', () => {
    const { diagnosis, warnings } = checkClaims(null, ctx());
    expect(diagnosis).toMatchObject({ code: 'opaque_token', severity: 'warning' });
    expect(warnings).toEqual([{ code: 'opaque_token', message: diagnosis.title }]);
  });

  it('the first error wins in a fixed order (time before authorization)', () => {
    const { diagnosis } = checkClaims(tok(entraApp({ exp: T - 10 })), ctx({ provider: 'entra', expectAudience: ['x'] }));
    expect(diagnosis.code).toBe('token_expired');
  });

  it('claim values never reach a warning with control sequences', () => {
    const { warnings } = checkClaims(tok(okta({ aud: 'api://\u001b]8;;https://evil\u0007x\u001b]8;;\u0007' })), ctx({ audience: 'https://union' }));
    expect(warnings[0]!.message).toContain('api://x');
    expect(JSON.stringify(warnings)).not.toMatch(/\\u001b|\\u0007|evil/);
  });
});

describe('the Entra rules apply only to a token that looks like Entra\'s', () => {
  const DEMO_URL = 'https://127.0.0.1:40123/token';
  /** What the plain demo (oidc-provider) issues for a client_credentials grant: no tid, no ver, no scp, no roles. */
  const oidcProviderToken = (over: Record<string, unknown> = {}) => ({
    jti: 'Xa1b2c3',
    sub: 'flyte-ci',
    iat: T - 5,
    exp: T + 3595,
    scope: 'all',
    client_id: 'flyte-ci',
    iss: 'https://127.0.0.1:40123',
    aud: 'https://127.0.0.1:40124',
    ...over,
  });
  const all = (r: ReturnType<typeof checkClaims>) => JSON.stringify(r);

  it('a non-Entra token with the provider "entra" → no admin_consent_missing, a warning that says why', () => {
    const r = checkClaims(tok(oidcProviderToken({ scope: undefined })), ctx({ provider: 'entra', tokenUrl: DEMO_URL }));
    expect(r.diagnosis.code).toBe('ok');
    expect(r.warnings.map((w) => w.code)).toEqual(['entra_token_not_entra']);
    const msg = r.warnings[0]!.message;
    expect(msg).toMatch(/^You chose Microsoft Entra ID, but this token does not look like an Entra token: no tid claim/);
    expect(msg).toContain('issuer https://127.0.0.1:40123 is not Microsoft\'s');
    expect(msg).toContain('token URL host 127.0.0.1:40123 is not a Microsoft login host');
    expect(msg.length).toBeLessThan(300);
    expect(JSON.stringify(r.diagnosis)).not.toMatch(/admin consent/i);
    expect(all(r)).not.toMatch(/\{[a-zA-Z]+\}/);
  });

  it('ver 2.0 alone (issuer neither Microsoft nor a tenant GUID) is not enough', () => {
    const r = checkClaims(tok(oidcProviderToken({ ver: '2.0' })), ctx({ provider: 'entra', tokenUrl: DEMO_URL }));
    expect(r.diagnosis.code).toBe('ok');
    expect(r.warnings.map((w) => w.code)).toEqual(['entra_token_not_entra']);
  });

  it('without the user choosing Entra, a non-Entra token gets no Entra warning', () => {
    const r = checkClaims(tok(oidcProviderToken()), ctx({ tokenUrl: DEMO_URL }));
    expect(r).toMatchObject({ diagnosis: { code: 'ok' }, warnings: [] });
  });

  it('the other rules still apply to a non-Entra token when the provider is "entra"', () => {
    const r = checkClaims(tok(oidcProviderToken({ exp: T - 10 })), ctx({ provider: 'entra', tokenUrl: DEMO_URL }));
    expect(r.diagnosis.code).toBe('token_expired');
    expect(r.warnings.map((w) => w.code)).toEqual(['entra_token_not_entra']);
  });

  it('an Entra-shaped token without roles from a non-Microsoft URL (the demo consent scenario) → still admin_consent_missing, tenant from tid', () => {
    const claims = oidcProviderToken({ idtyp: 'app', tid: TENANT, ver: '2.0', azp: 'flyte-ci', scope: undefined });
    const r = checkClaims(tok(claims), ctx({ provider: 'entra', tokenUrl: DEMO_URL }));
    expect(r.diagnosis.code).toBe('admin_consent_missing');
    expect(r.warnings).toEqual([]);
    expect(r.diagnosis.fix.join('\n')).toContain(`administrator of ${TENANT}`);
  });

  it.each([
    ['ver 1.0 + sts.windows.net issuer, no tid', entraApp({ tid: undefined, ver: '1.0', iss: `https://sts.windows.net/${TENANT}/`, idtyp: undefined })],
    ['ver 2.0 + tenant-GUID issuer on another host, no tid', entraApp({ tid: undefined, iss: `https://tenant.b2clogin.com/${TENANT}/v2.0/` })],
  ])('Entra-shaped without roles (%s) → admin_consent_missing; unknown tenant reads "<your tenant>"', (_n, claims) => {
    const r = checkClaims(tok(claims), ctx({ provider: 'entra', tokenUrl: DEMO_URL }));
    expect(r.diagnosis.code).toBe('admin_consent_missing');
    // A v1.0 token (sts.windows.net issuer) also says which token version it is.
    expect(r.warnings.filter((w) => w.code !== 'entra_v1_token')).toEqual([]);
    const fix = r.diagnosis.fix.join('\n');
    expect(fix).toContain('administrator of <your tenant>');
    expect(fix).not.toMatch(/\btoken\)/);
  });

  it('a token URL on a Microsoft login host is enough: no tid, no ver → admin_consent_missing, tenant from the URL', () => {
    const r = checkClaims(tok(oidcProviderToken({ iss: 'https://issuer.example.com' })), ctx({ provider: 'entra', tokenUrl: ENTRA_URL }));
    expect(r.diagnosis.code).toBe('admin_consent_missing');
    expect(r.diagnosis.fix.join('\n')).toContain(`administrator of ${TENANT}`);
  });

  it('the fix never names a path segment of a non-Microsoft URL as the tenant', () => {
    const claims = entraApp({ tid: undefined, ver: '1.0', iss: `https://sts.windows.net/${TENANT}/` });
    const r = checkClaims(tok(claims), ctx({ provider: 'entra', tokenUrl: 'https://idp.example.com/token' }));
    expect(r.diagnosis.code).toBe('admin_consent_missing');
    expect(all(r)).not.toMatch(/of token\b|tenant token\b/);
  });
});

describe('decodeToken', () => {
  it('decodes header and claims of a JWT (string or Secret) without verifying', () => {
    const t = jwt({ sub: 's', exp: T + 1 });
    expect(decodeToken(t)).toEqual({ header: { alg: 'RS256', typ: 'JWT', kid: 'k1' }, claims: { sub: 's', exp: T + 1 } });
    expect(decodeToken(new Secret(t))?.claims.sub).toBe('s');
  });
  it.each([
    ['opaque Okta-style token', 'AAAAAAAAAAAAAAAAAAAAAA-opaque'],
    ['five-part JWE', 'a.b.c.d.e'],
    ['garbage JSON', `${b64url({ alg: 'none' })}.bm90IGpzb24.sig`],
    ['empty', ''],
  ])('%s → null', (_n, t) => {
    expect(decodeToken(t)).toBeNull();
  });
});

describe('claimRows', () => {
  const labels = (r: { label: string }[]) => r.map((x) => x.label);
  const value = (r: { label: string; value: string }[], l: string) => r.find((x) => x.label === l)?.value;

  it('Entra app token: issuer, audience, subject, client (azp), roles, dates with "expires in", version, type, tenant', () => {
    const r = claimRows(tok(entraApp({ roles: ['Flyte.Deploy', 'Flyte.Read'] }), { alg: 'RS256', typ: 'JWT', kid: 'abc' }), NOW);
    expect(labels(r)).toEqual(['Issuer', 'Audience', 'Subject', 'Client', 'Roles', 'Issued', 'Expires', 'Token version', 'Token type', 'Tenant', 'Signed with']);
    expect(value(r, 'Client')).toBe('6731de76-14a6-49ae-97bc-6eba6914391e');
    expect(value(r, 'Roles')).toBe('Flyte.Deploy, Flyte.Read');
    expect(value(r, 'Issued')).toBe('2024-05-02T09:59:00Z (1 min ago)');
    expect(value(r, 'Expires')).toBe('2024-05-02T10:59:00Z (expires in 59 min)');
    expect(value(r, 'Token version')).toBe('2.0');
    expect(value(r, 'Token type')).toBe('header typ JWT, idtyp app');
    expect(value(r, 'Tenant')).toBe(TENANT);
    expect(value(r, 'Signed with')).toBe('RS256 (key id abc)');
  });

  it('Entra v1 client from appid, Okta from cid, Auth0 from azp, RFC 9068 client_id', () => {
    expect(value(claimRows(tok({ appid: 'v1app', ver: '1.0' }), NOW), 'Client')).toBe('v1app');
    expect(value(claimRows(tok(okta()), NOW), 'Client')).toBe('0oa1ci');
    expect(value(claimRows(tok(auth0()), NOW), 'Client')).toBe('abc');
    expect(value(claimRows(tok({ client_id: 'rfc9068' }), NOW), 'Client')).toBe('rfc9068');
  });

  it('Okta scp array, Keycloak scope string and realm roles, Auth0 permissions and grant type', () => {
    expect(value(claimRows(tok(okta({ scp: ['all', 'deploy'] })), NOW), 'Scopes')).toBe('all deploy');
    const kc = claimRows(tok(keycloak()), NOW);
    expect(value(kc, 'Scopes')).toBe('profile email');
    expect(value(kc, 'Realm roles')).toBe('default-roles-flyte');
    expect(value(kc, 'Subject')).toBe('f6b1-uuid (service-account-flyte-ci)');
    expect(value(kc, 'Expires')).toMatch(/expires in 5 min/);
    const a = claimRows(tok(auth0()), NOW);
    expect(value(a, 'Permissions')).toBe('all');
    expect(value(a, 'Token type')).toMatch(/grant client-credentials/);
    expect(value(a, 'Expires')).toMatch(/expires in 1 d/);
  });

  it('an expired token says how long ago', () => {
    expect(value(claimRows(tok({ exp: T - 300 }), NOW), 'Expires')).toBe('2024-05-02T09:55:00Z (expired 5 min ago)');
  });

  it('only rows the token has', () => {
    expect(labels(claimRows(tok({ sub: 'x' }, { alg: 'none' }), NOW))).toEqual(['Subject', 'Signed with']);
  });

  it('hostile claim values are stripped of control sequences and kept on one line', () => {
    const r = claimRows(tok({ iss: 'https://idp\u001b[2J\u001b]8;;https://evil\u0007/x\u001b]8;;\u0007\nFAKE: row', sub: '\u009b31mred' }), NOW);
    expect(value(r, 'Issuer')).toBe('https://idp/x FAKE: row');
    expect(value(r, 'Subject')).toBe('red');
    expect(JSON.stringify(r)).not.toMatch(/\\u001b|\\u0007|\\u009b|\\n|evil/);
  });

  it('bounds long values', () => {
    expect(value(claimRows(tok({ iss: 'x'.repeat(5000) }), NOW), 'Issuer')!.length).toBeLessThanOrEqual(200);
  });
});

describe('humanDuration', () => {
  it.each([
    [42, '42 s'],
    [3540, '59 min'],
    [3600, '1 h'],
    [3599, '1 h'], // never "60 min" beside "1 h"
    [3570, '1 h'],
    [7500, '2 h 5 min'],
    [86400, '1 d'],
    [90000, '1 d 1 h'],
    [-300, '5 min'],
  ])('%i → %s', (s, want) => expect(humanDuration(s)).toBe(want));
});

// A provider id type check: every ProviderId yields a built ok diagnosis from checkClaims.
it.each(['okta', 'entra', 'keycloak', 'auth0', 'generic'] as ProviderId[])('%s: a good token passes', (p) => {
  const claims = p === 'entra' ? entraApp({ roles: ['r'] }) : okta();
  expect(checkClaims(tok(claims), ctx({ provider: p })).diagnosis.code).toBe('ok');
});
