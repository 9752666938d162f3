/** Step: the Flyte domain (default development). */
import { canAsk, initial, withSource, type SetupStep } from '../state.js';
import { flyteIdQuestion } from './flyte-id.js';

export const domainStep: SetupStep = {
  id: 'domain',
  skip: (s, x) => !canAsk(s, x, 'domain'),
  async run(s, x) {
    s.a.domain = await x.p!.text(withSource(flyteIdQuestion('domain', initial(s, x, 'domain') ?? 'development'), s, x, 'domain'));
  },
};
