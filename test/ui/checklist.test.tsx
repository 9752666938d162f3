import React from 'react';
import { describe, expect, it } from 'vitest';
import { Checklist } from '../../src/ui/components/Checklist.js';
import { Confirm } from '../../src/ui/components/Confirm.js';
import { Pause } from '../../src/ui/components/Pause.js';
import type { Outcome } from '../../src/ui/components/ui.js';
import type { ChecklistItem } from '../../src/core/prompter.js';
import { KEY, renderUi } from '../helpers/ink.js';

const ITEMS: ChecklistItem[] = [
  { id: 'app', title: 'Register an app', detail: 'Entra admin center › App registrations › New registration', link: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps' },
  { id: 'secret', title: 'Create a client secret and copy its Value (not the Secret ID)', detail: 'Certificates & secrets › New client secret' },
  { id: 'consent', title: 'Grant admin consent', link: 'https://entra.microsoft.com/' },
];

async function checklist(ui = { color: false, accessible: false }) {
  const outcomes: Outcome<boolean[]>[] = [];
  const r = await renderUi(<Checklist title="Create the app in Entra ID" items={ITEMS} onOutcome={(o) => outcomes.push(o)} />, ui);
  return { r, outcomes };
}

describe('Checklist', () => {
  it('shows the steps, with detail and link only for the highlighted one', async () => {
    const { r } = await checklist();
    const f = r.frame();
    expect(f).toContain('❯ [ ] 1. Register an app');
    expect(f).toContain('App registrations › New registration');
    expect(f).toContain('Open: https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps');
    expect(f).not.toContain('Certificates & secrets');
    expect(f).toContain('Continue (0 of 3 done)');
    await r.unmount();
  });

  it('Enter ticks and moves to the next step; after the last, Enter on Continue finishes', async () => {
    const { r, outcomes } = await checklist();
    await r.write(KEY.enter);
    expect(r.frame()).toContain('[x] 1. Register an app');
    expect(r.frame()).toContain('❯ [ ] 2. Create a client secret');
    expect(r.frame()).toContain('Certificates & secrets › New client secret');
    await r.write(KEY.enter + KEY.enter); // two steps in one chunk
    expect(r.frame()).toContain('❯ Continue (3 of 3 done)');
    expect(outcomes).toEqual([]);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: [true, true, true] }]);
    expect(r.frame()).toBe('✔ Create the app in Entra ID: 3 of 3 steps done');
    await r.unmount();
  });

  it('Space toggles without moving; the user may continue with steps open', async () => {
    const { r, outcomes } = await checklist();
    await r.write(KEY.space);
    expect(r.frame()).toContain('❯ [x] 1. Register an app');
    await r.write(KEY.space);
    expect(r.frame()).toContain('❯ [ ] 1. Register an app');
    await r.write(KEY.up + KEY.enter); // Up from the first row wraps to Continue
    expect(outcomes).toEqual([{ kind: 'submit', value: [false, false, false] }]);
    await r.unmount();
  });

  it('Enter skips ticked steps when moving on', async () => {
    const { r } = await checklist();
    await r.write(KEY.down + KEY.space + KEY.up + KEY.enter);
    expect(r.frame()).toContain('❯ [ ] 3. Grant admin consent');
    await r.unmount();
  });

  it('Esc goes back, Ctrl-C cancels', async () => {
    const a = await checklist();
    await a.r.write(KEY.esc);
    expect(a.outcomes).toEqual([{ kind: 'back' }]);
    await a.r.unmount();
    const b = await checklist();
    await b.r.write(KEY.ctrlC);
    expect(b.outcomes).toEqual([{ kind: 'cancel' }]);
    await b.r.unmount();
  });

  it('links are OSC 8 hyperlinks with colour, plain URLs without', async () => {
    const coloured = await checklist({ color: true, accessible: false });
    expect(coloured.r.rawFrame()).toContain('\u001b]8;;https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps\u0007');
    await coloured.r.unmount();
    const plainOne = await checklist({ color: false, accessible: false });
    expect(plainOne.r.rawFrame()).not.toContain('\u001b]8;;');
    expect(plainOne.r.rawFrame()).toContain('https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps');
    await plainOne.r.unmount();
  });

  it('accessible mode says done / to do in words', async () => {
    const { r } = await checklist({ color: false, accessible: true });
    await r.write(KEY.enter);
    expect(r.frame()).toContain('1. Register an app (done)');
    expect(r.frame()).toContain('2. Create a client secret and copy its Value (not the Secret ID) (to do)');
    await r.unmount();
  });
});

