import React from 'react';
import { describe, expect, it } from 'vitest';
import { TextField, createTextReducer, maskedSummary, textKeyToAction } from '../../src/ui/components/TextField.js';
import { sanitizeChunk, type Outcome } from '../../src/ui/components/ui.js';
import { KEY, renderUi } from '../helpers/ink.js';

const CANARY = 'CANARY-s3cr3t+/%~Zq9';

// Same shape as the flow's host rules: bare host, no scheme or path.
const normalizeHost = (v: string) => v.replace(/^[a-z]+:\/\//iu, '').replace(/\/.*$/u, '');
const validateHost = (v: string) =>
  v === '' ? 'Enter the control-plane domain.' : /^[a-z0-9.-]+(:\d+)?$/iu.test(v) ? undefined : 'Use a bare host like union.acme.com.';

async function field(props: Partial<React.ComponentProps<typeof TextField>> = {}) {
  const outcomes: Outcome<string>[] = [];
  const r = await renderUi(<TextField message="Control-plane domain" onOutcome={(o) => outcomes.push(o)} {...props} />);
  return { r, outcomes };
}

describe('TextField', () => {
  it('typed characters then Enter submit the full value (P2)', async () => {
    const { r, outcomes } = await field();
    for (const ch of 'union.acme.com') await r.write(ch);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'union.acme.com' }]);
    expect(r.frame()).toBe('✔ Control-plane domain: union.acme.com');
    await r.unmount();
  });

  it('typing and Enter in ONE chunk submit the full value', async () => {
    const { r, outcomes } = await field();
    await r.write('a');
    await r.write('bc' + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'abc' }]);
    await r.unmount();
  });

  it('a paste "value\\r" lands without the CR and submits (P7)', async () => {
    const { r, outcomes } = await field();
    await r.write('ghp_value\r');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'ghp_value' }]);
    await r.unmount();
  });

  it('a paste "  value \\r\\n" is trimmed and submits', async () => {
    const { r, outcomes } = await field();
    await r.write('  value \r\n');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'value' }]);
    await r.unmount();
  });

  it('a CR inside a chunk is Enter, like a typed one: "abc\\r\\ndef" submits abc (def is the next question\'s)', async () => {
    const { r, outcomes } = await field();
    await r.write('abc\r\ndef');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'abc' }]);
    await r.unmount();
  });

  it('keys in one chunk are all applied, in order: "abcd BSpace BSpace x Enter" → abx', async () => {
    const { r, outcomes } = await field();
    await r.write(`abcd${KEY.backspace}${KEY.backspace}x${KEY.enter}`);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'abx' }]);
    await r.unmount();
  });

  it('BSpace Enter in one chunk: both applied', async () => {
    const { r, outcomes } = await field();
    await r.write('abc');
    await r.write(KEY.backspace + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'ab' }]);
    await r.unmount();
  });

  it('a paste followed by Enter in one chunk submits the pasted value', async () => {
    const { r, outcomes } = await field();
    await r.write(`union.acme.com${KEY.enter}`);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'union.acme.com' }]);
    await r.unmount();
  });

  it('backspace (DEL and BS) removes the last character', async () => {
    const { r, outcomes } = await field();
    await r.write('abcd');
    await r.write(KEY.backspace);
    await r.write('\b');
    await r.write('x' + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'abx' }]);
    await r.unmount();
  });

  it('left arrow then typing inserts at the cursor', async () => {
    const { r, outcomes } = await field();
    await r.write('ac');
    await r.write(KEY.left);
    await r.write('b');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'abc' }]);
    await r.unmount();
  });

  it('shows the validation message live and refuses Enter while invalid', async () => {
    const { r, outcomes } = await field({ validate: validateHost, normalize: normalizeHost });
    expect(r.frame()).not.toContain('Use a bare host');
    await r.write('union_acme');
    expect(r.frame()).toContain('✖ Use a bare host like union.acme.com.');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([]);
    for (let i = 0; i < 'union_acme'.length; i++) await r.write(KEY.backspace);
    await r.write('union.acme.com');
    expect(r.frame()).not.toContain('✖');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'union.acme.com' }]);
    await r.unmount();
  });

  it('Enter on an empty required field shows the message', async () => {
    const { r, outcomes } = await field({ validate: validateHost });
    await r.write(KEY.enter);
    expect(outcomes).toEqual([]);
    expect(r.frame()).toContain('Enter the control-plane domain.');
    await r.unmount();
  });

  it('normalises a pasted URL to the bare host as it arrives', async () => {
    const { r, outcomes } = await field({ validate: validateHost, normalize: normalizeHost });
    await r.write('https://union.acme.com/console/projects');
    expect(r.frame()).toContain('❯ union.acme.com');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'union.acme.com' }]);
    await r.unmount();
  });

  it('shows a note under the field computed from the value', async () => {
    const { r } = await field({ note: (v) => (v ? undefined : "Left empty, flyte infers org 'union' from the host.") });
    expect(r.frame()).toContain("flyte infers org 'union'");
    await r.write('acme');
    expect(r.frame()).not.toContain('flyte infers');
    await r.unmount();
  });

  it('starts with the initial value, which Enter accepts', async () => {
    const { r, outcomes } = await field({ initial: 'development' });
    expect(r.frame()).toContain('development');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'development' }]);
    await r.unmount();
  });

  it('Esc → back (question erased), Ctrl-C → cancel', async () => {
    const a = await field();
    await a.r.write('abc');
    await a.r.write(KEY.esc);
    expect(a.outcomes).toEqual([{ kind: 'back' }]);
    expect(a.r.frame()).toBe('');
    await a.r.unmount();
    const b = await field();
    await b.r.write(KEY.ctrlC);
    expect(b.outcomes).toEqual([{ kind: 'cancel' }]);
    await b.r.unmount();
  });
});

