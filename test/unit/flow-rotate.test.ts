import { createHash } from 'node:crypto';
import { flyteSplit } from '../helpers/flyte-split.js';
import { describe, expect, it } from 'vitest';
import type { ApiKeyFields, DecodedApiKey, KeyField, KeyProblem } from '../../src/core/apikey.js';
import type { CheckOptions, CheckReport, ProviderId } from '../../src/core/check-types.js';
import { CancelledError, MissingAnswerError, UsageError } from '../../src/core/errors.js';
import type { Block, Prompter } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import {
  rotate,
  rotateJson,
  type PushOutcome,
  type PushDestination,
  type RotateInput,
  type RotateServices,
  type RotationGuide,
} from '../../src/flow/rotate.js';

const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
const HOST = 'union.acme.example';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`${HOST}:ci-client:${OLD}:acme`);
const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

type Log = string[];

/** Minimal stand-ins for the codec (the real one is tested in its own file): flyte's left split, maxsplit 3. */
function fakeDecode(key: string): DecodedApiKey {
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

function fakeValidate(field: KeyField, value: string): KeyProblem[] {
  if (value === '') return [{ code: 'empty_field', message: `${field} is empty`, severity: 'error', field }];
  if (value.includes(':')) return [{ code: 'colon_in_field', message: `${field} contains ':'`, severity: 'error', field }];
  if (/\s/.test(value)) return [{ code: 'whitespace_in_field', message: `${field} contains whitespace`, severity: 'error', field }];
  return [];
}

function report(ok: boolean, provider: ProviderId = 'okta', code = ok ? 'ok' : 'invalid_client_secret'): CheckReport {
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

const GUIDES: Record<string, RotationGuide> = {
  okta: { provider: 'okta', name: 'Okta', overlap: true, createSteps: ['Okta: Applications → your app → Client secrets → Generate new secret'], deleteSteps: ['Okta: deactivate, then delete the old secret'] },
  keycloak: { provider: 'keycloak', name: 'Keycloak', overlap: false, createSteps: ['Keycloak: Clients → your client → Credentials → Regenerate'], deleteSteps: ['Nothing to delete unless a rotation policy kept it'] },
};

interface FakeOpts {
  provider?: ProviderId;
  /** Decides each check by the secret it gets: the "provider" knows these secrets. */
  validSecrets?: string[];
  verifyOk?: boolean;
  pushOk?: boolean;
  updated?: Date | null;
  workflow?: string | null;
}

function fakeServices(log: Log, o: FakeOpts = {}) {
  const valid = new Set(o.validSecrets ?? [OLD, NEW]);
  const pushed: string[] = [];
  const checks: CheckOptions[] = [];
  let checkCount = 0;
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
    lastUpdated: async () => {
      log.push('lastUpdated');
      return o.updated === undefined ? new Date('2025-01-01T00:00:00Z') : o.updated;
    },
    now: () => new Date('2025-04-15T12:00:00Z'),
    providerGuide: (id) => GUIDES[id] ?? { provider: id, name: 'Your provider', overlap: true, createSteps: ['make a new one'], deleteSteps: ['delete the old one'] },
    detectTarget: async () => ({ kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }),
    findDeployWorkflow: async () => (o.workflow === undefined ? 'flyte-deploy.yml' : o.workflow),
    runWorkflow: async (_t, wf) => {
      log.push(`workflow:${wf}`);
      return { ok: true, summary: `Started ${wf}: queued`, url: 'https://github.example/acme/app/actions/runs/1' };
    },
  };
  return { services, pushed, checks, count: () => checkCount };
}

type Answer = unknown | ((q: unknown) => unknown);

/** Answers by question id; an unknown id fails the test. Records every question and every shown block. */
function scriptedPrompter(answers: Record<string, Answer | Answer[]>, log: Log) {
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
    task: async (_label, run) => run(() => {}),
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

const shape = { authMethod: 'auto' as const, timeoutMs: 5000 };
const ghTarget: PushDestination = { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' };
const nonInteractive = (over: Partial<RotateInput> = {}): RotateInput => ({
  currentKey: new Secret(OLD_KEY),
  newSecret: new Secret(NEW),
  target: ghTarget,
  shape,
  ...over,
});

function assertNoSecrets(text: string) {
  for (const s of [OLD, NEW]) {
    for (const form of [s, encodeURIComponent(s), b64(s)]) expect(text).not.toContain(form);
  }
  expect(text).not.toContain(OLD_KEY);
}

describe('rotate flow: order of operations', () => {
  it('non-interactive: check the new secret, build, push, verify, and only then the deletion steps', async () => {
    const log: Log = [];
    const { services, pushed, checks } = fakeServices(log);
    const blocks: Block[] = [];
    const r = await rotate(nonInteractive(), services, { output: { show: (...b) => blocks.push(...b) } });
    expect(r.ok).toBe(true);
    const relevant = log.filter((l) => !l.startsWith('decode'));
    expect(relevant).toEqual(['check:old', 'lastUpdated', 'check:new', 'encode', 'push:github:acme/app', 'verify:new']);
    expect(r.steps.map((s) => s.id)).toEqual(['current-key', 'identity', 'age', 'create-secret', 'new-secret', 'check', 'build', 'push', 'verify', 'delete-old']);
    // The pushed value is the new key made from the OLD key's host, client id and org.
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    // The verification used the key as stored (decoded back), not the in-memory pieces.
    const verify = checks.at(-1)!;
    expect(verify.clientSecret.reveal()).toBe(NEW);
    expect(verify.clientId).toBe('ci-client');
    expect(verify.org).toBe('acme');
    expect(verify.endpoint).toBe(HOST);
    expect(r.deleteSteps?.join('\n')).toMatch(/Okta: deactivate, then delete the old secret/);
    expect(r.deleteSteps?.join('\n')).toContain(fp(OLD));
    expect(r.nextRotation).toBe('2025-07-14');
    expect(r.old).toEqual({ length: OLD.length, fingerprint: fp(OLD) });
    expect(r.new).toEqual({ length: NEW.length, fingerprint: fp(NEW) });
  });

  it('--endpoint overrides the host for the checks but the new key keeps the old key host', async () => {
    const log: Log = [];
    const { services, pushed, checks } = fakeServices(log);
    await rotate(nonInteractive({ shape: { ...shape, endpoint: '127.0.0.1:8443' } }), services);
    expect(checks.every((c) => c.endpoint === '127.0.0.1:8443')).toBe(true);
    expect(Buffer.from(pushed[0]!, 'base64').toString().startsWith(`${HOST}:`)).toBe(true);
  });

  it('a failed check never calls push and shows no deletion steps', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log, { validSecrets: [OLD] });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(pushed).toEqual([]);
    expect(log.some((l) => l.startsWith('push'))).toBe(false);
    expect(log).not.toContain('encode');
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.find((s) => s.id === 'check')?.status).toBe('failed');
    expect(r.steps.at(-1)!.summary).toMatch(/Nothing was pushed/);
  });

  it('a failed push never verifies and never shows the deletion steps', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { pushOk: false });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(log.some((l) => l.startsWith('verify'))).toBe(false);
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.at(-1)).toMatchObject({ id: 'push', status: 'failed' });
    expect(r.steps.at(-1)!.summary).toMatch(/do not delete the old secret/);
  });

  it('a failed verification shows no deletion steps and says to keep the old secret', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { verifyOk: false });
    const r = await rotate(nonInteractive(), services);
    expect(r.ok).toBe(false);
    expect(log).toContain('push:github:acme/app');
    expect(r.deleteSteps).toBeUndefined();
    expect(r.steps.at(-1)).toMatchObject({ id: 'verify', status: 'failed' });
  });

  it('the age comes from the CI secret: 90-day mark passed, or unknown', async () => {
    const { services } = fakeServices([]);
    const r = await rotate(nonInteractive(), services);
    expect(r.ageDays).toBe(104);
    expect(r.rotationDue).toBe(true);
    const { services: s2 } = fakeServices([], { updated: null });
    const r2 = await rotate(nonInteractive(), s2);
    expect(r2.ageDays).toBeNull();
    expect(r2.steps.find((s) => s.id === 'age')).toMatchObject({ status: 'skipped' });
  });

  it('dry run: pushes nothing for real, skips verification, shows no deletion steps', async () => {
    const { services } = fakeServices([]);
    const r = await rotate(nonInteractive({ target: { ...ghTarget, dryRun: true } }), services);
    expect(r.ok).toBe(true);
    expect(r.steps.find((s) => s.id === 'verify')).toMatchObject({ status: 'skipped' });
    expect(r.deleteSteps).toBeUndefined();
  });

  it('missing answers without a prompter name the flags', async () => {
    const { services } = fakeServices([]);
    await expect(rotate(nonInteractive({ currentKey: undefined }), services)).rejects.toBeInstanceOf(MissingAnswerError);
    await expect(rotate(nonInteractive({ newSecret: undefined }), services)).rejects.toThrow(/--client-secret-stdin/);
    await expect(rotate(nonInteractive({ target: undefined }), services)).rejects.toThrow(/--push/);
  });

  it('refuses the same secret again and a secret flyte cannot carry, before any push', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    await expect(rotate(nonInteractive({ newSecret: new Secret(OLD) }), services)).rejects.toBeInstanceOf(UsageError);
    await expect(rotate(nonInteractive({ newSecret: new Secret('a:b') }), services)).rejects.toThrow(/cannot be carried/);
    expect(log.some((l) => l.startsWith('push'))).toBe(false);
  });

  it('a malformed current key is refused non-interactively with the decoder problems', async () => {
    const { services } = fakeServices([]);
    const bad = new Secret(b64(`${HOST}:ci-client:nope`));
    await expect(rotate(nonInteractive({ currentKey: bad }), services)).rejects.toThrow(/malformed: Expected 4 parts/);
  });
});

