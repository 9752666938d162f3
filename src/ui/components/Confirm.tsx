/**
 * Yes/No question. y/n answer at once, Left/Right/Tab switch, Enter takes the highlighted answer.
 * Reducer-driven like Select, keys one at a time: `n Enter` in one chunk answers No and leaves Enter for the next question.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyFlags } from '../keys.js';
import { useReportOutcome } from './Select.js';
import { GLYPH, KeysHint, hint, QuestionLine, SummaryLine, T, controlAction, useKeys, useMachine, useUi, type Outcome } from './ui.js';

export interface ConfirmState {
  yes: boolean;
  outcome?: Outcome<boolean>;
}

export type ConfirmAction =
  | { type: 'toggle' }
  | { type: 'answer'; yes: boolean }
  | { type: 'submit' }
  | { type: 'back' }
  | { type: 'cancel' };

export function confirmReducer(state: ConfirmState, action: ConfirmAction): ConfirmState {
  if (state.outcome) return state;
  switch (action.type) {
    case 'toggle':
      return { ...state, yes: !state.yes };
    case 'answer':
      return { yes: action.yes, outcome: { kind: 'submit', value: action.yes } };
    case 'submit':
      return { ...state, outcome: { kind: 'submit', value: state.yes } };
    case 'back':
      return { ...state, outcome: { kind: 'back' } };
    case 'cancel':
      return { ...state, outcome: { kind: 'cancel' } };
  }
}

export function confirmKeyToAction(input: string, key: KeyFlags): ConfirmAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  if (key.return) return { type: 'submit' };
  if (key.leftArrow || key.rightArrow || key.tab || key.upArrow || key.downArrow) return { type: 'toggle' };
  if (input === 'y' || input === 'Y') return { type: 'answer', yes: true };
  if (input === 'n' || input === 'N') return { type: 'answer', yes: false };
  return undefined;
}

export function Confirm({ message, initial = true, onOutcome }: { message: string; initial?: boolean; onOutcome(o: Outcome<boolean>): void }) {
  const { accessible, esc } = useUi();
  const [state, dispatch] = useMachine<ConfirmState, ConfirmAction>(confirmReducer, () => ({ yes: initial }));
  useKeys((ev) => {
    const action = confirmKeyToAction(ev.input, ev.key);
    if (!action) return 'take';
    return dispatch(action).outcome ? 'done' : 'take';
  });
  useReportOutcome(state.outcome, onOutcome);

  const outcome = state.outcome;
  if (outcome?.kind === 'submit') return <SummaryLine message={message} answer={outcome.value ? 'Yes' : 'No'} />;
  if (outcome?.kind === 'cancel') return <SummaryLine message={message} cancelled />;
  if (outcome?.kind === 'back') return null;

  const option = (label: string, active: boolean) =>
    active ? (
      <T tone="accent" bold>
        {GLYPH.pointer} {label}
        {accessible ? ' (current)' : ''}
      </T>
    ) : (
      <T>
        {'  '}
        {label}
      </T>
    );
  return (
    <Box flexDirection="column">
      <QuestionLine message={message} />
      <Text>
        {option('Yes', state.yes)}
        {'   '}
        {option('No', !state.yes)}
      </Text>
      <KeysHint text={hint('confirm', accessible, esc)} />
    </Box>
  );
}
