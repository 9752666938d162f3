/**
 * Question frames as plain strings, written before Ink and React are even parsed (the wizard's first frame close
 * to a bare `node` start). A select frame is the shared model (select-model.ts) rendered to ANSI text, the same
 * model the Ink Select renders; when Ink takes over and its first frame shows the same cells, nothing is redrawn
 * (see `sameScreen`). No React, no Ink here: only string building.
 */
import { createStyle, type Style } from '../core/style.js';
import { stripControl } from '../core/sanitize.js';
import type { TextQuestion } from '../core/prompter.js';
import { GLYPH, hint, type EscMeaning } from './glyphs.js';
import { initialTextState, textView } from './text-model.js';
import { moreAbove, moreBelow, type WindowSize } from './frame-fit.js';
import { initialSelectState, moreLine, selectView, summaryModel, type Line, type SelectQuestion, type SelectState, type Seg } from './select-model.js';

function styled(st: Style, seg: Seg): string {
  let out = seg.text;
  switch (seg.tone) {
    case 'accent':
    case 'info':
      out = st.cyan(out);
      break;
    case 'success':
      out = st.green(out);
      break;
    case 'warning':
      out = st.yellow(out);
      break;
    case 'error':
      out = st.red(out);
      break;
    case 'dim':
      out = st.dim(out);
      break;
    default:
      break;
  }
  if (seg.inverse && st.enabled) out = `\u001b[7m${out}\u001b[27m`;
  return seg.bold ? st.bold(out) : out;
}

/** One line of the shared model as ANSI text (plain text when colour is off). */
export function lineText(line: Line, color: boolean): string {
  const st = createStyle(color);
  return line.map((seg) => styled(st, seg)).join('');
}

/** The summary line an answered question leaves, as the Ink SummaryLine draws it. */
export function summaryText(message: string, answer: string | undefined, color: boolean, cancelled = false): string {
  return `${lineText(summaryModel(message, answer, cancelled), color)}\n`;
}

const clean = (s: string): string => stripControl(s, { singleLine: true });
const cleanBlock = (s: string): string => stripControl(s);

function header(message: string, help: string | undefined, color: boolean): string[] {
  const st = createStyle(color);
  const lines = [`${st.cyan(GLYPH.question)} ${st.bold(clean(message))}`];
  if (help) lines.push(...cleanBlock(help).split('\n').map((l) => st.dim(l)));
  return lines;
}

/**
 * A select question's frame from the shared model, at `state` (default: the opening state). A pre-painted frame
 * is usually the wizard's first question, where Esc has nothing to go back to and quits; `esc` says otherwise.
 */
export function selectFrame(
  q: SelectQuestion,
  color: boolean,
  esc: EscMeaning = 'quit',
  state: SelectState = initialSelectState(q),
  size?: WindowSize,
): string {
  const view = selectView(q, state, { accessible: false, esc, ...(size ? { size } : {}) });
  const st = createStyle(color);
  const lines = [
    ...view.question.map((l) => lineText(l, color)),
    ...(view.above > 0 ? [lineText(moreLine(moreAbove(view.above)), color)] : []),
    ...view.rows.map((row) => `${row.active ? st.cyan(GLYPH.pointer) : ' '} ${lineText(row.label, color)}`),
    ...(view.below > 0 ? [lineText(moreLine(moreBelow(view.below)), color)] : []),
    lineText(view.hint, color),
  ];
  return `${lines.join('\n')}\n`;
}

export function confirmFrame(q: { message: string; initial?: boolean }, color: boolean, esc: EscMeaning = 'quit'): string {
  const st = createStyle(color);
  const yes = q.initial ?? true;
  const option = (label: string, on: boolean) => (on ? st.cyan(st.bold(`${GLYPH.pointer} ${label}`)) : `  ${label}`);
  return `${[...header(q.message, undefined, color), `${option('Yes', yes)}   ${option('No', !yes)}`, st.dim(hint('confirm', false, esc))].join('\n')}\n`;
}

