/** Fakes for rotation tests: the key codec stand-ins, services that log every call, and a scripted prompter. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { flyteSplit } from './flyte-split.js';
import type { ApiKeyFields, DecodedApiKey, KeyField, KeyProblem } from '../../src/core/apikey.js';
import type { CheckOptions, CheckReport, ProviderId } from '../../src/core/check-types.js';
import type { Block, Prompter } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import type { AzSecretMaker, EntraCredential, RegistrationSecretMaker, PushOutcome, PushDestination, RotateInput, RotateServices, RotationGuide, StoredSecretAge } from '../../src/flow/rotate.js';
import type { CliLoginServices } from '../../src/flow/cli-login.js';
import type { RetryClock } from '../../src/core/retry-until.js';

export const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
export const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
export const HOST = 'union.acme.example';
export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
export const OLD_KEY = b64(`${HOST}:ci-client:${OLD}:acme`);
export const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

export type Log = string[];

/** Minimal stand-ins for the codec (the real one is tested in its own file): flyte's left split, maxsplit 3. */
export function fakeDecode(key: string): DecodedApiKey {
  const parts = flyteSplit(key);
  const problems: KeyProblem[] =
    parts.length === 4 ? [] : [{ code: 'wrong_field_count', message: `Expected 4 parts separated by ':', got ${parts.length}`, severity: 'error', field: 'key' }];
  if (/^(https?|dns)$/.test(parts[0] ?? '')) {
    problems.push({ code: 'scheme_in_endpoint', message: 'The host starts with a scheme: flyte reads the endpoint as "https"', severity: 'error', field: 'endpoint' });
  }
  return {
    valid: problems.length === 0,
    endpoint: parts[0] ?? '',
    clientId: parts[1] ?? '',
    clientSecret: new Secret(parts[2] ?? ''),
    org: parts[3] || 'None',
    problems,
    fieldCount: parts.length,
    withheld: [],
  };
}

export function fakeValidate(field: KeyField, value: string): KeyProblem[] {
  if (value === '') return [{ code: 'empty_field', message: `${field} is empty`, severity: 'error', field }];
  if (value.includes(':')) return [{ code: 'colon_in_field', message: `${field} contains ':'`, severity: 'error', field }];
  if (/\s/.test(value)) return [{ code: 'whitespace_in_field', message: `${field} contains whitespace`, severity: 'error', field }];
  return [];
}

export function report(ok: boolean, provider: ProviderId = 'okta', code = ok ? 'ok' : 'invalid_client_secret'): CheckReport {
  return {
    ok,
    diagnosis: { code: code as never, severity: ok ? 'ok' : 'error', title: ok ? 'flyte will authenticate' : 'The client secret is wrong', detail: ok ? '' : 'The provider rejected the secret.', fix: ok ? [] : ['Copy the secret value again.'] },
    warnings: [],
    token: null,
    http: { status: ok ? 200 : 401 },
    target: { tokenUrl: 'https://idp.example/token', via: 'control-plane' },
    provider,
    discovered: { tokenEndpoint: 'https://idp.example/oauth2/default/v1/token', scopes: ['all'], audience: 'api://default', headerName: 'flyte-authorization' },
    steps: [],
    claimRows: [],
    exchange: [],
  };
}

export const GUIDES: Record<string, RotationGuide> = {
  okta: { provider: 'okta', name: 'Okta', overlap: true, createSteps: ['Okta: Applications → your app → Client secrets → Generate new secret'], deleteSteps: ['Okta: deactivate, then delete the old secret'] },
  auth0: { provider: 'auth0', name: 'Auth0', overlap: false, createSteps: ['Auth0: Settings → Danger Zone → Rotate'], deleteSteps: ['Nothing to delete: Auth0 replaced it'] },
  keycloak: { provider: 'keycloak', name: 'Keycloak', overlap: false, createSteps: ['Keycloak: Clients → your client → Credentials → Regenerate'], deleteSteps: ['Nothing to delete unless a rotation policy kept it'] },
};

export interface FakeOpts {
  provider?: ProviderId;
  /** Decides each check by the secret it gets: the "provider" knows these secrets. */
  validSecrets?: string[];
  verifyOk?: boolean;
  pushOk?: boolean;
  updated?: Date | null;
  workflow?: string | null;
  /** What secretAge answers (one per call when a list); default from `updated`. */
  age?: StoredSecretAge | StoredSecretAge[];
  login?: CliLoginServices;
}

/** A clock that never waits: sleep moves time forward and is recorded. */
export function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, elapsed: () => now - start };
}

