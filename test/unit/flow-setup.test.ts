import { describe, expect, it } from 'vitest';
import { CancelledError, MissingAnswerError, UsageError } from '../../src/core/errors.js';
import type { Prompter } from '../../src/core/prompter.js';
import { checklistItems, PROVIDER_ORDER, providerFromUrls, providerGuide } from '../../src/core/providers-data.js';
import { Secret } from '../../src/core/secret.js';
import { plainDisplay } from '../../src/flow/plain-display.js';
import { runSetup, type HostProbe, type SetupAnswers } from '../../src/flow/setup.js';
import { createStyle } from '../../src/core/style.js';
import { assertNoCanary, CANARY_SECRET } from '../helpers/cli.js';
import { BACK, CTRL_C, ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { CWD, fakes, fullScript, noSecretShown, report, textOf } from '../helpers/setup-fakes.js';

describe('setup flow: interactive', () => {
  it('happy path: asks every question once, writes config.yaml, pushes the key, summary says where', async () => {
    const f = fakes({ detection: { target: 'github', repo: 'acme/app', from: 'git remote origin' } });
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });

    expect(p.ids()).toEqual(fullScript().map(([id]) => id));
    expect(p.remaining()).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.endpoint).toBe('union.acme.com'); // pasted URL normalised
    expect(f.checks).toHaveLength(1);
    expect(f.checks[0]!.clientSecret.reveal()).toBe(CANARY_SECRET); // pasted CR/LF dropped
    expect(f.checks[0]).toMatchObject({ endpoint: 'union.acme.com', clientId: 'ci-app', org: 'acme', authMethod: 'basic', provider: 'okta' });

    expect(f.writes).toHaveLength(1);
    expect(f.writes[0]!.file).toBe(`${CWD}/config.yaml`);
    expect(f.writes[0]!.text).toContain('dns:///union.acme.com');
    expect(f.writes[0]!.text).toMatch(/project: ml/);
    expect(f.writes[0]!.text).not.toMatch(/insecure: true/);
    expect(f.writes[0]!.text).not.toContain(CANARY_SECRET);

    expect(f.pushes).toHaveLength(1);
    expect(f.pushes[0]!.repo).toBe('acme/app');
    const key = Buffer.from(f.pushes[0]!.key.reveal(), 'base64').toString('utf8');
    expect(key).toBe(`union.acme.com:ci-app:${CANARY_SECRET}:acme`);
    expect(result.ci).toMatchObject({ target: 'github', pushed: true });
    expect(result.config).toMatchObject({ written: true, created: true });
    noSecretShown(p, JSON.stringify(result));
  });

  it('pre-selects the CI target and repository from the git remote', async () => {
    const f = fakes({ detection: { target: 'gitlab', repo: 'acme/ml/app', from: 'git remote origin' } });
    const p = new ScriptedPrompter(fullScript({ ci: undefined, repo: undefined }));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const ci = p.asked.find((q) => q.id === 'ci')!;
    expect(ci.question.initial).toBe('gitlab');
    expect(result.ci).toMatchObject({ target: 'gitlab', repo: 'acme/ml/app', pushed: true });
  });

  it('flags skip their questions: only what is missing is asked', async () => {
    const f = fakes();
    const answers: SetupAnswers = {
      provider: 'entra',
      endpoint: 'union.acme.com',
      clientId: 'ci-app',
      clientSecret: new Secret(CANARY_SECRET),
      secretSource: { kind: 'env', name: 'MY_SECRET' },
      org: 'acme',
      project: 'ml',
      ci: 'github',
      repo: 'acme/app',
    };
    const p = new ScriptedPrompter([
      ['domain', 'production'],
      ['config-file', undefined],
      ['tls', 'system'],
      ['write-config', true],
      ['push', true],
    ]);
    const result = await runSetup({ answers, prompter: p, services: f.services, cwd: CWD });
    expect(p.ids()).toEqual(['domain', 'config-file', 'tls', 'write-config', 'push']);
    expect(result.domain).toBe('production');
    expect(result.command).toContain('--client-secret-env MY_SECRET');
    expect(result.command).toContain('--domain production');
    noSecretShown(p, JSON.stringify(result));
  });

  it('Esc goes back one asked step and keeps the answers (including the secret)', async () => {
    const f = fakes();
    const p = new ScriptedPrompter([
      ['provider', 'keycloak'],
      ['shared-cluster', false],
      ['checklist', undefined],
      ['endpoint', 'union.acme.com'],
      ['client-id', 'ci-app'],
      ['client-secret', CANARY_SECRET],
      ['org', BACK], // → back to the secret
      ['client-secret', ''], // empty = keep the one entered
      ['org', 'acme'],
      ['project', BACK], // → back to org, which shows "acme" again
      ['org', undefined], // accept the initial value
      ['project', 'ml'],
      ['domain', 'development'],
      ['config-file', 'config.yaml'],
      ['tls', BACK], // → back to the config path
      ['config-file', undefined],
      ['tls', 'system'],
      ['write-config', true],
      ['ci', 'other'],
    ]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    const secrets = p.asked.filter((q) => q.id === 'client-secret');
    expect(String(secrets[1]!.question.help)).toMatch(/Leave empty to keep/);
    const orgs = p.asked.filter((q) => q.id === 'org');
    expect(orgs[2]!.question.initial).toBe('acme');
    const paths = p.asked.filter((q) => q.id === 'config-file');
    expect(paths[1]!.question.initial).toBe('config.yaml');
    expect(f.checks).toHaveLength(1);
    expect(f.checks[0]!.clientSecret.reveal()).toBe(CANARY_SECRET);
    expect(result.org).toBe('acme');
    expect(result.ci).toMatchObject({ target: 'other', pushed: false });
    noSecretShown(p);
  });

  it('Esc on the first question cancels (exit 130) without writing', async () => {
    const f = fakes();
    const p = new ScriptedPrompter([['provider', BACK]]);
    await expect(runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD })).rejects.toBeInstanceOf(CancelledError);
    expect(f.writes).toEqual([]);
  });

  it('admin consent missing: shows the portal steps, pauses, re-checks on Enter and succeeds', async () => {
    const noConsent = report('admin_consent_missing', { provider: 'entra' });
    noConsent.diagnosis.fix = []; // the guide's portal steps are shown when the diagnosis has none
    const f = fakes({ check: (_o, n) => (n === 1 ? noConsent : report('ok', { provider: 'entra' })) });
    const p = new ScriptedPrompter([
      ...fullScript({ provider: 'entra' }).slice(0, 9),
      ['admin-consent', undefined],
      ...fullScript().slice(9),
    ]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.checks).toHaveLength(2);
    expect(f.consentFixes).toBe(1);
    expect(p.ids().indexOf('admin-consent')).toBe(9);
    expect(p.text_()).toContain('Grant admin consent for <tenant>');
    expect(p.text_()).toContain('API permissions');
    expect(result.check.ok).toBe(true);
    expect(f.writes).toHaveLength(1);
    noSecretShown(p);
  });

  it('edit one field and retry: only that answer changes, the check re-runs with it', async () => {
    const f = fakes({ check: (o) => (o.clientSecret.reveal() === 'right-secret-value' ? report() : report('invalid_client_secret')) });
    const p = new ScriptedPrompter([
      ...fullScript().slice(0, 9),
      ['check-failed', 'edit'],
      ['edit-field', 'clientSecret'],
      ['client-secret', 'right-secret-value'],
      ...fullScript().slice(9),
    ]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.checks).toHaveLength(2);
    expect(f.checks[0]!.clientSecret.reveal()).toBe(CANARY_SECRET);
    expect(f.checks[1]!.clientSecret.reveal()).toBe('right-secret-value');
    expect(f.checks[1]).toMatchObject({ endpoint: 'union.acme.com', clientId: 'ci-app', org: 'acme' });
    expect(result.status).toBe('ok');
    // The failed check's fix steps were shown.
    expect(p.text_()).toContain('Do the first thing');
  });

  it('failure menu: switch auth method, show the exchange redacted, save a report, quit without writing', async () => {
    const leaky = report('client_auth_method_mismatch', {
      exchange: ['POST https://idp/token', `client_secret=${encodeURIComponent(CANARY_SECRET)}`, '\u001b]8;;evil\u0007x'],
    });
    const f = fakes({ check: () => leaky });
    const p = new ScriptedPrompter([
      ...fullScript().slice(0, 9),
      ['check-failed', 'options'],
      ['check-option', 'auth-method'],
      ['auth-method', 'post'],
      ['check-failed', 'exchange'],
      ['check-failed', 'report'],
      ['report-file', 'ticket.txt'],
      ['check-failed', 'quit'],
    ]);
    await expect(runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD })).rejects.toBeInstanceOf(CancelledError);
    expect(f.checks.map((c) => c.authMethod)).toEqual(['basic', 'post']);
    const exchange = p.shown.find((b) => b.kind === 'code' && /HTTP exchange/.test(b.title ?? ''));
    expect(exchange).toBeDefined();
    expect(textOf([exchange!])).toContain('<redacted>');
    expect(textOf([exchange!])).not.toContain('\u001b');
    expect(f.reports).toHaveLength(1);
    expect(f.reports[0]!.file).toBe(`${CWD}/ticket.txt`);
    expect(f.reports[0]!.text).toContain('client_auth_method_mismatch');
    assertNoCanary(f.reports[0]!.text);
    expect(f.writes).toEqual([]);
    expect(f.pushes).toEqual([]);
    noSecretShown(p);
  });

  it('shows a diff of an existing config.yaml, keeps its other content, writes with a backup', async () => {
    const existing = '# team config\nadmin:\n  endpoint: dns:///old.acme.com\n  insecure: false\nimage:\n  builder: remote\ntask:\n  project: ml\n  domain: development\n';
    const f = fakes({ files: { [`${CWD}/config.yaml`]: existing } });
    const p = new ScriptedPrompter(fullScript({ ci: 'jenkins', repo: undefined, push: undefined }).filter(([id]) => id !== 'repo' && id !== 'push'));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const diff = p.shown.find((b) => b.kind === 'diff');
    expect(diff).toBeDefined();
    if (diff?.kind !== 'diff') throw new Error('no diff');
    expect(diff.lines).toContainEqual({ op: '-', text: '  endpoint: dns:///old.acme.com' });
    expect(diff.lines).toContainEqual({ op: '+', text: '  endpoint: dns:///union.acme.com' });
    expect(f.writes[0]!.text).toContain('# team config');
    expect(f.writes[0]!.text).toContain('builder: remote');
    expect(result.config).toMatchObject({ written: true, created: false, backupPath: `${CWD}/config.yaml.bak` });
    expect(p.text_()).toContain('manual steps for jenkins');
  });

  it('nothing is written when cancelled (Ctrl-C) at the confirmation', async () => {
    const f = fakes();
    const p = new ScriptedPrompter(fullScript({ 'write-config': CTRL_C }));
    await expect(runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD })).rejects.toBeInstanceOf(CancelledError);
    expect(f.writes).toEqual([]);
    expect(f.pushes).toEqual([]);
    expect(f.reports).toEqual([]);
  });

  it('declining the write leaves the file alone and the summary says so', async () => {
    const f = fakes();
    const p = new ScriptedPrompter(fullScript({ 'write-config': false, ci: 'other' }).filter(([id]) => id !== 'repo' && id !== 'push'));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.writes).toEqual([]);
    expect(result.config).toMatchObject({ written: false });
    expect(p.text_()).toContain('NOT written');
  });

  it('summary: what was written and pushed, the next command, rotation date 90 days from the clock, the equivalent command', async () => {
    const f = fakes();
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(result.rotationDue).toBe('2025-04-10');
    const summary = p.shown.slice(p.shown.findIndex((b) => b.kind === 'heading' && b.text === 'Done'));
    const text = textOf(summary);
    expect(text).toContain('2025-04-10');
    expect(text).toContain('config.yaml (created)');
    expect(text).toContain('GitHub acme/app (secret FLYTE_API_KEY)');
    expect(text).toContain('flyte --config config.yaml deploy');
    expect(result.command).toBe(
      'flyte-ci-auth setup --provider okta --endpoint union.acme.com --client-id ci-app --client-secret-env CLIENT_SECRET --org acme ' +
        '--project ml --domain development --file config.yaml --ci github --repo acme/app --yes',
    );
    noSecretShown(p, JSON.stringify(result));
  });

  it('TLS: a private CA becomes caCertFilePath, never insecure: true', async () => {
    const f = fakes();
    const p = new ScriptedPrompter([
      ...fullScript({ tls: 'ca-cert', ci: 'other' }).filter(([id]) => id !== 'repo' && id !== 'push' && id !== 'write-config'),
      ['ca-cert-file', 'certs/acme-ca.pem'],
      ['write-config', true],
    ]);
    const result = await runSetup({ answers: { caFile: '/tmp/ca.pem' }, prompter: p, services: f.services, cwd: CWD });
    expect(p.asked.find((q) => q.id === 'ca-cert-file')!.question.initial).toBe('/tmp/ca.pem');
    expect(f.writes[0]!.text).toContain('caCertFilePath: certs/acme-ca.pem');
    expect(f.writes[0]!.text).not.toMatch(/insecure: true/);
    expect(result.command).toContain('--ca-cert-file certs/acme-ca.pem');
  });

  it('several teams on one cluster: suggests one app per team or repository', async () => {
    const f = fakes();
    const p = new ScriptedPrompter(fullScript({ 'shared-cluster': true }));
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.text_()).toContain(providerGuide('okta').perTeam);
    const checklist = p.asked.find((q) => q.id === 'checklist')!;
    expect((checklist.question.items as unknown[]).length).toBe(providerGuide('okta').setup.length);
  });

  it('validation as you type: pasted URL normalised with a note, port and colon refused, org note shows the inferred org', async () => {
    const f = fakes();
    const p = new ScriptedPrompter(fullScript());
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const q = (id: string) => p.asked.find((x) => x.id === id)!.question as {
      validate: (v: string) => string | undefined;
      note?: (v: string) => string | undefined;
      normalize?: (v: string) => string;
    };
    expect(q('endpoint').normalize!('  https://union.acme.com/\r\n')).toBe('https://union.acme.com/');
    expect(q('endpoint').validate('https://union.acme.com/')).toBeUndefined();
    expect(q('endpoint').note!('https://union.acme.com/')).toMatch(/bare host "union.acme.com"/);
    expect(q('endpoint').validate('union.acme.com:8443')).toMatch(/port/);
    expect(q('client-id').validate('ci:app')).toMatch(/":"/);
    expect(q('org').note!('')).toMatch(/infer the org "union"/);
    expect(q('org').note!('acme')).toMatch(/flyte would infer "union"/);
    expect(q('project').validate('my project')).toBeDefined();
  });

  it('a flag with an invalid value is refused up front (exit 2) naming the flag', async () => {
    const f = fakes();
    await expect(
      runSetup({ answers: { endpoint: 'union.acme.com:8443' }, prompter: new ScriptedPrompter([]), services: f.services, cwd: CWD }),
    ).rejects.toThrow(/--endpoint: .*port/);
    await expect(
      runSetup({ answers: { repo: 'not a repo', ci: 'github' }, services: f.services, cwd: CWD }),
    ).rejects.toBeInstanceOf(UsageError);
  });
});

