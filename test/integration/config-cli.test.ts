/**
 * `config write` through the built bundle (run `npm run build` first), in a temporary folder each time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const REQUIRED = ['--endpoint', 'union.acme.com', '--project', 'ml', '--domain', 'development'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fca-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (args: string[]) => runCli(['config', 'write', ...args], { cwd: dir });
const copyFixture = async (name: string, to = 'config.yaml') => {
  const text = await readFile(path.join(FIXTURES, name), 'utf8');
  await writeFile(path.join(dir, to), text);
  return text;
};

describe('config write', () => {
  it('a --file in a folder that does not exist is refused, and no folder is created', async () => {
    const r = await write(['--endpoint', 'union.acme.com', '--project', 'ml', '--domain', 'development', '--file', 'missing/sub/config.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the folder for missing\/sub\/config.yaml does not exist/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a port is kept in admin.endpoint, with a note that CI needs flyte --endpoint for it', async () => {
    const r = await write(['--endpoint', 'https://union.acme.com:8443/', '--project', 'ml', '--domain', 'development']);
    expect(r.code).toBe(0);
    expect(parse(await readFile(path.join(dir, 'config.yaml'), 'utf8')).admin.endpoint).toBe('dns:///union.acme.com:8443');
    expect(r.stderr).toContain('flyte --endpoint dns:///union.acme.com:8443 --config config.yaml deploy');
  });

  it('creates ./config.yaml with the recommended keys and lists them', async () => {
    const r = await write([...REQUIRED, '--org', 'acme', '--disable-keyring']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Created config.yaml:',
        '  + admin.endpoint: dns:///union.acme.com',
        '  + admin.insecure: false',
        '  + admin.disableKeyring: true',
        '  + image.builder: remote',
        '  + task.project: ml',
        '  + task.domain: development',
        '  + task.org: acme',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(parse(await readFile(path.join(dir, 'config.yaml'), 'utf8'))).toEqual({
      admin: { endpoint: 'dns:///union.acme.com', insecure: false, disableKeyring: true },
      image: { builder: 'remote' },
      task: { project: 'ml', domain: 'development', org: 'acme' },
    });
    expect((await readdir(dir)).sort()).toEqual(['config.yaml']);
  });

  it('updates an existing file: backup, owned keys only, comments kept, changes key by key, insecure reported', async () => {
    const original = await copyFixture('existing.yaml');
    const r = await write(['--endpoint', 'https://union.acme.com/', '--project', 'ml', '--domain', 'development', '--org', 'acme']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Updated config.yaml (previous version in config.yaml.bak):',
        '  ~ admin.endpoint: dns:///old.acme.com → dns:///union.acme.com',
        '  ~ admin.insecure: true → false',
        '  + image.builder: remote',
        '  = task.project: ml (unchanged)',
        '  ~ task.domain: staging → development',
        '  + task.org: acme',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toMatch(/^note: endpoint: using the bare host "union.acme.com"/);
    expect(r.stderr).toMatch(/\nwarning: admin.insecure was true: in flyte 2 that means plain HTTP and no authentication/);
    expect(await readFile(path.join(dir, 'config.yaml.bak'), 'utf8')).toBe(original);
    const text = await readFile(path.join(dir, 'config.yaml'), 'utf8');
    expect(text).toContain('# Control plane (see the platform wiki)');
    expect(text).toContain('    base: ghcr.io/acme/base:1.2 # pinned');
    expect(text).not.toMatch(/insecure: true/);
    expect(parse(text).local).toEqual({ persistence: true });
    // No temporary files left behind.
    expect((await readdir(dir)).sort()).toEqual(['config.yaml', 'config.yaml.bak']);
  });

  it('a second identical run writes nothing and says the file is up to date', async () => {
    await write(REQUIRED);
    const r = await write(REQUIRED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^config.yaml is already up to date:\n {2}= admin.endpoint/);
    expect((await readdir(dir)).sort()).toEqual(['config.yaml']);
  });

  it('--dry-run prints the YAML on stdout and the changes on stderr, and writes nothing', async () => {
    const original = await copyFixture('existing.yaml');
    const r = await write([...REQUIRED, '--dry-run']);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).admin.endpoint).toBe('dns:///union.acme.com');
    expect(r.stdout).toContain('# Team config for the ml repo.');
    expect(r.stderr).toMatch(/^Dry run: nothing written\. Changes to config.yaml:\n {2}~ admin.endpoint: dns:\/\/\/old.acme.com → dns:\/\/\/union.acme.com\n/);
    expect(await readFile(path.join(dir, 'config.yaml'), 'utf8')).toBe(original);
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });

  it('--json reports file, changes, warnings and backup', async () => {
    await copyFixture('existing.yaml', 'flyte.yaml');
    const r = await write([...REQUIRED, '--file', 'flyte.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      file: path.join(dir, 'flyte.yaml'),
      created: false,
      written: true,
      dryRun: false,
      backup: path.join(dir, 'flyte.yaml.bak'),
    });
    expect(report.changes[0]).toEqual({ key: 'admin.endpoint', kind: 'changed', before: 'dns:///old.acme.com', after: 'dns:///union.acme.com' });
    expect(report.warnings).toHaveLength(1);
  });

  it('writes caCertFilePath for a CA file that exists', async () => {
    await writeFile(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const r = await write([...REQUIRED, '--ca-cert-file', path.join(dir, 'ca.pem')]);
    expect(r.code).toBe(0);
    expect(parse(await readFile(path.join(dir, 'config.yaml'), 'utf8')).admin.caCertFilePath).toBe(path.join(dir, 'ca.pem'));
    // flyte's token request never uses caCertFilePath: the note says what CI needs for an IdP on a private CA.
    expect(r.stdout + r.stderr).toMatch(/caCertFilePath covers the control plane only/);
    expect(r.stdout + r.stderr).toMatch(/SSL_CERT_FILE/);
  });

  it('--insecure-skip-verify writes it with a warning', async () => {
    const r = await write([...REQUIRED, '--insecure-skip-verify']);
    expect(r.code).toBe(0);
    expect(parse(await readFile(path.join(dir, 'config.yaml'), 'utf8')).admin).toMatchObject({ insecure: false, insecureSkipVerify: true });
    expect(r.stderr).toMatch(/^warning: admin.insecureSkipVerify: true trusts whatever certificate/);
  });

  it.each([
    ['invalid YAML', 'invalid.yaml', /^error: config.yaml:3:3: not valid YAML: /],
    ['a list at the top level', 'list.yaml', /^error: config.yaml:1:1: the top level is a list, not a mapping/],
  ])('%s: exit 1, the file untouched, line and column named', async (_name, fixture, message) => {
    const original = await copyFixture(fixture);
    const r = await write(REQUIRED);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\nThe file was not changed\./);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(path.join(dir, 'config.yaml'), 'utf8')).toBe(original);
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });

  it.each([
    ['a missing --domain', ['--endpoint', 'h.acme.com', '--project', 'ml'], /^error: Missing an answer: pass --domain D\./],
    ['everything missing', [], /^error: Missing answers: pass --endpoint HOST, --project P, --domain D\./],
    ['a CA file that does not exist', [...REQUIRED, '--ca-cert-file', 'nope.pem'], /^error: --ca-cert-file "nope.pem" does not exist\./],
    ['both TLS flags', [...REQUIRED, '--ca-cert-file', 'x.pem', '--insecure-skip-verify'], /exclude each other/],
    ['a bad builder', [...REQUIRED, '--builder', 'docker'], /^error: --builder must be remote or local/],
    ['a path in the endpoint', ['--endpoint', 'h.acme.com/console', '--project', 'ml', '--domain', 'development'], /^error: --endpoint: the host "h.acme.com\/console" is not a host name/],
    ['a space in the project', ['--endpoint', 'union.acme.com', '--project', 'm l', '--domain', 'development'], /^error: --project: the project "m l" may only contain letters/],
    ['no subcommand', [], /^error: config needs a subcommand: write\./],
  ])('%s: exit 2 and nothing written', async (name, args, message) => {
    const r = name === 'no subcommand' ? await runCli(['config'], { cwd: dir }) : await write(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(await readdir(dir)).toEqual([]);
  });
});
