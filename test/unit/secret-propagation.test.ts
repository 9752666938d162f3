/**
 * A new Auth0 secret can take up to 30 s to work: `rotate`'s check of the new secret retries for that long before
 * calling it wrong (assets/providers/auth0.json rotation.secretPropagationSeconds). A fake clock: no real waiting.
 */
import { describe, expect, it } from 'vitest';
import type { CheckOptions, CheckReport, DiagnosisCode, ProviderId } from '../../src/core/check-types.js';
import { retryUntil, type RetryClock } from '../../src/core/retry-until.js';
import { Secret } from '../../src/core/secret.js';
import { checkNewSecret } from '../../src/flow/secret-propagation.js';

function fakeClock(): RetryClock & { slept: number[]; t: number } {
  const c = {
    t: 1_000,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

function report(code: DiagnosisCode, provider: ProviderId): CheckReport {
  return {
    ok: code === 'ok',
    diagnosis: { code, severity: code === 'ok' ? 'ok' : 'error', title: code, detail: '', fix: [] },
    warnings: [],
    token: null,
    http: null,
    target: { tokenUrl: null, via: 'control-plane' },
    provider,
    steps: [],
    claimRows: [],
    exchange: [],
  };
}

const OPTS: CheckOptions = { clientId: 'ci', clientSecret: new Secret('s'), authMethod: 'basic', timeoutMs: 1000 };

/** A check that answers from a script, each call also taking `costMs` of clock time. */
function scripted(clock: ReturnType<typeof fakeClock>, codes: DiagnosisCode[], provider: ProviderId, costMs = 200) {
  let calls = 0;
  const check = async () => {
    clock.t += costMs;
    const code = codes[Math.min(calls, codes.length - 1)]!;
    calls += 1;
    return report(code, provider);
  };
  return { check, calls: () => calls };
}

describe('retryUntil (injectable clock)', () => {
  it('stops at the first success', async () => {
    const clock = fakeClock();
    let n = 0;
    const r = await retryUntil(async () => ++n, { windowMs: 30_000, intervalMs: 5_000, clock, retryIf: (x) => x < 3 });
    expect(r).toMatchObject({ result: 3, attempts: 3 });
    expect(clock.slept).toEqual([5_000, 5_000]);
  });

  it('never sleeps past the window, and the last attempt starts inside it', async () => {
    const clock = fakeClock();
    const r = await retryUntil(async () => false, { windowMs: 12_000, intervalMs: 5_000, clock, retryIf: (x) => !x });
    expect(clock.slept).toEqual([5_000, 5_000, 2_000]);
    expect(r.attempts).toBe(4);
    expect(r.elapsedMs).toBe(12_000);
  });
});

describe('checkNewSecret: the Auth0 propagation window', () => {
  it('Auth0: a secret rejected at first and accepted 12 s later passes', async () => {
    const clock = fakeClock();
    const s = scripted(clock, ['client_authentication_failed', 'client_authentication_failed', 'client_authentication_failed', 'ok'], 'auth0');
    const waits: number[] = [];
    const r = await checkNewSecret(s.check, { ...OPTS, provider: 'auth0' }, { clock, onWait: (i) => waits.push(i.remainingMs) });
    expect(r.report.ok).toBe(true);
    expect(r.attempts).toBe(4);
    expect(waits.length).toBe(3);
    expect(waits.every((ms) => ms > 0 && ms <= 30_000)).toBe(true);
  });

  it('Auth0: a secret still rejected after 30 s is called wrong, having waited the window and no longer', async () => {
    const clock = fakeClock();
    const s = scripted(clock, ['invalid_client_secret'], 'auth0');
    const r = await checkNewSecret(s.check, { ...OPTS, provider: 'auth0' }, { clock });
    expect(r.report.diagnosis.code).toBe('invalid_client_secret');
    expect(r.attempts).toBeGreaterThan(1);
    const waited = clock.slept.reduce((a, b) => a + b, 0);
    expect(waited + 200 * (r.attempts - 1)).toBeLessThanOrEqual(30_000);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(30_000);
  });

  it('the provider detected by the first check decides when the options do not name one', async () => {
    const clock = fakeClock();
    const s = scripted(clock, ['client_authentication_failed', 'ok'], 'auth0');
    const r = await checkNewSecret(s.check, OPTS, { clock });
    expect(r.report.ok).toBe(true);
    expect(s.calls()).toBe(2);
  });

  it('other providers (no window) and other failures are returned at once', async () => {
    for (const [codes, provider] of [
      [['invalid_client_secret'], 'okta'],
      [['invalid_scope'], 'auth0'],
      [['ok'], 'auth0'],
    ] as const) {
      const clock = fakeClock();
      const s = scripted(clock, [...codes], provider);
      const r = await checkNewSecret(s.check, { ...OPTS, provider }, { clock });
      expect(r.attempts, `${provider} ${codes[0]}`).toBe(1);
      expect(clock.slept).toEqual([]);
    }
  });
});
