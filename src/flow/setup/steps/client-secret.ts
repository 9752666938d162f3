/** Step: the client secret (masked; left empty when asked again, the earlier one is kept). */
import { Secret } from '../../../core/secret.js';
import { oneLine } from '../../common.js';
import { secretQuestion } from '../../questions.js';
import { canAsk, type SetupContext, type SetupState, type SetupStep } from '../state.js';

export async function askClientSecret(s: SetupState, x: SetupContext): Promise<void> {
  const had = s.a.clientSecret && !s.a.clientSecret.isEmpty ? s.a.clientSecret : undefined;
  const answer = await x.p!.secret(
    secretQuestion({
      id: 'client-secret',
      message: 'Client secret',
      help: had
        ? `Masked. Leave empty to keep the secret you entered (${had.length} characters).`
        : s.a.provider === 'entra'
          ? 'Masked. Paste the secret VALUE, not its Secret ID.'
          : 'Masked. Paste the client secret; a trailing newline or spaces are dropped.',
      had: had?.length,
    }),
  );
  const value = oneLine(answer.reveal());
  s.a.clientSecret = value === '' && had ? had : new Secret(value);
  if (value !== '') s.a.secretSource = undefined;
}

export const clientSecretStep: SetupStep = {
  id: 'client-secret',
  skip: (s, x) => !canAsk(s, x, 'clientSecret'),
  run: askClientSecret,
};
