/**
 * A single-line text field, plain or masked. The value lives in a reducer and the key handler only dispatches
 * (Ink may deliver several keys in one input chunk, and a state update from one key is not visible to the
 * next key's handler in the same chunk): typed characters and a following Enter in one batch submit the full value.
 * Paste-safe (Ink 6 has no bracketed paste): CR/LF never reach the value, a pasted chunk is trimmed, and a chunk ending in CR/LF submits.
 * Live validation shows under the field once something was typed (or Enter was pressed); Enter on an invalid
 * value keeps the field open. In masked mode the value is never rendered, only one `*` per character.
 */
import React, { useReducer } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { useReportOutcome } from './Select.js';
import { GLYPH, KeysHint, hint, placeholderText, QuestionLine, SummaryLine, T, clean, controlAction, sanitizeChunk, useUi, type Outcome } from './ui.js';

export interface TextState {
  value: string;
  cursor: number;
  /** Enter was pressed at least once: show the validation message even for an empty value. */
  attempted: boolean;
  outcome?: Outcome<string>;
}

export type TextAction =
  | { type: 'insert'; text: string; submit: boolean }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'submit' }
  | { type: 'back' }
  | { type: 'cancel' };

export interface TextRules {
  normalize?: (value: string) => string;
  validate?: (value: string) => string | undefined;
}

/** The value a submission returns: no surrounding spaces, then the question's own normalisation. */
export function finalValue(value: string, rules: TextRules): string {
  const trimmed = value.trim();
  return rules.normalize ? rules.normalize(trimmed) : trimmed;
}

export function createTextReducer(rules: TextRules) {
  const apply = (value: string): string => (rules.normalize ? rules.normalize(value) : value);
  const trySubmit = (state: TextState): TextState => {
    const value = finalValue(state.value, rules);
    const error = rules.validate?.(value);
    if (error !== undefined) return { ...state, attempted: true };
    return { ...state, value, cursor: value.length, attempted: true, outcome: { kind: 'submit', value } };
  };
  return function textReducer(state: TextState, action: TextAction): TextState {
    if (state.outcome) return state;
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
      case 'submit':
        return trySubmit(state);
      case 'back':
        return { ...state, outcome: { kind: 'back' } };
      case 'cancel':
        return { ...state, outcome: { kind: 'cancel' } };
    }
  };
}

export function textKeyToAction(input: string, key: Key): TextAction | undefined {
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
  // The block cursor is an inverse-video cell: an attribute, so only with colour (and not for screen readers).
  const showCursor = color && !accessible;
  const [reducer] = React.useState(() => createTextReducer({ normalize: props.normalize, validate }));
  const initialValue = masked ? '' : props.initial ?? '';
  const [state, dispatch] = useReducer(reducer, { value: initialValue, cursor: initialValue.length, attempted: false });
  useInput((input, key) => {
    const action = textKeyToAction(input, key);
    if (action) dispatch(action);
  });
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

  const candidate = finalValue(state.value, { normalize: props.normalize });
  const error = (state.value !== '' || state.attempted) && validate ? validate(candidate) : undefined;
  const noteText = note?.(candidate);
  const shown = masked ? GLYPH.mask.repeat(state.value.length) : clean(state.value);
  const cursorAt = masked ? state.value.length : Math.min(state.cursor, shown.length);

  return (
    <Box flexDirection="column">
      <QuestionLine message={message} help={help} />
      <Box flexDirection="row">
        <Box flexShrink={0} width={2}>
          <T tone="accent">{GLYPH.pointer}</T>
        </Box>
        <Box flexShrink={1}>
          {state.value === '' && placeholder ? (
            <Text>
              {showCursor ? <Text inverse> </Text> : null}
              <T tone="dim">{placeholderText(clean(placeholder))}</T>
            </Text>
          ) : showCursor ? (
            <Text>
              {shown.slice(0, cursorAt)}
              <Text inverse>{shown[cursorAt] ?? ' '}</Text>
              {shown.slice(cursorAt + 1)}
            </Text>
          ) : (
            <Text>{shown}</Text>
          )}
        </Box>
      </Box>
      {error !== undefined ? (
        <T tone="error">
          {GLYPH.cancelled} {clean(error)}
        </T>
      ) : null}
      {noteText ? <T tone="dim">{clean(noteText)}</T> : null}
      <KeysHint text={hint(masked ? 'secret' : 'text', accessible, esc)} />
    </Box>
  );
}