describe('TextField masked (client secret)', () => {
  /** Every 3-character window of the canary: none may appear in any frame. */
  const windows = [...Array(CANARY.length - 2).keys()].map((i) => CANARY.slice(i, i + 3));

  it('never renders a character of the secret, in any frame, and summarises only its length', async () => {
    const { r, outcomes } = await field({ masked: true, message: 'Client secret' });
    for (const ch of CANARY.slice(0, 6)) await r.write(ch);
    await r.write(KEY.backspace);
    await r.write(CANARY.slice(5) + '\r\n');
    expect(outcomes).toEqual([{ kind: 'submit', value: CANARY }]);
    const all = r.frames.join('\n');
    for (const w of windows) expect(all).not.toContain(w);
    // The field line only ever holds mask characters.
    for (const frame of r.frames) {
      const line = frame.split('\n').find((l) => l.startsWith('❯'));
      if (line !== undefined) expect(line).toMatch(/^❯( \*+)?\s*$/u);
    }
    expect(r.frame()).toBe(`✔ Client secret: ${maskedSummary(CANARY.length)}`);
    expect(r.frame()).toBe('✔ Client secret: •••• (20 characters)');
    await r.unmount();
  });

  it('a pasted secret with surrounding spaces and a trailing newline is trimmed and submitted', async () => {
    const { r, outcomes } = await field({ masked: true, message: 'Client secret' });
    await r.write(`  ${CANARY} \n`);
    expect(outcomes).toEqual([{ kind: 'submit', value: CANARY }]);
    expect(r.frames.join('')).not.toContain('s3cr');
    await r.unmount();
  });

  it('shows one mask character per character while typing', async () => {
    const { r } = await field({ masked: true, message: 'Client secret' });
    await r.write('abcd');
    expect(r.frame()).toMatch(/^❯ \*{4}\s*$/mu);
    await r.unmount();
  });

  it('ignores an initial value (a secret is never pre-filled)', async () => {
    const { r } = await field({ masked: true, initial: CANARY });
    expect(r.frames.join('')).not.toContain('CAN');
    await r.unmount();
  });
});