describe('rotate flow: interactive', () => {
  const happy = () => ({
    'current-key': OLD_KEY,
    'push-target': 'github',
    'new-secret': NEW,
    'confirm-push': true,
    'run-workflow': true,
  });

  it('walks the eight steps; deletion heading only after verify and the workflow run', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(pushed).toHaveLength(1);
    const order = log.filter((l) => !l.startsWith('decode') && !l.startsWith('show:Old') && !l.startsWith('show:Current'));
    expect(order).toEqual([
      'ask:current-key',
      'check:old',
      'ask:push-target',
      'lastUpdated',
      'show:Create a new client secret in Okta (keep the old one)',
      'ask:new-secret',
      'check:new',
      'encode',
      'ask:confirm-push',
      'push:github:acme/app',
      'verify:new',
      'ask:run-workflow',
      'workflow:flyte-deploy.yml',
      'show:Now delete the old secret in Okta',
    ]);
    const text = JSON.stringify(shown);
    expect(text).toContain('Next rotation due: 2025-07-14');
  });

  it('the old/new comparison shows only lengths and fingerprints (canary)', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    const table = shown.find((b, i) => b.kind === 'table' && shown[i - 1]?.kind === 'heading' && /Old key → new key/.test((shown[i - 1] as { text: string }).text));
    expect(table).toBeDefined();
    const rows = (table as { rows: Array<{ label: string; value: string }> }).rows;
    expect(rows.find((x) => x.label === 'Secret (old)')!.value).toBe(`${OLD.length} characters, SHA-256 ${fp(OLD)}…`);
    expect(rows.find((x) => x.label === 'Secret (new)')!.value).toBe(`${NEW.length} characters, SHA-256 ${fp(NEW)}…`);
    for (const label of ['Host', 'Client ID', 'Org']) expect(rows.find((x) => x.label === label)!.value).toMatch(/\(unchanged\)$/);
    assertNoSecrets(JSON.stringify(shown));
    assertNoSecrets(JSON.stringify(rotateJson(r)));
    assertNoSecrets(JSON.stringify(r));
  });

  const beforePush = ['current-key', 'push-target', 'new-secret', 'check-failed', 'confirm-push'];
  for (const id of beforePush) {
    it(`Ctrl-C at "${id}" never calls push`, async () => {
      const log: Log = [];
      // check-failed is only asked when the first new secret fails: make the first one wrong.
      const { services, pushed } = fakeServices(log, { validSecrets: [OLD, NEW] });
      const answers: Record<string, Answer | Answer[]> = { ...happy(), [id]: new CancelledError() };
      if (id === 'check-failed') answers['new-secret'] = ['wrong-secret', NEW];
      const { p } = scriptedPrompter(answers, log);
      await expect(rotate({ shape }, services, { prompter: p })).rejects.toBeInstanceOf(CancelledError);
      expect(log).toContain(`ask:${id}`);
      expect(pushed).toEqual([]);
      expect(log.some((l) => l.startsWith('push'))).toBe(false);
    });
  }

  it('declining the push confirmation cancels with CI unchanged', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'confirm-push': false }, log);
    await expect(rotate({ shape }, services, { prompter: p })).rejects.toThrow(/CI secret is unchanged/);
    expect(pushed).toEqual([]);
  });

  it('a failed check offers retry / re-enter; a second, correct secret goes through', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'new-secret': ['wrong-secret', NEW], 'check-failed': 'reenter' }, log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(log.indexOf('check:other')).toBeLessThan(log.indexOf('ask:check-failed'));
    expect(log.indexOf('check:new')).toBeLessThan(log.indexOf('push:github:acme/app'));
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
  });

  it('no-overlap provider (Keycloak): says so plainly and agrees on the push before the secret is regenerated', async () => {
    const log: Log = [];
    const { services } = fakeServices(log, { provider: 'keycloak' });
    const { p, shown } = scriptedPrompter(happy(), log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(log.indexOf('ask:confirm-push')).toBeLessThan(log.indexOf('ask:new-secret'));
    expect(log.filter((l) => l === 'ask:confirm-push')).toHaveLength(1);
    expect(JSON.stringify(shown)).toMatch(/no overlap|invalidates the old secret at once/);
    expect(r.steps.find((s) => s.id === 'create-secret')?.status).toBe('warning');
  });

  it('a malformed key: shows the problems and rebuilds from host, client ID and org', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const bad = b64(`https://${HOST}:ci-client:x`);
    const { p, shown } = scriptedPrompter(
      { ...happy(), 'current-key': bad, 'rebuild-key': true, endpoint: HOST, 'client-id': 'ci-client', org: 'acme' },
      log,
    );
    const r = await rotate({ shape }, services, { prompter: p });
    expect(JSON.stringify(shown)).toMatch(/malformed/);
    expect(r.ok).toBe(true);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    expect(r.old).toBeUndefined();
  });

  it('the pasted new secret must differ from the current one', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p } = scriptedPrompter({ ...happy(), 'new-secret': OLD }, log);
    await expect(rotate({ shape }, services, { prompter: p })).rejects.toThrow(/This is the current secret/);
  });
});

