/**
 * Key rotation as plain async code: the eight steps of the safe order, over injected services and an optional
 * Prompter (the wizard's screens). Without a Prompter every answer must already be in `RotateInput` and the
 * flow never waits for a person.
 *
 * The order is the point: current key → who/age → provider steps (keep the old secret) → new secret → check
 * (nothing moves on until it passes) → build from the OLD key's host/client id/org → push → verify with the key as
 * stored → only then the old-secret deletion steps and the next rotation date. Anything that fails or is cancelled
 * before `push` leaves the CI secret untouched, because `push` is the only call that reaches the CI store.
 */
import type { ApiKeyFields, DecodedApiKey, KeyField, KeyProblem } from '../core/apikey.js';
import type { CheckOptions, CheckReport, CheckShape, ProviderId } from '../core/check-types.js';
import { CancelledError, MissingAnswerError, UsageError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import { redact, Secret } from '../core/secret.js';
import type { CiKind, PushDestination } from '../core/ci/targets.js';
import { reportBlocks } from './check-view.js';

export const ROTATION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export type { CiKind, PushDestination } from '../core/ci/targets.js';

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
  /** When the CI secret was last written (GitHub: updated_at); null when the CI system cannot tell. */
  lastUpdated(target: PushDestination): Promise<Date | null>;
  now(): Date;
  providerGuide(id: ProviderId): RotationGuide;
  /** The CI target the project uses (git remote), for the interactive default. */
  detectTarget?(): Promise<PushDestination | null>;
  /** A deploy workflow file name (GitHub) that can be dispatched, if any. */
  findDeployWorkflow?(target: PushDestination): Promise<string | null>;
  runWorkflow?(target: PushDestination, workflow: string): Promise<WorkflowRun>;
}

/** How the check is aimed and shaped (everything but the credentials, which the flow supplies). `endpoint`
 * overrides the key's host for the checks only (flyte's own --endpoint); the new key keeps the old host. */
export type { CheckShape } from '../core/check-types.js';

