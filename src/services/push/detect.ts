/** CI detection from the origin remote, and whether gh/glab can push (installed, logged in to the right host). */
import { GH_CHILD_ENV, GLAB_CHILD_ENV, forgeKind, parseRemoteUrl, parseRepoArg } from '../../core/ci/index.js';
import type { CliPushTarget, ForgeGuess } from '../../core/ci/targets.js';
import type { Env } from '../../core/env.js';
import { originUrl } from '../git.js';
import type { ProcessRunner } from '../process.js';
import { secretLastUpdated } from './github.js';
import { BLOCKING_PROBLEMS, PROBE_TIMEOUT } from './types.js';

export async function detectCiTarget(cwd: string, proc: ProcessRunner): Promise<ForgeGuess> {
  const url = await originUrl(cwd, proc);
  const remote = url ? parseRemoteUrl(url) : undefined;
  if (!remote) return { target: 'other' };
  return { target: forgeKind(remote.host), repo: remote.path, host: remote.host, httpsUrl: remote.httpsUrl };
}

/** The child environment of each forge CLI (one copy: src/core/ci/github.ts and gitlab.ts). */
export function cliChildEnv(target: CliPushTarget): Record<string, string | undefined> {
  return target === 'github' ? GH_CHILD_ENV : GLAB_CHILD_ENV;
}

export type PushAvailability =
  | { ok: true }
  /** `login`: the CLI is installed but not logged in to `host`; `flow/cli-login.ts` can offer the login. */
  | { ok: false; reason: string; login?: { tool: 'gh' | 'glab'; host: string } };

/** Strips the final full stop, so a caller that adds its own never prints "again..". */
function sentence(s: string): string {
  return s.trim().replace(/\.+$/, '');
}

/**
 * Can the CLI store the secret? Installed, and (GitHub) the read-only probe of the secret passes or says
 * "not set yet". A CLI that is not logged in answers with `login` so the caller can offer `gh auth login`.
 */
export async function pushAvailability(
  target: CliPushTarget,
  repo: string,
  deps: { proc: ProcessRunner; env: Env; cwd?: string },
): Promise<PushAvailability> {
  const tool = target === 'github' ? 'gh' : 'glab';
  const v = await deps.proc.run(tool, ['--version'], { env: cliChildEnv(target), cwd: deps.cwd, timeoutMs: PROBE_TIMEOUT });
  if (v.notFound) return { ok: false, reason: `${tool} is not installed` };
  if (v.exitCode !== 0) return { ok: false, reason: `${tool} --version failed` };
  if (target === 'gitlab') {
    const ref = parseRepoArg('gitlab', repo);
    const host = ref?.host ?? deps.env.GITLAB_HOST ?? 'gitlab.com';
    const st = await deps.proc.run('glab', ['auth', 'status', '--hostname', host], { env: GLAB_CHILD_ENV, cwd: deps.cwd, timeoutMs: PROBE_TIMEOUT });
    if (st.exitCode !== 0 && !st.timedOut && /not logged|no token|not authenticated|could not authenticate|\b401\b|unauthorized/i.test(`${st.stderr}\n${st.stdout}`)) {
      return { ok: false, reason: `glab is not logged in to ${host}`, login: { tool: 'glab', host } };
    }
    return { ok: true };
  }
  const ref = parseRepoArg('github', repo);
  if (!ref) return { ok: false, reason: 'the repository is not OWNER/REPO' };
  const probe = await secretLastUpdated({ repo: ref.path, host: ref.host }, { ...deps, timeoutMs: PROBE_TIMEOUT });
  if (probe.state === 'unknown' && probe.problem && BLOCKING_PROBLEMS.has(probe.problem.code)) {
    const host = ref.host ?? deps.env.GH_HOST ?? 'github.com';
    const login = probe.problem.code === 'not_logged_in' || probe.problem.code === 'bad_token' ? { login: { tool: 'gh' as const, host } } : {};
    return { ok: false, reason: `${sentence(probe.problem.message)}. ${sentence(probe.problem.next)}`, ...login };
  }
  return { ok: true };
}

export type SecretAge =
  | { state: 'set'; updatedAt: Date }
  | { state: 'not_set' }
  /** Why the age is unknown, in words; `login` when the cause is a gh that is not logged in. */
  | { state: 'unknown'; reason: string; login?: { tool: 'gh'; host: string } };

/**
 * When the GitHub secret was last written, or the real reason it cannot be told (for `rotate`): "gh is not
 * logged in to github.com" rather than "GitHub did not report it".
 */
export async function secretAge(
  t: { repo: string; host?: string; name?: string; environment?: string },
  deps: { proc: ProcessRunner; env: Env; cwd?: string; timeoutMs?: number },
): Promise<SecretAge> {
  const r = await secretLastUpdated(t, deps);
  if (r.state === 'not_set') return { state: 'not_set' };
  if (r.state === 'set') {
    const d = r.updatedAt ? new Date(r.updatedAt) : undefined;
    if (d && !Number.isNaN(d.getTime())) return { state: 'set', updatedAt: d };
    return { state: 'unknown', reason: 'GitHub did not report when the secret was last updated' };
  }
  const host = t.host ?? deps.env.GH_HOST ?? 'github.com';
  if (r.problem?.code === 'not_logged_in' || r.problem?.code === 'bad_token') {
    return { state: 'unknown', reason: sentence(r.problem.message), login: { tool: 'gh', host } };
  }
  return { state: 'unknown', reason: sentence(r.reason) };
}


/** A failed push that a login would fix: which CLI, which host (for flow/cli-login.ts). */
export function loginNeedOf(r: { target: string; ok: boolean; host?: string; problem?: { code: string; message: string } }): { tool: 'gh' | 'glab'; host: string; reason: string } | undefined {
  if (r.ok || !r.problem || (r.target !== 'github' && r.target !== 'gitlab')) return undefined;
  if (r.problem.code !== 'not_logged_in' && r.problem.code !== 'bad_token') return undefined;
  const host = r.host ?? (r.target === 'github' ? 'github.com' : 'gitlab.com');
  return { tool: r.target === 'github' ? 'gh' : 'glab', host, reason: sentence(r.problem.message) };
}

/**
 * The real service behind flow/cli-login.ts: `gh|glab auth login …` on the inherited terminal. Its prompts are
 * the point, so GH_PROMPT_DISABLED / NO_PROMPT are not set; secrets are still stripped from its environment.
 */
export function createCliLogin(proc: ProcessRunner) {
  return {
    async login(tool: 'gh' | 'glab', args: string[]): Promise<{ exitCode: number; notFound: boolean }> {
      if (!proc.runInteractive) return { exitCode: 1, notFound: false };
      // The one child environment of each CLI, with its prompts (and gh's spinner) allowed back.
      const env = tool === 'gh' ? { ...GH_CHILD_ENV, GH_PROMPT_DISABLED: undefined, GH_SPINNER_DISABLED: undefined } : { ...GLAB_CHILD_ENV, NO_PROMPT: undefined };
      return proc.runInteractive(tool, args, { env });
    },
  };
}
