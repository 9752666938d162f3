/**
 * `rotate --push gitlab` end to end with the BUILT command (run `npm run build` first): the demo authorization
 * server (one client holding the old and the new secret during the overlap) and control plane run in this process;
 * a stand-in `glab` first on PATH records argv and stdin and answers like glab, including "has already been taken"
 * so the push goes set → update. What glab received on stdin is decoded by flyte's rules (decodeApiKey).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeApiKey } from '../../src/core/apikey.js';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { assertNoCanary, runCli } from '../helpers/cli.js';
import { glabCalls, installGlabShim } from '../helpers/glab-shim.js';

const OLD = 'OLD-GL-CANARY-s3cr3t+/%~Zq9';
const NEW = 'NEW-GL-CANARY-s3cr3t+/%~Xy7';
const WRONG = 'WRONG-GL-CANARY-secret';
const KEY_HOST = 'union.demo.example';
const CLIENT = 'flyte-ci-demo';
const ORG = 'demo';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`${KEY_HOST}:${CLIENT}:${OLD}:${ORG}`);
const NEW_KEY = b64(`${KEY_HOST}:${CLIENT}:${NEW}:${ORG}`);


let demo: Demo;
let dir: string;
let log: string;

beforeAll(async () => {
  demo = await startDemo({ clientSecret: OLD, clientId: CLIENT, org: ORG });
});
afterAll(async () => {
  await demo?.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rotate-glab-'));
  log = path.join(dir, 'log');
  mkdirSync(path.join(dir, 'work'), { recursive: true });
  installGlabShim(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const checkFlags = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--idp-ca-file', demo.caFile!, '--timeout', '10'];
const env = (mode: string, extra: Record<string, string> = {}) => ({
  PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
  SHIM_LOG: log,
  SHIM_MODE: mode,
  FLYTE_API_KEY: OLD_KEY,
  NEW_SECRET: NEW,
  ...extra,
});
const calls = () => glabCalls(log);
const variableCalls = () => calls().filter((c) => c.argv[0] === 'variable');
const noSecrets = (text: string) => assertNoCanary(text, OLD, NEW, WRONG, OLD_KEY, NEW_KEY);

const ROTATE = ['rotate', '--client-secret-env', 'NEW_SECRET', '--push', 'gitlab', '--repo', 'acme/app', '--env', 'production', '--protected'];

describe('rotate --push gitlab with the demo servers and a stand-in glab', () => {
  it('overlap → check → push (set, "already taken" → update with every flag) → verify; glab got the new key on stdin only', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli([...ROTATE, '--yes', '--json', ...checkFlags()], { env: env('taken'), cwd: path.join(dir, 'work') });
    noSecrets(r.stdout + r.stderr);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ id: string; status: string }> };
    expect(j.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(r.code).toBe(0);
    expect(j.ok).toBe(true);
    expect(j.steps.find((s) => s.id === 'push')?.status).toBe('ok');
    expect(j.steps.find((s) => s.id === 'verify')?.status).toBe('ok');

    const vc = variableCalls();
    expect(vc.map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['variable set', 'variable update']);
    for (const c of vc) {
      // Every attribute on both calls: masked + raw (flyte keys contain no $, but raw keeps GitLab from expanding one).
      expect(c.argv.slice(2)).toEqual(['FLYTE_API_KEY', '--masked', '--raw', '--protected', '--scope', 'production', '-R', 'acme/app']);
      // What glab stored decodes, by flyte's rules, to the old key's host/client/org with the NEW secret.
      const decoded = decodeApiKey(c.stdin!);
      expect(decoded.valid).toBe(true);
      expect(decoded.endpoint).toBe(KEY_HOST);
      expect(decoded.clientId).toBe(CLIENT);
      expect(decoded.org).toBe(ORG);
      expect(decoded.clientSecret.reveal()).toBe(NEW);
      expect(c.stdin).toBe(NEW_KEY);
    }
    // Neither the key nor any secret in any argv glab received (the --version probe included).
    for (const c of calls()) noSecrets(c.argv.join('\n'));

    // The provider drops the old secret: the key glab stored works, the old one no longer does.
    demo.setSecrets([NEW]);
    expect((await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: vc[1]!.stdin! } })).code).toBe(0);
    expect((await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: OLD_KEY } })).code).toBe(1);
  });

  it('a new variable (no "already taken"): one set call, masked and raw, the new key on stdin', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'gitlab', '--repo', 'acme/app', '--yes', ...checkFlags()], {
      input: `${NEW}\n`,
      env: env('ok'),
      cwd: path.join(dir, 'work'),
    });
    noSecrets(r.stdout + r.stderr);
    expect(r.code).toBe(0);
    const vc = variableCalls();
    expect(vc).toHaveLength(1);
    expect(vc[0]!.argv).toEqual(['variable', 'set', 'FLYTE_API_KEY', '--masked', '--raw', '--scope', '*', '-R', 'acme/app']);
    expect(vc[0]!.stdin).toBe(NEW_KEY);
    for (const c of calls()) noSecrets(c.argv.join('\n'));
  });

  it('a wrong new secret: exit 1 at the check, glab never asked to store anything (only the read-only login probe ran)', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli([...ROTATE, '--yes', ...checkFlags()], { env: env('taken', { NEW_SECRET: WRONG }), cwd: path.join(dir, 'work') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Nothing was pushed; CI still holds the old key/);
    // The age step asks whether glab is logged in (so it can say so); nothing else reaches glab.
    expect(calls().map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['--version', 'auth status']);
    expect(calls().every((c) => !c.stdin)).toBe(true);
    noSecrets(r.stdout + r.stderr);
  });

  it('glab not logged in, no terminal: the age step says "glab is not logged in to gitlab.com" and the login command', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli([...ROTATE, '--dry-run', ...checkFlags()], { env: env('ok', { SHIM_AUTH: 'none' }), cwd: path.join(dir, 'work') });
    expect(r.stdout).toMatch(
      /skip +The age of the stored key is unknown \(glab is not logged in to gitlab\.com\)\. Log in with `glab auth login --hostname gitlab\.com`; the push needs it too\./,
    );
    expect(calls().some((c) => c.argv[0] === 'auth' && c.argv[1] === 'login')).toBe(false);
    noSecrets(r.stdout + r.stderr);
  });

  it('without --yes and without a terminal: exit 2 naming --yes, glab never called', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli([...ROTATE, ...checkFlags()], { env: env('taken'), cwd: path.join(dir, 'work') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Missing an answer: pass --yes\./);
    expect(r.stdout).toBe('');
    expect(calls()).toEqual([]);
    noSecrets(r.stdout + r.stderr);
  });
});
