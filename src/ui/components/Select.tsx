/**
 * A single-choice list. State lives in a reducer and the key handler only dispatches, so several keys in one
 * chunk (`Down Down Enter`, ink-and-tooling.md P6) are applied in order and select the third item.
 * Keys: Up/Down (or k/j) move and wrap, 1–9 choose at once, Enter chooses, Esc goes back, Ctrl-C cancels.
 */
import React, { useEffect, useReducer, useRef } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import type { Choice } from '../../core/prompter.js';
import { GLYPH, KeysHint, hint, QuestionLine, SummaryLine, T, clean, controlAction, expandKeys, useUi, type Outcome } from './ui.js';

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
  useInput((input, key) => {
    for (const [i, k] of expandKeys(input, key)) {
      const action = selectKeyToAction(i, k);
      if (action) dispatch(action);
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
      <KeysHint text={hint('select', accessible, esc)} />
    </Box>
  );
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
