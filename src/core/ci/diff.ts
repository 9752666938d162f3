/**
 * A small unified line diff, used to show a change to a file before it is written. Hand-written because no diff
 * package is among the dependencies and the inputs are small CI files (an LCS table is fine; very large inputs fall
 * back to "remove all, add all").
 */
export function unifiedDiff(before: string, after: string, opts: { from?: string; to?: string; context?: number } = {}): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ctx = opts.context ?? 3;
  const ops = diffOps(a, b);
  const header = [`--- ${opts.from ?? 'a'}`, `+++ ${opts.to ?? 'b'}`];
  // Group into hunks with `ctx` lines of context.
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.t === ' ') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - ctx);
    let end = i;
    // extend while changes are within 2*ctx of each other
    for (;;) {
      while (end < ops.length && ops[end]!.t !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.t === ' ' && next - end < 2 * ctx) next++;
      if (next < ops.length && ops[next]!.t !== ' ' && next - end <= 2 * ctx) {
        end = next;
        continue;
      }
      break;
    }
    const stop = Math.min(ops.length, end + ctx);
    const slice = ops.slice(start, stop);
    const aStart = slice[0]!.ai;
    const bStart = slice[0]!.bi;
    const aLen = slice.filter((o) => o.t !== '+').length;
    const bLen = slice.filter((o) => o.t !== '-').length;
    hunks.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of slice) hunks.push(`${o.t}${o.line}`);
    i = stop;
    start = stop;
  }
  return `${[...header, ...hunks].join('\n')}\n`;
}

interface Op {
  t: ' ' | '-' | '+';
  line: string;
  /** index in a (for ' ' and '-') or the a position where an insertion happens */
  ai: number;
  bi: number;
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) {
    return [...a.map((line, k) => ({ t: '-' as const, line, ai: k, bi: 0 })), ...b.map((line, k) => ({ t: '+' as const, line, ai: n, bi: k }))];
  }
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      lcs[x]![y] = a[x] === b[y] ? lcs[x + 1]![y + 1]! + 1 : Math.max(lcs[x + 1]![y]!, lcs[x]![y + 1]!);
    }
  }
  const ops: Op[] = [];
  let x = 0;
  let y = 0;
  while (x < n || y < m) {
    if (x < n && y < m && a[x] === b[y]) {
      ops.push({ t: ' ', line: a[x]!, ai: x, bi: y });
      x++;
      y++;
    } else if (x < n && (y >= m || lcs[x + 1]![y]! >= lcs[x]![y + 1]!)) {
      ops.push({ t: '-', line: a[x]!, ai: x, bi: y });
      x++;
    } else {
      ops.push({ t: '+', line: b[y]!, ai: x, bi: y });
      y++;
    }
  }
  return ops;
}
