/**
 * Line diffs shown before the tool changes a file the user owns (config.yaml, CI files), on jsdiff:
 * `unifiedDiff` as text for the plain commands, `lineDiff` as lines for the wizard's coloured preview.
 */
import { diffLines, structuredPatch } from 'diff';

export interface DiffLine {
  op: '+' | '-' | ' ';
  text: string;
}

/** A unified diff (`--- from`, `+++ to`, `@@` hunks with `context` lines); '' when nothing changes. */
export function unifiedDiff(before: string, after: string, opts: { from?: string; to?: string; context?: number } = {}): string {
  if (before === after) return '';
  const from = opts.from ?? 'a';
  const to = opts.to ?? 'b';
  const patch = structuredPatch(from, to, before, after, '', '', { context: opts.context ?? 3 });
  const out = [`--- ${from}`, `+++ ${to}`];
  for (const h of patch.hunks) {
    // As in git and jsdiff's own formatPatch: an empty side is numbered from 0.
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines);
  }
  return `${out.join('\n')}\n`;
}

/** Every line of both texts marked kept, added or removed (a missing final newline is not a change). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(normalise(before), normalise(after))) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of splitLines(part.value)) out.push({ op, text });
  }
  return out;
}

/** Keep `context` unchanged lines around each change; a folded run becomes one " …" line. */
export function foldDiff(lines: DiffLine[], context = 3): DiffLine[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, idx) => {
    if (l.op === ' ') return;
    for (let k = Math.max(0, idx - context); k <= Math.min(lines.length - 1, idx + context); k++) keep[k] = true;
  });
  const out: DiffLine[] = [];
  let folded = false;
  lines.forEach((l, idx) => {
    if (keep[idx]) {
      out.push(l);
      folded = false;
    } else if (!folded) {
      out.push({ op: ' ', text: '…' });
      folded = true;
    }
  });
  return out;
}

export function hasChanges(lines: DiffLine[]): boolean {
  return lines.some((l) => l.op !== ' ');
}

function normalise(text: string): string {
  const t = text.replace(/\r\n/g, '\n');
  return t === '' || t.endsWith('\n') ? t : `${t}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
