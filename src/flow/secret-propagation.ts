/**
 * Checking a secret that was just created. Some providers accept a new secret only after a delay (Auth0: "can take
 * up to 30 seconds", assets/providers/auth0.json rotation.secretPropagationSeconds). For those, a check that says
 * the secret is wrong is repeated until the window has passed, and only then believed. Other results (and other
 * providers) are returned at once.
 */
import type { CheckOptions, CheckReport, DiagnosisCode, ProviderId } from '../core/check-types.js';
import { secretPropagationMs } from '../core/providers-data.js';
import { retryUntil, type RetryClock } from '../core/retry-until.js';

/** The diagnoses a not-yet-propagated secret produces: the provider does not (yet) accept it. */
export const SECRET_REJECTED: ReadonlySet<DiagnosisCode> = new Set<DiagnosisCode>([
  'invalid_client_secret',
  'client_authentication_failed',
]);

/** Pause between attempts while waiting for a new secret. */
export const PROPAGATION_RETRY_MS = 5_000;

export interface PropagationDeps {
  clock: RetryClock;
  /** Told before each wait, e.g. to show "Auth0 can take up to 30 s to accept a new secret; retrying…". */
  onWait?(info: { provider: ProviderId; attempt: number; remainingMs: number; windowMs: number }): void;
  intervalMs?: number;
  /** Wait at least this long whatever the provider's guide says (a secret this run just made: Entra via az). */
  minWindowMs?: number;
}

export interface PropagatedCheck {
  report: CheckReport;
  attempts: number;
  elapsedMs: number;
}

/**
 * Run `check(opts)` for a NEW secret. The provider is the one the options name, else the one the first report
 * detected; when its guide has a propagation window and the report says the secret was rejected, retry until the
 * window closes.
 */
export async function checkNewSecret(
  check: (opts: CheckOptions) => Promise<CheckReport>,
  opts: CheckOptions,
  deps: PropagationDeps,
): Promise<PropagatedCheck> {
  const start = deps.clock.now();
  const first = await check(opts);
  const provider: ProviderId = opts.provider ?? first.provider;
  const windowMs = Math.max(secretPropagationMs(provider), deps.minWindowMs ?? 0);
  const rejected = (r: CheckReport) => !r.ok && SECRET_REJECTED.has(r.diagnosis.code);
  if (windowMs === 0 || !rejected(first)) return { report: first, attempts: 1, elapsedMs: deps.clock.now() - start };

  let pending: CheckReport | null = first;
  const outcome = await retryUntil(
    async () => {
      // The first attempt already ran: hand its report to the loop once, then really check again.
      if (pending) {
        const r = pending;
        pending = null;
        return r;
      }
      return check(opts);
    },
    {
      windowMs: windowMs - (deps.clock.now() - start),
      intervalMs: deps.intervalMs ?? PROPAGATION_RETRY_MS,
      clock: deps.clock,
      retryIf: rejected,
      onRetry: ({ attempt, remainingMs }) => deps.onWait?.({ provider, attempt, remainingMs, windowMs }),
    },
  );
  return { report: outcome.result, attempts: outcome.attempts, elapsedMs: deps.clock.now() - start };
}
