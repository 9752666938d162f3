import { describe, expect, it } from 'vitest';
import { CancelledError, MissingAnswerError, UsageError } from '../../src/core/errors.js';
import type { Block } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import { rotate, rotateJson } from '../../src/flow/rotate.js';
import {
  assertNoSecrets, b64, fakeServices, fp, ghTarget, HOST, NEW, nonInteractive, OLD, OLD_KEY, report, scriptedPrompter, shape, type Answer, type Log,
} from '../helpers/rotate-fakes.js';

describe('rotate flow: order of operations', () => {
  it('non-interactive: check the new secret, build, push, verify, and only then the deletion steps', async () => {
    const log: Log = [];
    const { services, pushed, checks } = fakeServices(log);
    const blocks: Block[] = [];
    const r = await rotate(nonInteractive(), services, { output: { show: (...b) => blocks.push(...b) } });
    expect(r.ok).toBe(true);
    const relevant = log.filter((l) => !l.startsWith('decode'));
    expect(relevant).toEqual(['check:old', 'secretAge', 'check:new', 'encode', 'push:github:acme/app', 'verify:new']);
    expect(r.steps.map((s) => s.id)).toEqual(['current-key', 'identity', 'age', 'create-secret', 'new-secret', 'check', 'build', 'push', 'verify', 'delete-old']);
    // The pushed value is the new key made from the OLD key's host, client id and org.
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    // The verification used the key as stored (decoded back), not the in-memory pieces.
    const verify = checks.at(-1)!;
    expect(verify.clientSecret.reveal()).toBe(NEW);
    expect(verify.clientId).toBe('ci-client');
    expect(verify.org).toBe('acme');
    expect(verify.endpoint).toBe(HOST);
    expect(r.deleteSteps?.join('\n')).toMatch(/Okta: deactivate, then delete the old secret/);
    expect(r.deleteSteps?.join('\n')).toContain(fp(OLD));
    expect(r.nextRotation).toBe('2025-07-14');
    expect(r.old).toEqual({ length: OLD.length, fingerprint: fp(OLD) });
    expect(r.new).toEqual({ length: NEW.length, fingerprint: fp(NEW) });
  });

  it('--endpoint overrides the host for the checks but the new key keeps the old key host', async () => {
    const log: Log = [];
    const { services, pushed, checks } = fakeServices(log);
    await rotate(nonInteractive({ shape: { ...shape, endpoint: '127.0.0.1:8443' } }), services);
    expect(checks.every((c) => c.endpoint === '127.0.0.1:8443')).toBe(true);
    expect(Buffer.from(pushed[0]!, 'base64').toString().startsWith(`${HOST}:`)).toBe(true);
  });

  it('a failed check never calls push and shows no deletion steps', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log, { validSecrets: [OLD] });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(pushed).toEqual([]);
    expect(log.some((l) => l.startsWith('push'))).toBe(false);
    expect(log).not.toContain('encode');
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.find((s) => s.id === 'check')?.status).toBe('failed');
    expect(r.steps.at(-1)!.summary).toMatch(/Nothing was pushed/);
  });

  it('a failed push never verifies and never shows the deletion steps', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { pushOk: false });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(log.some((l) => l.startsWith('verify'))).toBe(false);
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.at(-1)).toMatchObject({ id: 'push', status: 'failed' });
    expect(r.steps.at(-1)!.summary).toMatch(/do not delete the old secret/);
  });

  it('a failed verification shows no deletion steps and says to keep the old secret', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { verifyOk: false });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(log).toContain('push:github:acme/app');
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.at(-1)).toMatchObject({ id: 'verify', status: 'failed' });
  });

  it('the age comes from the CI secret: 90-day mark passed, or unknown', async () => {
    const { services } = fakeServices([]);
    const r = await rotate(nonInteractive(), services);
    expect(r.ageDays).toBe(104);
    expect(r.rotationDue).toBe(true);
    const { services: s2 } = fakeServices([], { updated: null });
    const r2 = await rotate(nonInteractive(), s2);
    expect(r2.ageDays).toBeNull();
    expect(r2.steps.find((s) => s.id === 'age')).toMatchObject({ status: 'skipped' });
  });

  it('dry run: pushes nothing for real, skips verification, shows no deletion steps', async () => {
    const { services } = fakeServices([]);
    const r = await rotate(nonInteractive({ target: { ...ghTarget, dryRun: true } }), services);
    expect(r.ok).toBe(true);
    expect(r.steps.find((s) => s.id === 'verify')).toMatchObject({ status: 'skipped' });
    expect(r.deleteSteps).toBeUndefined();
  });

  it('missing answers without a prompter name the flags', async () => {
    const { services } = fakeServices([]);
    await expect(rotate(nonInteractive({ currentKey: undefined }), services)).rejects.toBeInstanceOf(MissingAnswerError);
    await expect(rotate(nonInteractive({ newSecret: undefined }), services)).rejects.toThrow(/--client-secret-stdin/);
    await expect(rotate(nonInteractive({ target: undefined }), services)).rejects.toThrow(/--push/);
  });

  it('refuses the same secret again and a secret flyte cannot carry, before any push', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    await expect(rotate(nonInteractive({ newSecret: new Secret(OLD) }), services)).rejects.toBeInstanceOf(UsageError);
    await expect(rotate(nonInteractive({ newSecret: new Secret('a:b') }), services)).rejects.toThrow(/cannot be carried/);
    expect(log.some((l) => l.startsWith('push'))).toBe(false);
  });

  it('a malformed current key is refused non-interactively with the decoder problems', async () => {
    const { services } = fakeServices([]);
    const bad = new Secret(b64(`${HOST}:ci-client:nope`));
    await expect(rotate(nonInteractive({ currentKey: bad }), services)).rejects.toThrow(/malformed: Expected 4 parts/);
  });
});

