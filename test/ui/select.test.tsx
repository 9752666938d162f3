import React from 'react';
import { describe, expect, it } from 'vitest';
import { Select } from '../../src/ui/components/Select.js';
import { KeyPumpContext, type Outcome } from '../../src/ui/components/ui.js';
import { KeyPump } from '../../src/ui/key-pump.js';
import { FakeStdin, KEY, inAct, renderUi } from '../helpers/ink.js';

const PROVIDERS = [
  { value: 'okta', label: 'Okta' },
  { value: 'entra', label: 'Microsoft Entra ID' },
  { value: 'keycloak', label: 'Keycloak' },
  { value: 'auth0', label: 'Auth0' },
  { value: 'generic', label: 'Other OIDC provider', hint: 'any client_credentials IdP' },
] as const;
type P = (typeof PROVIDERS)[number]['value'];

async function setup(initial?: P) {
  const outcomes: Outcome<P>[] = [];
  const r = await renderUi(
    <Select<P> message="Identity provider?" choices={[...PROVIDERS]} initial={initial} onOutcome={(o) => outcomes.push(o)} />,
  );
  return { r, outcomes };
}

describe('Select', () => {
  it('lists the choices with the first one highlighted and numbered', async () => {
    const { r } = await setup();
    const f = r.frame();
    expect(f).toContain('? Identity provider?');
    expect(f).toMatch(/❯ 1\. Okta/u);
    expect(f).toContain('5. Other OIDC provider — any client_credentials IdP');
    await r.unmount();
  });

  it('moves with arrows (one key per write) and selects with Enter', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.down);
    expect(r.frame()).toMatch(/❯ 2\. Microsoft Entra ID/u);
    await r.write(KEY.down);
    await r.write(KEY.up);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'entra' }]);
    expect(r.frame()).toBe('✔ Identity provider: Microsoft Entra ID');
    await r.unmount();
  });

  it('applies several keys in ONE chunk in order: Down Down Enter selects the third item (P6)', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.down + KEY.down + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'keycloak' }]);
    await r.unmount();
  });

  it('ignores keys that arrive after Enter in the same chunk', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.down + KEY.enter + KEY.down + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'entra' }]);
    await r.unmount();
  });

  it('wraps around from the first item upwards', async () => {
    const { r, outcomes } = await setup();
    await r.write(KEY.up + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'generic' }]);
    await r.unmount();
  });

  it('chooses immediately with a digit', async () => {
    const { r, outcomes } = await setup();
    await r.write('4');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'auth0' }]);
    expect(r.frame()).toContain('✔ Identity provider: Auth0');
    await r.unmount();
  });

  it('ignores a digit beyond the list', async () => {
    const { r, outcomes } = await setup();
    await r.write('9');
    expect(outcomes).toEqual([]);
    await r.unmount();
  });

  it('starts on the pre-selected value', async () => {
    const { r, outcomes } = await setup('auth0');
    expect(r.frame()).toMatch(/❯ 4\. Auth0/u);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'auth0' }]);
    await r.unmount();
  });

  it('Esc reports back and erases the question', async () => {
    const { r, outcomes } = await setup();
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

  it('strips control sequences from labels (asset or server text)', async () => {
    const outcomes: Outcome<string>[] = [];
    const r = await renderUi(
      <Select message="Pick" choices={[{ value: 'a', label: 'Evil\u001b]0;pwned\u0007\u001b[2J name' }]} onOutcome={(o) => outcomes.push(o)} />,
    );
    expect(r.rawFrame()).not.toContain('\u001b]0;');
    expect(r.rawFrame()).not.toContain('\u001b[2J');
    expect(r.frame()).toContain('Evil name');
    await r.unmount();
  });
});

describe('Select through the key pump (as the prompter mounts it)', () => {
  async function pumped(initialIndex?: number) {
    const outcomes: Outcome<P>[] = [];
    const stdin = new FakeStdin();
    const pump = new KeyPump(stdin as unknown as NodeJS.ReadStream);
    const r = await renderUi(
      <KeyPumpContext.Provider value={pump}>
        <Select<P> message="Identity provider?" choices={[...PROVIDERS]} initialIndex={initialIndex} onOutcome={(o) => outcomes.push(o)} />
      </KeyPumpContext.Provider>,
    );
    const type = (data: string) => inAct(() => stdin.write(data));
    return { r, outcomes, pump, type };
  }

  it('keys typed before the list mounted are applied first, in order: Down Down Enter → third', async () => {
    const outcomes: Outcome<P>[] = [];
    const stdin = new FakeStdin();
    const pump = new KeyPump(stdin as unknown as NodeJS.ReadStream);
    pump.start();
    stdin.write(KEY.down + KEY.down + KEY.enter);
    const r = await renderUi(
      <KeyPumpContext.Provider value={pump}>
        <Select<P> message="Identity provider?" choices={[...PROVIDERS]} onOutcome={(o) => outcomes.push(o)} />
      </KeyPumpContext.Provider>,
    );
    expect(outcomes).toEqual([{ kind: 'submit', value: 'keycloak' }]);
    await r.unmount();
  });

  it('"3y" in one chunk: 3 answers, y is left queued for the next question', async () => {
    const { r, outcomes, pump, type } = await pumped();
    await type('3y');
    expect(outcomes).toEqual([{ kind: 'submit', value: 'keycloak' }]);
    expect(pump.queued.map((k) => k.input)).toEqual(['y']);
    await r.unmount();
  });

  it('starts at the pointer handed over from the early frame', async () => {
    const { r, outcomes, type } = await pumped(3);
    expect(r.frame()).toMatch(/❯ 4\. Auth0/u);
    await type(KEY.up + KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: 'keycloak' }]);
    await r.unmount();
  });
});
