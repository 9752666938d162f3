/** Step 4a: the new client secret (given: checked; missing: asked, masked, and never the current one). */
import { MissingAnswerError, UsageError } from '../../../core/errors.js';
import { secretQuestion } from '../../questions.js';
import { describeSecret, record, summarizeSecret, type RotateFlowStep } from '../state.js';

export const newSecretStep: RotateFlowStep = {
  id: 'new-secret',
  skip: (s) => s.made !== undefined,
  async run(s, x) {
    const problem = (v: string) => x.services.validateField('clientSecret', v).find((pr) => pr.severity === 'error')?.message;
    const old = s.oldSecret;
    // Asked unless it came from a flag and was not refused since (Esc back to here asks again).
    const given = x.input.newSecret && !x.input.newSecret.isEmpty && s.newSecret === x.input.newSecret ? s.newSecret : undefined;
    if (!given) {
      if (!x.p) throw new MissingAnswerError(['--client-secret-stdin or --client-secret-env NAME'], { promptable: true });
      s.newSecret = await x.p.secret(
        secretQuestion({
          id: 'new-secret',
          message: 'Paste the NEW client secret (the value, not its ID)',
          help: 'Masked; a pasted newline or surrounding spaces are dropped.',
          rule: problem,
          also: (v) => (old && v === old.reveal() ? 'This is the current secret: paste the new one.' : undefined),
        }),
      );
    } else {
      const bad = problem(given.reveal());
      if (bad) throw new UsageError(`The new client secret cannot be carried in FLYTE_API_KEY: ${bad}`);
      if (old && given.reveal() === old.reveal()) {
        throw new UsageError('The new client secret is the same as the current one.', 'Create a new secret in the provider first.');
      }
    }
    s.result.new = summarizeSecret(s.newSecret!, x.services);
    record(s, x, 'new-secret', 'ok', `New secret received (${describeSecret(s.result.new)}).`);
  },
};
