/**
 * Real-terminal harness (ink-and-tooling.md §4.4): runs the BUILT command in a tmux pseudo-terminal on a private
 * tmux server (`tmux -L <unique socket>`), types with `send-keys`, reads the screen with `capture-pane -p`.
 * Waits poll the screen for expected text with a bound; a timeout fails with the screen as it was.
 * After the command ends, the pane's shell records its exit code and `stty -a` (was the terminal restored?).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BIN } from './cli.js';

const exec = promisify(execFile);

/** `sh` single-quoting. */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TmuxOptions {
  args: string[];
  cwd: string;
  /** Extra environment for the command (the base is PATH, HOME, LANG=C.UTF-8, TERM from tmux; never CI). */
  env?: Record<string, string>;
  width?: number;
  height?: number;
  /** Shell lines run in the pane just before the command (e.g. `stty rows 0 cols 0`). */
  before?: string;
}

export interface Finished {
  code: number;
  stty: string;
}

export class TmuxTerminal {
  private constructor(
    readonly socket: string,
    readonly dir: string,
    readonly startedAt: number,
  ) {}

  static available(): Promise<boolean> {
    return exec('tmux', ['-V']).then(
      () => true,
      () => false,
    );
  }

  static async start(opts: TmuxOptions): Promise<TmuxTerminal> {
    const socket = `fca-${process.pid}-${randomBytes(4).toString('hex')}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'fca-tmux-'));
    const env = { ...opts.env };
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}=${q(v)}`)
      .join('\n');
    // The pane's shell: run the command, then record how it ended and the terminal's mode, then idle so the
    // final screen stays readable until the test kills the server.
    const script = [
      'unset CI NO_COLOR FORCE_COLOR GITHUB_ACTIONS',
      exports,
      `cd ${q(opts.cwd)}`,
      ...(opts.before ? [opts.before] : []),
      `${q(process.execPath)} ${q(BIN)} ${opts.args.map(q).join(' ')}`,
      `code=$?`,
      `stty -a > ${q(path.join(dir, 'stty'))} 2>&1`,
      `echo "$code" > ${q(path.join(dir, 'exit.tmp'))} && mv ${q(path.join(dir, 'exit.tmp'))} ${q(path.join(dir, 'exit'))}`,
      'exec sleep 600',
    ].join('\n');
    const scriptPath = path.join(dir, 'run.sh');
    await writeFile(scriptPath, script);
    const baseEnv: Record<string, string> = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color' };
    for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) baseEnv[k] = process.env[k]!;
    const startedAt = performance.now();
    await exec(
      'tmux',
      ['-L', socket, '-f', '/dev/null', '-u', 'new-session', '-d', '-s', 'main', '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30), `sh ${q(scriptPath)}`],
      { env: baseEnv },
    );
    return new TmuxTerminal(socket, dir, startedAt);
  }

  private tmux(...args: string[]) {
    return exec('tmux', ['-L', this.socket, ...args]);
  }

  /** Named keys as tmux spells them: Enter, Escape, Down, Up, Space, BSpace, C-c … */
  async keys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** Literal text (no key-name lookup). */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /**
   * The screen as text. By default the scrollback too, with wrapped lines joined (for matching); with
   * `{ visible: true }` exactly the rows and columns on screen now (for layout checks); `{ escapes: true }`
   * keeps the colours as SGR sequences.
   */
  async screen(opts: { visible?: boolean; escapes?: boolean } = {}): Promise<string> {
    const args = opts.visible ? ['capture-pane', '-p', '-t', 'main'] : ['capture-pane', '-p', '-J', '-t', 'main', '-S', '-2000'];
    if (opts.escapes) args.push('-e'); // keep colours and attributes as SGR sequences
    const { stdout } = await this.tmux(...args);
    return stdout.replace(/\s+$/u, '');
  }

  async resize(width: number, height: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'main', '-x', String(width), '-y', String(height));
  }

  /** Poll the screen until it matches; returns the screen. Fails after `timeoutMs` showing what was there. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000, intervalMs = 25): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await this.screen();
      if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
      if (performance.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; the screen was:\n${last}`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Wait until the command has exited; its exit code and `stty -a` taken right after. */
  async finished(timeoutMs = 15_000): Promise<Finished> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const code = await readFile(path.join(this.dir, 'exit'), 'utf8').catch(() => undefined);
      if (code !== undefined) {
        const stty = await readFile(path.join(this.dir, 'stty'), 'utf8');
        return { code: Number(code.trim()), stty };
      }
      if (performance.now() > deadline) {
        throw new Error(`the command did not exit within ${timeoutMs} ms; the screen was:\n${await this.screen()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** stty prints a disabled flag as "-flag". */
export function sttyHas(stty: string, flag: string): boolean {
  return new RegExp(`(^|\\s)${flag}(\\s|$)`, 'u').test(stty);
}
