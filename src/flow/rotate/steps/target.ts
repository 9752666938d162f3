/** Step 2b: where FLYTE_API_KEY is stored (from --push, else asked with the git remote's answer pre-selected). */
import { MissingAnswerError } from '../../../core/errors.js';
import type { Prompter } from '../../../core/prompter.js';
import { ciTargetQuestion, repoQuestion } from '../../questions.js';
import { orBack } from '../../steps.js';
import type { RotateFlowStep } from '../state.js';
import type { CiKind, PushDestination, RotateServices } from '../types.js';

export async function chooseTarget(p: Prompter, services: RotateServices): Promise<PushDestination> {
  const detected = services.detectTarget ? await services.detectTarget().catch(() => null) : null;
  let kind: CiKind = detected?.kind ?? 'github';
  // Esc on a follow-up question (repository, Jenkins URL/user) goes back to the CI question, not out of the step.
  for (;;) {
    kind = await p.select<CiKind>(
      ciTargetQuestion<CiKind>({
        id: 'push-target',
        message: 'Where is FLYTE_API_KEY stored?',
        initial: kind,
        hints: detected?.repo ? { [detected.kind]: detected.repo } : undefined,
        last: { value: 'none', label: 'Somewhere else: print the key and the steps' },
      }),
    );
    if (detected && detected.kind === kind) return detected;
    if (kind === 'github' || kind === 'gitlab') {
      const repo = await orBack(() => p.text(repoQuestion(kind as 'github' | 'gitlab', undefined, kind === 'github' ? 'Repository (OWNER/REPO)' : 'Project (GROUP/PROJECT)')));
      if (repo === undefined) continue;
      return { kind, repo, name: 'FLYTE_API_KEY' };
    }
    if (kind === 'jenkins') {
      const url = await orBack(() => p.text({ id: 'jenkins-url', message: 'Jenkins URL', normalize: (v) => v.trim() }));
      if (url === undefined) continue;
      const user = await orBack(() => p.text({ id: 'jenkins-user', message: 'Jenkins user', normalize: (v) => v.trim() }));
      if (user === undefined) continue;
      return { kind, url, user, name: 'FLYTE_API_KEY', credentialId: 'flyte-api-key' };
    }
    return { kind: 'none', name: 'FLYTE_API_KEY' };
  }
}

export const targetStep: RotateFlowStep = {
  id: 'target',
  async run(s, x) {
    s.target = x.input.target;
    if (!s.target && x.p) s.target = await chooseTarget(x.p, x.services);
    if (!s.target) throw new MissingAnswerError(['--push github|gitlab|jenkins|none'], { promptable: true });
    s.result.target = s.target;
  },
};