describe('setup flow: non-interactive', () => {
  const all = (): SetupAnswers => ({
    endpoint: 'union.acme.com',
    clientId: 'ci-app',
    clientSecret: new Secret(CANARY_SECRET),
    secretSource: { kind: 'stdin' },
    org: 'acme',
    project: 'ml',
    domain: 'development',
    ci: 'github',
    repo: 'acme/app',
    yes: true,
  });

  it('missing answers: one error naming every missing flag', async () => {
    const f = fakes();
    const err = await runSetup({ answers: {}, services: f.services, cwd: CWD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingAnswerError);
    expect((err as MissingAnswerError).flags).toEqual([
      '--endpoint',
      '--client-id',
      '--client-secret-stdin or --client-secret-env NAME',
      '--org',
      '--project',
      '--domain',
      '--ci',
      '--yes',
    ]);
    expect((err as MissingAnswerError).exitCode).toBe(2);
    expect(f.checks).toEqual([]);
  });

  it('the git remote and the defaults answer what they can; --repo is required only to push', async () => {
    const f = fakes({ detection: { target: 'github' } });
    const err = await runSetup({ answers: { ...all(), repo: undefined, ci: undefined }, services: f.services, cwd: CWD }).catch((e: unknown) => e);
    expect((err as MissingAnswerError).flags).toEqual(['--repo (or --no-push)']);
    const ok = await runSetup({ answers: { ...all(), repo: undefined, noPush: true }, services: f.services, cwd: CWD });
    expect(ok.ci).toMatchObject({ pushed: false, reason: '--no-push' });
  });

  it('--yes with every answer runs start to finish without a prompt', async () => {
    const f = fakes();
    const out: string[] = [];
    const result = await runSetup({
      answers: all(),
      display: plainDisplay((t) => out.push(t), createStyle(false)),
      services: f.services,
      cwd: CWD,
    });
    expect(result.status).toBe('ok');
    expect(f.writes).toHaveLength(1);
    expect(f.pushes).toHaveLength(1);
    expect(result.provider).toBe('okta'); // recognised from the discovered token endpoint
    expect(result.command).toMatch(/^printf '%s' "\$CLIENT_SECRET" \| flyte-ci-auth setup .*--client-secret-stdin/);
    const text = out.join('');
    expect(text).toContain('Rotate by');
    assertNoCanary(text + JSON.stringify(result));
  });

  it('a failed check stops before anything is written or pushed', async () => {
    const f = fakes({ check: () => report('invalid_client_secret') });
    const out: string[] = [];
    const result = await runSetup({ answers: all(), display: plainDisplay((t) => out.push(t), createStyle(false)), services: f.services, cwd: CWD });
    expect(result.status).toBe('check_failed');
    expect(result.check).toMatchObject({ ok: false, code: 'invalid_client_secret', accepted: false });
    expect(f.writes).toEqual([]);
    expect(f.pushes).toEqual([]);
    expect(out.join('')).toContain('Do the first thing');
    expect(out.join('')).toContain('Nothing was written');
  });

  it('gh missing: no push, the manual steps instead', async () => {
    const f = fakes({ avail: { ok: false, reason: 'gh is not installed' } });
    const out: string[] = [];
    const result = await runSetup({ answers: all(), display: plainDisplay((t) => out.push(t), createStyle(false)), services: f.services, cwd: CWD });
    expect(f.pushes).toEqual([]);
    expect(result.ci).toMatchObject({ pushed: false });
    expect(out.join('')).toContain('gh is not installed');
    expect(out.join('')).toContain('manual steps for github');
    expect(out.join('')).toContain('flyte-ci-auth key encode --endpoint union.acme.com');
    assertNoCanary(out.join(''));
  });
});

describe('provider guides', () => {
  it('every provider has a checklist with console locations, rotation and deletion steps', () => {
    for (const id of PROVIDER_ORDER) {
      const g = providerGuide(id);
      expect(g.id).toBe(id);
      expect(g.setup.length).toBeGreaterThanOrEqual(4);
      for (const s of [...g.setup, ...g.rotation.steps, ...g.deleteOld]) {
        expect(s.id).toMatch(new RegExp(`^${id}-`));
        expect(s.where.length).toBeGreaterThan(5);
      }
      expect(checklistItems(g.setup).every((i) => i.detail && i.title)).toBe(true);
    }
    expect(providerGuide('keycloak').rotation.replacesImmediately).toBe(true);
    expect(providerGuide('auth0').rotation.replacesImmediately).toBe(true);
    expect(providerGuide('entra').rotation.replacesImmediately).toBe(false);
    expect(providerGuide('okta').rotation.replacesImmediately).toBe(false);
    expect(providerGuide('entra').adminConsent?.length).toBeGreaterThan(0);
    expect(JSON.stringify(providerGuide('entra').setup)).toMatch(/Value.*not the Secret ID|VALUE \(not its Secret ID\)/);
    expect(JSON.stringify(providerGuide('auth0').setup)).toMatch(/Basic/);
    expect(JSON.stringify(providerGuide('keycloak').setup)).toMatch(/Audience/);
  });

  it('recognises providers from issuer / token URLs', () => {
    expect(providerFromUrls(['https://login.microsoftonline.com/abc/oauth2/v2.0/token'])).toBe('entra');
    expect(providerFromUrls(['https://acme.okta.com/oauth2/default/v1/token'])).toBe('okta');
    expect(providerFromUrls(['https://sso.acme.com/realms/ci/protocol/openid-connect/token'])).toBe('keycloak');
    expect(providerFromUrls(['https://acme.eu.auth0.com/oauth/token'])).toBe('auth0');
    expect(providerFromUrls(['https://idp.example.org/token', undefined])).toBeUndefined();
  });
});

describe('setup flow: fingerprints of short secrets', () => {
  it('a secret under 12 characters gets no fingerprint in the result or the summary; 12+ does', async () => {
    const { createHash } = await import('node:crypto');
    const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);
    for (const [secret, shown] of [['Sh0rt9secr', false], ['L0ng-enough-secret', true]] as const) {
      const f = fakes({ detection: { target: 'github', repo: 'acme/app', from: 'git remote origin' } });
      const p = new ScriptedPrompter(fullScript({ 'client-secret': secret }));
      const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
      expect(result.status).toBe('ok');
      const text = JSON.stringify(p.shown) + JSON.stringify(result);
      if (shown) {
        expect(result.secretFingerprint).toBe(sha8(secret));
      } else {
        expect(result.secretFingerprint).toBeNull();
        expect(text).not.toContain(sha8(secret));
        expect(text).toMatch(/not shown: the secret is too short/);
      }
    }
  });
});

