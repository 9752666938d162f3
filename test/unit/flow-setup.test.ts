import { describe, expect, it } from 'vitest';
import type { CheckOptions, CheckReport, DiagnosisCode } from '../../src/core/check-types.js';
import { mergeConfig, type ConfigSettings } from '../../src/core/config-yaml.js';
import { CancelledError, MissingAnswerError, UsageError } from '../../src/core/errors.js';
import type { Block, Prompter } from '../../src/core/prompter.js';
import { checklistItems, PROVIDER_ORDER, providerFromUrls, providerGuide } from '../../src/core/providers-data.js';
import { Secret } from '../../src/core/secret.js';
import { plainDisplay } from '../../src/flow/plain-display.js';
import { runSetup, type HostProbe, type PushRequest, type SetupAnswers, type WizardServices } from '../../src/flow/setup.js';
import { instructionsFor, writeInstructions, PLACEHOLDER_PATH } from '../../src/services/instructions.js';
import type { Files } from '../../src/services/files.js';
import { createStyle } from '../../src/core/style.js';
import { assertNoCanary, CANARY_SECRET } from '../helpers/cli.js';
import { BACK, CTRL_C, ScriptedPrompter, type Answer } from '../helpers/scripted-prompter.js';

const CWD = '/work/repo';
const NOW = new Date('2025-01-10T12:00:00Z');

function report(code: DiagnosisCode = 'ok', extra: Partial<CheckReport> = {}): CheckReport {
  const ok = code === 'ok';
  return {
    ok,
    diagnosis: {
      code,
      severity: ok ? 'ok' : 'error',
      title: ok ? 'flyte will authenticate with these credentials' : `failure ${code}`,
      detail: ok ? '' : `detail of ${code}`,
      fix: ok ? [] : ['Do the first thing', 'Do the second thing'],
    },
    warnings: [],
    token: ok ? { header: { alg: 'RS256' }, claims: { sub: 'ci-app' }, expiresIn: 3600 } : null,
    http: { status: ok ? 200 : 401 },
    target: { tokenUrl: 'https://idp.acme.com/oauth2/default/v1/token', via: 'control-plane' },
    provider: 'okta',
    discovered: { tokenEndpoint: 'https://idp.acme.com/oauth2/default/v1/token', scopes: ['all'], audience: 'https://union.acme.com', headerName: 'flyte-authorization' },
    authMethod: 'basic',
    steps: [
      { id: 'discovery', status: 'ok', summary: 'Token endpoint from the control plane' },
      { id: 'token', status: ok ? 'ok' : 'failed', summary: ok ? 'Token issued' : 'Token refused' },
    ],
    claimRows: ok ? [{ label: 'sub', value: 'ci-app' }, { label: 'aud', value: 'https://union.acme.com' }] : [],
    exchange: ['POST https://idp.acme.com/oauth2/default/v1/token', 'authorization: Basic <redacted>', 'grant_type=client_credentials'],
    ...extra,
  };
}

interface Fakes {
  services: WizardServices;
  files: Map<string, string>;
  checks: CheckOptions[];
  writes: Array<{ file: string; text: string }>;
  pushes: PushRequest[];
  reports: Array<{ file: string; text: string }>;
  consentFixes: number;
  pipelineCalls: number;
  probes: string[];
}

/** writeAtomic over the fakes' file map (with the .bak copy), for the real writeInstructions. */
function memoryFiles(map: Map<string, string>): Files {
  return {
    readText: async (file) => map.get(file),
    exists: async (file) => map.has(file),
    async writeAtomic(file, content) {
      const before = map.get(file);
      if (before !== undefined) map.set(`${file}.bak`, before);
      map.set(file, content);
      return { path: file, created: before === undefined, ...(before !== undefined ? { backupPath: `${file}.bak` } : {}) };
    },
  };
}

