/**
 * One rule for every printed fingerprint: none below 12 characters (32 bits of SHA-256 of a short secret can be
 * brute-forced back to it). key decode, rotate (text and --json old/new) and setup (summary and --json) all go
 * through apikey.ts fingerprintIfSafe.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintIfSafe, MIN_FINGERPRINT_SECRET_LENGTH, secretFingerprint } from '../../src/core/apikey.js';
import { Secret } from '../../src/core/secret.js';
import { createStyle } from '../../src/core/style.js';
import { describeSecret, summarizeSecret } from '../../src/flow/rotate.js';
import { memoryIO } from '../../src/services/io.js';
import { runCli } from '../helpers/cli.js';

const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);
const SHORT_OLD = 'Old9short'; // 9 characters
const SHORT_NEW = 'New7shrt1x'; // 10 characters
const HOST = 'union.acme.com';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('fingerprintIfSafe', () => {
  it('undefined below 12 characters, the SHA-256 prefix from 12 on', () => {
    expect(MIN_FINGERPRINT_SECRET_LENGTH).toBe(12);
    expect(fingerprintIfSafe(new Secret('a'.repeat(11)))).toBeUndefined();
    expect(fingerprintIfSafe(new Secret(''))).toBeUndefined();
    expect(fingerprintIfSafe(new Secret('a'.repeat(12)))).toBe(sha8('a'.repeat(12)));
    expect(fingerprintIfSafe(new Secret('a'.repeat(12)))).toBe(secretFingerprint(new Secret('a'.repeat(12))));
  });

  it('rotate summaries: a short secret gets null and no hash in its description', () => {
    const s = summarizeSecret(new Secret(SHORT_NEW), { fingerprint: fingerprintIfSafe });
    expect(s).toEqual({ length: SHORT_NEW.length, fingerprint: null });
    expect(describeSecret(s)).not.toContain(sha8(SHORT_NEW));
    expect(describeSecret(s)).toMatch(/10 characters \(no fingerprint/);
  });
});

describe('rotate command (real fingerprint wiring): short secrets get no fingerprint', () => {
  it('--json old/new carry fingerprint null and the text never shows the hash', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const pushed: string[] = [];
    for (const json of [true, false]) {
      const m = memoryIO({ stdin: SHORT_NEW });
      const ctx = { io: m.io, env: { FLYTE_API_KEY: b64(`${HOST}:ci-client:${SHORT_OLD}:acme`) }, canPrompt: false, color: false, debug: false, json, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
      const ok = { ok: true, diagnosis: { code: 'ok', severity: 'ok', title: 'ok', detail: '', fix: [] }, warnings: [], token: null, http: { status: 200 }, target: { tokenUrl: 'https://idp/token', via: 'control-plane' }, provider: 'okta', steps: [], claimRows: [], exchange: [] };
      const code = await runRotate({ values: { 'client-secret-stdin': true, push: 'github', repo: 'acme/app', 'dry-run': true }, positionals: [] }, ctx, {
        services: {
          // everything that would touch the network or CI is faked; fingerprint is the command's real one
          check: async () => ok as never,
          push: async (key) => (pushed.push(key.reveal()), { ok: true, stored: false, summary: 'dry run' }),
          secretAge: async () => ({ state: 'not_set' }),
          detectTarget: async () => ({ kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }),
          findDeployWorkflow: async () => null,
        },
      });
      const out = m.stdout() + m.stderr();
      expect(code).toBe(0);
      expect(out).not.toContain(sha8(SHORT_OLD));
      expect(out).not.toContain(sha8(SHORT_NEW));
      if (json) {
        const j = JSON.parse(m.stdout());
        expect(j.old).toEqual({ length: SHORT_OLD.length, fingerprint: null });
        expect(j.new).toEqual({ length: SHORT_NEW.length, fingerprint: null });
      }
    }
  });
});

describe('key decode: same rule through the same helper', () => {
  it('11 characters: no fingerprint; 12: fingerprint', async () => {
    const short = await runCli(['key', 'decode'], { input: b64(`${HOST}:ci:${'s'.repeat(11)}:acme`) });
    expect(short.stdout).toMatch(/client secret +11 characters\n/);
    expect(short.stdout).not.toContain(sha8('s'.repeat(11)));
    const long = await runCli(['key', 'decode'], { input: b64(`${HOST}:ci:${'s'.repeat(12)}:acme`) });
    expect(long.stdout).toContain(`(fingerprint ${sha8('s'.repeat(12))})`);
  });
});
