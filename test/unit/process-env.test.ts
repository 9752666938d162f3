/**
 * Child processes never inherit a secret: FLYTE_API_KEY, JENKINS_API_TOKEN and every variable registered with
 * markSecretEnv (the one named by --client-secret-env) are removed from the runner's child environment.
 * Proven with a `gh` shim on PATH that dumps its environment to a file.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childEnv, createProcessRunner, markSecretEnv } from '../../src/services/process.js';
import { readSecretEnv } from '../../src/commands/secret-env.js';
import { assertNoCanary, runCli } from '../helpers/cli.js';

const KEY_CANARY = 'CANARY-flyte-api-key-Zq9';
const JENKINS_CANARY = 'CANARY-jenkins-token-Zq9';
const CLIENT_CANARY = 'CANARY-client-secret-Zq9';
const MARKED = 'PROCESS_ENV_TEST_SECRET';

let dir: string;
let shimDir: string;
let envLog: string;
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'proc-env-'));
  shimDir = path.join(dir, 'bin');
  mkdirSync(shimDir);
  envLog = path.join(dir, 'env.log');
  for (const tool of ['gh', 'glab', 'git']) {
    const shim = path.join(shimDir, tool);
    writeFileSync(shim, `#!/bin/sh\necho "== ${tool} $*" >> '${envLog}'\nenv >> '${envLog}'\nexit 0\n`);
    chmodSync(shim, 0o755);
  }
  for (const k of ['FLYTE_API_KEY', 'JENKINS_API_TOKEN', MARKED, 'PROCESS_ENV_TEST_PLAIN']) saved[k] = process.env[k];
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the process runner strips secret-bearing variables', () => {
  it('a gh child on PATH sees none of FLYTE_API_KEY, JENKINS_API_TOKEN or a marked variable, but keeps the rest', async () => {
    process.env.FLYTE_API_KEY = KEY_CANARY;
    process.env.JENKINS_API_TOKEN = JENKINS_CANARY;
    process.env[MARKED] = CLIENT_CANARY;
    process.env.PROCESS_ENV_TEST_PLAIN = 'plain-value';
    // what readSecretEnv does for --client-secret-env NAME
    expect(readSecretEnv(process.env, MARKED)).toBe(CLIENT_CANARY);
    const r = await createProcessRunner(process.env).run('gh', ['--version'], {
      // an explicit override must not bring a secret back either
      env: { PATH: `${shimDir}:${process.env.PATH}`, FLYTE_API_KEY: KEY_CANARY, GH_PROMPT_DISABLED: '1' },
    });
    expect(r.exitCode).toBe(0);
    const log = readFileSync(envLog, 'utf8');
    expect(log).toContain('== gh --version');
    expect(log).toContain('PROCESS_ENV_TEST_PLAIN=plain-value');
    expect(log).toContain('GH_PROMPT_DISABLED=1');
    assertNoCanary(log, KEY_CANARY, JENKINS_CANARY, CLIENT_CANARY);
    expect(log).not.toMatch(/^(FLYTE_API_KEY|JENKINS_API_TOKEN|PROCESS_ENV_TEST_SECRET)=/m);
  });

  it('childEnv: undefined removes, secrets removed, markSecretEnv adds names', () => {
    markSecretEnv('PROCESS_ENV_TEST_OTHER');
    const env = childEnv({ A: '1', B: '2', FLYTE_API_KEY: 'k', JENKINS_API_TOKEN: 't', PROCESS_ENV_TEST_OTHER: 's' }, { B: undefined, C: '3' });
    expect(env).toEqual({ A: '1', C: '3' });
  });
});

describe('end to end: setup with --client-secret-env', () => {
  it('the git child (remote detection) gets neither the client secret nor FLYTE_API_KEY nor JENKINS_API_TOKEN', async () => {
    const work = path.join(dir, 'work');
    mkdirSync(work);
    const r = await runCli(
      ['setup', '--provider', 'okta', '--endpoint', 'union.example.com', '--client-id', 'ci', '--client-secret-env', 'MY_CI_SECRET',
        '--org', 'acme', '--project', 'p', '--domain', 'development', '--ci', 'github', '--yes'],
      {
        cwd: work,
        env: { PATH: `${shimDir}:${process.env.PATH}`, HOME: dir, MY_CI_SECRET: CLIENT_CANARY, FLYTE_API_KEY: KEY_CANARY, JENKINS_API_TOKEN: JENKINS_CANARY },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--repo/);
    const log = readFileSync(envLog, 'utf8');
    expect(log).toContain('== git remote get-url origin');
    assertNoCanary(log + r.stdout + r.stderr, KEY_CANARY, JENKINS_CANARY, CLIENT_CANARY);
  });
});
