/**
 * `push github|gitlab|jenkins`: store FLYTE_API_KEY in the CI system's secret store.
 * gh and glab get the value on stdin (a pipe, never argv, never empty, never a terminal); Jenkins gets it in the
 * body of an authenticated REST call. `runPush` is options in, report out (the wizard and `rotate` reuse it);
 * `renderPushReport` turns the report into text.
 */
import { decodeApiKey } from '../core/apikey.js';
import {
  checkMaskable,
  classifyFetchError,
  classifyGhFailure,
  classifyGlabFailure,
  classifyJenkinsStatus,
  DEFAULT_JENKINS_CREDENTIAL_ID,
  DEFAULT_SECRET_NAME,
  displayCommand,
  environmentMissing,
  forgeKind,
  GH_CHILD_ENV,
  ghApiArgs,
  ghRepoFlag,
  ghSecretGetArgs,
  ghSecretSetArgs,
  githubSecretNameProblem,
  gitlabVariableNameProblem,
  GLAB_CHILD_ENV,
  GLAB_MIN_VERSION,
  glabVariableArgs,
  isAlreadyTaken,
  jenkinsBaseUrl,
  jenkinsCredentialIdProblem,
  jenkinsCredentialPaths,
  basicAuthHeader,
  parseGhVersion,
  parseGlabVersion,
  parseRemoteUrl,
  parseRepoArg,
  parseSecretMetadata,
  secretTextXml,
  STDIN_PLACEHOLDER,
  versionAtLeast,
  type CiProblem,
  type GithubTarget,
} from '../core/ci/index.js';
import { CancelledError, EXIT, MissingAnswerError, UsageError } from '../core/errors.js';
import { stripControl } from '../core/sanitize.js';
import { redact, Secret } from '../core/secret.js';
import type { Style } from '../core/style.js';
import { originUrl } from '../services/git.js';
import { createProcessRunner, type ProcessRunner } from '../services/process.js';
import type { CommandContext, CommandModule, Env } from './types.js';

export type PushTarget = 'github' | 'gitlab' | 'jenkins';

export interface PushOptions {
  target: PushTarget;
  key: Secret;
  /** Secret / variable name (GitHub, GitLab); default FLYTE_API_KEY. */
  name?: string;
  /** GitHub `[HOST/]OWNER/REPO`, GitLab `group/…/project`; default: from the origin remote. */
  repo?: string;
  /** GitHub Actions environment. */
  environment?: string;
  /** GitLab environment scope (default `*`). */
  scope?: string;
  /** GitLab: only protected branches and tags see the variable. */
  protected?: boolean;
  /** Jenkins root URL. */
  url?: string;
  user?: string;
  credentialId?: string;
  /** Jenkins folder path `a/b` (folder store instead of the system store). */
  folder?: string;
  /** Jenkins API token; default JENKINS_API_TOKEN from deps.env. */
  jenkinsToken?: Secret;
  dryRun?: boolean;
  /** Called with the plan (target shown, previous update known) right before writing; false cancels. */
  confirm?: (plan: PushPlan) => Promise<boolean>;
}

export interface PushDeps {
  proc: ProcessRunner;
  fetch?: typeof fetch;
  env: Env;
  cwd: string;
  /** Per call; default 60 s for CLI calls, 20 s for HTTP. */
  timeoutMs?: number;
}

export type LastUpdated =
  | { state: 'set'; updatedAt?: string }
  | { state: 'not_set' }
  | { state: 'unknown'; reason: string; problem?: CiProblem };

export interface PushPlan {
  target: PushTarget;
  /** Where the secret goes, for people: `github.com/acme/app`, `gitlab.example.com/group/app`, a Jenkins store. */
  destination: string;
  repo?: string;
  host?: string;
  repoSource?: 'flag' | 'origin';
  environment?: string;
  scope?: string;
  protected?: boolean;
  /** Secret name, variable key or credential id. */
  name: string;
  /** The command (or HTTP request) with the value shown as a placeholder. */
  command: string;
  cli?: { name: 'gh' | 'glab'; version?: string };
  previous?: LastUpdated;
  warnings: string[];
}

export interface PushReport extends PushPlan {
  ok: boolean;
  action: 'dry-run' | 'created' | 'updated' | 'cancelled' | 'failed';
  /** GitHub's updated_at after the write. */
  updatedAt?: string;
  problem?: CiProblem;
}

