/** Setup → rotation hand-over: flyte's root --endpoint beats the key's host; the CA from --ca-file or config.yaml. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapeFromSetup, takeEndpointOverride } from '../../src/flow/rotate/handover.js';

const KEY = { FLYTE_API_KEY: 'dW5pb24uYWNtZS5jb206Y2k6czpvcmc=' };

describe('takeEndpointOverride', () => {
  it('with FLYTE_API_KEY at a terminal, --endpoint HOST:PORT is taken out of setup\'s answers and kept for the rotation', () => {
    for (const [given, kept] of [
      ['127.0.0.1:8443', '127.0.0.1:8443'],
      ['dns:///union.acme.com:30080', 'union.acme.com:30080'],
      ['https://union.acme.com:8443/', 'union.acme.com:8443'],
    ] as const) {
      const values: Record<string, unknown> = { endpoint: given, provider: 'okta' };
      expect(takeEndpointOverride(values, KEY, true)).toBe(kept);
      expect(values).toEqual({ provider: 'okta' });
    }
  });

  it('nothing is taken without a port, without FLYTE_API_KEY, without a terminal, or for a bad host', () => {
    const cases: Array<[Record<string, unknown>, Record<string, string>, boolean]> = [
      [{ endpoint: 'union.acme.com' }, KEY, true],
      [{ endpoint: '127.0.0.1:8443' }, {}, true],
      [{ endpoint: '127.0.0.1:8443' }, { FLYTE_API_KEY: '  ' }, true],
      [{ endpoint: '127.0.0.1:8443' }, KEY, false],
      [{ endpoint: 'bad host:99999' }, KEY, true],
      [{}, KEY, true],
    ];
    for (const [values, env, tty] of cases) {
      const before = { ...values };
      expect(takeEndpointOverride(values, env, tty)).toBeUndefined();
      expect(values).toEqual(before);
    }
  });
});

describe('shapeFromSetup', () => {
  it('--endpoint aims the checks; --ca-file beats config.yaml\'s caCertFilePath, which is resolved against the folder', () => {
    expect(shapeFromSetup({ endpoint: '127.0.0.1:8443', configCaFile: 'certs/ca.pem' }, '/work/app')).toEqual({
      endpoint: '127.0.0.1:8443',
      caFile: path.resolve('/work/app', 'certs/ca.pem'),
      authMethod: 'basic',
      timeoutMs: 15_000,
    });
    expect(shapeFromSetup({ caFile: '/etc/ca.pem', configCaFile: 'certs/ca.pem', authMethod: 'post', timeoutMs: 5000, provider: 'auth0' }, '/w')).toEqual({
      caFile: '/etc/ca.pem',
      authMethod: 'post',
      timeoutMs: 5000,
      provider: 'auth0',
    });
    expect(shapeFromSetup({}, '/w')).toEqual({ authMethod: 'basic', timeoutMs: 15_000 });
  });
});
