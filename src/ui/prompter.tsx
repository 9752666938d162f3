/**
 * `createInkPrompter`: the Ink Prompter (src/ui/ink-prompter.tsx) behind a light front that keeps the first
 * frame fast. Loading Ink, React and yoga's WebAssembly costs ~100 ms before anything can render, so
 * the first question's opening frame is painted as a plain string first (src/ui/prepaint.ts), with stdin in raw
 * mode so early keystrokes are neither echoed nor lost; Ink then loads, the pre-paint is erased in the same
 * write as Ink's first frame, and the keys typed meanwhile are read by the live question.
 * This module imports no Ink and no React.
 */
import type { Block, Prompter } from '../core/prompter.js';
import { adoptEarlyFrame } from './early-paint.js';
import { confirmFrame, eraseRows, rowsOf, selectFrame, textFrame } from './prepaint.js';

export interface InkPrompterOptions {
  accessible: boolean;
  color: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Tests only: Ink's debug mode writes every frame in full instead of repainting (no pre-paint either). */
  debug?: boolean;
  /** Paint the first question before Ink has loaded (default: when stdout is a terminal and not accessible). */
  prepaint?: boolean;
}

export function createInkPrompter(opts: InkPrompterOptions): Prompter {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  // Screen readers would read a pre-painted frame twice: accessible mode waits for Ink.
  const canPrepaint = opts.prepaint ?? (!opts.accessible && !opts.debug && Boolean(stdout.isTTY));
  let impl: Prompter | undefined;
  let loading: Promise<Prompter> | undefined;
  const queued: Block[][] = [];
  let paintedRows: number | undefined;
  let rawForPaint = false;

  const load = (): Promise<Prompter> =>
    (loading ??= import('./ink-prompter.js').then((m) => {
      impl = m.createLoadedInkPrompter(opts);
      for (const blocks of queued.splice(0)) impl.show(...blocks);
      return impl;
    }));

  /** Run a prompter call on the loaded implementation, pre-painting its frame first when Ink is not loaded yet. */
  function call<R>(frame: (() => string) | undefined, run: (p: Prompter) => Promise<R>): Promise<R> {
    if (impl) return run(impl);
    // The CLI may have painted the wizard's first frame before anything was loaded: adopt it when this question
    // renders to the same text, else erase it.
    const early = adoptEarlyFrame();
    if (early) {
      if (frame && canPrepaint && queued.length === 0 && frame() === early.text) {
        paintedRows = early.rows;
        rawForPaint = early.raw;
      } else {
        stdout.write(eraseRows(early.rows));
        if (early.raw && stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
      }
    }
    if (frame && canPrepaint && queued.length === 0 && paintedRows === undefined) {
      const text = frame();
      stdout.write(text);
      paintedRows = rowsOf(text, stdout.columns || 80);
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
        stdin.setRawMode(true);
        rawForPaint = true;
      }
    }
    return load().then((p) => {
      if (paintedRows !== undefined) {
        stdout.write(eraseRows(paintedRows));
        paintedRows = undefined;
      }
      return run(p);
    });
  }

  return {
    select: (q) => call(() => selectFrame(q, opts.color), (p) => p.select(q)),
    text: (q) => call(() => textFrame(q, opts.color), (p) => p.text(q)),
    secret: (q) => call(() => textFrame({ ...q, masked: true }, opts.color), (p) => p.secret(q)),
    confirm: (q) => call(() => confirmFrame(q, opts.color), (p) => p.confirm(q)),
    checklist: (q) => call(undefined, (p) => p.checklist(q)),
    pause: (q) => call(undefined, (p) => p.pause(q)),
    task: (label, run) => call(undefined, (p) => p.task(label, run)),
    show(...blocks) {
      if (impl) return impl.show(...blocks);
      // Printed as soon as Ink is loaded, before any later question (which then is not pre-painted).
      queued.push(blocks);
      void load().catch(() => undefined);
    },
    async close() {
      if (!impl && queued.length > 0) await load().catch(() => undefined);
      if (impl) await impl.close();
      else if (rawForPaint && stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    },
  };
}
