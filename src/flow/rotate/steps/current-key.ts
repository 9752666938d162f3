/** Step 1: the current FLYTE_API_KEY (from the environment or stdin; asked, masked, when missing). */
import { MissingAnswerError } from '../../../core/errors.js';
import type { RotateFlowStep } from '../state.js';

export const currentKeyStep: RotateFlowStep = {
  id: 'current-key',
  skip: (_s, x) => Boolean(x.input.currentKey && !x.input.currentKey.isEmpty),
  async run(s, x) {
    if (!x.p) throw new MissingAnswerError(['the current key in FLYTE_API_KEY or on stdin with --api-key-stdin'], { promptable: true });
    s.currentKey = await x.p.secret({
      id: 'current-key',
      message: 'Paste the current FLYTE_API_KEY (the value stored in CI today)',
      help: 'Masked. It is only decoded here, to reuse its host, client ID and org.',
      validate: (v) => (v.trim() === '' ? 'The key is empty.' : undefined),
    });
  },
};
