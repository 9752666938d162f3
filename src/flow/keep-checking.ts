/**
 * "Keep checking": after a failure a person fixes in a console (admin consent granted, a grant enabled, a scope
 * added, a secret regenerated), re-run the check every 10 s with a visible countdown and attempt count, until it
 * passes or the person presses Esc. The clock is injected, so tests do not wait. What changed in the token
 * (e.g. the `roles` claim appearing) is reported.
 */
import type { CheckReport, DiagnosisCode } from '../core/check-types.js';
import type { Block, Prompter } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';

export const KEEP_CHECKING_INTERVAL_MS = 10_000;

/** Failures a person fixes in the provider's console, without changing an answer here. */
const CONSOLE_FIXABLE: ReadonlySet<DiagnosisCode> = new Set<DiagnosisCode>([
  'admin_consent_missing',
  'permission_not_granted',
  'grant_not_allowed',
  'invalid_scope',
  'unknown_resource',
  'token_missing_scope',
  'audience_mismatch',
  'client_disabled',
  'client_secret_expired',
  'invalid_client_secret',
  'unknown_client',
  'policy_denied',
  'control_plane_rejected_token',
]);

export function consoleFixable(r: CheckReport): boolean {
  return !r.ok && CONSOLE_FIXABLE.has(r.diagnosis.code);
}

/** Wait `ms`, or less when the signal aborts. */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

export const realWait: Wait = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

export interface KeepCheckingResult {
  /** The last report (the passing one, or the last failure before Esc). */
  report: CheckReport;
  attempts: number;
  passed: boolean;
  /** Esc stopped the loop. */
  stopped: boolean;
}

/**
 * Re-run `check` every `intervalMs` until it passes or Esc. The line shows the attempt count and a countdown in
 * whole seconds; `onAttempt` runs after each failed attempt (the demo grants consent there).
 */
export async function keepChecking(opts: {
  task: Prompter['task'];
  check: () => Promise<CheckReport>;
  last: CheckReport;
  wait: Wait;
  intervalMs?: number;
  onAttempt?: (attempt: number, r: CheckReport) => Promise<void> | void;
}): Promise<KeepCheckingResult> {
  const interval = opts.intervalMs ?? KEEP_CHECKING_INTERVAL_MS;
  return opts.task(
    'Keep checking',
    async (update, signal) => {
      let last = opts.last;
      let attempts = 0;
      for (;;) {
        for (let left = Math.ceil(interval / 1000); left > 0; left--) {
          if (signal.aborted) return { report: last, attempts, passed: false, stopped: true };
          update(`Attempt ${attempts + 1} in ${left} s — Esc stops (last: ${stripControl(last.diagnosis.title, { singleLine: true, maxLength: 60 })})`);
          await opts.wait(Math.min(1000, interval), signal);
        }
        if (signal.aborted) return { report: last, attempts, passed: false, stopped: true };
        attempts += 1;
        update(`Attempt ${attempts}: checking…`);
        last = await opts.check();
        if (last.ok) return { report: last, attempts, passed: true, stopped: false };
        await opts.onAttempt?.(attempts, last);
      }
    },
    { escStops: true },
  );
}

function show(v: unknown): string {
  return stripControl(typeof v === 'string' ? v : JSON.stringify(v), { singleLine: true, maxLength: 120 });
}

/** What changed in the token's claims between two checks (timestamps and ids left out). */
export function claimChanges(before: CheckReport, after: CheckReport): string[] {
  const skip = new Set(['iat', 'nbf', 'exp', 'jti', 'uti', 'rh', 'aio', 'xms_tcdt']);
  const a = before.token?.claims ?? {};
  const b = after.token?.claims ?? {};
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (skip.has(k)) continue;
    const was = a[k];
    const now = b[k];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    if (was === undefined) out.push(`${k}: appeared: ${show(now)}`);
    else if (now === undefined) out.push(`${k}: gone (was ${show(was)})`);
    else out.push(`${k}: ${show(was)} → ${show(now)}`);
  }
  return out;
}

/** The outcome of "keep checking" as blocks. */
export function keepCheckingBlocks(first: CheckReport, r: KeepCheckingResult): Block[] {
  if (!r.passed) {
    return [{ kind: 'text', tone: 'dim', text: `Stopped checking after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}.` }];
  }
  const changes = claimChanges(first, r.report);
  return [
    { kind: 'text', tone: 'success', text: `The check passed on attempt ${r.attempts}.` },
    ...(changes.length > 0 ? [{ kind: 'list' as const, items: changes.map((c) => `Token ${c}`) }] : []),
  ];
}
