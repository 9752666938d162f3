/**
 * The wizard's first question before Ink loads (src/ui/early-paint.ts, early-select.ts): drawn from the Select
 * model, interactive at once through the key pump, and handed over to the Ink prompter with the pointer where
 * the person left it and no redraw of an identical frame.
 */
import { act } from 'react';
import chalk from 'chalk';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { providerQuestion } from '../../src/flow/provider-question.js';
import { dropEarlySelect, paintWizardStart, releaseEarlyFrame } from '../../src/ui/early-paint.js';
import { KeyPump } from '../../src/ui/key-pump.js';
import { HIDE_CURSOR, sameScreen, selectFrame, textFrame } from '../../src/ui/prepaint.js';
import { createInkPrompter } from '../../src/ui/prompter.js';
import { FakeStdin, FakeStdout, KEY, VirtualTerminal, inAct, plain } from '../helpers/ink.js';

function terminal(columns = 100) {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(columns);
  const streams = { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream };
  const pump = new KeyPump(streams.stdin);
  const screen = () => {
    const vt = new VirtualTerminal(columns);
    vt.write(stdout.frames.join(''));
    return vt.text();
  };
  return { stdin, stdout, streams, pump, screen };
}

/** A live (non-debug) prompter over the same streams and pump, as the wizard creates it. */
function prompterFor(t: ReturnType<typeof terminal>, color = false) {
  return createInkPrompter({ accessible: false, color, ...t.streams, pump: t.pump, prepaint: true });
}

beforeAll(async () => {
  await import('../../src/ui/ink-prompter.js');
});

afterEach(() => {
  dropEarlySelect();
});

/** Wait for a state (Ink loads and renders asynchronously), inside act(). */
async function settle(check: () => void): Promise<void> {
  await act(async () => {
    await vi.waitFor(check, { timeout: 10_000 });
  });
}

function paint(t: ReturnType<typeof terminal>, color = false) {
  return paintWizardStart(color, t.streams.stdin, t.streams.stdout, t.pump);
}

describe('the first question before Ink: drawn from the Select model, interactive at once', () => {
  it('is the provider question as the Select model draws it, with stdin in raw mode and the cursor hidden', () => {
    const t = terminal();
    paint(t);
    expect(t.stdout.frames[0]).toBe(HIDE_CURSOR + selectFrame(providerQuestion(), false));
    expect(t.screen()).toContain('Which identity provider issues the CI credentials?');
    expect(t.screen()).toContain('❯ 1. Okta');
    expect(t.stdin.isRaw).toBe(true);
  });

  it('moves the pointer, without Ink, on the first key', () => {
    const t = terminal();
    const early = paint(t);
    t.stdin.write(KEY.down);
    expect(early.state().index).toBe(1);
    expect(t.screen()).toContain('❯ 2. Microsoft Entra ID');
    expect(t.screen()).not.toContain('❯ 1. Okta');
  });

  it('a digit answers at once: the summary line replaces the list', () => {
    const t = terminal();
    const early = paint(t);
    t.stdin.write('3');
    expect(early.state().outcome).toEqual({ kind: 'submit', value: 2 });
    expect(t.screen()).toBe('✔ Which identity provider issues the CI credentials: Keycloak');
  });
});

