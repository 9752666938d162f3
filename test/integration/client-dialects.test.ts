/**
 * The registration dialects over real HTTP on 127.0.0.1: a small server answering as Keycloak's
 * `clients-registrations/default` and Okta's `/oauth2/v1/clients` document they do (Keycloak cannot be installed
 * here, Okta is a service). It records what arrives, so the tests assert the wire format: Keycloak's client
 * representation with a service account and an audience mapper under `Bearer`, Okta's service app under `SSWS`,
 * deletion for both, and the error texts with the credential redacted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { dialectFor, discoverIssuer, keycloakDefaultEndpoint } from '../../src/services/registration/dcr.js';
import { createByRegistration, deleteRegistered, planRegistration, type Targets } from '../../src/services/registration/engine.js';

const KC_TOKEN = 'KC-ADMIN-CANARY-eyJhbGciOi';
const OKTA_TOKEN = 'OKTA-CANARY-00abcDEF';
const KC_SECRET = 'kc-secret-CANARY-123';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}
const seen: Seen[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const json = (status: number, o: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      if (req.url === '/realms/ci/.well-known/openid-configuration') {
        return json(200, { issuer: `${base}/realms/ci`, token_endpoint: `${base}/realms/ci/protocol/openid-connect/token`, registration_endpoint: `${base}/realms/ci/clients-registrations/openid-connect` });
      }
      if (req.url === '/realms/ci/clients-registrations/default' && req.method === 'POST') {
        if (req.headers.authorization === 'Bearer iat-with-policy') {
          return json(403, { error: 'insufficient_scope', error_description: "Policy 'Allowed Protocol Mapper Types' rejected request to client-registration service. Details: ProtocolMapper type not allowed" });
        }
        if (req.headers.authorization !== `Bearer ${KC_TOKEN}`) return json(401, { error: 'invalid_token', error_description: 'Failed decode token' });
        const rep = JSON.parse(body);
        return json(201, { ...rep, id: '0b3c6f1e-uuid', secret: KC_SECRET, registrationAccessToken: 'kc-rat' });
      }
      if (req.url === '/realms/ci/clients-registrations/default/flyte-ci' && req.method === 'DELETE') {
        return req.headers.authorization === `Bearer ${KC_TOKEN}` ? res.writeHead(204).end() : json(401, { error: 'invalid_token' });
      }
      if (req.url === '/oauth2/v1/clients' && req.method === 'POST') {
        if (req.headers.authorization !== `SSWS ${OKTA_TOKEN}`) {
          return json(401, { errorCode: 'E0000011', errorSummary: `Invalid token provided: ${req.headers.authorization}`, errorLink: 'E0000011', errorId: 'oae1', errorCauses: [] });
        }
        const m = JSON.parse(body);
        return json(201, { ...m, client_id: '0oa1okta', client_secret: 'okta-secret', client_id_issued_at: 1, client_secret_expires_at: 0 });
      }
      if (req.url === '/oauth2/v1/clients/0oa1okta' && req.method === 'DELETE') return res.writeHead(204).end();
      json(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const targets = (over: Partial<Targets>): Targets => ({
  endpoint: 'union.acme.example',
  issuer: `${base}/realms/ci`,
  scopes: ['all'],
  audience: 'https://union.acme.example',
  provider: 'generic',
  ...over,
});

describe('Keycloak: its own client representation', () => {
  it('discovery advertises openid-connect; the registration goes to …/default with a service account and an audience mapper', async () => {
    const meta = await discoverIssuer(globalThis.fetch, `${base}/realms/ci`);
    expect(meta.registrationEndpoint).toBe(`${base}/realms/ci/clients-registrations/openid-connect`);
    expect(dialectFor(meta.registrationEndpoint!)).toBe('keycloak');
    expect(keycloakDefaultEndpoint(meta.registrationEndpoint!)).toBe(`${base}/realms/ci/clients-registrations/default`);

    seen.length = 0;
    const t = targets({ provider: 'keycloak', registrationEndpoint: meta.registrationEndpoint });
    const out = await createByRegistration({ targets: t, clientName: 'flyte-ci', credential: new Secret(KC_TOKEN) }, { fetch: globalThis.fetch });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/realms/ci/clients-registrations/default');
    expect(seen[0]!.authorization).toBe(`Bearer ${KC_TOKEN}`);
    const rep = JSON.parse(seen[0]!.body);
    expect(rep).toMatchObject({
      clientId: 'flyte-ci',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(rep.protocolMappers).toEqual([
      expect.objectContaining({ protocolMapper: 'oidc-audience-mapper', config: expect.objectContaining({ 'included.custom.audience': 'https://union.acme.example', 'access.token.claim': 'true' }) }),
    ]);
    expect(out.clientId).toBe('flyte-ci');
    expect(out.clientSecret.reveal()).toBe(KC_SECRET);
    expect(out.created[0]!.remove).toContain('client delete');
  });

  it('the plan says what Keycloak gets, and delete uses the same endpoint with the admin token', async () => {
    const t = targets({ provider: 'keycloak', registrationEndpoint: `${base}/realms/ci/clients-registrations/openid-connect` });
    expect(planRegistration({ targets: t, clientName: 'flyte-ci' }).willCreate[0]).toMatch(/with a service account and an audience mapper \(https:\/\/union\.acme\.example\) in Keycloak/);
    seen.length = 0;
    await deleteRegistered(globalThis.fetch, { dialect: 'keycloak', clientId: 'flyte-ci', registrationEndpoint: t.registrationEndpoint }, new Secret(KC_TOKEN));
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /realms/ci/clients-registrations/default/flyte-ci']);
  });

  it('a refused token: HTTP 401 in words, the hint names the Keycloak roles', async () => {
    const t = targets({ provider: 'keycloak', registrationEndpoint: `${base}/realms/ci/clients-registrations/openid-connect` });
    const err = (await createByRegistration({ targets: t, clientName: 'flyte-ci', credential: new Secret('wrong-token') }, { fetch: globalThis.fetch }).catch((e) => e)) as Error & { hint?: string };
    expect(err.message).toBe('registration failed: HTTP 401 (invalid_token: Failed decode token)');
    expect(err.hint).toMatch(/create-client or manage-clients/);
  });
});

describe('Keycloak: a registration policy refuses the audience mapper', () => {
  it('names the policy and where to change it', async () => {
    const t = targets({ provider: 'keycloak', registrationEndpoint: `${base}/realms/ci/clients-registrations/openid-connect` });
    const err = (await createByRegistration({ targets: t, clientName: 'flyte-ci', credential: new Secret('iat-with-policy') }, { fetch: globalThis.fetch }).catch((e) => e)) as Error & { hint?: string };
    expect(err.message).toMatch(/HTTP 403 \(insufficient_scope: Policy 'Allowed Protocol Mapper Types' rejected request/);
    expect(err.hint).toMatch(/Client policies \(authenticated access\) → "Allowed Protocol Mapper Types"; for "Allowed Protocol Mapper Types" add oidc-audience-mapper/);
  });
});

describe('Okta: /oauth2/v1/clients with an API token', () => {
  it('sends a service app under SSWS and reads the RFC 7591 answer; the follow-up names the access policy', async () => {
    seen.length = 0;
    const t = targets({ issuer: `${base}/oauth2/default`, provider: 'okta', registrationEndpoint: `${base}/oauth2/v1/clients` });
    const out = await createByRegistration({ targets: t, clientName: 'flyte-ci', credential: new Secret(OKTA_TOKEN) }, { fetch: globalThis.fetch });
    expect(seen[0]!.authorization).toBe(`SSWS ${OKTA_TOKEN}`);
    expect(JSON.parse(seen[0]!.body)).toEqual({
      client_name: 'flyte-ci',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'service',
    });
    expect(out.clientId).toBe('0oa1okta');
    expect(out.followUps.join(' ')).toMatch(/access-policy rule that allows Client Credentials/);
    seen.length = 0;
    await deleteRegistered(globalThis.fetch, { dialect: 'okta', clientId: '0oa1okta', registrationEndpoint: t.registrationEndpoint }, new Secret(OKTA_TOKEN));
    expect(seen.map((s) => `${s.method} ${s.url} ${s.authorization}`)).toEqual([`DELETE /oauth2/v1/clients/0oa1okta SSWS ${OKTA_TOKEN}`]);
  });

  it("Okta's error shape (errorSummary) is read, and the token it echoed is redacted", async () => {
    const t = targets({ issuer: `${base}/oauth2/default`, provider: 'okta', registrationEndpoint: `${base}/oauth2/v1/clients` });
    const err = (await createByRegistration({ targets: t, clientName: 'flyte-ci', credential: new Secret(`${OKTA_TOKEN}x`) }, { fetch: globalThis.fetch }).catch((e) => e)) as Error;
    expect(err.message).toMatch(/^registration failed: HTTP 401 \(Invalid token provided: (SSWS )?<redacted>\)$/);
    expect(err.message).not.toContain(OKTA_TOKEN);
  });
});

describe('Auth0', () => {
  it('open registration plus the client-grant follow-up registration cannot do', () => {
    const plan = planRegistration({ targets: targets({ issuer: 'https://acme.eu.auth0.com/', provider: 'auth0', registrationEndpoint: 'https://acme.eu.auth0.com/oidc/register' }), clientName: 'flyte-ci' });
    expect(plan.requests.join('\n')).not.toMatch(/authorization:/);
    expect(plan.followUps[0]).toMatch(/client-grants/);
  });
  it('delete without a registration file is refused with the console as the way', async () => {
    await expect(deleteRegistered(globalThis.fetch, { dialect: 'auth0', clientId: 'x' }, new Secret('t'))).rejects.toThrow(/Auth0 offers no way to delete/);
  });
});