export interface RotateInput {
  /** The current FLYTE_API_KEY (environment or --api-key-stdin). */
  currentKey?: Secret;
  /** The new client secret (stdin or --client-secret-env). */
  newSecret?: Secret;
  /** Where to push; undefined = ask (interactive) or detect. */
  target?: PushDestination;
  shape: CheckShape;
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

export function summarizeSecret(secret: Secret, services: Pick<RotateServices, 'fingerprint'>): SecretSummary {
  return { length: secret.length, fingerprint: services.fingerprint(secret) ?? null };
}

export function describeSecret(s: SecretSummary): string {
  return s.fingerprint ? `${s.length} characters, SHA-256 ${s.fingerprint}…` : `${s.length} characters (no fingerprint: too short to show one safely)`;
}

function shortFingerprint(s: SecretSummary | undefined): string {
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

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function clean(text: string): string {
  return stripControl(text, { singleLine: true, maxLength: 300 });
}

function checkBlocks(report: CheckReport, heading: string, secrets: ReadonlyArray<Secret | undefined>): Block[] {
  const d = report.diagnosis;
  if (report.ok) {
    return [{ kind: 'text', text: `${heading}: ${redact(clean(d.title), secrets)}`, tone: d.severity === 'warning' ? 'warning' : 'success' }];
  }
  // The wizard's own rendering of a failed check (steps, diagnosis, fix steps), redacted against every secret.
  return [{ kind: 'text', text: `${heading} failed.`, tone: 'error' }, ...reportBlocks(report, secrets)];
}

/** What a non-interactive run has been given (presence only: no values). */
export interface RotateAnswers {
  currentKey: boolean;
  newSecret: boolean;
  target?: PushDestination;
  /** --yes given. undefined: the caller decides about confirmation itself (not checked here). */
  yes?: boolean;
  /** JENKINS_API_TOKEN is set. undefined: not checked. */
  jenkinsToken?: boolean;
}

/**
 * Every answer a run without a person is missing, as the flags that supply it — all at once, so one error names
 * them all. Empty when nothing is missing. Called before any network call or push.
 */
export function missingRotateAnswers(a: RotateAnswers): string[] {
  const missing: string[] = [];
  if (!a.currentKey) missing.push('the current key in FLYTE_API_KEY or on stdin with --api-key-stdin');
  if (!a.newSecret) missing.push('--client-secret-stdin or --client-secret-env NAME');
  const t = a.target;
  if (!t) missing.push('--push github|gitlab|jenkins|none');
  if (t?.kind === 'jenkins') {
    if (!t.url) missing.push('--url URL');
    if (!t.user) missing.push('--user USER');
    if (a.jenkinsToken === false) missing.push('JENKINS_API_TOKEN in the environment');
  }
  // Replacing the CI secret is irreversible: a real push needs --yes. Without --push it is not known yet
  // whether the push will be real, so name it too (it is not needed for --push none or --dry-run).
  if (a.yes === false && !t?.dryRun) {
    if (!t) missing.push('--yes (for a real push; not needed with --push none or --dry-run)');
    else if (t.kind !== 'none') missing.push('--yes');
  }
  return missing;
}

/**
 * Run the rotation. Returns the result (ok=false when a step failed; the steps say which and why). Throws
 * CancelledError on Ctrl-C / a declined confirmation, UsageError / MissingAnswerError for bad or missing input.
 */
export async function rotate(
  input: RotateInput,
  services: RotateServices,
  opts: { prompter?: Prompter; output?: RotateOutput; hooks?: RotateHooks } = {},
): Promise<RotateResult> {
  const p = opts.prompter ? escCancels(opts.prompter) : undefined;
  const show = (...blocks: Block[]) => (p ? p.show(...blocks) : opts.output?.show(...blocks));
  const task = <T>(label: string, run: () => Promise<T>): Promise<T> => (p ? p.task(label, () => run()) : run());
  const result: RotateResult = { ok: false, steps: [] };
  const step = (id: RotateStepId, status: RotateStep['status'], summary: string) => {
    const s = { id, status, summary };
    result.steps.push(s);
    opts.hooks?.onStep?.(s);
    return s;
  };
  const secretProblem = (value: string): string | undefined => {
    const errs = services.validateField('clientSecret', value).filter((x) => x.severity === 'error');
    return errs[0]?.message;
  };

  // Without a person, every missing answer is named at once, before anything reaches the network.
  if (!p) {
    const missing = missingRotateAnswers({
      currentKey: input.currentKey !== undefined && !input.currentKey.isEmpty,
      newSecret: input.newSecret !== undefined && !input.newSecret.isEmpty,
      target: input.target,
    });
    if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
  }

  // 1. The current key.
  let currentKey = input.currentKey;
  if (!currentKey || currentKey.isEmpty) {
    if (!p) throw new MissingAnswerError(['the current key in FLYTE_API_KEY or on stdin with --api-key-stdin'], { promptable: true });
    currentKey = await p.secret({
      id: 'current-key',
      message: 'Paste the current FLYTE_API_KEY (the value stored in CI today)',
      help: 'Masked. It is only decoded here, to reuse its host, client ID and org.',
      validate: (v) => (v.trim() === '' ? 'The key is empty.' : undefined),
    });
  }
  const decoded = services.decodeKey(currentKey.reveal().trim());
  let endpoint = decoded.endpoint;
  let clientId = decoded.clientId;
  let org = decoded.org === 'None' ? '' : decoded.org;
  let oldSecret: Secret | undefined = decoded.clientSecret;
  if (!decoded.valid) {
    const problems = decoded.problems.filter((x) => x.severity === 'error');
    const lines = (problems.length ? problems : decoded.problems).map((x) => redact(clean(x.message), [currentKey, decoded.clientSecret]));
    if (!p) {
      step('current-key', 'failed', 'The current FLYTE_API_KEY is malformed: flyte would mis-read it.');
      throw new UsageError(
        `The current FLYTE_API_KEY is malformed: ${lines.join('; ')}`,
        'Rebuild it interactively (`flyte-ci-auth rotate` in a terminal) or with `flyte-ci-auth key encode`, then rotate.',
      );
    }
    show(
      { kind: 'text', tone: 'error', text: 'This FLYTE_API_KEY is malformed: flyte would mis-read it.' },
      { kind: 'list', tone: 'error', items: lines },
    );
    const rebuild = await p.confirm({
      id: 'rebuild-key',
      message: 'Rebuild it from the host, client ID and org (the new secret comes next)?',
      initial: true,
    });
    if (!rebuild) throw new CancelledError('Rotation cancelled: the current key is malformed. Nothing was changed.');
    const fieldCheck = (field: KeyField) => (v: string) =>
      services.validateField(field, v).find((x) => x.severity === 'error')?.message;
    const initial = (field: KeyField, v: string) => (v && !fieldCheck(field)(v) ? v : undefined);
    endpoint = await p.text({ id: 'endpoint', message: 'Control-plane host (bare, no https://)', initial: initial('endpoint', endpoint), validate: fieldCheck('endpoint') });
    clientId = await p.text({ id: 'client-id', message: 'Client ID', initial: initial('clientId', clientId), validate: fieldCheck('clientId') });
    org = await p.text({ id: 'org', message: 'Org (global.UNION_ORG of the control plane)', initial: initial('org', org), validate: fieldCheck('org') });
    oldSecret = undefined;
    step('current-key', 'warning', 'The current key was malformed; rebuilt from the host, client ID and org you entered.');
  } else {
    const warn = decoded.problems.filter((x) => x.severity === 'warning').map((x) => redact(clean(x.message), [currentKey, decoded.clientSecret]));
    step('current-key', warn.length ? 'warning' : 'ok', warn.length ? `Current key decodes; ${warn.join('; ')}` : 'Current key decodes by flyte\'s rules.');
  }
  result.endpoint = endpoint;
  result.clientId = clientId;
  result.org = org;
  if (oldSecret) result.old = summarizeSecret(oldSecret, services);

  const checkWith = (secret: Secret): CheckOptions => ({
    endpoint: input.shape.endpoint ?? endpoint,
    tokenUrl: input.shape.tokenUrl,
    issuer: input.shape.issuer,
    clientId,
    clientSecret: secret,
    org: org || undefined,
    scopes: input.shape.scopes,
    audience: input.shape.audience,
    authMethod: input.shape.authMethod,
    provider: input.shape.provider ?? result.provider,
    expectAudience: input.shape.expectAudience,
    expectScopes: input.shape.expectScopes,
    caFile: input.shape.caFile,
    idpCaFile: input.shape.idpCaFile,
    timeoutMs: input.shape.timeoutMs,
  });

  // Who is it for: the control plane's metadata names the token endpoint, which names the provider.
  let provider: ProviderId = input.shape.provider ?? 'generic';
  if (oldSecret) {
    const current = await task('Asking the control plane who issues its tokens (with the current key)…', () =>
      services.check(checkWith(oldSecret!)),
    );
    provider = input.shape.provider ?? current.provider;
    step(
      'identity',
      current.ok ? 'ok' : 'warning',
      current.ok ? 'The current key still works.' : `The current key fails today: ${clean(current.diagnosis.title)}`,
    );
    result.provider = provider;
    show(
      { kind: 'heading', text: 'Current key' },
      {
        kind: 'table',
        rows: [
          { label: 'Host', value: endpoint },
          { label: 'Client ID', value: clientId },
          { label: 'Org', value: org || '(empty: flyte infers it from the host)' },
          { label: 'Provider', value: services.providerGuide(provider).name },
          ...(current.discovered ? [{ label: 'Token endpoint', value: clean(current.discovered.tokenEndpoint) }] : []),
          { label: 'Secret', value: describeSecret(result.old!) },
          { label: 'Works today', value: current.ok ? 'yes' : `no: ${clean(current.diagnosis.title)}` },
        ],
      },
    );
  } else {
    result.provider = provider;
    step('identity', 'skipped', 'No usable current secret to ask the control plane with.');
  }

  // 2. Where it is stored and how old it is.
  let target = input.target;
  if (!target && p) target = await chooseTarget(p, services);
  if (!target) throw new MissingAnswerError(['--push github|gitlab|jenkins|none'], { promptable: true });
  result.target = target;
  const updated = target.kind === 'none' ? null : await services.lastUpdated(target).catch(() => null);
  const now = services.now();
  if (updated) {
    const days = Math.floor((now.getTime() - updated.getTime()) / DAY_MS);
    result.lastUpdated = updated.toISOString();
    result.ageDays = days;
    result.rotationDue = days >= ROTATION_DAYS;
    step(
      'age',
      days >= ROTATION_DAYS ? 'warning' : 'ok',
      `${target.name} was last updated ${isoDate(updated)} (${days} days ago); the ${ROTATION_DAYS}-day mark ${days >= ROTATION_DAYS ? 'has passed' : `is ${isoDate(new Date(updated.getTime() + ROTATION_DAYS * DAY_MS))}`}.`,
    );
  } else {
    result.lastUpdated = null;
    result.ageDays = null;
    result.rotationDue = null;
    step('age', 'skipped', `The age of the stored key is unknown (${target.kind === 'github' ? 'GitHub did not report it' : target.kind === 'none' ? 'no CI system given' : 'this CI system cannot tell'}).`);
  }
  show({ kind: 'text', text: result.steps.at(-1)!.summary, tone: result.rotationDue ? 'warning' : 'info' });

  // 3. Provider steps: a NEW secret, keeping the old one.
  const guide = services.providerGuide(provider);
  const place = guide.place ?? guide.name;
  step(
    'create-secret',
    guide.overlap ? 'ok' : 'warning',
    guide.provider === 'generic'
      ? 'Keep the old secret in your identity provider until the new key is verified (if it can hold two).'
      : guide.overlap
        ? `${guide.name} keeps the old secret valid while the new one exists.`
        : `${guide.name} replaces the secret at once: deploys fail from then until the new key is pushed.`,
  );
  let pushConfirmed = false;
  if (p) {
    if (!guide.overlap && target.kind !== 'none' && !target.dryRun) {
      // No overlap: agree on the push now, so that nothing but the check stands between the new secret and CI.
      const ok = await p.confirm({
        id: 'confirm-push',
        message: `${guide.name} invalidates the old secret at once. Push the new key to ${targetLabel(target)} as soon as its check passes?`,
        initial: true,
      });
      if (!ok) throw new CancelledError('Rotation stopped before the push: the CI secret is unchanged.');
      pushConfirmed = true;
    }
    show(
      { kind: 'heading', text: `Create a new client secret in ${place}${guide.overlap ? ' (keep the old one)' : ''}` },
      { kind: 'list', ordered: true, items: guide.createSteps },
      ...(guide.overlap
        ? []
        : [
            {
              kind: 'text' as const,
              tone: 'warning' as const,
              text:
                guide.overlapNote ??
                `${guide.name} has no overlap: the old secret stops working as soon as the new one is made. Have everything ready; the key is pushed right after the check passes.`,
            },
          ]),
    );
    if (guide.link) show({ kind: 'text', tone: 'dim', text: guide.link });
  }

  // 4. The new secret, then the check; nothing moves on until it passes.
  let newSecret = input.newSecret;
  let checkReport: CheckReport | undefined;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      // Only the last attempt counts; earlier failures were shown when they happened.
      result.steps = result.steps.filter((s) => s.id !== 'new-secret' && s.id !== 'check');
    }
    if (!newSecret || newSecret.isEmpty) {
      if (!p) throw new MissingAnswerError(['--client-secret-stdin or --client-secret-env NAME'], { promptable: true });
      newSecret = await p.secret({
        id: 'new-secret',
        message: 'Paste the NEW client secret (the value, not its ID)',
        help: 'Masked; a pasted newline or surrounding spaces are dropped.',
        validate: (v) =>
          secretProblem(v) ?? (oldSecret && v === oldSecret.reveal() ? 'This is the current secret: paste the new one.' : undefined),
      });
    } else {
      const problem = secretProblem(newSecret.reveal());
      if (problem) throw new UsageError(`The new client secret cannot be carried in FLYTE_API_KEY: ${problem}`);
      if (oldSecret && newSecret.reveal() === oldSecret.reveal()) {
        throw new UsageError('The new client secret is the same as the current one.', 'Create a new secret in the provider first.');
      }
    }
    result.new = summarizeSecret(newSecret, services);
    step('new-secret', 'ok', `New secret received (${describeSecret(result.new)}).`);
    const secretForCheck = newSecret;
    checkReport = await task('Checking the new secret the way flyte will…', () => services.check(checkWith(secretForCheck)));
    result.checkCode = checkReport.diagnosis.code;
    show(...checkBlocks(checkReport, 'Check with the new secret', [currentKey, oldSecret, newSecret]));
    if (checkReport.ok) {
      step(
        'check',
        checkReport.diagnosis.severity === 'warning' ? 'warning' : 'ok',
        `Check with the new secret passed${attempt > 1 ? ` (attempt ${attempt})` : ''}: ${clean(checkReport.diagnosis.title)}`,
      );
      break;
    }
    step('check', 'failed', `Check with the new secret failed: ${clean(checkReport.diagnosis.title)}. Nothing was pushed; CI still holds the old key.`);
    if (!p) return finish(result);
    const next = await p.select({
      id: 'check-failed',
      message: 'The check failed. Nothing was pushed. What now?',
      choices: [
        { value: 'retry', label: 'Check again (after fixing it in the provider)' },
        { value: 'reenter', label: 'Paste the new secret again' },
        { value: 'quit', label: 'Stop here (CI is unchanged)' },
      ],
    });
    if (next === 'quit') throw new CancelledError('Rotation stopped before the push: the CI secret is unchanged.');
    if (next === 'reenter') newSecret = undefined;
  }

