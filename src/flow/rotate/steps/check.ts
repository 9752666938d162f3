/**
 * Step 4b: check the new secret the way flyte will; nothing moves on until it passes. A failure without a person
 * ends the rotation (CI unchanged); with one: check again, paste the secret again, or stop.
 */
import { CancelledError } from '../../../core/errors.js';
import { checkFailedQuestion } from '../../questions.js';
import { checkNewSecret } from '../../secret-propagation.js';
import { ENTRA_NEW_SECRET_WAIT_MS, leftoverBlocks } from '../az-made.js';
import { checkWith, clean, record, secretsOf, type RotateFlowStep } from '../state.js';
import { checkBlocks } from '../view.js';

const MENU = checkFailedQuestion(['retry', 'reenter', 'quit'], {
  message: 'The check failed. Nothing was pushed. What now?',
  labels: { retry: 'Check again (after fixing it in the provider)', quit: 'Stop here (CI is unchanged)' },
});
// A secret made here (az) cannot be pasted again: check again or stop.
const MADE_MENU = checkFailedQuestion(['retry', 'quit'], {
  message: 'The check failed. Nothing was pushed. What now?',
  labels: { retry: 'Check again (after fixing it in the provider)', quit: 'Stop here (CI is unchanged)' },
});

export const checkStep: RotateFlowStep = {
  id: 'check',
  async run(s, x) {
    s.attempts += 1;
    const secret = s.newSecret!;
    const opts = checkWith(s, x, secret);
    // A provider that accepts a new secret only after a while (Auth0: up to 30 s, from its guide) is checked
    // again until that window has passed before the secret is called wrong; other providers answer at once.
    const { report, attempts, elapsedMs } = await x.task('Checking the new secret the way flyte will…', (update) =>
      checkNewSecret(x.services.check, opts, {
        clock: x.services.clock,
        // A secret az has just added can be refused for a while (Entra replication): retried, bounded.
        minWindowMs: s.made?.route === 'az' ? ENTRA_NEW_SECRET_WAIT_MS : 0,
        onWait: ({ provider, remainingMs }) =>
          update(`Waiting for ${x.services.providerGuide(provider).name} to accept the new secret (${Math.ceil(remainingMs / 1000)} s)…`),
      }),
    );
    const waited = attempts > 1 ? ` after ${attempts} tries over ${Math.round(elapsedMs / 1000)} s` : '';
    s.checkReport = report;
    s.result.checkCode = report.diagnosis.code;
    x.show(...checkBlocks(report, 'Check with the new secret', secretsOf(s)));
    if (report.ok) {
      const status = report.diagnosis.severity === 'warning' ? 'warning' : 'ok';
      record(s, x, 'check', status, `Check with the new secret passed${s.attempts > 1 ? ` (attempt ${s.attempts})` : ''}${waited}: ${clean(report.diagnosis.title)}`);
      return;
    }
    record(s, x, 'check', 'failed', `Check with the new secret failed${waited}: ${clean(report.diagnosis.title)}. Nothing was pushed; CI still holds the old key.`);
    if (s.made) x.show(...leftoverBlocks(s.made, x));
    if (!x.p) return { end: true };
    const next = await x.p.select(s.made ? MADE_MENU : MENU);
    if (next === 'quit') throw new CancelledError('Rotation stopped before the push: the CI secret is unchanged.');
    if (next === 'reenter') {
      s.newSecret = undefined;
      return { goto: 'new-secret' };
    }
    return { goto: 'check' };
  },
};
