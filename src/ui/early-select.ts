/**
 * A select question that is interactive before Ink and React have loaded. It draws the shared model
 * (select-model.ts) as plain text, reads keys from the key pump and applies them with the same reducer as the
 * Ink Select: the pointer moves, a digit or Enter answers (the summary line is written at once), Esc and Ctrl-C
 * end it as they would later. When Ink is ready, `finish()` freezes it and tells the prompter where things stand:
 * still open (Ink's Select starts at the same pointer over the same frame, which is not redrawn), or answered.
 * No Ink, no React here.
 */
import type { EscMeaning } from './glyphs.js';
import type { KeyPump } from './key-pump.js';
import {
  BEGIN_SYNC,
  END_SYNC,
  HIDE_CURSOR,
  SHOW_CURSOR,
  eraseRows,
  rowsOf,
  selectFrame,
  summaryText,
} from './prepaint.js';
import { clean, initialSelectState, selectKeyToAction, selectReducer, type SelectQuestion, type SelectState } from './select-model.js';
import { windowSize } from './frame-fit.js';

export interface EarlySelectQuestion extends SelectQuestion {
  id: string;
}

/** Where an early question stands when Ink takes over. */
export interface EarlyEnd {
  state: SelectState;
  /** The frame on screen while the question is open (Ink adopts it); undefined once answered. */
  frame?: { text: string; rows: number };
  /** Answered: the summary line written (Ink's prompter records it, for Esc-back). */
  summary?: { message: string; answer: string };
}

export interface EarlySelect {
  readonly question: EarlySelectQuestion;
  state(): SelectState;
  /** A key changed something (the pointer the person left wins over the flow's `initial`). */
  touched(): boolean;
  /** Stop taking keys (the keys after this stay queued for Ink) and report the state. Idempotent. */
  finish(): EarlyEnd;
  /** Take it off the screen: the open frame or the summary line it left; leaves the cursor visible. */
  erase(): void;
}

export interface EarlySelectOptions {
  color: boolean;
  esc: EscMeaning;
  pump: KeyPump;
  stdout: NodeJS.WriteStream;
}

const columnsOf = (stdout: NodeJS.WriteStream): number => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);

export function startEarlySelect(q: EarlySelectQuestion, opts: EarlySelectOptions): EarlySelect {
  const { stdout, color, esc } = opts;
  let state = initialSelectState(q);
  let text = selectFrame(q, color, esc, state, windowSize(stdout));
  /** Rows the question occupies on screen now (frame or summary line). */
  let rows = rowsOf(text, columnsOf(stdout));
  let summary: EarlyEnd['summary'];
  let finished = false;
  let erased = false;
  let touched = false;
  let cursorHidden = true;
  stdout.write(HIDE_CURSOR + text);

  const showCursor = (): string => {
    if (!cursorHidden) return '';
    cursorHidden = false;
    return SHOW_CURSOR;
  };

  const draw = (): void => {
    const o = state.outcome;
    let next: string;
    if (!o) next = selectFrame(q, color, esc, state, windowSize(stdout));
    else if (o.kind === 'submit') {
      summary = { message: q.message, answer: clean(q.choices[o.value]?.label ?? '') };
      next = summaryText(summary.message, summary.answer, color);
    } else if (o.kind === 'cancel') next = summaryText(q.message, undefined, color, true);
    else next = '';
    const out = `${BEGIN_SYNC}${eraseRows(rows)}${next}${o ? showCursor() : ''}${END_SYNC}`;
    text = next;
    rows = next === '' ? 0 : rowsOf(next, columnsOf(stdout));
    stdout.write(out);
  };

  const detach = opts.pump.attach((ev) => {
    const action = selectKeyToAction(ev.input, ev.key);
    if (!action) return 'take';
    const next = selectReducer(state, action);
    if (next === state) return 'take';
    state = next;
    touched = true;
    draw();
    return state.outcome ? 'done' : 'take';
  });

  return {
    question: q,
    state: () => state,
    touched: () => touched,
    finish() {
      finished = true;
      detach();
      // After erase() nothing of it is on screen: no frame to adopt, no summary line to remember.
      if (erased) return { state };
      return { state, frame: state.outcome ? undefined : { text, rows }, summary };
    },
    erase() {
      if (!finished) this.finish();
      if (erased) return;
      erased = true;
      stdout.write(eraseRows(rows) + showCursor());
      rows = 0;
    },
  };
}

/** Same question, same options in the same order: an early frame can stand for it. */
export function sameSelect(a: SelectQuestion & { id: string }, b: SelectQuestion & { id: string }): boolean {
  return (
    a.id === b.id &&
    a.message === b.message &&
    a.help === b.help &&
    a.choices.length === b.choices.length &&
    a.choices.every((c, i) => c.value === b.choices[i]!.value && c.label === b.choices[i]!.label && c.hint === b.choices[i]!.hint)
  );
}