  // 5. Build from the OLD key's host, client ID and org with the new secret.
  const newKey = services.encodeKey({ endpoint, clientId, clientSecret: newSecret, org });
  const roundTrip = services.decodeKey(newKey.reveal());
  if (
    !roundTrip.valid ||
    roundTrip.endpoint !== endpoint ||
    roundTrip.clientId !== clientId ||
    roundTrip.clientSecret.reveal() !== newSecret.reveal() ||
    (roundTrip.org === 'None' ? '' : roundTrip.org) !== org
  ) {
    step('build', 'failed', 'The new key does not decode back to the same fields; nothing was pushed.');
    return finish(result);
  }
  const same = (a: string, b: string) => (a === b ? 'unchanged' : 'CHANGED');
  show(
    { kind: 'heading', text: 'Old key → new key (only the secret changes)' },
    {
      kind: 'table',
      rows: [
        { label: 'Host', value: `${endpoint}  (${same(endpoint, roundTrip.endpoint)})` },
        { label: 'Client ID', value: `${clientId}  (${same(clientId, roundTrip.clientId)})` },
        { label: 'Org', value: `${org || '(empty)'}  (${same(org, roundTrip.org === 'None' ? '' : roundTrip.org)})` },
        { label: 'Secret (old)', value: result.old ? describeSecret(result.old) : '(unknown: the old key was malformed)' },
        { label: 'Secret (new)', value: describeSecret(result.new!) },
      ],
    },
  );
  step('build', 'ok', `New key built: same host, client ID and org; secret ${shortFingerprint(result.old)} → ${shortFingerprint(result.new)}.`);