const CLI_TIMEOUT = 60_000;
const HTTP_TIMEOUT = 20_000;
const PROBE_TIMEOUT = 20_000;

// ---------------------------------------------------------------------------------------------------------------
// runPush

export async function runPush(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  checkKey(o.key);
  switch (o.target) {
    case 'github':
      return pushGithub(o, deps);
    case 'gitlab':
      return pushGitlab(o, deps);
    case 'jenkins':
      return pushJenkins(o, deps);
    default:
      throw new UsageError(`unknown push target "${String(o.target)}"`, 'Use github, gitlab or jenkins.');
  }
}

/** Refuses a key that flyte's decoder would mis-read (the problems never contain key characters). */
export function checkKey(key: Secret): void {
  if (key.isEmpty) throw new UsageError('The key is empty.', 'Pipe the key with --api-key-stdin or set FLYTE_API_KEY.');
  const decoded = decodeApiKey(key.reveal());
  if (!decoded.valid) {
    const first = decoded.problems.find((p) => p.severity === 'error') ?? decoded.problems[0];
    const why = first ? redact(stripControl(first.message, { singleLine: true, maxLength: 200 }), [key, decoded.clientSecret]) : 'flyte cannot decode it';
    throw new UsageError(
      `Not pushing: this FLYTE_API_KEY is not valid for flyte (${why}).`,
      'Run `flyte-ci-auth key decode` to see every problem, or build a new key with `flyte-ci-auth key encode`.',
    );
  }
}

function failed(plan: PushPlan, problem: CiProblem, secrets: Secret[]): PushReport {
  const clean: CiProblem = { ...problem, detail: problem.detail ? redact(problem.detail, secrets) : undefined };
  if (clean.detail === undefined) delete clean.detail;
  return { ...plan, ok: false, action: 'failed', problem: clean };
}

