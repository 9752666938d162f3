/**
 * Step 8 (RFC 7592): nothing to delete, the update replaced the old secret. The next rotation is due in 90 days,
 * or earlier when the server set an expiry on the new secret.
 */
import { addDays, isoDate, ROTATION_DAYS } from '../../common.js';
import { record, type RotateFlowStep } from '../state.js';

export const registrationDoneStep: RotateFlowStep = {
  id: 'registration-done',
  skip: (s) => s.made?.route !== 'registration',
  async run(s, x) {
    const r = s.result;
    const due = isoDate(addDays(x.services.now(), ROTATION_DAYS));
    const ends = s.made?.route === 'registration' ? s.made.expiresAt?.slice(0, 10) : undefined;
    r.nextRotation = ends && ends < due ? ends : due;
    r.deleteSteps = [];
    record(s, x, 'delete-old', 'ok', `Nothing to delete: the update replaced the old secret. Next rotation: ${r.nextRotation}.`);
    x.show({ kind: 'text', tone: 'success', text: `Next rotation due: ${r.nextRotation}.` });
    r.ok = true;
  },
};
