/**
 * The provider guides (assets/providers/*.json) against the vendors' current documentation (issue 16): every step
 * names its source, and the points found wrong or missing are in the data.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/core/check-types.js';
import { allSteps, PROVIDER_ORDER, providerFromUrls, providerGuide, secretPropagationMs } from '../../src/core/providers-data.js';
import { providerQuestion } from '../../src/flow/provider-question.js';

const text = (id: Parameters<typeof providerGuide>[0]) => JSON.stringify(providerGuide(id));
const step = (id: Parameters<typeof providerGuide>[0], stepId: string) => allSteps(providerGuide(id)).find((s) => s.id === stepId);

describe('every guide step cites its source', () => {
  it.each(PROVIDER_ORDER.map((id) => [id] as const))('%s: every step has a source (a URL or a citation)', (id) => {
    const steps = allSteps(providerGuide(id));
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const s of steps) {
      expect(typeof s.source, `${id}/${s.id} has no source`).toBe('string');
      expect(s.source, `${id}/${s.id}`).toMatch(/https:\/\/\S+|[\w.-]+\/[\w.-]+#\d+/);
    }
  });

  it('every provider id the tool accepts has a guide, and the wizard offers them all', () => {
    expect([...PROVIDER_ORDER].sort()).toEqual([...PROVIDERS].sort());
    const offered = providerQuestion().choices.map((c) => c.value);
    for (const id of ['cognito', 'adfs', 'ping'] as const) expect(offered).toContain(id);
  });
});

describe('issue 16: the guides match the consoles and make the first token work', () => {
  it('Keycloak: unknown scopes are refused with invalid_scope (not silently dropped), and the change is dated', () => {
    const s = step('keycloak', 'keycloak-scope')!;
    expect(s.detail).toMatch(/HTTP 400 invalid_scope "Invalid scopes: …"/);
    expect(text('keycloak')).not.toMatch(/silently drops/);
    expect(s.detail).toMatch(/KEYCLOAK-5901/);
    expect(s.source).toMatch(/keycloak\/keycloak#33185/);
  });

  it('Keycloak: secret rotation through a client policy is flagged experimental', () => {
    expect(providerGuide('keycloak').rotation.note).toMatch(/experimental \(in development\)/);
  });

  it('Entra: token-version and Application ID URI steps, new console paths, the Graph-format manifest property', () => {
    const version = step('entra', 'entra-token-version')!;
    expect(version.where).toMatch(/Manifest → api\.requestedAccessTokenVersion/);
    expect(version.detail).toMatch(/https:\/\/sts\.windows\.net\/<tenant-id>\//);
    expect(version.source).toMatch(/access-tokens/);
    const uri = step('entra', 'entra-app-id-uri')!;
    expect(uri.where).toMatch(/Expose an API → Application ID URI → Add/);
    expect(uri.detail).toMatch(/api:\/\/<Application \(client\) ID of the API app>/);
    expect(uri.detail).toMatch(/AADSTS500011/);
    expect(text('entra')).not.toMatch(/Identity → Applications/);
    expect(step('entra', 'entra-register')!.where).toMatch(/Entra ID → App registrations/);
  });

  it('Okta: Applications and Resources menu, Classic experience, Audience step, API Access Management, admin URL rule', () => {
    expect(step('okta', 'okta-app')!.where).toMatch(/Applications and Resources → Applications → Create App Integration → \(outside the Integrator Free Plan: Classic experience →\) API Services/);
    expect(step('okta', 'okta-audience')!.detail).toMatch(/audience the control plane advertises and accepts/);
    expect(step('okta', 'okta-auth-server')!.detail).toMatch(/API Access Management/);
    expect(providerGuide('okta').console.hint).toMatch(/acme\.okta\.com → acme-admin\.okta\.com/);
  });

  it('Auth0: rotation path, 30 s propagation in data, when the tenant Default Audience applies, the issuer rule', () => {
    const r = providerGuide('auth0').rotation;
    expect(r.steps[0]!.where).toMatch(/Settings → Danger Zone → Rotate; then copy the new secret from the Credentials tab/);
    expect(r.secretPropagationSeconds).toBe(30);
    expect(secretPropagationMs('auth0')).toBe(30_000);
    expect(secretPropagationMs('okta')).toBe(0);
    expect(step('auth0', 'auth0-api')!.detail).toMatch(/allow_api1_non_global_clients is false/);
    expect(step('auth0', 'auth0-issuer')!.detail).toMatch(/domain the token was requested from/);
  });

  it('generic: the token issuer must be the one the control plane trusts', () => {
    expect(step('generic', 'generic-issuer')!.detail).toMatch(/iss must equal the issuer the control plane is configured with/);
  });
});

describe('issue 10 §7: guides for Amazon Cognito, AD FS and PingOne/PingFederate', () => {
  it.each([['cognito'], ['adfs'], ['ping']] as const)('%s: checklist, console, claim rules', (id) => {
    const g = providerGuide(id);
    expect(g.setup.length).toBeGreaterThanOrEqual(5);
    expect(g.claimRules?.length).toBeGreaterThanOrEqual(2);
    expect(g.console.url ?? g.console.hint).toBeTruthy();
  });

  it('recognises their URLs', () => {
    expect(providerFromUrls(['https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token'])).toBe('cognito');
    expect(providerFromUrls(['https://adfs.corp.example/adfs/oauth2/token'])).toBe('adfs');
    expect(providerFromUrls(['https://auth.pingone.eu/env/as/token'])).toBe('ping');
    expect(providerFromUrls(['https://am.example.com/am/oauth2/realms/root'])).toBeUndefined();
  });
});
