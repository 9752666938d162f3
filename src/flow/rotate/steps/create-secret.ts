/**
 * Step 3: the provider's steps to make a NEW secret while keeping the old one. Without overlap (the old secret dies
 * at once) the push is agreed first, so that only the check stands between the new secret and CI.
 */
import { CancelledError } from '../../../core/errors.js';
import { record, targetLabel, type RotateFlowStep } from '../state.js';

export const createSecretStep: RotateFlowStep = {
  id: 'create-secret',
  // A secret made through az (steps/az-create.ts) needs no console steps.
  skip: (s) => s.made !== undefined,
  async run(s, x) {
    const guide = x.services.providerGuide(s.provider);
    s.guide = guide;
    const target = s.target!;
    const place = guide.place ?? guide.name;
    record(
      s,
      x,
      'create-secret',
      guide.overlap ? 'ok' : 'warning',
      guide.provider === 'generic'
        ? 'Keep the old secret in your identity provider until the new key is verified (if it can hold two).'
        : guide.overlap
          ? `${guide.name} keeps the old secret valid while the new one exists.`
          : `${guide.name} replaces the secret at once: deploys fail from then until the new key is pushed.`,
    );
    if (!x.p) return;
    if (!guide.overlap && target.kind !== 'none' && !target.dryRun) {
      const ok = await x.p.confirm({
        id: 'confirm-push',
        message: `${guide.name} invalidates the old secret at once. Push the new key to ${targetLabel(target)} as soon as its check passes?`,
        initial: true,
      });
      if (!ok) throw new CancelledError('Rotation stopped before the push: the CI secret is unchanged.');
      s.pushConfirmed = true;
    }
    const noOverlap =
      guide.overlapNote ??
      `${guide.name} has no overlap: the old secret stops working as soon as the new one is made. Have everything ready; the key is pushed right after the check passes.`;
    x.show(
      { kind: 'heading', text: `Create a new client secret in ${place}${guide.overlap ? ' (keep the old one)' : ''}` },
      { kind: 'list', ordered: true, items: guide.createSteps },
      ...(guide.overlap ? [] : [{ kind: 'text' as const, tone: 'warning' as const, text: noOverlap }]),
    );
    if (guide.link) x.show({ kind: 'text', tone: 'dim', text: guide.link });
  },
};
