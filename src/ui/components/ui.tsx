/**
 * Shared pieces of the wizard's Ink views: the colour/accessibility context, toned text that emits no ANSI
 * when colour is off, the one-line summary an answered question leaves on screen, and paste hygiene.
 */
import React, { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Text, useInput, useStdout } from 'ink';
import { windowSize, type WindowSize } from '../frame-fit.js';
import type { KeyPump, Take } from '../key-pump.js';
import { fromInk, isText, type KeyEvent } from '../keys.js';
import { clean, questionModel, summaryModel, type Line, type Tone } from '../select-model.js';

export { clean, cleanBlock, controlAction, summaryLabel, type Outcome, type Tone } from '../select-model.js';

export interface UiOptions {
  /** false → no ANSI colour or text attributes at all (NO_COLOR, --no-color, TERM=dumb). */
  color: boolean;
  /** --accessible / INK_SCREEN_READER: linear text, no animation, words instead of glyph-only cues. */
  accessible: boolean;
  /** What Esc does on this question, for the key hint (default: back). */
  esc?: EscMeaning;
  /** The prompter learns the summary line a question leaves (to erase it when that question is asked again). */
  onSummary?: (summary: { message: string; answer?: string }) => void;
}

export const UiContext = createContext<UiOptions>({ color: true, accessible: false });
export const useUi = (): UiOptions => useContext(UiContext);

const TONE_COLOR: Partial<Record<Tone, string>> = {
  info: 'cyan',
  success: 'green',
  warning: 'yellow',
  error: 'red',
  accent: 'cyan',
};

/** Text in a tone; with colour off it is plain text (no colour, no dim, no bold). */
export function T({ tone = 'plain', bold, children }: { tone?: Tone; bold?: boolean; children?: ReactNode }) {
  const { color } = useUi();
  if (!color) return <Text>{children}</Text>;
  return (
    <Text color={TONE_COLOR[tone]} dimColor={tone === 'dim'} bold={bold}>
      {children}
    </Text>
  );
}

export { GLYPH, hint, placeholderText, type EscMeaning } from '../glyphs.js';
import { GLYPH, type EscMeaning } from '../glyphs.js';

/** The dim line an answered question leaves behind, e.g. "✔ Provider: Microsoft Entra ID". */
export function SummaryLine({ message, answer, cancelled }: { message: string; answer?: string; cancelled?: boolean }) {
  const { onSummary } = useUi();
  useEffect(() => {
    if (!cancelled) onSummary?.({ message, answer });
  }, [cancelled, message, answer, onSummary]);
  return <Segs line={summaryModel(message, answer, cancelled)} />;
}

/** The question line: "? Message" with optional dim help underneath. */
export function QuestionLine({ message, help }: { message: string; help?: string }) {
  return (
    <>
      {questionModel(message, help).map((line, i) => (
        <Segs key={i} line={line} />
      ))}
    </>
  );
}

/** One line of the shared model (select-model.ts) as Ink text. */
export function Segs({ line }: { line: Line }) {
  return (
    <Text>
      {line.map((seg, i) =>
        seg.inverse ? (
          <Text key={i} inverse>
            {seg.text}
          </Text>
        ) : seg.tone === undefined && !seg.bold ? (
          seg.text
        ) : (
          <T key={i} tone={seg.tone} bold={seg.bold}>
            {seg.text}
          </T>
        ),
      )}
    </Text>
  );
}

/** Keys hint shown under a question (not in accessible mode's terse form). */
export function KeysHint({ text }: { text: string }) {
  return <T tone="dim">{text}</T>;
}

/**
 * Paste hygiene: Ink 6 has no bracketed paste, so a paste arrives as typed text. CR/LF
 * and other control characters never reach a single-line value; `submit` says the text ended with CR/LF (the
 * key pump turns those into Enter keys of their own, so this only matters for raw strings). Spaces are kept
 * where typed; the submitted value is trimmed.
 */
export function sanitizeChunk(chunk: string): { text: string; submit: boolean } {
  const submit = /[\r\n]\s*$/u.test(chunk);
  let text = chunk.replace(/[\r\n]+/gu, '');
  // Tabs and other control characters never belong in a single-line value.
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/gu, '');
  return { text, submit };
}

/** An OSC 8 hyperlink whose visible text is the URL itself, so nothing is lost where links are not clickable. */
export function LinkText({ url }: { url: string }) {
  const { color, accessible } = useUi();
  const safe = clean(url);
  if (!color || accessible || !/^https?:\/\//u.test(safe)) return <Text>{safe}</Text>;
  return (
    <Text>
      <T tone="info">{`\u001b]8;;${safe}\u0007${safe}\u001b]8;;\u0007`}</T>
    </Text>
  );
}

/** The prompter's key pump (src/ui/key-pump.ts); without one (component tests) keys come from Ink's useInput. */
export const KeyPumpContext = createContext<KeyPump | undefined>(undefined);

/**
 * Keys for the question on screen, one at a time and in order. `onKey` runs synchronously per key and says
 * whether it took the key, or took it and the question is answered ("done": later keys are the next
 * question's). With the prompter's pump the keys typed before this question appeared come first.
 */
export function useKeys(onKey: (ev: KeyEvent) => Take, opts: { active?: boolean; textRuns?: boolean } = {}): void {
  const pump = useContext(KeyPumpContext);
  const latest = useRef(onKey);
  latest.current = onKey;
  const active = opts.active ?? true;
  const textRuns = opts.textRuns ?? false;
  // A layout effect: attached in the same commit as the first frame, before any key can be read.
  useLayoutEffect(() => {
    if (!pump || !active) return;
    return pump.attach((ev) => latest.current(ev), { textRuns });
  }, [pump, active, textRuns]);
  useInput(
    (input, key) => {
      for (const ev of fromInk(input, key)) {
        if (textRuns) {
          if (latest.current(ev) === 'done') return;
          continue;
        }
        // Lists take a run of characters one at a time.
        for (const ch of isText(ev) ? [...ev.input] : [ev.input]) {
          if (latest.current({ input: ch, key: ev.key }) === 'done') return;
        }
      }
    },
    { isActive: !pump && active },
  );
}

/**
 * A reducer whose current state is known synchronously (a ref), so a key handler can tell at once whether a key
 * answered the question; React state only drives the re-render.
 */
export function useMachine<S, A>(reducer: (s: S, a: A) => S, init: () => S): [S, (a: A) => S] {
  const [state, setState] = useState(init);
  const ref = useRef(state);
  const dispatch = (action: A): S => {
    const next = reducer(ref.current, action);
    if (next !== ref.current) {
      ref.current = next;
      setState(next);
    }
    return next;
  };
  return [state, dispatch];
}

/**
 * The window the live frame must fit (0×0 → 80×24), kept current on resize: a question's frame stays shorter
 * than the window, or Ink would clear the screen and the scrollback with it.
 */
export function useWindowSize(): WindowSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => windowSize(stdout));
  useEffect(() => {
    const update = (): void => {
      const next = windowSize(stdout);
      setSize((old) => (old.columns === next.columns && old.rows === next.rows ? old : next));
    };
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}
