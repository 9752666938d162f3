/**
 * The step runner for the wizard and the rotation. A flow is one ordered list of steps over an explicit state;
 * each step says whether it is skipped and what it does. The runner, not the steps, knows which steps asked a
 * question (it watches the prompter), so Esc (BackSignal) always goes back to the last step that asked something;
 * that step re-runs with the state as it is, so it asks again with the earlier answers as initial values.
 * Esc on the first step that asks cancels.
 */
import { CancelledError } from '../core/errors.js';
import { BackSignal, type Prompter } from '../core/prompter.js';

/** A step may jump: to another step by id (a retry loop), or to the end of the flow. */
export type StepJump = { goto: string } | { end: true };

export interface FlowStep<S, X> {
  id: string;
  /**
   * Once this step has run, Esc never goes back before it (e.g. after the push of a rotation: asking earlier
   * questions again would push twice). Esc on a later question with nothing to go back to asks it again.
   */
  barrier?: boolean;
  /** true: the step does not run this time (and is no target for Esc). */
  skip?(state: S, ctx: X): boolean;
  run(state: S, ctx: X): Promise<StepJump | void>;
}

/** Watches a prompter: `asked` turns true when a question is asked (select, text, secret, confirm, checklist, pause). */
export interface AskTracker {
  prompter: Prompter;
  asked: boolean;
}

export function trackAsks(p: Prompter): AskTracker {
  const tracker: AskTracker = { prompter: p, asked: false };
  const mark =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      tracker.asked = true;
      return fn(...args);
    };
  tracker.prompter = {
    select: mark(p.select.bind(p)) as Prompter['select'],
    text: mark(p.text.bind(p)),
    secret: mark(p.secret.bind(p)),
    confirm: mark(p.confirm.bind(p)),
    checklist: mark(p.checklist.bind(p)),
    pause: mark(p.pause.bind(p)),
    task: p.task.bind(p) as Prompter['task'],
    show: p.show.bind(p),
    close: p.close.bind(p),
    // Lending the terminal to a child (a CLI login) is no question; it is passed through as is.
    ...(p.suspend ? { suspend: p.suspend.bind(p) } : {}),
  };
  return tracker;
}

export interface FlowOptions {
  /** The tracker whose prompter the steps use (absent: nothing is asked, Esc cannot happen). */
  tracker?: AskTracker;
  /** Called before each step that runs. */
  beforeStep?(id: string): void;
  /** The error for Esc on the first step that asked (default: CancelledError). */
  cancelled?(): Error;
}

export async function runFlow<S, X>(steps: ReadonlyArray<FlowStep<S, X>>, state: S, ctx: X, opts: FlowOptions = {}): Promise<void> {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  let asked: number[] = [];
  let pastBarrier = false;
  let i = 0;
  while (i < steps.length) {
    const step = steps[i]!;
    if (step.skip?.(state, ctx)) {
      i += 1;
      continue;
    }
    opts.beforeStep?.(step.id);
    if (opts.tracker) opts.tracker.asked = false;
    let jump: StepJump | void;
    try {
      jump = await step.run(state, ctx);
    } catch (err) {
      if (!(err instanceof BackSignal)) throw err;
      const previous = asked.pop();
      if (previous !== undefined) i = previous;
      else if (!pastBarrier) throw opts.cancelled?.() ?? new CancelledError();
      continue;
    }
    if (step.barrier) {
      asked = [];
      pastBarrier = true;
    } else if (opts.tracker?.asked && asked.at(-1) !== i) asked.push(i);
    if (!jump) i += 1;
    else if ('end' in jump) return;
    else {
      const to = index.get(jump.goto);
      if (to === undefined) throw new Error(`no step "${jump.goto}"`);
      // Going back drops the steps after the target from Esc's memory.
      while (asked.length > 0 && asked.at(-1)! >= to) asked.pop();
      i = to;
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
