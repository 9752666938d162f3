/** Step: the control-plane host (a pasted URL is reduced to the host); starts the background probe. */
import { normalizeEndpoint } from '../../../core/apikey.js';
import { endpointQuestion } from '../../questions.js';
import { startProbe } from '../probe.js';
import { canAsk, initial, withSource, type SetupContext, type SetupState, type SetupStep } from '../state.js';

/** `probe`: false from the check's "edit one answer" (the check runs right after and says more). */
export async function askEndpoint(s: SetupState, x: SetupContext, probe: boolean): Promise<void> {
  const v = await x.p!.text(withSource(endpointQuestion(initial(s, x, 'endpoint')), s, x, 'endpoint'));
  s.a.endpoint = normalizeEndpoint(v).host;
  if (probe) startProbe(s, x, s.a.endpoint);
}

export const endpointStep: SetupStep = {
  id: 'endpoint',
  skip: (s, x) => !canAsk(s, x, 'endpoint'),
  run: (s, x) => askEndpoint(s, x, true),
};
