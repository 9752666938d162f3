/**
 * The diagnosis rules: every recorded answer (test/fixtures/idp-errors, one per catalogue row of
 * identity-providers.md §7) maps to its code AND to a fix that names the right thing; transport failures,
 * control-plane stages, parser shapes, provider detection and sanitisation of hostile server text.
 */
import { describe, expect, it } from 'vitest';
import type {
  DiagnosisCode,
  DiagnosisContext,
  HttpObservation,
  ProviderId,
  Stage,
  TransportFailure,
} from '../../src/core/check-types.js';
import {
  buildDiagnosis,
  detectProvider,
  diagnoseHttp,
  diagnoseTransport,
  okDiagnosis,
  parseBody,
} from '../../src/core/diagnose.js';
import { catalogueCodes, catalogueVariants, fixSource, maskCredentials } from '../../src/core/diagnose-catalogue.js';
import { validateCatalogue } from '../../src/core/diagnose-schema.js';
import catalogueJson from '../../assets/diagnoses.json' with { type: 'json' };
import { tenantFromUrl } from '../../src/core/diagnose-provider.js';
import { idpErrorFixtures, type IdpErrorFixture } from '../fixtures/idp-errors/index.js';
import { startRecordedIdp } from '../servers/recorded-idp.js';

const NOW = new Date('2024-05-02T10:11:12Z');

function ctx(over: Partial<DiagnosisContext> = {}): DiagnosisContext {
  return { provider: 'generic', stage: 'token', scopes: ['all'], authMethod: 'basic', now: NOW, ...over };
}

function obsOf(f: IdpErrorFixture, url = f.tokenUrl, stage: Stage = 'token'): HttpObservation {
  return { kind: 'http', stage, url, status: f.status, headers: f.headers, body: f.body };
}

const text = (d: { title: string; detail: string; fix: string[] }) => [d.title, d.detail, ...d.fix].join('\n');

// Every DiagnosisCode, checked against the type at compile time.
const ALL_CODES = [
  'ok', 'opaque_token', 'dns_lookup_failed', 'connection_refused', 'timeout', 'tls_untrusted_certificate',
  'tls_hostname_mismatch', 'tls_certificate_expired', 'tls_error', 'not_an_oauth_response', 'endpoint_not_found',
  'server_error', 'rate_limited', 'invalid_client_secret', 'client_secret_expired', 'client_secret_missing',
  'unknown_client', 'client_authentication_failed', 'client_auth_method_mismatch', 'client_disabled',
  'grant_not_allowed', 'wrong_authorization_server', 'tenant_not_found', 'invalid_scope', 'unknown_resource',
  'permission_not_granted', 'policy_denied', 'malformed_request', 'admin_consent_missing', 'token_missing_scope',
  'audience_mismatch', 'token_expired', 'control_plane_unreachable', 'control_plane_not_flyte',
  'control_plane_rejected_token', 'unknown_error', 'missing_expires_in', 'auth_not_configured',
  'token_not_yet_valid', 'signature_invalid',
  'response_too_large', 'proxy_refused', 'proxy_tunnel_closed', 'proxy_timeout', 'proxy_auth_required',
  'insecure_url', 'redirect_refused', 'token_invalid', 'control_plane_bad_header',
  'issuer_mismatch',
  'auth_not_triggered', 'org_mismatch', 'project_not_found', 'domain_not_found', 'project_access_denied',
] as const satisfies readonly DiagnosisCode[];
type Missing = Exclude<DiagnosisCode, (typeof ALL_CODES)[number]>;
const _exhaustive: [Missing] extends [never] ? true : Missing = true;
void _exhaustive;

