/**
 * Retry an attempt until it succeeds or a time window closes, over an injected clock (so tests never wait).
 * Pure control flow: the clock is the only way time enters.
 */
export interface RetryClock {
  /** Milliseconds, monotonic enough for measuring a window. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RetryOptions<T> {
  /** Keep retrying while `retryIf(result)` holds and this many ms have not passed since the first attempt began. */
  windowMs: number;
  /** Pause between attempts (shortened so the last attempt still starts inside the window). */
  intervalMs: number;
  clock: RetryClock;
  retryIf(result: T): boolean;
  /** Called before each pause: which attempt just failed and how much of the window is left. */
  onRetry?(info: { attempt: number; result: T; remainingMs: number }): void;
}

export interface RetryOutcome<T> {
  result: T;
  attempts: number;
  /** Time from the first attempt's start to the last attempt's end, by the clock. */
  elapsedMs: number;
}

export async function retryUntil<T>(attempt: () => Promise<T>, opts: RetryOptions<T>): Promise<RetryOutcome<T>> {
  const start = opts.clock.now();
  let attempts = 1;
  let result = await attempt();
  for (;;) {
    if (!opts.retryIf(result)) break;
    const remainingMs = opts.windowMs - (opts.clock.now() - start);
    if (remainingMs <= 0) break;
    opts.onRetry?.({ attempt: attempts, result, remainingMs });
    await opts.clock.sleep(Math.max(0, Math.min(opts.intervalMs, remainingMs)));
    attempts += 1;
    result = await attempt();
  }
  return { result, attempts, elapsedMs: opts.clock.now() - start };
}
