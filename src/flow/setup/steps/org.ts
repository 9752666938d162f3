/** Step: the org (global.UNION_ORG); empty lets flyte infer it from the host, with a note saying what that means. */
import { orgQuestion } from '../../questions.js';
import { canAsk, initial, withSource, type SetupContext, type SetupState, type SetupStep } from '../state.js';

export async function askOrg(s: SetupState, x: SetupContext): Promise<void> {
  s.a.org = await x.p!.text(withSource(orgQuestion(s.a.endpoint ?? '', initial(s, x, 'org')), s, x, 'org'));
}

export const orgStep: SetupStep = {
  id: 'org',
  skip: (s, x) => !canAsk(s, x, 'org'),
  run: askOrg,
};
