/**
 * The provider's app-creation steps as a checklist. Up/Down move; Space toggles; Enter ticks the highlighted
 * step and moves to the next open one (or to "Continue" when all are ticked); Enter on "Continue" finishes.
 * Only the highlighted step shows its detail and console link, so a long list still fits 80×24.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyFlags } from '../keys.js';
import type { ChecklistItem } from '../../core/prompter.js';
import { proseLines } from './Blocks.js';
import { useReportOutcome } from './Select.js';
import { fitList, frameBudget, moreAbove, moreBelow, textRows, type WindowSize } from '../frame-fit.js';
import { GLYPH, hint, KeysHint, LinkText, QuestionLine, SummaryLine, T, clean, cleanBlock, controlAction, useKeys, useMachine, useUi, useWindowSize, type Outcome, type UiOptions } from './ui.js';

export interface ChecklistState {
  /** 0..n-1 are the steps, n is "Continue". */
  cursor: number;
  ticked: boolean[];
  outcome?: Outcome<boolean[]>;
}

export type ChecklistAction =
  | { type: 'move'; delta: number }
  | { type: 'toggle' }
  | { type: 'enter' }
  | { type: 'back' }
  | { type: 'cancel' };

function nextOpen(ticked: boolean[], from: number): number {
  for (let i = 1; i <= ticked.length; i++) {
    const j = (from + i) % ticked.length;
    if (!ticked[j]) return j;
  }
  return ticked.length; // all ticked → Continue
}

export function checklistReducer(state: ChecklistState, action: ChecklistAction): ChecklistState {
  if (state.outcome) return state;
  const rows = state.ticked.length + 1;
  const onContinue = state.cursor === state.ticked.length;
  switch (action.type) {
    case 'move':
      return { ...state, cursor: (((state.cursor + action.delta) % rows) + rows) % rows };
    case 'toggle': {
      if (onContinue) return state;
      const ticked = state.ticked.map((t, i) => (i === state.cursor ? !t : t));
      return { ...state, ticked };
    }
    case 'enter': {
      if (onContinue) return { ...state, outcome: { kind: 'submit', value: state.ticked } };
      const ticked = state.ticked.map((t, i) => (i === state.cursor ? true : t));
      return { ...state, ticked, cursor: nextOpen(ticked, state.cursor) };
    }
    case 'back':
      return { ...state, outcome: { kind: 'back' } };
    case 'cancel':
      return { ...state, outcome: { kind: 'cancel' } };
  }
}

export function checklistKeyToAction(input: string, key: KeyFlags): ChecklistAction | undefined {
  const control = controlAction(input, key);
  if (control) return { type: control };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j' || key.tab) return { type: 'move', delta: 1 };
  if (input === ' ' || input === 'x') return { type: 'toggle' };
  if (key.return) return { type: 'enter' };
  return undefined;
}

export interface ChecklistProps {
  title: string;
  items: ChecklistItem[];
  help?: string;
  /** Ids of the steps already ticked (e.g. when the flow comes back to the checklist). */
  initial?: readonly string[];
  onOutcome(o: Outcome<boolean[]>): void;
}

/** The opening state: the given steps ticked, the cursor on the first open step (or on Continue). */
export function initialChecklistState(items: readonly ChecklistItem[], initial: readonly string[] = []): ChecklistState {
  const ticked = items.map((item) => initial.includes(item.id));
  const first = ticked.indexOf(false);
  return { cursor: first === -1 ? ticked.length : first, ticked };
}

/** A console link that does not fit beside the indentation goes on its own unindented line, whole. */
function linkFitsInline(url: string, columns: number): boolean {
  return [...`Open: ${clean(url)}`].length <= columns - 6;
}

/** What the frame can hold: which steps are shown, whether the help stays, and the highlighted step's extras. */
export interface ChecklistFrame {
  fit: { help: boolean; start: number; end: number };
  /** The highlighted step shows its detail. */
  detail: boolean;
  /** The highlighted step shows its console link. */
  link: boolean;
}

/**
 * The frame's layout, pure: the highlighted step shows its detail and link when they fit; in a short window
 * they go, detail first, and the list scrolls around the cursor.
 */
