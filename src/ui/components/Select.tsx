/**
 * A single-choice list: an Ink rendering of the model in src/ui/select-model.ts (state, reducer, keys, view),
 * the same model the frame drawn before Ink loads is built from. Keys come one at a time (useKeys), so several
 * keys in one chunk (`Down Down Enter`: Ink delivers keys typed or piped quickly as one chunk) are applied in order and select the third item,
 * and a key after the answer (`3y`) is left for the next question.
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
import React, { useEffect, useRef } from 'react';
import { Box } from 'ink';
import type { Choice } from '../../core/prompter.js';
import {
  initialSelectState,
  isLinear,
  moreLine,
  selectKeyToAction,
  selectReducer,
  selectView,
  type SelectAction,
  type SelectState,
} from '../select-model.js';
import { moreAbove, moreBelow } from '../frame-fit.js';
import { GLYPH, Segs, SummaryLine, T, clean, useKeys, useMachine, useUi, useWindowSize, type Outcome } from './ui.js';

export { linearHint, selectKeyToAction, selectReducer, type SelectAction, type SelectState } from '../select-model.js';

export interface SelectProps<T extends string> {
  message: string;
  choices: Choice<T>[];
  initial?: T;
  help?: string;
  /** Where the pointer starts (the frame drawn before Ink loaded hands over the position the person left). */
  initialIndex?: number;
  onOutcome(outcome: Outcome<T>): void;
}

export function Select<T extends string>({ message, choices, initial, help, initialIndex, onOutcome }: SelectProps<T>) {
  const { accessible, esc = 'back' } = useUi();
  const q = { message, choices, initial, help };
  const [state, dispatch] = useMachine<SelectState, SelectAction>(selectReducer, () => {
    const start = initialSelectState(q);
    return initialIndex !== undefined && initialIndex >= 0 && initialIndex < start.count ? { ...start, index: initialIndex } : start;
  });
  const linear = isLinear(accessible, choices.length);
  const size = useWindowSize();
  useKeys((ev) => {
    const action = selectKeyToAction(ev.input, ev.key);
    // Linear (accessible) mode: no state change → no re-render → nothing is written for a moving key.
    if (!action || (linear && action.type === 'move')) return 'take';
    return dispatch(action).outcome ? 'done' : 'take';
  });
  useReportOutcome(state.outcome, (o) =>
    onOutcome(o.kind === 'submit' ? { kind: 'submit', value: choices[o.value]!.value } : o),
  );

  const outcome = state.outcome;
  if (outcome?.kind === 'submit') return <SummaryLine message={message} answer={clean(choices[outcome.value]?.label ?? '')} />;
  if (outcome?.kind === 'cancel') return <SummaryLine message={message} cancelled />;
  if (outcome?.kind === 'back') return null;

  const view = selectView(q, state, { accessible, esc, size });
  return (
    <Box flexDirection="column">
      {view.question.map((line, i) => (
        <Segs key={`q${i}`} line={line} />
      ))}
      {view.above > 0 ? <Segs line={moreLine(moreAbove(view.above))} /> : null}
      {view.rows.map((row) => (
        <Box key={row.key} flexDirection="row">
          <Box flexShrink={0} width={2}>
            <T tone="accent">{row.active ? GLYPH.pointer : ' '}</T>
          </Box>
          <Box flexDirection="column" flexShrink={1}>
            <Segs line={row.label} />
          </Box>
        </Box>
      ))}
      {view.below > 0 ? <Segs line={moreLine(moreBelow(view.below))} /> : null}
      <Segs line={view.hint} />
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
