/** Step: which identity provider issues the CI credentials. */
import type { ProviderId } from '../../../core/check-types.js';
import { providerQuestion } from '../../provider-question.js';
import { canAsk, type SetupStep } from '../state.js';

export const providerStep: SetupStep = {
  id: 'provider',
  skip: (s, x) => !canAsk(s, x, 'provider'),
  async run(s, x) {
    s.a.provider = await x.p!.select<ProviderId>(providerQuestion(s.a.provider ?? x.defaults.provider));
  },
};
