/**
 * The rotation's explicit state (the key's fields, the secrets, the target, what each step found) and the context
 * every step reads (prompter, services, output).
 */
import type { CheckOptions, CheckReport, ProviderId } from '../../core/check-types.js';
import type { Block, Prompter } from '../../core/prompter.js';
import { stripControl } from '../../core/sanitize.js';
import type { Secret } from '../../core/secret.js';
import type { FlowStep } from '../steps.js';
import type { EntraCredential, PushOutcome, PushDestination, RotateHooks, RotateInput, RotateResult, RotateServices, RotateStep, RotateStepId, RotationGuide, SecretSummary } from './types.js';

export interface RotateState {
  result: RotateResult;
  currentKey?: Secret;
  /** From the current key (or typed when it was malformed). */
  endpoint: string;
  clientId: string;
  org: string;
  /** The secret in the current key; undefined when the key was malformed. */
  oldSecret?: Secret;
  provider: ProviderId;
  target?: PushDestination;
  guide?: RotationGuide;
  /** The push was agreed before the new secret was made (providers without overlap). */
  pushConfirmed: boolean;
  newSecret?: Secret;
  /** Checks of the new secret so far (the summary names the attempt). */
  attempts: number;
  checkReport?: CheckReport;
  newKey?: Secret;
  pushed?: PushOutcome;
  /** The new secret was made here (az, RFC 7592), not pasted.  */
  made?: MadeSecret;
}

/** A secret this rotation made itself: through az (Entra keeps the old one valid next to it) or RFC 7592. */
export type MadeSecret = MadeWithAz | MadeByRegistration;

export interface MadeWithAz {
  route: 'az';
  appId: string;
  /** The app's client secrets before the new one was added. */
  before: EntraCredential[];
  /** The new credential (undefined: az's list did not show which one is new). */
  credential?: EntraCredential;
}

/** The server issued the new secret on an RFC 7592 update: the old one stopped working then. */
export interface MadeByRegistration {
  route: 'registration';
  clientId: string;
  host: string;
  file: string;
  /** client_secret_expires_at, when the server set one. */
  expiresAt?: string;
}

export interface RotateContext {
  p?: Prompter;
  input: RotateInput;
  services: RotateServices;
  show(...blocks: Block[]): void;
  /** Slow work with a progress line; `update` replaces the line (without a person: printed as a dim line). */
  task<T>(label: string, run: (update: (line: string) => void) => Promise<T>): Promise<T>;
  hooks?: RotateHooks;
}

export type RotateFlowStep = FlowStep<RotateState, RotateContext>;

export function initialRotateState(input: RotateInput): RotateState {
  return {
    result: { ok: false, steps: [] },
    currentKey: input.currentKey,
    endpoint: '',
    clientId: '',
    org: '',
    provider: input.shape.provider ?? 'generic',
    pushConfirmed: false,
    newSecret: input.newSecret,
    attempts: 0,
  };
}

/** Record a step's outcome; a step that runs again (retry, Esc back) replaces its earlier line. */
export function record(s: RotateState, x: RotateContext, id: RotateStepId, status: RotateStep['status'], summary: string): RotateStep {
  const step = { id, status, summary };
  s.result.steps = s.result.steps.filter((st) => st.id !== id);
  s.result.steps.push(step);
  x.hooks?.onStep?.(step);
  return step;
}

export function clean(text: string): string {
  return stripControl(text, { singleLine: true, maxLength: 300 });
}

export function secretsOf(s: RotateState): Array<Secret | undefined> {
  return [s.currentKey, s.oldSecret, s.newSecret, s.newKey];
}

/** The check options for a secret: the key's fields, the shape from the flags (`endpoint` overrides for checks only). */
export function checkWith(s: RotateState, x: RotateContext, secret: Secret): CheckOptions {
  const shape = x.input.shape;
  return {
    endpoint: shape.endpoint ?? s.endpoint,
    tokenUrl: shape.tokenUrl,
    issuer: shape.issuer,
    clientId: s.clientId,
    clientSecret: secret,
    org: s.org || undefined,
    scopes: shape.scopes,
    audience: shape.audience,
    authMethod: shape.authMethod,
    provider: shape.provider ?? s.result.provider,
    expectAudience: shape.expectAudience,
    expectScopes: shape.expectScopes,
    caFile: shape.caFile,
    idpCaFile: shape.idpCaFile,
    timeoutMs: shape.timeoutMs,
  };
}

export function summarizeSecret(secret: Secret, services: Pick<RotateServices, 'fingerprint'>): SecretSummary {
  return { length: secret.length, fingerprint: services.fingerprint(secret) ?? null };
}

export function describeSecret(s: SecretSummary): string {
  return s.fingerprint ? `${s.length} characters, SHA-256 ${s.fingerprint}…` : `${s.length} characters (no fingerprint: too short to show one safely)`;
}

export function shortFingerprint(s: SecretSummary | undefined): string {
  return s?.fingerprint ? `${s.fingerprint}…` : s ? `(${s.length} characters)` : '?';
}

export function targetLabel(t: PushDestination): string {
  switch (t.kind) {
    case 'github':
      return `GitHub ${t.repo ?? '(repository from the git remote)'}${t.env ? ` environment ${t.env}` : ''}, secret ${t.name}`;
    case 'gitlab':
      return `GitLab ${t.repo ?? '(project from the git remote)'}${t.env ? ` scope ${t.env}` : ''}, variable ${t.name}`;
    case 'jenkins':
      return `Jenkins ${t.url ?? ''}${t.folder ? ` folder ${t.folder}` : ''}, credential ${t.credentialId ?? 'flyte-api-key'}`;
    case 'none':
      return 'no CI push (instructions printed)';
  }
}
