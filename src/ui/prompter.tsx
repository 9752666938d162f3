/**
 * `createInkPrompter`: the Ink Prompter (src/ui/ink-prompter.tsx) behind a light front that keeps the first
 * question interactive from its first frame. Loading Ink, React and yoga's WebAssembly costs ~100 ms or more
 * before anything can render, so until then:
 * - a select question is interactive without Ink (early-select.ts: the shared model drawn as text, keys applied
 *   by the same reducer); the CLI may even have started it before the flow loaded (early-paint.ts);
 * - any other question's opening frame is painted as plain text (prepaint.ts);
 * - every key goes through the key pump (raw mode, no echo), so keys typed meanwhile are applied in order.
 * When Ink is ready it takes over the question where the person left it: same pointer, and its first frame is
 * not written when it shows the same cells as the frame on screen (no erase-and-redraw, no flicker).
 * This module imports no Ink and no React.
 */
import { CancelledError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { adoptEarlySelect, dropEarlySelect } from './early-paint.js';
import { startEarlySelect, type EarlySelect } from './early-select.js';
import type { LoadedInkPrompter, SelectQ } from './ink-prompter.js';
import { pumpFor, type KeyPump } from './key-pump.js';
import { confirmFrame, eraseRows, rowsOf, summaryText, textFrame } from './prepaint.js';
import { clean } from './select-model.js';

export interface InkPrompterOptions {
  accessible: boolean;
  color: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Tests only: Ink's debug mode writes every frame in full instead of repainting (no pre-paint either). */
  debug?: boolean;
  /** Paint the first question before Ink has loaded (default: when stdout is a terminal and not accessible). */
  prepaint?: boolean;
  /** The key reader (default: the one pump of this stdin, shared with the CLI's early frame). */
  pump?: KeyPump;
}

/**
 * `suspend` lends the terminal to a child that talks to the person itself (`gh auth login`): the pump stops
 * (cooked mode, stdin no longer read), the child runs, and the next question takes the terminal back.
 * (Declared here too so this branch builds before `Prompter.suspend` exists in src/core/prompter.ts.)
 */
export type SuspendingPrompter = Prompter & { suspend<T>(run: () => Promise<T>): Promise<T> };

export function createInkPrompter(opts: InkPrompterOptions): SuspendingPrompter {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const pump = opts.pump ?? pumpFor(stdin);
  // Screen readers would read a pre-painted frame twice: accessible mode waits for Ink.
  const canPrepaint = opts.prepaint ?? (!opts.accessible && !opts.debug && Boolean(stdout.isTTY));
  let impl: LoadedInkPrompter | undefined;
  let loading: Promise<LoadedInkPrompter> | undefined;
  const queued: Block[][] = [];
  /** A select answered or open before Ink loaded, waiting for Ink to take it over. */
  let pendingEarly: EarlySelect | undefined;
  /** A plain frame painted before Ink loaded (not a select), waiting for Ink to take it over. */
  let painted: { text: string; rows: number } | undefined;

  const load = (): Promise<LoadedInkPrompter> =>
    (loading ??= import('./ink-prompter.js').then((m) => {
      impl = m.createLoadedInkPrompter({ ...opts, pump });
      if (queued.length > 0) {
        // Blocks come before the question they were shown ahead of: the frame goes, Ink draws it again below.
        if (painted) stdout.write(eraseRows(painted.rows));
        painted = undefined;
        pendingEarly?.erase();
      }
      for (const blocks of queued.splice(0)) impl.show(...blocks);
      return impl;
    }));

  /** A question that is not a select: paint its opening frame as text if Ink is not there yet. */
  function call<R>(frame: (() => string) | undefined, run: (p: LoadedInkPrompter, adopt?: { text: string; rows: number }) => Promise<R>): Promise<R> {
    if (impl) return run(impl);
    dropEarlySelect();
    if (frame && canPrepaint && queued.length === 0 && painted === undefined) {
      const text = frame();
      stdout.write(text);
      painted = { text, rows: rowsOf(text, stdout.columns || 80) };
      pump.start(); // raw mode: keys typed meanwhile are neither echoed nor lost
    }
    return load().then((p) => {
      const adopt = painted;
      painted = undefined;
      return run(p, adopt);
    });
  }

  async function handOver<T extends string>(q: SelectQ<T>, early: EarlySelect): Promise<T> {
    pendingEarly = early;
    const p = await load().finally(() => {
      pendingEarly = undefined;
    });
    const end = early.finish();
    const outcome = end.state.outcome;
    if (outcome === undefined && !end.frame) {
      // Blocks were shown while the early frame was up: they went above the question, which Ink draws again.
      return p.select(q, { initialIndex: early.touched() ? end.state.index : undefined });
    }
    if (outcome?.kind === 'submit') {
      const answer = clean(q.choices[outcome.value]!.label);
      if (!end.summary) stdout.write(summaryText(q.message, answer, opts.color));
      p.recordSummary(q.id, { message: q.message, answer });
      return q.choices[outcome.value]!.value;
    }
    if (outcome?.kind === 'back') {
      p.recordBack();
      throw new BackSignal();
    }
    if (outcome?.kind === 'cancel') throw new CancelledError();
    // Untouched, the flow's own `initial` decides where the pointer starts (Ink then redraws if that differs).
    return p.select(q, { initialIndex: early.touched() ? end.state.index : undefined, adopt: end.frame });
  }

  return {
    select<T extends string>(q: SelectQ<T>): Promise<T> {
      if (impl) return impl.select(q);
      let early = adoptEarlySelect(q);
      if (!early && canPrepaint && queued.length === 0 && painted === undefined) {
        early = startEarlySelect(q, { color: opts.color, esc: 'quit', pump, stdout });
      }
      if (early) return handOver(q, early);
      return call(undefined, (p) => p.select(q));
    },
    text: (q) => call(() => textFrame(q, opts.color), (p, adopt) => p.text(q, { adopt })),
    secret: (q) => call(() => textFrame({ ...q, masked: true }, opts.color), (p, adopt) => p.secret(q, { adopt })),
    confirm: (q) => call(() => confirmFrame(q, opts.color), (p, adopt) => p.confirm(q, { adopt })),
    checklist: (q) => call(undefined, (p) => p.checklist(q)),
    pause: (q) => call(undefined, (p) => p.pause(q)),
    task: (label, run) => call(undefined, (p) => p.task(label, run)),
    show(...blocks) {
      if (impl) return impl.show(...blocks);
      // Printed as soon as Ink is loaded, before any later question.
      queued.push(blocks);
      void load().catch(() => undefined);
    },
    async close() {
      if (!impl && queued.length > 0) await load().catch(() => undefined);
      dropEarlySelect();
      if (impl) await impl.close();
      pump.stop();
    },
    async suspend<T>(run: () => Promise<T>): Promise<T> {
      await this.close();
      return run();
    },
  };
}
