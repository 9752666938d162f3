import { describe, expect, it } from 'vitest';
import { foldDiff, hasChanges, lineDiff, unifiedDiff } from '../../src/core/diff.js';

describe('lineDiff (the wizard preview)', () => {
  it('marks kept, removed and added lines in order', () => {
    expect(lineDiff('admin:\n  insecure: true\ntask:\n', 'admin:\n  insecure: false\ntask:\n  org: acme\n')).toEqual([
      { op: ' ', text: 'admin:' },
      { op: '-', text: '  insecure: true' },
      { op: '+', text: '  insecure: false' },
      { op: ' ', text: 'task:' },
      { op: '+', text: '  org: acme' },
    ]);
  });
  it('treats CRLF and a missing final newline as no change', () => {
    expect(hasChanges(lineDiff('a\r\nb\r\n', 'a\nb'))).toBe(false);
  });
  it('a new file is all additions', () => {
    expect(lineDiff('', 'x\ny\n')).toEqual([{ op: '+', text: 'x' }, { op: '+', text: 'y' }]);
  });
  it('folds unchanged runs far from a change into one line', () => {
    const before = Array.from({ length: 12 }, (_, i) => `l${i}`).join('\n');
    const folded = foldDiff(lineDiff(before, before.replace('l6', 'X')), 2);
    expect(folded.map((l) => `${l.op}${l.text}`)).toEqual([' …', ' l4', ' l5', '-l6', '+X', ' l7', ' l8', ' …']);
  });
});

describe('unifiedDiff for a file created from nothing', () => {
  it('numbers the empty side from 0, as git does', () => {
    expect(unifiedDiff('', 'a\nb\n', { from: 'a/f', to: 'b/f' })).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });
});
