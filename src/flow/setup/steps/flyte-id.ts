/** The project and domain questions (task.project / task.domain in config.yaml). */
import { flyteIdProblem } from '../../../core/ci/names.js';
import type { TextQuestion } from '../../../core/prompter.js';
import { oneLine } from '../../common.js';

export function flyteIdQuestion(field: 'project' | 'domain', initial: string | undefined): TextQuestion {
  return {
    id: field,
    message: field === 'project' ? 'Flyte project (task.project in config.yaml)' : 'Flyte domain (task.domain in config.yaml)',
    initial,
    placeholder: field === 'project' ? 'flytesnacks' : 'development',
    normalize: oneLine,
    validate: (v) => (v === '' ? `Enter the ${field}.` : flyteIdProblem(field, v)),
  };
}
