/** Step: the GitHub repository or GitLab project (normalised as typed: URLs and SSH remotes become OWNER/REPO). */
import { repoQuestion } from '../../questions.js';
import { canAsk, type SetupStep } from '../state.js';

export const repoStep: SetupStep = {
  id: 'repo',
  skip: (s, x) => s.stopped || !canAsk(s, x, 'repo') || (s.a.ci !== 'github' && s.a.ci !== 'gitlab'),
  async run(s, x) {
    const target = s.a.ci as 'github' | 'gitlab';
    const fromRemote = x.detection.target === target ? x.detection.repo : undefined;
    const q = repoQuestion(target, s.a.repo ?? fromRemote);
    s.a.repo = await x.p!.text(s.a.repo === undefined && fromRemote && x.detection.from ? { ...q, help: `From ${x.detection.from}: Enter keeps it.` } : q);
  },
};
