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
import { oneLine } from '../../common.js';
import { pemProblem } from './tls.js';
import { secretsOf, type SetupContext, type SetupState, type SetupStep } from '../state.js';
import type { CheckReport } from '../../../core/check-types.js';

const ACTIONS = ['retry', 'edit', 'options', 'exchange', 'report', 'continue', 'quit'] as const;

/** The token endpoint's (or the issuer's) certificate is from a CA nobody trusts yet: its CA file can fix it. */
export function idpTlsFailure(r: CheckReport): boolean {
  return r.diagnosis.code === 'tls_untrusted_certificate' && r.steps.some((st) => (st.id === 'token' || st.id === 'discovery') && st.status === 'failed');
}

function menu(r: CheckReport) {
  return checkFailedQuestion([...(idpTlsFailure(r) ? (['idp-ca'] as const) : []), ...(consoleFixable(r) ? (['watch'] as const) : []), ...ACTIONS]);
}

/** "Give the identity provider's CA file": checked where typed (exists, PEM); the check re-runs with it. */
async function askIdpCa(s: SetupState, x: SetupContext): Promise<void> {
  let initialPath = s.a.idpCaFile;
  for (;;) {
    const file = await x.p!.text({
      id: 'idp-ca-file',
      message: "PEM file with the identity provider's CA certificate(s), as CI will see it",
      initial: initialPath,
      help: 'Commit the PEM (it is not secret) and give its path relative to the repository: the pipeline builds an SSL_CERT_FILE bundle (public roots + this CA) for the token request.',
      normalize: oneLine,
      validate: (v) => (v === '' ? 'Enter the path of the PEM file.' : undefined),
    });
    const problem = await pemProblem(x, file);
    if (!problem) {
      s.a.idpCaFile = file;
      return;
    }
    x.ui.show({ kind: 'text', tone: 'error', text: problem });
    initialPath = file;
  }
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
      case 'idp-ca':
        if (await orBack(async () => (await askIdpCa(s, x), true))) return 'rerun';
        break;
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