describe('rotate flow: interactive', () => {
  const happy = () => ({
    'current-key': OLD_KEY,
    'push-target': 'github',
    'new-secret': NEW,
    'confirm-push': true,
    'run-workflow': true,
  });

  it('walks the eight steps; deletion heading only after verify and the workflow run', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(pushed).toHaveLength(1);
    const order = log.filter((l) => !l.startsWith('decode') && !l.startsWith('show:Old') && !l.startsWith('show:Current'));
    expect(order).toEqual([
      'ask:current-key',
      'check:old',
      'ask:push-target',
      'secretAge',
      'show:Create a new client secret in Okta (keep the old one)',
      'ask:new-secret',
      'check:new',
      'encode',
      'ask:confirm-push',
      'push:github:acme/app',
      'verify:new',
      'ask:run-workflow',
      'workflow:flyte-deploy.yml',
      'show:Now delete the old secret in Okta',
    ]);
    const text = JSON.stringify(shown);
    expect(text).toContain('Next rotation due: 2025-07-14');
  });

  it('the old/new comparison shows only lengths and fingerprints (canary)', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    const table = shown.find((b, i) => b.kind === 'table' && shown[i - 1]?.kind === 'heading' && /Old key → new key/.test((shown[i - 1] as { text: string }).text));
    expect(table).toBeDefined();
    const rows = (table as { rows: Array<{ label: string; value: string }> }).rows;
    expect(rows.find((x) => x.label === 'Secret (old)')!.value).toBe(`${OLD.length} characters, SHA-256 ${fp(OLD)}…`);
    expect(rows.find((x) => x.label === 'Secret (new)')!.value).toBe(`${NEW.length} characters, SHA-256 ${fp(NEW)}…`);
    for (const label of ['Host', 'Client ID', 'Org']) expect(rows.find((x) => x.label === label)!.value).toMatch(/\(unchanged\)$/);
    assertNoSecrets(JSON.stringify(shown));
    assertNoSecrets(JSON.stringify(rotateJson(r)));
    assertNoSecrets(JSON.stringify(r));
  });

  const beforePush = ['current-key', 'push-target', 'new-secret', 'check-failed', 'confirm-push'];
  for (const id of beforePush) {
    it(`Ctrl-C at "${id}" never calls push`, async () => {
      const log: Log = [];
      // check-failed is only asked when the first new secret fails: make the first one wrong.
      const { services, pushed } = fakeServices(log, { validSecrets: [OLD, NEW] });
      const answers: Record<string, Answer | Answer[]> = { ...happy(), [id]: new CancelledError() };
      if (id === 'check-failed') answers['new-secret'] = ['wrong-secret', NEW];
      const { p } = scriptedPrompter(answers, log);
      await expect(rotate({ shape }, services, { prompter: p })).rejects.toBeInstanceOf(CancelledError);
      expect(log).toContain(`ask:${id}`);
      expect(pushed).toEqual([]);
      expect(log.some((l) => l.startsWith('push'))).toBe(false);
    });
  }

  it('declining the push confirmation cancels with CI unchanged', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'confirm-push': false }, log);
    await expect(rotate({ shape }, services, { prompter: p })).rejects.toThrow(/CI secret is unchanged/);
    expect(pushed).toEqual([]);
  });

  it('a failed check offers retry / re-enter; a second, correct secret goes through', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'new-secret': ['wrong-secret', NEW], 'check-failed': 'reenter' }, log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(log.indexOf('check:other')).toBeLessThan(log.indexOf('ask:check-failed'));
    expect(log.indexOf('check:new')).toBeLessThan(log.indexOf('push:github:acme/app'));
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
  });

  it('no-overlap provider (Keycloak): says so plainly and agrees on the push before the secret is regenerated', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { provider: 'keycloak' });
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(log.indexOf('ask:confirm-push')).toBeLessThan(log.indexOf('ask:new-secret'));
    expect(log.filter((l) => l === 'ask:confirm-push')).toHaveLength(1);
    expect(JSON.stringify(shown)).toMatch(/no overlap|invalidates the old secret at once/);
    expect(r.steps.find((s) => s.id === 'create-secret')?.status).toBe('warning');
  });

  it('a malformed key: shows the problems and rebuilds from host, client ID and org', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const bad = b64(`https://${HOST}:ci-client:x`);
    const { p, shown } = scriptedPrompter(
      { ...happy(), 'current-key': bad, 'rebuild-key': true, endpoint: HOST, 'client-id': 'ci-client', org: 'acme' },
      log,
    );
    const r = await rotate({ shape }, services, { prompter: p });
    expect(JSON.stringify(shown)).toMatch(/malformed/);
    expect(r.ok).toBe(true);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    expect(r.old).toBeUndefined();
  });

  it('the pasted new secret must differ from the current one', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'new-secret': OLD }, log);
    await expect(rotate({ shape }, services, { prompter: p })).rejects.toThrow(/This is the current secret/);
  });
});

