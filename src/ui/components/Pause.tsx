/** "Press Enter to …": waits for Enter (Esc goes back, Ctrl-C cancels). Keys before Enter are ignored. */
import React, { useReducer } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { useReportOutcome } from './Select.js';
import { GLYPH, KeysHint, hint, SummaryLine, T, clean, controlAction, useUi, type Outcome } from './ui.js';

type PauseState = { outcome?: Outcome<true> };
type PauseAction = { type: 'submit' } | { type: 'back' } | { type: 'cancel' };

export function pauseReducer(state: PauseState, action: PauseAction): PauseState {
  if (state.outcome) return state;
  if (action.type === 'submit') return { outcome: { kind: 'submit', value: true } };
  return { outcome: { kind: action.type } };
}

export function pauseKeyToAction(input: string, key: Key): PauseAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  // A pasted or typed CR/LF also counts as Enter.
  if (key.return || /^[\r\n]+$/u.test(input)) return { type: 'submit' };
  return undefined;
}

export function Pause({ message, escLabel, onOutcome }: { message: string; escLabel?: string; onOutcome(o: Outcome<true>): void }) {
  const { accessible, esc } = useUi();
  const [state, dispatch] = useReducer(pauseReducer, {});
  useInput((input, key) => {
    const action = pauseKeyToAction(input, key);
    if (action) dispatch(action);
  });
  useReportOutcome(state.outcome, onOutcome);

  if (state.outcome?.kind === 'submit') return <SummaryLine message={message} />;
  if (state.outcome?.kind === 'cancel') return <SummaryLine message={message} cancelled />;
  if (state.outcome?.kind === 'back') return null;
  return (
    <Box flexDirection="column">
      <Text>
        <T tone="accent">{GLYPH.pointer}</T> <T bold>{clean(message)}</T>
      </Text>
      <KeysHint text={hint('pause', accessible, escLabel ? { label: escLabel } : esc)} />
    </Box>
  );
}
