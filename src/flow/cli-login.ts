/**
 * A gh or glab that is installed but not logged in (or logged in to another host) is one key away: offer to run
 * `gh auth login --hostname HOST` / `glab auth login --hostname HOST` on this terminal (the view suspended, the
 * child's stdio inherited), then retry what needed it. Without a way to lend the terminal, show the command.
 */
import type { Prompter } from '../core/prompter.js';

export interface LoginNeed {
  tool: 'gh' | 'glab';
  host: string;
  /** Why, in words, without a final full stop ("gh is not logged in to github.com"). */
  reason?: string;
}

export interface CliLoginServices {
  /** Runs the login with the terminal inherited (ProcessRunner.runInteractive); exit code 0 = logged in. */
  login(tool: 'gh' | 'glab', args: string[]): Promise<{ exitCode: number; notFound: boolean }>;
}

export function loginArgs(need: LoginNeed): string[] {
  return ['auth', 'login', '--hostname', need.host];
}

export function loginCommand(need: LoginNeed): string {
  return [need.tool, ...loginArgs(need)].join(' ');
}

export type LoginOutcome = 'logged-in' | 'declined' | 'failed' | 'unavailable';

/** Asks, then runs the login on the lent terminal. */
export async function offerCliLogin(p: Prompter, need: LoginNeed, s: CliLoginServices): Promise<LoginOutcome> {
  const command = loginCommand(need);
  const why = need.reason ?? `${need.tool} is not logged in to ${need.host}`;
  if (!p.suspend) {
    p.show({ kind: 'text', tone: 'warning', text: `${why}. Log in with this command in another terminal:` }, { kind: 'code', text: command });
    return 'unavailable';
  }
  const yes = await p.confirm({ id: 'cli-login', message: `${why}. Run \`${command}\` now?`, initial: true });
  if (!yes) return 'declined';
  const r = await p.suspend(() => s.login(need.tool, loginArgs(need)));
  if (r.exitCode === 0) {
    p.show({ kind: 'text', tone: 'success', text: `${need.tool} is logged in to ${need.host}.` });
    return 'logged-in';
  }
  p.show({ kind: 'text', tone: 'error', text: r.notFound ? `${need.tool} was not found on PATH.` : `\`${command}\` did not finish (exit ${r.exitCode}).` });
  return 'failed';
}

/**
 * Runs `attempt`; when its result says a login is needed and the person logs in, runs it once more (a second
 * "not logged in" is returned as is: no loop).
 */
export async function withCliLogin<R>(
  p: Prompter,
  s: CliLoginServices,
  attempt: () => Promise<R>,
  needsLogin: (r: R) => LoginNeed | undefined,
): Promise<{ result: R; login?: LoginOutcome }> {
  const first = await attempt();
  const need = needsLogin(first);
  if (!need) return { result: first };
  const login = await offerCliLogin(p, need, s);
  if (login !== 'logged-in') return { result: first, login };
  return { result: await attempt(), login };
}