describe('the catalogue (assets/diagnoses.json)', () => {
  it('has an entry for every DiagnosisCode and nothing else', () => {
    expect(new Set(catalogueCodes())).toEqual(new Set(ALL_CODES));
  });

  it.each(ALL_CODES.filter((c) => c !== 'ok'))('%s: title, detail and generic fix steps, no unfilled placeholder', (code) => {
    for (const p of ['okta', 'entra', 'keycloak', 'auth0', 'generic'] as ProviderId[]) {
      const d = buildDiagnosis(code, p, { vars: { host: 'h', url: 'u', status: 400, tenant: 't' } });
      expect(d.title.length).toBeGreaterThan(5);
      expect(d.detail.length).toBeGreaterThan(20);
      expect(d.fix.length, `${code}/${p}`).toBeGreaterThan(0);
      expect(text(d)).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  });

  it('every variant belongs to a real code and builds', () => {
    for (const key of catalogueVariants()) {
      const [code, variant] = key.split('/') as [DiagnosisCode, string];
      expect(ALL_CODES as readonly string[]).toContain(code);
      const d = buildDiagnosis(code, 'generic', { variant: variant as never });
      expect(d.fix.length, key).toBeGreaterThan(0);
      expect(text(d)).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  });

  it('unknown variants are programming errors (a type error at compile time, a throw at run time)', () => {
    // @ts-expect-error -- 'nope' is not a variant of `timeout` in assets/diagnoses.json, so this does not compile.
    expect(() => buildDiagnosis('timeout', 'generic', { variant: 'nope' })).toThrow(/no variant/);
    // @ts-expect-error -- a misspelt variant of a real code (the real one is 'okta-scopes') does not compile either.
    expect(() => buildDiagnosis('policy_denied', 'okta', { variant: 'okta-scope' })).toThrow(/no variant/);
    // @ts-expect-error -- a misspelt note key does not compile.
    expect(() => buildDiagnosis('timeout', 'generic', { notes: ['proxy-ignord'] })).toThrow(/no note/);
  });

  it('validates against its schema: no unknown key, provider or code, every placeholder has a default', () => {
    expect(validateCatalogue(catalogueJson, ALL_CODES)).toEqual([]);
  });

  it('the schema check catches what the compiler cannot see', () => {
    const broken = JSON.parse(JSON.stringify(catalogueJson)) as {
      codes: Record<string, { fix: Record<string, string[]>; detail: string; sources?: Record<string, string> }>;
      variants: Record<string, unknown>;
      notes: Record<string, string>;
    };
    broken.codes.timeout!.detail = 'No answer from {hots}.';
    broken.codes.timeout!.fix.oktaa = ['x'];
    broken.codes.timeout!.sources = { entra: '' };
    broken.variants['timout/slow'] = { detail: 'x' };
    broken.notes.cause = 'Cause: {cause';
    const problems = validateCatalogue(broken, ALL_CODES).join('\n');
    expect(problems).toMatch(/codes\.timeout\.detail: placeholder \{hots\} has no default/);
    expect(problems).toMatch(/unknown provider "oktaa"/);
    expect(problems).toMatch(/sources\.entra is empty/);
    expect(problems).toMatch(/no such code "timout"/);
    expect(validateCatalogue(broken, ALL_CODES.filter((c) => c !== 'ok'))).toContain('codes.ok is not a DiagnosisCode');
  });

  it('every code and variant that carries provider-specific steps for issue-16 providers cites a source', () => {
    for (const [code, providers] of [
      ['invalid_scope', ['keycloak', 'okta', 'entra', 'auth0']],
      ['token_missing_scope', ['keycloak']],
      ['unknown_resource', ['entra']],
      ['audience_mismatch', ['entra', 'okta']],
      ['invalid_client_secret', ['auth0', 'entra', 'okta']],
      ['issuer_mismatch', ['generic', 'auth0']],
    ] as const) {
      for (const p of providers) expect(fixSource(code, p), `${code}/${p}`).toMatch(/https:\/\/|#\d+/);
    }
    expect(fixSource('invalid_scope', 'keycloak', 'keycloak')).toMatch(/keycloak\/keycloak#33185/);
    expect(fixSource('issuer_mismatch', 'entra', 'entra-v1')).toMatch(/access-tokens/);
  });

  it('severity: ok, warning for opaque tokens, error for everything else', () => {
    expect(okDiagnosis().severity).toBe('ok');
    expect(okDiagnosis().code).toBe('ok');
    expect(buildDiagnosis('opaque_token', 'generic').severity).toBe('warning');
    expect(buildDiagnosis('admin_consent_missing', 'entra').severity).toBe('error');
  });

  it('provider-specific steps replace the generic ones, with console paths and exact field names', () => {
    const entra = buildDiagnosis('invalid_client_secret', 'entra');
    expect(entra.fix.join(' ')).toMatch(/Certificates & secrets → Client secrets/);
    expect(entra.fix.join(' ')).toMatch(/"Value" column — not the "Secret ID"/);
    expect(buildDiagnosis('invalid_client_secret', 'okta').fix.join(' ')).toMatch(/Generate new secret/);
    expect(buildDiagnosis('invalid_client_secret', 'keycloak').fix.join(' ')).toMatch(/Clients → <your client> → Credentials/);
    expect(buildDiagnosis('invalid_client_secret', 'auth0').fix.join(' ')).toMatch(/Settings → Danger Zone → Rotate, then copy the new secret from the Credentials tab/);
    expect(buildDiagnosis('invalid_client_secret', 'auth0').fix.join(' ')).toMatch(/up to 30 seconds/);
    expect(buildDiagnosis('invalid_client_secret', 'generic').fix.join(' ')).not.toMatch(/Entra|Okta/);
  });

  it('substitutes variables and sanitises them', () => {
    const d = buildDiagnosis('admin_consent_missing', 'entra', { vars: { tenant: 'Contoso\u001b[2J\nLtd' } });
    expect(d.fix.join('\n')).toMatch(/Grant admin consent for <your organisation>.*administrator of Contoso Ltd/);
    expect(JSON.stringify(d)).not.toMatch(/\u001b/);
  });
});

describe('every recorded answer maps to its code and a fix that names the right thing', () => {
  it('covers every provider and every catalogue section', () => {
    const by = (p: ProviderId) => idpErrorFixtures.filter((f) => f.provider === p).length;
    expect(by('entra')).toBeGreaterThanOrEqual(30);
    expect(by('okta')).toBeGreaterThanOrEqual(20);
    expect(by('keycloak')).toBeGreaterThanOrEqual(14);
    expect(by('auth0')).toBeGreaterThanOrEqual(6);
    expect(by('generic')).toBeGreaterThanOrEqual(25);
    expect(new Set(idpErrorFixtures.map((f) => f.name)).size).toBe(idpErrorFixtures.length);
    for (const f of idpErrorFixtures) expect(f.name).toMatch(/^[a-z0-9-]+$/);
  });

  describe.each(idpErrorFixtures.filter((f) => f.via !== 'issuer').map((f) => [f.name, f] as const))('%s', (_n, f) => {
    it(`→ ${f.expect}, with the provider known`, () => {
      const d = diagnoseHttp(obsOf(f), ctx({ provider: f.provider, tokenUrl: f.tokenUrl, scopes: ['all'], audience: 'api://flyte' }));
      expect(d.code, `${d.title} | ${d.providerText ?? ''}`).toBe(f.expect);
      expect(text(d)).toMatch(f.fixMentions);
      expect(d.fix.length).toBeGreaterThan(0);
      expect(text(d)).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(JSON.stringify(d)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    });

    it('→ the same code when the provider is not known (body first), e.g. served from 127.0.0.1', () => {
      const local = `http://127.0.0.1:1/${f.name}/token`;
      const d = diagnoseHttp(obsOf(f, local), ctx({ tokenUrl: local }));
      expect(d.code).toBe(f.expect);
    });

    it('→ the provider is detected from the real token URL', () => {
      expect(detectProvider({ tokenUrl: f.tokenUrl, body: f.body })).toBe(f.provider);
    });
  });
});

describe('body shapes', () => {
  const entraBody = (desc: string, codes?: number[]) =>
    JSON.stringify({ error: 'invalid_client', error_description: desc, ...(codes ? { error_codes: codes } : {}) });

  it('Entra: \\r\\n and single-space trace lines give the same code and a one-line provider text', () => {
    const a = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: {}, body: entraBody('AADSTS7000222: expired.\r\nTrace ID: x\r\nCorrelation ID: y') }, ctx());
    const b = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: {}, body: entraBody('AADSTS7000222: expired. Trace ID: x Correlation ID: y') }, ctx());
    expect(a.code).toBe('client_secret_expired');
    expect(b.code).toBe('client_secret_expired');
    expect(a.providerText).not.toMatch(/[\r\n]/);
    expect(a.providerText).toContain('Trace ID: x');
  });

  it('Entra: several error_codes → the most specific (last known, wrappers like 70002 last resort)', () => {
    const body = entraBody('AADSTS70002: Error validating credentials. AADSTS7000222: The provided client secret keys are expired.', [70002, 7000222]);
    expect(diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: {}, body }, ctx()).code).toBe('client_secret_expired');
    const body2 = entraBody('AADSTS7000215: Invalid client secret provided. AADSTS700016: Application not found', [7000215, 700016]);
    expect(diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: {}, body: body2 }, ctx()).code).toBe('unknown_client');
    const weakOnly = entraBody('AADSTS70002: Error validating credentials.', [70002]);
    expect(diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: {}, body: weakOnly }, ctx()).code).toBe('client_authentication_failed');
  });

  it('Entra: AADSTS code inside any string value (SDK wrapper) is found; the fix names the tenant', () => {
    const body = JSON.stringify({ result: { inner: { text: 'Original exception: AADSTS700016: Application with identifier x was not found' } } });
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 400, headers: {}, body }, ctx({ tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' }));
    expect(d.code).toBe('unknown_client');
    expect(d.fix.join(' ')).toContain('contoso.onmicrosoft.com');
  });

  it('Okta/gateway parser order: error_description → errorSummary → detailedmessage → message; code error → errorCode', () => {
    expect(parseBody(JSON.stringify({ error: 'a', error_description: 'D', errorSummary: 'S', message: 'M' })).description).toBe('D');
    expect(parseBody(JSON.stringify({ errorCode: 'E1', errorSummary: 'S', detailedmessage: 'X', message: 'M' }))).toMatchObject({ error: 'E1', description: 'S' });
    expect(parseBody(JSON.stringify({ error: 'access_denied', detailedmessage: 'X', message: 'M' })).description).toBe('X');
    expect(parseBody(JSON.stringify({ message: 'M' })).description).toBe('M');
    expect(parseBody(JSON.stringify({ error: { code: 'invalid_client', message: 'nested' } }))).toMatchObject({ error: 'invalid_client', description: 'nested' });
  });

  it('JSON followed by an HTML page: the JSON is read, the page title kept', () => {
    const p = parseBody('{"error":"invalid_client","error_description":"x}{"}<html><title>IIS 10.0 Detailed Error</title></html>');
    expect(p).toMatchObject({ kind: 'json', error: 'invalid_client', trailing: true, title: 'IIS 10.0 Detailed Error' });
  });

  it('HTML served as application/json (leading whitespace, BOM) is HTML', () => {
    expect(parseBody('\uFEFF \n <!DOCTYPE html><title>Login</title>')).toMatchObject({ kind: 'html', title: 'Login' });
  });

  it('shows the status and page title for a gateway page, and suggests a retry on 502/503/504', () => {
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'https://idp/token', status: 503, headers: { 'content-type': 'application/json' }, body: '<html><head><title>503 Service Temporarily Unavailable</title></head></html>' }, ctx({ tokenUrl: 'https://idp/token' }));
    expect(d.code).toBe('not_an_oauth_response');
    expect(d.detail).toContain('HTTP 503');
    expect(d.detail).toContain('"503 Service Temporarily Unavailable"');
    expect(d.detail).toMatch(/try again in a minute/);
  });

  it('WWW-Authenticate: Basic after a post request says flyte uses Basic', () => {
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 401, headers: { 'www-authenticate': 'Basic realm="x"' }, body: '{"error":"invalid_client"}' }, ctx({ authMethod: 'post' }));
    expect(d.code).toBe('client_authentication_failed');
    expect(d.detail).toMatch(/expected HTTP Basic authentication.*always uses Basic/);
  });

  it('discovery and JWKS stages say where it happened', () => {
    const d = diagnoseHttp({ kind: 'http', stage: 'discovery', url: 'https://idp/.well-known/openid-configuration', status: 404, headers: {}, body: 'Not Found' }, ctx({ stage: 'discovery' }));
    expect(d.code).toBe('endpoint_not_found');
    expect(d.detail).toMatch(/discovery document/);
  });

  it('a 2xx token answer: ok with expires_in, missing_expires_in without', () => {
    const o = (body: string): HttpObservation => ({ kind: 'http', stage: 'token', url: 'u', status: 200, headers: {}, body });
    expect(diagnoseHttp(o('{"access_token":"a","expires_in":3600}'), ctx()).code).toBe('ok');
    expect(diagnoseHttp(o('{"access_token":"a"}'), ctx()).code).toBe('missing_expires_in');
  });
});

