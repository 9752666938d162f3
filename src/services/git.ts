/** The repository's `origin` remote, read through the ProcessRunner (so tests can replace git). */
import type { ProcessRunner } from './process.js';

export async function originUrl(cwd: string, proc: ProcessRunner): Promise<string | undefined> {
  const r = await proc.run('git', ['remote', 'get-url', 'origin'], {
    cwd,
    timeoutMs: 10_000,
    env: { GIT_TERMINAL_PROMPT: '0', FLYTE_API_KEY: undefined },
  });
  if (r.exitCode !== 0 || r.notFound) return undefined;
  const url = r.stdout.trim().split('\n')[0]?.trim();
  return url ? url : undefined;
}
