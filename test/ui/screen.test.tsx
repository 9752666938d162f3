/**
 * Issue 11, journey 1, "Short windows keep the scrollback": Ink clears the whole screen and the scrollback
 * (ESC[2J ESC[3J) when its live frame is as tall as the window. Every question keeps its frame shorter than the
 * window (long lists scroll inside it with "↑ n more" / "↓ n more"), so in a 60×10 window nothing is ever
 * cleared and the earlier answers stay; a window reported as 0×0 is laid out as 80×24.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import React from 'react';
import { createInkPrompter } from '../../src/ui/prompter.js';
import { Checklist } from '../../src/ui/components/Checklist.js';
import { Select } from '../../src/ui/components/Select.js';
import { FakeStdin, FakeStdout, KEY, VirtualTerminal, inAct, plain, renderAt } from '../helpers/ink.js';
import { fitList, textRows, windowAround, windowSize } from '../../src/ui/frame-fit.js';
import { selectFrame } from '../../src/ui/prepaint.js';

beforeAll(async () => {
  await import('../../src/ui/ink-prompter.js');
});

const CLEAR = /\u001b\[2J|\u001b\[3J/u;

const CHOICES = Array.from({ length: 12 }, (_, i) => ({ value: `c${i + 1}`, label: `Choice number ${i + 1}`, hint: i % 3 === 0 ? 'a hint that is long enough to wrap in a narrow window' : undefined }));
const STEPS = Array.from({ length: 7 }, (_, i) => ({
  id: `s${i}`,
  title: `Step ${i + 1}: something to do in the admin console of the identity provider`,
  detail: 'Menu › Submenu › Field name, exactly as the console spells it',
  link: `https://example.com/admin/console/path/${i}`,
}));
const HELP = 'The host of your self-hosted Union / Flyte control plane; a pasted URL is reduced to the host, and the port is kept.';

function live(columns: number, rows: number) {
  const vt = new VirtualTerminal(columns > 0 ? columns : 80);
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(columns);
  stdout.rows = rows;
  const record = stdout.write;
  const written: string[] = [];
  stdout.write = (chunk: string, cb?: () => void) => {
    vt.write(chunk);
    written.push(chunk);
    return record(chunk, cb);
  };
  const prompter = createInkPrompter({
    accessible: false,
    color: false,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    prepaint: false,
  });
  return { vt, stdout, prompter, written, type: (data: string) => inAct(() => stdin.write(data)) };
}

/** The tallest frame Ink wrote: rows between two erase-and-redraws, as the virtual terminal wrapped them. */
function frameRows(frames: string[], columns: number): number {
  let most = 0;
  for (const f of frames) {
    const vt = new VirtualTerminal(columns);
    vt.write(f.replace(/^[\s\S]*\u001b\[G/u, ''));
    most = Math.max(most, vt.lines().length);
  }
  return most;
}

describe('frame-fit arithmetic', () => {
  it('a 0×0 window is 80×24', () => {
    expect(windowSize({ columns: 0, rows: 0 })).toEqual({ columns: 80, rows: 24 });
    expect(windowSize({ columns: 60, rows: 10 })).toEqual({ columns: 60, rows: 10 });
  });
  it('textRows wraps words like Ink does', () => {
    expect(textRows('aaaa bbbb', 9)).toBe(1);
    expect(textRows('aaaa bbbb', 8)).toBe(2);
    expect(textRows('x'.repeat(25), 10)).toBe(3);
  });
  it('the window around the pointer keeps it inside and fills the budget', () => {
    expect(windowAround([1, 1, 1, 1, 1, 1], 5, 3)).toEqual({ start: 3, end: 6 });
    expect(windowAround([1, 1, 1, 1, 1, 1], 0, 3)).toEqual({ start: 0, end: 3 });
    expect(windowAround([1, 1, 1, 1, 1, 1], 3, 3)).toEqual({ start: 2, end: 5 });
    const fit = fitList({ columns: 60, rows: 10 }, { fixed: 2, help: 4, heights: Array(12).fill(1), index: 11 });
    expect(fit.help).toBe(false);
    expect(fit.end).toBe(12);
    expect(2 + 2 + (fit.end - fit.start)).toBeLessThanOrEqual(9);
  });
});

describe('short windows keep the scrollback (issue 11, journey 1)', () => {
  it('60×10: a 12-item list scrolls inside a frame shorter than the window; the pointer stays visible; Enter picks it', async () => {
    const r = await renderAt(<Select message="Which one?" help={HELP} choices={CHOICES} onOutcome={() => {}} />, 60);
    // renderAt's stdout is 24 rows; a window of 10 rows:
    r.stdout.rows = 10;
    await r.resize(60);
    expect(r.frame().split('\n').length).toBeLessThan(10);
    expect(r.frame()).toContain('↓');
    for (let i = 0; i < 11; i++) await r.write(KEY.down);
    const f = r.frame();
    expect(f.split('\n').length).toBeLessThan(10);
    expect(f).toMatch(/❯ Choice number 12/u);
    expect(f).toMatch(/↑ \d+ more/u);
    await r.unmount();
  });

  it('the pre-painted list uses the same window as Ink', () => {
    const text = plain(selectFrame({ message: 'Which one?', help: HELP, choices: CHOICES }, false, 'quit', undefined, { columns: 60, rows: 10 }));
    expect(text.trimEnd().split('\n').length).toBeLessThan(10);
    expect(text).toMatch(/↓ \d+ more/u);
  });

  it('60×10: a 7-step checklist with details and links stays shorter than the window at every step', async () => {
    const r = await renderAt(<Checklist title="Create the app in Okta" items={STEPS} help={HELP} onOutcome={() => {}} />, 60);
    r.stdout.rows = 10;
    await r.resize(60);
    for (let i = 0; i <= STEPS.length; i++) {
      const f = r.frame();
      expect(f.split('\n').length, `step ${i}\n${f}`).toBeLessThan(10);
      expect(f).toContain('❯');
      await r.write(KEY.enter);
    }
    await r.unmount();
  });

  it('60×10 through the live prompter: never ESC[2J/ESC[3J, every frame shorter than the window, earlier answers stay', async () => {
    const t = live(60, 10);
    const p1 = (await inAct(() => t.prompter.select({ id: 'one', message: 'Which one?', help: HELP, choices: CHOICES }))).value;
    await t.type(`${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`);
    await expect(p1).resolves.toBe('c4');
    const p2 = (await inAct(() => t.prompter.text({ id: 'host', message: 'Control-plane host', help: HELP, initial: 'union.acme.com' }))).value;
    await t.type(KEY.enter);
    await expect(p2).resolves.toBe('union.acme.com');
    const p3 = (await inAct(() => t.prompter.checklist({ id: 'steps', title: 'Create the app in Okta', help: HELP, items: STEPS }))).value;
    for (let i = 0; i <= STEPS.length; i++) await t.type(KEY.enter);
    await expect(p3).resolves.toHaveLength(STEPS.length);
    const p4 = (await inAct(() => t.prompter.select({ id: 'two', message: 'And then?', choices: CHOICES }))).value;
    for (let i = 0; i < 11; i++) await t.type(KEY.up);
    await t.type(KEY.enter);
    await expect(p4).resolves.toBe('c2');
    await inAct(() => t.prompter.close());
    const all = t.written.join('');
    expect(all).not.toMatch(CLEAR);
    const screen = t.vt.lines().join('\n');
    expect(screen).toContain('✔ Which one: Choice number 4');
    expect(screen).toContain('✔ Control-plane host: union.acme.com');
    expect(screen).toContain('✔ Create the app in Okta: 7 of 7 steps done');
    expect(screen).toContain('✔ And then: Choice number 2');
    expect(frameRows(t.stdout.frames, 60)).toBeLessThan(10);
  });

  it('a window reported as 0×0 is laid out as 80×24: no clear, no one-character lines', async () => {
    const t = live(0, 0);
    const p = (await inAct(() => t.prompter.select({ id: 'one', message: 'Which one?', help: HELP, choices: CHOICES }))).value;
    const lines = t.vt.lines();
    expect(lines).toContain('? Which one?');
    // The help wraps at 80 columns, as in an 80-column window.
    expect(lines.some((l) => l.length > 60 && l.length <= 80)).toBe(true);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    // 12 choices fit 24 rows: all of them, no scrolling.
    expect(lines.join('\n')).toContain('Choice number 12');
    await t.type(KEY.enter);
    await expect(p).resolves.toBe('c1');
    await inAct(() => t.prompter.close());
    expect(t.written.join('')).not.toMatch(CLEAR);
  });
});