export function checklistFrame(p: {
  title: string;
  items: readonly ChecklistItem[];
  help?: string;
  cursor: number;
  ticked: readonly boolean[];
  size: WindowSize;
  ui: UiOptions;
}): ChecklistFrame {
  const { items, cursor, size, ui } = p;
  const { columns } = size;
  const { accessible, esc } = ui;
  const titleText = (item: ChecklistItem, i: number): string =>
    `${i + 1}. ${clean(item.title)}${accessible ? (p.ticked[i] ? ' (done)' : ' (to do)') : ''}`;
  const fixed = textRows(clean(p.title), columns) + textRows(hint('checklist', accessible, esc), columns);
  const helpRows = p.help ? textRows(cleanBlock(p.help), columns) : 0;
  const layout = (detail: boolean, link: boolean) => {
    const heights = [
      ...items.map((item, i) => {
        let h = textRows(titleText(item, i), columns - 6);
        if (i === cursor && detail && item.detail) h += proseLines(item.detail, 6, columns, ui).length;
        if (i === cursor && link && item.link) h += linkFitsInline(item.link, columns) ? 1 : 2;
        return h;
      }),
      1,
    ];
    const fit = fitList(size, { fixed, help: helpRows, heights, index: cursor });
    const used = fixed + (fit.help ? helpRows : 0) + heights.slice(fit.start, fit.end).reduce((n, h) => n + h, 0) + (fit.start > 0 ? 1 : 0) + (fit.end < heights.length ? 1 : 0);
    return { fit, detail, link, fits: used <= frameBudget(size) };
  };
  const chosen = [layout(true, true), layout(false, true), layout(false, false)].find((l) => l.fits) ?? layout(false, false);
  return { fit: chosen.fit, detail: chosen.detail, link: chosen.link };
}

export function Checklist({ title, items, help, initial, onOutcome }: ChecklistProps) {
  const ui = useUi();
  const { accessible, esc } = ui;
  const size = useWindowSize();
  const [state, dispatch] = useMachine<ChecklistState, ChecklistAction>(checklistReducer, () => initialChecklistState(items, initial));
  useKeys((ev) => {
    const action = checklistKeyToAction(ev.input, ev.key);
    if (!action) return 'take';
    return dispatch(action).outcome ? 'done' : 'take';
  });
  useReportOutcome(state.outcome, onOutcome);

  const done = state.ticked.filter(Boolean).length;
  const outcome = state.outcome;
  if (outcome?.kind === 'submit') return <SummaryLine message={title} answer={`${done} of ${items.length} steps done`} />;
  if (outcome?.kind === 'cancel') return <SummaryLine message={title} cancelled />;
  if (outcome?.kind === 'back') return null;

  const onContinue = state.cursor === items.length;
  const { columns } = size;
  const chosen = checklistFrame({ title, items, help, cursor: state.cursor, ticked: state.ticked, size, ui });
  const fit = chosen.fit;
  const shown = (i: number): boolean => i >= fit.start && i < fit.end;
  return (
    <Box flexDirection="column">
      <QuestionLine message={title} help={fit.help ? help : undefined} />
      {fit.start > 0 ? <T tone="dim">{moreAbove(fit.start)}</T> : null}
      {items.map((item, i) => {
        if (!shown(i)) return null;
        const active = i === state.cursor;
        const box = state.ticked[i] ? GLYPH.tick : GLYPH.untick;
        return (
          <Box key={item.id} flexDirection="column">
            <Box flexDirection="row">
              <Box flexShrink={0} width={2}>
                <T tone="accent">{active ? GLYPH.pointer : ' '}</T>
              </Box>
              <Box flexShrink={0} width={4}>
                <T tone={state.ticked[i] ? 'success' : 'plain'}>{box}</T>
              </Box>
              <Box flexShrink={1}>
                <Text>
                  {active ? (
                    <T bold tone="accent">
                      {i + 1}. {clean(item.title)}
                    </T>
                  ) : (
                    <T tone={state.ticked[i] ? 'dim' : 'plain'}>
                      {i + 1}. {clean(item.title)}
                    </T>
                  )}
                  {accessible ? (state.ticked[i] ? ' (done)' : ' (to do)') : ''}
                </Text>
              </Box>
            </Box>
            {active && chosen.detail && item.detail
              ? // Wrapped here, not by Ink: a URL in the detail that does not fit goes whole on its own line.
                proseLines(item.detail, 6, columns, ui).map((line, j) => <Text key={`d${j}`}>{line}</Text>)
              : null}
            {active && chosen.link && item.link ? (
              linkFitsInline(item.link, columns) ? (
                <Box paddingLeft={6}>
                  <Text>
                    <T tone="dim">Open: </T>
                    <LinkText url={item.link} />
                  </Text>
                </Box>
              ) : (
                <>
                  <Box paddingLeft={6}>
                    <T tone="dim">Open:</T>
                  </Box>
                  <LinkText url={item.link} />
                </>
              )
            ) : null}
          </Box>
        );
      })}
      {fit.end < items.length + 1 ? <T tone="dim">{moreBelow(items.length + 1 - fit.end)}</T> : null}
      {shown(items.length) ? (
      <Box flexDirection="row">
        <Box flexShrink={0} width={2}>
          <T tone="accent">{onContinue ? GLYPH.pointer : ' '}</T>
        </Box>
        <Text>
          {onContinue ? (
            <T bold tone="accent">
              Continue
            </T>
          ) : (
            <T>Continue</T>
          )}
          <T tone="dim">
            {' '}
            ({done} of {items.length} done)
          </T>
        </Text>
      </Box>
      ) : null}
      <KeysHint text={hint('checklist', accessible, esc)} />
    </Box>
  );
}