describe('text reducer and key mapping (no Ink)', () => {
  it('sanitizeChunk strips CR/LF and controls, keeps spaces where typed, detects a trailing newline', () => {
    expect(sanitizeChunk('value\r')).toEqual({ text: 'value', submit: true });
    expect(sanitizeChunk('  value \r\n')).toEqual({ text: '  value ', submit: true });
    expect(sanitizeChunk(' bar')).toEqual({ text: ' bar', submit: false });
    expect(sanitizeChunk('a\tb')).toEqual({ text: 'ab', submit: false });
    expect(sanitizeChunk(' ')).toEqual({ text: ' ', submit: false });
  });

  it('a single typed space is kept inside the value, the submitted value is trimmed', () => {
    const reduce = createTextReducer({});
    let s = { value: '', cursor: 0, attempted: false } as ReturnType<typeof reduce>;
    for (const ch of [' ', 'a', ' ', 'b', ' ']) s = reduce(s, textKeyToAction(ch, {} as never)!);
    expect(s.value).toBe(' a b ');
    s = reduce(s, { type: 'submit' });
    expect(s.outcome).toEqual({ kind: 'submit', value: 'a b' });
  });

  it('a placeholder is shown as an example ("e.g. …"), so without colour it does not read as a typed value', async () => {
    const { r, outcomes } = await field({ message: 'Flyte project', placeholder: 'flytesnacks', validate: (v) => (v === '' ? 'Enter the project.' : undefined) });
    expect(r.frame()).toContain('❯ e.g. flytesnacks');
    await r.write(KEY.enter);
    expect(r.frame()).toContain('Enter the project.');
    expect(outcomes).toEqual([]);
    await r.unmount();
  });

  it('a masked field submitted empty with emptySummary: the summary shows it instead of "0 characters"', async () => {
    const { r, outcomes } = await field({ message: 'Client secret', masked: true, emptySummary: 'kept (20 characters)' });
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: '' }]);
    expect(r.frame()).toBe('✔ Client secret: kept (20 characters)');
    await r.unmount();
    // Typed: the length of what was typed, as before.
    const typed = await field({ message: 'Client secret', masked: true, emptySummary: 'kept (20 characters)' });
    await typed.r.write('abc\r');
    expect(typed.r.frame()).toBe('✔ Client secret: •••• (3 characters)');
    await typed.r.unmount();
  });
});

describe('a prefilled default (issue 11: replaced, not appended to)', () => {
  it('Enter accepts the default as shown', async () => {
    const { r, outcomes } = await field({ message: 'Domain', initial: 'development' });
    expect(r.frame()).toContain('❯ development');
    expect(r.frame()).toContain('Enter accept · type to replace · Tab edit');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'development' }]);
    await r.unmount();
  });

  it('the first typed character replaces it (no "developmentdevelopment")', async () => {
    const { r, outcomes } = await field({ message: 'Domain', initial: 'development' });
    await r.write('s');
    expect(r.frame()).toContain('❯ s');
    expect(r.frame()).not.toContain('development');
    await r.write('taging' + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'staging' }]);
    await r.unmount();
  });

  it('typing and Enter in one chunk replace it too', async () => {
    const { r, outcomes } = await field({ message: 'Flyte project', initial: 'flytesnacks' });
    await r.write(`ml${KEY.enter}`);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'ml' }]);
    await r.unmount();
  });

  it('Tab edits it: typing appends', async () => {
    const { r, outcomes } = await field({ message: 'Domain', initial: 'development' });
    await r.write(KEY.tab);
    await r.write('-2' + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'development-2' }]);
    await r.unmount();
  });

  it('→ edits it as well; Backspace then removes from its end', async () => {
    const { r, outcomes } = await field({ message: 'Domain', initial: 'development' });
    await r.write(KEY.right);
    await r.write(KEY.backspace + KEY.backspace + KEY.backspace + KEY.backspace + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'develop' }]);
    await r.unmount();
  });

  it('Backspace on the untouched default clears it', async () => {
    const { r, outcomes } = await field({ message: 'Domain', initial: 'development', validate: (v) => (v === '' ? 'Enter a domain.' : undefined) });
    await r.write(KEY.backspace);
    expect(r.frame()).not.toContain('development');
    await r.write('prod' + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'prod' }]);
    await r.unmount();
  });
});