describe('hand-over to the Ink prompter', () => {
  it('Ink starts at the pointer the person left, over the same frame: nothing is erased or redrawn', async () => {
    // Colour on both sides, as in a terminal (chalk sees no terminal under the test runner).
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    const t = terminal();
    paint(t, true);
    t.stdin.write(KEY.down);
    const before = t.stdout.frames.length;
    const prompter = prompterFor(t, true);
    let answer!: Promise<string>;
    await act(async () => {
      answer = prompter.select(providerQuestion());
      answer.catch(() => undefined);
    });
    await settle(() => expect(t.pump.attached).toBe(true));
    // Ink has taken over and written nothing: its first frame showed the same cells as the one on screen.
    expect(plain(t.stdout.frames.slice(before).join(''))).toBe('');
    expect(t.screen()).toContain('❯ 2. Microsoft Entra ID');
    // The next Down moves Ink's pointer from 2 to 3.
    await inAct(() => t.stdin.write(KEY.down));
    await settle(() => expect(t.screen()).toContain('❯ 3. Keycloak'));
    expect(t.screen().match(/Which identity provider/gu)).toHaveLength(1);
    await inAct(() => t.stdin.write(KEY.enter));
    await expect(answer).resolves.toBe('keycloak');
    await inAct(() => prompter.close());
    expect(t.stdin.isRaw).toBe(false);
  });

  it('Down Down Enter in one chunk at the first frame (before anything loaded) chooses the third provider', async () => {
    const t = terminal();
    paint(t);
    t.stdin.write(KEY.down + KEY.down + KEY.enter);
    const prompter = prompterFor(t);
    const { value: answer } = await inAct(() => prompter.select(providerQuestion()));
    await expect(answer).resolves.toBe('keycloak');
    expect(t.screen()).toBe('✔ Which identity provider issues the CI credentials: Keycloak');
    await inAct(() => prompter.close());
  });

  it('keys after the answer in the same chunk ("3y") are the next question\'s', async () => {
    const t = terminal();
    paint(t);
    t.stdin.write('3y');
    const prompter = prompterFor(t);
    const { value: provider } = await inAct(() => prompter.select(providerQuestion()));
    await expect(provider).resolves.toBe('keycloak');
    const { value: shared } = await inAct(() => prompter.confirm({ id: 'shared', message: 'Several teams?', initial: false }));
    await expect(shared).resolves.toBe(true);
    expect(t.screen()).toContain('✔ Several teams: Yes');
    await inAct(() => prompter.close());
  });

  it('Ctrl-C at the first frame: "(cancelled)" at once, and the flow gets CancelledError', async () => {
    const t = terminal();
    paint(t);
    t.stdin.write(KEY.ctrlC);
    expect(t.screen()).toBe('✖ Which identity provider issues the CI credentials (cancelled)');
    const prompter = prompterFor(t);
    const { value } = await inAct(() => prompter.select(providerQuestion()));
    await expect(value).rejects.toMatchObject({ exitCode: 130 });
    await inAct(() => prompter.close());
  });

  it('Esc at the first frame erases it and the flow gets BackSignal (which quits on the first question)', async () => {
    const t = terminal();
    paint(t);
    t.stdin.write(KEY.esc);
    await new Promise((r) => setImmediate(r)); // a lone ESC is Esc once no sequence follows
    expect(t.screen()).toBe('');
    const prompter = prompterFor(t);
    const { value } = await inAct(() => prompter.select(providerQuestion()));
    await expect(value).rejects.toMatchObject({ name: 'BackSignal' });
    await inAct(() => prompter.close());
  });

  it('is erased, not adopted, when the first question is a different one', async () => {
    const t = terminal();
    paint(t);
    const prompter = prompterFor(t);
    const { value: answer } = await inAct(() => prompter.confirm({ id: 'other', message: 'Something else first?' }));
    await inAct(() => t.stdin.write('y'));
    await expect(answer).resolves.toBe(true);
    expect(t.screen()).not.toContain('identity provider');
    expect(t.screen()).toContain('Something else first');
    await inAct(() => prompter.close());
  });

  it('is released (erased, raw mode off) when nothing adopts it', () => {
    const t = terminal();
    paint(t);
    releaseEarlyFrame(t.streams.stdin, t.pump);
    expect(t.screen()).toBe('');
    expect(t.stdin.rawModeCalls).toEqual([true, false]);
  });
});

