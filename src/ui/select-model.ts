/**
 * The single-choice list as plain data: state, reducer, key mapping and the view (lines of styled segments).
 * The Ink Select component (components/Select.tsx) and the frame drawn before Ink loads (prepaint.ts,
 * early-paint.ts) are both renderings of this one model, so they cannot drift apart. No React, no Ink.
 */
import { stripControl } from '../core/sanitize.js';
import type { Choice } from '../core/prompter.js';
import { GLYPH, hint, type EscMeaning } from './glyphs.js';
import type { KeyFlags } from './keys.js';
import { fitList, textRows, type WindowSize } from './frame-fit.js';

export type Tone = 'info' | 'success' | 'warning' | 'error' | 'dim' | 'accent' | 'plain';
/** A run of text in one tone. */
export interface Seg {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** Inverse video (the text field's block cursor). */
  inverse?: boolean;
}
export type Line = Seg[];

/** What a question ended with; components derive it from their state and report it once. */
export type Outcome<V> = { kind: 'submit'; value: V } | { kind: 'back' } | { kind: 'cancel' };

/** Server or asset text is untrusted: no control sequences, one line. */
export const clean = (text: string): string => stripControl(text, { singleLine: true });
export const cleanBlock = (text: string): string => stripControl(text);

/** Every question understands these two keys the same way. */
export function controlAction(input: string, key: Pick<KeyFlags, 'ctrl' | 'escape'>): 'cancel' | 'back' | undefined {
  if (key.ctrl && input === 'c') return 'cancel';
  if (key.escape) return 'back';
  return undefined;
}

/** "Which provider?" → "Which provider" for the summary line. */
export function summaryLabel(message: string): string {
  return clean(message).replace(/[\s?:.]+$/u, '');
}

/** The line an answered question leaves, e.g. "✔ Provider: Microsoft Entra ID" (or "✖ Provider (cancelled)"). */
export function summaryModel(message: string, answer: string | undefined, cancelled = false): Line {
  const label = summaryLabel(message);
  if (cancelled) return [{ text: `${GLYPH.cancelled} ${label} (cancelled)`, tone: 'dim' }];
  return [
    { text: GLYPH.done, tone: 'success' },
    { text: ` ${label}${answer !== undefined && answer !== '' ? `: ${answer}` : ''}`, tone: 'dim' },
  ];
}

/** "? Message", then the help lines (dim). */
export function questionModel(message: string, help?: string): Line[] {
  const lines: Line[] = [[{ text: GLYPH.question, tone: 'accent' }, { text: ' ' }, { text: clean(message), bold: true }]];
  if (help) lines.push(...cleanBlock(help).split('\n').map((l): Line => [{ text: l, tone: 'dim' }]));
  return lines;
}

// ---- the select question ----

export interface SelectState {
  index: number;
  count: number;
  outcome?: Outcome<number>;
}

export type SelectAction =
  | { type: 'move'; delta: number }
  | { type: 'pick'; index: number }
  | { type: 'submit' }
  | { type: 'back' }
  | { type: 'cancel' };

export interface SelectQuestion {
  message: string;
  choices: Choice[];
  initial?: string;
  help?: string;
}

export function initialSelectState(q: SelectQuestion): SelectState {
  return { index: Math.max(0, q.choices.findIndex((c) => c.value === q.initial)), count: Math.max(q.choices.length, 1) };
}

export function selectReducer(state: SelectState, action: SelectAction): SelectState {
  if (state.outcome) return state; // keys after the answer are not this question's
  switch (action.type) {
    case 'move':
      return { ...state, index: (((state.index + action.delta) % state.count) + state.count) % state.count };
    case 'pick':
      if (action.index < 0 || action.index >= state.count) return state;
      return { ...state, index: action.index, outcome: { kind: 'submit', value: action.index } };
    case 'submit':
      return { ...state, outcome: { kind: 'submit', value: state.index } };
    case 'back':
      return { ...state, outcome: { kind: 'back' } };
    case 'cancel':
      return { ...state, outcome: { kind: 'cancel' } };
  }
}

export function selectKeyToAction(input: string, key: KeyFlags): SelectAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j' || key.tab) return { type: 'move', delta: 1 };
  if (key.return) return { type: 'submit' };
  if (/^[1-9]$/u.test(input)) return { type: 'pick', index: Number(input) - 1 };
  return undefined;
}

/** One option row: the pointer cell and the label (number, name, hint). */
export interface SelectRow {
  key: string;
  active: boolean;
  label: Line;
}

export interface SelectView {
  question: Line[];
  rows: SelectRow[];
  hint: Line;
  /** Options left out above / below the rows shown (a long list scrolls inside a short window). */
  above: number;
  below: number;
}

export interface ViewOptions {
  accessible: boolean;
  esc: EscMeaning;
  /** The window the frame must fit (shorter than it: Ink clears the screen otherwise); none → no limit. */
  size?: WindowSize;
}

const lineText = (line: Line): string => line.map((seg) => seg.text).join('');

/** "↑ 3 more" / "↓ 2 more" as a dim line. */
export const moreLine = (text: string): Line => [{ text, tone: 'dim' }];

/** Accessible mode with up to 9 options is linear: nothing moves, a number or Enter answers. */
export const isLinear = (accessible: boolean, count: number): boolean => accessible && count <= 9;

/** The accessible (linear) select's key hint: numbers and Enter only, said in words. */
export function linearHint(count: number, esc: EscMeaning = 'back'): string {
  const escWords = esc === 'back' ? 'Esc to go back' : esc === 'quit' ? 'Esc to quit' : `Esc for ${esc.label}`;
  const numbers = count === 1 ? 'Press 1' : `Press a number from 1 to ${count}`;
  return `${numbers} to choose, or Enter for the current one. ${escWords}.`;
}

export function selectView(q: SelectQuestion, state: SelectState, opts: ViewOptions): SelectView {
  const numbered = q.choices.length <= 9;
  const rows = q.choices.map((choice, i): SelectRow => {
    const active = i === state.index;
    const text = `${numbered ? `${i + 1}. ` : ''}${clean(choice.label)}`;
    const label: Line = [active ? { text, tone: 'accent', bold: true } : { text }];
    if (active && opts.accessible) label.push({ text: ' (current)' });
    if (choice.hint) label.push({ text: ` — ${clean(choice.hint)}`, tone: 'dim' });
    return { key: choice.value, active, label };
  });
  const linear = isLinear(opts.accessible, q.choices.length);
  const question = questionModel(q.message, q.help);
  const hintLine: Line = [{ text: linear ? linearHint(q.choices.length, opts.esc) : hint('select', opts.accessible, opts.esc), tone: 'dim' }];
  // Accessible (linear) mode prints the list once and never moves: no scrolling there.
  if (!opts.size || linear) return { question, rows, hint: hintLine, above: 0, below: 0 };
  const { columns } = opts.size;
  const fit = fitList(opts.size, {
    fixed: textRows(lineText(question[0]!), columns) + textRows(lineText(hintLine), columns),
    help: question.slice(1).reduce((n, l) => n + textRows(lineText(l), columns), 0),
    heights: rows.map((r) => textRows(lineText(r.label), columns - 2)),
    index: state.index,
  });
  return {
    question: fit.help ? question : question.slice(0, 1),
    rows: rows.slice(fit.start, fit.end),
    hint: hintLine,
    above: fit.start,
    below: rows.length - fit.end,
  };
}