function fakes(
  opts: {
    check?: (o: CheckOptions, n: number) => CheckReport;
    files?: Record<string, string>;
    detection?: Awaited<ReturnType<WizardServices['detectCi']>>;
    avail?: { ok: boolean; reason?: string };
    /** Run the real `instructions` write logic over the in-memory files (default: the service skips, asking nothing). */
    pipeline?: boolean;
    probe?: (host: string) => Promise<HostProbe>;
  } = {},
): Fakes {
  const f: Fakes = {
    files: new Map(Object.entries(opts.files ?? {})),
    checks: [],
    writes: [],
    pushes: [],
    reports: [],
    consentFixes: 0,
    pipelineCalls: 0,
    probes: [],
    services: undefined as unknown as WizardServices,
  };
  f.services = {
    async check(o, progress) {
      f.checks.push(o);
      progress('requesting a token');
      return (opts.check ?? (() => report()))(o, f.checks.length);
    },
    async previewConfig(file: string, settings: ConfigSettings) {
      const existing = f.files.get(file);
      return { existing, merge: mergeConfig(existing, settings) };
    },
    async writeConfig(file, text) {
      const created = !f.files.has(file);
      f.files.set(file, text);
      f.writes.push({ file, text });
      return { path: file, created, ...(created ? {} : { backupPath: `${file}.bak` }) };
    },
    async detectCi() {
      return opts.detection ?? {};
    },
    async pushAvailability() {
      return opts.avail ?? { ok: true };
    },
    async push(req) {
      f.pushes.push(req);
      return { ok: true, where: `GitHub ${req.repo} (secret FLYTE_API_KEY)` };
    },
    async instructions(target) {
      return [{ kind: 'text', text: `manual steps for ${target}` }];
    },
    clock: { now: () => NOW },
    files: { exists: async (file) => f.files.has(file) },
    async saveReport(file, text) {
      f.reports.push({ file, text });
      return file;
    },
    async afterConsentFix() {
      f.consentFixes += 1;
    },
    async writePipeline(target, o) {
      f.pipelineCalls += 1;
      const ins = instructionsFor(target, { project: o.project, domain: o.domain, config: o.configPath, environment: o.env, ...(o.repo ? { repo: o.repo } : {}) });
      if (!opts.pipeline) return { file: ins.file, status: 'skipped', reason: 'not part of this test' };
      const w = await writeInstructions(ins, {
        cwd: o.dir,
        files: memoryFiles(f.files),
        confirm: (diff, file) => o.confirm({ file, existing: true, diff }),
        confirmCreate: (file, text) => o.confirm({ file, existing: false, text }),
      });
      if (w.status === 'exists') return { file: w.file, status: 'skipped', reason: 'a Jenkinsfile exists' };
      if (w.status === 'declined') return { file: w.file, status: 'skipped', reason: 'you declined', ...(w.diff ? { diff: w.diff } : {}) };
      if (w.status === 'failed') return { file: w.file, status: 'skipped', reason: w.problem?.message ?? 'not written' };
      return { file: w.file, status: w.status, placeholderPath: ins.placeholders.includes('--path'), ...(w.backupPath ? { backupPath: w.backupPath } : {}) };
    },
    ...(opts.probe
      ? {
          probeHost: (host: string) => {
            f.probes.push(host);
            return opts.probe!(host);
          },
        }
      : {}),
  };
  return f;
}

/** A full interactive script (Okta, GitHub), keyed by question id. */
function fullScript(overrides: Record<string, Answer> = {}): Array<[string, Answer]> {
  const base: Array<[string, Answer]> = [
    ['provider', 'okta'],
    ['shared-cluster', false],
    ['checklist', undefined],
    ['endpoint', 'https://union.acme.com/\n'],
    ['client-id', 'ci-app'],
    ['client-secret', `${CANARY_SECRET}\r\n`],
    ['org', 'acme'],
    ['project', 'ml'],
    ['domain', 'development'],
    ['config-file', 'config.yaml'],
    ['tls', 'system'],
    ['write-config', true],
    ['ci', 'github'],
    ['repo', 'acme/app'],
    ['push', true],
  ];
  return base.map(([id, a]) => [id, id in overrides ? overrides[id] : a]);
}