describe('one model, two renderings', () => {
  it.each([100, 80, 60])('Ink’s Select paints the same cells as the early frame at %i columns (with colour)', async (columns) => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      const t = terminal(columns);
      const prompter = createInkPrompter({ accessible: false, color: true, ...t.streams, pump: t.pump, prepaint: false });
      const { value } = await inAct(() => prompter.select(providerQuestion()));
      value.catch(() => undefined);
      await settle(() => expect(t.stdout.frames.some((f) => f.includes('Okta'))).toBe(true));
      const inkFrame = t.stdout.frames.find((f) => f.includes('Okta'))!;
      expect(inkFrame).toBeDefined();
      expect(sameScreen(inkFrame, selectFrame(providerQuestion(), true))).toBe(true);
      // And the comparison is not blind: a moved pointer is a different screen.
      expect(sameScreen(inkFrame, selectFrame(providerQuestion('entra'), true))).toBe(false);
      await inAct(() => prompter.close());
    } finally {
      chalk.level = level;
    }
  });
});

describe('the flow asks with another initial answer', () => {
  it('untouched, the flow’s initial wins (Ink redraws with it); moved, the person’s pointer wins', async () => {
    const untouched = terminal();
    paint(untouched);
    const p1 = prompterFor(untouched);
    const { value: a } = await inAct(() => p1.select(providerQuestion('auth0')));
    a.catch(() => undefined);
    await settle(() => expect(untouched.screen()).toContain('❯ 4. Auth0'));
    expect(untouched.screen().match(/Which identity provider/gu)).toHaveLength(1);
    await inAct(() => untouched.stdin.write(KEY.enter));
    await expect(a).resolves.toBe('auth0');
    await inAct(() => p1.close());

    const moved = terminal();
    paint(moved);
    moved.stdin.write(KEY.down);
    const p2 = prompterFor(moved);
    const { value: b } = await inAct(() => p2.select(providerQuestion('auth0')));
    b.catch(() => undefined);
    await settle(() => expect(moved.pump.attached).toBe(true));
    await inAct(() => moved.stdin.write(KEY.enter));
    await expect(b).resolves.toBe('entra');
    await inAct(() => p2.close());
  });
});

describe('suspend: the terminal lent to a child (gh auth login)', () => {
  it('leaves raw mode and stops reading while the child runs; the next question reads keys again', async () => {
    const t = terminal();
    const prompter = prompterFor(t);
    const { value: first } = await inAct(() => prompter.confirm({ id: 'a', message: 'First?' }));
    await inAct(() => t.stdin.write('y'));
    await expect(first).resolves.toBe(true);
    expect(t.stdin.isRaw).toBe(true);
    const during = await prompter.suspend(async () => ({ raw: t.stdin.isRaw, reading: t.pump.started }));
    expect(during).toEqual({ raw: false, reading: false });
    const { value: second } = await inAct(() => prompter.confirm({ id: 'b', message: 'Second?' }));
    await inAct(() => t.stdin.write('n'));
    await expect(second).resolves.toBe(false);
    expect(t.stdin.isRaw).toBe(true);
    await inAct(() => prompter.close());
  });
});

describe('text questions: the pre-painted frame and Ink render the same text model', () => {
  it.each([
    ['a prefilled default', { message: 'Flyte domain', initial: 'development', note: (v: string) => `task.domain: ${v}` }],
    ['a placeholder', { message: 'Control-plane host', placeholder: 'union.example.com', help: 'A pasted URL is reduced to the host.' }],
  ])('%s: same cells with colour (cursor cell included)', async (_name, q) => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      const t = terminal();
      const prompter = createInkPrompter({ accessible: false, color: true, ...t.streams, pump: t.pump, prepaint: false });
      const { value } = await inAct(() => prompter.text({ id: 'x', ...q }));
      value.catch(() => undefined);
      await settle(() => expect(t.stdout.frames.some((f) => f.includes(q.message))).toBe(true));
      const inkFrame = t.stdout.frames.find((f) => f.includes(q.message))!;
      expect(sameScreen(inkFrame, textFrame(q, true, 'quit'))).toBe(true);
      await inAct(() => prompter.close());
    } finally {
      chalk.level = level;
    }
  });
});
