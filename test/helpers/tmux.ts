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

/**
 * How long a wait for one screen state may take. Generous, because the suite runs on a loaded 2-core machine
 * (a built CLI start is ~0.3 s idle, several seconds with other processes on both cores), but bounded: a real
 * hang still fails, with the screen in the message, well before the test's own timeout (vitest.config.ts).
 * `FCA_TEST_WAIT_MS` overrides it (e.g. on a very slow machine).
 */
export const SCREEN_WAIT_MS = Number(process.env.FCA_TEST_WAIT_MS) || 40_000;

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
    // The trap: a Ctrl-C that reaches the terminal while it is in cooked mode (before the command set raw mode,
    // or after it left it) is a SIGINT to the whole foreground process group, this shell included. Without a
    // trap, sh dies with its child, the pane closes, the private server exits with its last session, and every
    // later tmux call fails with "no server running" instead of reporting the exit code. With it, the shell
    // survives as an interactive user's shell does; the child still gets the default SIGINT action (a trap
    // with a command, unlike an ignored signal, is reset in children), so the command under test is unchanged.
    const script = [
      `trap "echo interrupted >> ${q(path.join(dir, 'signals'))}" INT`,
      'unset CI NO_COLOR FORCE_COLOR GITHUB_ACTIONS',
      exports,
      `cd ${q(opts.cwd)}`,
      ...(opts.before ? [opts.before] : []),
      `${q(process.execPath)} ${q(BIN)} ${opts.args.map(q).join(' ')}`,
      `code=$?`,
      `stty -a > ${q(path.join(dir, 'stty'))} 2>&1`,
      `echo "$code" > ${q(path.join(dir, 'exit.tmp'))} && mv ${q(path.join(dir, 'exit.tmp'))} ${q(path.join(dir, 'exit'))}`,
      // Idle until the test kills the server; bounded so a server a crashed run never killed goes away by itself.
      'exec sleep 900',
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

  private async tmux(...args: string[]) {
    try {
      return await exec('tmux', ['-L', this.socket, ...args]);
    } catch (e) {
      throw new Error(`${(e as Error).message.trim()}\n${await this.whyGone()}`, { cause: e });
    }
  }

  /** When a tmux call fails: what the pane's shell left behind (did the command exit? was the shell signalled?). */
  private async whyGone(): Promise<string> {
    const read = (f: string) => readFile(path.join(this.dir, f), 'utf8').then((t) => t.trim(), () => undefined);
    const [exit, signals] = await Promise.all([read('exit'), read('signals')]);
    const age = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    return `(terminal ${this.socket}, started ${age} s ago: command exit code ${exit ?? 'not recorded'}${signals ? `, pane shell got: ${signals.replace(/\n/g, ', ')}` : ''}${this.killed ? ', already killed by the test' : ''})`;
  }

  private killed = false;

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
  async waitFor(pattern: string | RegExp, timeoutMs = SCREEN_WAIT_MS, intervalMs = 25): Promise<string> {
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
  async finished(timeoutMs = SCREEN_WAIT_MS): Promise<Finished> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const code = await readFile(path.join(this.dir, 'exit'), 'utf8').catch(() => undefined);
      if (code !== undefined) {
        const stty = await readFile(path.join(this.dir, 'stty'), 'utf8');
        return { code: Number(code.trim()), stty };
      }
      if (performance.now() > deadline) {
        const screen = await this.screen().catch((e: Error) => `(unreadable: ${e.message})`);
        throw new Error(`the command did not exit within ${timeoutMs} ms; the screen was:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    await exec('tmux', ['-L', this.socket, 'kill-server']).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** stty prints a disabled flag as "-flag". */
export function sttyHas(stty: string, flag: string): boolean {
  return new RegExp(`(^|\\s)${flag}(\\s|$)`, 'u').test(stty);
}