describe('sanitisation of hostile server text', () => {
  const hostile = idpErrorFixtures.find((f) => f.name === 'generic-hostile-description')!;
  const title = idpErrorFixtures.find((f) => f.name === 'hostile-html-title')!;

  it('strips CSI colours, OSC 8 links and OSC titles from descriptions but keeps the words', () => {
    const d = diagnoseHttp(obsOf(hostile), ctx());
    expect(d.providerText).toBeDefined();
    expect(d.providerText).not.toMatch(/[\u001b\u0007\u009b\u009d]/);
    expect(d.providerText).not.toContain('evil.example');
    expect(d.providerText).not.toContain('owned');
    expect(d.providerText).toContain('Pay now at this link');
  });

  it('strips control sequences from page titles, including ones made by entity decoding (&#27;)', () => {
    const d = diagnoseHttp(obsOf(title), ctx());
    expect(d.detail).toContain('Gateway');
    expect(d.detail).toContain('& more');
    expect(JSON.stringify(d)).not.toMatch(/\\u001b|\\u0007|evil\.example/);
  });

  it('bounds provider text and masks echoed credentials', () => {
    const long = JSON.stringify({ error: 'x_y', error_description: 'a'.repeat(5000) });
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 400, headers: {}, body: long }, ctx());
    expect(d.providerText!.length).toBeLessThanOrEqual(600);
    const echo = JSON.stringify({ error: 'bad', error_description: 'got Authorization: Basic Y2ktYm90OnMzY3JldA== and client_secret=s3cr3t and token eyJhbGciOi.eyJzdWIiOiJ4In0.sig' });
    const e = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 400, headers: {}, body: echo }, ctx());
    expect(e.providerText).not.toMatch(/Y2ktYm90|s3cr3t|eyJzdWIi/);
    expect(maskCredentials('HTTP Basic authentication failed')).toBe('HTTP Basic authentication failed');
  });

  it('never puts URL credentials or query strings into the diagnosis', () => {
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'https://user:pw@idp.example.com/token?client_secret=zz', status: 404, headers: {}, body: '' }, ctx());
    expect(JSON.stringify(d)).not.toMatch(/pw@|client_secret=zz/);
  });
});