describe('rotate flow: untrusted text', () => {
  it('a provider error that echoes the secret is redacted and stripped of control sequences', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    services.check = async (opts) => {
      const r = report(opts.clientSecret.reveal() === OLD);
      r.diagnosis.providerText = `bad secret ${opts.clientSecret.reveal()} \u001b]8;;http://evil\u0007click\u001b]8;;\u0007`;
      return r;
    };
    const blocks: Block[] = [];
    const r = await rotate(nonInteractive(), services, { output: { show: (...b) => blocks.push(...b) } });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(blocks) + JSON.stringify(r);
    assertNoSecrets(text);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('<redacted>');
  });
});

describe('rotate command (services faked, in memory)', () => {
  it('--json: every step with status, fingerprints, never a secret; exit 0', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const m = memoryIO({ stdin: `${NEW}\n` });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY }, canPrompt: false, color: false, debug: false, json: true, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'client-secret-stdin': true, push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(0);
    expect(pushed).toHaveLength(1);
    const j = JSON.parse(m.stdout());
    expect(j.ok).toBe(true);
    expect(j.old).toEqual({ length: OLD.length, fingerprint: fp(OLD) });
    expect(j.new).toEqual({ length: NEW.length, fingerprint: fp(NEW) });
    expect(j.target).toMatchObject({ kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' });
    expect(j.steps.map((s: { status: string }) => s.status)).not.toContain('failed');
    assertNoSecrets(m.stdout() + m.stderr());
  });

  it('a failed check exits 1 and never pushes; the human report says why', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const { services, pushed } = fakeServices([], { validSecrets: [OLD] });
    const m = memoryIO({ stdin: NEW });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY }, canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'client-secret-stdin': true, push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(1);
    expect(pushed).toEqual([]);
    expect(m.stdout()).toMatch(/FAIL +Check with the new secret failed: The client secret is wrong\. Nothing was pushed/);
    expect(m.stdout()).toMatch(/Copy the secret value again/);
    assertNoSecrets(m.stdout() + m.stderr());
  });

  it('flag rules: one value on stdin, valid --push / --auth-method / --provider / --timeout', async () => {
    const { parseRotateFlags } = await import('../../src/commands/rotate.js');
    expect(() => parseRotateFlags({ 'api-key-stdin': true, 'client-secret-stdin': true })).toThrow(/only one value/);
    expect(() => parseRotateFlags({ 'client-secret-stdin': true, 'client-secret-env': 'X' })).toThrow(/not both/);
    expect(() => parseRotateFlags({ push: 'bitbucket' })).toThrow(/--push/);
    expect(() => parseRotateFlags({ 'auth-method': 'jwt' })).toThrow(/--auth-method/);
    expect(() => parseRotateFlags({ provider: 'google' })).toThrow(/--provider/);
    expect(() => parseRotateFlags({ timeout: '0' })).toThrow(/--timeout/);
    // --push jenkins without --url/--user is a missing answer (named with the others by the command), not a parse error.
    expect(parseRotateFlags({ push: 'jenkins' }).target).toMatchObject({ kind: 'jenkins', url: undefined, user: undefined });
    expect(() => parseRotateFlags({}, ['extra'])).toThrow(/no arguments/);
    const f = parseRotateFlags({ push: 'gitlab', repo: 'g/p', env: 'prod', scope: ['all'], endpoint: 'h:8443', timeout: '2.5' });
    expect(f.target).toMatchObject({ kind: 'gitlab', repo: 'g/p', env: 'prod', name: 'FLYTE_API_KEY' });
    expect(f.shape).toMatchObject({ endpoint: 'h:8443', scopes: ['all'], timeoutMs: 2500, authMethod: 'basic' });
  });
});

