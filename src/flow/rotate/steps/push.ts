/** Step 6: push (the only step that touches the CI secret store), after a confirmation unless agreed earlier. */
import { CancelledError } from '../../../core/errors.js';
import { offerCliLogin } from '../../cli-login.js';
import { leftoverBlocks, leftoverSentence } from '../az-made.js';
import { clean, record, targetLabel, type RotateFlowStep } from '../state.js';

export const pushStep: RotateFlowStep = {
  id: 'push',
  // After the push, Esc never goes back to questions before it (that would push again).
  barrier: true,
  async run(s, x) {
    const target = s.target!;
    if (x.p && !s.pushConfirmed && target.kind !== 'none' && !target.dryRun) {
      const go = await x.p.confirm({ id: 'confirm-push', message: `Replace ${target.name} in ${targetLabel(target)} with the new key now?`, initial: true });
      if (!go) throw new CancelledError(`Rotation stopped before the push: the CI secret is unchanged.${s.made ? leftoverSentence(s.made, x) : ''}`);
    }
    const key = s.newKey!;
    const label = target.kind === 'none' ? 'Preparing instructions…' : `Pushing to ${targetLabel(target)}…`;
    let pushed = await x.task(label, () => x.services.push(key, target));
    // gh/glab not logged in: nothing was stored, so after a login on the lent terminal the push is tried once more.
    if (!pushed.ok && pushed.login && x.p && x.services.cliLogin) {
      const need = pushed.login;
      if ((await offerCliLogin(x.p, { ...need, reason: clean(need.reason ?? `${need.tool} is not logged in to ${need.host}`) }, x.services.cliLogin)) === 'logged-in') {
        pushed = await x.task(label, () => x.services.push(key, target));
      }
    }
    s.pushed = pushed;
    if (pushed.details?.length) x.show({ kind: 'code', text: pushed.details.join('\n') });
    if (!pushed.ok) {
      record(s, x, 'push', 'failed', `Push failed: ${clean(pushed.summary)}. CI still holds the old key; do not delete the old secret.`);
      if (pushed.hint) x.show({ kind: 'text', tone: 'error', text: clean(pushed.hint) });
      if (s.made) x.show(...leftoverBlocks(s.made, x));
      return { end: true };
    }
    if (!pushed.stored) {
      record(s, x, 'push', target.dryRun ? 'skipped' : 'warning', clean(pushed.summary));
      if (target.kind === 'none') s.result.unstoredKey = key;
    } else {
      record(s, x, 'push', 'ok', clean(pushed.summary));
    }
    x.show({ kind: 'text', tone: pushed.stored ? 'success' : 'info', text: clean(pushed.summary) });
    if (target.dryRun) {
      record(s, x, 'verify', 'skipped', 'Dry run: nothing was stored, so there is nothing to verify. Keep the old secret.');
      s.result.ok = true;
      return { end: true };
    }
  },
};
