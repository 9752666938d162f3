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
import { Box, Text, renderToString } from 'ink';
import type { Block } from '../../core/prompter.js';
import { createStyle } from '../../core/style.js';
import { GLYPH, LinkText, T, UiContext, clean, cleanBlock, useUi, type Tone, type UiOptions } from './ui.js';

/** The lines of a code block as written to the terminal: indented two spaces, control sequences removed, unwrapped. */
export function codeLines(text: string, color: boolean): string[] {
  const st = createStyle(color);
  return cleanBlock(text)
    .replace(/\n+$/u, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${st.cyan(line)}`));
}

/**
 * The blocks as terminal text (no trailing newline): prose through Ink at `columns` (wrapped to fit), code lines
 * written whole (see above).
 */
export function blocksToString(blocks: Block[], columns: number, ui: UiOptions): string {
  const parts: string[] = [];
  let prose: Block[] = [];
  const flush = (): void => {
    if (prose.length === 0) return;
    parts.push(
      renderToString(
        <UiContext.Provider value={ui}>
          <Blocks blocks={prose} columns={columns} />
        </UiContext.Provider>,
        { columns },
      ),
    );
    prose = [];
  };
  for (const block of blocks) {
    if (block.kind === 'link') {
      // A URL is written whole on its own unindented line: never wrapped by Ink, so it stays clickable and copyable.
      if (block.title) prose.push({ kind: 'text', text: clean(block.title) });
      flush();
      parts.push(linkLine(block.url, ui.color && !ui.accessible));
      continue;
    }
    if (block.kind !== 'code') {
      prose.push(block);
      continue;
    }
    if (block.title) prose.push({ kind: 'text', tone: 'dim', text: clean(block.title) });
    flush();
    parts.push(codeLines(block.text, ui.color).join('\n'));
  }
  flush();
  return parts.join('\n');
}

/** The URL as written: an OSC 8 hyperlink whose visible text is the URL when links can be styled, else bare. */
export function linkLine(url: string, hyperlink: boolean): string {
  const safe = clean(url);
  return hyperlink && /^https?:\/\//u.test(safe) ? `\u001b]8;;${safe}\u0007${safe}\u001b]8;;\u0007` : safe;
}

const TONE_MARK: Record<string, string> = { success: GLYPH.done, warning: GLYPH.warning, error: GLYPH.cancelled };

function TextBlock({ text, tone }: { text: string; tone?: Tone }) {
  const mark = tone ? TONE_MARK[tone] : undefined;
  if (!mark) return <T tone={tone}>{cleanBlock(text)}</T>;
  return (
    <Box flexDirection="row">
      <Box flexShrink={0} width={2}>
        <T tone={tone}>{mark}</T>
      </Box>
      <Box flexShrink={1}>
        <T tone={tone}>{cleanBlock(text)}</T>
      </Box>
    </Box>
  );
}

const STATUS_MARK = /^[✓✗!…?-] /u;

function ListBlock({ items, ordered, tone }: { items: string[]; ordered?: boolean; tone?: Tone }) {
  const markerWidth = ordered ? String(items.length).length + 2 : 2;
  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Box key={i} flexDirection="row">
          <Box flexShrink={0} width={markerWidth}>
            {/* An item that starts with its own status mark ("✓ Token issued") gets no bullet: never "• ✓". */}
            <T tone={tone}>{ordered ? `${i + 1}.` : STATUS_MARK.test(item) ? '' : GLYPH.bullet}</T>
          </Box>
          <Box flexShrink={1}>
            <T tone={tone}>{cleanBlock(item)}</T>
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function TableBlock({ rows, columns }: { rows: Array<{ label: string; value: string }>; columns: number }) {
  const longest = Math.max(0, ...rows.map((r) => clean(r.label).length));
  const labelWidth = Math.max(4, Math.min(longest + 2, Math.floor(columns * 0.4)));
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Box key={i} flexDirection="row">
          <Box flexShrink={0} width={labelWidth}>
            <T tone="dim">{clean(row.label)}</T>
          </Box>
          <Box flexShrink={1}>
            <Text>{cleanBlock(row.value)}</Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function CodeBlock({ text, title }: { text: string; title?: string }) {
  return (
    <Box flexDirection="column">
      {title ? <T tone="dim">{clean(title)}</T> : null}
      <Box paddingLeft={2} flexDirection="column">
        <T tone="info">{cleanBlock(text).replace(/\n$/u, '')}</T>
      </Box>
    </Box>
  );
}

function DiffBlock({ lines, title }: { lines: Array<{ op: '+' | '-' | ' '; text: string }>; title?: string }) {
  return (
    <Box flexDirection="column">
      {title ? <T tone="dim">{clean(title)}</T> : null}
      {lines.map((line, i) => (
        <T key={i} tone={line.op === '+' ? 'success' : line.op === '-' ? 'error' : 'dim'}>
          {line.op} {cleanBlock(line.text).replace(/\n/gu, " ")}
        </T>
      ))}
    </Box>
  );
}

export function BlockView({ block, columns }: { block: Block; columns: number }) {
  switch (block.kind) {
    case 'heading':
      return (
        <Box marginTop={1}>
          <T bold tone="accent">
            {clean(block.text)}
          </T>
        </Box>
      );
    case 'text':
      return <TextBlock text={block.text} tone={block.tone} />;
    case 'list':
      return <ListBlock items={block.items} ordered={block.ordered} tone={block.tone} />;
    case 'table':
      return <TableBlock rows={block.rows} columns={columns} />;
    case 'code':
      return <CodeBlock text={block.text} title={block.title} />;
    case 'diff':
      return <DiffBlock lines={block.lines} title={block.title} />;
    case 'link':
      return (
        <Box flexDirection="column">
          {block.title ? <Text>{cleanBlock(block.title)}</Text> : null}
          <LinkText url={block.url} />
        </Box>
      );
  }
}

export function Blocks({ blocks, columns = 80 }: { blocks: Block[]; columns?: number }) {
  useUi();
  return (
    <Box flexDirection="column">
      {blocks.map((block, i) => (
        <BlockView key={i} block={block} columns={columns} />
      ))}
    </Box>
  );
}
