import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/core/wrap.js';

describe('wrapWords', () => {
  it('breaks at spaces, never inside a word, and keeps every word in order', () => {
    const text = 'Demo: an authorization server and a control plane run on this machine (127.0.0.1:40123); nothing leaves it.';
    const lines = wrapWords(text, 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(lines.length).toBeGreaterThan(2);
  });
  it('keeps a word longer than the width whole, and leaves short text alone', () => {
    expect(wrapWords('a https://very-long-host.example.com/path/to/token b', 20)).toEqual(['a', 'https://very-long-host.example.com/path/to/token', 'b']);
    expect(wrapWords('short', 80)).toEqual(['short']);
    expect(wrapWords('no width known', 0)).toEqual(['no width known']);
  });
});