  // 6. Push (the only step that touches the CI secret store).
  if (p && !pushConfirmed && target.kind !== 'none' && !target.dryRun) {
    const go = await p.confirm({
      id: 'confirm-push',
      message: `Replace ${target.name} in ${targetLabel(target)} with the new key now?`,
      initial: true,
    });
    if (!go) throw new CancelledError('Rotation stopped before the push: the CI secret is unchanged.');
  }
  const pushed = await task(target.kind === 'none' ? 'Preparing instructions…' : `Pushing to ${targetLabel(target)}…`, () =>
    services.push(newKey, target!),
  );
  if (pushed.details?.length) show({ kind: 'code', text: pushed.details.join('\n') });
  if (!pushed.ok) {
    step('push', 'failed', `Push failed: ${clean(pushed.summary)}. CI still holds the old key; do not delete the old secret.`);
    if (pushed.hint) show({ kind: 'text', tone: 'error', text: clean(pushed.hint) });
    return finish(result);
  }
  if (!pushed.stored) {
    step('push', target.dryRun ? 'skipped' : 'warning', clean(pushed.summary));
    if (target.kind === 'none') result.unstoredKey = newKey;
  } else {
    step('push', 'ok', clean(pushed.summary));
  }
  show({ kind: 'text', tone: pushed.stored ? 'success' : 'info', text: clean(pushed.summary) });
  if (target.dryRun) {
    step('verify', 'skipped', 'Dry run: nothing was stored, so there is nothing to verify. Keep the old secret.');
    result.ok = true;
    return finish(result);
  }
  if (!pushed.stored && p) {
    const key = newKey;
    const reveal = await p.confirm({ id: 'show-key', message: 'Show the new key once so you can paste it into your CI secret store?', initial: true });
    if (reveal) show({ kind: 'code', title: 'New FLYTE_API_KEY (store it, then clear the screen)', text: key.reveal() });
    await p.pause({ id: 'stored-by-hand', message: 'Press Enter once the new key is stored in CI' });
    result.unstoredKey = undefined;
  }

