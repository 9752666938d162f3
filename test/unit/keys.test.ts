import { describe, expect, it } from 'vitest';
import { KeyPump, type Take } from '../../src/ui/key-pump.js';
import { tokenize, toSequence, type KeyEvent } from '../../src/ui/keys.js';

const names = (events: KeyEvent[]) =>
  events.map((e) => {
    const k = e.key;
    if (k.upArrow) return 'Up';
    if (k.downArrow) return 'Down';
    if (k.return) return 'Enter';
    if (k.escape) return 'Esc';
    if (k.backspace) return 'BSpace';
    if (k.tab) return k.shift ? 'BTab' : 'Tab';
    if (k.ctrl) return `C-${e.input}`;
    return JSON.stringify(e.input);
  });

describe('tokenize: a chunk of terminal input → keys, in order', () => {
  it.each([
    ['\u001b[B\u001b[B\r', ['Down', 'Down', 'Enter']],
    ['3y', ['"3y"']],
    ['abc\u007f\r', ['"abc"', 'BSpace', 'Enter']],
    ['paste\r\nnext', ['"paste"', 'Enter', '"next"']],
    ['\u0003', ['C-c']],
    ['\u001bOA\t\u001b[Z', ['Up', 'Tab', 'BTab']],
  ])('%j', (chunk, expected) => {
    expect(names(tokenize(chunk).events)).toEqual(expected);
  });

  it('a lone ESC at the end is held (it may start a sequence)', () => {
    expect(tokenize('a\u001b')).toMatchObject({ pending: '\u001b' });
    expect(tokenize('\u001b[')).toMatchObject({ pending: '\u001b[' });
  });

  it('a key goes back to the same bytes', () => {
    for (const chunk of ['\u001b[A', '\r', '\t', '\u007f', '\u0003', 'x']) expect(toSequence(tokenize(chunk).events[0]!)).toBe(chunk);
  });
});

describe('KeyPump', () => {
  const fakeStdin = () => {
    const listeners: Array<(d: string) => void> = [];
    return {
      isTTY: false,
      on: (_: string, fn: (d: string) => void) => listeners.push(fn),
      off: () => undefined,
      write: (d: string) => listeners.forEach((fn) => fn(d)),
    };
  };

  it('gives a list one character at a time and keeps what follows its answer for the next consumer', () => {
    const stdin = fakeStdin();
    const pump = new KeyPump(stdin as never);
    const first: string[] = [];
    pump.attach((ev): Take => (first.push(ev.input), ev.input === '3' ? 'done' : 'take'));
    stdin.write('3yes');
    expect(first).toEqual(['3']);
    const second: string[] = [];
    pump.attach((ev): Take => (second.push(ev.input), 'take'), { textRuns: true });
    expect(second).toEqual(['yes']);
  });

  it('skipped keys wait for the next consumer (a task takes only Ctrl-C)', () => {
    const stdin = fakeStdin();
    const pump = new KeyPump(stdin as never);
    const cancelled: string[] = [];
    pump.attach((ev): Take => (ev.key.ctrl && ev.input === 'c' ? (cancelled.push('c'), 'done') : 'skip'));
    stdin.write('ab');
    expect(cancelled).toEqual([]);
    const next: string[] = [];
    pump.attach((ev): Take => (next.push(ev.input), 'take'));
    expect(next).toEqual(['a', 'b']);
  });
});
