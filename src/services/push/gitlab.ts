/**
 * GitLab CI/CD variables through `glab variable set` (the value on stdin; masked and raw), and `update` with the
 * same attributes when the key exists in that scope.
 */
import { classifyGlabFailure } from '../../core/ci/classify.js';
import { displayCommand, STDIN_PLACEHOLDER, versionAtLeast } from '../../core/ci/command-line.js';
import { checkMaskable, GLAB_CHILD_ENV, GLAB_MIN_VERSION, glabVariableArgs, isAlreadyTaken, parseGlabVersion } from '../../core/ci/gitlab.js';
import { DEFAULT_SECRET_NAME, gitlabVariableNameProblem } from '../../core/ci/names.js';
import { confirmOrCancel, failed } from './engine.js';
import { isResolved, resolveRepo } from './repo.js';
import { credentialUrlProblem } from '../../core/net-rules.js';
import { stripControl } from '../../core/sanitize.js';
import { CLI_TIMEOUT, PROBE_TIMEOUT, type PushDeps, type PushOptions, type PushPlan, type PushReport } from './types.js';

export async function pushGitlab(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const name = o.name ?? DEFAULT_SECRET_NAME;
  const base: PushPlan = { target: 'gitlab', destination: 'GitLab', name, command: '', warnings: [] };
  const nameProblem = gitlabVariableNameProblem(name);
  if (nameProblem) return failed(base, { code: 'invalid_input', field: 'name', message: nameProblem, next: 'Use a name of letters, digits and underscores.' }, [o.key]);
  const scope = o.scope ?? '*';
  if (!/^[A-Za-z0-9_.\-/*]{1,255}$/.test(scope) || scope.startsWith('-')) {
    return failed(base, { code: 'invalid_input', field: 'scope', message: 'The environment scope must be an environment name or pattern (letters, digits, "_", "-", ".", "/", "*"; not starting with "-").', next: 'Use * for every environment.' }, [o.key]);
  }
  const resolved = await resolveRepo('gitlab', o.repo, deps);
  if (!isResolved(resolved)) return failed(base, resolved, [o.key]);
  const envHost = deps.env.GITLAB_HOST ?? deps.env.GITLAB_URI ?? deps.env.GL_HOST;
  const childEnv: Record<string, string | undefined> = { ...GLAB_CHILD_ENV };
  const warnings: string[] = [];
  let host: string;
  if (envHost) {
    // glab talks plain http when GITLAB_HOST says http://: the key would then cross the network unencrypted.
    // The same rule as every credential-bearing request (src/core/net-rules.ts): only to this machine.
    if (/^http:\/\//i.test(envHost.trim()) && credentialUrlProblem(envHost.trim())) {
      return failed(
        base,
        {
          code: 'insecure_url',
          field: 'repo',
          message: 'GITLAB_HOST is a plain http URL of another machine: glab would send the key over the network unencrypted.',
          next: 'Set GITLAB_HOST to the https URL of GitLab (or its bare host name).',
        },
        [o.key],
      );
    }
    host = stripControl(envHost.replace(/^https?:\/\//, '').replace(/\/+$/, ''), { singleLine: true, maxLength: 200 });
    if (resolved.host && resolved.host !== host) warnings.push(`GITLAB_HOST (${host}) differs from the repository's host ${resolved.host}; glab uses GITLAB_HOST.`);
  } else if (resolved.host) {
    host = resolved.host;
    childEnv.GITLAB_HOST = resolved.host;
  } else {
    host = 'gitlab.com';
  }
  const t = { project: resolved.path, name, scope, protected: o.protected === true };
  const setArgs = glabVariableArgs('set', t);
  const timeoutMs = deps.timeoutMs ?? CLI_TIMEOUT;
  const secrets = [o.key];
  const shownEnv = childEnv.GITLAB_HOST ? { GITLAB_HOST: childEnv.GITLAB_HOST } : undefined;
  const plan: PushPlan = {
    target: 'gitlab',
    destination: `${host}/${resolved.path} (scope ${scope}${t.protected ? ', protected' : ''})`,
    repo: resolved.path,
    host,
    repoSource: resolved.source,
    scope,
    protected: t.protected,
    name,
    command: displayCommand('glab', setArgs, { stdin: STDIN_PLACEHOLDER, ...(shownEnv ? { env: shownEnv } : {}) }),
    previous: { state: 'unknown', reason: 'GitLab does not report when a variable was last changed.' },
    warnings,
  };
  const ctx = { project: resolved.path, name, host, timeoutSeconds: timeoutMs / 1000 };

  const mask = checkMaskable(o.key.reveal());
  if (mask.problem) {
    return failed(plan, { code: 'value_rejected', message: mask.problem, next: 'Check the key with `flyte-ci-auth key decode`; a FLYTE_API_KEY built by this tool can always be masked.' }, secrets);
  }
  if (mask.warning) warnings.push(mask.warning);

  const v = await deps.proc.run('glab', ['--version'], { env: childEnv, cwd: deps.cwd, timeoutMs: PROBE_TIMEOUT });
  if (v.notFound || v.exitCode !== 0) {
    if (o.dryRun) {
      warnings.push('glab is not installed here; the command above needs glab 1.35 or newer.');
      return { ...plan, ok: true, action: 'dry-run' };
    }
    return failed(plan, classifyGlabFailure({ ...v, notFound: true }, ctx), secrets);
  }
  const version = parseGlabVersion(v.stdout);
  plan.cli = { name: 'glab', ...(version ? { version: version.text } : {}) };
  if (version && !versionAtLeast(version, GLAB_MIN_VERSION.major, GLAB_MIN_VERSION.minor, GLAB_MIN_VERSION.patch)) {
    return failed(plan, { code: 'too_old', message: `glab ${version.text} is too old: masked raw variables need glab 1.35 or newer.`, next: 'Upgrade glab (https://gitlab.com/gitlab-org/cli#installation), then run this again.' }, secrets);
  }
  if (o.dryRun) return { ...plan, ok: true, action: 'dry-run' };

  const cancelled = await confirmOrCancel(o, plan);
  if (cancelled) return cancelled;

  const set = await deps.proc.run('glab', setArgs, { input: o.key.reveal(), env: childEnv, cwd: deps.cwd, timeoutMs });
  if (set.exitCode === 0) return { ...plan, ok: true, action: 'created' };
  if (!isAlreadyTaken(`${set.stderr}\n${set.stdout}`)) return failed(plan, classifyGlabFailure(set, ctx), secrets);
  // The variable exists: update re-sends every attribute (update resets what it is not given).
  const updateArgs = glabVariableArgs('update', t);
  const upd = await deps.proc.run('glab', updateArgs, { input: o.key.reveal(), env: childEnv, cwd: deps.cwd, timeoutMs });
  const updatedPlan = { ...plan, command: displayCommand('glab', updateArgs, { stdin: STDIN_PLACEHOLDER, ...(shownEnv ? { env: shownEnv } : {}) }) };
  if (upd.exitCode === 0) return { ...updatedPlan, ok: true, action: 'updated' };
  return failed(updatedPlan, classifyGlabFailure(upd, ctx), secrets);
}
