/**
 * Step: the live check, the way flyte authenticates. A failure opens the menu (retry, edit an answer, switch a
 * check option, show the exchange, save a report, continue anyway, quit); admin consent gets its own pause first.
 * Without a person a failure stops the flow: nothing is written.
 */
import { CancelledError } from '../../../core/errors.js';
import { checkFailedQuestion } from '../../questions.js';
import { exchangeBlock } from '../../check-view.js';
import { orBack } from '../../steps.js';
import { checkOptions, consentPause, editAnswer, runCheckOnce, saveReport, switchOption } from '../check-actions.js';
import { consoleFixable, keepChecking, keepCheckingBlocks, realWait } from '../../keep-checking.js';
import { reportBlocks } from '../../check-view.js';
import { secretsOf, type SetupContext, type SetupState, type SetupStep } from '../state.js';
import type { CheckReport } from '../../../core/check-types.js';

const ACTIONS = ['retry', 'edit', 'options', 'exchange', 'report', 'continue', 'quit'] as const;

function menu(r: CheckReport) {
  return checkFailedQuestion(consoleFixable(r) ? ['watch', ...ACTIONS] : ACTIONS);
}

/** "Keep checking": true when the check passed meanwhile (its report is the state's report). */
async function watch(s: SetupState, x: SetupContext, r: CheckReport): Promise<boolean> {
  const result = await keepChecking({
    task: x.ui.task.bind(x.ui),
    check: () => x.services.check(checkOptions(s), () => {}),
    last: r,
    wait: x.services.clock.wait ?? realWait,
    onAttempt: (n) => x.services.duringKeepChecking?.(n),
  });
  x.ui.show(...keepCheckingBlocks(r, result));
  if (!result.passed) return false;
  s.report = result.report;
  x.ui.show({ kind: 'heading', text: 'Check passed' }, ...reportBlocks(result.report, secretsOf(s)));
  return true;
}

/** The failure menu until an action re-runs the check ('rerun') or the person goes on ('continue'). */
async function failureMenu(s: SetupState, x: SetupContext, r: CheckReport): Promise<'rerun' | 'continue' | 'passed'> {
  for (;;) {
    const action = await x.p!.select(menu(r));
    switch (action) {
      case 'watch':
        if (await watch(s, x, r)) return 'passed';
        break;
      case 'retry':
        return 'rerun';
      case 'edit':
        if (await editAnswer(s, x)) return 'rerun';
        break;
      case 'options':
        if (await orBack(() => switchOption(s, x, r))) return 'rerun';
        break;
      case 'exchange':
        x.ui.show(exchangeBlock(r, secretsOf(s)));
        break;
      case 'report':
        await orBack(() => saveReport(s, x, r));
        break;
      case 'continue':
        x.ui.show({
          kind: 'text',
          tone: 'warning',
          text: 'Continuing with credentials that failed the check: CI will fail until the problem above is fixed.',
        });
        return 'continue';
      case 'quit':
        // True to what happened: a report the person chose to save is the one thing written.
        throw new CancelledError(
          s.reportPath ? `Cancelled: nothing was written except the redacted report you saved (${s.reportPath}).` : 'Cancelled: nothing was written.',
        );
      default:
        break;
    }
  }
}

export const checkStep: SetupStep = {
  id: 'check',
  async run(s, x) {
    s.probe = undefined;
    for (;;) {
      const r = await runCheckOnce(s, x);
      if (r.ok) return;
      if (!x.p) {
        s.stopped = true;
        return;
      }
      if (r.diagnosis.code === 'admin_consent_missing' && (await consentPause(s, x, r))) {
        await x.services.afterConsentFix?.();
        continue;
      }
      const next = await failureMenu(s, x, r);
      if (next === 'continue' || next === 'passed') return;
    }
  },
};
