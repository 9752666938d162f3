/**
 * Each rotation step on its own: a state, a context with fake services (and a scripted prompter where the step
 * asks), one step run. The last test makes sure every step in ROTATE_STEPS has a test here.
 */
import { describe, expect, it } from 'vitest';
import { MissingAnswerError, UsageError } from '../../src/core/errors.js';
import type { Block } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import { initialRotateState, type RotateContext, type RotateState } from '../../src/flow/rotate/state.js';
import { ROTATE_STEPS } from '../../src/flow/rotate/steps/index.js';
import type { RotateInput } from '../../src/flow/rotate/types.js';
import { AZ_OLD_ID, fakeAzSecrets, fakeRegistrationSecrets, fakeServices, ghTarget, HOST, NEW, OLD, OLD_KEY, scriptedPrompter, shape, type Answer, type FakeOpts, type Log } from '../helpers/rotate-fakes.js';

const tested = new Set<string>();

function setup(opts: { input?: Partial<RotateInput>; answers?: Record<string, Answer | Answer[]>; interactive?: boolean; fakes?: FakeOpts } = {}) {
  const log: Log = [];
  const f = fakeServices(log, opts.fakes);
  const sp = scriptedPrompter(opts.answers ?? {}, log);
  const shown: Block[] = [];
  const input: RotateInput = { currentKey: new Secret(OLD_KEY), newSecret: new Secret(NEW), target: ghTarget, shape, ...opts.input };
  const interactive = opts.interactive ?? false;
  const ctx: RotateContext = {
    p: interactive ? sp.p : undefined,
    input,
    services: f.services,
    show: (...b) => (interactive ? sp.p.show(...b) : shown.push(...b)),
    task: (_l, run) => run(() => {}),
  };
  const state: RotateState = initialRotateState(input);
  return { log, f, sp, ctx, state, shown };
}

/** A state as it is once the current key is decoded and the target known. */
function decoded(t: ReturnType<typeof setup>) {
  Object.assign(t.state, { endpoint: HOST, clientId: 'ci-client', org: 'acme', oldSecret: new Secret(OLD), target: ghTarget });
  t.state.guide = t.f.services.providerGuide('okta');
  return t;
}

async function runStep(id: string, t: ReturnType<typeof setup>) {
  tested.add(id);
  const s = ROTATE_STEPS.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  if (s.skip?.(t.state, t.ctx)) return 'skipped' as const;
  return s.run(t.state, t.ctx);
}