describe('rotate flow: untrusted text', () => {
  it('a provider error that echoes the secret is redacted and stripped of control sequences', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    services.check = async (opts) => {
      const r = report(opts.clientSecret.reveal() === OLD);
      r.diagnosis.providerText = `bad secret ${opts.clientSecret.reveal()} \u001b]8;;http://evil\u0007click\u001b]8;;\u0007`;
      return r;
    };
    const blocks: Block[] = [];
    const r = await rotate(nonInteractive(), services, { output: { show: (...b) => blocks.push(...b) } });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(blocks) + JSON.stringify(r);
    assertNoSecrets(text);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('<redacted>');
  });
});

describe('rotate flow: Esc', () => {
  it('Esc at the new secret goes back one asked step (the CI target), not out; the rotation then completes', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p, asked } = scriptedPrompter(
      { 'current-key': OLD_KEY, 'push-target': ['github', 'github'], 'new-secret': [new BackSignal(), NEW], 'confirm-push': true, 'run-workflow': false },
      log,
    );
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(asked.slice(0, 4)).toEqual(['current-key', 'push-target', 'new-secret', 'push-target']);
    expect(pushed).toHaveLength(1);
  });

  it('Esc on the first question (nothing to go back to) stops as a cancel, before any push', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ 'new-secret': new BackSignal() }, log);
    await expect(rotate({ currentKey: new Secret(OLD_KEY), target: ghTarget, shape }, services, { prompter: p })).rejects.toBeInstanceOf(CancelledError);
    expect(pushed).toEqual([]);
  });

  it('after the push, Esc never goes back before it: the question is asked again', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const none = { kind: 'none' as const, name: 'FLYTE_API_KEY' };
    const { p, asked } = scriptedPrompter({ 'new-secret': NEW, 'show-key': [new BackSignal(), false], 'stored-by-hand': undefined }, log);
    const r = await rotate({ currentKey: new Secret(OLD_KEY), target: none, shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(asked).toEqual(['new-secret', 'show-key', 'show-key', 'stored-by-hand']);
    expect(pushed).toHaveLength(1);
  });
});

