/** Step 8: only now, the steps to delete the old secret, and the next rotation date. */
import { addDays, isoDate, ROTATION_DAYS } from '../../common.js';
import { describeSecret, record, type RotateFlowStep } from '../state.js';

export const deleteOldStep: RotateFlowStep = {
  id: 'delete-old',
  // A secret made through az: steps/az-delete-old.ts deletes the old one by keyId.
  skip: (s) => s.made !== undefined,
  async run(s, x) {
    const r = s.result;
    const guide = s.guide!;
    const place = guide.place ?? guide.name;
    r.nextRotation = isoDate(addDays(x.services.now(), ROTATION_DAYS));
    r.deleteSteps = [
      ...(s.pushed?.stored ? [] : [`First store the new key as ${s.target!.name} in CI and let one deploy run with it.`]),
      ...guide.deleteSteps,
      r.old
        ? `The one to delete is the OLD secret: ${describeSecret(r.old)}. The new one (keep it) is ${describeSecret(r.new!)}. Compare with: printf %s "$SECRET" | sha256sum | cut -c1-8`
        : 'Delete the secret that was in use before today; keep the one created today.',
    ];
    record(s, x, 'delete-old', 'ok', `Now delete the old secret in ${place}. Next rotation: ${r.nextRotation}.`);
    x.show(
      { kind: 'heading', text: `Now delete the old secret in ${place}` },
      { kind: 'list', ordered: true, items: r.deleteSteps },
      { kind: 'text', tone: 'success', text: `Next rotation due: ${r.nextRotation} (${ROTATION_DAYS} days).` },
    );
    r.ok = true;
  },
};
