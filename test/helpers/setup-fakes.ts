/**
 * Fakes for setup-flow tests: a check report, in-memory services (files, pushes, reports, probes) and the full
 * interactive script. The pipeline writer is injected (integration tests pass the real one).
 */
import type { CheckOptions, CheckReport, DiagnosisCode } from '../../src/core/check-types.js';
import { mergeConfig, type ConfigSettings } from '../../src/core/config-yaml.js';
import type { Block } from '../../src/core/prompter.js';
import type { HostProbe, PipelineTarget, PipelineWrite, PipelineWriteOptions, PushRequest, WizardServices } from '../../src/flow/setup.js';
import type { Files } from '../../src/services/files.js';
import { assertNoCanary, CANARY_SECRET } from './cli.js';
import type { Answer, ScriptedPrompter } from './scripted-prompter.js';

export type PipelineWriter = (target: PipelineTarget, o: PipelineWriteOptions, files: Files) => Promise<PipelineWrite>;

const PIPELINE_FILE: Record<PipelineTarget, string> = {
  github: '.github/workflows/flyte-deploy.yml',
  gitlab: '.gitlab-ci.yml',
  jenkins: 'Jenkinsfile',
};

export const CWD = '/work/repo';
export const NOW = new Date('2025-01-10T12:00:00Z');

export function report(code: DiagnosisCode = 'ok', extra: Partial<CheckReport> = {}): CheckReport {
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

export interface Fakes {
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
export function memoryFiles(map: Map<string, string>): Files {
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

export function fakes(
  opts: {
    check?: (o: CheckOptions, n: number) => CheckReport;
    files?: Record<string, string>;
    detection?: Awaited<ReturnType<WizardServices['detectCi']>>;
    avail?: { ok: boolean; reason?: string };
    /** The pipeline writer over the in-memory files (default: the service skips, asking nothing). */
    pipeline?: PipelineWriter;
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
      if (!opts.pipeline) return { file: PIPELINE_FILE[target], status: 'skipped', reason: 'not part of this test' };
      return opts.pipeline(target, o, memoryFiles(f.files));
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
export function fullScript(overrides: Record<string, Answer> = {}): Array<[string, Answer]> {
  const base: Array<[string, Answer]> = [
    ['provider', 'okta'],
    ['shared-cluster', false],
    ['endpoint', 'https://union.acme.com/\n'],
    ['checklist', undefined],
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

export function noSecretShown(p: ScriptedPrompter, extra = ''): void {
  assertNoCanary(JSON.stringify(p.shown) + JSON.stringify(p.notes) + p.tasks.join('\n') + JSON.stringify(p.asked) + extra);
}

export function textOf(blocks: Block[]): string {
  return JSON.stringify(blocks);
}
