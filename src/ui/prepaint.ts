/**
 * The first question's opening frame as a plain string, written before Ink and React are even parsed
 * (so the wizard's first interactive frame appears about as fast as a bare `node` start). It mirrors the Ink components'
 * initial render (same glyphs, hints, layout); when Ink is ready the pre-paint is erased and Ink draws the live
 * frame in its place. No React, no Ink here: only string building.
 */
import { createStyle } from '../core/style.js';
import { stripControl } from '../core/sanitize.js';
import type { Choice, TextQuestion } from '../core/prompter.js';
import { GLYPH, hint, placeholderText, type EscMeaning } from './glyphs.js';

const clean = (s: string): string => stripControl(s, { singleLine: true });
const cleanBlock = (s: string): string => stripControl(s);

function header(message: string, help: string | undefined, color: boolean): string[] {
  const st = createStyle(color);
  const lines = [`${st.cyan(GLYPH.question)} ${st.bold(clean(message))}`];
  if (help) lines.push(...cleanBlock(help).split('\n').map((l) => st.dim(l)));
  return lines;
}

/**
 * A pre-painted frame is always the wizard's first question, where Esc has nothing to go back to and quits;
 * `esc` says otherwise for other uses.
 */
export function selectFrame(
  q: { message: string; choices: Choice[]; initial?: string; help?: string },
  color: boolean,
  esc: EscMeaning = 'quit',
): string {
  const st = createStyle(color);
  const active = Math.max(
    0,
    q.choices.findIndex((c) => c.value === q.initial),
  );
  const numbered = q.choices.length <= 9;
  const lines = header(q.message, q.help, color);
  q.choices.forEach((c, i) => {
    const label = `${numbered ? `${i + 1}. ` : ''}${clean(c.label)}`;
    const hintText = c.hint ? st.dim(` — ${clean(c.hint)}`) : '';
    lines.push(i === active ? `${st.cyan(GLYPH.pointer)} ${st.cyan(st.bold(label))}${hintText}` : `  ${label}${hintText}`);
  });
  lines.push(st.dim(hint('select', false, esc)));
  return `${lines.join('\n')}\n`;
}

export function confirmFrame(q: { message: string; initial?: boolean }, color: boolean, esc: EscMeaning = 'quit'): string {
  const st = createStyle(color);
  const yes = q.initial ?? true;
  const option = (label: string, on: boolean) => (on ? st.cyan(st.bold(`${GLYPH.pointer} ${label}`)) : `  ${label}`);
  return `${[...header(q.message, undefined, color), `${option('Yes', yes)}   ${option('No', !yes)}`, st.dim(hint('confirm', false, esc))].join('\n')}\n`;
}

export function textFrame(q: Omit<TextQuestion, 'id'> & { masked?: boolean }, color: boolean, esc: EscMeaning = 'quit'): string {
  const st = createStyle(color);
  const cursor = (ch: string) => (color ? `\u001b[7m${ch}\u001b[27m` : ch === ' ' ? '' : ch);
  const value = q.masked ? '' : clean(q.initial ?? '');
  const lines = header(q.message, q.help, color);
  const field = value === '' && q.placeholder ? `${cursor(' ')}${st.dim(placeholderText(clean(q.placeholder)))}` : `${value}${cursor(' ')}`;
  lines.push(`${st.cyan(GLYPH.pointer)} ${field}`.trimEnd());
  const candidate = q.normalize ? q.normalize(value.trim()) : value.trim();
  const error = value !== '' && q.validate ? q.validate(candidate) : undefined;
  if (error !== undefined) lines.push(st.red(`${GLYPH.cancelled} ${clean(error)}`));
  const note = q.note?.(candidate);
  if (note) lines.push(st.dim(clean(note)));
  lines.push(st.dim(hint(q.masked ? 'secret' : 'text', false, esc)));
  return `${lines.join('\n')}\n`;
}

/** Terminal rows a text occupies at this width (our glyphs are one cell wide; SGR codes take none). */
export function rowsOf(text: string, columns: number): number {
  const lines = text.replace(/\n$/u, '').split('\n');
  let rows = 0;
  for (const line of lines) {
    // eslint-disable-next-line no-control-regex
    const width = [...line.replace(/\u001b\[[0-9;]*m/gu, '')].length;
    rows += Math.max(1, Math.ceil(width / Math.max(1, columns)));
  }
  return rows;
}

/**
 * Erase the `rows` rows above the cursor line by line, ending on the first of them (as Ink's log-update does).
 * Not "ESC[J" from the top: terminals with scroll-on-clear (tmux ≥ 3.3) would push a full clear into history.
 */
export const eraseRows = (rows: number): string => (rows > 0 ? `\r${'\u001b[1A\u001b[2K'.repeat(rows)}` : '');
