/**
 * The only place that starts child processes. Values that must stay secret go through `input` (the child's
 * stdin, a pipe) and never through `args`; a test wrapper records every call to prove it.
 */
export interface RunOptions {
  /** Written to the child's stdin, which is then closed. Without it stdin is an empty, closed pipe. */
  input?: string;
  /** Environment additions; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Discard the child's stdout and stderr instead of piping them (a clipboard tool such as xclip leaves a
   * background copy holding the pipes open until the selection is replaced; piped, the call would never end).
   */
  discardOutput?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The executable was not found on PATH. */
  notFound: boolean;
  timedOut: boolean;
}

export interface ProcessRunner {
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /**
   * Runs a child on this terminal (stdin, stdout and stderr inherited), e.g. `gh auth login`: the caller must
   * have handed the terminal over first (Prompter.suspend). Never for a child that should receive a secret.
   */
  runInteractive?(file: string, args: readonly string[], opts?: Pick<RunOptions, 'env' | 'cwd'>): Promise<{ exitCode: number; notFound: boolean }>;
}

/** Never passed to a child: gh, glab and friends have no use for them and could log or forward them. */
const ALWAYS_SECRET_ENV = ['FLYTE_API_KEY', 'JENKINS_API_TOKEN'] as const;
const secretEnvNames = new Set<string>(ALWAYS_SECRET_ENV);

/**
 * Registers an environment variable as holding a secret (e.g. the one named by --client-secret-env), so that
 * no child process started by the runner inherits it.
 */
export function markSecretEnv(name: string): void {
  secretEnvNames.add(name);
}

/** The variables removed from every child's environment (FLYTE_API_KEY, JENKINS_API_TOKEN and the marked ones). */
export function secretEnvNamesForChildren(): string[] {
  return [...secretEnvNames];
}

/**
 * The environment a child gets: the parent's, plus `extra`, minus `undefined` entries and every secret-bearing
 * variable (even when `extra` sets one: secrets reach children only through stdin).
 */
export function childEnv(base: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { ...base, ...extra };
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  for (const name of secretEnvNames) delete env[name];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env as Record<string, string>;
}

/**
 * The runner for real children. `base` is the environment children start from: the command context's env
 * (injected; this module never reads process.env), minus the secrets, plus each call's additions.
 */
export function createProcessRunner(base: Record<string, string | undefined>): ProcessRunner {
  return {
    async run(file, args, opts = {}) {
      const { execa } = await import('execa');
      const env = childEnv(base, opts.env);
      const r = await execa(file, [...args], {
        input: opts.input ?? '',
        env,
        extendEnv: false,
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 60_000,
        cancelSignal: opts.signal,
        reject: false,
        stripFinalNewline: false,
        stdio: ['pipe', opts.discardOutput ? 'ignore' : 'pipe', opts.discardOutput ? 'ignore' : 'pipe'],
      });
      const notFound = (r as { code?: string }).code === 'ENOENT';
      return {
        exitCode: typeof r.exitCode === 'number' ? r.exitCode : notFound ? 127 : 1,
        stdout: String(r.stdout ?? ''),
        stderr: String(r.stderr ?? ''),
        notFound,
        timedOut: Boolean(r.timedOut),
      };
    },
    async runInteractive(file, args, opts = {}) {
      const { execa } = await import('execa');
      const r = await execa(file, [...args], { env: childEnv(base, opts.env), extendEnv: false, cwd: opts.cwd, reject: false, stdio: 'inherit' });
      const notFound = (r as { code?: string }).code === 'ENOENT';
      return { exitCode: typeof r.exitCode === 'number' ? r.exitCode : notFound ? 127 : 1, notFound };
    },
  };
}
