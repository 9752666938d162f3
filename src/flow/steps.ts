/**
 * A tiny step runner for wizard flows: steps run in order; a step returns whether it asked the user anything.
 * Esc (BackSignal) goes back to the last step that asked something, whose answers are still in the flow's
 * state (so it re-asks with them as initial values). Esc on the first asked step cancels.
 */
import { CancelledError } from '../core/errors.js';
import { BackSignal } from '../core/prompter.js';

export interface Step {
  id: string;
  /** Returns true when it prompted (so Esc from a later step can come back here). */
  run(): Promise<boolean>;
}

export async function runSteps(steps: readonly Step[], onStep?: (id: string) => void): Promise<void> {
  const asked: number[] = [];
  let i = 0;
  while (i < steps.length) {
    const step = steps[i]!;
    onStep?.(step.id);
    try {
      const prompted = await step.run();
      if (prompted) asked.push(i);
      i += 1;
    } catch (err) {
      if (!(err instanceof BackSignal)) throw err;
      const previous = asked.pop();
      if (previous === undefined) throw new CancelledError();
      i = previous;
    }
  }
}

/** Run a sub-question; Esc inside it returns undefined instead of leaving the step (e.g. a menu's sub-prompt). */
export async function orBack<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof BackSignal) return undefined;
    throw err;
  }
}
