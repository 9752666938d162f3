/**
 * Key rotation: an ordered list of step modules (src/flow/rotate/steps/) over an explicit state, over injected
 * services and an optional Prompter (the wizard's screens). Without a Prompter every answer must already be in
 * `RotateInput` and the flow never waits for a person.
 *
 * The order is the point: current key → who/age → provider steps (keep the old secret) → new secret → check
 * (nothing moves on until it passes) → build from the OLD key's host/client id/org → push → verify with the key as
 * stored → only then the old-secret deletion steps and the next rotation date. Anything that fails or is cancelled
 * before `push` leaves the CI secret untouched, because `push` is the only call that reaches the CI store.
 */
import { CancelledError, MissingAnswerError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { isoDate, ROTATION_DAYS } from './common.js';
import { initialRotateState, type RotateContext } from './rotate/state.js';
import { ROTATE_STEPS } from './rotate/steps/index.js';
import type { PushDestination, RotateHooks, RotateInput, RotateOutput, RotateResult, RotateServices } from './rotate/types.js';
import { runFlow, trackAsks } from './steps.js';

export * from './rotate/types.js';
export { describeSecret, summarizeSecret, targetLabel } from './rotate/state.js';
export { ROTATION_DAYS, isoDate };

/** What a non-interactive run has been given (presence only: no values). */
export interface RotateAnswers {
  currentKey: boolean;
  newSecret: boolean;
  target?: PushDestination;
  /** --yes given. undefined: the caller decides about confirmation itself (not checked here). */
  yes?: boolean;
  /** JENKINS_API_TOKEN is set. undefined: not checked. */
  jenkinsToken?: boolean;
}

/**
 * Every answer a run without a person is missing, as the flags that supply it — all at once, so one error names
 * them all. Empty when nothing is missing. Called before any network call or push.
 */
export function missingRotateAnswers(a: RotateAnswers): string[] {
  const missing: string[] = [];
  if (!a.currentKey) missing.push('the current key in FLYTE_API_KEY or on stdin with --api-key-stdin');
  if (!a.newSecret) missing.push('--client-secret-stdin or --client-secret-env NAME');
  const t = a.target;
  if (!t) missing.push('--push github|gitlab|jenkins|none');
  if (t?.kind === 'jenkins') {
    if (!t.url) missing.push('--url URL');
    if (!t.user) missing.push('--user USER');
    if (a.jenkinsToken === false) missing.push('JENKINS_API_TOKEN in the environment');
  }
  // Replacing the CI secret is irreversible: a real push needs --yes. Without --push it is not known yet
  // whether the push will be real, so name it too (it is not needed for --push none or --dry-run).
  if (a.yes === false && !t?.dryRun) {
    if (!t) missing.push('--yes (for a real push; not needed with --push none or --dry-run)');
    else if (t.kind !== 'none') missing.push('--yes');
  }
  return missing;
}

/**
 * Run the rotation. Returns the result (ok=false when a step failed; the steps say which and why). Throws
 * CancelledError on Ctrl-C / a declined confirmation, UsageError / MissingAnswerError for bad or missing input.
 */
export async function rotate(
  input: RotateInput,
  services: RotateServices,
  opts: {
    prompter?: Prompter;
    output?: RotateOutput;
    hooks?: RotateHooks;
    /** A question was asked before the rotation (setup's "what do you want to do"): Esc on the rotation's first
     * question throws BackSignal so the caller asks it again, instead of cancelling. */
    escBack?: boolean;
  } = {},
): Promise<RotateResult> {
  const tracker = opts.prompter ? trackAsks(opts.prompter) : undefined;
  const p = tracker?.prompter;
  // Without a person, every missing answer is named at once, before anything reaches the network.
  if (!p) {
    const missing = missingRotateAnswers({
      currentKey: input.currentKey !== undefined && !input.currentKey.isEmpty,
      // --create-secret az / --registration-file: the rotation makes the new secret itself (steps/az-create.ts, registration-create.ts).
      newSecret: input.create !== undefined || (input.newSecret !== undefined && !input.newSecret.isEmpty),
      target: input.target,
    });
    if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
  }
  const ctx: RotateContext = {
    p,
    input,
    services,
    show: (...blocks: Block[]) => (p ? p.show(...blocks) : opts.output?.show(...blocks)),
    task: <T>(label: string, run: (update: (line: string) => void) => Promise<T>): Promise<T> =>
      p ? p.task(label, (update) => run(update)) : run((line) => opts.output?.show({ kind: 'text', tone: 'dim', text: line })),
    hooks: opts.hooks,
  };
  const state = initialRotateState(input);
  await runFlow(ROTATE_STEPS, state, ctx, {
    tracker,
    cancelled: () => (opts.escBack ? new BackSignal() : new CancelledError('Rotation stopped (Esc). Nothing after the last completed step ran.')),
  });
  const result = state.result;
  if (result.steps.some((st) => st.status === 'failed')) result.ok = false;
  return result;
}



/** The JSON report: steps, fingerprints, never a secret. */
export function rotateJson(r: RotateResult): Record<string, unknown> {
  return {
    ok: r.ok,
    steps: r.steps,
    endpoint: r.endpoint ?? null,
    clientId: r.clientId ?? null,
    org: r.org ?? null,
    provider: r.provider ?? null,
    old: r.old ?? null,
    new: r.new ?? null,
    target: r.target
      ? { kind: r.target.kind, repo: r.target.repo ?? null, env: r.target.env ?? null, name: r.target.name, dryRun: Boolean(r.target.dryRun) }
      : null,
    lastUpdated: r.lastUpdated ?? null,
    ageDays: r.ageDays ?? null,
    rotationDue: r.rotationDue ?? null,
    check: r.checkCode ?? null,
    verify: r.verifyCode ?? null,
    deleteSteps: r.deleteSteps ?? null,
    nextRotation: r.nextRotation ?? null,
  };
}