describe('setup flow: going back and the wizard notes', () => {
  it('coming back to the checklist passes the steps ticked last time (initial), not an empty checklist', async () => {
    const f = fakes();
    const p = new ScriptedPrompter([
      ['provider', 'okta'],
      ['shared-cluster', false],
      ['endpoint', 'union.acme.com'],
      ['checklist', undefined],
      ['client-id', BACK], // → back to the checklist
      ['checklist', undefined],
      ...fullScript().slice(4),
    ]);
    // The Ink prompter resolves a checklist with the ticked ids; the scripted one answers the question only.
    const items = checklistItems(providerGuide('okta').setup).map((i) => i.id);
    const ticks = [items.slice(0, 2), items.slice(0, 3)];
    const answer = p.checklist.bind(p);
    (p as { checklist: Prompter['checklist'] }).checklist = async (q) => {
      await answer(q);
      return ticks.shift();
    };
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const asked = p.asked.filter((q) => q.id === 'checklist');
    expect(asked).toHaveLength(2);
    expect(asked[0]!.question.initial).toBeUndefined();
    expect(asked[1]!.question.initial).toEqual(items.slice(0, 2));
    expect(p.remaining()).toEqual([]);
  });

  it('"Edit one answer → Client secret" left empty keeps the secret, and the summary says kept (N characters)', async () => {
    const f = fakes({ check: (_o, n) => (n === 1 ? report('invalid_client_secret') : report()) });
    const p = new ScriptedPrompter([
      ...fullScript().slice(0, 9),
      ['check-failed', 'edit'],
      ['edit-field', 'clientSecret'],
      ['client-secret', ''],
      ...fullScript().slice(9),
    ]);
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const secrets = p.asked.filter((q) => q.id === 'client-secret');
    expect(secrets[0]!.question.emptySummary).toBeUndefined(); // nothing to keep the first time
    expect(secrets[1]!.question.emptySummary).toBe(`kept (${CANARY_SECRET.length} characters)`);
    expect(f.checks[1]!.clientSecret.reveal()).toBe(CANARY_SECRET);
    noSecretShown(p);
  });

  it('the consent pause says what Esc does in its hint (escLabel), not in a message that disagrees with it', async () => {
    const noConsent = report('admin_consent_missing', { provider: 'entra' });
    const f = fakes({ check: (_o, n) => (n === 1 ? noConsent : report('ok', { provider: 'entra' })) });
    const p = new ScriptedPrompter([...fullScript({ provider: 'entra' }).slice(0, 9), ['admin-consent', undefined], ...fullScript().slice(9)]);
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const pause = p.asked.find((q) => q.id === 'admin-consent')!.question;
    expect(pause.escLabel).toBe('other options');
    expect(String(pause.message)).not.toMatch(/Esc/u);
  });

  it('manual CI steps with the placeholder deploy path: the wizard says to replace it (as `instructions` does)', async () => {
    const f = fakes();
    f.services.instructions = async () => [
      { kind: 'code', title: '.gitlab-ci.yml', text: "script:\n  - flyte --config config.yaml deploy --project ml --domain development workflows.py\n" },
    ];
    const p = new ScriptedPrompter([...fullScript().slice(0, 12), ['ci', 'jenkins']]);
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const text = p.text_();
    expect(text).toContain('Replace workflows.py in the snippet with the file or folder to deploy');
    expect(text).toContain('flyte-ci-auth instructions jenkins --project ml --domain development --path PATH');

    // A real path: no note.
    const g = fakes();
    g.services.instructions = async () => [{ kind: 'code', text: 'flyte deploy --project ml src/workflows.py.bak app/main.py' }];
    const q = new ScriptedPrompter([...fullScript().slice(0, 12), ['ci', 'jenkins']]);
    await runSetup({ answers: {}, prompter: q, services: g.services, cwd: CWD });
    expect(q.text_()).not.toContain('Replace workflows.py');
  });
});


