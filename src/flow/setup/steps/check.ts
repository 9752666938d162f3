/**
 * Step: the live check, the way flyte authenticates. A failure opens the menu (retry, edit an answer, switch a
 * check option, show the exchange, save a report, continue anyway, quit); admin consent gets its own pause first.
 * Without a person a failure stops the flow: nothing is written.
 */
import { CancelledError } from '../../../core/errors.js';
import { checkFailedQuestion } from '../../questions.js';
import { exchangeBlock } from '../../check-view.js';
import { orBack } from '../../steps.js';
import { consentPause, editAnswer, runCheckOnce, saveReport, switchOption } from '../check-actions.js';
import { secretsOf, type SetupContext, type SetupState, type SetupStep } from '../state.js';
import type { CheckReport } from '../../../core/check-types.js';

const MENU = checkFailedQuestion(['retry', 'edit', 'options', 'exchange', 'report', 'continue', 'quit']);

/** The failure menu until an action re-runs the check ('rerun') or the person goes on ('continue'). */
async function failureMenu(s: SetupState, x: SetupContext, r: CheckReport): Promise<'rerun' | 'continue'> {
  for (;;) {
    const action = await x.p!.select(MENU);
    switch (action) {
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
        throw new CancelledError('Cancelled: nothing was written.');
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
      if (r.diagnosis.code === 'admin_consent_missing' && (await consentPause(x, r))) {
        await x.services.afterConsentFix?.();
        continue;
      }
      if ((await failureMenu(s, x, r)) === 'continue') return;
    }
  },
};
