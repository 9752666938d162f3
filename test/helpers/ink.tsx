/**
 * Component-test harness (ink-and-tooling.md §4.1, P4): render, every stdin write and unmount run inside
 * React's act(), so each key batch is fully applied before the test looks at the frame — no sleeps.
 * `renderUi` uses ink-testing-library (100 columns); `renderAt` uses our own streams for other widths.
 */
import React, { act, type ReactElement } from 'react';
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { render as inkRender } from 'ink';
import { render as libRender } from 'ink-testing-library';
import { UiContext, type UiOptions } from '../../src/ui/components/ui.js';

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  esc: '\u001b',
  backspace: '\u007f',
  tab: '\t',
  ctrlC: '\u0003',
  space: ' ',
} as const;

export const plain = (s: string | undefined): string => stripVTControlCharacters(s ?? '');

/** Let Ink flush a lone ESC (it waits one setImmediate to tell Esc from an escape sequence). */
const tick = () => new Promise<void>((r) => setImmediate(r));

export interface Rendered {
  /** The last frame without ANSI codes. */
  frame(): string;
  /** The last frame as written (with ANSI codes when colour is on). */
  rawFrame(): string;
  frames: string[];
  write(data: string): Promise<void>;
  unmount(): Promise<void>;
}

const DEFAULT_UI: UiOptions = { color: false, accessible: false };

export async function renderUi(node: ReactElement, ui: UiOptions = DEFAULT_UI): Promise<Rendered> {
  let r!: ReturnType<typeof libRender>;
  await act(async () => {
    r = libRender(<UiContext.Provider value={ui}>{node}</UiContext.Provider>);
  });
  return {
    frame: () => plain(r.lastFrame()),
    rawFrame: () => r.lastFrame() ?? '',
    frames: r.frames,
    write: async (data) => {
      await act(async () => {
        r.stdin.write(data);
        await tick();
      });
    },
    unmount: async () => {
      await act(async () => {
        r.unmount();
      });
    },
  };
}

/** A stdout with a chosen width that records every frame (Ink debug mode writes whole frames). */
export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  control: string[] = [];
  isTTY = true;
  rows = 24;
  constructor(public columns = 100) {
    super();
  }
  write = (chunk: string, cb?: () => void): boolean => {
    // Ink's unmount writes '' as a flush barrier and cli-cursor writes a bare "show cursor": not frames.
    if (chunk !== '' && !/^(\u001b\[\?25[hl])+$/u.test(chunk)) this.frames.push(chunk);
    else this.control.push(chunk);
    if (typeof cb === 'function') cb();
    return true;
  };
  get all(): string {
    return this.frames.join('');
  }
  lastFrame = (): string => this.frames[this.frames.length - 1] ?? '';
  resize(columns: number): void {
    this.columns = columns;
    this.emit('resize');
  }
}

/** A terminal-like stdin (ink-testing-library's shape) that records raw-mode changes. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  rawModeCalls: boolean[] = [];
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  setEncoding(): void {}
  setRawMode(mode: boolean): void {
    this.isRaw = mode;
    this.rawModeCalls.push(mode);
  }
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
}

export async function renderAt(node: ReactElement, columns: number, ui: UiOptions = DEFAULT_UI) {
  const stdout = new FakeStdout(columns);
  const stdin = new FakeStdin();
  let instance!: ReturnType<typeof inkRender>;
  await act(async () => {
    instance = inkRender(<UiContext.Provider value={ui}>{node}</UiContext.Provider>, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
  });
  return {
    stdout,
    stdin,
    frame: () => plain(stdout.lastFrame()),
    write: async (data: string) => {
      await act(async () => {
        stdin.write(data);
        await tick();
      });
    },
    resize: async (cols: number) => {
      await act(async () => {
        stdout.resize(cols);
        await tick();
      });
    },
    unmount: async () => {
      await act(async () => {
        instance.unmount();
      });
    },
  };
}

/**
 * Run something that may schedule React work (a prompter call) inside act(). The result comes back boxed:
 * returning a pending promise from an async function would make the caller wait for it to settle.
 */
export async function inAct<T>(fn: () => T): Promise<{ value: T }> {
  let out!: T;
  await act(async () => {
    out = fn();
    // Mark a returned promise as handled now; the test awaits it later.
    if (out instanceof Promise) out.catch(() => undefined);
    await tick();
  });
  return { value: out };
}

/** The widest line of a frame, in terminal cells (ASCII and the few glyphs we use are one cell wide). */
export function widest(frame: string): number {
  return Math.max(0, ...frame.split('\n').map((l) => [...l].length));
}

/**
 * A minimal terminal for what Ink and the prompter write in live (non-debug) mode: printable text with
 * auto-wrap at `columns`, CR, LF (as CR LF, the tty's ONLCR), cursor up/down/column (CSI A/B/C/D/G), erase line
 * (CSI 2K/K) and erase below (CSI J). Other CSI/OSC sequences (SGR colours, cursor show/hide, synchronized
 * output, hyperlinks) are ignored. No height limit: what scrolled off stays in `lines()`, like scrollback.
 */
export class VirtualTerminal {
  private rows: string[][] = [[]];
  private row = 0;
  private col = 0;
  constructor(readonly columns: number) {}

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row]!;
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\u001b') {
        const csi = /^\u001b\[([?0-9;]*)([A-Za-z])/u.exec(data.slice(i));
        if (csi) {
          this.csi(csi[1]!, csi[2]!);
          i += csi[0].length;
          continue;
        }
        const osc = /^\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/u.exec(data.slice(i));
        i += osc ? osc[0].length : 1;
        continue;
      }
      i += 1;
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') {
        this.row += 1;
        this.col = 0;
        this.line();
      } else if (ch >= ' ') {
        if (this.col >= this.columns) {
          this.row += 1;
          this.col = 0;
        }
        const line = this.line();
        while (line.length < this.col) line.push(' ');
        line[this.col] = ch;
        this.col += 1;
      }
    }
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?')) return;
    const n = params === '' ? 1 : Number(params.split(';')[0]) || 1;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row += n;
        break;
      case 'C':
        this.col = Math.min(this.columns - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'G':
        this.col = Math.max(0, n - 1);
        break;
      case 'K': {
        const line = this.line();
        if (params === '2') line.length = 0;
        else line.length = Math.min(line.length, this.col);
        break;
      }
      case 'J':
        this.line().length = Math.min(this.line().length, this.col);
        this.rows.length = this.row + 1;
        break;
      default:
        break;
    }
  }

  /** Every row written so far, trailing spaces removed; rows below the cursor that are empty are left out. */
  lines(): string[] {
    const out = this.rows.map((r) => r.join('').replace(/\s+$/u, ''));
    while (out.length > 0 && out[out.length - 1] === '' && out.length > this.row) out.pop();
    return out;
  }

  /** The screen as text, the cursor's (empty) row excluded. */
  text(): string {
    const out = this.lines();
    if (out.length > 0 && out[out.length - 1] === '' && this.col === 0) out.pop();
    return out.join('\n');
  }
}