describe('rotate flow: no CI push (interactive)', () => {
  it('shows the key once only when asked, waits until it is stored, then verifies and lists the deletion steps', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p, shown } = scriptedPrompter({ 'current-key': OLD_KEY, 'push-target': 'none', 'new-secret': NEW, 'show-key': true, 'stored-by-hand': undefined }, log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]); // the fake push for `none` stores nothing
    expect(log.indexOf('ask:show-key')).toBeLessThan(log.indexOf('ask:stored-by-hand'));
    expect(log.indexOf('ask:stored-by-hand')).toBeLessThan(log.indexOf('verify:new'));
    expect(r.unstoredKey).toBeUndefined();
    const codeBlocks = shown.filter((b) => b.kind === 'code') as Array<{ text: string }>;
    expect(codeBlocks.map((b) => b.text)).toContain(b64(`${HOST}:ci-client:${NEW}:acme`));
    expect(r.deleteSteps?.[0]).toMatch(/First store the new key/);
  });

  it('declining to show the key never prints it', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p, shown } = scriptedPrompter({ 'current-key': OLD_KEY, 'push-target': 'none', 'new-secret': NEW, 'show-key': false, 'stored-by-hand': undefined }, log);
    await rotate({ shape }, services, { prompter: p });
    expect(JSON.stringify(shown)).not.toContain(b64(`${HOST}:ci-client:${NEW}:acme`));
    assertNoSecrets(JSON.stringify(shown));
  });
});


