/** Pure rules behind issue 15's network findings: loopback, credential URLs, claims limits, algorithms, redaction, JSON text. */
import { describe, expect, it } from 'vitest';
import { credentialUrlProblem, isLoopbackAddress, isLoopbackHost, sameOrigin } from '../../src/core/net-rules.js';
import { algorithmProblem, inspectToken, timeClaimProblem } from '../../src/core/diagnose-claims.js';
import { Secret, redactDeep } from '../../src/core/secret.js';
import { toJsonText } from '../../src/core/sanitize.js';
import { readCapped } from '../../src/services/http.js';
import { errorJson } from '../../src/cli.js';
import { UsageError } from '../../src/core/errors.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('loopback, decided by the address', () => {
  it.each([
    ['127.0.0.1', true], ['127.8.9.10', true], ['::1', true], ['[::1]', true], ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true], ['[::ffff:7f00:1]', true], ['::ffff:10.0.0.1', false], ['[::ffff:a00:1]', false],
    ['10.0.0.1', false], ['128.0.0.1', false], ['::2', false], ['example.com', false],
  ])('%s → %s', (a, want) => expect(isLoopbackAddress(a)).toBe(want));

  it('localhost counts by name; other names do not', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('api.localhost')).toBe(true);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('a credential URL: https always, http only to loopback, and only if every resolved address is loopback', () => {
    expect(credentialUrlProblem('https://idp.example.com/token')).toBeUndefined();
    expect(credentialUrlProblem('http://[::ffff:127.0.0.1]:8080/token')).toBeUndefined();
    expect(credentialUrlProblem('http://idp.example.com/token')?.kind).toBe('plain-http');
    expect(credentialUrlProblem('ftp://idp.example.com/token')?.kind).toBe('scheme');
    expect(credentialUrlProblem('http://localhost/token', ['127.0.0.1', '::1'])).toBeUndefined();
    expect(credentialUrlProblem('http://localhost/token', ['127.0.0.1', '192.168.1.5'])?.kind).toBe('resolves-elsewhere');
  });

  it('same origin means scheme, host and port', () => {
    expect(sameOrigin('https://a.example/x', 'https://a.example/y')).toBe(true);
    expect(sameOrigin('https://a.example/x', 'http://a.example/x')).toBe(false);
    expect(sameOrigin('https://a.example/x', 'https://a.example:8443/x')).toBe(false);
  });
});

describe('claims decoded within limits', () => {
  it('refuses claims nested deeper than the limit without parsing them', () => {
    const deep = `${b64({ alg: 'RS256' })}.${Buffer.from(`{"a":${'['.repeat(20000)}${']'.repeat(20000)}}`).toString('base64url')}.sig`;
    const r = inspectToken(deep);
    expect(r.kind).toBe('invalid');
  });

  it('brackets inside strings do not count', () => {
    const t = `${b64({ alg: 'RS256' })}.${b64({ sub: '['.repeat(100) })}.sig`;
    expect(inspectToken(t).kind).toBe('jwt');
  });

  it('an opaque token stays opaque', () => expect(inspectToken('abc.def').kind).toBe('opaque'));

  it.each([[1e308], [9e15], ['soon'], [-9e15]])('exp %s is not a reachable date', (exp) => {
    expect(timeClaimProblem({ exp })).toBeDefined();
  });
  it('a normal exp is fine', () => expect(timeClaimProblem({ exp: 1_900_000_000, iat: 1_800_000_000 })).toBeUndefined());
});

describe('algorithms for an issuer with public keys', () => {
  const rsa = [{ kty: 'RSA' }];
  it.each([['none'], [''], [undefined], ['HS256'], ['hs512']])('%s is refused', (alg) => expect(algorithmProblem(alg, rsa)).toBeDefined());
  it('RS256 and ES256 are fine', () => {
    expect(algorithmProblem('RS256', rsa)).toBeUndefined();
    expect(algorithmProblem('ES256', [{ kty: 'EC' }])).toBeUndefined();
  });
});

describe('redaction of what the server sends back', () => {
  it('every string, keys included, nested', () => {
    const s = new Secret('s3cr3t+/%~');
    const out = redactDeep({ sub: 's3cr3t+/%~', list: ['x s3cr3t+/%~ y'], 's3cr3t+/%~': { n: 1 } }, [s]);
    expect(JSON.stringify(out)).not.toContain('s3cr3t');
    expect(out.sub).toBe('<redacted>');
  });
});

describe('--json text', () => {
  it('escapes DEL, C1 and the line separators', () => {
    const t = toJsonText({ a: 'x\u007f\u0085\u009b31m\u2028' });
    expect(t).not.toMatch(/[\u007f-\u009f\u2028]/);
    expect(JSON.parse(t).a).toBe('x\u007f\u0085\u009b31m\u2028');
  });
  it('an unexpected error becomes one document with its kind', () => {
    expect(errorJson(new Error('boom\u001b[31m'), 1)).toEqual({ ok: false, error: { kind: 'unexpected', message: 'boom', exitCode: 1 } });
    expect(errorJson(new UsageError('bad', 'hint'), 2).error.kind).toBe('usage');
  });
});

describe('readCapped', () => {
  const stream = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < chunks; i++) c.enqueue(new Uint8Array(size));
        c.close();
      },
    });
  it('returns the body under the cap', async () => expect((await readCapped(stream(3, 10), 100)).length).toBe(30));
  it('throws RESPONSE_TOO_LARGE over the cap', async () => {
    await expect(readCapped(stream(20, 10), 100)).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
  it('stops at the deadline on a stream that never ends', async () => {
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    await expect(readCapped(endless, 100, AbortSignal.timeout(50))).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
