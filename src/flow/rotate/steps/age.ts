/**
 * Step 2c: how old the stored key is (the CI secret's last update), against the 90-day mark. When the age cannot
 * be told, the real reason is said ("gh is not logged in to github.com"); when a gh/glab login is the fix and a
 * person is at the terminal, the login is offered (flow/cli-login.ts) and the age is asked for again.
 */
import { DAY_MS, isoDate, ROTATION_DAYS } from '../../common.js';
import { loginCommand, offerCliLogin } from '../../cli-login.js';
import { clean, record, type RotateContext, type RotateFlowStep, type RotateState } from '../state.js';
import type { StoredSecretAge } from '../types.js';

async function ageOf(s: RotateState, x: RotateContext): Promise<StoredSecretAge> {
  const target = s.target!;
  if (target.kind === 'none') return { state: 'unknown', reason: 'no CI system given' };
  return x.services.secretAge(target).catch((err: unknown) => ({
    state: 'unknown' as const,
    reason: clean(err instanceof Error ? err.message : String(err)).replace(/\.+$/u, ''),
  }));
}

export const ageStep: RotateFlowStep = {
  id: 'age',
  async run(s, x) {
    const target = s.target!;
    const r = s.result;
    let age = await ageOf(s, x);
    // One login offer per visit: a second "not logged in" is reported as is (no loop).
    if (age.state === 'unknown' && age.login && x.p && x.services.cliLogin) {
      const outcome = await offerCliLogin(x.p, { ...age.login, reason: clean(age.reason) }, x.services.cliLogin);
      if (outcome === 'logged-in') age = await ageOf(s, x);
    }
    if (age.state === 'set') {
      const updated = age.updatedAt;
      const days = Math.floor((x.services.now().getTime() - updated.getTime()) / DAY_MS);
      r.lastUpdated = updated.toISOString();
      r.ageDays = days;
      r.rotationDue = days >= ROTATION_DAYS;
      const mark = days >= ROTATION_DAYS ? 'has passed' : `is ${isoDate(new Date(updated.getTime() + ROTATION_DAYS * DAY_MS))}`;
      record(s, x, 'age', days >= ROTATION_DAYS ? 'warning' : 'ok', `${target.name} was last updated ${isoDate(updated)} (${days} days ago); the ${ROTATION_DAYS}-day mark ${mark}.`);
      x.show({ kind: 'text', text: r.steps.at(-1)!.summary, tone: r.rotationDue ? 'warning' : 'info' });
      return;
    }
    r.lastUpdated = null;
    r.ageDays = null;
    r.rotationDue = null;
    const why =
      age.state === 'not_set'
        ? `${target.name} is not set in ${target.kind === 'github' ? 'GitHub' : 'CI'} yet`
        : clean(age.reason).replace(/\.+$/u, '');
    // Not logged in and no login happened here: say how to fix it (the push needs the same login).
    const login = age.state === 'unknown' ? age.login : undefined;
    const unknown = `The age of the stored key is unknown (${why}).`;
    record(s, x, 'age', 'skipped', login ? `${unknown} Log in with \`${loginCommand(login)}\`; the push needs it too.` : unknown);
    if (!login) x.show({ kind: 'text', text: unknown, tone: 'info' });
    // The command on its own line, so it is never split and copies whole.
    else x.show({ kind: 'text', text: `${unknown} Log in with this command (the push needs it too):`, tone: 'warning' }, { kind: 'code', text: loginCommand(login) });
  },
};