/** A text question's opening frame from the text field's model (text-model.ts), as the Ink TextField draws it. */
export function textFrame(q: Omit<TextQuestion, 'id'> & { masked?: boolean }, color: boolean, esc: EscMeaning = 'quit'): string {
  const view = textView(q, initialTextState(q.initial, q.masked), { cursor: color, accessible: false, esc });
  const st = createStyle(color);
  const lines = [
    ...view.question.map((l) => lineText(l, color)),
    `${st.cyan(GLYPH.pointer)} ${lineText(view.field, color)}`.trimEnd(),
    ...view.below.map((l) => lineText(l, color)),
  ];
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

/**
 * The cells a frame paints: per line, each character with the SGR attributes in force (colour, bold, dim,
 * inverse…), trailing unstyled spaces dropped. Two frames with the same cells look the same, whatever the order
 * or grouping of their escape codes (Ink and the plain renderer group them differently).
 */
export function screenCells(frame: string): string[] {
  const out: string[] = [];
  const attrs = new Map<string, string>();
  let line: string[] = [];
  const endLine = () => {
    while (line.length > 0 && line[line.length - 1] === '| ') line.pop();
    out.push(line.join(''));
    line = [];
  };
  const sgr = (params: string) => {
    const codes = params === '' ? [0] : params.split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c === 0) attrs.clear();
      else if (c === 1) attrs.set('b', '1');
      else if (c === 2) attrs.set('d', '1');
      else if (c === 22) (attrs.delete('b'), attrs.delete('d'));
      else if (c === 3 || c === 23) c === 3 ? attrs.set('i', '1') : attrs.delete('i');
      else if (c === 4 || c === 24) c === 4 ? attrs.set('u', '1') : attrs.delete('u');
      else if (c === 7 || c === 27) c === 7 ? attrs.set('v', '1') : attrs.delete('v');
      else if (c === 9 || c === 29) c === 9 ? attrs.set('s', '1') : attrs.delete('s');
      else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) attrs.set('f', String(c));
      else if (c === 39) attrs.delete('f');
      else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) attrs.set('g', String(c));
      else if (c === 49) attrs.delete('g');
      else if (c === 38 || c === 48) {
        const n = codes[i + 1] === 5 ? 2 : 4;
        attrs.set(c === 38 ? 'f' : 'g', codes.slice(i, i + n + 1).join(':'));
        i += n;
      }
    }
  };
  // On a space only what paints the cell itself shows (background, inverse, underline, strike), not the colour.
  const key = (ch: string) =>
    [...attrs.entries()]
      .filter(([k]) => ch !== ' ' || k === 'g' || k === 'v' || k === 'u' || k === 's')
      .sort()
      .map(([k, v]) => `${k}${v}`)
      .join(',');
  for (let i = 0; i < frame.length; ) {
    const ch = frame[i]!;
    if (ch === '\u001b') {
      const m = /^\u001b\[([0-9;]*)m/u.exec(frame.slice(i));
      if (m) {
        sgr(m[1]!);
        i += m[0].length;
        continue;
      }
      // Anything else (a hyperlink, a cursor move) is kept as it is, in place.
      const other = /^\u001b(?:\][^\u0007]*\u0007|\[[?0-9;]*[A-Za-z]|[\s\S]?)/u.exec(frame.slice(i))!;
      line.push(`~${other[0]}`);
      i += other[0].length;
      continue;
    }
    if (ch === '\n') endLine();
    else line.push(`${key(ch)}|${ch}`);
    i += 1;
  }
  endLine();
  return out;
}

/** Would writing `b` over `a` change anything a person sees? */
export function sameScreen(a: string, b: string): boolean {
  const x = screenCells(a);
  const y = screenCells(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

export const HIDE_CURSOR = '\u001b[?25l';
export const SHOW_CURSOR = '\u001b[?25h';
/** Synchronized output (a terminal without it ignores these): the erase and the new frame appear together. */
export const BEGIN_SYNC = '\u001b[?2026h';
export const END_SYNC = '\u001b[?2026l';
