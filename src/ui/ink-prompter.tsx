/**
 * The Ink implementation of the Prompter contract (src/core/prompter.ts), loaded lazily by src/ui/prompter.tsx
 * (which paints the first question before this module and Ink are even parsed). Shopify cli-kit's model: every
 * question is its own short-lived Ink render awaited as a promise, so the flow stays plain async code.
 *
 * - `exitOnCtrlC: false` (ink-and-tooling.md P8): Ctrl-C is a key like any other; the question rejects with
 *   CancelledError, Ink unmounts and leaves raw mode, and the command exits 130 with the terminal restored.
 * - Esc rejects with BackSignal; the question's lines are erased so the flow can ask the previous one again.
 * - An answered question leaves one dim summary line ("✔ Provider: Microsoft Entra ID"); a secret is summarised
 *   as "•••• (N characters)" and never rendered, not even masked characters in the summary.
 * - `show()` renders blocks once with renderToString (no raw mode, no listeners); while a task line is live the
 *   blocks wait and are printed after it, so they never collide with Ink's repainting.
 */
import type { InkPrompterOptions as PrompterOptions } from './prompter.js';
import React, { useState, type ReactElement } from 'react';
import { render, renderToString, useInput, type Instance } from 'ink';
import { CancelledError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { Secret } from '../core/secret.js';
import { Blocks } from './components/Blocks.js';
import { Checklist } from './components/Checklist.js';
import { Confirm } from './components/Confirm.js';
import { Pause } from './components/Pause.js';
import { Select } from './components/Select.js';
import { LineStore, TaskLine, type TaskStatus } from './components/Spinner.js';
import { TextField } from './components/TextField.js';
import { UiContext, controlAction, type Outcome, type UiOptions } from './components/ui.js';

export type InkPrompterOptions = Omit<PrompterOptions, 'prepaint'>;

export function createLoadedInkPrompter(opts: InkPrompterOptions): Prompter {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const ui: UiOptions = { color: opts.color, accessible: opts.accessible };
  let active: Instance | undefined;
  let pendingOutput: string[] = [];

  const columns = (): number => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);

  const mount = (node: ReactElement): Instance =>
    render(<UiContext.Provider value={ui}>{node}</UiContext.Provider>, {
      stdin,
      stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      debug: opts.debug ?? false,
      isScreenReaderEnabled: opts.accessible,
    });

  // Ink's screen-reader mode (accessible) leaves the cursor at the end of the last line it wrote, where the
  // normal mode ends each frame with a newline: finish the line so the next question starts on its own.
  const endScreenReaderLine = (): void => {
    if (opts.accessible) stdout.write('\n');
  };

  const flushPending = (): void => {
    const out = pendingOutput.join('');
    pendingOutput = [];
    if (out) stdout.write(out);
  };

  /** One question = one render; resolves with the submitted value, rejects with BackSignal or CancelledError. */
  function ask<V>(build: (onOutcome: (o: Outcome<V>) => void) => ReactElement): Promise<V> {
    if (active) return Promise.reject(new Error('a question is already open: the flow must await each prompt'));
    return new Promise<V>((resolve, reject) => {
      let outcome: Outcome<V> | undefined;
      let instance: Instance | undefined;
      const onOutcome = (o: Outcome<V>): void => {
        outcome = o;
        instance?.unmount();
      };
      instance = mount(build(onOutcome));
      active = instance;
      instance.waitUntilExit().then(
        () => {
          if (active === instance) active = undefined;
          if (outcome?.kind !== 'back') endScreenReaderLine();
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

  const prompter: Prompter = {
    select(q) {
      return ask((onOutcome) => (
        <Select message={q.message} choices={q.choices} initial={q.initial} help={q.help} onOutcome={onOutcome} />
      ));
    },

    text(q) {
      return ask<string>((onOutcome) => (
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
      ));
    },

    async secret(q) {
      const value = await ask<string>((onOutcome) => (
        <TextField
          masked
          message={q.message}
          help={q.help}
          placeholder={q.placeholder}
          validate={q.validate}
          note={q.note}
          onOutcome={onOutcome}
        />
      ));
      return new Secret(value);
    },

    confirm(q) {
      return ask<boolean>((onOutcome) => <Confirm message={q.message} initial={q.initial} onOutcome={onOutcome} />);
    },

    async checklist(q) {
      await ask<boolean[]>((onOutcome) => (
        <Checklist title={q.title} items={q.items} help={q.help} onOutcome={onOutcome} />
      ));
    },

    async pause(q) {
      await ask<true>((onOutcome) => <Pause message={q.message} onOutcome={onOutcome} />);
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
      const text = `${renderToString(
        <UiContext.Provider value={ui}>
          <Blocks blocks={blocks} columns={columns()} />
        </UiContext.Provider>,
        { columns: columns() },
      )}\n`;
      if (active) pendingOutput.push(text);
      else stdout.write(text);
    },

    async close() {
      const open = active;
      if (open) {
        open.unmount();
        await open.waitUntilExit().catch(() => undefined);
        if (active === open) active = undefined;
      }
      flushPending();
      // Belt and braces: leave the terminal cooked even if something left raw mode on.
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    },
  };
  return prompter;
}

/** The live task line; listens only for Ctrl-C (and keeps typed keys from echoing over the spinner). */
function TaskHost({ store, status, onCancel }: { store: LineStore; status: TaskStatus; onCancel: () => void }) {
  const [cancelled, setCancelled] = useState(false);
  useInput(
    (input, key) => {
      if (controlAction(input, key) === 'cancel' && !cancelled) {
        setCancelled(true);
        onCancel();
      }
    },
    { isActive: status === 'running' },
  );
  return <TaskLine store={store} status={cancelled && status === 'running' ? 'cancelled' : status} />;
}
