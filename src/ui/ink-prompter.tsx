/**
 * The Ink implementation of the Prompter contract (src/core/prompter.ts), loaded lazily by src/ui/prompter.tsx
 * (which makes the first question interactive before this module and Ink are even parsed). Shopify cli-kit's
 * model: every question is its own short-lived Ink render awaited as a promise, so the flow stays plain async code.
 *
 * - Keys come from the key pump (src/ui/key-pump.ts), not from Ink's stdin: it owns raw mode from the first
 *   question to close()/suspend(), and gives each question its keys one at a time; keys after an answer wait for
 *   the next question.
 * - `exitOnCtrlC: false`: with Ink's default, Ctrl-C would exit with code 0. Here it is a key like any other; the
 *   question rejects with CancelledError and the command exits 130; close() restores the terminal.
 * - Esc rejects with BackSignal; the question's lines are erased (with the empty line Ink's last frame leaves) so
 *   the flow can ask the previous one again. The prompter remembers the summary lines it left, in order: when the
 *   flow then asks a question whose summary is among the latest lines printed (only summaries below it), those
 *   lines are erased too, so the re-asked question replaces its own "✔ …" line instead of appearing under it.
 * - Esc on a question with no answered question above it (the first one) quits: its key hint says "Esc quit".
 * - An answered question leaves one dim summary line ("✔ Provider: Microsoft Entra ID"); a secret is summarised
 *   as "•••• (N characters)" and never rendered, not even masked characters in the summary.
 * - `show()` renders blocks once with renderToString (no raw mode, no listeners); while a task line is live the
 *   blocks wait and are printed after it, so they never collide with Ink's repainting. Code lines are written
 *   whole, unwrapped (components/Blocks.tsx).
 */
import type { InkPrompterOptions as PrompterOptions } from './prompter.js';
import { EventEmitter } from 'node:events';
import React, { useState, type ReactElement } from 'react';
import { render, renderToString, type Instance } from 'ink';
import type { KeyPump } from './key-pump.js';
import { toSequence } from './keys.js';
import { eraseRows, sameScreen } from './prepaint.js';
import { CancelledError } from '../core/errors.js';
import { BackSignal, type Block, type Choice, type Prompter, type TaskExtras } from '../core/prompter.js';
import { Secret } from '../core/secret.js';
import { blocksToString } from './components/Blocks.js';
import { Checklist } from './components/Checklist.js';
import { Confirm } from './components/Confirm.js';
import { Pause } from './components/Pause.js';
import { Select } from './components/Select.js';
import { LineStore, TaskLine, type TaskStatus } from './components/Spinner.js';
import { TextField } from './components/TextField.js';
import { KeyPumpContext, SummaryLine, UiContext, controlAction, useKeys, type Outcome, type UiOptions } from './components/ui.js';

/** What the prompter has printed, latest last: answered questions' summary lines, and anything else. */
type Printed = { kind: 'summary'; id: string; message: string; answer?: string } | { kind: 'other' };

export type InkPrompterOptions = Omit<PrompterOptions, 'prepaint' | 'pump'> & { pump: KeyPump };

/** A select question, as Prompter.select takes it. */
export interface SelectQ<T extends string> {
  id: string;
  message: string;
  choices: Choice<T>[];
  initial?: T;
  help?: string;
}

/** A frame already on screen (painted before Ink loaded) that the question's first Ink frame takes over. */
export interface Adopt {
  adopt?: { text: string; rows: number };
}

/** The loaded prompter, plus what the light front (prompter.tsx) needs to hand a question over to it. */
export interface LoadedInkPrompter extends Prompter {
  select<T extends string>(q: SelectQ<T>, extra?: Adopt & { initialIndex?: number }): Promise<T>;
  text(q: Parameters<Prompter['text']>[0], extra?: Adopt): Promise<string>;
  secret(q: Parameters<Prompter['secret']>[0], extra?: Adopt): ReturnType<Prompter['secret']>;
  confirm(q: Parameters<Prompter['confirm']>[0], extra?: Adopt): Promise<boolean>;
  /** A question answered before Ink loaded left this summary line. */
  recordSummary(id: string, summary: { message: string; answer?: string }): void;
  /** A question left with Esc before Ink loaded (its frame is already erased). */
  recordBack(): void;
}

/**
 * Ink's stdin: fed by the key pump. Our questions read the pump directly (useKeys), so Ink never reads this;
 * a component that uses Ink's own useInput still gets every key, in order, through it.
 */
