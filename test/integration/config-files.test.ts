/**
 * `config write` against real file-system states: a .bak that is a symlink, a FIFO as --file, config.yaml as a
 * symlink, a read-only file, two concurrent writer processes, non-UTF-8 and oversized files, backup rotation.
 * Runs the built bundle (node scripts/build.mjs first).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { TRICKY } from '../helpers/yaml11-values.js';
import { main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fca-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const REQUIRED = ['--endpoint', 'union.acme.com', '--project', 'ml', '--domain', 'development'];
const write = (args: string[]) => runCli(['config', 'write', ...args], { cwd: dir });
const noTmp = async () => expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);

describe('config write and the file system', () => {
  it('a config.yaml.bak that is a symlink is replaced, never written through', async () => {
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'precious\n');
    await writeFile(path.join(dir, 'config.yaml'), 'task:\n  project: old\n');
    await symlink(victim, path.join(dir, 'config.yaml.bak'));
    const r = await write(REQUIRED);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect((await lstat(path.join(dir, 'config.yaml.bak'))).isSymbolicLink()).toBe(false);
    expect(await readFile(path.join(dir, 'config.yaml.bak'), 'utf8')).toBe('task:\n  project: old\n');
    // The old link was rotated as a link (it still points at the victim, which is unchanged).
    expect(await readlink(path.join(dir, 'config.yaml.bak.2'))).toBe(victim);
    await noTmp();
  });

  it('a --file that is a FIFO is refused at once (exit 2), not hung on', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = await runCli(['config', 'write', ...REQUIRED, '--file', 'pipe.yaml'], { cwd: dir, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipe\.yaml is a named pipe \(FIFO\), not a file/);
    expect((await stat(path.join(dir, 'pipe.yaml'))).isFIFO()).toBe(true);
  });

  it('a config.yaml that is a symlink: the target is updated, the link kept, and the output says so', async () => {
    await writeFile(path.join(dir, 'real.yaml'), 'task:\n  project: old\n');
    await symlink('real.yaml', path.join(dir, 'config.yaml'));
    const r = await write(REQUIRED);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/config\.yaml is a symlink: updated the file it points to \(.*real\.yaml\) and kept the link/);
    expect((await lstat(path.join(dir, 'config.yaml'))).isSymbolicLink()).toBe(true);
    expect(parse(await readFile(path.join(dir, 'real.yaml'), 'utf8')).task.project).toBe('ml');
    expect(await readFile(path.join(dir, 'real.yaml.bak'), 'utf8')).toBe('task:\n  project: old\n');
  });

  it('a read-only config.yaml needs --force; with it the mode is kept', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'task:\n  project: old\n');
    await chmod(file, 0o444);
    const refused = await write(REQUIRED);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/config\.yaml is read-only; it was not replaced\. Pass --force/);
    expect(await readFile(file, 'utf8')).toBe('task:\n  project: old\n');
    const forced = await write([...REQUIRED, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    expect(parse(await readFile(file, 'utf8')).task.project).toBe('ml');
    await noTmp();
  });

  it('keeps the last three backups', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'task:\n  project: p0\n');
    for (const p of ['p1', 'p2', 'p3', 'p4']) {
      const r = await write(['--endpoint', 'union.acme.com', '--project', p, '--domain', 'development']);
      expect(r.code, r.stderr).toBe(0);
    }
    const project = async (f: string) => parse(await readFile(path.join(dir, f), 'utf8')).task.project;
    expect(await project('config.yaml')).toBe('p4');
    expect(await project('config.yaml.bak')).toBe('p3');
    expect(await project('config.yaml.bak.2')).toBe('p2');
    expect(await project('config.yaml.bak.3')).toBe('p1');
    expect((await readdir(dir)).sort()).toEqual(['config.yaml', 'config.yaml.bak', 'config.yaml.bak.2', 'config.yaml.bak.3']);
  });

  it('refuses to edit a file that is not UTF-8 (Latin-1 bytes stay as they were)', async () => {
    const bytes = Buffer.from('# caf\xe9 owner: Jos\xe9\ntask:\n  project: old\n', 'latin1');
    await writeFile(path.join(dir, 'config.yaml'), bytes);
    const r = await write(REQUIRED);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml is not valid UTF-8 text/);
    expect(Buffer.compare(await readFile(path.join(dir, 'config.yaml')), bytes)).toBe(0);
  });

  it('refuses a file above 1 MiB with a clear message', async () => {
    await writeFile(path.join(dir, 'config.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    const r = await write(REQUIRED);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no flyte file is above 1 MiB/);
  });

  it('two concurrent writers: each run that reports success has its change in the file; a loser says why', async () => {
    const file = path.join(dir, 'config.yaml');
    const run = (extra: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'config', 'write', ...REQUIRED, ...extra], { cwd: dir, env: cleanEnv() });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    for (let round = 0; round < 6; round++) {
      await writeFile(file, 'task:\n  project: old\n');
      const [a, b] = await Promise.all([run(['--org', `org${round}`]), run(['--disable-keyring'])]);
      const after = parse(await readFile(file, 'utf8'));
      for (const [r, kept] of [
        [a, after.task.org === `org${round}`],
        [b, after.admin.disableKeyring === true],
      ] as const) {
        if (r.code === 0) expect(kept, `round ${round}: a run reported success but its change is gone\n${r.stderr}`).toBe(true);
        else expect(r.stderr).toMatch(/is being changed by another flyte-ci-auth run|changed while this run was preparing its edit/);
      }
      await noTmp();
    }
  });

  it('a project flyte would refuse is refused with exit 2 (a.b), like setup and instructions', async () => {
    const r = await write(['--endpoint', 'union.acme.com', '--project', 'a.b', '--domain', 'development']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --project: the project "a\.b" may only contain letters/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a CA path with spaces is accepted and written as is', async () => {
    await writeFile(path.join(dir, 'my ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    const ca = path.join(dir, 'my ca.pem');
    const r = await write([...REQUIRED, '--ca-cert-file', ca]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(await readFile(path.join(dir, 'config.yaml'), 'utf8'), { version: '1.1' }).admin.caCertFilePath).toBe(ca);
  });

  it('the written file reads back identical under YAML 1.1 for the values each flag accepts', async () => {
    const file = path.join(dir, 'config.yaml');
    let tried = 0;
    // The first value through the built command, the other ~40 through the same main() in-process (no Node
    // start-up each: seconds on a loaded machine); parsing, validation and the writer are the same code.
    const inProcess = async (args: string[]) => {
      const m = memoryIO({ stdin: '' });
      const code = await main(['config', 'write', ...args], m.io, cleanEnv(), dir);
      return { code, stdout: m.stdout(), stderr: m.stderr() };
    };
    for (const [i, value] of TRICKY.entries()) {
      const args = ['--endpoint', 'union.acme.com', '--project', 'ml', '--domain', 'development', '--org', value, '--file', 'config.yaml'];
      const r = i === 0 ? await write(args) : await inProcess(args);
      if (r.code !== 0) {
        expect(r.code, r.stderr).toBe(2);
        continue;
      }
      tried++;
      const text = await readFile(file, 'utf8');
      for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version }).task.org, text).toBe(value);
    }
    expect(tried).toBeGreaterThanOrEqual(30);
  }, 60_000);
});