  // 7. Verify with the key exactly as stored.
  const stored = services.decodeKey(newKey.reveal());
  const verifyReport = await task('Verifying: checking again with the key as stored…', () =>
    services.check({ ...checkWith(stored.clientSecret), clientId: stored.clientId, org: stored.org === 'None' ? undefined : stored.org || undefined, endpoint: input.shape.endpoint ?? stored.endpoint }),
  );
  result.verifyCode = verifyReport.diagnosis.code;
  show(...checkBlocks(verifyReport, 'Verification with the stored key', [currentKey, oldSecret, newSecret, newKey]));
  if (!verifyReport.ok) {
    step('verify', 'failed', `Verification failed: ${clean(verifyReport.diagnosis.title)}. Do not delete the old secret.`);
    return finish(result);
  }
  step(
    'verify',
    'ok',
    pushed.stored ? 'The key as stored authenticates the way flyte will.' : 'The new key authenticates the way flyte will (it is not in CI until you store it).',
  );

  if (p && target.kind === 'github' && pushed.stored && services.findDeployWorkflow && services.runWorkflow) {
    const workflow = await services.findDeployWorkflow(target).catch(() => null);
    if (workflow) {
      const run = await p.confirm({ id: 'run-workflow', message: `Run the deploy workflow ${workflow} now to prove a real deploy works?`, initial: false });
      if (run) {
        const r = await task(`gh workflow run ${workflow}…`, () => services.runWorkflow!(target!, workflow));
        step('workflow', r.ok ? 'ok' : 'warning', clean(r.summary));
        show({ kind: 'text', tone: r.ok ? 'success' : 'warning', text: clean(r.summary) }, ...(r.url ? [{ kind: 'text' as const, tone: 'dim' as const, text: clean(r.url) }] : []));
      }
    }
  }

