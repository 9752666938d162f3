/** Step: the Flyte project. */
import { canAsk, initial, withSource, type SetupStep } from '../state.js';
import { flyteIdQuestion } from './flyte-id.js';

export const projectStep: SetupStep = {
  id: 'project',
  skip: (s, x) => !canAsk(s, x, 'project'),
  async run(s, x) {
    s.a.project = await x.p!.text(withSource(flyteIdQuestion('project', initial(s, x, 'project')), s, x, 'project'));
  },
};
