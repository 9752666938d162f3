/** "Press Enter to …": waits for Enter (Esc goes back, Ctrl-C cancels). Keys before Enter are ignored. */
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyFlags } from '../keys.js';
import { useReportOutcome } from './Select.js';
import { GLYPH, KeysHint, hint, SummaryLine, T, clean, controlAction, useKeys, useMachine, useUi, type Outcome } from './ui.js';

type PauseState = { outcome?: Outcome<true> };
type PauseAction = { type: 'submit' } | { type: 'back' } | { type: 'cancel' };

export function pauseReducer(state: PauseState, action: PauseAction): PauseState {
  if (state.outcome) return state;
  if (action.type === 'submit') return { outcome: { kind: 'submit', value: true } };
  return { outcome: { kind: action.type } };
}

export function pauseKeyToAction(input: string, key: KeyFlags): PauseAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  // A pasted or typed CR/LF also counts as Enter.
  if (key.return || /^[\r\n]+$/u.test(input)) return { type: 'submit' };
  return undefined;
}

export function Pause({ message, escLabel, onOutcome }: { message: string; escLabel?: string; onOutcome(o: Outcome<true>): void }) {
  const { accessible, esc } = useUi();
  const [state, dispatch] = useMachine<PauseState, PauseAction>(pauseReducer, () => ({}));
  useKeys((ev) => {
    const action = pauseKeyToAction(ev.input, ev.key);
    if (!action) return 'take';
    return dispatch(action).outcome ? 'done' : 'take';
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
