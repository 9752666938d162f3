/**
 * The rotation making the new Entra secret itself through az (steps/az-create.ts, steps/az-delete-old.ts), over
 * fake services and an in-memory az: the safe order (list, add next to the old, check, push, verify, and only
 * then delete the old by keyId), the interactive offer, the confirmation, and the failures.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import { rotate } from '../../src/flow/rotate.js';
import { AZ_APP, AZ_OLD_ID, assertNoSecrets, b64, HOST, OLD_KEY, fakeAzSecrets, fakeRegistrationSecrets, fakeServices, nonInteractive, NEW, OLD, scriptedPrompter, type Log } from '../helpers/rotate-fakes.js';

const az = { route: 'az' as const, secretDays: 30 };
/** The current key of an Entra app: its client ID is the app (client) ID, a GUID. */
const AZ_KEY = b64(`${HOST}:${AZ_APP}:${OLD}:acme`);
const azRun = (over: Parameters<typeof nonInteractive>[0] = {}) => nonInteractive({ currentKey: new Secret(AZ_KEY), ...over });

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
    const r = await rotate(azRun({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
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
    const r = await rotate(azRun({ newSecret: undefined, create: az }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    expect(w.log).not.toContain(`az:remove:${AZ_OLD_ID}`);
    expect(r.deleteSteps?.join('\n')).toContain(`az ad app credential delete --id ${AZ_APP} --key-id ${AZ_OLD_ID}`);
    expect(r.steps.find((s) => s.id === 'delete-old')?.summary).toMatch(/old secret was kept \(no --yes\)/);
  });

  it('a check that fails: nothing pushed or deleted; the new credential is named with the command that removes it', async () => {
    const w = world({ fakes: { validSecrets: [OLD] } });
    const r = await rotate(azRun({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(false);
    expect(w.f.pushed).toEqual([]);
    expect(w.log.some((l) => l.startsWith('az:remove'))).toBe(false);
    const newId = w.a.creds.at(-1)!.keyId;
    expect(text(w.blocks)).toContain(`az ad app credential delete --id ${AZ_APP} --key-id ${newId}`);
    expect(text(w.blocks)).toMatch(/the old secret is untouched and CI is unchanged/);
    // Retried for the bounded Entra window over the injected clock (no real waiting).
    expect(w.f.sleeps.reduce((a, b) => a + b, 0)).toBe(120_000);
  });

  it('a refused push or a declined push confirmation after az made the secret: the new credential and its removal command are named', async () => {
    const w = world({ fakes: { pushOk: false } });
    const r = await rotate(azRun({ newSecret: undefined, create: { ...az, yes: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(false);
    expect(text(w.blocks)).toContain(`--key-id ${w.a.creds.at(-1)!.keyId}`);
    expect(w.log.some((l) => l.startsWith('az:remove'))).toBe(false);

    const d = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': false }, d.log);
    await expect(rotate(azRun({ newSecret: undefined }), d.services, { prompter: sp.p })).rejects.toThrow(
      new RegExp(`still exists next to the old one; remove it with: az ad app credential delete --id ${AZ_APP} --key-id 9e1d0001-0000-4000-8000-0000000000dd`),
    );
  });

  it('az fails to list or to add: nothing created, nothing pushed, the reason said', async () => {
    for (const fail of [{ list: 'az ad app credential failed. Sign in with `az login`' }, { append: 'az ad app credential failed. No permission' }]) {
      const w = world({ az: { fail } });
      const r = await rotate(azRun({ newSecret: undefined, create: az }), w.services, { output: w.output });
      expect(r.ok).toBe(false);
      expect(w.f.pushed).toEqual([]);
      expect(r.steps.at(-1)).toMatchObject({ id: 'create-secret', status: 'failed', summary: expect.stringMatching(/Nothing was created; CI is unchanged\.$/) });
    }
  });

  it('--dry-run: the az commands are printed, none runs, nothing is pushed', async () => {
    const w = world();
    const r = await rotate(azRun({ newSecret: undefined, create: { ...az, dryRun: true } }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    expect(w.log.filter((l) => l.startsWith('az:') || l.startsWith('push'))).toEqual([]);
    expect(r.created?.requests).toHaveLength(3);
    expect(text(w.blocks)).toContain('--append');
  });

  it('at a terminal, Entra and az signed in: "Create the new secret with az" is offered; the deletion is confirmed', async () => {
    const w = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': true, 'run-workflow': false, 'az-delete-old': true }, w.log);
    const r = await rotate(azRun({ newSecret: undefined }), w.services, { prompter: sp.p });
    expect(r.ok).toBe(true);
    expect(w.log).toContain(`az:remove:${AZ_OLD_ID}`);
    expect(w.log.indexOf(`az:remove:${AZ_OLD_ID}`)).toBeGreaterThan(w.log.indexOf('verify:new'));
    expect(w.log).not.toContain('ask:new-secret');
  });

  it('at a terminal: declining the deletion keeps the old secret; "in the portal" falls back to pasting; no offer when az is not signed in, the provider is not Entra, or the client ID is no app ID', async () => {
    const kept = world();
    const sp = scriptedPrompter({ 'az-create': 'az', 'confirm-push': true, 'run-workflow': false, 'az-delete-old': false }, kept.log);
    const r = await rotate(azRun({ newSecret: undefined }), kept.services, { prompter: sp.p });
    expect(r.ok).toBe(true);
    expect(kept.log.some((l) => l.startsWith('az:remove'))).toBe(false);
    expect(r.steps.find((s) => s.id === 'delete-old')?.summary).toMatch(/not confirmed/);

    const portal = world();
    const p2 = scriptedPrompter({ 'az-create': 'console', 'new-secret': NEW, 'confirm-push': true, 'run-workflow': false }, portal.log);
    expect((await rotate(azRun({ newSecret: undefined }), portal.services, { prompter: p2.p })).ok).toBe(true);
    expect(portal.log).toContain('ask:new-secret');
    expect(portal.log.some((l) => l.startsWith('az:'))).toBe(false);

    for (const [w, key] of [[world({ az: { ready: false } }), AZ_KEY], [world({ fakes: { provider: 'okta' } }), AZ_KEY], [world(), OLD_KEY]] as const) {
      const p3 = scriptedPrompter({ 'new-secret': NEW, 'confirm-push': true, 'run-workflow': false }, w.log);
      expect((await rotate(nonInteractive({ currentKey: new Secret(key), newSecret: undefined }), w.services, { prompter: p3.p })).ok).toBe(true);
      expect(w.log).not.toContain('ask:az-create');
    }
  });
});

describe('rotate --registration-file (RFC 7592, flow)', () => {
  const reg = { route: 'registration' as const, file: '/tmp/reg.json' };
  function rworld(o: Parameters<typeof fakeRegistrationSecrets>[1] = {}, fakes: Parameters<typeof fakeServices>[1] = {}) {
    const log: Log = [];
    const f = fakeServices(log, { provider: 'generic', ...fakes });
    const services = { ...f.services, registrationSecrets: fakeRegistrationSecrets(log, o) };
    const blocks: Block[] = [];
    return { log, f, services, blocks, output: { show: (...b: Block[]) => blocks.push(...b) } };
  }

  it('without a person: read → update → check → push → verify; nothing to delete', async () => {
    const w = rworld();
    const r = await rotate(nonInteractive({ newSecret: undefined, create: reg }), w.services, { output: w.output });
    expect(r.ok).toBe(true);
    const order = w.log.filter((l) => l.startsWith('reg:') || l.startsWith('check') || l.startsWith('push') || l.startsWith('verify'));
    expect(order).toEqual(['check:old', 'reg:open', 'reg:update', 'reg:close', 'check:new', 'push:github:acme/app', 'verify:new']);
    expect(r.created).toMatchObject({ route: 'registration', clientId: 'ci-client', secretLength: NEW.length, registrationTokenRotated: true });
    expect(r.steps.at(-1)?.summary).toMatch(/Nothing to delete/);
    assertNoSecrets(text(w.blocks) + JSON.stringify(r));
  });

  it('a server that keeps the secret: without a person exit 1 with that sentence; at a terminal the paste is asked instead', async () => {
    const w = rworld({ keeps: true });
    const r = await rotate(nonInteractive({ newSecret: undefined, create: reg }), w.services, { output: w.output });
    expect(r.ok).toBe(false);
    expect(r.steps.at(-1)).toMatchObject({ id: 'create-secret', status: 'failed', summary: expect.stringMatching(/does not rotate secrets on update/) });
    expect(w.f.pushed).toEqual([]);

    const t = rworld({ keeps: true });
    const sp = scriptedPrompter({ 'confirm-push': true, 'new-secret': NEW, 'run-workflow': false }, t.log);
    const ok = await rotate(nonInteractive({ newSecret: undefined, create: reg }), t.services, { prompter: sp.p });
    expect(ok.ok).toBe(true);
    expect(t.log).toContain('ask:new-secret');
  });

  it('declining the push at a terminal changes nothing (no update sent); a check that fails says the old secret is gone', async () => {
    const d = rworld();
    const sp = scriptedPrompter({ 'confirm-push': false }, d.log);
    await expect(rotate(nonInteractive({ newSecret: undefined, create: reg }), d.services, { prompter: sp.p })).rejects.toThrow(/nothing was changed/);
    expect(d.log).not.toContain('reg:update');
    expect(d.log).toContain('reg:close');

    // --push none at a terminal: the update itself is confirmed (it kills the old secret).
    const n = rworld();
    const np = scriptedPrompter({ 'confirm-update': false }, n.log);
    await expect(rotate(nonInteractive({ newSecret: undefined, create: reg, target: { kind: 'none', name: 'FLYTE_API_KEY' } }), n.services, { prompter: np.p })).rejects.toThrow(/nothing was changed/);
    expect(n.log).not.toContain('reg:update');

    const f = rworld({}, { validSecrets: [OLD] });
    const r = await rotate(nonInteractive({ newSecret: undefined, create: reg }), f.services, { output: f.output });
    expect(r.ok).toBe(false);
    expect(f.f.pushed).toEqual([]);
    expect(text(f.blocks)).toMatch(/replaced the old secret: it no longer works/);
  });

  it('the file cannot be read or is for another client: nothing is changed', async () => {
    for (const o of [{ fail: { open: 'reading the registered client failed: HTTP 401' } }, { clientId: 'someone-else' }]) {
      const w = rworld(o);
      const r = await rotate(nonInteractive({ newSecret: undefined, create: reg }), w.services, { output: w.output });
      expect(r.ok).toBe(false);
      expect(w.log).not.toContain('reg:update');
      expect(r.steps.at(-1)?.summary).toMatch(/Nothing was changed; CI is unchanged\.$/);
    }
  });
});
