/** Step 7: verify with the key exactly as stored (decoded again, so what CI holds is what is checked). */
import { checkWith, clean, record, secretsOf, type RotateFlowStep } from '../state.js';
import { checkBlocks } from '../view.js';

export const verifyStep: RotateFlowStep = {
  id: 'verify',
  async run(s, x) {
    const stored = x.services.decodeKey(s.newKey!.reveal());
    const opts = {
      ...checkWith(s, x, stored.clientSecret),
      clientId: stored.clientId,
      org: stored.org === 'None' ? undefined : stored.org || undefined,
      endpoint: x.input.shape.endpoint ?? stored.endpoint,
    };
    const report = await x.task('Verifying: checking again with the key as stored…', () => x.services.check(opts));
    s.result.verifyCode = report.diagnosis.code;
    x.show(...checkBlocks(report, 'Verification with the stored key', secretsOf(s)));
    if (!report.ok) {
      record(s, x, 'verify', 'failed', `Verification failed: ${clean(report.diagnosis.title)}. Do not delete the old secret.`);
      return { end: true };
    }
    record(
      s,
      x,
      'verify',
      'ok',
      s.pushed?.stored ? 'The key as stored authenticates the way flyte will.' : 'The new key authenticates the way flyte will (it is not in CI until you store it).',
    );
  },
};