export function fakeServices(log: Log, o: FakeOpts = {}) {
  const valid = new Set(o.validSecrets ?? [OLD, NEW]);
  const pushed: string[] = [];
  const checks: CheckOptions[] = [];
  let checkCount = 0;
  const { clock, sleeps } = fakeClock();
  const services: RotateServices = {
    decodeKey: (k) => {
      log.push('decode');
      return fakeDecode(k);
    },
    encodeKey: (f: ApiKeyFields) => {
      log.push('encode');
      return new Secret(b64(`${f.endpoint}:${f.clientId}:${f.clientSecret.reveal()}:${f.org}`));
    },
    fingerprint: (s) => fp(s.reveal()),
    validateField: fakeValidate,
    check: async (opts) => {
      checkCount++;
      checks.push(opts);
      const which = opts.clientSecret.reveal() === OLD ? 'old' : opts.clientSecret.reveal() === NEW ? 'new' : 'other';
      const isVerify = pushed.length > 0;
      log.push(isVerify ? `verify:${which}` : `check:${which}`);
      if (isVerify && o.verifyOk === false) return report(false, o.provider);
      return report(valid.has(opts.clientSecret.reveal()), o.provider ?? 'okta');
    },
    push: async (key: Secret, target: PushDestination): Promise<PushOutcome> => {
      log.push(`push:${target.kind}:${target.repo ?? ''}`);
      if (o.pushOk === false) return { ok: false, stored: false, summary: 'gh: HTTP 403: Resource not accessible', hint: 'Ask for admin rights' };
      pushed.push(key.reveal());
      return { ok: true, stored: target.kind !== 'none' && !target.dryRun, summary: `Set ${target.name} on ${target.repo}` };
    },
    secretAge: async (): Promise<StoredSecretAge> => {
      log.push('secretAge');
      const next = Array.isArray(o.age) ? o.age.shift() : o.age;
      if (next) return next;
      const updated = o.updated === undefined ? new Date('2025-01-01T00:00:00Z') : o.updated;
      return updated ? { state: 'set', updatedAt: updated } : { state: 'not_set' };
    },
    clock,
    ...(o.login ? { cliLogin: o.login } : {}),
    now: () => new Date('2025-04-15T12:00:00Z'),
    providerGuide: (id) => GUIDES[id] ?? { provider: id, name: 'Your provider', overlap: true, createSteps: ['make a new one'], deleteSteps: ['delete the old one'] },
    detectTarget: async () => ({ kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }),
    findDeployWorkflow: async () => (o.workflow === undefined ? 'flyte-deploy.yml' : o.workflow),
    runWorkflow: async (_t, wf) => {
      log.push(`workflow:${wf}`);
      return { ok: true, summary: `Started ${wf}: queued`, url: 'https://github.example/acme/app/actions/runs/1' };
    },
  };
  return { services, pushed, checks, count: () => checkCount, sleeps, clock };
}

export type Answer = unknown | ((q: unknown) => unknown);

/** Answers by question id; an unknown id fails the test. Records every question and every shown block. */
export function scriptedPrompter(answers: Record<string, Answer | Answer[]>, log: Log) {
  const shown: Block[] = [];
  const asked: string[] = [];
  const take = (id: string, q: unknown) => {
    asked.push(id);
    log.push(`ask:${id}`);
    if (!(id in answers)) throw new Error(`unexpected question "${id}"`);
    let a = answers[id];
    if (Array.isArray(a)) {
      if (a.length === 0) throw new Error(`no more answers for "${id}"`);
      a = a.shift();
    }
    if (a instanceof Error) throw a;
    return typeof a === 'function' ? (a as (q: unknown) => unknown)(q) : a;
  };
  const p: Prompter = {
    select: async (q) => take(q.id, q) as never,
    text: async (q) => {
      const v = String(take(q.id, q));
      const err = q.validate?.(v);
      if (err) throw new Error(`validation failed for ${q.id}: ${err}`);
      return v;
    },
    secret: async (q) => {
      const v = String(take(q.id, q));
      const err = q.validate?.(v);
      if (err) throw new Error(`validation failed for ${q.id}: ${err}`);
      return new Secret(v);
    },
    confirm: async (q) => Boolean(take(q.id, q)),
    checklist: async (q) => void take(q.id, q),
    task: async (_label, run) => run(() => {}, new AbortController().signal),
    show: (...blocks) => {
      for (const b of blocks) {
        shown.push(b);
        if (b.kind === 'heading') log.push(`show:${b.text}`);
      }
    },
    pause: async (q) => void take(q.id, q),
    close: async () => {},
  };
  return { p, shown, asked };
}

