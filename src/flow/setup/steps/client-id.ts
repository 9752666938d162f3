/** Step: the client ID of the CI app. */
import { providerGuide } from '../../../core/providers-data.js';
import { clientIdQuestion } from '../../questions.js';
import { canAsk, initial, withSource, type SetupContext, type SetupState, type SetupStep } from '../state.js';

export async function askClientId(s: SetupState, x: SetupContext): Promise<void> {
  s.a.clientId = await x.p!.text(withSource(clientIdQuestion(initial(s, x, 'clientId'), providerGuide(s.a.provider ?? 'generic').name), s, x, 'clientId'));
}

export const clientIdStep: SetupStep = {
  id: 'client-id',
  skip: (s, x) => !canAsk(s, x, 'clientId'),
  run: askClientId,
};
