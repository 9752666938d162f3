/**
 * Issue 10 §3, §4, §5 against real local servers: flyte's token-less first call (does the answer make flyte
 * authenticate?), flyte's scope and expires_in rules on the token request, an empty authorization header name,
 * and the org/project/domain lookup on the demo control plane (which enforces them like a self-hosted one).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { startControlPlane, type ControlPlaneOptions } from '../../src/demo/controlplane.js';
import { runCheck } from '../../src/services/check/index.js';
import { Secret } from '../../src/core/secret.js';
import type { CheckOptions } from '../../src/core/check-types.js';
import { CANARY_SECRET, assertNoCanary, runCli } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../servers/tls.js';

let pki: TestPki;
let demo: Demo;
let dir: string;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  pki = await makeTestPki();
  demo = await startDemo({ clientSecret: CANARY_SECRET, org: 'acme', tls: { key: pki.leaf.key, cert: pki.leaf.cert, caPem: pki.caPem } });
  dir = await mkdtemp(path.join(tmpdir(), 'fca-rules-'));
});
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await demo?.close();
  await pki?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const opts = (extra: Partial<CheckOptions> = {}): CheckOptions => ({
  endpoint: demo.endpoint,
  caFile: pki.caFile,
  idpCaFile: pki.caFile,
  clientId: demo.clientId,
  clientSecret: new Secret(CANARY_SECRET),
  authMethod: 'basic',
  timeoutMs: 5000,
  ...extra,
});

async function controlPlane(extra: Partial<ControlPlaneOptions>) {
  const cp = await startControlPlane({
    auth: () => ({ issuer: demo.auth.issuer, tokenEndpoint: demo.auth.tokenEndpoint, jwksUri: demo.auth.jwksUri }),
    scopes: ['all'],
    tls: { key: pki.leaf.key, cert: pki.leaf.cert },
    caPem: pki.caPem,
    audience: demo.controlPlane.audience,
    org: 'acme',
    ...extra,
  });
  closers.push(() => cp.close());
  return cp;
}

describe("flyte's first call goes out without a token (§4)", () => {
  it('the control plane answers UNAUTHENTICATED: flyte authenticates, the first step says so', async () => {
    const r = await runCheck(opts());
    expect(r.ok, r.diagnosis.code).toBe(true);
    expect(r.steps[0]).toMatchObject({ id: 'first-call', status: 'ok' });
    expect(r.steps[0]!.summary).toMatch(/UNAUTHENTICATED.*flyte authenticates/);
  });

  it('an ingress/SSO proxy answering 403 to a call without a token → auth_not_triggered with the ingress fix', async () => {
    const cp = await controlPlane({ anonymousAnswer: 'forbidden' });
    const r = await runCheck(opts({ endpoint: cp.endpoint }));
    expect(r.ok).toBe(false);
    expect(r.diagnosis.code).toBe('auth_not_triggered');
    expect(r.diagnosis.detail).toMatch(/PERMISSION_DENIED/);
    expect(r.diagnosis.fix.join('\n')).toMatch(/401/);
    expect(r.diagnosis.fix.join('\n')).toMatch(/proxy/i);
    // No token was ever requested: flyte would not have asked for one either.
    expect(r.steps.map((s) => s.id)).toEqual(['first-call']);
  });

  it("a 302 to a login page: flyte's client follows it to an HTML 200 = UNKNOWN, so flyte does authenticate", async () => {
    const cp = await controlPlane({ anonymousAnswer: 'redirect' });
    const r = await runCheck(opts({ endpoint: cp.endpoint }));
    expect(r.steps[0]!.summary).toMatch(/HTTP 200 text\/html → UNKNOWN.*flyte authenticates/);
    expect(r.ok, r.diagnosis.code).toBe(true);
  });

  it('--json carries the code from the built command', async () => {
    const cp = await controlPlane({ anonymousAnswer: 'forbidden' });
    const r = await runCli(['check', '--endpoint', cp.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--client-id', demo.clientId, '--client-secret-env', 'S', '--json'], {
      env: { S: CANARY_SECRET },
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnosis.code).toBe('auth_not_triggered');
    assertNoCanary(r.stdout + r.stderr);
  });
});

describe('an empty authorization_metadata_key (§3)', () => {
  it('is reported with what flyte would send and whether the control plane takes the standard header', async () => {
    const cp = await controlPlane({ advertisedHeaderName: '', headerName: 'authorization' });
    const r = await runCheck(opts({ endpoint: cp.endpoint }));
    expect(r.ok).toBe(false);
    expect(r.diagnosis.code).toBe('control_plane_rejected_token');
    expect(r.diagnosis.title).toMatch(/empty authorization header name/);
    expect(r.diagnosis.detail).toMatch(/does accept this token in the standard `authorization` header/);
  });
});

describe("the token request and answer by flyte's rules (§3), against a real local token endpoint", () => {
  let port: number;
  let answer: Record<string, unknown> = {};
  const bodies: string[] = [];
  beforeAll(async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'opaque-token-value', token_type: 'Bearer', ...answer }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    closers.push(() => new Promise((r) => server.close(r)));
  });
  const check = (scopes?: string[]) =>
    runCheck({ tokenUrl: `http://127.0.0.1:${port}/token`, clientId: 'ci', clientSecret: new Secret(CANARY_SECRET), authMethod: 'basic', timeoutMs: 5000, ...(scopes ? { scopes } : {}) });

  it('scopes are joined the way flyte joins them: [" all", "\'api:read\'"] → scope=all+api%3Aread', async () => {
    answer = { expires_in: 3600 };
    const r = await check([' all', "'api:read'"]);
    expect(r.ok, r.diagnosis.code).toBe(true);
    expect(bodies.at(-1)).toBe('grant_type=client_credentials&scope=all+api%3Aread');
  });

  it('expires_in: null is accepted (flyte accepts it), with a warning', async () => {
    answer = { expires_in: null };
    const r = await check();
    expect(r.ok, r.diagnosis.code).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('expires_in_null');
  });

  it('expires_in missing fails (KeyError in flyte)', async () => {
    answer = {};
    const r = await check();
    expect(r.ok).toBe(false);
    expect(r.diagnosis.code).toBe('missing_expires_in');
  });

  it('expires_in 3599.5 fails: not an integer, and the diagnosis says so', async () => {
    answer = { expires_in: 3599.5 };
    const r = await check();
    expect(r.ok).toBe(false);
    expect(r.diagnosis.code).toBe('missing_expires_in');
    expect(r.diagnosis.title).toMatch(/not an integer/);
    expect(r.diagnosis.detail).toContain('3599.5');
  });

  it('expires_in "3600" (a string) is accepted, as pydantic coerces it', async () => {
    answer = { expires_in: '3600' };
    const r = await check();
    expect(r.ok, r.diagnosis.code).toBe(true);
  });
});

describe('the org, project and domain deploy will use (§5), on a control plane that enforces them', () => {
  it('the right org, an existing project and domain → ok, the step names them', async () => {
    const r = await runCheck(opts({ org: 'acme', project: 'flytesnacks', domain: 'development' }));
    expect(r.ok, r.diagnosis.code).toBe(true);
    expect(r.steps.at(-1)).toMatchObject({ id: 'project', status: 'ok' });
  });

  it('a wrong org (not UNION_ORG) → org_mismatch, although UserInfo accepted the token', async () => {
    const r = await runCheck(opts({ org: 'acme-typo', project: 'flytesnacks', domain: 'development' }));
    expect(r.ok).toBe(false);
    expect(r.diagnosis.code).toBe('org_mismatch');
    expect(r.steps.find((s) => s.id === 'userinfo')?.status).toBe('ok');
  });

  it('a project that does not exist → project_not_found', async () => {
    const r = await runCheck(opts({ org: 'acme', project: 'nope', domain: 'development' }));
    expect(r.diagnosis.code).toBe('project_not_found');
  });

  it('a domain the project does not have → domain_not_found, listing the domains', async () => {
    const r = await runCheck(opts({ org: 'acme', project: 'flytesnacks', domain: 'prod' }));
    expect(r.diagnosis.code).toBe('domain_not_found');
    expect(r.diagnosis.detail).toContain('development, staging, production');
  });

  it('no project known → skipped with a warning, the check still passes', async () => {
    const r = await runCheck(opts({ org: 'acme' }));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('project_not_checked');
    expect(r.steps.find((s) => s.id === 'project')?.status).toBe('skipped');
  });

  it('the built command: --project/--domain with the org from FLYTE_API_KEY, and task.* from --config FILE', async () => {
    const key = (org: string) => Buffer.from(`union.example.com:${demo.clientId}:${CANARY_SECRET}:${org}`).toString('base64');
    const base = ['check', '--endpoint', demo.endpoint, '--ca-file', pki.caFile, '--idp-ca-file', pki.caFile, '--json'];
    const wrong = await runCli([...base, '--project', 'flytesnacks', '--domain', 'development'], { env: { FLYTE_API_KEY: key('other') } });
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(JSON.parse(wrong.stdout).diagnosis.code).toBe('org_mismatch');
    // --org beats the key's org, as in flyte.
    const fixed = await runCli([...base, '--project', 'flytesnacks', '--domain', 'development', '--org', 'acme'], { env: { FLYTE_API_KEY: key('other') } });
    expect(fixed.code, fixed.stdout).toBe(0);
    const config = path.join(dir, 'config.yaml');
    await writeFile(config, 'admin:\n  endpoint: dns:///union.example.com\ntask:\n  org: acme\n  project: flytesnacks\n  domain: staging2\n');
    const viaConfig = await runCli([...base, '--config', config], { env: { FLYTE_API_KEY: key('') } });
    expect(viaConfig.code, viaConfig.stderr).toBe(1);
    expect(JSON.parse(viaConfig.stdout).diagnosis.code).toBe('domain_not_found');
    for (const r of [wrong, fixed, viaConfig]) assertNoCanary(r.stdout + r.stderr);
  });
});
