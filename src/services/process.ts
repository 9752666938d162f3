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
}

export function createProcessRunner(): ProcessRunner {
  return {
    async run(file, args, opts = {}) {
      const { execa } = await import('execa');
      const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
      for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
      const r = await execa(file, [...args], {
        input: opts.input ?? '',
        env: env as Record<string, string>,
        extendEnv: false,
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 60_000,
        cancelSignal: opts.signal,
        reject: false,
        stripFinalNewline: false,
        stdio: ['pipe', 'pipe', 'pipe'],
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
  };
}
