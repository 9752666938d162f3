/**
 * The files service on real file states: faults injected at the write (ENOSPC, EACCES) leave the file unchanged
 * and no temporary file behind; owner and group survive an edit by root; the lock and compare-and-swap refuse
 * a second writer; a stale lock is taken over.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chown, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFiles, FileError, withLock } from '../../src/services/files.js';
import { errnoInWords } from '../../src/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fca-filesvc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fault = (code: string) => () => {
  throw Object.assign(new Error(`${code}: simulated`), { code });
};

describe('files service', () => {
  it.each([
    ['ENOSPC', 'no space left on the device'],
    ['EACCES', 'permission denied'],
    ['EDQUOT', 'the disk quota is used up'],
  ])('a failed write (%s) leaves the file unchanged, no .tmp behind, and says it in words', async (code, words) => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'task:\n  project: old\n');
    const files = createFiles({ beforeWrite: fault(code) });
    const err = await files.writeAtomic(file, 'task:\n  project: new\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as FileError).errno).toBe(code);
    expect((err as FileError).message).toContain(words);
    expect(errnoInWords(err)?.message).toContain(words);
    expect(await readFile(file, 'utf8')).toBe('task:\n  project: old\n');
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });

  it('a new file that cannot be written leaves nothing behind', async () => {
    const file = path.join(dir, 'config.yaml');
    const err = await createFiles({ beforeWrite: fault('ENOSPC') }).writeAtomic(file, 'x').catch((e: unknown) => e);
    expect((err as FileError).errno).toBe('ENOSPC');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a path through a file (.github is a file) is ENOTDIR in words', async () => {
    await writeFile(path.join(dir, '.github'), 'not a folder');
    const err = await createFiles().writeAtomic(path.join(dir, '.github', 'workflows', 'flyte.yml'), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as FileError).message).toMatch(/a part of the path is a file, not a folder/);
  });

  it.skipIf(typeof process.getuid !== 'function' || process.getuid() !== 0)('root editing someone else\'s file keeps its owner and group (file and backup)', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'a: 1\n', { mode: 0o640 });
    await chown(file, 1234, 2345);
    const w = await createFiles().writeAtomic(file, 'a: 2\n');
    for (const f of [file, w.backupPath!]) {
      const s = await stat(f);
      expect([s.uid, s.gid, s.mode & 0o777]).toEqual([1234, 2345, 0o640]);
    }
  });

  it('a second writer while the lock is held fails with a clear message; the lock is removed afterwards', async () => {
    const file = path.join(dir, 'config.yaml');
    await withLock(file, async () => {
      const err = await createFiles().writeAtomic(file, 'x').catch((e: unknown) => e);
      expect((err as FileError).code).toBe('locked');
      expect((err as FileError).message).toMatch(/is being changed by another flyte-ci-auth run \(process \d+\)/);
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a lock left by a process that no longer runs is taken over', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(`${file}.lock`, '999999999\n');
    await createFiles().writeAtomic(file, 'x\n');
    expect(await readFile(file, 'utf8')).toBe('x\n');
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });

  it('update: a file changed between the read and the write is not overwritten (compare-and-swap)', async () => {
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'v: 1\n');
    const files = createFiles();
    const { update: _ignored, ...withoutUpdate } = files;
    const { updateFile } = await import('../../src/services/files.js');
    const err = await updateFile(withoutUpdate, file, async () => {
      await writeFile(file, 'v: someone else\n');
      return { text: 'v: mine\n', value: undefined };
    }).catch((e: unknown) => e);
    expect((err as FileError).code).toBe('changed_meanwhile');
    expect(await readFile(file, 'utf8')).toBe('v: someone else\n');
  });
});

describe('config write on a read-only file', () => {
  it('asks in a terminal (confirmReadOnly) and replaces it only on yes', async () => {
    const { chmod } = await import('node:fs/promises');
    const { runConfigWrite } = await import('../../src/commands/config.js');
    const file = path.join(dir, 'config.yaml');
    await writeFile(file, 'task:\n  project: old\n');
    await chmod(file, 0o444);
    const opts = { endpoint: 'union.acme.com', project: 'ml', domain: 'development' };
    const asked: string[] = [];
    const no = await runConfigWrite(opts, { files: createFiles(), cwd: dir, confirmReadOnly: async (f) => (asked.push(f), false) }).catch((e: unknown) => e);
    expect((no as Error).message).toMatch(/read-only; it was not replaced\. Pass --force/);
    expect(await readFile(file, 'utf8')).toBe('task:\n  project: old\n');
    const yes = await runConfigWrite(opts, { files: createFiles(), cwd: dir, confirmReadOnly: async (f) => (asked.push(f), true) });
    expect(yes.written).toBe(true);
    expect(asked).toEqual(['config.yaml', 'config.yaml']);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
  });
});