describe('transport failures', () => {
  const tf = (code: string, over: Partial<TransportFailure> = {}): TransportFailure => ({
    kind: 'transport', stage: 'token', url: 'https://idp.example.com:8443/oauth2/default/v1/token', code, message: `fetch failed: ${code}`, proxyConfigured: false, timeoutMs: 15000, ...over,
  });

  it.each([
    ['ENOTFOUND', 'dns_lookup_failed', /nslookup idp\.example\.com/],
    ['EAI_AGAIN', 'dns_lookup_failed', /VPN/],
    ['ECONNREFUSED', 'connection_refused', /port/],
    ['EHOSTUNREACH', 'connection_refused', /no route/],
    ['UND_ERR_SOCKET', 'connection_refused', /http:\/\/ URL pointing at an HTTPS port/],
    ['ECONNRESET', 'connection_refused', /closed the connection/],
    ['TimeoutError', 'timeout', /within 15 seconds/],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', /--timeout 60/],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', /firewall/],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_untrusted_certificate', /--ca-file/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_untrusted_certificate', /--ca-file/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_untrusted_certificate', /caCertFilePath/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls_untrusted_certificate', /--ca-file/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_hostname_mismatch', /exact host name/],
    ['CERT_HAS_EXPIRED', 'tls_certificate_expired', /date and time/],
    ['CERT_NOT_YET_VALID', 'tls_certificate_expired', /clock/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_error', /plain HTTP/],
    ['ERR_INVALID_URL', 'endpoint_not_found', /https:\/\//],
    ['EWEIRD', 'unknown_error', /EWEIRD/],
  ] as const)('%s → %s', (code, want, mentions) => {
    const d = diagnoseTransport(tf(code), ctx());
    expect(d.code).toBe(want);
    expect(text(d) + (d.providerText ?? '')).toMatch(mentions);
    expect(text(d)).toContain('idp.example.com');
  });

  it('a proxy variable that fetch ignored is named as the likely cause', () => {
    const d = diagnoseTransport(tf('ENOTFOUND', { proxyConfigured: true, proxyUsed: false }), ctx());
    expect(d.detail).toMatch(/HTTPS_PROXY.*went direct.*NO_PROXY/);
    const used = diagnoseTransport(tf('ECONNREFUSED', { proxyConfigured: true, proxyUsed: true }), ctx());
    expect(used.detail).toMatch(/went through the proxy/);
    const none = diagnoseTransport(tf('ENOTFOUND'), ctx());
    expect(none.detail).not.toMatch(/proxy/i);
    const tls = diagnoseTransport(tf('CERT_HAS_EXPIRED', { proxyConfigured: true, proxyUsed: false }), ctx());
    expect(tls.detail).not.toMatch(/proxy/i);
  });

  it('at the metadata stage it is control_plane_unreachable, with the cause explained and its steps first', () => {
    const d = diagnoseTransport(
      tf('SELF_SIGNED_CERT_IN_CHAIN', { stage: 'metadata', url: 'https://union.example.com/flyteidl2.auth.AuthMetadataService/GetOAuth2Metadata' }),
      ctx({ stage: 'metadata', controlPlaneHost: 'union.example.com' }),
    );
    expect(d.code).toBe('control_plane_unreachable');
    expect(d.title).toMatch(/control plane could not be reached: the server's certificate is not trusted/i);
    expect(d.detail).toMatch(/union\.example\.com.*certificate signed by an authority/s);
    expect(d.fix[0]).toMatch(/PEM file of the CA/);
    expect(d.fix.join(' ')).toMatch(/--endpoint/);
    const dns = diagnoseTransport(tf('ENOTFOUND', { stage: 'metadata', url: 'https://unoin.example.com/x' }), ctx({ stage: 'metadata' }));
    expect(dns.code).toBe('control_plane_unreachable');
    expect(dns.detail).toContain('unoin.example.com');
  });

  it('at the token stage it is the transport code itself', () => {
    expect(diagnoseTransport(tf('ECONNREFUSED'), ctx()).code).toBe('connection_refused');
  });
});

describe('control-plane stages', () => {
  const cp = (stage: Stage, status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): HttpObservation => ({
    kind: 'http', stage, url: `https://union.example.com/flyteidl2.auth.${stage === 'metadata' ? 'AuthMetadataService/GetOAuth2Metadata' : 'IdentityService/UserInfo'}`, status, headers, body,
  });
  const c = (stage: Stage) => ctx({ stage, controlPlaneHost: 'union.example.com', headerName: 'flyte-authorization', provider: 'okta', tokenUrl: 'https://acme.okta.com/oauth2/default/v1/token' });

  it.each([
    [200, '<!doctype html><title>Union Console</title>', 'control_plane_not_flyte', /"Union Console".*web console/s],
    [404, '<html><title>404 Not Found</title></html>', 'control_plane_not_flyte', /"404 Not Found"/],
    [404, '{"code":"unimplemented","message":"flyteidl2.auth.AuthMetadataService is not implemented"}', 'control_plane_not_flyte', /Flyte 1 control plane/],
    [404, 'not found', 'control_plane_not_flyte', /API host/],
    [401, '{"code":"unauthenticated","message":"missing token"}', 'control_plane_not_flyte', /without authentication/],
    [302, '<html><title>Sign in</title></html>', 'control_plane_not_flyte', /login page/],
    [503, '{"code":"unavailable","message":"upstream connect error"}', 'control_plane_unreachable', /did not answer/],
    [502, '<html><title>502 Bad Gateway</title></html>', 'control_plane_unreachable', /gateway/],
    [500, '{"code":"internal","message":"boom"}', 'server_error', /flyteadmin/],
  ] as const)('metadata %i %s → %s', (status, body, want, mentions) => {
    const d = diagnoseHttp(cp('metadata', status, body), c('metadata'));
    expect(d.code).toBe(want);
    expect(text(d)).toMatch(mentions);
    expect(d.detail).toMatch(/AuthMetadataService/);
  });

  it.each([
    [401, '{"code":"unauthenticated","message":"token audience mismatch"}', 'control_plane_rejected_token', /flyte-authorization.*allowedAudience.*iss/s],
    [200, '{"code":"unauthenticated","message":"x"}', 'control_plane_rejected_token', /allowedAudience/],
    [403, '{"code":"permission_denied","message":"cross-org request denied"}', 'control_plane_rejected_token', /UNION_ORG/],
    [302, '<html><title>oauth2-proxy sign in</title></html>', 'control_plane_rejected_token', /"oauth2-proxy sign in"/],
    [404, '{"code":"unimplemented"}', 'control_plane_not_flyte', /IdentityService/],
    [500, '{"code":"unknown","message":"Unauthenticated: token expired"}', 'control_plane_rejected_token', /allowedAudience/],
    [500, '{"code":"internal","message":"db down"}', 'server_error', /control plane/],
  ] as const)('userinfo %i %s → %s', (status, body, want, mentions) => {
    const d = diagnoseHttp(cp('userinfo', status, body), c('userinfo'));
    expect(d.code).toBe(want);
    expect(text(d)).toMatch(mentions);
  });

  it('keeps the Connect message as provider text', () => {
    const d = diagnoseHttp(cp('userinfo', 401, '{"code":"unauthenticated","message":"token audience mismatch"}'), c('userinfo'));
    expect(d.providerText).toBe('unauthenticated: token audience mismatch');
  });
});

describe('detectProvider', () => {
  it.each([
    [{ tokenUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' }, 'entra'],
    [{ issuer: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' }, 'entra'],
    [{ body: 'Original exception: AADSTS7000215: x' }, 'entra'],
    [{ tokenUrl: 'https://acme.okta.com/oauth2/default/v1/token' }, 'okta'],
    [{ tokenUrl: 'https://acme.oktapreview.com/oauth2/v1/token' }, 'okta'],
    [{ tokenUrl: 'https://login.acme.com/oauth2/aus1a2b3c4/v1/token' }, 'okta'],
    [{ body: '{"errorCode":"E0000047","errorSummary":"x"}' }, 'okta'],
    [{ tokenUrl: 'https://sso.acme.com/realms/flyte/protocol/openid-connect/token' }, 'keycloak'],
    [{ tokenUrl: 'https://sso.acme.com/auth/realms/flyte/protocol/openid-connect/token' }, 'keycloak'],
    [{ tokenUrl: 'https://acme.us.auth0.com/oauth/token' }, 'auth0'],
    [{ claims: { gty: 'client-credentials', iss: 'https://login.acme.com/' } }, 'auth0'],
    [{ claims: { iss: 'https://login.microsoftonline.com/t/v2.0', tid: 't' } }, 'entra'],
    [{ claims: { realm_access: { roles: [] }, iss: 'https://kc.acme.com/x' } }, 'keycloak'],
    [{ tokenUrl: 'https://oauth2.googleapis.com/token' }, 'generic'],
    [{ tokenUrl: 'https://zitadel.acme.com/oauth/v2/token' }, 'generic'],
    [{ tokenUrl: 'https://hydra.acme.com/oauth2/token' }, 'generic'],
    [{ issuer: 'https://login.acme.com/oauth2/default' }, 'okta'],
    [{ tokenUrl: 'not a url' }, 'generic'],
    [{}, 'generic'],
  ] as const)('%j → %s', (hints, want) => {
    expect(detectProvider(hints)).toBe(want);
  });
});

describe('tenantFromUrl: only a GUID or a domain from a Microsoft login host (Entra)', () => {
  const GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  it.each([
    ['https://127.0.0.1:8443/token', undefined],
    ['https://idp.example.com/oauth2/token', undefined],
    [`https://idp.example.com/${GUID}/oauth2/v2.0/token`, undefined],
    ['https://idp.example.com/contoso.onmicrosoft.com/oauth2/v2.0/token', undefined],
    ['https://login.microsoftonline.com/common/oauth2/v2.0/token', undefined],
    ['https://login.microsoftonline.com/organizations/oauth2/v2.0/token', undefined],
    ['https://login.microsoftonline.com/contoso.onmicrosoft.com%2Foauth2/oauth2/v2.0/token', undefined],
    ['https://login.microsoftonline.com/', undefined],
    ['not a url', undefined],
    [undefined, undefined],
    [`https://login.microsoftonline.com/${GUID}/oauth2/v2.0/token`, GUID],
    [`https://login.microsoftonline.us/${GUID}/oauth2/v2.0/token`, GUID],
    ['https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', 'contoso.onmicrosoft.com'],
  ] as const)('%s → %s', (u, want) => {
    expect(tenantFromUrl(u, 'entra')).toBe(want);
  });

  it('Entra error answers from a non-Microsoft token URL name no bogus tenant in the fix', () => {
    const body = JSON.stringify({ error: 'unauthorized_client', error_description: 'AADSTS700016: Application with identifier x was not found' });
    const d = diagnoseHttp({ kind: 'http', stage: 'token', url: 'u', status: 400, headers: {}, body }, ctx({ provider: 'entra', tokenUrl: 'https://127.0.0.1:8443/token' }));
    expect(d.code).toBe('unknown_client');
    expect(text(d)).toContain('an administrator of <your tenant> must consent');
    expect(text(d)).not.toMatch(/\btoken\b must consent|\(token\)/);
  });

  it('every {tenant} sentence of the catalogue reads sensibly when the tenant is unknown', () => {
    for (const code of catalogueCodes() as DiagnosisCode[]) {
      for (const p of ['entra', 'keycloak', 'generic'] as ProviderId[]) {
        const t = text(diagnoseHttpFor(code, p));
        expect(t).not.toMatch(/\{tenant\}|your tenant(?!>)|tenant <your tenant>|\/<your tenant>\//);
      }
    }
  });
});

const diagnoseHttpFor = (code: DiagnosisCode, p: ProviderId) => buildDiagnosis(code, p);

describe('the recorded IdP server replays each fixture byte for byte', () => {
  it('serves POST /<name>/token and a discovery document', async () => {
    const idp = await startRecordedIdp();
    try {
      for (const f of idpErrorFixtures.slice(0, 5).concat(idpErrorFixtures.filter((x) => x.body === '' || x.name.includes('hostile')))) {
        const r = await fetch(idp.url(f.name), { method: 'POST', body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(r.status).toBe(f.status);
        expect(await r.text()).toBe(f.body);
        for (const [k, v] of Object.entries(f.headers)) expect(r.headers.get(k)).toBe(v);
        expect(idp.hits(f.name)).toBe(1);
      }
      const d = await (await fetch(`${idp.issuer('okta-invalid-secret')}/.well-known/openid-configuration`)).json();
      expect(d.token_endpoint).toBe(idp.url('okta-invalid-secret'));
      expect((await fetch(idp.url('nope'), { method: 'POST' })).status).toBe(404);
      expect((await fetch(idp.url('okta-invalid-secret'))).status).toBe(405);
    } finally {
      await idp.close();
    }
  });
});

describe('issue 10 §7: codes nobody standardised, and the provider\'s own words on the diagnosis', () => {
  const post = (status: number, body: string, over: Partial<DiagnosisContext> = {}) =>
    diagnoseHttp({ kind: 'http', stage: 'token', url: 'https://idp.example.com/token', status, headers: {}, body }, ctx(over));

  it.each([
    ['scope_invalid', undefined, 'invalid_scope', 'scope'],
    ['authorization_type_invalid', undefined, 'grant_not_allowed', 'authorization type'],
    ['unauthorized', 'Bad credentials', 'client_authentication_failed', 'unauthorized'],
    ['audience_unknown', undefined, 'unknown_resource', 'audience'],
    ['client_inactive', undefined, 'client_disabled', 'inactive'],
    ['tenant_missing', undefined, 'tenant_not_found', 'tenant'],
    ['consent_required', undefined, 'permission_not_granted', 'consent'],
    ['secret_expired', undefined, 'client_secret_expired', 'secret expired'],
    ['E1234', 'The resource you asked for is unknown', 'unknown_resource', 'resource'],
  ] as const)('error "%s" (%s) → %s, by the word "%s", and the detail says so', (error, description, code, word) => {
    const d = post(400, JSON.stringify(description ? { error, error_description: description } : { error }));
    expect(d.code).toBe(code);
    expect(d.detail).toContain(`does not know the code "${error}"`);
    expect(d.detail).toContain(`("${word}")`);
    expect(d.providerError).toBe(error);
  });

  it('a known RFC code is never classified by wording', () => {
    const d = post(400, JSON.stringify({ error: 'invalid_scope', error_description: 'the client secret is wrong' }));
    expect(d.code).toBe('invalid_scope');
    expect(d.detail).not.toContain('does not know the code');
  });

  it('an answer no rule recognises carries error, error_description and a short sanitised excerpt', () => {
    const body = JSON.stringify({ error: 'quota_exhausted_7', error_description: 'Try \u001b[31mlater\u001b[0m', client_secret: 'S3cr3t-canary-value', padding: 'x'.repeat(500) });
    const d = post(400, body);
    expect(d.code).toBe('unknown_error');
    expect(d.providerError).toBe('quota_exhausted_7');
    expect(d.providerErrorDescription).toBe('Try later');
    expect(d.providerExcerpt).toBeDefined();
    expect(d.providerExcerpt!.length).toBeLessThanOrEqual(200);
    expect(d.providerExcerpt).toContain('quota_exhausted_7');
    expect(d.providerExcerpt).not.toContain('S3cr3t-canary-value');
    expect(JSON.stringify(d)).not.toMatch(/\u001b/);
  });

  it('a recognised answer carries error and error_description but no excerpt', () => {
    const d = post(400, JSON.stringify({ error: 'invalid_scope', error_description: 'Invalid scopes: all' }), { provider: 'keycloak' });
    expect(d).toMatchObject({ code: 'invalid_scope', providerError: 'invalid_scope', providerErrorDescription: 'Invalid scopes: all' });
    expect(d.providerExcerpt).toBeUndefined();
  });

  it('Keycloak invalid_scope points at the guide step that creates and assigns the client scope', () => {
    const d = post(400, JSON.stringify({ error: 'invalid_scope', error_description: 'Invalid scopes: all' }), { provider: 'keycloak', tokenUrl: 'https://sso.example.com/realms/flyte/protocol/openid-connect/token' });
    expect(d.title).toMatch(/Keycloak refused the scope/);
    expect(d.detail).toMatch(/older releases dropped unknown scopes/);
    expect(d.detail).toMatch(/The scope the control plane requests exists and is assigned to the client/);
    expect(d.fix.join(' ')).toMatch(/Client scopes → Create client scope, Name all/);
  });

  it('the new providers are recognised from their URLs and bodies', () => {
    expect(detectProvider({ tokenUrl: 'https://acme.auth.us-east-1.amazoncognito.com/oauth2/token' })).toBe('cognito');
    expect(detectProvider({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC' })).toBe('cognito');
    expect(detectProvider({ tokenUrl: 'https://sts.corp.example/adfs/oauth2/token' })).toBe('adfs');
    expect(detectProvider({ body: '{"error":"invalid_client","error_description":"MSIS9622: Client authentication failed."}' })).toBe('adfs');
    expect(detectProvider({ tokenUrl: 'https://auth.pingone.com/env/as/token' })).toBe('ping');
    expect(detectProvider({ tokenUrl: 'https://pf.corp.example:9031/as/token.oauth2' })).toBe('ping');
  });
});
