/** GitHub Actions secrets through `gh secret set` (the value on stdin), with a read-only probe first. */
import { classifyGhFailure } from '../../core/ci/classify.js';
import { displayCommand, STDIN_PLACEHOLDER, versionAtLeast } from '../../core/ci/command-line.js';
import { environmentMissing } from '../../core/ci/classify.js';
import { GH_CHILD_ENV, ghApiArgs, ghSecretGetArgs, ghSecretSetArgs, parseGhVersion, parseSecretMetadata, type GithubTarget } from '../../core/ci/github.js';
import { DEFAULT_SECRET_NAME, githubSecretNameProblem } from '../../core/ci/names.js';
import type { Env } from '../../core/env.js';
import type { ProcessRunner } from '../process.js';
import { confirmOrCancel, failed } from './engine.js';
import { isResolved, resolveRepo } from './repo.js';
import { BLOCKING_PROBLEMS, CLI_TIMEOUT, PROBE_TIMEOUT, type LastUpdated, type PushDeps, type PushOptions, type PushPlan, type PushReport } from './types.js';


/** `gh api repos/O/R/actions/secrets/NAME` → when the secret was last updated (404 → not set yet). */
export async function secretLastUpdated(
  t: { repo: string; name?: string; environment?: string; host?: string },
  deps: { proc: ProcessRunner; env?: Env; cwd?: string; timeoutMs?: number },
): Promise<LastUpdated> {
  const target: GithubTarget = { repo: t.repo, host: t.host, environment: t.environment, name: t.name ?? DEFAULT_SECRET_NAME };
  const r = await deps.proc.run('gh', ghSecretGetArgs(target), { env: GH_CHILD_ENV, cwd: deps.cwd, timeoutMs: deps.timeoutMs ?? PROBE_TIMEOUT });
  if (r.exitCode === 0) return { state: 'set', ...(parseSecretMetadata(r.stdout).updatedAt ? { updatedAt: parseSecretMetadata(r.stdout).updatedAt } : {}) };
  if (!r.notFound && !r.timedOut && /HTTP 404/.test(r.stderr)) return { state: 'not_set' };
  const problem = classifyGhFailure(r, { repo: t.repo, name: target.name, environment: t.environment, host: t.host ?? deps.env?.GH_HOST, timeoutSeconds: (deps.timeoutMs ?? PROBE_TIMEOUT) / 1000 });
  return { state: 'unknown', reason: problem.message, problem };
}

export async function pushGithub(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const name = o.name ?? DEFAULT_SECRET_NAME;
  const base: PushPlan = { target: 'github', destination: 'GitHub', name, command: '', warnings: [] };
  const nameProblem = githubSecretNameProblem(name);
  if (nameProblem) return failed(base, { code: 'invalid_input', field: 'name', message: nameProblem, next: 'Use a name of letters, digits and underscores.' }, [o.key]);
  // No control characters (shown in plans and --json) and no leading "-" (it would read as an option to gh).
  if (o.environment !== undefined && (!/^[^\s/?#%]{1,255}$/.test(o.environment) || /[\u0000-\u001f\u007f-\u009f]/.test(o.environment) || o.environment.startsWith('-'))) {
    return failed(base, { code: 'invalid_input', field: 'environment', message: 'The environment must be a name without spaces, "/", "?", "#", "%" or control characters, not starting with "-".', next: 'Use the environment name as GitHub shows it.' }, [o.key]);
  }
  const resolved = await resolveRepo('github', o.repo, deps);
  if (!isResolved(resolved)) return failed(base, resolved, [o.key]);
  const target: GithubTarget = { repo: resolved.path, host: resolved.host, environment: o.environment, name };
  const shownHost = resolved.host ?? deps.env.GH_HOST ?? 'github.com';
  const args = ghSecretSetArgs(target);
  const timeoutMs = deps.timeoutMs ?? CLI_TIMEOUT;
  const secrets = [o.key];
  const plan: PushPlan = {
    target: 'github',
    destination: `${shownHost}/${resolved.path}${o.environment ? ` (environment "${o.environment}")` : ''}`,
    repo: resolved.path,
    host: shownHost,
    repoSource: resolved.source,
    ...(o.environment ? { environment: o.environment } : {}),
    name,
    command: displayCommand('gh', args, { stdin: STDIN_PLACEHOLDER }),
    warnings: [],
  };
  const ctx = { repo: resolved.path, name, environment: o.environment, host: shownHost, timeoutSeconds: timeoutMs / 1000 };

  const v = await deps.proc.run('gh', ['--version'], { env: GH_CHILD_ENV, cwd: deps.cwd, timeoutMs: PROBE_TIMEOUT });
  if (v.notFound || v.exitCode !== 0) {
    if (o.dryRun) {
      plan.warnings.push('gh is not installed here; the command above needs it.');
      return { ...plan, ok: true, action: 'dry-run' };
    }
    return failed(plan, classifyGhFailure({ ...v, notFound: true }, ctx), secrets);
  }
  const version = parseGhVersion(v.stdout);
  plan.cli = { name: 'gh', ...(version ? { version: version.text } : {}) };
  if (version && !versionAtLeast(version, 2, 5, 0)) {
    plan.warnings.push(`gh ${version.text} is old; 2.5 or newer is recommended (https://cli.github.com).`);
  }
  if (o.dryRun) return { ...plan, ok: true, action: 'dry-run' };

  const previous = await secretLastUpdated(target, { ...deps, timeoutMs: PROBE_TIMEOUT });
  plan.previous = previous;
  if (previous.state === 'unknown' && previous.problem && BLOCKING_PROBLEMS.has(previous.problem.code)) {
    return failed(plan, previous.problem, secrets);
  }

  const cancelled = await confirmOrCancel(o, plan);
  if (cancelled) return cancelled;

  const r = await deps.proc.run('gh', args, { input: o.key.reveal(), env: GH_CHILD_ENV, cwd: deps.cwd, timeoutMs });
  if (r.exitCode !== 0) {
    let problem = classifyGhFailure(r, ctx);
    if (problem.code === 'environment_missing' || (problem.code === 'repo_not_found' && o.environment)) {
      // A 404 under /environments/ can also mean the repository is missing: ask for the repository itself.
      const repoProbe = await deps.proc.run('gh', ghApiArgs(`repos/${resolved.path}`, resolved.host), { env: GH_CHILD_ENV, cwd: deps.cwd, timeoutMs: PROBE_TIMEOUT });
      problem = {
        ...(repoProbe.exitCode === 0 ? environmentMissing(ctx) : classifyGhFailure({ ...r, stderr: 'HTTP 404' }, { ...ctx, environment: undefined })),
        ...(problem.detail ? { detail: problem.detail } : {}),
      };
    }
    return failed(plan, problem, secrets);
  }
  const after = await secretLastUpdated(target, { ...deps, timeoutMs: PROBE_TIMEOUT });
  return {
    ...plan,
    ok: true,
    action: previous.state === 'set' ? 'updated' : 'created',
    ...(after.state === 'set' && after.updatedAt ? { updatedAt: after.updatedAt } : {}),
  };
}
