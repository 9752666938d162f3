/**
 * flyte's own rules, as tables (flyte-sdk `_token_client.py`, `_keyring.py`, `_interceptors/auth.py`; connectrpc
 * `_protocol.py` / `_protocol_connect.py`): the scope join, how expires_in is read, and which answers to a
 * token-less call make flyte authenticate.
 */
import { describe, expect, it } from 'vitest';
import { buildTokenRequest, flyteScopeParam, readExpiresIn } from '../../src/services/token.js';
import { firstCallTriggersAuth, pythonConnectError } from '../../src/services/controlplane.js';
import { Secret } from '../../src/core/secret.js';

describe('scope: " ".join(s.strip("\' ") for s in scopes).strip("[]\'")', () => {
  it.each([
    [[' all', "'api:read'"], 'all api:read'],
    [['all'], 'all'],
    [[], ''],
    [["['all']"], 'all'],
    [['[all', 'read]'], 'all read'],
    [["'a b'"], 'a b'],
    [['\tall'], '\tall'], // only spaces and single quotes are stripped around each scope
    [[' "all" '], '"all"'], // double quotes are kept
    [['api://app/.default'], 'api://app/.default'],
    [['x', ''], 'x '], // an empty scope still adds its separator
    [["''", 'all'], ' all'],
  ])('%j → %j', (scopes, expected) => {
    expect(flyteScopeParam(scopes)).toBe(expected);
  });

  it('the form body carries that value, quote_plus-encoded', () => {
    const b = buildTokenRequest({ tokenUrl: 'https://idp/token', clientId: 'ci', clientSecret: new Secret('s'), scopes: [' all', "'api:read'"], method: 'basic' });
    expect(b.body).toBe('grant_type=client_credentials&scope=all+api%3Aread');
  });
});

describe('expires_in as flyte reads it (j["expires_in"] into pydantic int | None)', () => {
  it.each([
    [{ expires_in: 3600 }, 'integer', 3600],
    [{ expires_in: 3600.0 }, 'integer', 3600],
    [{ expires_in: '3600' }, 'integer', 3600],
    [{ expires_in: null }, 'null', null],
    [{}, 'missing', null],
    [{ expires_in: 3599.5 }, 'invalid', null],
    [{ expires_in: 'soon' }, 'invalid', null],
    [{ expires_in: '3599.5' }, 'invalid', null],
    [{ expires_in: { s: 1 } }, 'invalid', null],
  ])('%j → %s', (json, state, value) => {
    expect(readExpiresIn(json as Record<string, unknown>)).toEqual({ state, value });
  });
});

describe("a token-less first call: which answers make flyte's interceptor authenticate", () => {
  const json = { 'content-type': 'application/json' };
  it.each([
    // [status, headers, body, code, triggers]
    [401, json, '{"code":"unauthenticated","message":"missing token"}', 'unauthenticated', true],
    [401, { 'content-type': 'text/plain' }, 'Unauthorized', 'unauthenticated', true],
    [403, { 'content-type': 'text/plain' }, 'Forbidden', 'permission_denied', false],
    [403, json, '{"code":"permission_denied","message":"nope"}', 'permission_denied', false],
    [403, json, '{"code":"permission_denied","message":"Unauthorized: no token"}', 'permission_denied', true],
    [200, { 'content-type': 'text/html' }, '<html>', 'unknown', true],
    [302, { 'content-type': 'text/html', location: '/login' }, '', 'unknown', true],
    [500, { 'content-type': 'text/html' }, '<html>', 'unknown', true],
    [400, { 'content-type': 'text/html' }, 'bad', 'internal', false],
    [404, { 'content-type': 'text/plain' }, 'not found', 'unimplemented', false],
    [502, { 'content-type': 'text/html' }, 'bad gateway', 'unavailable', false],
    [401, json, '{"code":"UNAUTHENTICATED","message":"x"}', 'unavailable', false], // unknown code string → UNAVAILABLE
    [401, json, '{"code":"UNAUTHENTICATED","message":"Unauthenticated"}', 'unavailable', true], // … rescued by the words
  ])('HTTP %i %j %s → %s, authenticates: %s', (status, headers, body, code, triggers) => {
    const e = pythonConnectError(status, headers as Record<string, string>, body);
    expect(e?.code).toBe(code);
    expect(firstCallTriggersAuth(e!)).toBe(triggers);
  });

  it('a 200 Connect answer is not an error: flyte never authenticates', () => {
    expect(pythonConnectError(200, { 'content-type': 'application/proto' }, '')).toBeNull();
  });
});
