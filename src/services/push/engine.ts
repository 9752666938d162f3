/**
 * The push engine: options in, report out. gh and glab get the value on stdin (a pipe, never argv, never empty,
 * never a terminal); Jenkins gets it in the body of an authenticated REST call. Bad or missing input comes back
 * as a typed problem in the report (`invalid_input`, `missing_input`, `insecure_url`), never as a CLI error.
 */
import { decodeApiKey } from '../../core/apikey.js';
import { stripControl } from '../../core/sanitize.js';
import { redact, type Secret } from '../../core/secret.js';
import { pushGithub } from './github.js';
import { pushGitlab } from './gitlab.js';
import { pushJenkins } from './jenkins.js';
import type { PushDeps, PushInputProblem, PushOptions, PushPlan, PushProblem, PushReport } from './types.js';

export async function runPush(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const keyProblem = checkKey(o.key);
  if (keyProblem) return failed(emptyPlan(o), keyProblem, [o.key]);
  switch (o.target) {
    case 'github':
      return pushGithub(o, deps);
    case 'gitlab':
      return pushGitlab(o, deps);
    case 'jenkins':
      return pushJenkins(o, deps);
    default:
      return failed(emptyPlan(o), { code: 'invalid_input', field: 'repo', message: `Unknown push target "${String(o.target)}".`, next: 'Use github, gitlab or jenkins.' }, [o.key]);
  }
}

/** The problem with a key that flyte's decoder would mis-read (never containing key characters), if any. */
export function checkKey(key: Secret): PushInputProblem | undefined {
  if (key.isEmpty) return { code: 'missing_input', field: 'key', message: 'The key is empty.', next: 'Give the FLYTE_API_KEY to store.' };
  const decoded = decodeApiKey(key.reveal());
  if (decoded.valid) return undefined;
  const first = decoded.problems.find((p) => p.severity === 'error') ?? decoded.problems[0];
  const why = first ? redact(stripControl(first.message, { singleLine: true, maxLength: 200 }), [key, decoded.clientSecret]) : 'flyte cannot decode it';
  return {
    code: 'invalid_input',
    field: 'key',
    // The reason is a sentence of its own (it may hold parentheses): after a colon, not inside parentheses.
    message: `Not pushing: this FLYTE_API_KEY is not valid for flyte: ${why.replace(/\.$/, '')}.`,
    next: 'Run `flyte-ci-auth key decode` to see every problem, or build a new key with `flyte-ci-auth key encode`.',
  };
}

export function emptyPlan(o: Pick<PushOptions, 'target' | 'name'>): PushPlan {
  return { target: o.target, destination: o.target, name: o.name ?? 'FLYTE_API_KEY', command: '', warnings: [] };
}

export function failed(plan: PushPlan, problem: PushProblem, secrets: Secret[]): PushReport {
  const clean: PushProblem = { ...problem, detail: problem.detail ? redact(problem.detail, secrets) : undefined };
  if (clean.detail === undefined) delete clean.detail;
  return { ...plan, ok: false, action: 'failed', problem: clean };
}

export async function confirmOrCancel(o: PushOptions, plan: PushPlan): Promise<PushReport | undefined> {
  if (o.confirm && !(await o.confirm(plan))) return { ...plan, ok: false, action: 'cancelled' };
  return undefined;
}
