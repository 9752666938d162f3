/** The rotation's vocabulary: CI targets, services, input, steps and result. */
import type { ApiKeyFields, DecodedApiKey, KeyField, KeyProblem } from '../../core/apikey.js';
import type { CheckOptions, CheckReport, CheckShape, ProviderId } from '../../core/check-types.js';
import type { Block } from '../../core/prompter.js';
import type { Secret } from '../../core/secret.js';
import type { RetryClock } from '../../core/retry-until.js';
import type { CliLoginServices, LoginNeed } from '../cli-login.js';

import type { CiKind, PushDestination } from '../../core/ci/targets.js';
export type { CiKind, PushDestination } from '../../core/ci/targets.js';

export interface PushOutcome {
  ok: boolean;
  /** One line: what happened ("Set FLYTE_API_KEY on acme/app"). */
  summary: string;
  /** What to do next when it failed. */
  hint?: string;
  /** Nothing was stored (dry run, or `none`: instructions were printed). */
  stored: boolean;
  /** Instructions / dry-run command to show (never contains the key). */
  details?: string[];
  /** The push failed because gh/glab is not logged in: the login that would fix it. */
  login?: LoginNeed;
}

/** What the provider guide says about rotating: the wizard-flow colleague's providers-data, adapted. */
export interface RotationGuide {
  provider: ProviderId;
  name: string;
  /** true when the provider keeps the old secret valid while a new one exists (Okta, Entra). */
  overlap: boolean;
  /** Steps to create a NEW secret while keeping the old one. */
  createSteps: string[];
  /** Steps to delete the old secret once the new one is verified. */
  deleteSteps: string[];
  /** Said plainly when there is no overlap. */
  overlapNote?: string;
  link?: string;
  /** How sentences name it ("in Okta", "in your identity provider"); default `name`. */
  place?: string;
}

export type StoredSecretAge =
  | { state: 'set'; updatedAt: Date }
  | { state: 'not_set' }
  /** `reason` in words without a final full stop; `login` when a gh/glab login is the fix. */
  | { state: 'unknown'; reason: string; login?: LoginNeed };

export interface WorkflowRun {
  ok: boolean;
  summary: string;
  url?: string;
}

/** Everything the flow touches, injected (the command wires the real ones; tests pass fakes). */
export interface RotateServices {
  decodeKey(key: string): DecodedApiKey;
  encodeKey(fields: ApiKeyFields): Secret;
  /** The fingerprint to show, or undefined when the secret is too short to show one safely (apikey.ts fingerprintIfSafe). */
  fingerprint(secret: Secret): string | undefined;
  validateField(field: KeyField, value: string): KeyProblem[];
  check(opts: CheckOptions): Promise<CheckReport>;
  /** The only call that writes to the CI secret store. */
  push(key: Secret, target: PushDestination): Promise<PushOutcome>;
  /**
   * When the CI secret was last written (GitHub: updated_at), or the real reason it cannot be told ("gh is not
   * logged in to github.com"); `login` when logging gh/glab in would let it be told (and the push work).
   */
  secretAge(target: PushDestination): Promise<StoredSecretAge>;
  /** Runs `gh|glab auth login` on the lent terminal (flow/cli-login.ts); absent: the command is only named. */
  cliLogin?: CliLoginServices;
  /** The clock of the new secret's propagation wait (Auth0: up to 30 s; src/services/clock.ts, tests a fake). */
  clock: RetryClock;
  now(): Date;
  providerGuide(id: ProviderId): RotationGuide;
  /** The CI target the project uses (git remote), for the interactive default. */
  detectTarget?(): Promise<PushDestination | null>;
  /** A deploy workflow file name (GitHub) that can be dispatched, if any. */
  findDeployWorkflow?(target: PushDestination): Promise<string | null>;
  runWorkflow?(target: PushDestination, workflow: string): Promise<WorkflowRun>;
  /** Makes the new Entra secret itself through az (absent: the person makes it in the console). */
  azSecrets?: AzSecretMaker;
  /** RFC 7592: reads and updates a client kept by `client create --keep-registration FILE`. */
  registrationSecrets?: RegistrationSecretMaker;
}

/** An Entra client secret as listed (Graph passwordCredential metadata; `hint` = its first 3 characters). */
export interface EntraCredential {
  keyId: string;
  displayName: string;
  hint: string;
  endDateTime: string;
}

/**
 * Entra through az: list, add (next to the old ones), delete. Each call throws an Error whose message says what
 * failed and what to do (az not installed, not signed in, no permission), never a secret.
 */
export interface AzSecretMaker {
  /** az installed and signed in (for the interactive offer); never throws. */
  ready(): Promise<boolean>;
  list(appId: string): Promise<EntraCredential[]>;
  /** `reset --append`: the existing secrets stay valid. `before`: the keyIds listed before, to find the new one. */
  append(appId: string, endDate: string, name: string, before: readonly string[]): Promise<{ secret: Secret; credential?: EntraCredential }>;
  remove(appId: string, keyId: string): Promise<void>;
  /** The commands as printed (--dry-run, the delete command to run by hand): no secret in any of them. */
  commands: {
    list(appId: string): string;
    append(appId: string, endDate: string, name: string): string;
    remove(appId: string, keyId: string): string;
  };
}

