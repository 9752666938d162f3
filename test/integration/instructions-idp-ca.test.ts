/**
 * An identity provider on a private CA, in the pipelines: `instructions SYSTEM --idp-ca-file PEM` (a CA made with openssl at test time,
 * copied into the repository) writes a pipeline that builds SSL_CERT_FILE from the public roots and that CA;
 * a file that is not a PEM certificate, or lies outside the repository, is refused (exit 2). Also issue 15:
 * `push jenkins` refuses a plain-http URL unless --allow-http, before anything is sent.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { makeTestPki, type TestPki } from '../servers/tls.js';

let pki: TestPki;
let repo: string;
beforeAll(async () => {
  pki = await makeTestPki();
  repo = mkdtempSync(path.join(tmpdir(), 'idp-ca-'));
  mkdirSync(path.join(repo, 'certs'));
  copyFileSync(pki.caFile, path.join(repo, 'certs', 'idp-ca.pem'));
  writeFileSync(path.join(repo, 'not-a-cert.pem'), 'hello\n');
  writeFileSync(path.join(repo, 'config.yaml'), 'admin:\n  endpoint: dns:///union.acme.com\n  caCertFilePath: certs/cp-ca.pem\ntask:\n  project: ml\n  domain: development\n');
}, 60_000);
afterAll(async () => {
  rmSync(repo, { recursive: true, force: true });
  await pki?.cleanup();
});

describe('instructions --idp-ca-file', () => {
  it('gitlab: the job builds the bundle before deploying; steps say how and why; config.yaml\'s CA is control plane only', async () => {
    const r = await runCli(['instructions', 'gitlab', '--path', 'wf.py', '--idp-ca-file', 'certs/idp-ca.pem', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { snippet: { text: string }; steps: string[] };
    const job = (parse(out.snippet.text) as Record<string, { script: string[] }>)['flyte-deploy']!;
    expect(job.script).toEqual([
      "pip install 'flyte>=2.1.7'",
      `cat "$(python -c 'import certifi; print(certifi.where())')" certs/idp-ca.pem > "$PWD/.flyte-ca-bundle.pem"`,
      'export SSL_CERT_FILE="$PWD/.flyte-ca-bundle.pem"',
      'flyte --config config.yaml deploy --copy-style none --version "$VERSION" --project ml --domain development wf.py',
    ]);
    expect(out.steps.join('\n')).toMatch(/public roots AND this CA/);
    expect(out.steps.join('\n')).toMatch(/admin\.caCertFilePath, which flyte applies to the control plane only/);
  });

  it('an absolute path inside the repository is accepted and written relative', async () => {
    const r = await runCli(['instructions', 'bitbucket', '--idp-ca-file', path.join(repo, 'certs', 'idp-ca.pem')], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`- cat "$(python -c 'import certifi; print(certifi.where())')" certs/idp-ca.pem > "$PWD/.flyte-ca-bundle.pem"`);
  });

  it.each([
    ['not-a-cert.pem', /is not a PEM certificate/],
    ['missing.pem', /does not exist/],
    ['OUTSIDE', /outside this repository/],
  ])('%s is refused with exit 2', async (file, msg) => {
    const r = await runCli(['instructions', 'github', '--idp-ca-file', file === 'OUTSIDE' ? pki.caFile : file], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });
});

describe('push jenkins over plain http', () => {
  it('refused with --yes unless --allow-http (exit 2, nothing sent); the token is not echoed', async () => {
    const env = { FLYTE_API_KEY: Buffer.from('union.acme.com:ci:JENKINS-HTTP-CANARY:acme').toString('base64'), JENKINS_API_TOKEN: 'TOKEN-CANARY-123' };
    const r = await runCli(['push', 'jenkins', '--url', 'http://jenkins.invalid', '--user', 'bot', '--yes'], { env, cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain http/);
    expect(r.stderr).toMatch(/--allow-http/);
    expect(r.stdout + r.stderr).not.toMatch(/TOKEN-CANARY|JENKINS-HTTP-CANARY/);
    // with --allow-http it goes ahead (and fails to connect to the .invalid host: exit 1, not 2)
    const ok = await runCli(['push', 'jenkins', '--url', 'http://jenkins.invalid', '--user', 'bot', '--allow-http', '--yes'], { env, cwd: repo });
    expect(ok.code).toBe(1);
    expect(ok.stdout).toMatch(/plain http/);
  });
});