  // 8. Only now: delete the old secret, and the next rotation date.
  const next = new Date(services.now().getTime() + ROTATION_DAYS * DAY_MS);
  result.nextRotation = isoDate(next);
  result.deleteSteps = [
    ...(pushed.stored ? [] : [`First store the new key as ${target.name} in CI and let one deploy run with it.`]),
    ...guide.deleteSteps,
    result.old
      ? `The one to delete is the OLD secret: ${describeSecret(result.old)}. The new one (keep it) is ${describeSecret(result.new!)}. Compare with: printf %s "$SECRET" | sha256sum | cut -c1-8`
      : 'Delete the secret that was in use before today; keep the one created today.',
  ];
  step('delete-old', 'ok', `Now delete the old secret in ${place}. Next rotation: ${result.nextRotation}.`);
  show(
    { kind: 'heading', text: `Now delete the old secret in ${place}` },
    { kind: 'list', ordered: true, items: result.deleteSteps },
    { kind: 'text', tone: 'success', text: `Next rotation due: ${result.nextRotation} (${ROTATION_DAYS} days).` },
  );
  result.ok = true;
  return finish(result);
}

/**
 * Rotation is linear and short, so Esc stops it (like Ctrl-C) instead of going back: every question comes before
 * the push or after it, and stopping before the push leaves CI as it was.
 */