describe('setup flow: the background probe of the control-plane host', () => {
  /** Records what had been shown when each question was asked. */
  class OrderedPrompter extends ScriptedPrompter {
    readonly shownAt = new Map<string, string>();
    onAsk: (id: string) => void = () => {};
    override async text(q: Parameters<ScriptedPrompter['text']>[0]): Promise<string> {
      this.shownAt.set(q.id, JSON.stringify(this.shown));
      this.onAsk(q.id);
      await new Promise((r) => setImmediate(r));
      return super.text(q);
    }
    override async secret(q: Parameters<ScriptedPrompter['secret']>[0]) {
      this.shownAt.set(q.id, JSON.stringify(this.shown));
      this.onAsk(q.id);
      return super.secret(q);
    }
  }

  it('a failing probe that answers while the next question is open: its note is shown when that answer is submitted; the flow continues', async () => {
    let answer: (r: HostProbe) => void = () => {};
    const f = fakes({ probe: () => new Promise<HostProbe>((resolve) => (answer = resolve)) });
    const p = new OrderedPrompter(fullScript());
    // The probe answers while the user is typing the client ID.
    p.onAsk = (id) => {
      if (id === 'client-id') answer({ ok: false, code: 'control_plane_unreachable', title: 'Host name could not be resolved' });
    };
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.probes).toEqual(['union.acme.com']);
    const note = 'union.acme.com: host name could not be resolved — fix it now (Esc goes back) or continue';
    expect(p.shownAt.get('client-id')).not.toContain(note);
    expect(p.shownAt.get('client-secret')).toContain(note);
    expect(p.shown.filter((b) => b.kind === 'text' && b.text === note)).toHaveLength(1);
    expect(p.remaining()).toEqual([]);
    expect(result.status).toBe('ok');
    expect(f.checks).toHaveLength(1);
  });

  it('a probe that has already answered is shown before the next question', async () => {
    const f = fakes({ probe: async () => ({ ok: false, code: 'control_plane_unreachable', title: 'Connection refused' }) });
    const p = new OrderedPrompter(fullScript());
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.shownAt.get('client-id')).toContain('union.acme.com: connection refused');
  });

  it('a passing probe: the success note names the token endpoint', async () => {
    const f = fakes({ probe: async () => ({ ok: true, tokenEndpoint: 'https://idp.acme.com/oauth2/v1/token\u001b[31m' }) });
    const p = new ScriptedPrompter(fullScript());
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.text_()).toContain('union.acme.com answers as a Flyte control plane (token endpoint https://idp.acme.com/oauth2/v1/token');
    expect(p.text_()).not.toContain('\\u001b');
  });

  it('never blocks typing: a probe that never answers does not hold up the questions or the check', async () => {
    const f = fakes({ probe: () => new Promise<HostProbe>(() => {}) });
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(result.status).toBe('ok');
    expect(p.text_()).not.toContain('answers as a Flyte control plane');
  });

  it('a rejected probe shows nothing; non-interactive runs and given hosts are not probed', async () => {
    const f = fakes({ probe: async () => Promise.reject(new Error('boom')) });
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(result.status).toBe('ok');
    expect(p.text_()).not.toContain('boom');
    const g = fakes({ probe: async () => ({ ok: true }) });
    await runSetup({
      answers: { provider: 'okta', endpoint: 'union.acme.com', clientId: 'ci-app', clientSecret: new Secret(CANARY_SECRET), org: 'acme', project: 'ml', domain: 'development', ci: 'other', yes: true },
      services: g.services,
      cwd: CWD,
    });
    expect(g.probes).toEqual([]);
  });
});
