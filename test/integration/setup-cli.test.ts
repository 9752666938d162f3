/**
 * The built command, non-interactively (no terminal): `setup --yes` against the embedded demo, missing
 * answers, bad flag values, an existing config.yaml, and a failing check (admin consent) that writes nothing.
 * Run `npm run build` first (npm test does).
 */
import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoCanary, runCli } from '../helpers/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'setup-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) => stat(p).then(() => true, () => false);

describe('flyte-ci-auth setup (non-interactive)', () => {
  it('--demo --yes writes config.yaml into --dir and prints the summary', async () => {
    const r = await runCli(['setup', '--demo', '--yes', '--dir', dir, '--project', 'ml', '--domain', 'staging'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const config = await readFile(path.join(dir, 'config.yaml'), 'utf8');
    expect(config).toMatch(/endpoint: dns:\/\/\/127\.0\.0\.1:\d+/);
    expect(config).toMatch(/project: ml/);
    expect(config).toMatch(/domain: staging/);
    expect(config).toMatch(/disableKeyring: true/);
    expect(config).not.toMatch(/insecure: true/);
    // The demo CA is copied next to... the demo output folder, and config.yaml points at a file that exists.
    const ca = /caCertFilePath: (\S+)/.exec(config)?.[1];
    expect(ca && (await exists(ca))).toBe(true);
    expect(r.stdout).toContain('Check passed');
    expect(r.stdout).toContain('Rotate by');
    expect(r.stdout).toContain('flyte --config config.yaml deploy');
    expect(r.stdout).toContain('flyte-ci-auth setup --demo --project ml --domain staging');
    // The demo's secret starts with "demo~"; it must not be printed anywhere.
    expect(r.stdout + r.stderr).not.toContain('demo~');
    // Non-interactive: no pipeline file without --write-pipeline.
    expect(await exists(path.join(dir, '.github'))).toBe(false);
  });

  it('--write-pipeline --ci github: the workflow is created in --dir, running flyte --config before deploy', async () => {
    const r = await runCli(['setup', '--demo', '--yes', '--write-pipeline', '--ci', 'github', '--dir', dir, '--project', 'ml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const workflow = await readFile(path.join(dir, '.github/workflows/flyte-deploy.yml'), 'utf8');
    const run = /^\s*(?:run: )?(flyte .*deploy.*)$/m.exec(workflow)?.[1] ?? '';
    expect(run).toMatch(/^flyte --config config\.yaml deploy /);
    expect(workflow).toContain('--project ml --domain development');
    expect(workflow).toContain('FLYTE_API_KEY');
    expect(workflow).not.toContain('demo~');
    expect(r.stdout).toContain('Created .github/workflows/flyte-deploy.yml');
    expect(r.stdout).toMatch(/Pipeline\s+\.github\/workflows\/flyte-deploy\.yml \(created\)/);
    expect(r.stdout).toContain('git add config.yaml .github/workflows/flyte-deploy.yml && git commit');
    expect(r.stdout).toContain('--write-pipeline --yes');
    expect(r.stdout + r.stderr).not.toContain('demo~');

    // Run again with a changed project: the existing file is replaced only because of --yes, with a backup.
    const r2 = await runCli(['setup', '--demo', '--yes', '--write-pipeline', '--ci', 'github', '--dir', dir, '--project', 'ml2', '--json'], { cwd: dir });
    expect(r2.code).toBe(0);
    const j = JSON.parse(r2.stdout) as { pipeline: { file: string; status: string } };
    expect(j.pipeline).toMatchObject({ file: '.github/workflows/flyte-deploy.yml', status: 'updated' });
    expect(await readFile(path.join(dir, '.github/workflows/flyte-deploy.yml.bak'), 'utf8')).toBe(workflow);
  });

  it('--json: a machine-readable result on stdout, human text on stderr, never the secret', async () => {
    const r = await runCli(['setup', '--demo', '--json', '--yes', '--file', path.join(dir, 'flyte.yaml')], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, any>;
    expect(j.status).toBe('ok');
    expect(j.check).toMatchObject({ ok: true, code: 'ok' });
    expect(j.written).toEqual([{ path: path.join(dir, 'flyte.yaml'), created: true, backupPath: null }]);
    expect(j.pushed).toEqual([]);
    expect(j.rotationDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(j.next.join('\n')).toContain('flyte --config flyte.yaml deploy');
    expect(j.secretFingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(r.stdout + r.stderr).not.toContain('demo~');
    expect(await exists(path.join(dir, 'flyte.yaml'))).toBe(true);
  });

  it('an existing config.yaml is updated in place: other keys and comments kept, backup written', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, '# ours\nadmin:\n  endpoint: dns:///old.example.com\nimage:\n  builder: local\nlogger:\n  level: 4\n');
    const r = await runCli(['setup', '--demo', '--yes', '--file', file], { cwd: dir });
    expect(r.code).toBe(0);
    const config = await readFile(file, 'utf8');
    expect(config).toContain('# ours');
    expect(config).toContain('level: 4');
    expect(config).not.toContain('old.example.com');
    expect(await readFile(`${file}.bak`, 'utf8')).toContain('old.example.com');
    expect(r.stdout).toContain('Changes to config.yaml');
    expect(r.stdout).toMatch(/- {3}endpoint: dns:\/\/\/old\.example\.com/);
  });

  it('missing answers: exit 2 naming every missing flag, nothing written', async () => {
    const r = await runCli(['setup', '--endpoint', 'union.acme.com', '--project', 'ml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--client-id');
    expect(r.stderr).toContain('--client-secret-stdin or --client-secret-env NAME');
    expect(r.stderr).toContain('--org');
    expect(r.stderr).toContain('--domain');
    expect(r.stderr).toContain('--ci');
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).not.toContain('--endpoint,');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(await exists(path.join(dir, 'config.yaml'))).toBe(false);
  });

  it('missing answers with --json: {status: "missing", missing: [...]}', async () => {
    const r = await runCli(['setup', '--json', '--ci', 'jenkins'], { cwd: dir });
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { status: string; missing: string[] };
    expect(j.status).toBe('missing');
    expect(j.missing).toEqual(['--endpoint', '--client-id', '--client-secret-stdin or --client-secret-env NAME', '--org', '--project', '--domain', '--yes']);
  });

  it('bad flag values: exit 2 with the flag and the reason; the piped secret is never echoed', async () => {
    const secret = 'CANARY-s3cr3t+/%~Zq9';
    const r = await runCli(
      ['setup', '--yes', '--endpoint', 'https://union.acme.com:8443/', '--client-id', 'ci', '--client-secret-stdin', '--org', 'acme', '--project', 'ml', '--domain', 'development', '--ci', 'other'],
      { cwd: dir, input: `${secret}\n` },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--endpoint: .*port/);
    assertNoCanary(r.stdout + r.stderr);

    const r2 = await runCli(['setup', '--provider', 'onelogin'], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--provider must be okta, entra, keycloak, auth0, cognito, adfs, ping or generic');

    const r3 = await runCli(['setup', '--demo', '--endpoint', 'x.acme.com'], { cwd: dir });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('--endpoint cannot be combined with --demo');
  });

  it('a failing check (Entra-like app without admin consent) exits 1 and writes nothing', async () => {
    const r = await runCli(['setup', '--demo', '--demo-scenario', 'consent', '--yes', '--dir', dir], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Check failed');
    expect(r.stdout).toContain('Nothing was written');
    expect(await exists(path.join(dir, 'config.yaml'))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain('demo~');
  });
});

describe('setup: the real background probe service (src/commands/setup.ts realServices().probeHost)', () => {
  it('the demo control plane answers (token endpoint named); a refused port maps to the diagnosis title', async () => {
    const [{ realServices }, { startDemo }, { memoryIO }, { createStyle }] = await Promise.all([
      import('../../src/commands/setup.js'),
      import('../../src/demo/index.js'),
      import('../../src/services/io.js'),
      import('../../src/core/style.js'),
    ]);
    const demo = await startDemo();
    try {
      const ctx = { io: memoryIO(), env: {}, canPrompt: false, color: false, json: false, yes: true, debug: false, accessible: false, style: createStyle(false), cwd: dir };
      const services = await realServices(ctx as never, demo);
      const ok = await services.probeHost!(demo.endpoint, { timeoutMs: 5_000 });
      expect(ok.ok).toBe(true);
      expect(ok.ok && ok.tokenEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      const bad = await services.probeHost!('127.0.0.1:1', { timeoutMs: 5_000 });
      expect(bad).toMatchObject({ ok: false, code: 'control_plane_unreachable' });
      expect(!bad.ok && bad.title).toBe('nothing is listening at that address');
    } finally {
      await demo.close();
    }
  });
});

describe('setup: the check options reach the real check (project, domain, org) against the demo', () => {
  it('any typed project exists in the wizard demo (anyProject), while a wrong org fails with org_mismatch', async () => {
    const [{ realServices }, { startDemo }, { memoryIO }, { createStyle }, { runSetup }, { plainDisplay }] = await Promise.all([
      import('../../src/commands/setup.js'),
      import('../../src/demo/index.js'),
      import('../../src/services/io.js'),
      import('../../src/core/style.js'),
      import('../../src/flow/setup.js'),
      import('../../src/flow/plain-display.js'),
    ]);
    const demo = await startDemo({ anyProject: true });
    try {
      const ctx = { io: memoryIO(), env: {}, canPrompt: false, color: false, json: false, yes: true, debug: false, accessible: false, style: createStyle(false), cwd: dir };
      const services = await realServices(ctx as never, demo);
      const base = {
        provider: 'generic' as const,
        endpoint: demo.endpoint,
        clientId: demo.clientId,
        clientSecret: demo.clientSecret,
        caFile: demo.caFile,
        project: 'ml-pipelines',
        domain: 'development',
        file: path.join(dir, 'config.yaml'),
        ci: 'other' as const,
        noPush: true,
        yes: true,
      };
      const out: string[] = [];
      const display = plainDisplay((t) => out.push(t), createStyle(false));
      const ok = await runSetup({ answers: { ...base, org: demo.org }, services, cwd: dir, display, demo: true });
      expect(ok.check).toMatchObject({ ok: true, code: 'ok' });
      expect(out.join('')).toContain('project "ml-pipelines", domain "development"');
      const wrong = await runSetup({ answers: { ...base, org: 'acme-wrong-org' }, services, cwd: dir, display, demo: true });
      expect(wrong.check).toMatchObject({ ok: false, code: 'org_mismatch' });
    } finally {
      await demo.close();
    }
  });
});

describe('setup: the IdP CA reaches the pipeline and the manual steps (realServices), never config.yaml', () => {
  it('with idpCaFile the workflow and the instructions build an SSL_CERT_FILE bundle; without it, neither does', async () => {
    const [{ realServices }, { memoryIO }, { createStyle }] = await Promise.all([
      import('../../src/commands/setup.js'),
      import('../../src/services/io.js'),
      import('../../src/core/style.js'),
    ]);
    const ctx = { io: memoryIO(), env: {}, canPrompt: false, color: false, json: false, yes: true, debug: false, accessible: false, style: createStyle(false), cwd: dir };
    const services = await realServices(ctx as never);
    const opts = { project: 'ml', domain: 'development', repo: 'acme/app', dir, configPath: 'config.yaml', confirm: async () => true };
    const w = await services.writePipeline('github', { ...opts, idpCaFile: 'certs/idp-ca.pem' });
    expect(w.status).toBe('created');
    const workflow = await readFile(path.join(dir, '.github/workflows/flyte-deploy.yml'), 'utf8');
    expect(workflow).toContain('SSL_CERT_FILE');
    expect(workflow).toContain('certs/idp-ca.pem');
    const blocks = JSON.stringify(await services.instructions('gitlab', { ...opts, idpCaFile: 'certs/idp-ca.pem' }));
    expect(blocks).toContain('SSL_CERT_FILE');
    const other = JSON.stringify(await services.instructions('other', { ...opts, idpCaFile: 'certs/idp-ca.pem' }));
    expect(other).toContain('SSL_CERT_FILE');
    const plain = JSON.stringify(await services.instructions('gitlab', opts));
    expect(plain).not.toContain('SSL_CERT_FILE');
  });
});
