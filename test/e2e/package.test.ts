/**
 * The published package: everything the tool needs is inside dist/ (no runtime dependencies), so the packed
 * tarball installs offline into a clean folder and runs from outside the repository.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('declares no runtime dependencies, installs offline into a clean folder and runs there', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    work = await mkdtemp(path.join(tmpdir(), 'fca-pack-'));
    const packed = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT })).stdout)[0];
    expect(packed.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['bin/flyte-ci-auth.js', 'dist/cli.js', 'README.md']));
    expect(packed.files.some((f: { path: string }) => f.path.startsWith('src/') || f.path.startsWith('test/'))).toBe(false);
    const prefix = path.join(work, 'install');
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(work, packed.filename)]);
    const bin = path.join(prefix, 'node_modules', '.bin', 'flyte-ci-auth');
    const version = await run(bin, ['--version'], { cwd: work });
    expect(version.stdout).toBe(`flyte-ci-auth ${pkg.version}\n`);
    // A command that loads its own chunks works from the installed copy too.
    const decoding = run(bin, ['key', 'decode', '--json'], { cwd: work, env: { PATH: process.env.PATH ?? '', FLYTE_API_KEY: Buffer.from('union.acme.com:ci:abcdefghijklmnop:acme').toString('base64') } });
    decoding.child.stdin?.end(); // empty stdin: decode falls back to FLYTE_API_KEY
    const decoded = await decoding;
    expect(JSON.parse(decoded.stdout)).toMatchObject({ valid: true, endpoint: 'union.acme.com', clientId: 'ci', org: 'acme', secretLength: 16 });
  }, 120_000);
});
