/**
 * The rotation making the new Entra secret itself through az (steps/az-create.ts, steps/az-delete-old.ts), over
 * fake services and an in-memory az: the safe order (list, add next to the old, check, push, verify, and only
 * then delete the old by keyId), the interactive offer, the confirmation, and the failures.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/prompter.js';
import { rotate } from '../../src/flow/rotate.js';
import { AZ_OLD_ID, assertNoSecrets, fakeAzSecrets, fakeServices, nonInteractive, NEW, OLD, scriptedPrompter, type Log } from '../helpers/rotate-fakes.js';

const az = { route: 'az' as const, secretDays: 30 };

function world(o: { fakes?: Parameters<typeof fakeServices>[1]; az?: Parameters<typeof fakeAzSecrets>[1] } = {}) {
  const log: Log = [];
  const f = fakeServices(log, { provider: 'entra', ...o.fakes });
  const a = fakeAzSecrets(log, o.az);
  const services = { ...f.services, azSecrets: a.maker };
  const blocks: Block[] = [];
  return { log, f, a, services, blocks, output: { show: (...b: Block[]) => blocks.push(...b) } };
}
const text = (blocks: Block[]) => JSON.stringify(blocks);

describe('rotate --create-secret az (flow)', () => {
  it('without a person, --yes: list → append → check → push → verify → delete the old keyId, in that order', async () => {
    const w = world();
    const r = await rotate(nonInteractive({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    const order = w.log.filter((l) => !l.startsWith('decode') && l !== 'encode');
    expect(order).toEqual(['check:old', 'secretAge', 'az:list', 'az:append', 'check:new', 'push:github:acme/app', 'verify:new', `az:remove:${AZ_OLD_ID}`]);
    expect(r.deleted?.map((c) => c.keyId)).toEqual([AZ_OLD_ID]);
    expect(r.created).toMatchObject({ route: 'az', secretLength: NEW.length, endDateTime: '2025-05-15T00:00:00Z', keyId: expect.stringMatching(/^9e1d/) });
    // The new secret ends in 30 days, before the 90-day mark.
    expect(r.nextRotation).toBe('2025-05-15');
    expect(w.f.pushed).toHaveLength(1);
    assertNoSecrets(text(w.blocks) + JSON.stringify(r));
  });

  it('without --yes the old secret stays and the exact delete command names its keyId', async () => {
    const w = world();
    const r = await rotate(nonInteractive({ newSecret: undefined, create: az }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    expect(w.log).not.toContain(`az:remove:${AZ_OLD_ID}`);
    expect(r.deleteSteps?.join('\n')).toContain(`az ad app credential delete --id ci-client --key-id ${AZ_OLD_ID}`);
    expect(r.steps.find((s) => s.id === 'delete-old')?.summary).toMatch(/old secret was kept \(no --yes\)/);
  });

  it('a check that fails: nothing pushed or deleted; the new credential is named with the command that removes it', async () => {
    const w = world({ fakes: { validSecrets: [OLD] } });
    const r = await rotate(nonInteractive({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(false);
    expect(w.f.pushed).toEqual([]);
    expect(w.log.some((l) => l.startsWith('az:remove'))).toBe(false);
    const newId = w.a.creds.at(-1)!.keyId;
    expect(text(w.blocks)).toContain(`az ad app credential delete --id ci-client --key-id ${newId}`);
    expect(text(w.blocks)).toMatch(/the old secret is untouched and CI is unchanged/);
    // Retried for the bounded Entra window over the injected clock (no real waiting).
    expect(w.f.sleeps.reduce((a, b) => a + b, 0)).toBe(120_000);
  });

  it('a refused push or a declined push confirmation after az made the secret: the new credential and its removal command are named', async () => {
    const w = world({ fakes: { pushOk: false } });
    const r = await rotate(nonInteractive({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(false);
    expect(text(w.blocks)).toContain(`--key-id ${w.a.creds.at(-1)!.keyId}`);
    expect(w.log.some((l) => l.startsWith('az:remove'))).toBe(false);

    const d = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': false }, d.log);
    await expect(rotate(nonInteractive({ newSecret: undefined }), d.services, { prompter: sp.p })).rejects.toThrow(
      new RegExp(`still exists next to the old one; remove it with: az ad app credential delete --id ci-client --key-id 9e1d0001-0000-4000-8000-0000000000dd`),
    );
  });

  it('az fails to list or to add: nothing created, nothing pushed, the reason said', async () => {
    for (const fail of [{ list: 'az ad app credential failed. Sign in with `az login`' }, { append: 'az ad app credential failed. No permission' }]) {
      const w = world({ az: { fail } });
      const r = await rotate(nonInteractive({ newSecret: undefined, create: az }), w.services, { output: w.output });
      expect(r.ok).toBe(false);
      expect(w.f.pushed).toEqual([]);
      expect(r.steps.at(-1)).toMatchObject({ id: 'create-secret', status: 'failed', summary: expect.stringMatching(/Nothing was created; CI is unchanged\.$/) });
    }
  });

  it('--dry-run: the az commands are printed, none runs, nothing is pushed', async () => {
    const w = world();
    const r = await rotate(nonInteractive({ newSecret: undefined, create: { ...az, dryRun: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    expect(w.log.filter((l) => l.startsWith('az:') || l.startsWith('push'))).toEqual([]);
    expect(r.created?.requests).toHaveLength(3);
    expect(text(w.blocks)).toContain('--append');
  });

  it('at a terminal, Entra and az signed in: "Create the new secret with az" is offered; the deletion is confirmed', async () => {
    const w = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': true, 'run-workflow': false, 'az-delete-old': true }, w.log);
    const r = await rotate(nonInteractive({ newSecret: undefined }), w.services, { prompter: sp.p });
    expect(r.ok).toBe(true);
    expect(w.log).toContain(`az:remove:${AZ_OLD_ID}`);
    expect(w.log.indexOf(`az:remove:${AZ_OLD_ID}`)).toBeGreaterThan(w.log.indexOf('verify:new'));
    expect(w.log).not.toContain('ask:new-secret');
  });

  it('at a terminal: declining the deletion keeps the old secret; "in the portal" falls back to pasting; no offer when az is not signed in or the provider is not Entra', async () => {
    const kept = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': true, 'run-workflow': false, 'az-delete-old': false }, kept.log);
    const r = await rotate(nonInteractive({ newSecret: undefined }), kept.services, { prompter: sp.p });
    expect(r.ok).toBe(true);
    expect(kept.log.some((l) => l.startsWith('az:remove'))).toBe(false);
    expect(r.steps.find((s) => s.id === 'delete-old')?.summary).toMatch(/not confirmed/);

    const portal = world();
    const p2 = scriptedPrompter({ 'az-create': 'console', 'new-secret': NEW, 'confirm-push': true, 'run-workflow': false }, portal.log);
    expect((await rotate(nonInteractive({ newSecret: undefined }), portal.services, { prompter: p2.p })).ok).toBe(true);
    expect(portal.log).toContain('ask:new-secret');
    expect(portal.log.some((l) => l.startsWith('az:'))).toBe(false);

    for (const w of [world({ az: { ready: false } }), world({ fakes: { provider: 'okta' } })]) {
      const p3 = scriptedPrompter({ 'new-secret': NEW, 'confirm-push': true, 'run-workflow': false }, w.log);
      expect((await rotate(nonInteractive({ newSecret: undefined }), w.services, { prompter: p3.p })).ok).toBe(true);
      expect(w.log).not.toContain('ask:az-create');
    }
  });
});
