/**
 * The setup wizard: an ordered list of step modules (src/flow/setup/steps/) over an explicit state, run by
 * src/flow/steps.ts, over a Prompter (questions) and injected WizardServices (check, config, CI, clock, files). It
 * runs the same under Ink, in tests with a scripted prompter and fake services, and non-interactively (no
 * prompter: every answer from flags, missing ones listed at once).
 *
 * Steps: provider → (shared cluster?) → checklist → endpoint, client id, secret, org, project, domain →
 * live check (with the failure menu) → config.yaml path, TLS, preview + write → CI target, repository,
 * push or instructions → pipeline file → summary. Esc goes back one asked step, keeping answers.
 * Nothing is written before its confirmation (or --yes); the secret never reaches a Block.
 */
import { MissingAnswerError } from '../core/errors.js';
import type { Display } from './plain-display.js';
import { flushProbe } from './setup/probe.js';
import { initialState, type SetupContext } from './setup/state.js';
import { SETUP_STEPS } from './setup/steps/index.js';
import { configShown, setupResult, summaryBlocks } from './setup/summary.js';
import type { AnswerKey, SetupAnswers, SetupResult, SetupRun } from './setup/types.js';
import { missingFlags, validateGiven } from './setup/validate.js';
import { runFlow, trackAsks } from './steps.js';

export * from './setup/types.js';
export { equivalentCommand } from './setup/summary.js';
export { missingFlags } from './setup/validate.js';
export { probeNote } from './setup/probe.js';
export { PLACEHOLDER_DEPLOY_PATH } from './setup/ci-blocks.js';
export { RotateInstead } from './setup/steps/intent.js';

const silent: Display = { show() {}, task: (_label, fn) => fn(() => {}, new AbortController().signal) };

/** Without a person: defaults and the git remote are the answers; then everything missing, at once. */
function fillNonInteractive(a: SetupAnswers, defaults: SetupAnswers, detection: SetupContext['detection']): void {
  for (const [k, v] of Object.entries(defaults) as Array<[AnswerKey, never]>) if (a[k] === undefined && v !== undefined) a[k] = v;
  a.ci ??= detection.target;
  if (a.ci === detection.target) a.repo ??= detection.repo;
  const missing = missingFlags(a);
  if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
}

export async function runSetup(run: SetupRun): Promise<SetupResult> {
  const state = initialState(run.answers);
  const defaults = { ...run.remembered?.answers, ...run.defaults };
  validateGiven(state.a, Boolean(run.demo));
  const detection = await run.services.detectCi();
  if (!run.prompter) fillNonInteractive(state.a, defaults, detection);
  const tracker = run.prompter ? trackAsks(run.prompter) : undefined;
  const ctx: SetupContext = {
    p: tracker?.prompter,
    ui: run.prompter ?? run.display ?? silent,
    services: run.services,
    cwd: run.cwd,
    demo: Boolean(run.demo),
    flags: run.answers,
    defaults,
    detection,
    from: run.remembered?.from ?? {},
    yes: Boolean(state.a.yes),
  };
  await runFlow(SETUP_STEPS, state, ctx, { tracker, beforeStep: () => flushProbe(state, ctx) });
  const input = { cwd: run.cwd, demo: ctx.demo, defaults, flags: run.answers, now: run.services.clock.now() };
  const result = setupResult(state, input);
  ctx.ui.show(...summaryBlocks(result, configShown(state, input)));
  return result;
}