describe('rotate flow: Esc', () => {
  it('Esc (BackSignal) at the new secret stops the rotation as a cancel, before any push', async () => {
    const { BackSignal } = await import('../../src/core/prompter.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p } = scriptedPrompter({ 'current-key': OLD_KEY, 'push-target': 'github', 'new-secret': new BackSignal() }, log);
    await expect(rotate({ shape }, services, { prompter: p })).rejects.toBeInstanceOf(CancelledError);
    expect(pushed).toEqual([]);
  });
});

describe('rotate command helpers', () => {
  it('runWorkflow: gh workflow run, then the newest run status, all through the ProcessRunner with no secret in argv', async () => {
    const { runWorkflow } = await import('../../src/commands/rotate.js');
    const calls: Array<{ file: string; args: readonly string[]; input?: string }> = [];
    const proc = {
      run: async (file: string, args: readonly string[], opts: { input?: string } = {}) => {
        calls.push({ file, args, input: opts.input });
        const out = args[0] === 'run' ? JSON.stringify([{ status: 'in_progress', conclusion: '', url: 'https://github.example/acme/app/actions/runs/7' }]) : '';
        return { exitCode: 0, stdout: out, stderr: '', notFound: false, timedOut: false };
      },
    };
    const r = await runWorkflow(proc, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'flyte-deploy.yml', 0);
    expect(calls[0]).toMatchObject({ file: 'gh', args: ['workflow', 'run', 'flyte-deploy.yml', '--repo', 'acme/app'] });
    expect(calls[1]!.args).toEqual(['run', 'list', '--workflow', 'flyte-deploy.yml', '--repo', 'acme/app', '--limit', '1', '--json', 'status,conclusion,url']);
    expect(r).toMatchObject({ ok: true, url: 'https://github.example/acme/app/actions/runs/7' });
    expect(r.summary).toMatch(/in_progress/);
    for (const c of calls) assertNoSecrets(c.args.join(' ') + (c.input ?? ''));
  });

  it('runWorkflow: a failed dispatch says the key is stored and to deploy by hand; a failed run is not ok', async () => {
    const { runWorkflow } = await import('../../src/commands/rotate.js');
    const failing = { run: async () => ({ exitCode: 1, stdout: '', stderr: 'HTTP 422: Workflow does not have \u001b[31mworkflow_dispatch\u001b[0m trigger', notFound: false, timedOut: false }) };
    const r = await runWorkflow(failing, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'deploy.yml', 0);
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/workflow_dispatch trigger\. The key is stored/);
    expect(r.summary).not.toContain('\u001b');
    const done = {
      run: async (_f: string, args: readonly string[]) => ({ exitCode: 0, stdout: args[0] === 'run' ? '[{"status":"completed","conclusion":"failure"}]' : '', stderr: '', notFound: false, timedOut: false }),
    };
    expect((await runWorkflow(done, {}, { kind: 'github', repo: 'acme/app', name: 'FLYTE_API_KEY' }, 'deploy.yml', 0)).ok).toBe(false);
  });

  it('findDeployWorkflow: a workflow that runs flyte deploy and can be dispatched', async () => {
    const { findDeployWorkflow } = await import('../../src/commands/rotate.js');
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'rotate-wf-'));
    try {
      expect(await findDeployWorkflow(dir)).toBeNull();
      await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
      await writeFile(path.join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
      await writeFile(path.join(dir, '.github', 'workflows', 'release.yml'), 'on: push\njobs:\n  d:\n    steps:\n      - run: flyte --config config.yaml deploy x\n');
      expect(await findDeployWorkflow(dir)).toBeNull();
      await writeFile(path.join(dir, '.github', 'workflows', 'flyte-deploy.yml'), 'on:\n  workflow_dispatch:\njobs:\n  d:\n    steps:\n      - run: flyte --config config.yaml deploy --copy-style none x\n');
      expect(await findDeployWorkflow(dir)).toBe('flyte-deploy.yml');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--api-key-stdin with --client-secret-env: the key from stdin, the secret from the environment', async () => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const { services, pushed } = fakeServices([]);
    const m = memoryIO({ stdin: `${OLD_KEY}\n` });
    const ctx = { io: m.io, env: { NEW_SECRET: NEW }, canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false, style: createStyle(false), cwd: process.cwd() };
    const code = await runRotate({ values: { 'api-key-stdin': true, 'client-secret-env': 'NEW_SECRET', push: 'github', repo: 'acme/app' }, positionals: [] }, ctx, { services });
    expect(code).toBe(0);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]);
    expect(m.stdout()).toMatch(/Rotation complete\./);
    assertNoSecrets(m.stdout() + m.stderr());
  });
});

