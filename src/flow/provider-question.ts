/**
 * The wizard's first question. One definition, used by the flow and by the early paint in src/cli.ts, so the
 * frame painted before Ink loads is exactly the frame the flow asks for (src/ui/early-paint.ts checks that).
 */
import type { ProviderId } from '../core/check-types.js';
import type { Choice } from '../core/prompter.js';
import { PROVIDER_ORDER, providerGuide } from '../core/providers-data.js';

export function providerQuestion(initial?: ProviderId): { id: string; message: string; initial?: ProviderId; choices: Choice<ProviderId>[] } {
  return {
    id: 'provider',
    message: 'Which identity provider issues the CI credentials?',
    initial,
    choices: PROVIDER_ORDER.map((id) => ({ value: id, label: providerGuide(id).name })),
  };
}
