/**
 * A single-line text field, plain or masked. The value lives in a reducer run synchronously per key (useKeys),
 * so typed characters, Backspace and Enter in one chunk are applied in order, and keys after Enter are left
 * for the next question. Paste-safe: CR/LF never reach the value (a CR or LF is Enter), the submitted value
 * is trimmed.
 * A prefilled default (`initial`) is the answer Enter accepts: the first typed character replaces it (as in
 * create-vite), Backspace clears it, Tab, → or End edit it (the cursor goes to its end), ← and Home too.
 * Live validation shows under the field once something was typed (or Enter was pressed); Enter on an invalid
 * value keeps the field open. In masked mode the value is never rendered, only one `*` per character.
 */
import React from 'react';
import { Box } from 'ink';
import type { KeyFlags } from '../keys.js';
import { finalValue, initialTextState, textView, type TextRules, type TextState } from '../text-model.js';

export { finalValue, initialTextState, type TextRules, type TextState } from '../text-model.js';
import { useReportOutcome } from './Select.js';
import { frameBudget, textRows } from '../frame-fit.js';
import type { Line } from '../select-model.js';
import { GLYPH, Segs, SummaryLine, T, clean, controlAction, sanitizeChunk, useKeys, useMachine, useUi, useWindowSize, type Outcome } from './ui.js';

export type TextAction =
  | { type: 'insert'; text: string; submit: boolean }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'edit' }
  | { type: 'submit' }
  | { type: 'back' }
  | { type: 'cancel' };

export function createTextReducer(rules: TextRules) {
  const apply = (value: string): string => (rules.normalize ? rules.normalize(value) : value);
  const trySubmit = (state: TextState): TextState => {
    const value = finalValue(state.value, rules);
    const error = rules.validate?.(value);
    if (error !== undefined) return { ...state, attempted: true };
    return { ...state, value, cursor: value.length, attempted: true, outcome: { kind: 'submit', value } };
  };
  return function textReducer(prev: TextState, action: TextAction): TextState {
    if (prev.outcome) return prev;
    let state = prev;
    if (state.fresh) {
      // The default is shown as the answer: the first change replaces it; moving into it edits it.
      switch (action.type) {
        case 'insert':
        case 'backspace':
        case 'delete':
        case 'clear':
          state = { ...state, value: '', cursor: 0, fresh: false };
          if (action.type !== 'insert') return state;
          break;
        case 'edit':
        case 'right':
        case 'end':
        case 'left':
        case 'home':
          state = { ...state, fresh: false, cursor: state.value.length };
          if (action.type === 'edit' || action.type === 'right' || action.type === 'end') return state;
          break;
        default:
          break;
      }
    }
    switch (action.type) {
      case 'insert': {
        const before = state.value.slice(0, state.cursor);
        const after = state.value.slice(state.cursor);
        const inserted = before + action.text;
        const value = apply(inserted + after);
        // Keep the cursor after the inserted text when normalisation left the value's head intact.
        const cursor = value.startsWith(apply(inserted)) ? Math.min(apply(inserted).length, value.length) : value.length;
        const next = { ...state, value, cursor };
        return action.submit ? trySubmit(next) : next;
      }
      case 'backspace': {
        if (state.cursor === 0) return state;
        const value = state.value.slice(0, state.cursor - 1) + state.value.slice(state.cursor);
        return { ...state, value, cursor: state.cursor - 1 };
      }
      case 'delete': {
        if (state.cursor >= state.value.length) return state;
        return { ...state, value: state.value.slice(0, state.cursor) + state.value.slice(state.cursor + 1) };
      }
      case 'left':
        return { ...state, cursor: Math.max(0, state.cursor - 1) };
      case 'right':
        return { ...state, cursor: Math.min(state.value.length, state.cursor + 1) };
      case 'home':
        return { ...state, cursor: 0 };
      case 'end':
        return { ...state, cursor: state.value.length };
      case 'clear':
        return { ...state, value: '', cursor: 0 };
      case 'edit':
        return state;
      case 'submit':
        return trySubmit(state);
      case 'back':
        return { ...state, outcome: { kind: 'back' } };
      case 'cancel':
        return { ...state, outcome: { kind: 'cancel' } };
    }
  };
}