describe('rotate command: no push without confirmation', () => {
  const run = async (values: Record<string, string | boolean>, yes: boolean) => {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const m = memoryIO({ stdin: NEW });
    const ctx = { io: m.io, env: { FLYTE_API_KEY: OLD_KEY, JENKINS_API_TOKEN: 'jenkins-token' }, canPrompt: false, color: false, debug: false, json: false, yes, accessible: false, style: createStyle(false), cwd: process.cwd() };
    let error: unknown;
    let code: number | undefined;
    try {
      code = await runRotate({ values: { 'client-secret-stdin': true, ...values }, positionals: [] }, ctx, { services });
    } catch (err) {
      error = err;
    }
    return { code, error, log, pushed, out: m.stdout() + m.stderr() };
  };

  it.each([
    [{ push: 'github', repo: 'acme/app' }],
    [{ push: 'github' }],
    [{ push: 'gitlab', repo: 'acme/ml', env: 'production' }],
    [{ push: 'jenkins', url: 'https://ci.example.com', user: 'bot' }],
  ])('non-interactive %j without --yes: MissingAnswerError(--yes), exit 2, before any check or push', async (values) => {
    const { MissingAnswerError } = await import('../../src/core/errors.js');
    const r = await run(values, false);
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect((r.error as InstanceType<typeof MissingAnswerError>).flags).toEqual(['--yes']);
    expect((r.error as InstanceType<typeof MissingAnswerError>).exitCode).toBe(2);
    expect(r.pushed).toEqual([]);
    expect(r.log.filter((l) => l.startsWith('check') || l.startsWith('push') || l.startsWith('verify'))).toEqual([]);
    assertNoSecrets(r.out);
  });

  it('--dry-run and --push none need no --yes; with --yes the push happens', async () => {
    expect((await run({ push: 'github', repo: 'acme/app', 'dry-run': true }, false)).error).toBeUndefined();
    expect((await run({ push: 'none' }, false)).error).toBeUndefined();
    const yes = await run({ push: 'github', repo: 'acme/app' }, true);
    expect(yes.code).toBe(0);
    expect(yes.pushed).toHaveLength(1);
  });
});