function noSecretShown(p: ScriptedPrompter, extra = ''): void {
  assertNoCanary(JSON.stringify(p.shown) + JSON.stringify(p.notes) + p.tasks.join('\n') + JSON.stringify(p.asked) + extra);
}

function textOf(blocks: Block[]): string {
  return JSON.stringify(blocks);
}

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
      ['checklist', undefined],
      ['endpoint', BACK], // → back to the checklist
      ['checklist', undefined],
      ...fullScript().slice(3),
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

describe('setup flow: the pipeline file (task: write it into the repository)', () => {
  const WORKFLOW = `${CWD}/.github/workflows/flyte-deploy.yml`;

  it('a new GitHub workflow: the file is shown, asked with default yes, written; summary and the git command name it', async () => {
    const f = fakes({ pipeline: true });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', true]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    const q = p.asked.find((x) => x.id === 'write-pipeline')!;
    expect(q.kind).toBe('confirm');
    expect(q.question.initial).toBe(true);
    expect(q.question.message).toBe('Write the pipeline to .github/workflows/flyte-deploy.yml?');
    const text = f.files.get(WORKFLOW)!;
    expect(text).toMatch(/flyte --config config\.yaml deploy/);
    expect(text).toContain('--project ml --domain development');
    expect(text).not.toContain(CANARY_SECRET);
    expect(result.pipeline).toEqual({ file: '.github/workflows/flyte-deploy.yml', status: 'created' });
    const shown = p.text_();
    expect(shown).toContain('New file .github/workflows/flyte-deploy.yml');
    expect(shown).toContain('.github/workflows/flyte-deploy.yml (created)');
    expect(shown).toContain(`Replace ${PLACEHOLDER_PATH} in .github/workflows/flyte-deploy.yml`);
    expect(result.next[0]).toBe('git add config.yaml .github/workflows/flyte-deploy.yml && git commit -m "flyte config and deploy pipeline for CI"');
    expect(result.command).toContain('--write-pipeline --yes');
    noSecretShown(p, JSON.stringify(result));
  });

  it('declining a new file writes nothing; the summary says NOT written', async () => {
    const f = fakes({ pipeline: true });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', false]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toMatchObject({ status: 'skipped', reason: 'you declined' });
    expect(p.text_()).toContain('.github/workflows/flyte-deploy.yml NOT written (you declined)');
    expect(result.next[0]).toBe('git add config.yaml && git commit -m "flyte config for CI"');
    expect(result.command).not.toContain('--write-pipeline');
  });

  it('an existing .gitlab-ci.yml: the diff is shown first, asked with default no; declined → unchanged', async () => {
    const before = '# our pipeline\nstages: [test]\n\ntest:\n  stage: test\n  script: [make test]\n';
    const f = fakes({ pipeline: true, files: { [`${CWD}/.gitlab-ci.yml`]: before } });
    const p = new ScriptedPrompter([...fullScript({ ci: 'gitlab', repo: 'acme/app' }), ['write-pipeline', false]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const q = p.asked.find((x) => x.id === 'write-pipeline')!;
    expect(q.question.initial).toBe(false);
    expect(q.question.message).toBe('Change .gitlab-ci.yml?');
    const diff = p.shown.find((b) => b.kind === 'diff' && b.title === 'Changes to .gitlab-ci.yml');
    expect(diff && diff.kind === 'diff' && diff.lines.some((l) => l.op === '+' && /flyte --config/.test(l.text))).toBe(true);
    expect(f.files.get(`${CWD}/.gitlab-ci.yml`)).toBe(before);
    expect(f.files.has(`${CWD}/.gitlab-ci.yml.bak`)).toBe(false);
    expect(result.pipeline).toMatchObject({ file: '.gitlab-ci.yml', status: 'skipped' });
  });

  it('an existing .gitlab-ci.yml accepted: the job is added, comments kept, backup made', async () => {
    const before = '# our pipeline\nstages: [test]\n\ntest:\n  stage: test\n  script: [make test]\n';
    const f = fakes({ pipeline: true, files: { [`${CWD}/.gitlab-ci.yml`]: before } });
    const p = new ScriptedPrompter([...fullScript({ ci: 'gitlab', repo: 'acme/app' }), ['write-pipeline', true]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const after = f.files.get(`${CWD}/.gitlab-ci.yml`)!;
    expect(after).toContain('# our pipeline');
    expect(after).toMatch(/flyte --config config\.yaml deploy/);
    expect(f.files.get(`${CWD}/.gitlab-ci.yml.bak`)).toBe(before);
    expect(result.pipeline).toEqual({ file: '.gitlab-ci.yml', status: 'updated', backupPath: '.gitlab-ci.yml.bak' });
  });

  it('a .gitlab-ci.yml that does not parse is left alone; the setup still finishes (config written, key pushed)', async () => {
    const broken = 'stages: [test\n';
    const f = fakes({ pipeline: true, files: { [`${CWD}/.gitlab-ci.yml`]: broken } });
    const p = new ScriptedPrompter(fullScript({ ci: 'gitlab', repo: 'acme/app' }));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    expect(result.status).toBe('ok');
    expect(f.files.get(`${CWD}/.gitlab-ci.yml`)).toBe(broken);
    expect(result.pipeline).toMatchObject({ file: '.gitlab-ci.yml', status: 'skipped' });
    expect(result.pipeline!.reason).toMatch(/^Not changing \.gitlab-ci\.yml/);
    expect(p.text_()).toContain('.gitlab-ci.yml NOT written (Not changing .gitlab-ci.yml');
    expect(f.pushes).toHaveLength(1);
  });

  it('Jenkins: an existing Jenkinsfile is left alone without asking', async () => {
    const f = fakes({ pipeline: true, files: { [`${CWD}/Jenkinsfile`]: 'pipeline { }\n' } });
    const p = new ScriptedPrompter(fullScript({ ci: 'jenkins', repo: undefined, push: undefined }).filter(([id]) => id !== 'repo' && id !== 'push'));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.ids()).not.toContain('write-pipeline');
    expect(f.files.get(`${CWD}/Jenkinsfile`)).toBe('pipeline { }\n');
    expect(result.pipeline).toMatchObject({ file: 'Jenkinsfile', status: 'skipped', reason: 'a Jenkinsfile exists' });
  });

  it('--no-write-pipeline: not offered; other CI systems: not offered', async () => {
    const f = fakes({ pipeline: true });
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: { writePipeline: false }, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    expect(f.pipelineCalls).toBe(0);
    expect(result.pipeline).toBeUndefined();
    const g = fakes({ pipeline: true });
    const q = new ScriptedPrompter([...fullScript().slice(0, 12), ['ci', 'other']]);
    await runSetup({ answers: {}, prompter: q, services: g.services, cwd: CWD });
    expect(g.pipelineCalls).toBe(0);
  });

  const flags = (extra: SetupAnswers = {}): SetupAnswers => ({
    provider: 'okta',
    endpoint: 'union.acme.com',
    clientId: 'ci-app',
    clientSecret: new Secret(CANARY_SECRET),
    org: 'acme',
    project: 'ml',
    domain: 'development',
    ci: 'github',
    repo: 'acme/app',
    yes: true,
    ...extra,
  });

  it('non-interactive: nothing is written without --write-pipeline', async () => {
    const f = fakes({ pipeline: true });
    const result = await runSetup({ answers: flags(), services: f.services, cwd: CWD });
    expect(f.pipelineCalls).toBe(0);
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toBeUndefined();
  });

  it('non-interactive with --yes --write-pipeline: a new file is written, an existing one changed (diff shown, backup)', async () => {
    const f = fakes({ pipeline: true });
    const shown: string[] = [];
    const display = plainDisplay((t) => shown.push(t), createStyle(false));
    const r1 = await runSetup({ answers: flags({ writePipeline: true }), display, services: f.services, cwd: CWD });
    expect(r1.pipeline).toEqual({ file: '.github/workflows/flyte-deploy.yml', status: 'created' });
    expect(f.files.get(WORKFLOW)).toMatch(/flyte --config config\.yaml deploy/);

    f.files.set(WORKFLOW, 'name: old\n');
    const r2 = await runSetup({ answers: flags({ writePipeline: true }), display, services: f.services, cwd: CWD });
    expect(r2.pipeline).toMatchObject({ status: 'updated', backupPath: '.github/workflows/flyte-deploy.yml.bak' });
    expect(f.files.get(`${WORKFLOW}.bak`)).toBe('name: old\n');
    expect(shown.join('')).toContain('Changes to .github/workflows/flyte-deploy.yml');
    expect(shown.join('')).toMatch(/Pipeline\s+\.github\/workflows\/flyte-deploy\.yml \(updated, backup flyte-deploy\.yml\.bak\)/);
    assertNoCanary(shown.join(''));
  });

  it('an existing file is never changed without --yes, even with --write-pipeline (interactive: asked, default no)', async () => {
    const f = fakes({ pipeline: true, files: { [WORKFLOW]: 'name: old\n' } });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', undefined]]);
    const result = await runSetup({ answers: { writePipeline: true }, prompter: p, services: f.services, cwd: CWD });
    expect(p.asked.find((x) => x.id === 'write-pipeline')?.question.initial).toBe(false);
    expect(f.files.get(WORKFLOW)).toBe('name: old\n');
    expect(result.pipeline).toMatchObject({ status: 'skipped' });
  });

  it('--demo: the file goes into the folder of config.yaml (the demo folder or --dir), not the working directory', async () => {
    const f = fakes({ pipeline: true });
    const result = await runSetup({
      answers: flags({ writePipeline: true, file: '/tmp/demo-out/config.yaml', noPush: true }),
      display: plainDisplay(() => {}, createStyle(false)),
      services: f.services,
      cwd: CWD,
      demo: true,
    });
    expect(f.files.get('/tmp/demo-out/.github/workflows/flyte-deploy.yml')).toMatch(/flyte --config config\.yaml deploy/);
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toMatchObject({ file: '/tmp/demo-out/.github/workflows/flyte-deploy.yml', status: 'created' });
    expect(result.next.join('\n')).not.toContain('git add');

    // Interactive --demo without --write-pipeline: not offered (the demo walkthrough is unchanged).
    const g = fakes({ pipeline: true });
    const p = new ScriptedPrompter(fullScript().filter(([id]) => !['endpoint', 'client-id', 'client-secret', 'org', 'push'].includes(id)));
    const r2 = await runSetup({
      answers: { endpoint: 'union.acme.com', clientId: 'ci-app', clientSecret: new Secret(CANARY_SECRET), org: 'acme', noPush: true },
      prompter: p,
      services: g.services,
      cwd: CWD,
      demo: true,
    });
    expect(p.remaining()).toEqual([]);
    expect(g.pipelineCalls).toBe(0);
    expect(r2.pipeline).toBeUndefined();
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
    const note = '✗ union.acme.com: host name could not be resolved — fix it now (Esc goes back) or continue';
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
    expect(p.shownAt.get('client-id')).toContain('✗ union.acme.com: connection refused');
  });

  it('a passing probe: the success note names the token endpoint', async () => {
    const f = fakes({ probe: async () => ({ ok: true, tokenEndpoint: 'https://idp.acme.com/oauth2/v1/token\u001b[31m' }) });
    const p = new ScriptedPrompter(fullScript());
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.text_()).toContain('✓ union.acme.com answers as a Flyte control plane (token endpoint https://idp.acme.com/oauth2/v1/token');
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
