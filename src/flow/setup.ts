/**
 * The setup wizard's flow: plain async TypeScript over a Prompter (questions) and injected WizardServices
 * (check, config, CI, clock, files), so it runs the same under Ink, in tests with a scripted prompter and
 * fake services, and non-interactively (no prompter: every answer from flags, missing ones listed at once).
 *
 * Steps: provider → (shared cluster?) → checklist → endpoint, client id, secret, org, project, domain →
 * live check (with the failure menu) → config.yaml path, TLS, preview + write → CI target, repository,
 * push or instructions → summary. Esc goes back one asked step, keeping answers (src/flow/steps.ts).
 * Nothing is written before its confirmation (or --yes); the secret never reaches a Block.
 */
import path from 'node:path';
import {
  emptyOrgMessage,
  encodeApiKey,
  normalizeEndpoint,
  orgFromEndpoint,
  fingerprintIfSafe,
  validateField,
  type KeyField,
} from '../core/apikey.js';
import type { AuthMethod, CheckOptions, CheckReport, ProviderId } from '../core/check-types.js';
import { shellQuote } from '../core/ci/command-line.js';
import { flyteIdProblem } from '../core/ci/names.js';
import { parseRepoArg } from '../core/ci/remote.js';
import { ConfigParseError, type ConfigChange, type ConfigSettings, type MergeResult } from '../core/config-yaml.js';
import { CancelledError, MissingAnswerError, UsageError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { checklistItems, providerFromUrls, providerGuide } from '../core/providers-data.js';
import { stripControl } from '../core/sanitize.js';
import { Secret } from '../core/secret.js';
import { exchangeBlock, reportBlocks, reportText } from './check-view.js';
import { providerQuestion } from './provider-question.js';
import { foldDiff, hasChanges, lineDiff } from '../core/diff.js';
import type { Display } from './plain-display.js';
import { orBack, runSteps, type Step } from './steps.js';

import type { CiTarget, CliPushTarget, PipelineTarget } from '../core/ci/targets.js';
export { CI_TARGETS, type CiTarget, type PipelineTarget } from '../core/ci/targets.js';
export type TlsChoice = 'system' | 'ca-cert' | 'skip-verify';

export const ROTATION_DAYS = 90;
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Every answer the wizard collects; each one can come from a flag. */
export interface SetupAnswers {
  provider?: ProviderId;
  /** Several teams or repositories deploy to this cluster (→ suggest one app each). */
  sharedCluster?: boolean;
  /** Bare control-plane host. */
  endpoint?: string;
  clientId?: string;
  clientSecret?: Secret;
  /** Where the secret came from, for the equivalent command line (never the value). */
  secretSource?: { kind: 'stdin' } | { kind: 'env'; name: string } | { kind: 'demo' };
  /** global.UNION_ORG; '' = let flyte infer it from the host. */
  org?: string;
  project?: string;
  domain?: string;
  /** Check overrides (what flyte sends comes from the control plane). */
  scopes?: string[];
  audience?: string;
  authMethod?: AuthMethod | 'auto';
  /** PEM the check trusts (private CA of the control plane / IdP). */
  caFile?: string;
  timeoutMs?: number;
  /** config.yaml path (absolute, or relative to cwd). */
  file?: string;
  /** config.yaml admin.caCertFilePath. */
  caCertFile?: string;
  /** config.yaml admin.insecureSkipVerify: true. */
  insecureSkipVerify?: boolean;
  ci?: CiTarget;
  /** GitHub OWNER/REPO or GitLab GROUP/PROJECT (optionally HOST/…). */
  repo?: string;
  /** GitHub environment / GitLab environment scope. */
  env?: string;
  noPush?: boolean;
  /** Write the pipeline file into the repository (--write-pipeline / --no-write-pipeline). */
  writePipeline?: boolean;
  /** Confirmations answered yes. */
  yes?: boolean;
}

export type AnswerKey = keyof SetupAnswers;

/** The flag that supplies each answer (for MissingAnswerError and the equivalent command line). */
export const FLAG_FOR: Partial<Record<AnswerKey, string>> = {
  provider: '--provider',
  endpoint: '--endpoint',
  clientId: '--client-id',
  clientSecret: '--client-secret-stdin or --client-secret-env NAME',
  org: '--org',
  project: '--project',
  domain: '--domain',
  ci: '--ci',
  repo: '--repo (or --no-push)',
  yes: '--yes',
};

export interface CiDetection {
  target?: CiTarget;
  repo?: string;
  /** e.g. "git remote origin (github.com/acme/app)". */
  from?: string;
}

export interface PushRequest {
  target: CliPushTarget;
  repo: string;
  env?: string;
  key: Secret;
}

export interface PushOutcome {
  ok: boolean;
  /** Where the secret now lives, e.g. "GitHub acme/app (secret FLYTE_API_KEY)". */
  where: string;
  /** One line: what went wrong (already sanitised, no secret). */
  message?: string;
}

export interface PipelineWriteOptions {
  project: string;
  domain: string;
  repo?: string;
  env?: string;
  /** The repository root the file goes into. */
  dir: string;
  /** config.yaml as the pipeline sees it (relative to `dir`). */
  configPath: string;
  /** Asked before anything is written: a new file (with its text) or a change to an existing one (with the diff). */
  confirm(q: { file: string; existing: boolean; text?: string; diff?: string }): Promise<boolean>;
}

export interface PipelineWrite {
  /** Relative to `dir`, e.g. ".github/workflows/flyte-deploy.yml". */
  file: string;
  status: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Why it was skipped (declined, a Jenkinsfile exists, …). */
  reason?: string;
  diff?: string;
  backupPath?: string;
  /** The written file still names the placeholder deploy path. */
  placeholderPath?: boolean;
}

/** Result of the quick background probe of the control-plane host (its anonymous metadata call). */
export type HostProbe = { ok: true; tokenEndpoint?: string } | { ok: false; code: string; title: string };

export interface WizardServices {
  /** The flyte-style check (src/commands/check.ts runCheck); `progress` updates the spinner line. */
  check(opts: CheckOptions, progress: (line: string) => void): Promise<CheckReport>;
  /** Read the file (if any) and merge the settings into it; nothing is written. */
  previewConfig(file: string, settings: ConfigSettings): Promise<{ existing?: string; merge: MergeResult }>;
  /** Atomic write with a .bak backup of what it replaces. */
  writeConfig(file: string, text: string): Promise<{ path: string; backupPath?: string; created: boolean }>;
  /** The CI system and repository the git remote points at. */
  detectCi(): Promise<CiDetection>;
  /** gh/glab installed and logged in for that repository's host? */
  pushAvailability(target: CliPushTarget, repo: string): Promise<{ ok: boolean; reason?: string }>;
  push(req: PushRequest): Promise<PushOutcome>;
  /** The exact manual steps and the pipeline snippet. */
  instructions(target: CiTarget, opts: { project: string; domain: string; repo?: string; env?: string; configPath: string }): Promise<Block[]>;
  clock: { now(): Date };
  files: { exists(file: string): Promise<boolean> };
  /** Write a redacted report the user asked for; returns the absolute path. */
  saveReport(file: string, text: string): Promise<string>;
  /** Write the pipeline file into the repository (src/services/instructions.ts writeInstructions). */
  writePipeline(target: PipelineTarget, opts: PipelineWriteOptions): Promise<PipelineWrite>;
  /** The control plane's anonymous metadata call with a short timeout; absent: no probe. */
  probeHost?(endpoint: string, opts: { caFile?: string; timeoutMs: number }): Promise<HostProbe>;
  /** Demo only: "fix it in the portal" (grant the admin consent in the demo server) before the re-check. */
  afterConsentFix?(): Promise<void>;
}

export interface SetupRun {
  /** Answers from flags: the flow never asks these (except "edit one field" in the check menu). */
  answers: SetupAnswers;
  /** Suggested values: initial values of the questions, and the answers when nothing can be asked. */
  defaults?: SetupAnswers;
  /** Absent: non-interactive (missing answers → MissingAnswerError listing every flag). */
  prompter?: Prompter;
  /** Where show/task go without a prompter. */
  display?: Display;
  services: WizardServices;
  cwd: string;
  /** --demo: the answers that came from the demo are not flag-validated (host:port), the command line says --demo. */
  demo?: boolean;
}

export interface SetupResult {
  status: 'ok' | 'check_failed' | 'push_failed';
  provider: ProviderId;
  endpoint: string;
  clientId: string;
  org: string;
  project: string;
  domain: string;
  /** First 8 hex of SHA-256 of the secret: compare secrets without seeing them; null below 12 characters. */
  secretFingerprint: string | null;
  check: { ok: boolean; code: string; title: string; accepted?: boolean };
  config?: {
    path: string;
    written: boolean;
    created?: boolean;
    backupPath?: string;
    upToDate?: boolean;
    changes: ConfigChange[];
  };
  ci?: { target: CiTarget; repo?: string; env?: string; pushed: boolean; where?: string; reason?: string };
  /** The pipeline file offered at the CI step (path as shown: relative to cwd when inside it). */
  pipeline?: { file: string; status: PipelineWrite['status']; reason?: string; backupPath?: string };
  /** ISO date, 90 days after the run. */
  rotationDue: string;
  next: string[];
  /** The equivalent non-interactive command line (the secret only as an env var name or stdin). */
  command: string;
  reportPath?: string;
}

const oneLine = (v: string) => v.replace(/[\r\n]+/g, '').trim();

function firstError(field: KeyField, value: string): string | undefined {
  return validateField(field, value).find((p) => p.severity === 'error')?.message;
}

function endpointProblem(value: string): string | undefined {
  if (value === '') return 'Enter the control-plane host, e.g. union.example.com.';
  return firstError('endpoint', normalizeEndpoint(value).host);
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Which answers are missing when nothing can be asked: every flag at once. */
export function missingFlags(a: SetupAnswers): string[] {
  const missing: string[] = [];
  if (!a.endpoint) missing.push(FLAG_FOR.endpoint!);
  if (!a.clientId) missing.push(FLAG_FOR.clientId!);
  if (!a.clientSecret || a.clientSecret.isEmpty) missing.push(FLAG_FOR.clientSecret!);
  if (a.org === undefined) missing.push(FLAG_FOR.org!);
  if (!a.project) missing.push(FLAG_FOR.project!);
  if (!a.domain) missing.push(FLAG_FOR.domain!);
  if (!a.ci) missing.push(FLAG_FOR.ci!);
  if ((a.ci === 'github' || a.ci === 'gitlab') && !a.noPush && !a.repo) missing.push(FLAG_FOR.repo!);
  if (!a.yes) missing.push(FLAG_FOR.yes!);
  return missing;
}

/** Flag values are validated up front with the same rules as the questions (exit 2 naming the flag). */
function validateGiven(a: SetupAnswers, demo: boolean): void {
  const fail = (flag: string, message: string) => {
    throw new UsageError(`${flag}: ${message}`);
  };
  if (a.endpoint !== undefined && !demo) {
    const p = endpointProblem(a.endpoint);
    if (p) fail('--endpoint', p);
  }
  if (a.clientId !== undefined) {
    const p = a.clientId === '' ? 'the client ID is empty.' : firstError('clientId', a.clientId);
    if (p) fail('--client-id', p);
  }
  if (a.clientSecret !== undefined) {
    const p = firstError('clientSecret', a.clientSecret.reveal());
    if (p) fail(a.secretSource?.kind === 'env' ? '--client-secret-env' : '--client-secret-stdin', p);
  }
  if (a.org !== undefined) {
    const p = firstError('org', a.org);
    if (p) fail('--org', p);
  }
  for (const what of ['project', 'domain'] as const) {
    const v = a[what];
    if (v !== undefined) {
      const p = flyteIdProblem(what, v);
      if (p) fail(`--${what}`, p);
    }
  }
  if (a.repo !== undefined && (a.ci === 'github' || a.ci === 'gitlab') && !parseRepoArg(a.ci, a.repo)) {
    fail('--repo', a.ci === 'github' ? 'expected OWNER/REPO (or HOST/OWNER/REPO).' : 'expected GROUP/PROJECT (or HOST/GROUP/PROJECT).');
  }
}

export async function runSetup(run: SetupRun): Promise<SetupResult> {
  const { prompter: p, services, cwd } = run;
  const ui: Display = p ?? run.display ?? { show() {}, task: (_l, fn) => fn(() => {}) };
  const defaults = run.defaults ?? {};
  const given = new Set<AnswerKey>(
    (Object.keys(run.answers) as AnswerKey[]).filter((k) => run.answers[k] !== undefined),
  );
  const a: SetupAnswers = { ...run.answers };
  validateGiven(a, Boolean(run.demo));

  const detection = await services.detectCi();
  if (!p) {
    // Non-interactive: defaults and detection are the answers; then everything missing, at once.
    for (const [k, v] of Object.entries(defaults) as Array<[AnswerKey, never]>) if (a[k] === undefined && v !== undefined) a[k] = v;
    a.ci ??= detection.target;
    if (a.ci === detection.target) a.repo ??= detection.repo;
    const missing = missingFlags(a);
    if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
  }
  const yes = Boolean(a.yes);
  const secrets = () => [a.clientSecret];
  const initial = <K extends AnswerKey>(k: K): SetupAnswers[K] => a[k] ?? defaults[k];

  let report: CheckReport | undefined;
  let checkAccepted = false;
  let reportPath: string | undefined;
  let configResult: SetupResult['config'];
  let ciResult: SetupResult['ci'];
  let stopped = false;

  // ---- the background probe of the control-plane host (interactive only) ----
  // Started when the host is answered, never awaited: its one-line note is shown when a later answer is submitted
  // (at the next step boundary), and dropped once the live check runs (the check says more).
  let probe: { host: string; note?: Block; shown: boolean } | undefined;
  const startProbe = (host: string) => {
    if (!p || !services.probeHost) return;
    const mine: { host: string; note?: Block; shown: boolean } = { host, shown: false };
    probe = mine;
    services.probeHost(host, { caFile: a.caFile, timeoutMs: Math.min(a.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS) }).then(
      (r) => {
        mine.note = probeNote(host, r);
      },
      () => {
        // No note: the live check reports the problem with the full diagnosis.
      },
    );
  };
  const flushProbe = () => {
    if (probe?.note && !probe.shown && probe.host === a.endpoint) {
      probe.shown = true;
      ui.show(probe.note);
    }
  };

  // ---- questions for single fields (also used by "edit one field and retry") ----
  type Field = 'endpoint' | 'clientId' | 'clientSecret' | 'org' | 'project' | 'domain';
  const ask = async (field: Field, force = false): Promise<boolean> => {
    if (!p || (!force && given.has(field))) return false;
    switch (field) {
      case 'endpoint': {
        const v = await p.text({
          id: 'endpoint',
          message: 'Control-plane host',
          initial: initial('endpoint'),
          placeholder: 'union.example.com',
          help: 'The host of your self-hosted Union / Flyte control plane. A pasted URL (https://…, dns:///…) is reduced to the host.',
          normalize: oneLine,
          validate: endpointProblem,
          note: (v) => (v && !endpointProblem(v) ? normalizeEndpoint(v).notice : undefined),
        });
        a.endpoint = normalizeEndpoint(v).host;
        // Not from the check's "edit one answer": the check runs right after and says more.
        if (!force) startProbe(a.endpoint);
        return true;
      }
      case 'clientId': {
        a.clientId = await p.text({
          id: 'client-id',
          message: 'Client ID',
          initial: initial('clientId'),
          help: `The client (application) ID of the CI app in ${providerGuide(a.provider ?? 'generic').name}.`,
          normalize: oneLine,
          validate: (v) => (v === '' ? 'Enter the client ID.' : firstError('clientId', v)),
        });
        return true;
      }
      case 'clientSecret': {
        const had = a.clientSecret && !a.clientSecret.isEmpty ? a.clientSecret : undefined;
        const s = await p.secret({
          id: 'client-secret',
          message: 'Client secret',
          help: had
            ? `Masked. Leave empty to keep the secret you entered (${had.length} characters).`
            : a.provider === 'entra'
              ? 'Masked. Paste the secret VALUE, not its Secret ID.'
              : 'Masked. Paste the client secret; a trailing newline or spaces are dropped.',
          validate: (v) => (v === '' ? (had ? undefined : 'Paste the client secret.') : firstError('clientSecret', oneLine(v))),
          // Left empty, the earlier secret is used: the summary says so instead of "0 characters".
          ...(had ? { emptySummary: `kept (${had.length} character${had.length === 1 ? '' : 's'})` } : {}),
        });
        const value = oneLine(s.reveal());
        a.clientSecret = value === '' && had ? had : new Secret(value);
        if (value !== '') a.secretSource = undefined;
        return true;
      }
      case 'org': {
        const host = a.endpoint ?? '';
        const inferred = orgFromEndpoint(host);
        a.org = await p.text({
          id: 'org',
          message: 'Org (global.UNION_ORG)',
          initial: initial('org'),
          placeholder: inferred ?? '',
          help:
            'The value of global.UNION_ORG in the control plane\'s Helm values. If left empty, flyte infers the org from the host, ' +
            'which self-hosted control planes reject as cross-org whenever it differs from UNION_ORG.',
          normalize: oneLine,
          validate: (v) => firstError('org', v),
          note: (v) =>
            v === ''
              ? emptyOrgMessage(host)
              : inferred && inferred !== v
                ? `Left empty, flyte would infer "${inferred}"; the org in the key wins, so "${v}" is used.`
                : undefined,
        });
        return true;
      }
      case 'project':
      case 'domain': {
        a[field] = await p.text({
          id: field,
          message: field === 'project' ? 'Flyte project (task.project in config.yaml)' : 'Flyte domain (task.domain in config.yaml)',
          initial: initial(field) ?? (field === 'domain' ? 'development' : undefined),
          placeholder: field === 'project' ? 'flytesnacks' : 'development',
          normalize: oneLine,
          validate: (v) => (v === '' ? `Enter the ${field}.` : flyteIdProblem(field, v)),
        });
        return true;
      }
    }
  };

  // ---- the live check ----
  const checkOptions = (): CheckOptions => ({
    endpoint: a.endpoint,
    clientId: a.clientId!,
    clientSecret: a.clientSecret!,
    org: a.org || undefined,
    scopes: a.scopes,
    audience: a.audience,
    authMethod: a.authMethod ?? 'basic',
    provider: a.provider,
    caFile: a.caFile,
    timeoutMs: a.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    verbose: true,
  });

  const runCheckOnce = async (): Promise<CheckReport> => {
    const r = await ui.task(`Checking the credentials the way flyte does (${a.endpoint})`, (update) =>
      services.check(checkOptions(), (line) => update(line)),
    );
    report = r;
    const detected = providerFromUrls([r.target.tokenUrl ?? undefined, r.discovered?.tokenEndpoint]);
    if (!a.provider) a.provider = detected ?? r.provider ?? 'generic';
    ui.show({ kind: 'heading', text: r.ok ? 'Check passed' : 'Check failed' }, ...reportBlocks(r, secrets()));
    if (detected && detected !== a.provider) {
      ui.show({
        kind: 'text',
        tone: 'warning',
        text: `The control plane's token endpoint looks like ${providerGuide(detected).name}, but you chose ${providerGuide(a.provider).name}.`,
      });
    }
    return r;
  };

  const saveReport = async (r: CheckReport) => {
    const file = await p!.text({
      id: 'report-file',
      message: 'Save the redacted report to',
      initial: 'flyte-ci-auth-report.txt',
      normalize: oneLine,
      validate: (v) => (v === '' ? 'Enter a file name.' : undefined),
    });
    const text = reportText(
      r,
      { when: services.clock.now(), provider: a.provider ?? 'generic', endpoint: a.endpoint ?? '', clientId: a.clientId ?? '', org: a.org ?? '' },
      secrets(),
    );
    reportPath = await services.saveReport(path.resolve(cwd, file), text);
    ui.show({ kind: 'text', tone: 'success', text: `Saved the report (no secret, no token) to ${reportPath}` });
  };

  const switchOption = async (r: CheckReport): Promise<boolean> => {
    const which = await p!.select({
      id: 'check-option',
      message: 'Which option?',
      choices: [
        { value: 'scope', label: 'Scope', hint: (a.scopes ?? r.discovered?.scopes ?? []).join(' ') || 'as advertised' },
        { value: 'audience', label: 'Audience', hint: a.audience ?? r.discovered?.audience ?? 'as advertised' },
        { value: 'auth-method', label: 'Client authentication method', hint: a.authMethod ?? 'basic' },
      ],
    });
    if (which === 'scope') {
      const v = await p!.text({
        id: 'scope',
        message: 'Scopes (space-separated; empty = what the control plane advertises)',
        initial: (a.scopes ?? r.discovered?.scopes ?? []).join(' '),
        normalize: (s) => s.replace(/[\r\n]+/g, ' ').trim(),
      });
      a.scopes = v === '' ? undefined : v.split(/\s+/);
    } else if (which === 'audience') {
      const v = await p!.text({
        id: 'audience',
        message: 'Audience (empty = what the control plane advertises)',
        initial: a.audience ?? r.discovered?.audience ?? '',
        normalize: oneLine,
      });
      a.audience = v === '' ? undefined : v;
    } else {
      a.authMethod = await p!.select<AuthMethod | 'auto'>({
        id: 'auth-method',
        message: 'Client authentication method',
        initial: a.authMethod ?? 'basic',
        help: 'flyte always sends client_secret_basic; "post" only helps to tell a method mismatch apart.',
        choices: [
          { value: 'basic', label: 'basic', hint: 'what flyte does' },
          { value: 'auto', label: 'auto', hint: 'basic, then post to diagnose a mismatch' },
          { value: 'post', label: 'post', hint: 'diagnosis only' },
        ],
      });
    }
    if (a.scopes || a.audience || (a.authMethod && a.authMethod !== 'auto' && a.authMethod !== 'basic')) {
      ui.show({
        kind: 'text',
        tone: 'warning',
        text: 'flyte sends the scopes and audience the control plane advertises, with HTTP Basic: an override that works here must also be configured on the control plane (or the app) for CI to work.',
      });
    }
    return true;
  };

  const consentSteps = async (r: CheckReport): Promise<boolean> => {
    // The diagnosis's fix steps name the real tenant; the guide's steps are the fallback.
    if (r.diagnosis.fix.length === 0) {
      const steps = providerGuide('entra').adminConsent ?? [];
      ui.show(
        { kind: 'heading', text: 'Grant admin consent' },
        { kind: 'list', ordered: true, items: steps.map((s) => `${s.title}: ${s.where}${s.detail ? `. ${s.detail}` : ''}`) },
      );
    }
    try {
      await p!.pause({
        id: 'admin-consent',
        message: 'Grant the consent in the portal, then press Enter to check again',
        escLabel: 'other options',
      });
      return true;
    } catch (err) {
      if (err instanceof BackSignal) return false;
      throw err;
    }
  };

  const checkStep = async (): Promise<boolean> => {
    probe = undefined;
    let prompted = false;
    for (;;) {
      const r = await runCheckOnce();
      if (r.ok) {
        checkAccepted = true;
        return prompted;
      }
      if (!p) {
        stopped = true;
        return false;
      }
      prompted = true;
      if (r.diagnosis.code === 'admin_consent_missing' && (await consentSteps(r))) {
        await services.afterConsentFix?.();
        continue;
      }
      // The failure menu; actions that change an answer (or "retry") re-run the check.
      let rerun = false;
      while (!rerun) {
        const action = await p.select({
          id: 'check-failed',
          message: 'The check failed. What next?',
          choices: [
            { value: 'retry', label: 'Retry the check' },
            { value: 'edit', label: 'Edit one answer and retry' },
            { value: 'options', label: 'Switch scope, audience or authentication method' },
            { value: 'exchange', label: 'Show the HTTP exchange (redacted)' },
            { value: 'report', label: 'Save a redacted report to a file' },
            { value: 'continue', label: 'Continue anyway', hint: 'CI will fail until this is fixed' },
            { value: 'quit', label: 'Quit without writing anything' },
          ],
        });
        switch (action) {
          case 'retry':
            rerun = true;
            break;
          case 'edit': {
            const field = await orBack(() =>
              p.select<Field>({
                id: 'edit-field',
                message: 'Which answer?',
                choices: [
                  { value: 'endpoint', label: 'Control-plane host', hint: a.endpoint },
                  { value: 'clientId', label: 'Client ID', hint: a.clientId },
                  { value: 'clientSecret', label: 'Client secret', hint: `${a.clientSecret?.length ?? 0} characters` },
                  { value: 'org', label: 'Org', hint: a.org || '(empty)' },
                ],
              }),
            );
            if (field && (await orBack(() => ask(field, true)))) {
              given.delete(field);
              rerun = true;
            }
            break;
          }
          case 'options':
            if (await orBack(() => switchOption(r))) rerun = true;
            break;
          case 'exchange':
            ui.show(exchangeBlock(r, secrets()));
            break;
          case 'report':
            await orBack(() => saveReport(r));
            break;
          case 'continue':
            ui.show({
              kind: 'text',
              tone: 'warning',
              text: 'Continuing with credentials that failed the check: CI will fail until the problem above is fixed.',
            });
            return prompted;
          case 'quit':
            throw new CancelledError('Cancelled: nothing was written.');
          default:
            break;
        }
      }
    }
  };

  // ---- config.yaml ----
  let tls: TlsChoice = a.insecureSkipVerify ? 'skip-verify' : a.caCertFile ? 'ca-cert' : 'system';
  const configFile = () => path.resolve(cwd, a.file ?? defaults.file ?? 'config.yaml');
  const displayPath = (file: string) => {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };

  const configPathStep = async (): Promise<boolean> => {
    if (!p || given.has('file')) return false;
    const v = await p.text({
      id: 'config-file',
      message: 'Where should config.yaml go?',
      initial: displayPath(configFile()),
      help: 'flyte finds ./config.yaml by itself; CI passes it with flyte --config PATH. An existing file is updated, keeping everything else.',
      normalize: oneLine,
      validate: (x) => (x === '' ? 'Enter a path.' : undefined),
    });
    a.file = v;
    return true;
  };

  const tlsStep = async (): Promise<boolean> => {
    if (!p || given.has('caCertFile') || given.has('insecureSkipVerify')) return false;
    const suggestedCa = a.caCertFile ?? defaults.caCertFile ?? a.caFile;
    tls = await p.select<TlsChoice>({
      id: 'tls',
      message: 'How does flyte trust the control plane\'s TLS certificate?',
      initial: a.insecureSkipVerify ? 'skip-verify' : suggestedCa ? 'ca-cert' : 'system',
      help: '`insecure: true` would switch off TLS AND authentication, so it is never written.',
      choices: [
        { value: 'system', label: 'A public CA (nothing to add)' },
        { value: 'ca-cert', label: 'A private CA: caCertFilePath', hint: 'recommended for private CAs' },
        { value: 'skip-verify', label: 'insecureSkipVerify: trust any certificate', hint: 'not recommended' },
      ],
    });
    if (tls === 'ca-cert') {
      a.caCertFile = await p.text({
        id: 'ca-cert-file',
        message: 'PEM file with the CA certificate(s), as CI will see it',
        initial: suggestedCa,
        help: 'The path must exist where flyte runs: commit the PEM and give a path relative to the repository, or install it in the CI image.',
        normalize: oneLine,
        validate: (x) => (x === '' ? 'Enter the path of the PEM file.' : undefined),
      });
      a.insecureSkipVerify = undefined;
    } else {
      a.caCertFile = undefined;
      a.insecureSkipVerify = tls === 'skip-verify' ? true : undefined;
    }
    return true;
  };

  const configStep = async (): Promise<boolean> => {
    const file = configFile();
    const shown = displayPath(file);
    const settings: ConfigSettings = {
      endpoint: a.endpoint!,
      project: a.project!,
      domain: a.domain!,
      ...(a.org ? { org: a.org } : {}),
      ...(a.caCertFile ? { caCertFilePath: a.caCertFile } : {}),
      ...(a.insecureSkipVerify && !a.caCertFile ? { insecureSkipVerify: true } : {}),
      disableKeyring: true,
    };
    let preview: { existing?: string; merge: MergeResult };
    try {
      preview = await services.previewConfig(file, settings);
    } catch (err) {
      if (!(err instanceof ConfigParseError)) throw err;
      const where = err.line ? ` (line ${err.line}${err.column ? `, column ${err.column}` : ''})` : '';
      throw new UsageError(
        `${shown} is not a YAML mapping${where}: ${err.message.split('\n')[0]}`,
        'Fix or move the file, or pass --file with another path; it was not changed.',
      );
    }
    const { existing, merge } = preview;
    if (merge.created || existing === undefined) {
      ui.show({ kind: 'code', title: `New file ${shown}`, text: merge.text.trimEnd() });
    } else {
      const diff = lineDiff(existing, merge.text);
      if (!hasChanges(diff)) {
        ui.show({ kind: 'text', tone: 'success', text: `${shown} already has these settings: nothing to change.` });
        configResult = { path: file, written: false, upToDate: true, changes: merge.changes };
        return false;
      }
      ui.show({ kind: 'diff', title: `Changes to ${shown}`, lines: foldDiff(diff) });
    }
    if (merge.warnings.length > 0) ui.show({ kind: 'list', tone: 'warning', items: merge.warnings });
    if (settings.insecureSkipVerify) {
      ui.show({
        kind: 'text',
        tone: 'warning',
        text: 'insecureSkipVerify trusts any certificate the server sends; prefer caCertFilePath with the private CA.',
      });
    }
    const ok = yes || (await p!.confirm({ id: 'write-config', message: `Write ${shown}?`, initial: true }));
    if (!ok) {
      ui.show({ kind: 'text', tone: 'dim', text: `${shown} was not written.` });
      configResult = { path: file, written: false, changes: merge.changes };
      return true;
    }
    const w = await services.writeConfig(file, merge.text);
    configResult = { path: w.path, written: true, created: w.created, backupPath: w.backupPath, changes: merge.changes };
    ui.show({
      kind: 'text',
      tone: 'success',
      text: `${w.created ? 'Created' : 'Updated'} ${shown}${w.backupPath ? ` (previous version kept in ${displayPath(w.backupPath)})` : ''}.`,
    });
    return !yes;
  };

  // ---- CI ----
  const ciStep = async (): Promise<boolean> => {
    if (!p || given.has('ci')) return false;
    a.ci = await p.select<CiTarget>({
      id: 'ci',
      message: 'Where does the pipeline run?',
      initial: a.ci ?? detection.target ?? defaults.ci,
      help: detection.from ? `Pre-selected from ${detection.from}.` : undefined,
      choices: [
        { value: 'github', label: 'GitHub Actions' },
        { value: 'gitlab', label: 'GitLab CI' },
        { value: 'jenkins', label: 'Jenkins' },
        { value: 'other', label: 'Other CI system' },
      ],
    });
    return true;
  };

  const repoStep = async (): Promise<boolean> => {
    const target = a.ci;
    if (!p || given.has('repo') || (target !== 'github' && target !== 'gitlab')) return false;
    const v = await p.text({
      id: 'repo',
      message: target === 'github' ? 'GitHub repository (OWNER/REPO)' : 'GitLab project (GROUP/PROJECT)',
      initial: a.repo ?? (detection.target === target ? detection.repo : undefined),
      normalize: oneLine,
      validate: (x) => (x === '' ? 'Enter the repository.' : parseRepoArg(target, x) ? undefined : target === 'github' ? 'Expected OWNER/REPO.' : 'Expected GROUP/PROJECT.'),
    });
    a.repo = v;
    return true;
  };

  const buildKey = (): { key?: Secret; problem?: string } => {
    try {
      return { key: encodeApiKey({ endpoint: a.endpoint!, clientId: a.clientId!, clientSecret: a.clientSecret!, org: a.org ?? '' }) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { problem: `FLYTE_API_KEY cannot be built from these answers: ${message}` };
    }
  };

  const instructionBlocks = async (target: CiTarget): Promise<Block[]> => {
    const blocks = await instructionBlocksOf(target);
    // The wizard asks for no deploy path: the snippet names a placeholder the user must replace (as `instructions`
    // says when --path is missing).
    return mentionsPlaceholderPath(blocks) ? [...blocks, ...placeholderPathNote(target, a.project!, a.domain!)] : blocks;
  };

  const instructionBlocksOf = async (target: CiTarget): Promise<Block[]> => [
    ...(endpointProblem(a.endpoint!)
      ? [
          {
            kind: 'text',
            tone: 'dim',
            text: `FLYTE_API_KEY cannot carry "${a.endpoint}" (a key holds a bare host, no port); with your own control plane it is built from the bare host.`,
          } as const,
        ]
      : [
          {
            kind: 'text',
            text: 'The wizard never prints FLYTE_API_KEY. To get the value for a CI settings page, build it yourself:',
          } as const,
          {
            kind: 'code',
            text: `printf '%s' "$CLIENT_SECRET" | flyte-ci-auth key encode --endpoint ${shellQuote(a.endpoint!)} --client-id ${shellQuote(a.clientId!)} --org ${shellQuote(a.org ?? '')}`,
          } as const,
        ]),
    ...(await services.instructions(target, {
      project: a.project!,
      domain: a.domain!,
      repo: a.repo,
      env: a.env,
      configPath: displayPath(configFile()),
    })),
  ];

  const pushStep = async (): Promise<boolean> => {
    const target = a.ci!;
    ciResult = { target, repo: a.repo, env: a.env, pushed: false };
    if (target !== 'github' && target !== 'gitlab') {
      ui.show(...(await instructionBlocks(target)));
      ciResult.reason = 'manual steps shown';
      return false;
    }
    const built = buildKey();
    const fallback = async (reason: string) => {
      ciResult!.reason = reason;
      ui.show({ kind: 'text', tone: 'warning', text: reason }, ...(await instructionBlocks(target)));
    };
    if (a.noPush) {
      ciResult.reason = run.demo ? 'demo: nothing is pushed' : '--no-push';
      ui.show({ kind: 'heading', text: 'Add the secret yourself' }, ...(await instructionBlocks(target)));
      return false;
    }
    if (!built.key) {
      await fallback(built.problem!);
      return false;
    }
    if (!a.repo) {
      await fallback('No repository given: cannot push.');
      return false;
    }
    const tool = target === 'github' ? 'gh' : 'glab';
    const avail = await ui.task(`Looking for ${tool} and its login`, () => services.pushAvailability(target, a.repo!));
    if (!avail.ok) {
      await fallback(`${tool} cannot store the secret: ${avail.reason ?? 'not available'}.`);
      return false;
    }
    const where = `${target === 'github' ? 'GitHub' : 'GitLab'} ${a.repo}${a.env ? ` (environment ${a.env})` : ''}`;
    let prompted = false;
    if (!yes) {
      prompted = true;
      const ok = await p!.confirm({ id: 'push', message: `Set FLYTE_API_KEY on ${where} with ${tool}?`, initial: true });
      if (!ok) {
        await fallback('Not pushed: you chose to add the secret yourself.');
        return true;
      }
    }
    const outcome = await ui.task(`Storing FLYTE_API_KEY in ${where}`, () =>
      services.push({ target, repo: a.repo!, env: a.env, key: built.key! }),
    );
    if (outcome.ok) {
      ciResult = { target, repo: a.repo, env: a.env, pushed: true, where: outcome.where };
      ui.show({ kind: 'text', tone: 'success', text: `FLYTE_API_KEY stored in ${outcome.where}.` });
    } else {
      ciResult = { target, repo: a.repo, env: a.env, pushed: false, where: outcome.where, reason: outcome.message ?? 'push failed' };
      ui.show({ kind: 'text', tone: 'error', text: `Could not store FLYTE_API_KEY: ${outcome.message ?? 'push failed'}` }, ...(await instructionBlocks(target)));
    }
    return prompted;
  };

  // ---- the pipeline file in the repository ----
  let pipelineResult: SetupResult['pipeline'];
  /**
   * The repository the pipeline file goes into: the working directory; in --demo (only with --write-pipeline) the
   * folder of config.yaml (the demo's temporary folder, or the folder the user gave with --dir/--file), so the demo
   * never writes into the folder it was started from unless pointed there.
   */
  const repoRoot = () => (run.demo ? path.dirname(configFile()) : cwd);

  const pipelineStep = async (): Promise<boolean> => {
    pipelineResult = undefined;
    const target = a.ci;
    if (target !== 'github' && target !== 'gitlab' && target !== 'jenkins') return false;
    if (a.writePipeline === false || (!p && a.writePipeline !== true)) return false;
    // --demo: only on request (--write-pipeline), so the demo's walkthrough stays the same; see repoRoot for where.
    if (run.demo && a.writePipeline !== true) return false;
    const root = repoRoot();
    const cfgRel = path.relative(root, configFile());
    const configPath = cfgRel && !cfgRel.startsWith('..') && !path.isAbsolute(cfgRel) ? cfgRel.split(path.sep).join('/') : 'config.yaml';
    let prompted = false;
    let wanted = false;
    const confirm: PipelineWriteOptions['confirm'] = async ({ file, existing, text, diff }) => {
      const shown = displayPath(path.resolve(root, file));
      if (existing) {
        if (diff) ui.show({ kind: 'diff', title: `Changes to ${shown}`, lines: diffLinesOf(diff) });
        // An existing file is changed only with --yes and --write-pipeline, or when the user says so.
        if (yes && a.writePipeline === true) return (wanted = true);
        if (!p) return false;
        prompted = true;
        return (wanted = await p.confirm({ id: 'write-pipeline', message: `Change ${shown}?`, initial: false }));
      }
      if (a.writePipeline === true) return (wanted = true);
      if (!p) return false;
      if (text) ui.show({ kind: 'code', title: `New file ${shown}`, text: text.trimEnd() });
      prompted = true;
      return (wanted = await p.confirm({ id: 'write-pipeline', message: `Write the pipeline to ${shown}?`, initial: true }));
    };
    let w: PipelineWrite;
    try {
      w = await services.writePipeline(target, { project: a.project!, domain: a.domain!, repo: a.repo, env: a.env, dir: root, configPath, confirm });
    } catch (err) {
      if (err instanceof BackSignal || err instanceof CancelledError) throw err;
      // A .gitlab-ci.yml that does not parse, a folder that cannot be written: the rest of the setup stands.
      const message = stripControl(err instanceof Error ? err.message : String(err), { singleLine: true, maxLength: 300 });
      const file = target === 'github' ? '.github/workflows/flyte-deploy.yml' : target === 'gitlab' ? '.gitlab-ci.yml' : 'Jenkinsfile';
      w = { file, status: 'skipped', reason: message.replace(/\.$/, '') };
    }
    if (wanted) a.writePipeline = true;
    return pipelineOutcome(w, root, prompted);
  };

  const pipelineOutcome = (w: PipelineWrite, root: string, prompted: boolean): boolean => {
    const shown = displayPath(path.resolve(root, w.file));
    pipelineResult = {
      file: shown,
      status: w.status,
      ...(w.reason ? { reason: w.reason } : {}),
      ...(w.backupPath ? { backupPath: displayPath(path.resolve(root, w.backupPath)) } : {}),
    };
    if (w.status === 'created' || w.status === 'updated') {
      ui.show({
        kind: 'text',
        tone: 'success',
        text: `${w.status === 'created' ? 'Created' : 'Updated'} ${shown}${w.backupPath ? ` (previous version kept in ${pipelineResult.backupPath})` : ''}.`,
      });
      if (w.placeholderPath) {
        ui.show({ kind: 'text', tone: 'warning', text: `Replace ${PLACEHOLDER_DEPLOY_PATH} in ${shown} with the file or folder to deploy.` });
      }
    } else if (w.status === 'unchanged') {
      ui.show({ kind: 'text', tone: 'success', text: `${shown} already has this job: nothing to change.` });
    } else {
      ui.show({ kind: 'text', tone: w.reason && !w.reason.startsWith('you declined') ? 'warning' : 'dim', text: `${shown} was not written${w.reason ? `: ${w.reason}` : ''}.` });
    }
    return prompted;
  };

  // ---- provider, shared cluster, checklist ----
  const showChecklist = () => Boolean(p) && (run.demo || !given.has('clientId') || !given.has('clientSecret'));

  const providerStep = async (): Promise<boolean> => {
    if (!p || given.has('provider')) return false;
    a.provider = await p.select<ProviderId>(providerQuestion(a.provider ?? defaults.provider));
    return true;
  };

  const sharedStep = async (): Promise<boolean> => {
    if (!showChecklist() || given.has('sharedCluster')) return false;
    a.sharedCluster = await p!.confirm({
      id: 'shared-cluster',
      message: 'Do several teams or repositories deploy to this cluster?',
      initial: a.sharedCluster ?? false,
    });
    return true;
  };

  /** The steps ticked last time: coming back to the checklist shows them ticked again. */
  let ticked: string[] | undefined;
  const checklistStep = async (): Promise<boolean> => {
    const guide = providerGuide(a.provider ?? 'generic');
    if (a.sharedCluster) {
      ui.show({ kind: 'text', tone: 'info', text: `Several teams share this cluster: ${guide.perTeam}` });
    }
    if (!showChecklist()) return false;
    const items = checklistItems(guide.setup);
    const before = ticked?.filter((id) => items.some((item) => item.id === id));
    const answer = await p!.checklist({
      id: 'checklist',
      title: `Create the CI app in ${guide.name}`,
      items,
      help: guide.console.url ? `Console: ${guide.console.url}` : guide.console.hint ? `Console: ${guide.console.hint}` : undefined,
      ...(before && before.length > 0 ? { initial: before } : {}),
    });
    if (Array.isArray(answer)) ticked = answer;
    return true;
  };

  const steps: Step[] = [
    { id: 'provider', run: providerStep },
    { id: 'shared-cluster', run: sharedStep },
    { id: 'checklist', run: checklistStep },
    { id: 'endpoint', run: () => ask('endpoint') },
    { id: 'client-id', run: () => ask('clientId') },
    { id: 'client-secret', run: () => ask('clientSecret') },
    { id: 'org', run: () => ask('org') },
    { id: 'project', run: () => ask('project') },
    { id: 'domain', run: () => ask('domain') },
    { id: 'check', run: checkStep },
    { id: 'config-file', run: async () => (stopped ? false : configPathStep()) },
    { id: 'tls', run: async () => (stopped ? false : tlsStep()) },
    { id: 'config', run: async () => (stopped ? false : configStep()) },
    { id: 'ci', run: async () => (stopped ? false : ciStep()) },
    { id: 'repo', run: async () => (stopped ? false : repoStep()) },
    { id: 'push', run: async () => (stopped ? false : pushStep()) },
    { id: 'pipeline', run: async () => (stopped ? false : pipelineStep()) },
  ];
  await runSteps(steps.map((s) => ({ ...s, run: async () => (flushProbe(), s.run()) })));

  // ---- summary ----
  const now = services.clock.now();
  const rotationDue = isoDate(addDays(now, ROTATION_DAYS));
  const provider = a.provider ?? 'generic';
  const command = equivalentCommand(run.demo ? { ...a, caCertFile: run.answers.caCertFile, noPush: undefined } : a, {
    demo: Boolean(run.demo),
    file: run.demo && !given.has('file') ? undefined : displayPath(configFile()),
    tls,
  });
  const r = report!;
  const status: SetupResult['status'] = !r.ok ? 'check_failed' : ciResult && !ciResult.pushed && ciResult.where ? 'push_failed' : 'ok';
  const cfgShown = configResult ? displayPath(configResult.path) : displayPath(configFile());
  const next: string[] = [];
  if (stopped) {
    next.push(`flyte-ci-auth check --endpoint ${shellQuote(a.endpoint!)} --client-id ${shellQuote(a.clientId!)} --client-secret-stdin --verbose`);
  } else {
    const toCommit = [
      ...(configResult?.written && !path.isAbsolute(cfgShown) ? [cfgShown] : []),
      ...(pipelineResult && (pipelineResult.status === 'created' || pipelineResult.status === 'updated') && !path.isAbsolute(pipelineResult.file)
        ? [pipelineResult.file]
        : []),
    ];
    if (toCommit.length > 0) {
      const what = toCommit.length > 1 || !configResult?.written ? 'flyte config and deploy pipeline for CI' : 'flyte config for CI';
      next.push(`git add ${toCommit.map(shellQuote).join(' ')} && git commit -m "${configResult?.written ? what : 'flyte deploy pipeline for CI'}"`);
    }
    next.push(`flyte --config ${shellQuote(cfgShown)} deploy <file.py|folder> [ENV_NAME]`);
    next.push(`flyte-ci-auth rotate   (before ${rotationDue})`);
    if (run.demo) next.push('flyte-ci-auth setup   (the same wizard against your own identity provider and control plane)');
  }

  const result: SetupResult = {
    status,
    provider,
    endpoint: a.endpoint!,
    clientId: a.clientId!,
    org: a.org ?? '',
    project: a.project!,
    domain: a.domain!,
    secretFingerprint: fingerprintIfSafe(a.clientSecret!) ?? null,
    check: { ok: r.ok, code: r.diagnosis.code, title: r.diagnosis.title, ...(r.ok ? {} : { accepted: !stopped }) },
    ...(configResult ? { config: configResult } : {}),
    ...(ciResult ? { ci: ciResult } : {}),
    ...(pipelineResult ? { pipeline: pipelineResult } : {}),
    rotationDue,
    next,
    command,
    ...(reportPath ? { reportPath } : {}),
  };
  ui.show(...summaryBlocks(result, cfgShown));
  return result;
}

const PROBE_TIMEOUT_MS = 5_000;

function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** The probe's one-line note (server text is already sanitised by the service; cleaned again to one line). */
export function probeNote(host: string, r: HostProbe): Block {
  const clean = (t: string) => stripControl(t, { singleLine: true, maxLength: 160 });
  if (r.ok) {
    return {
      kind: 'text',
      tone: 'success',
      text: `✓ ${host} answers as a Flyte control plane${r.tokenEndpoint ? ` (token endpoint ${clean(r.tokenEndpoint)})` : ''}`,
    };
  }
  return { kind: 'text', tone: 'warning', text: `✗ ${host}: ${lowerFirst(clean(r.title))} — fix it now (Esc goes back) or continue` };
}

/** A unified diff as the wizard's diff block (headers dropped, a hunk header becomes a gap line). */
function diffLinesOf(diff: string): Array<{ op: '+' | '-' | ' '; text: string }> {
  const out: Array<{ op: '+' | '-' | ' '; text: string }> = [];
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) continue;
    if (line.startsWith('@@')) {
      if (out.length > 0) out.push({ op: ' ', text: '…' });
      continue;
    }
    if (line.startsWith('\\')) continue;
    const op = line[0] === '+' || line[0] === '-' ? line[0] : ' ';
    out.push({ op, text: line.slice(1) });
  }
  return out;
}

function pipelineSummary(x: NonNullable<SetupResult['pipeline']>): string {
  switch (x.status) {
    case 'created':
    case 'updated':
      return `${x.file} (${x.status}${x.backupPath ? `, backup ${path.basename(x.backupPath)}` : ''})`;
    case 'unchanged':
      return `${x.file} (already up to date)`;
    default:
      return `${x.file} NOT written${x.reason ? ` (${x.reason})` : ''}`;
  }
}

/** The deploy path `instructions` fills in when none is given (src/services/instructions.ts PLACEHOLDER_PATH). */
export const PLACEHOLDER_DEPLOY_PATH = 'workflows.py';

function mentionsPlaceholderPath(blocks: Block[]): boolean {
  const word = new RegExp(`(^|[\\s'"=])${PLACEHOLDER_DEPLOY_PATH.replace('.', '\\.')}($|[\\s'"])`, 'mu');
  return blocks.some((b) =>
    b.kind === 'code' || b.kind === 'text' ? word.test(b.text) : b.kind === 'list' ? b.items.some((item) => word.test(item)) : false,
  );
}

function placeholderPathNote(target: CiTarget, project: string, domain: string): Block[] {
  const system = target === 'other' ? 'SYSTEM' : target;
  return [
    {
      kind: 'text',
      tone: 'warning',
      text: `Replace ${PLACEHOLDER_DEPLOY_PATH} in the snippet with the file or folder to deploy, or print the snippet with your path:`,
    },
    { kind: 'code', text: `flyte-ci-auth instructions ${system} --project ${shellQuote(project)} --domain ${shellQuote(domain)} --path PATH` },
  ];
}

function summaryBlocks(r: SetupResult, cfgShown: string): Block[] {
  if (r.status === 'check_failed' && !r.check.accepted) {
    return [
      { kind: 'heading', text: 'Stopped: the check failed' },
      { kind: 'text', text: 'Nothing was written and nothing was pushed. Fix the problem above and run the same command again.' },
      { kind: 'code', title: 'Check again on its own', text: r.next.join('\n') },
    ];
  }
  const cfg = r.config;
  const config = !cfg
    ? 'not written'
    : cfg.upToDate
      ? `${cfgShown} (already up to date)`
      : cfg.written
        ? `${cfgShown} (${cfg.created ? 'created' : 'updated'}${cfg.backupPath ? `, backup ${path.basename(cfg.backupPath)}` : ''})`
        : `${cfgShown} NOT written (you declined)`;
  const ci = !r.ci
    ? 'not set'
    : r.ci.pushed
      ? `FLYTE_API_KEY stored in ${r.ci.where}`
      : `not pushed (${r.ci.reason ?? 'manual steps shown above'}): add FLYTE_API_KEY as shown above`;
  return [
    { kind: 'heading', text: r.status === 'ok' ? 'Done' : r.status === 'push_failed' ? 'Done, except the CI secret' : 'Done, but the check failed' },
    {
      kind: 'table',
      rows: [
        { label: 'Provider', value: providerGuide(r.provider).name },
        { label: 'Control plane', value: r.endpoint },
        { label: 'Client ID', value: r.clientId },
        { label: 'Org', value: r.org || `(empty: flyte infers ${orgFromEndpoint(r.endpoint) ?? 'none'})` },
        { label: 'Project / domain', value: `${r.project} / ${r.domain}` },
        { label: 'Check', value: r.check.ok ? 'passed' : `FAILED (${r.check.title})` },
        { label: 'config.yaml', value: config },
        { label: 'CI secret', value: ci },
        ...(r.pipeline ? [{ label: 'Pipeline', value: pipelineSummary(r.pipeline) }] : []),
        { label: 'Secret fingerprint', value: r.secretFingerprint ? `sha256:${r.secretFingerprint}` : '(not shown: the secret is too short to show one safely)' },
        { label: 'Rotate by', value: `${r.rotationDue} (90 days)` },
      ],
    },
    { kind: 'code', title: 'Next', text: r.next.join('\n') },
    { kind: 'code', title: 'The same setup without questions (the secret comes from the environment)', text: r.command },
  ];
}

/** `flyte-ci-auth setup --yes …` with every answer as a flag; the secret only as an env var name or stdin. */
export function equivalentCommand(a: SetupAnswers, opts: { demo: boolean; file?: string; tls: TlsChoice }): string {
  const args: string[] = ['setup'];
  const add = (flag: string, value?: string) => {
    if (value !== undefined) args.push(flag, shellQuote(value));
  };
  let prefix = '';
  if (opts.demo) {
    args.push('--demo');
  } else {
    add('--provider', a.provider);
    add('--endpoint', a.endpoint);
    add('--client-id', a.clientId);
    if (a.secretSource?.kind === 'stdin') {
      prefix = `printf '%s' "$CLIENT_SECRET" | `;
      args.push('--client-secret-stdin');
    } else {
      add('--client-secret-env', a.secretSource?.kind === 'env' ? a.secretSource.name : 'CLIENT_SECRET');
    }
    add('--org', a.org ?? '');
  }
  add('--project', a.project);
  add('--domain', a.domain);
  if (a.scopes) add('--scope', a.scopes.join(' '));
  add('--audience', a.audience);
  if (a.authMethod && a.authMethod !== 'basic') add('--auth-method', a.authMethod);
  if (!opts.demo) add('--ca-file', a.caFile);
  if (a.timeoutMs !== undefined && a.timeoutMs !== DEFAULT_TIMEOUT_MS) add('--timeout', String(a.timeoutMs / 1000));
  add('--file', opts.file);
  if (a.caCertFile) add('--ca-cert-file', a.caCertFile);
  else if (opts.tls === 'skip-verify' || a.insecureSkipVerify) args.push('--insecure-skip-verify');
  add('--ci', a.ci);
  if (a.ci === 'github' || a.ci === 'gitlab') add('--repo', a.repo);
  add('--env', a.env);
  if (a.noPush) args.push('--no-push');
  if (a.writePipeline === true) args.push('--write-pipeline');
  args.push('--yes');
  return `${prefix}flyte-ci-auth ${args.join(' ')}`;
}
