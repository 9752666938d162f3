/**
 * Keeping the live frame shorter than the window. Ink clears the whole screen, scrollback included
 * (ESC[2J ESC[3J), whenever its live frame is as tall as the window or taller; so a question never draws more
 * rows than the window has minus one: long lists scroll inside the frame (a window of items around the pointer,
 * with "↑ n more" / "↓ n more"), and help text is dropped before the list shrinks below a few items.
 * Plain data, no React: the Ink components and the frame drawn before Ink loads use the same arithmetic.
 */

/** The window a frame must fit; a size reported as 0×0 (some pseudo-terminals) is taken as 80×24. */
export interface WindowSize {
  columns: number;
  rows: number;
}

export function windowSize(stream: { columns?: number; rows?: number } | undefined): WindowSize {
  const columns = stream?.columns && stream.columns > 0 ? stream.columns : 80;
  const rows = stream?.rows && stream.rows > 0 ? stream.rows : 24;
  return { columns, rows };
}

/** Rows a text takes when wrapped at `width` the way Ink wraps (words kept whole, a longer word cut at the edge). */
export function textRows(text: string, width: number): number {
  const w = Math.max(1, width);
  let rows = 0;
  for (const line of text.split('\n')) {
    let col = 0;
    let lines = 1;
    for (const word of line.split(' ')) {
      const len = [...word].length;
      if (col === 0) {
        col = len;
      } else if (col + 1 + len <= w) {
        col += 1 + len;
        continue;
      } else {
        lines += 1;
        col = len;
      }
      while (col > w) {
        lines += 1;
        col -= w;
      }
    }
    rows += lines;
  }
  return rows;
}

/**
 * The items [start, end) to show around `index` so that their rows fit `budget` (at least the item at `index`).
 * Grows below first, then above, one item at a time, so the pointer stays inside with context on both sides.
 */
export function windowAround(heights: readonly number[], index: number, budget: number): { start: number; end: number } {
  const total = heights.reduce((a, b) => a + b, 0);
  if (total <= budget) return { start: 0, end: heights.length };
  let start = index;
  let end = index + 1;
  let used = heights[index] ?? 1;
  let grew = true;
  while (grew) {
    grew = false;
    if (end < heights.length && used + heights[end]! <= budget) {
      used += heights[end]!;
      end += 1;
      grew = true;
    }
    if (start > 0 && used + heights[start - 1]! <= budget) {
      start -= 1;
      used += heights[start]!;
      grew = true;
    }
  }
  return { start, end };
}

/** The most rows a live frame may take in this window (Ink clears the screen at `rows`). */
export const frameBudget = (size: WindowSize): number => Math.max(3, size.rows - 1);

/** "↑ 3 more" / "↓ 2 more": the lines that say a list goes on outside its window. */
export const moreAbove = (n: number): string => `↑ ${n} more`;
export const moreBelow = (n: number): string => `↓ ${n} more`;

/**
 * Fit a scrolled list in a frame: `fixed` rows are always drawn (question, hint), `help` rows may be dropped,
 * `heights` are the list's items. Returns whether to keep the help and which items to show.
 */
export function fitList(
  size: WindowSize,
  parts: { fixed: number; help: number; heights: readonly number[]; index: number },
): { help: boolean; start: number; end: number } {
  const budget = frameBudget(size);
  const all = parts.heights.reduce((a, b) => a + b, 0);
  if (parts.fixed + parts.help + all <= budget) return { help: true, start: 0, end: parts.heights.length };
  // With the help kept, a scrolled list needs room for its two "more" lines and a few items; else drop the help.
  const few = Math.min(3, parts.heights.length);
  const keepHelp = parts.fixed + parts.help + 2 + few <= budget;
  const room = budget - parts.fixed - (keepHelp ? parts.help : 0);
  if (all <= room) return { help: keepHelp, start: 0, end: parts.heights.length };
  const win = windowAround(parts.heights, parts.index, Math.max(1, room - 2));
  return { help: keepHelp, ...win };
}
