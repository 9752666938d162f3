/** Step 2c: how old the stored key is (the CI secret's last update), against the 90-day mark. */
import { DAY_MS, isoDate, ROTATION_DAYS } from '../../common.js';
import { clean, record, type RotateFlowStep } from '../state.js';

export const ageStep: RotateFlowStep = {
  id: 'age',
  async run(s, x) {
    const target = s.target!;
    const r = s.result;
    let why: string | undefined;
    const updated =
      target.kind === 'none'
        ? null
        : await x.services.lastUpdated(target).catch((err: unknown) => {
            why = clean(err instanceof Error ? err.message : String(err)).replace(/\.$/u, '');
            return null;
          });
    if (updated) {
      const days = Math.floor((x.services.now().getTime() - updated.getTime()) / DAY_MS);
      r.lastUpdated = updated.toISOString();
      r.ageDays = days;
      r.rotationDue = days >= ROTATION_DAYS;
      const mark = days >= ROTATION_DAYS ? 'has passed' : `is ${isoDate(new Date(updated.getTime() + ROTATION_DAYS * DAY_MS))}`;
      record(s, x, 'age', days >= ROTATION_DAYS ? 'warning' : 'ok', `${target.name} was last updated ${isoDate(updated)} (${days} days ago); the ${ROTATION_DAYS}-day mark ${mark}.`);
    } else {
      r.lastUpdated = null;
      r.ageDays = null;
      r.rotationDue = null;
      why ??= target.kind === 'github' ? 'GitHub did not report it' : target.kind === 'none' ? 'no CI system given' : 'this CI system cannot tell';
      record(s, x, 'age', 'skipped', `The age of the stored key is unknown (${why}).`);
    }
    x.show({ kind: 'text', text: r.steps.at(-1)!.summary, tone: r.rotationDue ? 'warning' : 'info' });
  },
};