/** A client kept by `client create --keep-registration FILE`, read back with RFC 7592 (GET). */
export interface KeptRegistration {
  clientId: string;
  /** The registration_client_uri's host (for sentences). */
  host: string;
  /** The client_secret the read answer carries (the current one), when it does. */
  currentSecret?: Secret;
  /** The RFC 7592 update (PUT) of the metadata just read, without client_secret: the only call that changes anything. */
  update(): Promise<RegistrationUpdate>;
  close(): Promise<void>;
}

export interface RegistrationUpdate {
  /** The client_secret the update answer carries (the same as before when the server does not rotate secrets). */
  clientSecret?: Secret;
  /** client_secret_expires_at as an ISO date-time, when not 0. */
  secretExpiresAt?: string;
  /** A new registration access token came back and was written to the file (atomically, 0600, backup). */
  tokenRotated: boolean;
  /** Why a new registration access token could not be written (the file then holds a dead one). */
  saveProblem?: string;
}

export interface RegistrationSecretMaker {
  /** The file's client and the requests as --dry-run prints them (token redacted); reads the file only. */
  plan(file: string): Promise<{ clientId: string; host: string; requests: string[] }>;
  /** Load the file and read the client (RFC 7592 GET, read-only). Throws an Error in words. */
  open(file: string, http: { caFile?: string; timeoutMs?: number }): Promise<KeptRegistration>;
}

/** `rotate --registration-file FILE`: the server issues the new secret on an RFC 7592 update. */
export interface RegistrationCreateInput {
  route: 'registration';
  file: string;
  /** Print the requests and stop: nothing is sent. */
  dryRun?: boolean;
}

/** `rotate --create-secret az`: the flow makes the new secret itself. */
export interface AzCreateInput {
  route: 'az';
  /** The new secret's lifetime (default 180 days, as `client create`). */
  secretDays: number;
  /** The old credential to delete after the verification, when it cannot be told from the old secret's hint. */
  deleteKeyId?: string;
  /** Print the az commands and stop: nothing is created, checked or pushed. */
  dryRun?: boolean;
  /** --yes: delete the old credential after the verification without asking. */
  yes?: boolean;
}

export type CreateSecretInput = AzCreateInput | RegistrationCreateInput;

/** What the rotation created (never the secret: its length only). */
export interface CreatedSecretReport {
  route: 'az' | 'registration';
  dryRun: boolean;
  /** The commands or requests (no secret or token in any of them). */
  requests: string[];
  /** Entra: the app; RFC 7592: the client. */
  appId?: string;
  clientId?: string;
  secretLength?: number;
  /** The new credential; keyId null when az's list did not show which one is new. */
  keyId?: string | null;
  displayName?: string;
  endDateTime?: string | null;
  /** RFC 7592: the kept file, and whether the server issued a new registration access token (saved there). */
  registrationFile?: string;
  registrationTokenRotated?: boolean;
}

/** How the check is aimed and shaped (everything but the credentials, which the flow supplies). `endpoint`
 * overrides the key's host for the checks only (flyte's own --endpoint); the new key keeps the old host. */
export type { CheckShape } from '../../core/check-types.js';

export interface RotateInput {
  /** The current FLYTE_API_KEY (environment or --api-key-stdin). */
  currentKey?: Secret;
  /** The new client secret (stdin or --client-secret-env). */
  newSecret?: Secret;
  /** Where to push; undefined = ask (interactive) or detect. */
  target?: PushDestination;
  shape: CheckShape;
  /** Make the new secret here (az, RFC 7592) instead of taking it from a flag or a prompt. */
  create?: CreateSecretInput;
  /** The lifetime of a secret made through the interactive az offer (--secret-days; default 180 days). */
  secretDays?: number;
}

export type RotateStepId =
  | 'current-key'
  | 'identity'
  | 'age'
  | 'create-secret'
  | 'new-secret'
  | 'check'
  | 'build'
  | 'push'
  | 'verify'
  | 'workflow'
  | 'delete-old';

export interface RotateStep {
  id: RotateStepId;
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  summary: string;
}

export interface SecretSummary {
  length: number;
  /** null: the secret is shorter than 12 characters, so no fingerprint is shown (it could be brute-forced). */
  fingerprint: string | null;
}

export interface RotateResult {
  ok: boolean;
  steps: RotateStep[];
  endpoint?: string;
  clientId?: string;
  org?: string;
  provider?: ProviderId;
  old?: SecretSummary;
  new?: SecretSummary;
  target?: PushDestination;
  /** ISO date the CI secret was last written, null when unknown. */
  lastUpdated?: string | null;
  ageDays?: number | null;
  rotationDue?: boolean | null;
  /** Diagnosis codes of the checks. */
  checkCode?: string;
  verifyCode?: string;
  /** Shown only after the verification passed. */
  deleteSteps?: string[];
  /** YYYY-MM-DD, 90 days after the successful push. */
  nextRotation?: string;
  /** What the rotation created itself (--create-secret az, --registration-file). */
  created?: CreatedSecretReport;
  /** The old Entra secrets the rotation deleted (after the verification). */
  deleted?: EntraCredential[];
  /** The Entra secrets that existed before and were not deleted here (the delete commands name each). */
  keptOld?: EntraCredential[];
  /** The new key when it was not stored by the tool (`none` target): the command hands it to the user. */
  unstoredKey?: Secret;
}

/** Where the non-interactive path shows blocks and progress; the Prompter plays this role interactively. */
export interface RotateOutput {
  show(...blocks: Block[]): void;
}

export interface RotateHooks {
  /** Called as each step is recorded (for streaming progress). */
  onStep?(step: RotateStep): void;
}
