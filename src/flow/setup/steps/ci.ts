/** Step: where the pipeline runs (pre-selected from the git remote). */
import { ciTargetQuestion } from '../../questions.js';
import { canAsk, type SetupStep } from '../state.js';
import type { CiTarget } from '../types.js';

export const ciStep: SetupStep = {
  id: 'ci',
  skip: (s, x) => s.stopped || !canAsk(s, x, 'ci'),
  async run(s, x) {
    s.a.ci = await x.p!.select<CiTarget>(
      ciTargetQuestion<CiTarget>({
        id: 'ci',
        message: 'Where does the pipeline run?',
        initial: s.a.ci ?? x.detection.target ?? x.defaults.ci,
        help: x.detection.from ? `Pre-selected from ${x.detection.from}.` : undefined,
        last: { value: 'other', label: 'Other CI system' },
      }),
    );
  },
};
