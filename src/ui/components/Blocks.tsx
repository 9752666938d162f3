/**
 * Static content the flow shows between questions (`Prompter.show`): headings, toned text, lists, label/value
 * tables, code and diffs. No fixed widths: the label column is sized from the labels and capped at 40% of the
 * terminal, values wrap in the rest. All text is stripped of control sequences (it may come from a server).
 *
 * Code is the exception to wrapping: `blocksToString` (what show() prints) writes each line of a code block as one
 * line, never broken by Ink, and lets the terminal soft-wrap it, so copying a pipeline snippet or a command from
 * the terminal gives back the original lines (a hard-wrapped YAML comment or shell command would not run).
 */
import React from 'react';
import { Text } from 'ink';
import type { Block } from '../../core/prompter.js';
import { createStyle } from '../../core/style.js';
import { GLYPH, clean, cleanBlock, useUi, type Tone, type UiOptions } from './ui.js';

/**
 * The blocks as terminal text (no trailing newline), laid out here rather than by Ink so that text wraps like
 * text: words are never cut (Ink's own wrap cuts a word longer than the box and keeps the space at a break),
 * continuation lines start under the text of their first line, and a word that does not fit the space it has
 * (a URL, a `command`, a long path) is written whole on a line of its own, unindented, so the terminal keeps it
 * clickable and copying gives it back. Code lines are written whole (see above).
 */
export function blocksToString(blocks: Block[], columns: number, ui: UiOptions): string {
  const width = columns > 0 ? columns : 80;
  const out: string[] = [];
  for (const block of blocks) out.push(...blockLines(block, width, ui));
  return out.join('\n');
}

type Paint = (s: string) => string;

