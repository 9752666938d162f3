/** The real clock behind RetryClock (src/core/retry-until.ts): wall time and a timer-based sleep. */
import type { RetryClock } from '../core/retry-until.js';

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
