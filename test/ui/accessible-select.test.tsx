/**
 * Accessible mode (--accessible / INK_SCREEN_READER) Select is linear: the question and numbered options are
 * written once; arrow keys write nothing (a screen reader would re-read a redrawn list); a digit or Enter answers.
 * Two harnesses: ink-testing-library (debug frames) for the keys, and Ink's real screen-reader renderer
 * (isScreenReaderEnabled, not debug) into a recording stdout, to count what actually reaches the terminal.
 */
import React, { act } from 'react';
import { render as inkRender } from 'ink';
import { describe, expect, it } from 'vitest';
import { Select, linearHint } from '../../src/ui/components/Select.js';
import { UiContext, type Outcome, type UiOptions } from '../../src/ui/components/ui.js';
import { FakeStdin, FakeStdout, KEY, plain, renderUi } from '../helpers/ink.js';

const PROVIDERS = [
  { value: 'okta', label: 'Okta' },
  { value: 'entra', label: 'Microsoft Entra ID' },
  { value: 'keycloak', label: 'Keycloak' },
  { value: 'auth0', label: 'Auth0' },
  { value: 'generic', label: 'Other OIDC provider', hint: 'any client_credentials IdP' },
] as const;
type P = (typeof PROVIDERS)[number]['value'];

const ACCESSIBLE: UiOptions = { color: false, accessible: true };
const tick = () => new Promise<void>((r) => setImmediate(r));

async function setup(initial?: P, ui: UiOptions = ACCESSIBLE) {
  const outcomes: Outcome<P>[] = [];
  const r = await renderUi(
    <Select<P> message="Identity provider?" choices={[...PROVIDERS]} initial={initial} onOutcome={(o) => outcomes.push(o)} />,
    ui,
  );
  return { r, outcomes };
}

/** Ink as the prompter runs it in accessible mode: live screen-reader rendering, every byte written recorded. */
async function screenReader(ui: UiOptions, initial?: P) {
  const stdout = new FakeStdout(100);
  const stdin = new FakeStdin();
  const outcomes: Outcome<P>[] = [];
  let instance!: ReturnType<typeof inkRender>;
  await act(async () => {
    instance = inkRender(
      <UiContext.Provider value={ui}>
        <Select<P> message="Identity provider?" choices={[...PROVIDERS]} initial={initial} onOutcome={(o) => outcomes.push(o)} />
      </UiContext.Provider>,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
        isScreenReaderEnabled: true,
      },
    );
    await tick();
  });
  return {
    stdout,
    outcomes,
    written: () => plain(stdout.all),
    write: async (data: string) => {
      await act(async () => {
        stdin.write(data);
        await tick();
      });
    },
    unmount: async () => {
      await act(async () => {
        instance.unmount();
      });
    },
  };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('Select in accessible mode (linear)', () => {
  it('prints the question, every option numbered, the current one marked, and a words-only hint', async () => {
    const { r } = await setup('entra');
    const f = r.frame();
    expect(f).toContain('? Identity provider?');
    for (const [i, c] of PROVIDERS.entries()) expect(f).toContain(`${i + 1}. ${c.label}`);
    expect(f).toContain('❯ 2. Microsoft Entra ID (current)');
    expect(f).toContain('Press a number from 1 to 5 to choose, or Enter for the current one. Esc to go back.');
    expect(f).not.toMatch(/Up and Down|↑/u);
    await r.unmount();
  });

  it('the options reach the terminal once across several arrow presses (real screen-reader rendering)', async () => {
    const t = await screenReader(ACCESSIBLE);
    const before = t.stdout.frames.length;
    expect(count(t.written(), 'Microsoft Entra ID')).toBe(1);
    await t.write(KEY.down);
    await t.write(KEY.down);
    await t.write(KEY.up);
    await t.write('j');
    await t.write(KEY.tab);
    expect(t.stdout.frames.length).toBe(before); // nothing at all was written for the moving keys
    for (const c of PROVIDERS) expect(count(t.written(), c.label)).toBe(1);
    await t.write('3');
    expect(t.outcomes).toEqual([{ kind: 'submit', value: 'keycloak' }]);
    expect(t.written()).toContain('✔ Identity provider: Keycloak');
    await t.unmount();
  });

  it('control: the same harness sees the non-accessible list redrawn on each arrow (so the check above can fail)', async () => {
    const t = await screenReader({ color: false, accessible: false });
    await t.write(KEY.down);
    await t.write(KEY.down);
    expect(count(t.written(), 'Microsoft Entra ID')).toBe(3);
    await t.unmount();
  });

  it('arrow presses change nothing in the debug frames either; Enter then takes the initial option', async () => {
    const { r, outcomes } = await setup('auth0');
    const frames = r.frames.length;
    const first = r.frame();
    await r.write(KEY.down);
    await r.write(KEY.up + KEY.up);
    expect(r.frames.length).toBe(frames);
    expect(r.frame()).toBe(first);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'auth0' }]);
    expect(r.frame()).toBe('✔ Identity provider: Auth0');
    await r.unmount();
  });

  it('Enter with no initial value takes the first option', async () => {
    const { r, outcomes } = await setup();
    expect(r.frame()).toContain('❯ 1. Okta (current)');
    await r.write(KEY.down + KEY.enter); // one chunk: the Down is ignored, the Enter answers
    expect(outcomes).toEqual([{ kind: 'submit', value: 'okta' }]);
    await r.unmount();
  });

  it('a digit chooses at once; a digit beyond the list is ignored', async () => {
    const { r, outcomes } = await setup('entra');
    await r.write('7');
    expect(outcomes).toEqual([]);
    await r.write('5');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'generic' }]);
    expect(r.frame()).toBe('✔ Identity provider: Other OIDC provider');
    await r.unmount();
  });

  it('Esc reports back and erases the question', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.down);
    await r.write(KEY.esc);
    expect(outcomes).toEqual([{ kind: 'back' }]);
    expect(r.frame()).toBe('');
    await r.unmount();
  });

  it('Ctrl-C reports cancel', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.ctrlC);
    expect(outcomes).toEqual([{ kind: 'cancel' }]);
    expect(r.frame()).toContain('(cancelled)');
    await r.unmount();
  });

  it('more than 9 choices (no one-key numbers): the arrows still move, so every option stays reachable', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const outcomes: Outcome<string>[] = [];
    const r = await renderUi(<Select message="Pick" choices={many} onOutcome={(o) => outcomes.push(o)} />, ACCESSIBLE);
    await r.write(KEY.down + KEY.down + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'v2' }]);
    await r.unmount();
  });

  it('the hint names what Esc does on this question', () => {
    expect(linearHint(3, 'quit')).toBe('Press a number from 1 to 3 to choose, or Enter for the current one. Esc to quit.');
    expect(linearHint(1, { label: 'other options' })).toBe('Press 1 to choose, or Enter for the current one. Esc for other options.');
  });
});
