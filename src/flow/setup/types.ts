/**
 * The setup wizard's vocabulary: the answers (each one can come from a flag), the services the steps call, the
 * run's inputs and its result.
 */
import type { AuthMethod, CheckOptions, CheckReport, ProviderId } from '../../core/check-types.js';
import type { ConfigChange, ConfigSettings, MergeResult } from '../../core/config-yaml.js';
import type { Block, Prompter } from '../../core/prompter.js';
import type { Secret } from '../../core/secret.js';
import type { Display } from '../plain-display.js';
import { ROTATION_DAYS } from '../common.js';
import type { Wait } from '../keep-checking.js';
import type { KeyHandoffServices } from '../key-handoff.js';
import type { CliLoginServices, LoginNeed } from '../cli-login.js';
import type { CreateClientAnswers, CreateClientOutcome, CreatedObject, Targets } from '../create-client.js';

export { ROTATION_DAYS };
import type { CiTarget, CliPushTarget, PipelineTarget } from '../../core/ci/targets.js';
export { CI_TARGETS, type CiTarget, type PipelineTarget } from '../../core/ci/targets.js';
export type TlsChoice = 'system' | 'ca-cert' | 'skip-verify';

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
  /** PEM of the identity provider's CA: the token request trusts it (CI: an SSL_CERT_FILE bundle). */
  idpCaFile?: string;
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
  /** gh/glab is not logged in to the host: the login offer can fix it (src/flow/cli-login.ts). */
  login?: LoginNeed;
}

/** "Create it for me" (src/flow/create-client.ts over src/services/registration). */
export interface CreateClientServices {
  /** What the identity provider offers (registration endpoint, Entra); throws when discovery fails. */
  targets(endpoint: string, opts: { provider?: ProviderId; caFile?: string; idpCaFile?: string; timeoutMs: number }): Promise<Targets>;
  create(p: Prompter, targets: Targets, answers: CreateClientAnswers, opts: { caFile?: string; idpCaFile?: string; timeoutMs: number }): Promise<CreateClientOutcome>;
  /** The demo's registration token (the demo answers this question itself). */
  credential?: Secret;
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
  /** The identity provider's CA: the pipeline builds an SSL_CERT_FILE bundle with it. */
  idpCaFile?: string;
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
  /** The flyte-style check (runCheck in src/services/check); `progress` updates the spinner line. */
  check(opts: CheckOptions, progress: (line: string) => void): Promise<CheckReport>;
  /** Read the file (if any) and merge the settings into it; nothing is written. */
  previewConfig(file: string, settings: ConfigSettings): Promise<{ existing?: string; merge: MergeResult }>;
  /** Atomic write with a .bak backup of what it replaces. */
  writeConfig(file: string, text: string): Promise<{ path: string; backupPath?: string; created: boolean }>;
  /** The CI system and repository the git remote points at. */
  detectCi(): Promise<CiDetection>;
  /** gh/glab installed and logged in for that repository's host? */
  pushAvailability(target: CliPushTarget, repo: string): Promise<{ ok: boolean; reason?: string; login?: LoginNeed }>;
  /** Runs `gh auth login` / `glab auth login` on the lent terminal (src/flow/cli-login.ts); absent: not offered. */
  cliLogin?: CliLoginServices;
  push(req: PushRequest): Promise<PushOutcome>;
  /** The exact manual steps and the pipeline snippet. */
  instructions(target: CiTarget, opts: { project: string; domain: string; repo?: string; env?: string; configPath: string; idpCaFile?: string }): Promise<Block[]>;
  /** `wait`: the pause between "keep checking" attempts (tests pass one that returns at once); default: real time. */
  clock: { now(): Date; wait?: Wait };
  /** `readText`: the text of a file, undefined when it does not exist (the CA path is checked when typed). */
  files: { exists(file: string): Promise<boolean>; readText?(file: string): Promise<string | undefined> };
  /** Write a redacted report the user asked for; returns the absolute path. */
  saveReport(file: string, text: string): Promise<string>;
  /** Write the pipeline file into the repository (src/services/instructions.ts writeInstructions). */
  writePipeline(target: PipelineTarget, opts: PipelineWriteOptions): Promise<PipelineWrite>;
  /** The control plane's anonymous metadata call with a short timeout; absent: no probe. */
  probeHost?(endpoint: string, opts: { caFile?: string; timeoutMs: number }): Promise<HostProbe>;
  /** Demo only: "fix it in the portal" (grant the admin consent in the demo server) before the re-check. */
  afterConsentFix?(): Promise<void>;
  /** "Create it for me"; absent: only the checklist. */
  createClient?: CreateClientServices;
  /** Clipboard / 0600 file for the key hand-off (src/flow/key-handoff.ts); absent: not offered. */
  keyHandoff?: KeyHandoffServices;
  /** Demo only: after each failed "keep checking" attempt (the demo's admin grants the consent meanwhile). */
  duringKeepChecking?(attempt: number): Promise<void>;
  /** The tool's and Node's versions, for the redacted report. */
  versions?: { tool: string; node: string };
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
  /** Answers remembered from config.yaml, FLYTE_API_KEY and the git remote: initial values that say where they came from. */
  remembered?: { answers: SetupAnswers; from: Partial<Record<AnswerKey, string>> };
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
  /** `handoff`: how the person took the key when it was not pushed ("copy: xclip", "file: PATH", "show"). */
  ci?: { target: CiTarget; repo?: string; env?: string; pushed: boolean; where?: string; reason?: string; handoff?: string };
  /** The pipeline file offered at the CI step (path as shown: relative to cwd when inside it). */
  pipeline?: { file: string; status: PipelineWrite['status']; reason?: string; backupPath?: string };
  /** What "Create it for me" made (client, app registration, secret…), each with how to remove it. */
  created?: CreatedObject[];
  /** ISO date: 90 days after the run, or the created secret's end date when that comes first. */
  rotationDue: string;
  /** The created secret's end date (ISO date), when the provider set one. */
  secretExpiresAt?: string;
  next: string[];
  /** The equivalent non-interactive command line (the secret only as an env var name or stdin). */
  command: string;
  reportPath?: string;
}

