import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { providerQuestion } from '../../src/flow/provider-question.js';
import { adoptEarlyFrame, paintWizardStart, releaseEarlyFrame } from '../../src/ui/early-paint.js';
import { rowsOf, selectFrame } from '../../src/ui/prepaint.js';
import { createInkPrompter } from '../../src/ui/prompter.js';
import { FakeStdin, FakeStdout, inAct, KEY } from '../helpers/ink.js';

const ERASE = '\u001b[1A\u001b[2K';

function terminal() {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(100);
  const streams = { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream };
  return { stdin, stdout, streams };
}

describe('wizard first frame painted by the CLI before anything loads', () => {
  it('is the provider question exactly as the flow asks it, with stdin in raw mode', () => {
    const t = terminal();
    paintWizardStart(false, t.streams.stdin, t.streams.stdout);
    expect(t.stdout.frames).toEqual([selectFrame(providerQuestion(), false)]);
    expect(t.stdout.frames[0]).toContain('Which identity provider issues the CI credentials?');
    expect(t.stdin.isRaw).toBe(true);
    expect(adoptEarlyFrame()?.rows).toBe(rowsOf(t.stdout.frames[0]!, 100));
    expect(adoptEarlyFrame()).toBeUndefined();
  });

  it('is adopted by the prompter for the same question: painted once, erased once, keys typed early kept', async () => {
    const t = terminal();
    paintWizardStart(false, t.streams.stdin, t.streams.stdout);
    const prompter = createInkPrompter({ accessible: false, color: false, ...t.streams, debug: true, prepaint: true });
    let answer!: Promise<string>;
    await act(async () => {
      answer = prompter.select(providerQuestion());
      answer.catch(() => undefined);
    });
    const text = selectFrame(providerQuestion(), false);
    // Ink loads asynchronously; the hand-over happens when it is ready.
    await vi.waitFor(() => expect(t.stdout.frames.some((f) => f.includes(ERASE))).toBe(true), { timeout: 10_000 });
    expect(t.stdout.frames.filter((f) => f === text)).toHaveLength(1);
    expect(t.stdout.frames.filter((f) => f.includes(ERASE))).toEqual([`\r${ERASE.repeat(rowsOf(text, 100))}`]);
    await inAct(() => t.stdin.write(KEY.down + KEY.down + KEY.enter));
    await expect(answer).resolves.toBe('keycloak');
    expect(t.stdin.isRaw).toBe(false);
    await prompter.close();
  });

  it('is erased, not adopted, when the first question is a different one', async () => {
    const t = terminal();
    paintWizardStart(false, t.streams.stdin, t.streams.stdout);
    const prompter = createInkPrompter({ accessible: false, color: false, ...t.streams, debug: true, prepaint: true });
    let answer!: Promise<boolean>;
    await act(async () => {
      answer = prompter.confirm({ id: 'other', message: 'Something else first?' });
      answer.catch(() => undefined);
    });
    const early = selectFrame(providerQuestion(), false);
    expect(t.stdout.frames[1]).toBe(`\r${ERASE.repeat(rowsOf(early, 100))}`);
    await vi.waitFor(() => expect(t.stdout.frames.filter((f) => f.includes(ERASE))).toHaveLength(2), { timeout: 10_000 });
    expect(t.stdout.all).toContain('Something else first?');
    await inAct(() => t.stdin.write('y'));
    await expect(answer).resolves.toBe(true);
    await prompter.close();
  });

  it('is released (erased, raw mode off) when nothing adopts it', () => {
    const t = terminal();
    paintWizardStart(false, t.streams.stdin, t.streams.stdout);
    releaseEarlyFrame(t.streams.stdin, t.streams.stdout);
    expect(t.stdout.frames[1]).toBe(`\r${ERASE.repeat(rowsOf(t.stdout.frames[0]!, 100))}`);
    expect(t.stdin.rawModeCalls).toEqual([true, false]);
    releaseEarlyFrame(t.streams.stdin, t.streams.stdout);
    expect(t.stdout.frames).toHaveLength(2);
  });
});
