/** Flag values checked up front with the questions' rules, and the flags a run without a person is missing. */
import { flyteIdProblem } from '../../core/ci/names.js';
import { UsageError } from '../../core/errors.js';
import { normalizeRepo } from '../common.js';
import { endpointProblem, firstError } from '../questions.js';
import { FLAG_FOR, type SetupAnswers } from './types.js';

/** Which answers are missing when nothing can be asked: every flag at once. */
export function missingFlags(a: SetupAnswers): string[] {
  const missing: string[] = [];
  if (!a.endpoint) missing.push(FLAG_FOR.endpoint!);
  if (!a.clientId) missing.push(FLAG_FOR.clientId!);
  if (!a.clientSecret || a.clientSecret.isEmpty) missing.push(FLAG_FOR.clientSecret!);
  if (a.org === undefined) missing.push(FLAG_FOR.org!);
  if (!a.project) missing.push(FLAG_FOR.project!);
  if (!a.domain) missing.push(FLAG_FOR.domain!);
  if (!a.ci) missing.push(FLAG_FOR.ci!);
  if ((a.ci === 'github' || a.ci === 'gitlab') && !a.noPush && !a.repo) missing.push(FLAG_FOR.repo!);
  if (!a.yes) missing.push(FLAG_FOR.yes!);
  return missing;
}

/** Flag values are validated up front with the same rules as the questions (exit 2 naming the flag). */
export function validateGiven(a: SetupAnswers, demo: boolean): void {
  const fail = (flag: string, message: string) => {
    throw new UsageError(`${flag}: ${message}`);
  };
  if (a.endpoint !== undefined && !demo) {
    const p = endpointProblem(a.endpoint);
    if (p) fail('--endpoint', p);
  }
  if (a.clientId !== undefined) {
    const p = a.clientId === '' ? 'the client ID is empty.' : firstError('clientId', a.clientId);
    if (p) fail('--client-id', p);
  }
  if (a.clientSecret !== undefined) {
    const p = firstError('clientSecret', a.clientSecret.reveal());
    if (p) fail(a.secretSource?.kind === 'env' ? '--client-secret-env' : '--client-secret-stdin', p);
  }
  if (a.org !== undefined) {
    const p = firstError('org', a.org);
    if (p) fail('--org', p);
  }
  for (const what of ['project', 'domain'] as const) {
    const v = a[what];
    if (v !== undefined) {
      const p = flyteIdProblem(what, v);
      if (p) fail(`--${what}`, p);
    }
  }
  if (a.repo !== undefined && (a.ci === 'github' || a.ci === 'gitlab')) {
    const repo = normalizeRepo(a.ci, a.repo);
    if (!repo) fail('--repo', a.ci === 'github' ? 'expected OWNER/REPO (or HOST/OWNER/REPO).' : 'expected GROUP/PROJECT (or HOST/GROUP/PROJECT).');
    else a.repo = repo;
  }
}