function escCancels(p: Prompter): Prompter {
  const wrap =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (err) {
        if (err instanceof BackSignal) throw new CancelledError('Rotation stopped (Esc). Nothing after the last completed step ran.');
        throw err;
      }
    };
  return {
    select: wrap(p.select.bind(p)) as Prompter['select'],
    text: wrap(p.text.bind(p)),
    secret: wrap(p.secret.bind(p)),
    confirm: wrap(p.confirm.bind(p)),
    checklist: wrap(p.checklist.bind(p)),
    task: p.task.bind(p),
    show: p.show.bind(p),
    pause: wrap(p.pause.bind(p)),
    close: p.close.bind(p),
  };
}

function finish(result: RotateResult): RotateResult {
  if (result.steps.some((s) => s.status === 'failed')) result.ok = false;
  return result;
}

async function chooseTarget(p: Prompter, services: RotateServices): Promise<PushDestination> {
  const detected = services.detectTarget ? await services.detectTarget().catch(() => null) : null;
  const kind = await p.select<CiKind>({
    id: 'push-target',
    message: 'Where is FLYTE_API_KEY stored?',
    initial: detected?.kind ?? 'github',
    choices: [
      { value: 'github', label: 'GitHub Actions', hint: detected?.kind === 'github' ? detected.repo : undefined },
      { value: 'gitlab', label: 'GitLab CI', hint: detected?.kind === 'gitlab' ? detected.repo : undefined },
      { value: 'jenkins', label: 'Jenkins' },
      { value: 'none', label: 'Somewhere else: print the key and the steps' },
    ],
  });
  if (detected && detected.kind === kind) {
    return detected;
  }
  if (kind === 'github' || kind === 'gitlab') {
    const repo = await p.text({
      id: 'repo',
      message: kind === 'github' ? 'Repository (OWNER/REPO)' : 'Project (GROUP/PROJECT)',
      validate: (v) => (/^[\w.-]+(\/[\w.-]+)+$/.test(v.trim()) ? undefined : 'Expected OWNER/REPO.'),
      normalize: (v) => v.trim(),
    });
    return { kind, repo, name: 'FLYTE_API_KEY' };
  }
  if (kind === 'jenkins') {
    const url = await p.text({ id: 'jenkins-url', message: 'Jenkins URL', normalize: (v) => v.trim() });
    const user = await p.text({ id: 'jenkins-user', message: 'Jenkins user', normalize: (v) => v.trim() });
    return { kind, url, user, name: 'FLYTE_API_KEY', credentialId: 'flyte-api-key' };
  }
  return { kind: 'none', name: 'FLYTE_API_KEY' };
}

/** The JSON report: steps, fingerprints, never a secret. */
export function rotateJson(r: RotateResult): Record<string, unknown> {
  return {
    ok: r.ok,
    steps: r.steps,
    endpoint: r.endpoint ?? null,
    clientId: r.clientId ?? null,
    org: r.org ?? null,
    provider: r.provider ?? null,
    old: r.old ?? null,
    new: r.new ?? null,
    target: r.target
      ? { kind: r.target.kind, repo: r.target.repo ?? null, env: r.target.env ?? null, name: r.target.name, dryRun: Boolean(r.target.dryRun) }
      : null,
    lastUpdated: r.lastUpdated ?? null,
    ageDays: r.ageDays ?? null,
    rotationDue: r.rotationDue ?? null,
    check: r.checkCode ?? null,
    verify: r.verifyCode ?? null,
    deleteSteps: r.deleteSteps ?? null,
    nextRotation: r.nextRotation ?? null,
  };
}