class PumpStdin extends EventEmitter {
  isTTY = true;
  private buffer = '';
  private detach: (() => void) | undefined;
  constructor(private readonly pump: KeyPump) {
    super();
  }
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  setRawMode(on: boolean): void {
    this.detach?.();
    this.detach = undefined;
    if (!on) return;
    this.detach = this.pump.attach(
      (ev) => {
        this.buffer += toSequence(ev);
        this.emit('readable');
        return 'take';
      },
      { textRuns: true },
    );
  }
  read = (): string | null => {
    const data = this.buffer;
    this.buffer = '';
    return data === '' ? null : data;
  };
}

/**
 * Some pseudo-terminals report a 0×0 window; Ink would then lay out one character per line. Ink sees 80×24
 * there instead (only the size is changed; everything else is the real stream).
 */
function sizedStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  if (stdout.columns > 0 && stdout.rows > 0) return stdout;
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'columns') return target.columns > 0 ? target.columns : 80;
      if (prop === 'rows') return target.rows > 0 ? target.rows : 24;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * stdout for a question whose frame is already on screen: Ink's first frame is not written when it shows the
 * same cells (no erase-and-redraw of an identical frame); otherwise the old frame is erased in the same write.
 */
function adoptingStdout(stdout: NodeJS.WriteStream, frame: { text: string; rows: number }): NodeJS.WriteStream {
  let first = true;
  const write = (chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
    const done = typeof encoding === 'function' ? encoding : cb;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    // Cursor show/hide and synchronized-output markers go through as they are.
    if (first && !/^(\u001b\[\?\d+[hl])*$/u.test(text)) {
      first = false;
      if (sameScreen(text, frame.text)) {
        if (typeof done === 'function') (done as () => void)();
        return true;
      }
      return stdout.write(eraseRows(frame.rows) + text, done as () => void);
    }
    return typeof done === 'function' ? stdout.write(chunk, done as () => void) : stdout.write(chunk);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** What the prompter's methods share: the streams, what is on screen, and the question or task now open. */
interface PrompterState {
  opts: InkPrompterOptions;
  stdout: NodeJS.WriteStream;
  pump: KeyPump;
  inkStdin: NodeJS.ReadStream;
  ui: UiOptions;
  active: Instance | undefined;
  pendingOutput: string[];
  printed: Printed[];
  /** The last question ended with Esc: the next one may be a question asked again. */
  backPending: boolean;
  /** Debug mode (tests) writes whole frames, not a live screen: nothing to erase there. */
  live: boolean;
}

type Frame = { text: string; rows: number };

function columns(st: PrompterState): number {
  return st.stdout.columns && st.stdout.columns > 0 ? st.stdout.columns : 80;
}

function markOther(st: PrompterState): void {
  if (st.printed[st.printed.length - 1]?.kind !== 'other') st.printed.push({ kind: 'other' });
}

/** Rows a summary line takes now: rendered by the same component, at the current width. */
function summaryRows(st: PrompterState, s: { message: string; answer?: string }): number {
  return renderToString(
    <UiContext.Provider value={st.ui}>
      <SummaryLine message={s.message} answer={s.answer} />
    </UiContext.Provider>,
    { columns: columns(st) },
  ).split('\n').length;
}

/**
 * After Esc, the flow asks a question again: erase its summary line, and the summaries of questions answered
 * after it (they follow on screen and will be asked again too). Only across summary lines, never blocks.
 */
function eraseSummaryOf(st: PrompterState, id: string): void {
  let at = -1;
  for (let i = st.printed.length - 1; i >= 0; i--) {
    const entry = st.printed[i]!;
    if (entry.kind !== 'summary') break;
    if (entry.id === id) {
      at = i;
      break;
    }
  }
  if (at === -1) return;
  const gone = st.printed.splice(at);
  const rows = gone.reduce((n, entry) => n + (entry.kind === 'summary' ? summaryRows(st, entry) : 0), 0);
  if (st.live && rows > 0) st.stdout.write(eraseRows(rows));
}

function mount(st: PrompterState, node: ReactElement, extra: Partial<UiOptions> = {}, adopt?: Frame): Instance {
  const { stdout, live } = st;
  return render(
    <KeyPumpContext.Provider value={st.pump}>
      <UiContext.Provider value={{ ...st.ui, ...extra }}>{node}</UiContext.Provider>
    </KeyPumpContext.Provider>,
    {
      stdin: st.inkStdin,
      stdout: adopt && live ? adoptingStdout(sizedStdout(stdout), adopt) : live ? sizedStdout(stdout) : stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      debug: st.opts.debug ?? false,
      isScreenReaderEnabled: st.opts.accessible,
    },
  );
}

// Ink's screen-reader mode (accessible) leaves the cursor at the end of the last line it wrote, where the
// normal mode ends each frame with a newline: finish the line so the next question starts on its own.
function endScreenReaderLine(st: PrompterState): void {
  if (st.opts.accessible) st.stdout.write('\n');
}

function flushPending(st: PrompterState): void {
  const out = st.pendingOutput.join('');
  st.pendingOutput = [];
  if (out) {
    st.stdout.write(out);
    markOther(st);
  }
}

/** One question = one render; resolves with the submitted value, rejects with BackSignal or CancelledError. */
function ask<V>(st: PrompterState, id: string, build: (onOutcome: (o: Outcome<V>) => void) => ReactElement, adopt?: Frame): Promise<V> {
  if (st.active) return Promise.reject(new Error('a question is already open: the flow must await each prompt'));
  if (st.backPending) {
    st.backPending = false;
    eraseSummaryOf(st, id);
  }
  // Esc on a question with no answer above it has nothing to go back to: the flow quits.
  const esc = st.printed.some((entry) => entry.kind === 'summary') ? 'back' : 'quit';
  return new Promise<V>((resolve, reject) => {
    let outcome: Outcome<V> | undefined;
    let instance: Instance | undefined;
    let summary: { message: string; answer?: string } | undefined;
    const onOutcome = (o: Outcome<V>): void => {
      outcome = o;
      instance?.unmount();
    };
    instance = mount(st, build(onOutcome), { esc, onSummary: (s) => (summary = s) }, adopt);
    // Keys typed ahead may answer the question while it mounts, before `instance` was assigned.
    if (outcome) instance.unmount();
    st.active = instance;
    instance.waitUntilExit().then(
      () => {
        if (st.active === instance) st.active = undefined;
        if (outcome?.kind === 'back') {
          // Ink's last frame was empty but still ended its line: take that empty line back.
          if (st.live && !st.opts.accessible) st.stdout.write(eraseRows(1));
          st.backPending = true;
        } else {
          endScreenReaderLine(st);
        }
        if (outcome?.kind === 'submit') st.printed.push(summary ? { kind: 'summary', id, ...summary } : { kind: 'other' });
        flushPending(st);
        if (outcome?.kind === 'submit') resolve(outcome.value);
        else if (outcome?.kind === 'back') reject(new BackSignal());
        else reject(new CancelledError());
      },
      (err: unknown) => {
        if (st.active === instance) st.active = undefined;
        flushPending(st);
        reject(err);
      },
    );
  });
}

function recordSummary(st: PrompterState, id: string, summary: { message: string; answer?: string }): void {
  st.printed.push({ kind: 'summary', id, ...summary });
  st.backPending = false;
}

function askSelect<T extends string>(st: PrompterState, q: SelectQ<T>, extra: Adopt & { initialIndex?: number } = {}): Promise<T> {
  return ask(
    st,
    q.id,
    (onOutcome) => (
      <Select message={q.message} choices={q.choices} initial={q.initial} help={q.help} initialIndex={extra.initialIndex} onOutcome={onOutcome} />
    ),
    extra.adopt,
  );
}

function askText(st: PrompterState, q: Parameters<Prompter['text']>[0], extra: Adopt = {}): Promise<string> {
  return ask<string>(st, q.id, (onOutcome) => (
    <TextField
      message={q.message}
      help={q.help}
      initial={q.initial}
      placeholder={q.placeholder}
      normalize={q.normalize}
      validate={q.validate}
      note={q.note}
      onOutcome={onOutcome}
    />
  ), extra.adopt);
}

async function askSecret(st: PrompterState, q: Parameters<Prompter['secret']>[0], extra: Adopt = {}): Promise<Secret> {
  const value = await ask<string>(st, q.id, (onOutcome) => (
    <TextField
      masked
      message={q.message}
      help={q.help}
      placeholder={q.placeholder}
      validate={q.validate}
      note={q.note}
      emptySummary={q.emptySummary}
      onOutcome={onOutcome}
    />
  ), extra.adopt);
  return new Secret(value);
}

function askConfirm(st: PrompterState, q: Parameters<Prompter['confirm']>[0], extra: Adopt = {}): Promise<boolean> {
  return ask<boolean>(st, q.id, (onOutcome) => <Confirm message={q.message} initial={q.initial} onOutcome={onOutcome} />, extra.adopt);
}

async function askChecklist(st: PrompterState, q: Parameters<Prompter['checklist']>[0]): Promise<string[]> {
  const ticked = await ask<boolean[]>(st, q.id, (onOutcome) => (
    <Checklist title={q.title} items={q.items} help={q.help} initial={q.initial} onOutcome={onOutcome} />
  ));
  return q.items.filter((_, i) => ticked[i]).map((item) => item.id);
}

async function askPause(st: PrompterState, q: Parameters<Prompter['pause']>[0]): Promise<void> {
  await ask<true>(st, q.id, (onOutcome) => <Pause message={q.message} escLabel={q.escLabel} onOutcome={onOutcome} />);
}

function runTask<T>(
  st: PrompterState,
  label: string,
  run: (update: (line: string) => void, signal: AbortSignal) => Promise<T>,
  extras?: TaskExtras<T>,
): Promise<T> {
  if (st.active) return Promise.reject(new Error('a question is already open: the flow must await each prompt'));
  const store = new LineStore(label);
  let cancel: () => void = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => reject(new CancelledError());
  });
  const stop = new AbortController();
  const host = (status: TaskStatus) => (
    <TaskHost store={store} status={status} onCancel={() => cancel()} onEsc={extras?.escStops ? () => stop.abort() : undefined} />
  );
  const instance = mount(st, host('running'));
  st.active = instance;
  const finish = async (status: TaskStatus): Promise<void> => {
    if (status === 'done') store.set(label);
    instance.rerender(<UiContext.Provider value={st.ui}>{host(status)}</UiContext.Provider>);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    if (st.active === instance) st.active = undefined;
    endScreenReaderLine(st);
    markOther(st);
    st.backPending = false;
    flushPending(st);
  };
  const work = run((line) => store.set(line), stop.signal);
  work.catch(() => undefined); // after a Ctrl-C the work's own outcome no longer matters
  return Promise.race([work, cancelled]).then(
    async (value) => {
      await finish(extras?.failed?.(value) ? 'failed' : 'done');
      return value;
    },
    async (err: unknown) => {
      await finish(err instanceof CancelledError ? 'cancelled' : 'failed');
      throw err;
    },
  );
}

function showBlocks(st: PrompterState, blocks: Block[]): void {
  if (blocks.length === 0) return;
  const text = `${blocksToString(blocks, columns(st), st.ui)}\n`;
  if (st.active) st.pendingOutput.push(text);
  else {
    st.stdout.write(text);
    markOther(st);
    // Something new under the erased question: whatever the flow asks next goes below it.
    st.backPending = false;
  }
}

async function closePrompter(st: PrompterState): Promise<void> {
  const open = st.active;
  if (open) {
    open.unmount();
    await open.waitUntilExit().catch(() => undefined);
    if (st.active === open) st.active = undefined;
  }
  flushPending(st);
  // Leave the terminal cooked: the pump owns raw mode (a later question would start it again).
  st.pump.stop();
}

export function createLoadedInkPrompter(opts: InkPrompterOptions): LoadedInkPrompter {
  const st: PrompterState = {
    opts,
    stdout: opts.stdout ?? process.stdout,
    pump: opts.pump,
    inkStdin: new PumpStdin(opts.pump) as unknown as NodeJS.ReadStream,
    ui: { color: opts.color, accessible: opts.accessible },
    active: undefined,
    pendingOutput: [],
    printed: [],
    backPending: false,
    live: !opts.debug,
  };
  return {
    recordSummary: (id, summary) => recordSummary(st, id, summary),
    recordBack: () => {
      st.backPending = true;
    },
    select: (q, extra) => askSelect(st, q, extra),
    text: (q, extra) => askText(st, q, extra),
    secret: (q, extra) => askSecret(st, q, extra),
    confirm: (q, extra) => askConfirm(st, q, extra),
    checklist: (q) => askChecklist(st, q),
    pause: (q) => askPause(st, q),
    task: (label, run, extras) => runTask(st, label, run, extras),
    show: (...blocks) => showBlocks(st, blocks),
    close: () => closePrompter(st),
  };
}

/** The live task line; listens only for Ctrl-C and, when the task allows it, Esc (raw mode keeps typed keys from echoing over the spinner). */
function TaskHost({ store, status, onCancel, onEsc }: { store: LineStore; status: TaskStatus; onCancel: () => void; onEsc?: () => void }) {
  const [cancelled, setCancelled] = useState(false);
  // Only Ctrl-C (and Esc where the task stops on it) are the task's; other keys typed meanwhile wait for the next question.
  useKeys(
    (ev) => {
      const action = controlAction(ev.input, ev.key);
      if (action === 'back' && onEsc) {
        onEsc();
        return 'done';
      }
      if (action !== 'cancel' || cancelled) return 'skip';
      setCancelled(true);
      onCancel();
      return 'done';
    },
    { active: status === 'running', textRuns: true },
  );
  return <TaskLine store={store} status={cancelled && status === 'running' ? 'cancelled' : status} />;
}
