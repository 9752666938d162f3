/**
 * The flow-layer "Create it for me" (src/flow/create-client.ts) over a ScriptedPrompter: which questions are
 * asked, that nothing is sent before the confirmation, that the result carries the secret as a Secret and the
 * created objects, and that a failure halfway shows what exists. Network and az are recorded stand-ins here;
 * the integration tests use the real oidc-provider and the az shim.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { askCreateOrConsole, createClientFlow, type Targets } from '../../src/flow/create-client.js';
import type { FetchLike } from '../../src/services/http.js';
import type { ProcessRunner, RunResult } from '../../src/services/process.js';
import { PartialCreateError } from '../../src/services/registration/engine.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';

const SECRET = 'REG-CANARY-s3cr3t+/%~Zq9';
const IAT = 'IAT-CANARY-abcdef123';

const regTargets: Targets = {
  endpoint: 'union.acme.example',
  issuer: 'https://idp.acme.example',
  scopes: ['all'],
  audience: 'https://union.acme.example',
  registrationEndpoint: 'https://idp.acme.example/reg',
  provider: 'generic',
};
const entraTargets: Targets = {
  endpoint: 'union.acme.example',
  issuer: 'https://login.microsoftonline.com/72f988bf-0000-4000-8000-0000000000aa/v2.0',
  scopes: ['api://union/.default'],
  audience: 'api://union',
  provider: 'entra',
};

function recordingFetch(status = 201) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string>; body: string }> = [];
  const fetch: FetchLike = async (input, init = {}) => {
    calls.push({ url: String(input), method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: String(init.body ?? '') });
    return new Response(
      status === 201
        ? JSON.stringify({ client_id: 'new-ci', client_secret: SECRET, registration_access_token: 'rat', registration_client_uri: 'https://idp.acme.example/reg/new-ci' })
        : JSON.stringify({ error: 'invalid_token', error_description: `token ${IAT} is not valid` }),
      { status, headers: { 'content-type': 'application/json' } },
    );
  };
  return { fetch, calls };
}

const unusedRunner: ProcessRunner = {
  run: async () => {
    throw new Error('no process expected');
  },
};

function fakeAz(roles: Array<{ id: string; value: string }>, failOn?: string): { runner: ProcessRunner; calls: string[][] } {
  const calls: string[][] = [];
  const ok = (o: unknown): RunResult => ({ exitCode: 0, stdout: JSON.stringify(o), stderr: '', notFound: false, timedOut: false });
  const runner: ProcessRunner = {
    run: async (_file, args) => {
      calls.push([...args]);
      const cmd = args.slice(0, 3).join(' ');
      if (failOn && cmd.startsWith(failOn)) return { exitCode: 1, stdout: '', stderr: 'ERROR: Insufficient privileges to complete the operation.', notFound: false, timedOut: false };
      if (cmd.startsWith('account show')) return ok({ tenantId: 'tid-1', user: { name: 'dev@acme' } });
      if (cmd === 'ad sp show') return ok({ id: 'api-sp', appId: 'api-app', displayName: 'Union API', appRoles: roles.map((r) => ({ ...r, isEnabled: true, allowedMemberTypes: ['Application'], displayName: r.value })) });
      if (cmd === 'ad app create') return ok({ appId: 'new-app', id: 'new-obj' });
      if (cmd === 'ad sp create') return ok({ id: 'new-sp' });
      if (args[0] === 'rest') return ok({ id: 'assignment-1' });
      if (cmd === 'ad app credential' && args[3] === 'reset') return ok({ appId: 'new-app', password: SECRET, tenant: 'tid-1' });
      if (cmd === 'ad app credential') return ok([{ displayName: 'flyte-ci-auth', endDateTime: '2027-03-03T00:00:00Z' }]);
      return { exitCode: 2, stdout: '', stderr: 'unexpected', notFound: false, timedOut: false };
    },
  };
  return { runner, calls };
}

const NOW = () => new Date('2026-12-04T12:00:00Z');

describe('askCreateOrConsole (the checklist screen)', () => {
  it('offers both when the provider allows a route', async () => {
    const p = new ScriptedPrompter([['create-or-console', 'create']]);
    expect(await askCreateOrConsole(p, regTargets)).toBe('create');
    expect(p.asked[0]!.question.choices).toEqual([
      expect.objectContaining({ value: 'create', label: 'Create it for me' }),
      expect.objectContaining({ value: 'console', label: "I'll create it in the console" }),
    ]);
  });
  it('asks nothing and answers "console" when there is no registration endpoint and no Entra', async () => {
    const p = new ScriptedPrompter([]);
    expect(await askCreateOrConsole(p, { ...regTargets, registrationEndpoint: undefined })).toBe('console');
    expect(p.asked).toHaveLength(0);
  });
});

describe('createClientFlow: registration route', () => {
  it('asks the name and the credential (masked), lists what will be created, and sends nothing when the answer is no', async () => {
    const { fetch, calls } = recordingFetch();
    const p = new ScriptedPrompter([
      ['client-name', 'ci-app'],
      ['registration-credential', IAT],
      ['confirm-create', false],
    ]);
    await expect(createClientFlow(p, regTargets, {}, { fetch, runner: unusedRunner, env: {} })).rejects.toBeInstanceOf(CancelledError);
    expect(p.ids()).toEqual(['client-name', 'registration-credential', 'confirm-create']);
    expect(p.asked[1]!.kind).toBe('secret');
    expect(p.text_()).toContain('a confidential client \\"ci-app\\" (client_credentials, client_secret_basic, scope all) at idp.acme.example');
    expect(calls).toHaveLength(0);
  });

  it('dry run: shows the request with the credential redacted, asks no confirmation, sends nothing', async () => {
    const { fetch, calls } = recordingFetch();
    const p = new ScriptedPrompter([]);
    const out = await createClientFlow(p, regTargets, { clientName: 'ci', credential: new Secret(IAT), dryRun: true }, { fetch, runner: unusedRunner, env: {} });
    expect(out.dryRun).toBe(true);
    expect(calls).toHaveLength(0);
    expect(p.text_()).toContain('authorization: Bearer <redacted>');
    expect(p.text_()).not.toContain(IAT);
  });

  it('after yes: one POST with the RFC 7591 metadata; returns the ID, the secret as a Secret, and the created client', async () => {
    const { fetch, calls } = recordingFetch();
    const p = new ScriptedPrompter([['confirm-create', true]]);
    const out = await createClientFlow(p, regTargets, { clientName: 'ci', credential: new Secret(IAT) }, { fetch, runner: unusedRunner, env: {} });
    if (out.dryRun) throw new Error('not a dry run');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${IAT}`);
    expect(JSON.parse(calls[0]!.body)).toEqual({
      client_name: 'ci',
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [],
      scope: 'all',
    });
    expect(out.clientId).toBe('new-ci');
    expect(out.clientSecret).toBeInstanceOf(Secret);
    expect(out.clientSecret.reveal()).toBe(SECRET);
    expect(out.created).toEqual([expect.objectContaining({ kind: 'client', id: 'new-ci', where: 'idp.acme.example' })]);
    expect(JSON.stringify(p.shown) + JSON.stringify(out)).not.toContain(SECRET);
  });

  it('a refused credential: the server text is shown without the token it echoed', async () => {
    const { fetch } = recordingFetch(401);
    const p = new ScriptedPrompter([]);
    const err = await createClientFlow(p, regTargets, { clientName: 'ci', credential: new Secret(IAT), yes: true }, { fetch, runner: unusedRunner, env: {} }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/registration failed: HTTP 401 \(invalid_token: token <redacted> is not valid\)/);
  });

  it('no route: refuses before asking anything', async () => {
    const p = new ScriptedPrompter([]);
    await expect(createClientFlow(p, { ...regTargets, registrationEndpoint: undefined }, {}, { fetch: recordingFetch().fetch, runner: unusedRunner, env: {} })).rejects.toBeInstanceOf(PartialCreateError);
    expect(p.asked).toHaveLength(0);
  });
});

describe('createClientFlow: Entra route', () => {
  it('asks the secret lifetime and, when the API has several roles, which one; returns the end date Entra recorded', async () => {
    const az = fakeAz([
      { id: 'r1', value: 'Flyte.Deploy' },
      { id: 'r2', value: 'Flyte.Admin' },
    ]);
    const p = new ScriptedPrompter([
      ['secret-days', '89'],
      ['app-role', 'Flyte.Deploy'],
      ['confirm-create', true],
    ]);
    const out = await createClientFlow(p, entraTargets, { clientName: 'ci' }, { fetch: recordingFetch().fetch, runner: az.runner, env: {}, now: NOW });
    if (out.dryRun) throw new Error('not a dry run');
    expect(p.ids()).toEqual(['secret-days', 'app-role', 'confirm-create']);
    // The confirmation names the tenant, the signed-in user and the chosen role on the API.
    expect(p.text_()).toContain('in Entra tenant tid-1 (az signed in as dev@acme)');
    expect(p.text_()).toContain('an application-role assignment of Flyte.Deploy on Union API (api://union)');
    expect(az.calls.find((c) => c[3] === 'reset')).toEqual(expect.arrayContaining(['--end-date', '2027-03-03']));
    expect(out.secretExpiresAt).toBe('2027-03-03T00:00:00Z');
    expect(out.adminConsent).toBe('granted');
    expect(out.created.map((c) => c.kind)).toEqual(['app-registration', 'service-principal', 'app-role-assignment', 'client-secret']);
    for (const c of az.calls) expect(c.join(' ')).not.toContain(SECRET);
    expect(JSON.stringify(p.shown)).not.toContain(SECRET);
  });

  it('a failure halfway shows what exists now and the one command that removes it', async () => {
    const az = fakeAz([{ id: 'r1', value: 'Flyte.Deploy' }], 'ad app credential');
    const p = new ScriptedPrompter([]);
    const err = await createClientFlow(p, entraTargets, { clientName: 'ci', secretDays: 180, yes: true }, { fetch: recordingFetch().fetch, runner: az.runner, env: {}, now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).created.map((c) => c.kind)).toEqual(['app-registration', 'service-principal', 'app-role-assignment']);
    const shown = p.text_();
    expect(shown).toContain('What exists now');
    expect(shown).toContain('flyte-ci-auth client delete --route entra --app-id new-app');
  });
});