describe('Confirm', () => {
  async function confirm(initial?: boolean) {
    const outcomes: Outcome<boolean>[] = [];
    const r = await renderUi(<Confirm message="Write config.yaml?" initial={initial} onOutcome={(o) => outcomes.push(o)} />);
    return { r, outcomes };
  }
  it('Enter takes the default', async () => {
    const { r, outcomes } = await confirm(false);
    expect(r.frame()).toContain('❯ No');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: false }]);
    expect(r.frame()).toBe('✔ Write config.yaml: No');
    await r.unmount();
  });
  it('y and n answer at once; arrows switch', async () => {
    const a = await confirm(false);
    await a.r.write('y');
    expect(a.outcomes).toEqual([{ kind: 'submit', value: true }]);
    await a.r.unmount();
    const b = await confirm(true);
    await b.r.write(KEY.right + KEY.enter);
    expect(b.outcomes).toEqual([{ kind: 'submit', value: false }]);
    await b.r.unmount();
  });
  it('Esc goes back', async () => {
    const { r, outcomes } = await confirm();
    await r.write(KEY.esc);
    expect(outcomes).toEqual([{ kind: 'back' }]);
    await r.unmount();
  });
});

describe('Pause', () => {
  it('waits for Enter, ignoring other keys', async () => {
    const outcomes: Outcome<true>[] = [];
    const r = await renderUi(<Pause message="Grant consent in the portal, then press Enter to re-check" onOutcome={(o) => outcomes.push(o)} />);
    await r.write('abc');
    expect(outcomes).toEqual([]);
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: true }]);
    expect(r.frame()).toContain('✔ Grant consent in the portal, then press Enter to re-check');
    await r.unmount();
  });

  it('initial ticks (coming back to the checklist): those steps show ticked, the count says so, the cursor is on the first open step', async () => {
    const outcomes: Outcome<boolean[]>[] = [];
    const r = await renderUi(
      <Checklist title="Create the app in Entra ID" items={ITEMS} initial={['app', 'consent']} onOutcome={(o) => outcomes.push(o)} />,
    );
    expect(r.frame()).toContain('[x] 1. Register an app');
    expect(r.frame()).toContain('❯ [ ] 2. Create a client secret');
    expect(r.frame()).toContain('[x] 3. Grant admin consent');
    expect(r.frame()).toContain('Continue (2 of 3 done)');
    await r.write(KEY.enter); // ticks step 2: all done, cursor on Continue
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: [true, true, true] }]);
    await r.unmount();
  });

  it('all steps ticked initially: the cursor starts on Continue and Enter goes on', async () => {
    const outcomes: Outcome<boolean[]>[] = [];
    const r = await renderUi(
      <Checklist title="Create the app" items={ITEMS} initial={ITEMS.map((i) => i.id)} onOutcome={(o) => outcomes.push(o)} />,
    );
    expect(r.frame()).toContain('❯ Continue (3 of 3 done)');
    await r.write(KEY.enter);
    expect(outcomes).toEqual([{ kind: 'submit', value: [true, true, true] }]);
    await r.unmount();
  });

  it('the pause names what Esc does when told (escLabel), else "Esc back"', async () => {
    const a = await renderUi(<Pause message="Grant the consent, then press Enter" escLabel="other options" onOutcome={() => {}} />);
    expect(a.frame()).toContain('Enter continue · Esc other options · Ctrl-C quit');
    await a.unmount();
    const b = await renderUi(<Pause message="Press Enter" onOutcome={() => {}} />);
    expect(b.frame()).toContain('Enter continue · Esc back · Ctrl-C quit');
    await b.unmount();
  });
});
