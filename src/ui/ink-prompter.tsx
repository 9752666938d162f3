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
import { BackSignal, type Block, type Choice, type Prompter } from '../core/prompter.js';
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

export function createLoadedInkPrompter(opts: InkPrompterOptions): LoadedInkPrompter {
  const stdout = opts.stdout ?? process.stdout;
  const pump = opts.pump;
  const inkStdin = new PumpStdin(pump) as unknown as NodeJS.ReadStream;
  const ui: UiOptions = { color: opts.color, accessible: opts.accessible };
  let active: Instance | undefined;
  let pendingOutput: string[] = [];
  const printed: Printed[] = [];
  /** The last question ended with Esc: the next one may be a question asked again. */
  let backPending = false;
  // Debug mode (tests) writes whole frames, not a live screen: nothing to erase there.
  const live = !opts.debug;

  const columns = (): number => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);

  const markOther = (): void => {
    if (printed[printed.length - 1]?.kind !== 'other') printed.push({ kind: 'other' });
  };

  /** Rows a summary line takes now: rendered by the same component, at the current width. */
  const summaryRows = (s: { message: string; answer?: string }): number =>
    renderToString(
      <UiContext.Provider value={ui}>
        <SummaryLine message={s.message} answer={s.answer} />
      </UiContext.Provider>,
      { columns: columns() },
    ).split('\n').length;

  /**
   * After Esc, the flow asks a question again: erase its summary line, and the summaries of questions answered
   * after it (they follow on screen and will be asked again too). Only across summary lines, never blocks.
   */
  const eraseSummaryOf = (id: string): void => {
    let at = -1;
    for (let i = printed.length - 1; i >= 0; i--) {
      const entry = printed[i]!;
      if (entry.kind !== 'summary') break;
      if (entry.id === id) {
        at = i;
        break;
      }
    }
    if (at === -1) return;
    const gone = printed.splice(at);
    const rows = gone.reduce((n, entry) => n + (entry.kind === 'summary' ? summaryRows(entry) : 0), 0);
    if (live && rows > 0) stdout.write(eraseRows(rows));
  };

  const mount = (node: ReactElement, extra: Partial<UiOptions> = {}, adopt?: { text: string; rows: number }): Instance =>
    render(
      <KeyPumpContext.Provider value={pump}>
        <UiContext.Provider value={{ ...ui, ...extra }}>{node}</UiContext.Provider>
      </KeyPumpContext.Provider>,
      {
      stdin: inkStdin,
      stdout: adopt && live ? adoptingStdout(sizedStdout(stdout), adopt) : live ? sizedStdout(stdout) : stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      debug: opts.debug ?? false,
      isScreenReaderEnabled: opts.accessible,
      },
    );

  // Ink's screen-reader mode (accessible) leaves the cursor at the end of the last line it wrote, where the
  // normal mode ends each frame with a newline: finish the line so the next question starts on its own.
  const endScreenReaderLine = (): void => {
    if (opts.accessible) stdout.write('\n');
  };

  const flushPending = (): void => {
    const out = pendingOutput.join('');
    pendingOutput = [];
    if (out) {
      stdout.write(out);
      markOther();
    }
  };

  /** One question = one render; resolves with the submitted value, rejects with BackSignal or CancelledError. */
  function ask<V>(id: string, build: (onOutcome: (o: Outcome<V>) => void) => ReactElement, adopt?: { text: string; rows: number }): Promise<V> {
    if (active) return Promise.reject(new Error('a question is already open: the flow must await each prompt'));
    if (backPending) {
      backPending = false;
      eraseSummaryOf(id);
    }
    // Esc on a question with no answer above it has nothing to go back to: the flow quits.
    const esc = printed.some((entry) => entry.kind === 'summary') ? 'back' : 'quit';
    return new Promise<V>((resolve, reject) => {
      let outcome: Outcome<V> | undefined;
      let instance: Instance | undefined;
      let summary: { message: string; answer?: string } | undefined;
      const onOutcome = (o: Outcome<V>): void => {
        outcome = o;
        instance?.unmount();
      };
      instance = mount(build(onOutcome), { esc, onSummary: (s) => (summary = s) }, adopt);
      // Keys typed ahead may answer the question while it mounts, before `instance` was assigned.
      if (outcome) instance.unmount();
      active = instance;
      instance.waitUntilExit().then(
        () => {
          if (active === instance) active = undefined;
          if (outcome?.kind === 'back') {
            // Ink's last frame was empty but still ended its line: take that empty line back.
            if (live && !opts.accessible) stdout.write(eraseRows(1));
            backPending = true;
          } else {
            endScreenReaderLine();
          }
          if (outcome?.kind === 'submit') printed.push(summary ? { kind: 'summary', id, ...summary } : { kind: 'other' });
          flushPending();
          if (outcome?.kind === 'submit') resolve(outcome.value);
          else if (outcome?.kind === 'back') reject(new BackSignal());
          else reject(new CancelledError());
        },
        (err: unknown) => {
          if (active === instance) active = undefined;
          flushPending();
          reject(err);
        },
      );
    });
  }

  const prompter: LoadedInkPrompter = {
    recordSummary(id, summary) {
      printed.push({ kind: 'summary', id, ...summary });
      backPending = false;
    },
    recordBack() {
      backPending = true;
    },

    select(q, extra = {}) {
      return ask(
        q.id,
        (onOutcome) => (
          <Select message={q.message} choices={q.choices} initial={q.initial} help={q.help} initialIndex={extra.initialIndex} onOutcome={onOutcome} />
        ),
        extra.adopt,
      );
    },

    text(q, extra = {}) {
      return ask<string>(q.id, (onOutcome) => (
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
    },

    async secret(q, extra = {}) {
      const value = await ask<string>(q.id, (onOutcome) => (
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
    },

    confirm(q, extra = {}) {
      return ask<boolean>(q.id, (onOutcome) => <Confirm message={q.message} initial={q.initial} onOutcome={onOutcome} />, extra.adopt);
    },

    async checklist(q) {
      const ticked = await ask<boolean[]>(q.id, (onOutcome) => (
        <Checklist title={q.title} items={q.items} help={q.help} initial={q.initial} onOutcome={onOutcome} />
      ));
      return q.items.filter((_, i) => ticked[i]).map((item) => item.id);
    },

    async pause(q) {
      await ask<true>(q.id, (onOutcome) => <Pause message={q.message} escLabel={q.escLabel} onOutcome={onOutcome} />);
    },

    task<T>(label: string, run: (update: (line: string) => void) => Promise<T>): Promise<T> {
      if (active) return Promise.reject(new Error('a question is already open: the flow must await each prompt'));
      const store = new LineStore(label);
      let cancel: () => void = () => {};
      const cancelled = new Promise<never>((_, reject) => {
        cancel = () => reject(new CancelledError());
      });
      const host = (status: TaskStatus) => <TaskHost store={store} status={status} onCancel={() => cancel()} />;
      const instance = mount(host('running'));
      active = instance;
      const finish = async (status: TaskStatus): Promise<void> => {
        if (status === 'done') store.set(label);
        instance.rerender(<UiContext.Provider value={ui}>{host(status)}</UiContext.Provider>);
        instance.unmount();
        await instance.waitUntilExit().catch(() => undefined);
        if (active === instance) active = undefined;
        endScreenReaderLine();
        markOther();
        backPending = false;
        flushPending();
      };
      const work = run((line) => store.set(line));
      work.catch(() => undefined); // after a Ctrl-C the work's own outcome no longer matters
      return Promise.race([work, cancelled]).then(
        async (value) => {
          await finish('done');
          return value;
        },
        async (err: unknown) => {
          await finish(err instanceof CancelledError ? 'cancelled' : 'failed');
          throw err;
        },
      );
    },

    show(...blocks: Block[]) {
      if (blocks.length === 0) return;
      const text = `${blocksToString(blocks, columns(), ui)}\n`;
      if (active) pendingOutput.push(text);
      else {
        stdout.write(text);
        markOther();
        // Something new under the erased question: whatever the flow asks next goes below it.
        backPending = false;
      }
    },

    async close() {
      const open = active;
      if (open) {
        open.unmount();
        await open.waitUntilExit().catch(() => undefined);
        if (active === open) active = undefined;
      }
      flushPending();
      // Leave the terminal cooked: the pump owns raw mode (a later question would start it again).
      pump.stop();
    },
  };
  return prompter;
}

/** The live task line; listens only for Ctrl-C (raw mode keeps typed keys from echoing over the spinner). */
function TaskHost({ store, status, onCancel }: { store: LineStore; status: TaskStatus; onCancel: () => void }) {
  const [cancelled, setCancelled] = useState(false);
  // Only Ctrl-C is the task's; other keys typed meanwhile wait for the next question.
  useKeys(
    (ev) => {
      if (controlAction(ev.input, ev.key) !== 'cancel' || cancelled) return 'skip';
      setCancelled(true);
      onCancel();
      return 'done';
    },
    { active: status === 'running', textRuns: true },
  );
  return <TaskLine store={store} status={cancelled && status === 'running' ? 'cancelled' : status} />;
}