/** Words of a line; a `backtick span` stays one word (a command is never broken at its spaces). */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /`[^`]*`\S*|\S+/gu;
  for (const m of line.matchAll(re)) out.push(m[0]);
  return out;
}

/** A URL inside a word; sentence punctuation right after it is not part of it. */
const URL_RE = /https?:\/\/[^\s<>"'`)]+?(?=[.,;:!?]*(?:$|[\s<>"'`)]))/u;

/**
 * Word-wrap `text` into lines: the first starts with `first`, the others with `rest` (same width); each source line
 * keeps its own leading indentation. A word wider than the room left is put on its own unindented line, whole.
 */
export function flow(text: string, first: string, rest: string, columns: number, paint: Paint, link: (w: string) => string): string[] {
  const out: string[] = [];
  let prefix = first;
  const room = (p: string): number => Math.max(1, columns - [...p].length);
  for (const source of cleanBlock(text).replace(/\n+$/u, '').split('\n')) {
    const indent = /^\s*/u.exec(source)![0].replace(/\t/gu, '  ');
    const ws = words(source);
    if (ws.length === 0) {
      out.push(prefix.trim() === '' ? '' : paint(prefix.replace(/\s+$/u, '')));
      prefix = rest;
      continue;
    }
    let line = '';
    let lead = prefix + indent;
    const flush = (): void => {
      if (line !== '') out.push(paint(lead + line));
      line = '';
      lead = rest + indent;
    };
    for (const w of ws) {
      const len = [...w].length;
      if (len > room(rest + indent) || (line === '' && len > room(lead))) {
        // Too wide for its box: its own line, unindented, never broken (a mark or bullet before it keeps its line).
        if (line === '' && lead.trim() !== '') {
          out.push(paint(lead.replace(/\s+$/u, '')));
          lead = rest + indent;
        }
        flush();
        out.push(link(w));
        continue;
      }
      if (line === '') line = w;
      else if ([...line].length + 1 + len <= room(lead)) line += ` ${w}`;
      else {
        flush();
        line = w;
      }
    }
    flush();
    prefix = rest;
  }
  return out;
}

/**
 * A prose text as lines for a live frame: wrapped at `columns` under an indentation of `indent` cells, a word
 * wider than its room (a URL) on its own unindented line (an OSC 8 link when colour is on).
 */
export function proseLines(text: string, indent: number, columns: number, ui: UiOptions): string[] {
  const pad = ' '.repeat(indent);
  const hyperlink = ui.color && !ui.accessible;
  return flow(text, pad, pad, columns, (s) => s, (w) => {
    const m = URL_RE.exec(w);
    return m && hyperlink ? w.replace(m[0], linkLine(m[0], true)) : w;
  });
}

function blockLines(block: Block, columns: number, ui: UiOptions): string[] {
  const st = createStyle(ui.color);
  const hyperlink = ui.color && !ui.accessible;
  const tone = (t: Tone | undefined): Paint =>
    t === 'success' ? st.green : t === 'warning' ? st.yellow : t === 'error' ? st.red : t === 'dim' ? st.dim : t === 'info' || t === 'accent' ? st.cyan : (s) => s;
  const link = (w: string): string => {
    const m = URL_RE.exec(w);
    if (!m || !hyperlink) return w;
    return w.replace(m[0], linkLine(m[0], true));
  };
  const pad = (n: number): string => ' '.repeat(n);
  switch (block.kind) {
    case 'heading':
      return ['', ...flow(block.text, '', '', columns, (s) => st.bold(st.cyan(s)), link)];
    case 'text': {
      const mark = block.tone ? TONE_MARK[block.tone] : undefined;
      return flow(block.text, mark ? `${mark} ` : '', mark ? pad(2) : '', columns, tone(block.tone), link);
    }
    case 'list': {
      const markerWidth = block.ordered ? String(block.items.length).length + 2 : 2;
      return block.items.flatMap((item, i) => {
        // An item that starts with its own status mark ("✓ Token issued") gets no bullet: never "• ✓".
        const marker = block.ordered ? `${i + 1}.` : STATUS_MARK.test(item) ? '' : GLYPH.bullet;
        return flow(item, marker.padEnd(markerWidth), pad(markerWidth), columns, tone(block.tone), link);
      });
    }
    case 'table': {
      const longest = Math.max(0, ...block.rows.map((r) => [...clean(r.label)].length));
      const labelWidth = Math.max(4, Math.min(longest + 2, Math.floor(columns * 0.4)));
      return block.rows.flatMap((row) => {
        const label = clean(row.label);
        if ([...label].length > labelWidth - 2) {
          // A label wider than its column: on its own line, the value under it in the value column.
          return [st.dim(label), ...flow(row.value, pad(labelWidth), pad(labelWidth), columns, (s) => s, link)];
        }
        const lines = flow(row.value, pad(labelWidth), pad(labelWidth), columns, (s) => s, link);
        if (lines.length === 0 || !lines[0]!.startsWith(pad(labelWidth))) return [st.dim(label), ...lines];
        return [st.dim(label) + lines[0]!.slice(label.length), ...lines.slice(1)];
      });
    }
    case 'code': {
      const title = block.title ? flow(block.title, '', '', columns, st.dim, link) : [];
      const lines = cleanBlock(block.text)
        .replace(/\n+$/u, '')
        .split('\n')
        .map((line) => (line === '' ? '' : `  ${st.cyan(line)}`));
      return [...title, ...lines];
    }
    case 'diff': {
      const title = block.title ? flow(block.title, '', '', columns, st.dim, link) : [];
      return [
        ...title,
        ...block.lines.map((l) => {
          const text = `${l.op} ${cleanBlock(l.text).replace(/\n/gu, ' ')}`;
          return l.op === '+' ? st.green(text) : l.op === '-' ? st.red(text) : st.dim(text);
        }),
      ];
    }
    case 'link':
      // A URL is written whole on its own unindented line: never wrapped, so it stays clickable and copyable.
      return [...(block.title ? flow(block.title, '', '', columns, (s) => s, link) : []), linkLine(block.url, hyperlink)];
  }
}

/** The URL as written: an OSC 8 hyperlink whose visible text is the URL when links can be styled, else bare. */
export function linkLine(url: string, hyperlink: boolean): string {
  const safe = clean(url);
  return hyperlink && /^https?:\/\//u.test(safe) ? `\u001b]8;;${safe}\u0007${safe}\u001b]8;;\u0007` : safe;
}

const STATUS_MARK = /^[✓✗!…?-] /u;

const TONE_MARK: Record<string, string> = { success: GLYPH.done, warning: GLYPH.warning, error: GLYPH.cancelled };

/** The blocks as an Ink element: the same text `blocksToString` lays out (the prompter prints that string). */
export function Blocks({ blocks, columns = 80 }: { blocks: Block[]; columns?: number }) {
  const ui = useUi();
  return <Text>{blocksToString(blocks, columns, ui)}</Text>;
}
