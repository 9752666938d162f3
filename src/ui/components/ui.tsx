/**
 * Shared pieces of the wizard's Ink views: the colour/accessibility context, toned text that emits no ANSI
 * when colour is off, the one-line summary an answered question leaves on screen, and paste hygiene.
 */
import React, { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Text, type Key } from 'ink';
import { stripControl } from '../../core/sanitize.js';

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

export type Tone = 'info' | 'success' | 'warning' | 'error' | 'dim' | 'accent' | 'plain';

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

/** What a question ended with; components derive it from their reducer state and report it once. */
export type Outcome<V> = { kind: 'submit'; value: V } | { kind: 'back' } | { kind: 'cancel' };

/** Every question understands these two keys the same way. */
export function controlAction(input: string, key: Key): 'cancel' | 'back' | undefined {
  if (key.ctrl && input === 'c') return 'cancel';
  if (key.escape) return 'back';
  return undefined;
}

/** "Which provider?" → "Which provider" for the summary line. */
export function summaryLabel(message: string): string {
  return clean(message).replace(/[\s?:.]+$/u, '');
}

/** Server or asset text is untrusted: no control sequences, one line. */
export function clean(text: string): string {
  return stripControl(text, { singleLine: true });
}

/** Multi-line text without control sequences. */
export function cleanBlock(text: string): string {
  return stripControl(text);
}

/** The dim line an answered question leaves behind, e.g. "✔ Provider: Microsoft Entra ID". */
export function SummaryLine({ message, answer, cancelled }: { message: string; answer?: string; cancelled?: boolean }) {
  const { onSummary } = useUi();
  useEffect(() => {
    if (!cancelled) onSummary?.({ message, answer });
  }, [cancelled, message, answer, onSummary]);
  const label = summaryLabel(message);
  if (cancelled) {
    return (
      <T tone="dim">
        {GLYPH.cancelled} {label} (cancelled)
      </T>
    );
  }
  return (
    <Text>
      <T tone="success">{GLYPH.done}</T>
      <T tone="dim">
        {' '}
        {label}
        {answer !== undefined && answer !== '' ? `: ${answer}` : ''}
      </T>
    </Text>
  );
}

/** The question line: "? Message" with optional dim help underneath. */
export function QuestionLine({ message, help }: { message: string; help?: string }) {
  return (
    <>
      <Text>
        <T tone="accent">{GLYPH.question}</T> <T bold>{clean(message)}</T>
      </Text>
      {help ? <T tone="dim">{cleanBlock(help)}</T> : null}
    </>
  );
}

/** Keys hint shown under a question (not in accessible mode's terse form). */
export function KeysHint({ text }: { text: string }) {
  return <T tone="dim">{text}</T>;
}

/**
 * Paste hygiene: Ink 6 has no bracketed paste, so a paste arrives as one input string,
 * possibly with CR/LF inside or at the end. CR/LF never reach the value; a multi-character chunk (a paste) is
 * trimmed; a chunk ending in CR or LF asks for submission, as if Enter followed the paste.
 */
export function sanitizeChunk(chunk: string): { text: string; submit: boolean } {
  const submit = /[\r\n]\s*$/u.test(chunk);
  let text = chunk.replace(/[\r\n]+/gu, '');
  // Tabs and other control characters never belong in a single-line value.
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/gu, '');
  if (chunk.length > 1) text = text.trim();
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

/**
 * Ink splits a chunk only at escape sequences, so keys without one that arrive together ("\r\r", "jj\r", a
 * digit and Enter) come as one multi-character input. List-style questions replay them one key at a time.
 */
export function expandKeys(input: string, key: Key): Array<[string, Key]> {
  if (input.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((ch): [string, Key] => {
    if (ch === '\r' || ch === '\n') return ['', { ...key, return: true }];
    if (ch === '\t') return ['', { ...key, tab: true }];
    return [ch, key];
  });
}
