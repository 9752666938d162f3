/**
 * Copies a value to the clipboard two ways at once: OSC 52 written to the terminal (works over ssh and in most
 * modern terminals; tmux needs its passthrough wrapper) and the platform's own tool when one is on PATH
 * (pbcopy, wl-copy, xclip, xsel, clip.exe). The value reaches a tool through its stdin only, never its argv.
 */
import type { Env } from '../core/env.js';
import type { Secret } from '../core/secret.js';
import type { ProcessRunner } from './process.js';

export interface ClipboardTool {
  file: string;
  args: string[];
}

/** Candidate tools for this platform and session, best first. */
export function clipboardTools(platform: NodeJS.Platform, env: Env): ClipboardTool[] {
  if (platform === 'darwin') return [{ file: 'pbcopy', args: [] }];
  if (platform === 'win32') return [{ file: 'clip.exe', args: [] }];
  const tools: ClipboardTool[] = [];
  if (env.WAYLAND_DISPLAY) tools.push({ file: 'wl-copy', args: [] });
  if (env.DISPLAY) tools.push({ file: 'xclip', args: ['-selection', 'clipboard'] }, { file: 'xsel', args: ['--clipboard', '--input'] });
  // WSL: Windows' clipboard, reached through clip.exe on PATH.
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) tools.push({ file: 'clip.exe', args: [] });
  return tools;
}

/** The OSC 52 "set clipboard" sequence; inside tmux, wrapped so tmux passes it to the outer terminal. */
export function osc52(value: string, env: Env): string {
  const seq = `\u001b]52;c;${Buffer.from(value, 'utf8').toString('base64')}\u0007`;
  if (env.TMUX) return `\u001bPtmux;${seq.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;
  if ((env.TERM ?? '').startsWith('screen')) return `\u001bP${seq}\u001b\\`;
  return seq;
}

export interface CopyResult {
  /** The platform tool that took the value (exit 0), if any. */
  tool?: string;
  /** OSC 52 was written to the terminal (the terminal may still ignore it). */
  osc52: boolean;
  /** At least one way was tried successfully. */
  ok: boolean;
}

export interface ClipboardDeps {
  proc: ProcessRunner;
  env: Env;
  platform: NodeJS.Platform;
  /** Writes to the terminal (stdout when it is one); absent → no OSC 52. */
  writeTerminal?: (chunk: string) => void;
  timeoutMs?: number;
}

export async function copyToClipboard(value: Secret, deps: ClipboardDeps): Promise<CopyResult> {
  let osc = false;
  if (deps.writeTerminal) {
    deps.writeTerminal(osc52(value.reveal(), deps.env));
    osc = true;
  }
  let tool: string | undefined;
  for (const t of clipboardTools(deps.platform, deps.env)) {
    const r = await deps.proc.run(t.file, t.args, { input: value.reveal(), timeoutMs: deps.timeoutMs ?? 5000, discardOutput: true });
    if (r.notFound) continue;
    if (r.exitCode === 0) {
      tool = t.file;
      break;
    }
  }
  return { ...(tool ? { tool } : {}), osc52: osc, ok: osc || tool !== undefined };
}

/**
 * The real services behind flow/key-handoff.ts: clipboard (OSC 52 on `terminal` when it is a TTY, plus the
 * platform tool) and the 0600 key file.
 */
export async function createKeyHandoffServices(deps: { proc: ProcessRunner; env: Env; platform?: NodeJS.Platform; terminal?: { isTTY: boolean; write(chunk: string): void } }) {
  const { writeSecretFile } = await import('./key-file.js');
  const term = deps.terminal;
  return {
    copy: (key: Secret) =>
      copyToClipboard(key, {
        proc: deps.proc,
        env: deps.env,
        platform: deps.platform ?? process.platform,
        ...(term?.isTTY ? { writeTerminal: (c: string) => term.write(c) } : {}),
      }),
    writeFile: writeSecretFile,
    inRepository: (file: string) => inGitRepository(deps.proc, file),
  };
}

/**
 * Inside a git work tree and not ignored? (`git rev-parse --is-inside-work-tree` in the file's folder, then
 * `git check-ignore`: exit 1 = not ignored.) No git, or any doubt: false (the question is only a warning).
 */
export async function inGitRepository(proc: ProcessRunner, file: string): Promise<boolean> {
  const { dirname, resolve } = await import('node:path');
  const abs = resolve(file);
  const cwd = dirname(abs);
  const inside = await proc.run('git', ['rev-parse', '--is-inside-work-tree'], { cwd, timeoutMs: 5000 }).catch(() => undefined);
  if (!inside || inside.exitCode !== 0 || inside.stdout.trim() !== 'true') return false;
  const ignored = await proc.run('git', ['check-ignore', '-q', '--', abs], { cwd, timeoutMs: 5000 }).catch(() => undefined);
  return ignored?.exitCode === 1;
}