export function textKeyToAction(input: string, key: KeyFlags): TextAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  if (key.return) return { type: 'submit' };
  // Most terminals send DEL (0x7f) for Backspace; Ink 6 reports it as `delete`. Both erase to the left,
  // as in ink-text-input; forward delete (ESC[3~) has no distinct flag in Ink 6, so it is not offered.
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.home || (key.ctrl && input === 'a')) return { type: 'home' };
  if (key.end || (key.ctrl && input === 'e')) return { type: 'end' };
  if (key.ctrl && input === 'u') return { type: 'clear' };
  if (key.tab && !key.shift) return { type: 'edit' };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab || key.pageUp || key.pageDown) return undefined;
  if (input === '') return undefined;
  const { text, submit } = sanitizeChunk(input);
  if (text === '' && !submit) return undefined;
  return { type: 'insert', text, submit };
}

export interface TextFieldProps {
  message: string;
  help?: string;
  initial?: string;
  placeholder?: string;
  masked?: boolean;
  normalize?: (value: string) => string;
  validate?: (value: string) => string | undefined;
  note?: (value: string) => string | undefined;
  /** The summary's answer when submitted empty (a secret field that keeps an earlier value: "kept (N characters)"). */
  emptySummary?: string;
  onOutcome(outcome: Outcome<string>): void;
}

/** How a secret is summarised: its length at most, never a character of it. */
export function maskedSummary(length: number): string {
  return `•••• (${length} character${length === 1 ? '' : 's'})`;
}

export function TextField(props: TextFieldProps) {
  const { message, help, placeholder, masked = false, validate, note, onOutcome } = props;
  const { accessible, color, esc } = useUi();
  const size = useWindowSize();
  // The block cursor is an inverse-video cell: an attribute, so only with colour (and not for screen readers).
  const showCursor = color && !accessible;
  const [reducer] = React.useState(() => createTextReducer({ normalize: props.normalize, validate }));
  const [state, dispatch] = useMachine<TextState, TextAction>(reducer, () => initialTextState(props.initial, masked));
  useKeys(
    (ev) => {
      const action = textKeyToAction(ev.input, ev.key);
      if (!action) return 'take';
      return dispatch(action).outcome ? 'done' : 'take';
    },
    { textRuns: true },
  );
  useReportOutcome(state.outcome, onOutcome);

  const outcome = state.outcome;
  if (outcome?.kind === 'submit') {
    const answer =
      outcome.value === '' && props.emptySummary !== undefined
        ? clean(props.emptySummary)
        : masked
          ? maskedSummary(outcome.value.length)
          : clean(outcome.value);
    return <SummaryLine message={message} answer={answer} />;
  }
  if (outcome?.kind === 'cancel') return <SummaryLine message={message} cancelled />;
  if (outcome?.kind === 'back') return null;

  const view = textView({ message, help, placeholder, masked, normalize: props.normalize, validate, note }, state, { cursor: showCursor, accessible, esc: esc ?? 'back' });
  // In a short window the help goes first, so the frame stays shorter than the window (Ink would clear the screen).
  const rowsOf = (lines: Line[], width: number): number => lines.reduce((n, l) => n + textRows(l.map((seg) => seg.text).join(''), width), 0);
  const fixed = rowsOf(view.question.slice(0, 1), size.columns) + rowsOf([view.field], size.columns - 2) + rowsOf(view.below, size.columns);
  const question = fixed + rowsOf(view.question.slice(1), size.columns) <= frameBudget(size) ? view.question : view.question.slice(0, 1);
  return (
    <Box flexDirection="column">
      {question.map((line, i) => (
        <Segs key={`q${i}`} line={line} />
      ))}
      <Box flexDirection="row">
        <Box flexShrink={0} width={2}>
          <T tone="accent">{GLYPH.pointer}</T>
        </Box>
        <Box flexShrink={1}>
          <Segs line={view.field} />
        </Box>
      </Box>
      {view.below.map((line, i) => (
        <Segs key={`b${i}`} line={line} />
      ))}
    </Box>
  );
}