describe('rotate flow: no CI push (interactive)', () => {
  it('shows the key once only when asked, waits until it is stored, then verifies and lists the deletion steps', async () => {
    const log: Log = [];
    const { services, pushed } = fakeServices(log);
    const { p, shown } = scriptedPrompter({ 'current-key': OLD_KEY, 'push-target': 'none', 'new-secret': NEW, 'show-key': true, 'stored-by-hand': undefined }, log);
    const r = await rotate({ shape }, services, { prompter: p });
    expect(r.ok).toBe(true);
    expect(pushed).toEqual([b64(`${HOST}:ci-client:${NEW}:acme`)]); // the fake push for `none` stores nothing
    expect(log.indexOf('ask:show-key')).toBeLessThan(log.indexOf('ask:stored-by-hand'));
    expect(log.indexOf('ask:stored-by-hand')).toBeLessThan(log.indexOf('verify:new'));
    expect(r.unstoredKey).toBeUndefined();
    const codeBlocks = shown.filter((b) => b.kind === 'code') as Array<{ text: string }>;
    expect(codeBlocks.map((b) => b.text)).toContain(b64(`${HOST}:ci-client:${NEW}:acme`));
    expect(r.deleteSteps?.[0]).toMatch(/First store the new key/);
  });

  it('declining to show the key never prints it', async () => {
    const log: Log = [];
    const { services } = fakeServices(log);
    const { p, shown } = scriptedPrompter({ 'current-key': OLD_KEY, 'push-target': 'none', 'new-secret': NEW, 'show-key': false, 'stored-by-hand': undefined }, log);
    await rotate({ shape }, services, { prompter: p });
    expect(JSON.stringify(shown)).not.toContain(b64(`${HOST}:ci-client:${NEW}:acme`));
    assertNoSecrets(JSON.stringify(shown));
  });
});