describe('rotate steps', () => {
  it('current-key: skipped when given; asked (masked) when missing; missing without a person names the flag', async () => {
    expect(await runStep('current-key', setup())).toBe('skipped');
    const asked = setup({ input: { currentKey: undefined }, interactive: true, answers: { 'current-key': OLD_KEY } });
    await runStep('current-key', asked);
    expect(asked.state.currentKey?.reveal()).toBe(OLD_KEY);
    await expect(runStep('current-key', setup({ input: { currentKey: undefined } }))).rejects.toBeInstanceOf(MissingAnswerError);
  });

  it('key-fields: decodes host, client ID, org and the old secret; a malformed key is refused without a person', async () => {
    const t = setup();
    await runStep('key-fields', t);
    expect(t.state).toMatchObject({ endpoint: HOST, clientId: 'ci-client', org: 'acme' });
    expect(t.state.oldSecret?.reveal()).toBe(OLD);
    const bad = setup({ input: { currentKey: new Secret(Buffer.from('https://h:id:sec:org').toString('base64')) } });
    await expect(runStep('key-fields', bad)).rejects.toBeInstanceOf(UsageError);
  });

  it('identity: asks the control plane with the old secret; without one it is skipped', async () => {
    const t = decoded(setup());
    t.state.result.old = { length: OLD.length, fingerprint: 'a' };
    await runStep('identity', t);
    expect(t.log).toContain('check:old');
    expect(t.state.result.steps.at(-1)).toMatchObject({ id: 'identity', status: 'ok' });
    const none = setup();
    await runStep('identity', none);
    expect(none.state.result.steps.at(-1)).toMatchObject({ id: 'identity', status: 'skipped' });
  });

  it('target: from --push; missing without a person names the flag', async () => {
    const t = setup();
    await runStep('target', t);
    expect(t.state.target).toEqual(ghTarget);
    await expect(runStep('target', setup({ input: { target: undefined } }))).rejects.toBeInstanceOf(MissingAnswerError);
  });

  it('age: the 90-day mark from the CI secret, or unknown', async () => {
    const t = decoded(setup({ fakes: { updated: new Date('2024-12-01T00:00:00Z') } }));
    await runStep('age', t);
    expect(t.state.result).toMatchObject({ ageDays: 135, rotationDue: true });
    const unknown = decoded(setup({ fakes: { updated: null } }));
    await runStep('age', unknown);
    expect(unknown.state.result.steps.at(-1)).toMatchObject({ id: 'age', status: 'skipped' });
    const notLoggedIn = decoded(setup());
    notLoggedIn.f.services.secretAge = async () => {
      throw new Error('gh could not read the secret: HTTP 502.');
    };
    await runStep('age', notLoggedIn);
    expect(notLoggedIn.state.result.steps.at(-1)!.summary).toBe('The age of the stored key is unknown (gh could not read the secret: HTTP 502).');
  });

  const NOT_LOGGED_IN = { state: 'unknown' as const, reason: 'gh is not logged in to github.com', login: { tool: 'gh' as const, host: 'github.com' } };

  it('age: gh not logged in, no terminal: the real reason and how to fix it (no question)', async () => {
    const t = decoded(setup({ fakes: { age: NOT_LOGGED_IN } }));
    await runStep('age', t);
    expect(t.state.result.steps.at(-1)).toEqual({
      id: 'age',
      status: 'skipped',
      summary: 'The age of the stored key is unknown (gh is not logged in to github.com). Log in with `gh auth login --hostname github.com`; the push needs it too.',
    });
    expect(t.sp.asked).toEqual([]);
  });

  it('age: gh not logged in at a terminal: offers the login, runs it on the lent terminal, then asks for the age again', async () => {
    const logins: string[][] = [];
    const login = { login: async (tool: 'gh' | 'glab', args: string[]) => (logins.push([tool, ...args]), { exitCode: 0, notFound: false }) };
    const t = decoded(setup({ interactive: true, answers: { 'cli-login': true }, fakes: { login, age: [NOT_LOGGED_IN, { state: 'set', updatedAt: new Date('2025-03-01T00:00:00Z') }] } }));
    let suspended = 0;
    t.sp.p.suspend = async (run) => {
      suspended++;
      return run();
    };
    await runStep('age', t);
    expect(t.sp.asked).toEqual(['cli-login']);
    expect(logins).toEqual([['gh', 'auth', 'login', '--hostname', 'github.com']]);
    expect(suspended).toBe(1);
    expect(t.log.filter((l) => l === 'secretAge')).toHaveLength(2);
    expect(t.state.result).toMatchObject({ ageDays: 45, rotationDue: false });
    expect(t.state.result.steps.at(-1)).toMatchObject({ id: 'age', status: 'ok' });
  });

  it('age: the login declined (or failing): the reason and the command, once, no loop', async () => {
    const login = { login: async () => ({ exitCode: 1, notFound: false }) };
    for (const [answer, calls] of [[false, 1], [true, 1]] as const) {
      const t = decoded(setup({ interactive: true, answers: { 'cli-login': answer }, fakes: { login, age: NOT_LOGGED_IN } }));
      t.sp.p.suspend = async (run) => run();
      await runStep('age', t);
      expect(t.log.filter((l) => l === 'secretAge')).toHaveLength(calls);
      expect(t.state.result.steps.at(-1)!.summary).toContain('(gh is not logged in to github.com). Log in with `gh auth login --hostname github.com`');
    }
  });

  it('create-secret: without overlap the push is agreed first', async () => {
    const t = decoded(setup({ interactive: true, answers: { 'confirm-push': true } }));
    t.state.provider = 'keycloak';
    await runStep('create-secret', t);
    expect(t.state.pushConfirmed).toBe(true);
    expect(t.sp.asked).toEqual(['confirm-push']);
  });

  it('new-secret: the same secret as today is refused', async () => {
    const t = decoded(setup({ input: { newSecret: new Secret(OLD) } }));
    await expect(runStep('new-secret', t)).rejects.toThrow(/same as the current one/);
  });

  it('check: a failure ends the rotation without a person; "paste again" goes back to the new secret', async () => {
    const t = decoded(setup({ fakes: { validSecrets: [OLD] } }));
    expect(await runStep('check', t)).toEqual({ end: true });
    const again = decoded(setup({ interactive: true, answers: { 'check-failed': 'reenter' }, fakes: { validSecrets: [OLD] } }));
    expect(await runStep('check', again)).toEqual({ goto: 'new-secret' });
    expect(again.state.newSecret).toBeUndefined();
  });

  it('build: the new key keeps host, client ID and org', async () => {
    const t = decoded(setup());
    t.state.result.new = { length: NEW.length, fingerprint: 'x' };
    await runStep('build', t);
    expect(Buffer.from(t.state.newKey!.reveal(), 'base64').toString()).toBe(`${HOST}:ci-client:${NEW}:acme`);
  });

  it('push: a failed push ends the rotation; nothing is verified', async () => {
    const t = decoded(setup({ fakes: { pushOk: false } }));
    t.state.newKey = new Secret('key');
    expect(await runStep('push', t)).toEqual({ end: true });
    expect(t.state.result.steps.at(-1)).toMatchObject({ id: 'push', status: 'failed' });
  });

  it('push: gh not logged in at a terminal: the login is offered on the lent terminal, then the push is tried once more', async () => {
    const logins: string[] = [];
    const login = { login: async (tool: 'gh' | 'glab', args: string[]) => (logins.push([tool, ...args].join(' ')), { exitCode: 0, notFound: false }) };
    const t = decoded(setup({ interactive: true, answers: { 'confirm-push': true, 'cli-login': true }, fakes: { login } }));
    t.sp.p.suspend = async (run) => run();
    t.state.newKey = new Secret('key');
    const real = t.f.services.push;
    let tries = 0;
    t.f.services.push = async (k, target) =>
      ++tries === 1
        ? { ok: false, stored: false, summary: 'FLYTE_API_KEY was not stored in acme/app: gh is not logged in to github.com', login: { tool: 'gh', host: 'github.com', reason: 'gh is not logged in to github.com' } }
        : real(k, target);
    expect(await runStep('push', t)).toBeUndefined();
    expect(tries).toBe(2);
    expect(logins).toEqual(['gh auth login --hostname github.com']);
    expect(t.state.result.steps.at(-1)).toMatchObject({ id: 'push', status: 'ok' });
    // Declined: the failure stands, no second push.
    const d = decoded(setup({ interactive: true, answers: { 'confirm-push': true, 'cli-login': false }, fakes: { login } }));
    d.sp.p.suspend = async (run) => run();
    d.state.newKey = new Secret('key');
    let dTries = 0;
    d.f.services.push = async () => (dTries++, { ok: false, stored: false, summary: 'not logged in', login: { tool: 'gh', host: 'github.com' } });
    expect(await runStep('push', d)).toEqual({ end: true });
    expect(dTries).toBe(1);
  });

  it('stored-by-hand: skipped when the tool stored the key; otherwise shown once on request', async () => {
    const stored = decoded(setup({ interactive: true }));
    stored.state.pushed = { ok: true, stored: true, summary: 'ok' };
    expect(await runStep('stored-by-hand', stored)).toBe('skipped');
    const manual = decoded(setup({ interactive: true, answers: { 'show-key': false, 'stored-by-hand': undefined } }));
    manual.state.pushed = { ok: true, stored: false, summary: 'printed' };
    manual.state.newKey = new Secret('the-new-key');
    await runStep('stored-by-hand', manual);
    expect(JSON.stringify(manual.sp.shown)).not.toContain('the-new-key');
  });

  it('verify: checks the key as stored; a failure ends the rotation', async () => {
    const t = decoded(setup({ fakes: { validSecrets: [OLD] } }));
    t.state.newKey = t.f.services.encodeKey({ endpoint: HOST, clientId: 'ci-client', clientSecret: new Secret(NEW), org: 'acme' });
    expect(await runStep('verify', t)).toEqual({ end: true });
  });

  it('workflow: only for GitHub with a stored key and a person', async () => {
    const t = decoded(setup());
    expect(await runStep('workflow', t)).toBe('skipped');
    const gh = decoded(setup({ interactive: true, answers: { 'run-workflow': true } }));
    gh.state.pushed = { ok: true, stored: true, summary: 'ok' };
    await runStep('workflow', gh);
    expect(gh.log).toContain('workflow:flyte-deploy.yml');
  });

  it('delete-old: the next rotation is 90 days from now', async () => {
    const t = decoded(setup());
    t.state.pushed = { ok: true, stored: true, summary: 'ok' };
    t.state.result.old = { length: OLD.length, fingerprint: 'a' };
    t.state.result.new = { length: NEW.length, fingerprint: 'b' };
    await runStep('delete-old', t);
    expect(t.state.result.nextRotation).toBe('2025-07-14');
    expect(t.state.result.ok).toBe(true);
  });

  it('az-create: skipped without az or (without a person) without --create-secret az; makes the secret, skips the console steps and the paste', async () => {
    expect(await runStep('az-create', decoded(setup()))).toBe('skipped');
    const t = decoded(setup({ input: { newSecret: undefined, create: { route: 'az', secretDays: 180 } } }));
    expect(await runStep('az-create', t)).toBe('skipped');
    t.ctx.services.azSecrets = fakeAzSecrets(t.log).maker;
    await runStep('az-create', t);
    expect(t.log.filter((l) => l.startsWith('az:'))).toEqual(['az:list', 'az:append']);
    expect(t.state.newSecret?.reveal()).toBe(NEW);
    expect(t.state.made?.route === 'az' && t.state.made.before.map((c) => c.keyId)).toEqual([AZ_OLD_ID]);
    expect(t.state.result.created?.endDateTime).toBe('2025-10-12T00:00:00Z');
    expect(await runStep('create-secret', t)).toBe('skipped');
    expect(await runStep('new-secret', t)).toBe('skipped');
    // Run again (Esc back past it): nothing is made twice.
    expect(await runStep('az-create', t)).toBe('skipped');
  });

  it('az-delete-old: only for a secret made through az; deletes the old keyId with --yes once the key is stored', async () => {
    expect(await runStep('az-delete-old', decoded(setup()))).toBe('skipped');
    const t = decoded(setup({ input: { create: { route: 'az', secretDays: 180, yes: true } } }));
    const az = fakeAzSecrets(t.log);
    t.ctx.services.azSecrets = az.maker;
    t.state.made = { route: 'az', appId: 'ci-client', before: [...az.creds] };
    t.state.pushed = { ok: true, stored: true, summary: 'ok' };
    await runStep('az-delete-old', t);
    expect(t.log).toContain(`az:remove:${AZ_OLD_ID}`);
    expect(t.state.result.deleted?.map((c) => c.keyId)).toEqual([AZ_OLD_ID]);
    expect(t.state.result.nextRotation).toBe('2025-07-14');
    expect(await runStep('delete-old', t)).toBe('skipped');
  });

  it('registration-create: only for --registration-file; the update issues the new secret after the push was agreed', async () => {
    expect(await runStep('registration-create', decoded(setup()))).toBe('skipped');
    const t = decoded(setup({ interactive: true, input: { newSecret: undefined, create: { route: 'registration', file: '/tmp/reg.json' } }, answers: { 'confirm-push': true } }));
    t.ctx.services.registrationSecrets = fakeRegistrationSecrets(t.log);
    await runStep('registration-create', t);
    expect(t.log.filter((l) => l.startsWith('reg:') || l.startsWith('ask:'))).toEqual(['reg:open', 'ask:confirm-push', 'reg:update', 'reg:close']);
    expect(t.state.pushConfirmed).toBe(true);
    expect(t.state.newSecret?.reveal()).toBe(NEW);
    expect(t.state.made).toMatchObject({ route: 'registration', clientId: 'ci-client' });
    expect(await runStep('create-secret', t)).toBe('skipped');
  });

  it('registration-done: nothing to delete; the next rotation date', async () => {
    expect(await runStep('registration-done', decoded(setup()))).toBe('skipped');
    const t = decoded(setup());
    t.state.made = { route: 'registration', clientId: 'ci-client', host: 'idp.example', file: '/tmp/reg.json', expiresAt: '2025-05-01T00:00:00Z' };
    await runStep('registration-done', t);
    expect(t.state.result.nextRotation).toBe('2025-05-01');
    expect(t.state.result.steps.at(-1)?.summary).toMatch(/Nothing to delete/);
    expect(t.state.result.ok).toBe(true);
  });

  it('every step in ROTATE_STEPS has its test above', () => {
    expect(ROTATE_STEPS.map((s) => s.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});
