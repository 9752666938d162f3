/** Step 6b: a key the tool did not store (`--push none`): shown once on request, then wait until it is stored. */
import type { RotateFlowStep } from '../state.js';

export const storedByHandStep: RotateFlowStep = {
  id: 'stored-by-hand',
  skip: (s, x) => !x.p || Boolean(s.pushed?.stored),
  async run(s, x) {
    const key = s.newKey!;
    const reveal = await x.p!.confirm({ id: 'show-key', message: 'Show the new key once so you can paste it into your CI secret store?', initial: true });
    if (reveal) x.show({ kind: 'code', title: 'New FLYTE_API_KEY (store it, then clear the screen)', text: key.reveal() });
    await x.p!.pause({ id: 'stored-by-hand', message: 'Press Enter once the new key is stored in CI' });
    s.result.unstoredKey = undefined;
  },
};