describe('non-interactive rotate: every missing answer at once, before any network call', () => {
  /** Services whose every network-facing call is recorded (check, push, lastUpdated, detectTarget, workflow). */
  function recordingServices() {
    const calls: string[] = [];
    const { services } = fakeServices(calls);
    const rec: RotateServices = {
      ...services,
      check: async (o) => {
        calls.push('check');
        return services.check(o);
      },
      push: async (k, t) => {
        calls.push('push');
        return services.push(k, t);
      },
      lastUpdated: async (t) => {
        calls.push('lastUpdated');
        return services.lastUpdated(t);
      },
      detectTarget: async () => {
        calls.push('detectTarget');
        return null;
      },
    };
    const network = () => calls.filter((c) => ['check', 'push', 'lastUpdated', 'detectTarget'].includes(c) || c.startsWith('check:') || c.startsWith('push:') || c.startsWith('verify'));
    return { services: rec, calls, network };
  }

  async function runCmd(values: Record<string, string | boolean>, env: Record<string, string>, yes = false) {
    const { runRotate } = await import('../../src/commands/rotate.js');
    const { memoryIO } = await import('../../src/services/io.js');
    const { createStyle } = await import('../../src/core/style.js');
    const r = recordingServices();
    const m = memoryIO({ stdin: '' });
    const ctx = { io: m.io, env, canPrompt: false, color: false, debug: false, json: false, yes, accessible: false, style: createStyle(false), cwd: process.cwd() };
    let error: unknown;
    try {
      await runRotate({ values, positionals: [] }, ctx, { services: r.services });
    } catch (err) {
      error = err;
    }
    return { error: error as MissingAnswerError, network: r.network(), out: m.stdout() + m.stderr() };
  }

  it('the reported case: FLYTE_API_KEY and --endpoint only → --push, the secret source and --yes in one message, nothing called', async () => {
    const r = await runCmd({ endpoint: '127.0.0.1:9443' }, { FLYTE_API_KEY: OLD_KEY });
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect(r.error.exitCode).toBe(2);
    expect(r.error.flags).toEqual([
      '--client-secret-stdin or --client-secret-env NAME',
      '--push github|gitlab|jenkins|none',
      '--yes (for a real push; not needed with --push none or --dry-run)',
    ]);
    expect(r.error.message).toMatch(/^Missing answers: pass .*--client-secret-stdin.*--push github.*--yes/);
    expect(r.network).toEqual([]);
    expect(r.out).toBe('');
  });

  it('--push jenkins with nothing else: --url, --user, JENKINS_API_TOKEN, the secret, the key and --yes, nothing called', async () => {
    const r = await runCmd({ push: 'jenkins' }, {});
    expect(r.error).toBeInstanceOf(MissingAnswerError);
    expect(r.error.flags).toEqual([
      'the current key in FLYTE_API_KEY or on stdin with --api-key-stdin',
      '--client-secret-stdin or --client-secret-env NAME',
      '--url URL',
      '--user USER',
      'JENKINS_API_TOKEN in the environment',
      '--yes',
    ]);
    for (const f of r.error.flags) expect(r.error.message).toContain(f);
    expect(r.network).toEqual([]);
  });

  it('--push none and --dry-run need no --yes; a complete set of answers goes on to the check', async () => {
    expect((await runCmd({ push: 'none' }, { FLYTE_API_KEY: OLD_KEY })).error.flags).toEqual(['--client-secret-stdin or --client-secret-env NAME']);
    expect((await runCmd({ push: 'github', 'dry-run': true }, { FLYTE_API_KEY: OLD_KEY })).error.flags).toEqual(['--client-secret-stdin or --client-secret-env NAME']);
    const ok = await runCmd({ push: 'github', repo: 'acme/app', 'client-secret-env': 'NEW_SECRET' }, { FLYTE_API_KEY: OLD_KEY, NEW_SECRET: NEW }, true);
    expect(ok.error).toBeUndefined();
    expect(ok.network).toContain('check');
    expect(ok.network).toContain('push');
  });

  it('the flow without a prompter names every missing answer at once and calls no service', async () => {
    const r = recordingServices();
    const err = await rotate({ shape }, r.services).catch((e: unknown) => e as MissingAnswerError);
    expect(err).toBeInstanceOf(MissingAnswerError);
    expect((err as MissingAnswerError).flags).toEqual([
      'the current key in FLYTE_API_KEY or on stdin with --api-key-stdin',
      '--client-secret-stdin or --client-secret-env NAME',
      '--push github|gitlab|jenkins|none',
    ]);
    const jenkins = (await rotate(nonInteractive({ target: { kind: 'jenkins', name: 'FLYTE_API_KEY' } }), r.services).catch((e: unknown) => e)) as MissingAnswerError;
    expect(jenkins.flags).toEqual(['--url URL', '--user USER']);
    expect(r.calls).toEqual([]);
  });
});