describe('rotate flow: a new Auth0 secret takes up to 30 s to work (issue 16)', () => {
  /** The new secret is rejected (invalid_client_secret) until the `acceptOn`-th check of it; the old one works. */
  function propagating(provider: 'auth0' | 'okta', acceptOn: number) {
    const log: Log = [];
    const f = fakeServices(log, { provider });
    let newChecks = 0;
    const inner = f.services.check;
    f.services.check = async (opts) => {
      if (opts.clientSecret.reveal() !== NEW || f.pushed.length > 0) return inner(opts);
      newChecks++;
      log.push(`check:new#${newChecks}`);
      return newChecks >= acceptOn ? report(true, provider) : report(false, provider, 'invalid_client_secret');
    };
    return { ...f, log, newChecks: () => newChecks };
  }

  it('a secret that starts working on the 3rd attempt passes, with a visible waiting line, without real waiting', async () => {
    const f = propagating('auth0', 3);
    const lines: string[] = [];
    const r = await rotate(nonInteractive(), f.services, { output: { show: (...b) => b.forEach((x) => x.kind === 'text' && lines.push(x.text)) } });
    expect(r.ok).toBe(true);
    expect(f.newChecks()).toBe(3);
    expect(f.sleeps).toEqual([5000, 5000]);
    expect(lines).toContain('Waiting for Auth0 to accept the new secret (30 s)…');
    expect(lines).toContain('Waiting for Auth0 to accept the new secret (25 s)…');
    expect(r.steps.find((s) => s.id === 'check')!.summary).toMatch(/^Check with the new secret passed after 3 tries over 10 s:/);
    expect(f.pushed).toHaveLength(1);
  });

  it('interactive: the waiting line replaces the task line (the prompter shows it), then the flow goes on', async () => {
    const f = propagating('auth0', 2);
    const { p } = scriptedPrompter({ 'new-secret': NEW, 'confirm-push': true, 'run-workflow': false }, f.log);
    const labels: string[] = [];
    p.task = async (label, run) => run((l) => labels.push(l), new AbortController().signal);
    const r = await rotate({ currentKey: new Secret(OLD_KEY), target: ghTarget, shape: { ...shape, provider: 'auth0' } }, f.services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(labels).toEqual(['Waiting for Auth0 to accept the new secret (30 s)…']);
  });

  it('a secret that never works fails only after the 30 s window, and nothing is pushed', async () => {
    const f = propagating('auth0', Infinity);
    const r = await rotate(nonInteractive(), f.services);
    expect(r.ok).toBe(false);
    expect(f.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(f.newChecks()).toBe(7);
    expect(f.pushed).toEqual([]);
    expect(r.steps.find((s) => s.id === 'check')).toMatchObject({ status: 'failed' });
    expect(r.steps.find((s) => s.id === 'check')!.summary).toMatch(/^Check with the new secret failed after 7 tries over 30 s: The client secret is wrong/);
  });

  it('other providers do not wait: a rejected Okta secret fails on the first check', async () => {
    const f = propagating('okta', 3);
    const r = await rotate(nonInteractive(), f.services);
    expect(r.ok).toBe(false);
    expect(f.newChecks()).toBe(1);
    expect(f.sleeps).toEqual([]);
    expect(r.steps.find((s) => s.id === 'check')!.summary).toMatch(/^Check with the new secret failed: /);
  });

  it('Auth0 with another failure (not a rejected secret) does not wait either', async () => {
    const f = propagating('auth0', 3);
    const inner = f.services.check;
    f.services.check = async (opts) => (opts.clientSecret.reveal() === NEW ? report(false, 'auth0', 'audience_mismatch') : inner(opts));
    const r = await rotate(nonInteractive(), f.services);
    expect(r.ok).toBe(false);
    expect(f.sleeps).toEqual([]);
  });
});

describe('rotate flow: Esc inside a step goes back one question, as the hint says', () => {
  it('Esc at the repository question goes back to the CI question (not out of the rotation)', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    services.detectTarget = async () => null;
    const { p, asked } = scriptedPrompter(
      { 'current-key': OLD_KEY, 'push-target': ['github', 'gitlab'], repo: [new BackSignal(), 'acme/ml'], 'new-secret': NEW, 'confirm-push': true },
      log,
    );
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(asked.slice(0, 5)).toEqual(['current-key', 'push-target', 'repo', 'push-target', 'repo']);
    expect(r.target).toMatchObject({ kind: 'gitlab', repo: 'acme/ml' });
    expect(pushed).toHaveLength(1);
  });

  it('Esc at the Jenkins user goes back to the CI question; the URL is asked again', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services } = fakeServices(log);
    services.detectTarget = async () => null;
    const { p, asked } = scriptedPrompter(
      { 'push-target': ['jenkins', 'jenkins'], 'jenkins-url': ['https://ci.acme.com', 'https://ci2.acme.com'], 'jenkins-user': [new BackSignal(), 'bot'], 'new-secret': NEW, 'confirm-push': true },
      log,
    );
    const r = await rotate({ currentKey: new Secret(OLD_KEY), shape }, services, { prompter: p });
    expect(asked.slice(0, 6)).toEqual(['push-target', 'jenkins-url', 'jenkins-user', 'push-target', 'jenkins-url', 'jenkins-user']);
    expect(r.target).toMatchObject({ kind: 'jenkins', url: 'https://ci2.acme.com', user: 'bot' });
  });

  it('a malformed key: Esc at the client ID goes back to the host, whose typed value is the default', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const bad = b64(`https://${HOST}:ci-client:x`);
    const initials: unknown[] = [];
    const { p, asked } = scriptedPrompter(
      {
        'push-target': 'github',
        'new-secret': NEW,
        'confirm-push': true,
        'run-workflow': false,
        'current-key': bad,
        'rebuild-key': true,
        endpoint: [HOST, (q: unknown) => (initials.push((q as { initial?: string }).initial), HOST)],
        'client-id': [new BackSignal(), 'ci-client'],
        org: 'acme',
      },
      log,
    );
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(asked.slice(0, 6)).toEqual(['current-key', 'rebuild-key', 'endpoint', 'client-id', 'endpoint', 'client-id']);
    expect(initials).toEqual([HOST]);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
  });

  it('escBack (setup asked before): Esc on the rotation\'s first question throws BackSignal, not a cancel', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ 'push-target': new BackSignal() }, log);
    await expect(rotate({ currentKey: new Secret(OLD_KEY), shape }, services, { prompter: p, escBack: true })).rejects.toBeInstanceOf(BackSignal);
    const again = scriptedPrompter({ 'push-target': new BackSignal() }, log);
    await expect(rotate({ currentKey: new Secret(OLD_KEY), shape }, services, { prompter: again.p })).rejects.toBeInstanceOf(CancelledError);
    expect(pushed).toEqual([]);
  });
});
