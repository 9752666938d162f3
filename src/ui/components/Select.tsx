/**
 * A single-choice list. State lives in a reducer and the key handler only dispatches, so several keys in one
 * chunk (`Down Down Enter`: Ink delivers keys typed or piped quickly as one input chunk) are applied in order and select the third item.
 * Keys: Up/Down (or k/j) move and wrap, 1–9 choose at once, Enter chooses, Esc goes back, Ctrl-C cancels.
 *
 * Accessible mode (--accessible / INK_SCREEN_READER) with up to 9 choices is linear: the question and the numbered
 * options are printed once, and nothing on screen changes until the answer. A digit chooses, Enter takes the option
 * marked "(current)" (the initial one), Esc and Ctrl-C as above. Moving keys (arrows, j/k, Tab) are ignored there:
 * in Ink's screen-reader mode any change to the live area erases and rewrites the whole of it, so a moving
 * highlight would make a screen reader read the full list again on every key. Announcing the highlight on a line
 * of its own would need the list in <Static>, which stays in the scrollback after the answer and would break the
 * prompter's Esc-back erasing (it erases only the summary lines it counted). With more than 9 choices there are
 * no one-key numbers, so the list keeps moving with the arrows.
 */
import React, { useEffect, useReducer, useRef } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import type { Choice } from '../../core/prompter.js';
import { GLYPH, KeysHint, hint, QuestionLine, SummaryLine, T, clean, controlAction, expandKeys, useUi, type EscMeaning, type Outcome } from './ui.js';

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

export function selectReducer(state: SelectState, action: SelectAction): SelectState {
  if (state.outcome) return state; // keys after the answer (same chunk) are ignored
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

export function selectKeyToAction(input: string, key: Key): SelectAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j' || key.tab) return { type: 'move', delta: 1 };
  if (key.return) return { type: 'submit' };
  if (/^[1-9]$/u.test(input)) return { type: 'pick', index: Number(input) - 1 };
  return undefined;
}

export interface SelectProps<T extends string> {
  message: string;
  choices: Choice<T>[];
  initial?: T;
  help?: string;
  onOutcome(outcome: Outcome<T>): void;
}

export function Select<T extends string>({ message, choices, initial, help, onOutcome }: SelectProps<T>) {
  const { accessible, esc } = useUi();
  const initialIndex = Math.max(
    0,
    choices.findIndex((c) => c.value === initial),
  );
  const [state, dispatch] = useReducer(selectReducer, { index: initialIndex, count: Math.max(choices.length, 1) });
  const linear = accessible && choices.length <= 9;
  useInput((input, key) => {
    for (const [i, k] of expandKeys(input, key)) {
      const action = selectKeyToAction(i, k);
      // Linear (accessible) mode: no state change → no re-render → nothing is written for a moving key.
      if (action && !(linear && action.type === 'move')) dispatch(action);
    }
  });
  useReportOutcome(state.outcome, (o) =>
    onOutcome(o.kind === 'submit' ? { kind: 'submit', value: choices[o.value]!.value } : o),
  );

  const outcome = state.outcome;
  if (outcome?.kind === 'submit') return <SummaryLine message={message} answer={clean(choices[outcome.value]?.label ?? '')} />;
  if (outcome?.kind === 'cancel') return <SummaryLine message={message} cancelled />;
  if (outcome?.kind === 'back') return null;

  return (
    <Box flexDirection="column">
      <QuestionLine message={message} help={help} />
      {choices.map((choice, i) => {
        const active = i === state.index;
        const number = choices.length <= 9 ? `${i + 1}. ` : '';
        return (
          <Box key={choice.value} flexDirection="row">
            <Box flexShrink={0} width={2}>
              <T tone="accent">{active ? GLYPH.pointer : ' '}</T>
            </Box>
            <Box flexDirection="column" flexShrink={1}>
              <Text>
                {active ? (
                  <T tone="accent" bold>
                    {number}
                    {clean(choice.label)}
                  </T>
                ) : (
                  <T>
                    {number}
                    {clean(choice.label)}
                  </T>
                )}
                {active && accessible ? ' (current)' : ''}
                {choice.hint ? <T tone="dim"> — {clean(choice.hint)}</T> : null}
              </Text>
            </Box>
          </Box>
        );
      })}
      <KeysHint text={linear ? linearHint(choices.length, esc) : hint('select', accessible, esc)} />
    </Box>
  );
}

/** The accessible (linear) select's key hint: numbers and Enter only, said in words. */
export function linearHint(count: number, esc: EscMeaning = 'back'): string {
  const escWords = esc === 'back' ? 'Esc to go back' : esc === 'quit' ? 'Esc to quit' : `Esc for ${esc.label}`;
  const numbers = count === 1 ? 'Press 1' : `Press a number from 1 to ${count}`;
  return `${numbers} to choose, or Enter for the current one. ${escWords}.`;
}

/** Report a question's outcome exactly once, after the summary line has been committed to the screen. */
export function useReportOutcome<V>(outcome: Outcome<V> | undefined, report: (o: Outcome<V>) => void): void {
  const reported = useRef(false);
  const latest = useRef(report);
  latest.current = report;
  useEffect(() => {
    if (!outcome || reported.current) return;
    reported.current = true;
    latest.current(outcome);
  }, [outcome]);
}