export const shape = { authMethod: 'auto' as const, timeoutMs: 5000 };
export const ghTarget: PushDestination = { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' };
export const nonInteractive = (over: Partial<RotateInput> = {}): RotateInput => ({
  currentKey: new Secret(OLD_KEY),
  newSecret: new Secret(NEW),
  target: ghTarget,
  shape,
  ...over,
});

export function assertNoSecrets(text: string) {
  for (const s of [OLD, NEW]) {
    for (const form of [s, encodeURIComponent(s), b64(s)]) expect(text).not.toContain(form);
  }
  expect(text).not.toContain(OLD_KEY);
}


/** The Entra app id the az fakes use (a GUID, as az needs). */
export const AZ_APP = 'c0ffee00-0000-4000-8000-0000000000b1';
export const AZ_OLD_ID = '01d00000-0000-4000-8000-0000000000e1';

export interface FakeAzOpts {
  ready?: boolean;
  /** The app's secrets before the rotation (default: the old one, whose hint starts OLD). */
  before?: EntraCredential[];
  fail?: Partial<Record<'list' | 'append' | 'remove', string>>;
  /** The list after the append does not show the new one. */
  hideNew?: boolean;
}

/** An in-memory AzSecretMaker: the app's secrets, the calls logged as `az:list|append|remove:KEYID`. */
export function fakeAzSecrets(log: Log, o: FakeAzOpts = {}) {
  const creds: EntraCredential[] = [...(o.before ?? [{ keyId: AZ_OLD_ID, displayName: 'ci 2025-01', hint: OLD.slice(0, 3), endDateTime: '2025-09-01T00:00:00Z' }])];
  const maker: AzSecretMaker = {
    ready: async () => o.ready ?? true,
    list: async () => {
      log.push('az:list');
      if (o.fail?.list) throw new Error(o.fail.list);
      return [...creds];
    },
    append: async (_app, endDate, name) => {
      log.push('az:append');
      if (o.fail?.append) throw new Error(o.fail.append);
      const c = { keyId: `9e1d000${creds.length}-0000-4000-8000-0000000000dd`, displayName: name, hint: NEW.slice(0, 3), endDateTime: `${endDate}T00:00:00Z` };
      creds.push(c);
      return { secret: new Secret(NEW), ...(o.hideNew ? {} : { credential: c }) };
    },
    remove: async (_app, keyId) => {
      log.push(`az:remove:${keyId}`);
      if (o.fail?.remove) throw new Error(o.fail.remove);
      creds.splice(creds.findIndex((c) => c.keyId === keyId), 1);
    },
    commands: {
      list: (app) => `az ad app credential list --id ${app}`,
      append: (app, end, name) => `az ad app credential reset --id ${app} --append --display-name '${name}' --end-date ${end}`,
      remove: (app, keyId) => `az ad app credential delete --id ${app} --key-id ${keyId}`,
    },
  };
  return { maker, creds };
}

export interface FakeRegistrationOpts {
  /** The client the kept file is for (default ci-client, the key's). */
  clientId?: string;
  /** The update keeps the secret (a server that does not rotate on update). */
  keeps?: boolean;
  fail?: Partial<Record<'open' | 'update', string>>;
  tokenRotated?: boolean;
  saveProblem?: string;
}

/** An in-memory RFC 7592 maker: logs `reg:plan|open|update|close`; the update issues NEW (or keeps OLD). */
export function fakeRegistrationSecrets(log: Log, o: FakeRegistrationOpts = {}): RegistrationSecretMaker {
  const clientId = o.clientId ?? 'ci-client';
  return {
    plan: async () => {
      log.push('reg:plan');
      return { clientId, host: 'idp.example', requests: ['GET https://idp.example/reg/ci-client', 'PUT https://idp.example/reg/ci-client'] };
    },
    open: async () => {
      log.push('reg:open');
      if (o.fail?.open) throw new Error(o.fail.open);
      return {
        clientId,
        host: 'idp.example',
        currentSecret: new Secret(OLD),
        update: async () => {
          log.push('reg:update');
          if (o.fail?.update) throw new Error(o.fail.update);
          return { clientSecret: new Secret(o.keeps ? OLD : NEW), tokenRotated: o.tokenRotated ?? true, ...(o.saveProblem ? { saveProblem: o.saveProblem } : {}) };
        },
        close: async () => void log.push('reg:close'),
      };
    },
  };
}