async function confirmOrCancel(o: PushOptions, plan: PushPlan): Promise<PushReport | undefined> {
  if (o.confirm && !(await o.confirm(plan))) return { ...plan, ok: false, action: 'cancelled' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub

interface ResolvedRepo {
  path: string;
  host?: string;
  source: 'flag' | 'origin';
}

async function resolveRepo(forge: 'github' | 'gitlab', repo: string | undefined, deps: PushDeps): Promise<ResolvedRepo> {
  if (repo !== undefined) {
    const ref = parseRepoArg(forge, repo);
    if (!ref) {
      throw new UsageError(
        `--repo "${stripControl(repo, { singleLine: true, maxLength: 80 })}" is not a repository path.`,
        forge === 'github' ? 'Use OWNER/REPO (or HOST/OWNER/REPO for GitHub Enterprise Server).' : 'Use GROUP/PROJECT or GROUP/SUBGROUP/PROJECT.',
      );
    }
    return { path: ref.path, host: ref.host, source: 'flag' };
  }
  const url = await originUrl(deps.cwd, deps.proc);
  const remote = url ? parseRemoteUrl(url) : undefined;
  if (!remote) {
    throw new UsageError(
      url ? 'The origin remote of this folder is not a URL this tool understands.' : 'Cannot tell the repository: this folder has no git remote named origin.',
      `Pass --repo ${forge === 'github' ? 'OWNER/REPO' : 'GROUP/PROJECT'}.`,
    );
  }
  const other = forge === 'github' ? 'gitlab' : 'github';
  if (remote.kind === other) {
    throw new UsageError(
      `The origin remote points to ${remote.host}, which looks like ${other === 'github' ? 'GitHub' : 'GitLab'}.`,
      `Use \`flyte-ci-auth push ${other}\`, or pass --repo to choose the repository.`,
    );
  }
  if (forge === 'github' && remote.path.split('/').length !== 2) {
    throw new UsageError(`The origin remote (${remote.host}/${remote.path}) is not an OWNER/REPO path.`, 'Pass --repo OWNER/REPO.');
  }
  const host = forge === 'github' ? (remote.host === 'github.com' ? undefined : remote.host) : remote.host === 'gitlab.com' ? undefined : remote.port && remote.protocol === 'https' ? `${remote.host}:${remote.port}` : remote.host;
  return { path: remote.path, host, source: 'origin' };
}

/** `gh api repos/O/R/actions/secrets/NAME` → when the secret was last updated (404 → not set yet). */
export async function secretLastUpdated(
  t: { repo: string; name?: string; environment?: string; host?: string },
  deps: { proc: ProcessRunner; env?: Env; cwd?: string; timeoutMs?: number },
): Promise<LastUpdated> {
  const target: GithubTarget = { repo: t.repo, host: t.host, environment: t.environment, name: t.name ?? DEFAULT_SECRET_NAME };
  const r = await deps.proc.run('gh', ghSecretGetArgs(target), { env: GH_CHILD_ENV, cwd: deps.cwd, timeoutMs: deps.timeoutMs ?? PROBE_TIMEOUT });
  if (r.exitCode === 0) return { state: 'set', ...pickUpdated(parseSecretMetadata(r.stdout).updatedAt) };
  if (!r.notFound && !r.timedOut && /HTTP 404/.test(r.stderr)) return { state: 'not_set' };
  const problem = classifyGhFailure(r, { repo: t.repo, name: target.name, environment: t.environment, host: t.host ?? deps.env?.GH_HOST, timeoutSeconds: (deps.timeoutMs ?? PROBE_TIMEOUT) / 1000 });
  return { state: 'unknown', reason: problem.message, problem };
}

function pickUpdated(updatedAt: string | undefined): { updatedAt?: string } {
  return updatedAt ? { updatedAt } : {};
}

/** Failures of the read-only probe that will certainly also stop the write: report them before asking. */
const BLOCKING = new Set(['not_installed', 'not_logged_in', 'bad_token', 'forbidden', 'network', 'tls', 'timeout']);

async function pushGithub(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const name = o.name ?? DEFAULT_SECRET_NAME;
  const nameProblem = githubSecretNameProblem(name);
  if (nameProblem) throw new UsageError(nameProblem, 'Pass a valid --name (letters, digits, underscores).');
  if (o.environment !== undefined && !/^[^\s/?#%]{1,255}$/.test(o.environment)) {
    throw new UsageError('--env must be an environment name without spaces, "/", "?", "#" or "%".');
  }
  const resolved = await resolveRepo('github', o.repo, deps);
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
  if (previous.state === 'unknown' && previous.problem && BLOCKING.has(previous.problem.code)) {
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
      problem = { ...(repoProbe.exitCode === 0 ? environmentMissing(ctx) : classifyGhFailure({ ...r, stderr: 'HTTP 404' }, { ...ctx, environment: undefined })), ...(problem.detail ? { detail: problem.detail } : {}) };
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

// ---------------------------------------------------------------------------------------------------------------
// GitLab

async function pushGitlab(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const name = o.name ?? DEFAULT_SECRET_NAME;
  const nameProblem = gitlabVariableNameProblem(name);
  if (nameProblem) throw new UsageError(nameProblem, 'Pass a valid --name (letters, digits, underscores).');
  const scope = o.scope ?? '*';
  if (!/^[A-Za-z0-9_.\-/*]{1,255}$/.test(scope)) throw new UsageError('--scope must be an environment name or pattern (letters, digits, "_", "-", ".", "/", "*").');
  const resolved = await resolveRepo('gitlab', o.repo, deps);
  const envHost = deps.env.GITLAB_HOST ?? deps.env.GITLAB_URI ?? deps.env.GL_HOST;
  const childEnv: Record<string, string | undefined> = { ...GLAB_CHILD_ENV };
  const warnings: string[] = [];
  let host: string;
  if (envHost) {
    host = envHost.replace(/^https?:\/\//, '').replace(/\/+$/, '');
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

// ---------------------------------------------------------------------------------------------------------------
// Jenkins

async function pushJenkins(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  if (!o.url) throw new MissingAnswerError(['--url']);
  if (!o.user) throw new MissingAnswerError(['--user']);
  const base = jenkinsBaseUrl(o.url);
  if (!base) throw new UsageError('--url must be the http(s) root URL of Jenkins, without a user name, query or fragment.', 'Example: --url https://ci.example.com/jenkins');
  const id = o.credentialId ?? DEFAULT_JENKINS_CREDENTIAL_ID;
  const idProblem = jenkinsCredentialIdProblem(id);
  if (idProblem) throw new UsageError(idProblem);
  if (o.folder !== undefined && !/^[^/].*[^/]$|^[^/]$/.test(o.folder)) throw new UsageError('--folder must be a folder path like team/app (no leading or trailing "/").');
  const token = o.jenkinsToken ?? (deps.env.JENKINS_API_TOKEN ? new Secret(deps.env.JENKINS_API_TOKEN) : undefined);
  if (!token || token.isEmpty) {
    throw new UsageError('JENKINS_API_TOKEN is not set.', 'Create an API token in Jenkins (your user → Security → API Token → Add new Token) and export it: export JENKINS_API_TOKEN=…');
  }
  const paths = jenkinsCredentialPaths(base, { id, folder: o.folder });
  const timeoutMs = deps.timeoutMs ?? HTTP_TIMEOUT;
  // The Basic header value too (base64 of user:token): a Jenkins or proxy error page may echo it.
  const secrets = [o.key, token, basicAuthHeader(o.user, token)];
  const warnings: string[] = [];
  if (base.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(base)) {
    warnings.push('The Jenkins URL is plain http: the key and your API token cross the network unencrypted.');
  }
  const plan: PushPlan = {
    target: 'jenkins',
    destination: `${base} — ${paths.store}`,
    host: new URL(base).host,
    name: id,
    command: `POST ${paths.createUrl}  (Content-Type: application/xml; "Secret text" credential "${id}" whose secret is ${STDIN_PLACEHOLDER}; on 409 POST ${paths.updateUrl})`,
    previous: { state: 'unknown', reason: 'Jenkins does not report when a credential was last changed.' },
    warnings,
  };
  if (o.dryRun) return { ...plan, ok: true, action: 'dry-run' };
  const cancelled = await confirmOrCancel(o, plan);
  if (cancelled) return cancelled;

  const doFetch = deps.fetch ?? globalThis.fetch;
  const xml = secretTextXml({ id, description: 'Flyte API key for flyte deploy (stored by flyte-ci-auth)', secret: o.key });
  const auth = basicAuthHeader(o.user, token);
  const ctx = { url: base, user: o.user, store: paths.store, timeoutSeconds: timeoutMs / 1000 };
  const post = async (url: string): Promise<{ status: number; body: string } | CiProblem> => {
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { Authorization: auth.reveal(), 'Content-Type': 'application/xml; charset=utf-8', Accept: 'application/json, text/plain, */*' },
        body: xml.reveal(),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.text().catch(() => '')).slice(0, 4000);
      return { status: res.status, body };
    } catch (err) {
      return classifyFetchError(err, { url: base, timeoutSeconds: timeoutMs / 1000, what: 'Jenkins' });
    }
  };
  const created = await post(paths.createUrl);
  if ('code' in created) return failed(plan, created, secrets);
  if (created.status === 200 || created.status === 201) return { ...plan, ok: true, action: 'created' };
  if (created.status !== 409) return failed(plan, classifyJenkinsStatus(created.status, ctx, created.body), secrets);
  const updated = await post(paths.updateUrl);
  if ('code' in updated) return failed(plan, updated, secrets);
  if (updated.status === 200 || updated.status === 204) return { ...plan, ok: true, action: 'updated' };
  return failed(plan, classifyJenkinsStatus(updated.status, ctx, updated.body), secrets);
}

// ---------------------------------------------------------------------------------------------------------------
// Detection for the wizard

export interface CiTargetGuess {
  target: 'github' | 'gitlab' | 'other';
  /** `owner/repo` or `group/…/project`. */
  repo?: string;
  host?: string;
  /** https clone URL without credentials. */
  httpsUrl?: string;
}

export async function detectCiTarget(cwd: string, proc: ProcessRunner): Promise<CiTargetGuess> {
  const url = await originUrl(cwd, proc);
  const remote = url ? parseRemoteUrl(url) : undefined;
  if (!remote) return { target: 'other' };
  return { target: forgeKind(remote.host), repo: remote.path, host: remote.host, httpsUrl: remote.httpsUrl };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/** The target lines shown before asking and at the top of the report. */
export function renderPushPlan(r: PushPlan, style: Style): string {
  return `${planLines(r, style).join('\n')}\n`;
}

function planLines(r: PushPlan, style: Style): string[] {
  const lines: string[] = [];
  const label = (s: string) => style.dim(s.padEnd(12));
  const what = r.target === 'github' ? 'Repository' : r.target === 'gitlab' ? 'Project' : 'Jenkins';
  lines.push(`${label(what)}${r.destination}${r.repoSource === 'origin' ? style.dim('  (from the origin remote)') : ''}`);
  const kind = r.target === 'github' ? 'Secret' : r.target === 'gitlab' ? 'Variable' : 'Credential';
  lines.push(`${label(kind)}${r.name}${previousText(r.previous)}`);
  if (r.cli) lines.push(`${label('Using')}${r.cli.name}${r.cli.version ? ` ${r.cli.version}` : ''}`);
  for (const w of r.warnings) lines.push(style.yellow(`! ${w}`));
  return lines;
}

export function renderPushReport(r: PushReport, style: Style): string {
  const lines = planLines(r, style);
  switch (r.action) {
    case 'dry-run':
      lines.push(`Dry run — nothing was changed. This would run:`);
      lines.push(`  ${r.command}`);
      break;
    case 'created':
    case 'updated': {
      const verb = r.action === 'updated' ? 'Replaced' : 'Stored';
      const when = r.updatedAt ? ` (the CI system now shows it updated ${r.updatedAt})` : '';
      lines.push(style.green(`✓ ${verb} ${r.name} in ${r.destination}${when}.`));
      lines.push(nextStep(r));
      break;
    }
    case 'cancelled':
      lines.push('Cancelled — nothing was changed.');
      break;
    case 'failed':
      if (r.problem) {
        lines.push(style.red(`✗ ${r.name} was not stored: ${r.problem.message}`));
        lines.push(`  Next: ${r.problem.next}`);
        if (r.problem.detail) lines.push(style.dim(`  ${r.cli?.name ?? r.target} said: ${r.problem.detail}`));
      }
      break;
  }
  return `${lines.join('\n')}\n`;
}

function previousText(p: LastUpdated | undefined): string {
  if (!p) return '';
  if (p.state === 'set') return p.updatedAt ? ` — last updated ${p.updatedAt}` : ' — already set';
  if (p.state === 'not_set') return ' — not set yet';
  return '';
}

function nextStep(r: PushReport): string {
  if (r.target === 'github') return `Next: a workflow reads it as \${{ secrets.${r.name} }} — \`flyte-ci-auth instructions github --write\` adds one.`;
  if (r.target === 'gitlab') return `Next: jobs see it as $${r.name} — \`flyte-ci-auth instructions gitlab --write\` adds a deploy job.`;
  return `Next: use withCredentials([string(credentialsId: '${r.name}', variable: 'FLYTE_API_KEY')]) — see \`flyte-ci-auth instructions jenkins\`.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal confirmation (the command's own y/N; the wizard has its own UI)

export async function askYesNo(question: string, ctx: Pick<CommandContext, 'canPrompt'>): Promise<boolean> {
  if (!ctx.canPrompt) throw new MissingAnswerError(['--yes'], { promptable: true });
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const onSigint = () => rl.close();
  rl.on('SIGINT', onSigint);
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    throw new CancelledError();
  } finally {
    rl.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command

const USAGE = `flyte-ci-auth push github|gitlab|jenkins [flags]

Store FLYTE_API_KEY in the CI system's secret store. The key comes from FLYTE_API_KEY or --api-key-stdin
and is checked with flyte's decoder first; gh and glab receive it on stdin only (never in a command line).

  push github  [--repo OWNER/REPO] [--env ENVIRONMENT] [--name FLYTE_API_KEY]
               runs: gh secret set NAME --repo OWNER/REPO [--env ENVIRONMENT]
  push gitlab  [--repo GROUP/PROJECT] [--scope ENV] [--protected] [--name FLYTE_API_KEY]
               runs: glab variable set NAME --masked --raw [--protected] --scope ENV -R GROUP/PROJECT
               (update with the same flags when it exists; GITLAB_HOST selects a self-managed GitLab)
  push jenkins --url URL --user USER [--credential-id flyte-api-key] [--folder PATH]
               creates or updates a "Secret text" credential over REST; API token from JENKINS_API_TOKEN

Flags:
      --repo R          Repository (default: from the origin remote; always passed to gh/glab explicitly)
      --env E           GitHub Actions environment (it must exist; gh does not create environments)
      --scope S         GitLab environment scope (default *)
      --protected       GitLab: only protected branches and tags get the variable
      --name N          Secret / variable name (default FLYTE_API_KEY)
      --url U           Jenkins root URL
      --user U          Jenkins user that owns the API token
      --credential-id I Jenkins credential id (default flyte-api-key)
      --folder P        Jenkins folder (folder credentials store) instead of the system store
      --api-key-stdin   Read the key from stdin instead of FLYTE_API_KEY
      --dry-run         Show the exact command, change nothing

Examples:
  flyte-ci-auth push github --repo acme/app
  printf %s "$KEY" | flyte-ci-auth push gitlab --api-key-stdin --repo acme/platform/app --yes
  JENKINS_API_TOKEN=… flyte-ci-auth push jenkins --url https://ci.acme.com --user deploy-bot`;

const FLAGS_BY_TARGET: Record<PushTarget, string[]> = {
  github: ['repo', 'env', 'name'],
  gitlab: ['repo', 'scope', 'protected', 'name'],
  jenkins: ['url', 'user', 'credential-id', 'folder'],
};
const ALL_TARGET_FLAGS = ['repo', 'env', 'name', 'scope', 'protected', 'url', 'user', 'credential-id', 'folder'];

export const command: CommandModule = {
  usage: USAGE,
  options: {
    repo: { type: 'string' },
    env: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string' },
    protected: { type: 'boolean' },
    url: { type: 'string' },
    user: { type: 'string' },
    'credential-id': { type: 'string' },
    folder: { type: 'string' },
    'api-key-stdin': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(args, ctx) {
    const [target, ...extra] = args.positionals;
    if (target === undefined) throw new UsageError('push needs a target: github, gitlab or jenkins.', 'Usage: flyte-ci-auth push github|gitlab|jenkins [flags]');
    if (target !== 'github' && target !== 'gitlab' && target !== 'jenkins') {
      throw new UsageError(`unknown push target "${stripControl(target, { singleLine: true, maxLength: 40 })}"`, 'Use github, gitlab or jenkins (other systems: flyte-ci-auth instructions SYSTEM).');
    }
    if (extra.length) throw new UsageError(`unexpected argument ${stripControl(extra[0]!, { singleLine: true, maxLength: 40 })}`);
    const v = args.values;
    for (const f of ALL_TARGET_FLAGS) {
      if (v[f] !== undefined && !FLAGS_BY_TARGET[target].includes(f)) throw new UsageError(`--${f} does not apply to push ${target}.`, `Flags for push ${target}: ${FLAGS_BY_TARGET[target].map((x) => `--${x}`).join(', ')}`);
    }
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    const dryRun = v['dry-run'] === true;

    const key = await readKey(v['api-key-stdin'] === true, ctx);
    if (!dryRun && !ctx.yes && !ctx.canPrompt) throw new MissingAnswerError(['--yes'], { promptable: true });

    const out = ctx.io.stdout;
    const report = await runPush(
      {
        target,
        key,
        name: str('name'),
        repo: str('repo'),
        environment: str('env'),
        scope: str('scope'),
        protected: v.protected === true,
        url: str('url'),
        user: str('user'),
        credentialId: str('credential-id'),
        folder: str('folder'),
        dryRun,
        confirm: ctx.yes
          ? undefined
          : async (plan) => {
              ctx.io.stderr.write(renderPushPlan(plan, ctx.style));
              return askYesNo(`Set ${plan.name} on ${plan.destination}?`, ctx);
            },
      },
      { proc: createProcessRunner(), env: ctx.env, cwd: ctx.cwd },
    );
    if (ctx.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
    else out.write(renderPushReport(report, ctx.style));
    if (report.action === 'cancelled') return EXIT.cancelled;
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};

async function readKey(fromStdin: boolean, ctx: CommandContext): Promise<Secret> {
  if (fromStdin) {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError('--api-key-stdin reads the key from a pipe, but stdin is a terminal.', 'Example: printf %s "$FLYTE_API_KEY" | flyte-ci-auth push github --api-key-stdin');
    }
    const text = await ctx.io.stdin.readAll();
    const key = new Secret(text.replace(/^\s+|\s+$/g, ''));
    if (key.isEmpty) throw new UsageError('Nothing arrived on stdin.', 'Pipe the key: printf %s "$FLYTE_API_KEY" | flyte-ci-auth push … --api-key-stdin');
    return key;
  }
  const env = ctx.env.FLYTE_API_KEY?.trim();
  if (!env) throw new MissingAnswerError(['the key in FLYTE_API_KEY or on stdin with --api-key-stdin']);
  return new Secret(env);
}
