/**
 * Each setup step on its own: a state, a context with a scripted prompter and fake services, one step run.
 * The last test makes sure every step in SETUP_STEPS has a test here.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { initialState, type SetupContext, type SetupState } from '../../src/flow/setup/state.js';
import { SETUP_STEPS } from '../../src/flow/setup/steps/index.js';
import type { SetupAnswers } from '../../src/flow/setup/types.js';
import { trackAsks } from '../../src/flow/steps.js';
import { CWD, fakes, report } from '../helpers/setup-fakes.js';
import { ScriptedPrompter, type Answer } from '../helpers/scripted-prompter.js';

const tested = new Set<string>();

const FULL: SetupAnswers = {
  provider: 'okta',
  endpoint: 'union.acme.com',
  clientId: 'ci-app',
  clientSecret: new Secret('s3cret-value-123'),
  org: 'acme',
  project: 'ml',
  domain: 'development',
};

function setup(
  opts: { given?: SetupAnswers; answers?: SetupAnswers; script?: Array<[string, Answer]>; interactive?: boolean; fakes?: Parameters<typeof fakes>[0]; yes?: boolean } = {},
) {
  const f = fakes(opts.fakes);
  const p = new ScriptedPrompter(opts.script ?? []);
  const interactive = opts.interactive ?? true;
  const tracker = interactive ? trackAsks(p) : undefined;
  const state: SetupState = initialState(opts.given ?? {});
  Object.assign(state.a, opts.answers ?? {});
  const ctx: SetupContext = {
    p: tracker?.prompter,
    ui: p,
    services: f.services,
    cwd: CWD,
    demo: false,
    flags: opts.given ?? {},
    defaults: { file: `${CWD}/config.yaml` },
    detection: { target: 'github', repo: 'acme/app', from: 'git remote origin' },
    from: {},
    yes: Boolean(opts.yes),
  };
  return { f, p, state, ctx };
}

function step(id: string) {
  tested.add(id);
  const s = SETUP_STEPS.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

async function runStep(id: string, t: ReturnType<typeof setup>) {
  const s = step(id);
  if (s.skip?.(t.state, t.ctx)) return 'skipped' as const;
  return s.run(t.state, t.ctx);
}

describe('setup steps', () => {
  it('intent: with FLYTE_API_KEY remembered, "rotate the secret of this key" is the first choice and hands over', async () => {
    const { RotateInstead } = await import('../../src/flow/setup/steps/intent.js');
    const t = setup({ script: [['intent', 'rotate']] });
    t.ctx.from = { clientId: 'FLYTE_API_KEY', endpoint: 'FLYTE_API_KEY' };
    t.ctx.defaults = { ...t.ctx.defaults, endpoint: 'union.acme.com', clientId: 'ci-app' };
    await expect(runStep('intent', t)).rejects.toBeInstanceOf(RotateInstead);
    const q = t.p.asked[0]!.question as { initial: string; choices: Array<{ value: string }>; message: string };
    expect(q.choices[0]!.value).toBe('rotate');
    expect(q.initial).toBe('rotate');
    expect(q.message).toContain('union.acme.com, client ci-app');
    expect(await runStep('intent', setup())).toBe('skipped');
  });

  it('provider: asks with the default pre-selected; a flag skips it', async () => {
    const t = setup({ script: [['provider', undefined]] });
    t.ctx.defaults.provider = 'entra';
    await runStep('provider', t);
    expect(t.state.a.provider).toBe('entra');
    expect(await runStep('provider', setup({ given: { provider: 'okta' } }))).toBe('skipped');
  });

  it('shared-cluster: asked while the app is still to be created; skipped when id and secret are flags', async () => {
    const t = setup({ script: [['shared-cluster', true]] });
    await runStep('shared-cluster', t);
    expect(t.state.a.sharedCluster).toBe(true);
    expect(await runStep('shared-cluster', setup({ given: { clientId: 'x', clientSecret: new Secret('y') } }))).toBe('skipped');
  });

  it('checklist: per-team note when shared, ticks from last time passed back', async () => {
    const t = setup({ script: [['checklist', undefined]], answers: { provider: 'okta', sharedCluster: true } });
    t.state.ticked = ['nonexistent'];
    await runStep('checklist', t);
    expect(t.p.text_()).toContain('Several teams share this cluster');
    expect(t.p.asked[0]!.question.initial).toBeUndefined();
  });

  it('endpoint: a pasted URL becomes the bare host', async () => {
    const t = setup({ script: [['endpoint', 'https://union.acme.com/\n']] });
    await runStep('endpoint', t);
    expect(t.state.a.endpoint).toBe('union.acme.com');
  });

  it('client-id: stored as typed (trimmed)', async () => {
    const t = setup({ script: [['client-id', ' ci-app \n']] });
    await runStep('client-id', t);
    expect(t.state.a.clientId).toBe('ci-app');
  });

  it('client-secret: empty keeps the earlier secret', async () => {
    const t = setup({ script: [['client-secret', '']], answers: { clientSecret: new Secret('earlier-secret-1') } });
    await runStep('client-secret', t);
    expect(t.state.a.clientSecret!.reveal()).toBe('earlier-secret-1');
    expect(t.p.asked[0]!.question.emptySummary).toBe('kept (16 characters)');
  });

  it('org: stored; the placeholder of an IP host is no piece of the address', async () => {
    const t = setup({ script: [['org', 'acme']], answers: { endpoint: '127.0.0.1' } });
    await runStep('org', t);
    expect(t.state.a.org).toBe('acme');
    expect(t.p.asked[0]!.question.placeholder).toBe('');
  });

  it('project: asked, stored', async () => {
    const t = setup({ script: [['project', 'ml']] });
    await runStep('project', t);
    expect(t.state.a.project).toBe('ml');
  });

  it('domain: development is the initial answer', async () => {
    const t = setup({ script: [['domain', undefined]] });
    await runStep('domain', t);
    expect(t.state.a.domain).toBe('development');
  });

  it('check: passes without a question; without a person a failure stops the flow', async () => {
    const ok = setup({ answers: FULL });
    await runStep('check', ok);
    expect(ok.state.report?.ok).toBe(true);
    expect(ok.p.asked).toEqual([]);
    const bad = setup({ answers: FULL, interactive: false, fakes: { check: () => report('invalid_client_secret') } });
    await runStep('check', bad);
    expect(bad.state.stopped).toBe(true);
  });

  it('check: a failure opens the menu; retry re-runs the check', async () => {
    const t = setup({ answers: FULL, script: [['check-failed', 'retry']], fakes: { check: (_o, n) => report(n === 1 ? 'invalid_client_secret' : 'ok') } });
    await runStep('check', t);
    expect(t.f.checks).toHaveLength(2);
    expect(t.state.report?.ok).toBe(true);
  });

  it('config-file: asked with the default path; skipped after a stopped check', async () => {
    const t = setup({ script: [['config-file', 'deploy/config.yaml']] });
    await runStep('config-file', t);
    expect(t.state.a.file).toBe('deploy/config.yaml');
    const stopped = setup();
    stopped.state.stopped = true;
    expect(await runStep('config-file', stopped)).toBe('skipped');
  });

  it('tls: a private CA becomes caCertFile and clears insecureSkipVerify', async () => {
    const t = setup({ script: [['tls', 'ca-cert'], ['ca-cert-file', 'ca.pem']], answers: { insecureSkipVerify: true } });
    await runStep('tls', t);
    expect(t.state.a.caCertFile).toBe('ca.pem');
    expect(t.state.a.insecureSkipVerify).toBeUndefined();
  });

  it('tls: a CA path that does not exist or holds no PEM is refused where it is typed, and asked again', async () => {
    const t = setup({ script: [['tls', 'ca-cert'], ['ca-cert-file', 'missing.pem'], ['ca-cert-file', 'notes.txt'], ['ca-cert-file', 'ca.pem']] });
    const files: Record<string, string> = { [`${CWD}/notes.txt`]: 'hello', [`${CWD}/ca.pem`]: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
    t.f.services.files.readText = async (file) => files[file];
    await runStep('tls', t);
    expect(t.state.a.caCertFile).toBe('ca.pem');
    const errors = t.p.shown.filter((b) => b.kind === 'text' && b.tone === 'error').map((b) => (b as { text: string }).text);
    expect(errors).toEqual([expect.stringContaining('missing.pem does not exist'), expect.stringContaining('notes.txt holds no PEM certificate')]);
  });

  it('config: --yes writes without asking; declined writes nothing', async () => {
    const yes = setup({ answers: FULL, yes: true });
    await runStep('config', yes);
    expect(yes.state.config?.written).toBe(true);
    expect(yes.f.writes).toHaveLength(1);
    const no = setup({ answers: FULL, script: [['write-config', false]] });
    await runStep('config', no);
    expect(no.state.config?.written).toBe(false);
    expect(no.f.writes).toHaveLength(0);
  });

  it('ci: the git remote pre-selects the target', async () => {
    const t = setup({ script: [['ci', undefined]] });
    await runStep('ci', t);
    expect(t.state.a.ci).toBe('github');
  });

  it('repo: a URL or SSH remote is normalised to OWNER/REPO; not asked for other CI systems', async () => {
    const t = setup({ script: [['repo', 'git@github.com:acme/app.git']], answers: { ci: 'github' } });
    await runStep('repo', t);
    expect(t.state.a.repo).toBe('acme/app');
    expect(await runStep('repo', setup({ answers: { ci: 'jenkins' } }))).toBe('skipped');
  });

  it('push: confirmed → pushed; another CI system → manual steps', async () => {
    const t = setup({ answers: { ...FULL, ci: 'github', repo: 'acme/app' }, script: [['push', true]] });
    await runStep('push', t);
    expect(t.f.pushes).toHaveLength(1);
    expect(t.state.ci?.pushed).toBe(true);
    const other = setup({ answers: { ...FULL, ci: 'jenkins' } });
    await runStep('push', other);
    expect(other.state.ci).toMatchObject({ pushed: false, reason: 'manual steps shown' });
  });

  it('key-handoff: offered when the key was not pushed (the demo too, with its bare host; never when pushed); the summary says how', async () => {
    const copies: string[] = [];
    const t = setup({ answers: { ...FULL, ci: 'jenkins' }, script: [['key-handoff', 'copy']] });
    t.state.ci = { target: 'jenkins', pushed: false, reason: 'manual steps shown' };
    t.f.services.keyHandoff = {
      copy: async (key) => (copies.push(key.reveal()), { ok: true, tool: 'xclip', osc52: true }),
      writeFile: async () => ({ ok: false, reason: 'error', message: 'unused' }),
    };
    await runStep('key-handoff', t);
    expect(copies).toHaveLength(1);
    expect(Buffer.from(copies[0]!, 'base64').toString()).toBe('union.acme.com:ci-app:s3cret-value-123:acme');
    expect(t.state.ci?.handoff).toBe('copy: xclip and the terminal (OSC 52)');
    expect(JSON.stringify(t.p.shown)).not.toContain(copies[0]!);
    const pushed = setup({ answers: FULL });
    pushed.state.ci = { target: 'github', pushed: true };
    pushed.f.services.keyHandoff = t.f.services.keyHandoff;
    expect(await runStep('key-handoff', pushed)).toBe('skipped');
    // The demo's host:port cannot be in a key: the demo key names the bare host (it reaches nothing real).
    const demo = setup({ answers: { ...FULL, endpoint: '127.0.0.1:41234', ci: 'jenkins' }, script: [['key-handoff', 'copy']] });
    demo.ctx.demo = true;
    demo.state.ci = { target: 'jenkins', pushed: false };
    demo.f.services.keyHandoff = t.f.services.keyHandoff;
    await runStep('key-handoff', demo);
    expect(Buffer.from(copies[1]!, 'base64').toString()).toBe('127.0.0.1:ci-app:s3cret-value-123:acme');
  });

  it('push: gh installed but not logged in → the login offer runs on the lent terminal, then the push goes ahead', async () => {
    const t = setup({ answers: { ...FULL, ci: 'github', repo: 'acme/app' }, script: [['cli-login', true], ['push', true]] });
    const logins: string[] = [];
    let logged = false;
    t.f.services.pushAvailability = async () => (logged ? { ok: true } : { ok: false, reason: 'gh is not logged in to github.com. Run gh auth login', login: { tool: 'gh', host: 'github.com' } });
    t.f.services.cliLogin = { login: async (tool, args) => (logins.push([tool, ...args].join(' ')), (logged = true), { exitCode: 0, notFound: false }) };
    Object.assign(t.p, { suspend: async <T,>(run: () => Promise<T>) => run() });
    t.ctx.p = trackAsks(t.p).prompter;
    await runStep('push', t);
    expect(logins).toEqual(['gh auth login --hostname github.com']);
    expect(t.f.pushes).toHaveLength(1);
    expect(t.state.ci?.pushed).toBe(true);
  });

  it('pipeline: skipped for other CI systems and without a person unless requested', async () => {
    expect(await runStep('pipeline', setup({ answers: { ci: 'other' } }))).toBe('skipped');
    expect(await runStep('pipeline', setup({ answers: { ci: 'github' }, interactive: false }))).toBe('skipped');
    const t = setup({ answers: { ...FULL, ci: 'github' } });
    await runStep('pipeline', t);
    expect(t.state.pipeline?.status).toBe('skipped');
  });

  it('summary: after "No" to config.yaml, "Next" points at no config file', async () => {
    const { setupResult } = await import('../../src/flow/setup/summary.js');
    const t = setup({ answers: { ...FULL, ci: 'other' } });
    t.state.report = report('ok');
    t.state.config = { path: `${CWD}/config.yaml`, written: false, changes: [] };
    const r = setupResult(t.state, { cwd: CWD, demo: false, defaults: t.ctx.defaults, flags: {}, now: new Date('2025-01-10T00:00:00Z') });
    expect(r.next.join('\n')).not.toContain('--config');
    expect(r.next[0]).toMatch(/config\.yaml was not written/u);
  });

  it('create-client: "Create it for me" registers the client; its ID and secret answer those questions, the checklist is skipped', async () => {
    const created = [{ kind: 'client' as const, id: 'new-client-id', where: 'idp.acme.com', detail: 'flyte-ci', remove: 'flyte-ci-auth client delete …' }];
    const calls: string[] = [];
    const targets = { endpoint: 'union.acme.com', issuer: 'https://idp.acme.com', scopes: ['all'], audience: 'https://union.acme.com', registrationEndpoint: 'https://idp.acme.com/reg', provider: 'generic' as const };
    const t = setup({ answers: { endpoint: 'union.acme.com', provider: 'generic' }, script: [['create-or-console', 'create']] });
    t.f.services.createClient = {
      async targets(endpoint) {
        calls.push(`targets ${endpoint}`);
        return targets;
      },
      async create(_p, got) {
        calls.push(`create at ${got.registrationEndpoint}`);
        return { dryRun: false, route: 'registration', clientId: 'new-client-id', clientSecret: new Secret('new-secret-value-1234'), created, secretExpiresAt: '2025-02-01T00:00:00Z', followUps: [] };
      },
    };
    await runStep('create-client', t);
    expect(calls).toEqual(['targets union.acme.com', 'create at https://idp.acme.com/reg']);
    expect(t.state.a.clientId).toBe('new-client-id');
    expect(t.state.a.clientSecret?.reveal()).toBe('new-secret-value-1234');
    expect(t.state.given.has('clientId') && t.state.given.has('clientSecret')).toBe(true);
    expect(t.state.created).toEqual(created);
    // The checklist and the two questions are skipped now.
    expect(await runStep('checklist', t)).toBeUndefined();
    expect(t.p.asked.map((q) => q.id)).toEqual(['create-or-console']);
    expect(await runStep('client-id', t)).toBe('skipped');
    expect(await runStep('client-secret', t)).toBe('skipped');
    // The summary, --json and the reminder: created objects and the secret's end date (before the 90 days).
    const { setupResult, summaryBlocks } = await import('../../src/flow/setup/summary.js');
    Object.assign(t.state.a, { org: 'acme', project: 'ml', domain: 'development' });
    t.state.report = report('ok');
    const r = setupResult(t.state, { cwd: CWD, demo: false, defaults: t.ctx.defaults, flags: {}, now: new Date('2025-01-10T00:00:00Z') });
    expect(r.created).toEqual(created);
    expect(r.secretExpiresAt).toBe('2025-02-01');
    expect(r.rotationDue).toBe('2025-02-01');
    const table = summaryBlocks(r, 'config.yaml').find((b) => b.kind === 'table');
    expect(JSON.stringify(table)).toContain('new-client-id (flyte-ci) in idp.acme.com');
    expect(JSON.stringify(table)).toContain('2025-02-01 (when the secret ends)');
    expect(JSON.stringify(t.p.shown)).not.toContain('new-secret-value-1234');
    // The command-line heading names a secret source only when the line takes one (the demo's does not).
    const heading = (command: string) => summaryBlocks({ ...r, command }, 'config.yaml').find((b) => b.kind === 'code' && b.text === command);
    expect(heading('flyte-ci-auth setup --yes --client-secret-env CLIENT_SECRET')).toMatchObject({ title: 'The same setup without questions (the secret comes from the environment)' });
    expect(heading('flyte-ci-auth setup --demo --yes')).toMatchObject({ title: 'The same setup without questions' });
  });

  it('create-client: "I\'ll create it in the console", a declined confirmation, or no readable discovery → the checklist', async () => {
    const targets = { endpoint: 'union.acme.com', issuer: 'https://idp.acme.com', scopes: [], audience: 'https://union.acme.com', registrationEndpoint: 'https://idp.acme.com/reg', provider: 'generic' as const };
    const { CancelledError } = await import('../../src/core/errors.js');
    const console_ = setup({ answers: { endpoint: 'union.acme.com' }, script: [['create-or-console', 'console']] });
    console_.f.services.createClient = { targets: async () => targets, create: async () => { throw new Error('not called'); } };
    await runStep('create-client', console_);
    expect(console_.state.created).toBeUndefined();
    const declined = setup({ answers: { endpoint: 'union.acme.com' }, script: [['create-or-console', 'create']] });
    declined.f.services.createClient = { targets: async () => targets, create: async () => { throw new CancelledError('Nothing was created.'); } };
    await runStep('create-client', declined);
    expect(declined.state.created).toBeUndefined();
    expect(JSON.stringify(declined.p.shown)).toContain('Nothing was created');
    // Ctrl-C inside is another CancelledError: it ends the wizard.
    const ctrlC = setup({ answers: { endpoint: 'union.acme.com' }, script: [['create-or-console', 'create']] });
    ctrlC.f.services.createClient = { targets: async () => targets, create: async () => { throw new CancelledError(); } };
    await expect(runStep('create-client', ctrlC)).rejects.toBeInstanceOf(CancelledError);
    const unreadable = setup({ answers: { endpoint: 'union.acme.com' } });
    unreadable.f.services.createClient = { targets: async () => { throw new Error('unreachable'); }, create: async () => { throw new Error('not called'); } };
    await runStep('create-client', unreadable);
    expect(unreadable.p.asked).toEqual([]);
    // Not offered: no service, no person, or client ID and secret given as flags.
    expect(await runStep('create-client', setup({ answers: { endpoint: 'union.acme.com' } }))).toBe('skipped');
    const flags = setup({ given: { endpoint: 'union.acme.com', clientId: 'x', clientSecret: new Secret('y-secret-value') } });
    flags.f.services.createClient = console_.f.services.createClient;
    expect(await runStep('create-client', flags)).toBe('skipped');
  });

  it('check: project, domain and the IdP CA reach the check; an untrusted token endpoint offers its CA file (PEM checked where typed), then the instructions and the command carry it', async () => {
    const tlsFail = report('tls_untrusted_certificate', {
      steps: [
        { id: 'discovery', status: 'ok', summary: 'Token endpoint from the control plane' },
        { id: 'token', status: 'failed', summary: 'Token request failed: untrusted certificate' },
      ],
    });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const t = setup({
      answers: FULL,
      script: [['check-failed', 'idp-ca'], ['idp-ca-file', 'certs/nope.pem'], ['idp-ca-file', 'certs/idp-ca.pem']],
      fakes: { check: (_o, n) => (n === 1 ? tlsFail : report('ok')) },
    });
    t.f.services.files.readText = async (file) => (file === `${CWD}/certs/idp-ca.pem` ? pem : undefined);
    await runStep('check', t);
    const menu = t.p.asked.find((q) => q.id === 'check-failed')!.question as { choices: Array<{ value: string }> };
    expect(menu.choices[0]!.value).toBe('idp-ca');
    expect(JSON.stringify(t.p.shown)).toContain('certs/nope.pem does not exist');
    expect(t.f.checks[0]).toMatchObject({ project: 'ml', domain: 'development' });
    expect(t.f.checks[0]!.idpCaFile).toBeUndefined();
    expect(t.f.checks[1]).toMatchObject({ idpCaFile: 'certs/idp-ca.pem', project: 'ml', domain: 'development' });
    expect(t.state.report?.ok).toBe(true);
    // The manual steps and the pipeline get it; config.yaml's caCertFilePath does not.
    const seen: Array<Record<string, unknown>> = [];
    t.f.services.instructions = async (_target, o) => (seen.push(o), []);
    const { instructionBlocks } = await import('../../src/flow/setup/ci-blocks.js');
    await instructionBlocks(t.state, t.ctx, 'jenkins');
    expect(seen[0]).toMatchObject({ idpCaFile: 'certs/idp-ca.pem' });
    expect(t.state.a.caCertFile).toBeUndefined();
    const { equivalentCommand } = await import('../../src/flow/setup/summary.js');
    expect(equivalentCommand(t.state.a, { demo: false, tls: 'system' })).toContain('--idp-ca-file certs/idp-ca.pem');
    // A control-plane TLS failure does not offer the IdP CA.
    const cp = report('tls_untrusted_certificate', { steps: [{ id: 'first-call', status: 'failed', summary: 'untrusted' }] });
    const other = setup({ answers: FULL, script: [['check-failed', 'retry']], fakes: { check: (_o, n) => (n === 1 ? cp : report('ok')) } });
    await runStep('check', other);
    expect((other.p.asked[0]!.question as { choices: Array<{ value: string }> }).choices.map((c) => c.value)).not.toContain('idp-ca');
  });

  it('push: a push refused because gh is not logged in offers the login on the lent terminal, then pushes again', async () => {
    const t = setup({ answers: { ...FULL, ci: 'github', repo: 'acme/app' }, script: [['push', true], ['cli-login', true]] });
    t.f.services.push = async (req) => {
      t.f.pushes.push(req);
      return t.f.pushes.length === 1
        ? { ok: false, where: 'github.com/acme/app (secret FLYTE_API_KEY)', message: 'gh is not logged in to github.com.', login: { tool: 'gh', host: 'github.com', reason: 'gh is not logged in to github.com' } }
        : { ok: true, where: 'github.com/acme/app (secret FLYTE_API_KEY)' };
    };
    const logins: string[] = [];
    t.f.services.cliLogin = { login: async (tool, args) => (logins.push([tool, ...args].join(' ')), { exitCode: 0, notFound: false }) };
    Object.assign(t.p, { suspend: async <T,>(run: () => Promise<T>) => run() });
    t.ctx.p = trackAsks(t.p).prompter;
    await runStep('push', t);
    expect(logins).toEqual(['gh auth login --hostname github.com']);
    expect(t.f.pushes).toHaveLength(2);
    expect(t.state.ci?.pushed).toBe(true);
  });

  it('every step in SETUP_STEPS has its test above', () => {
    expect(SETUP_STEPS.map((s) => s.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});
