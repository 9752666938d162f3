/**
 * Runs the built command (bin/flyte-ci-auth.js → dist/) as a child process and captures everything.
 * `npm test` builds first; run `npm run build` before running single test files by hand.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'flyte-ci-auth.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no CI, no colour, no proxy or token variables inherited from the machine. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(
  args: string[],
  opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: cleanEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** Canary values: distinctive strings that must never show up in any output. */
export const CANARY_SECRET = 'CANARY-s3cr3t+/%~Zq9';
export function assertNoCanary(text: string, ...canaries: string[]): void {
  for (const c of [CANARY_SECRET, ...canaries]) {
    for (const form of [c, encodeURIComponent(c), Buffer.from(c).toString('base64')]) {
      if (text.includes(form)) throw new Error(`output contains a secret canary (${form.length} chars)`);
    }
  }
}
