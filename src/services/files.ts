/**
 * File access for commands: reads that tell "missing" from "unreadable", and atomic writes that keep backups.
 *
 * What a write guarantees:
 * - The new content goes to a fresh temporary file in the same folder (created with O_EXCL, so never through a
 *   link), is fsync'ed, gets the old file's mode (and owner and group, when root edits someone else's file)
 *   and is renamed over the file. On any failure the temporary file is removed and the file is unchanged.
 * - The previous content is copied the same way (fresh temporary name, then rename) to FILE.bak; older backups
 *   move to FILE.bak.2 and FILE.bak.3 (the last three are kept). A `.bak` that is a symlink is replaced by the
 *   rename, never written through.
 * - A file that is a symlink is updated where it points (the link stays) and the result says so.
 * - An exclusive lock file (FILE.lock, holding the pid) is held for the read-change-write of `update` and for
 *   every write; a second writer fails with FileError('locked') instead of silently losing a change. A lock left
 *   by a process that no longer runs is taken over.
 * - A read-only file is not replaced unless `force` is given; a FIFO, device, socket or folder is refused; a
 *   file over 1 MiB or not valid UTF-8 is refused (no flyte config is that big, and editing would garble it).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeFsError } from '../core/fs-errors.js';

/** No flyte config.yaml or pipeline file comes near this; the YAML library is slow on multi-megabyte input. */
export const MAX_EDIT_BYTES = 1024 * 1024;
/** FILE.bak, FILE.bak.2, FILE.bak.3. */
export const BACKUPS_KEPT = 3;

export type FileErrorCode =
  | 'too_large'
  | 'not_utf8'
  | 'not_regular'
  | 'read_only'
  | 'locked'
  | 'changed_meanwhile'
  | 'fs';

/** A typed file problem; `errno` carries the system code for 'fs' (EACCES, ENOSPC, …). */
export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    readonly file: string,
    message: string,
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

export interface WriteResult {
  path: string;
  /** Where the previous content was copied, when a file was replaced. */
  backupPath?: string;
  created: boolean;
  /** Set when `path` is a symlink: the file that was actually updated (the link was kept). */
  symlinkTarget?: string;
}

export interface WriteOptions {
  backup?: boolean;
  mode?: number;
  /** Replace a read-only file. */
  force?: boolean;
  /** Compare-and-swap: fail with 'changed_meanwhile' when the file no longer holds this (undefined: did not exist). */
  expected?: string | undefined;
  /** Whether `expected` was given (undefined is a meaningful expectation). */
  checkExpected?: boolean;
}

export interface Files {
  /** The file's text, or undefined when it does not exist. Throws FileError for a FIFO, > 1 MiB, non-UTF-8. */
  readText(file: string): Promise<string | undefined>;
  exists(file: string): Promise<boolean>;
  /** Atomically replace or create `file` (see the top of this file). */
  writeAtomic(file: string, content: string, opts?: WriteOptions): Promise<WriteResult>;
  /**
   * Read, compute and write under the file's lock. `compute` returns the new text, or undefined to write
   * nothing. Optional so that in-memory fakes can omit it: use updateFile(), which falls back to a read and a
   * compare-and-swap write.
   */
  update?<T>(
    file: string,
    compute: (existing: string | undefined) => Promise<{ text?: string; value: T }> | { text?: string; value: T },
    opts?: WriteOptions,
  ): Promise<{ value: T; write?: WriteResult }>;
}

/** Test seam: a fault injected into the data write of the temporary file (ENOSPC on a full disk). */
export interface FileFaults {
  beforeWrite?(tmpPath: string): void;
}

export function createFiles(faults: FileFaults = {}): Files {
  const files: Files = {
    readText: (file) => readTextChecked(file),
    async exists(file) {
      try {
        await stat(file);
        return true;
      } catch {
        return false;
      }
    },
    writeAtomic: (file, content, opts) => withLock(file, () => writeUnlocked(file, content, opts, faults)),
    update: (file, compute, opts = {}) =>
      withLock(file, async () => {
        const existing = await readTextChecked(file);
        const { text, value } = await compute(existing);
        if (text === undefined || text === existing) return { value };
        const write = await writeUnlocked(file, text, { ...opts, expected: existing, checkExpected: true }, faults);
        return { value, write };
      }),
  };
  return files;
}

/** files.update, or for a Files without it, a read followed by a compare-and-swap write. */
export async function updateFile<T>(
  files: Files,
  file: string,
  compute: (existing: string | undefined) => Promise<{ text?: string; value: T }> | { text?: string; value: T },
  opts: WriteOptions = {},
): Promise<{ value: T; write?: WriteResult }> {
  if (files.update) return files.update(file, compute, opts);
  const existing = await files.readText(file);
  const { text, value } = await compute(existing);
  if (text === undefined || text === existing) return { value };
  return { value, write: await files.writeAtomic(file, text, { ...opts, expected: existing, checkExpected: true }) };
}

export async function writeAtomic(file: string, content: string, opts: WriteOptions = {}): Promise<WriteResult> {
  return createFiles().writeAtomic(file, content, opts);
}

function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function fsError(file: string, err: unknown, doing: string): FileError {
  if (err instanceof FileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new FileError('fs', file, `cannot ${doing} ${file}: ${describeFsError(code)}`, code);
}

async function readTextChecked(file: string): Promise<string | undefined> {
  let s: Stats;
  try {
    s = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // A dangling symlink counts as missing for reading; writing refuses it.
      return undefined;
    }
    throw fsError(file, err, 'read');
  }
  const kind = kindOf(s);
  if (kind) {
    if (s.isDirectory()) throw new FileError('fs', file, `cannot read ${file}: it is a folder`, 'EISDIR');
    throw new FileError('not_regular', file, `${file} is ${kind}, not a file: refusing to read or replace it`);
  }
  if (s.size > MAX_EDIT_BYTES) {
    throw new FileError('too_large', file, `${file} is ${(s.size / 1048576).toFixed(1)} MiB; no flyte file is above 1 MiB, so it is not edited`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw fsError(file, err, 'read');
  }
  if (bytes.length > MAX_EDIT_BYTES) throw new FileError('too_large', file, `${file} is larger than 1 MiB; it is not edited`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FileError('not_utf8', file, `${file} is not valid UTF-8 text (another encoding such as Latin-1?): editing it would garble those characters, so it was not changed`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Lock

function lockPathFor(file: string): string {
  return `${path.resolve(file)}.lock`;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = lockPathFor(file);
  try {
    await mkdir(path.dirname(lock), { recursive: true });
  } catch (err) {
    throw fsError(file, err, 'write');
  }
  let handle: FileHandle | undefined;
  for (let attempt = 0; attempt < 2 && !handle; attempt++) {
    try {
      handle = await open(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(file, err, 'write');
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (attempt === 0 && holder > 0 && !alive(holder)) {
        // Left behind by a process that was killed: take it over.
        await unlink(lock).catch(() => undefined);
        continue;
      }
      throw new FileError(
        'locked',
        file,
        `${file} is being changed by another flyte-ci-auth run${holder > 0 ? ` (process ${holder})` : ''} (lock file ${lock}); nothing was written. Run this again when it has finished, or remove the lock file if no such run exists`,
      );
    }
  }
  if (!handle) throw new FileError('locked', file, `${file} is locked by another run (lock file ${lock}); nothing was written`);
  try {
    await handle.writeFile(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Write

function tmpName(dir: string, base: string): string {
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Write `data` to a fresh file (O_EXCL: never through an existing name or link) with mode/owner; returns its path. */
async function writeFresh(
  dir: string,
  base: string,
  data: string | Buffer,
  mode: number,
  owner: { uid: number; gid: number } | undefined,
  faults: FileFaults,
): Promise<string> {
  const tmp = tmpName(dir, base);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  try {
    faults.beforeWrite?.(tmp);
    await handle.writeFile(data);
    await handle.chmod(mode);
    if (owner) await handle.chown(owner.uid, owner.gid);
    await handle.sync();
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return tmp;
}

async function rotateBackups(bak: string): Promise<void> {
  for (let i = BACKUPS_KEPT; i >= 2; i--) {
    const from = i === 2 ? bak : `${bak}.${i - 1}`;
    const to = `${bak}.${i}`;
    try {
      // rename moves a link itself; it never writes through one.
      await rename(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

async function writeUnlocked(file: string, content: string, opts: WriteOptions = {}, faults: FileFaults = {}): Promise<WriteResult> {
  const shownPath = file;
  let target = path.resolve(file);
  let symlinkTarget: string | undefined;
  let l: Stats | undefined;
  try {
    l = await lstat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(shownPath, err, 'write');
  }
  if (l?.isSymbolicLink()) {
    try {
      target = await realpath(target);
    } catch (err) {
      const to = await readlink(path.resolve(file)).catch(() => '?');
      throw new FileError('not_regular', shownPath, `${shownPath} is a symlink to ${to}, which does not exist (${describeFsError((err as NodeJS.ErrnoException).code)}); refusing to replace the link`);
    }
    symlinkTarget = target;
    l = await stat(target);
  }
  const kind = l ? kindOf(l) : undefined;
  if (kind) throw new FileError('not_regular', shownPath, `${shownPath} is ${kind}, not a file: refusing to replace it`);

  if (opts.checkExpected) {
    const now = await readTextChecked(target);
    if (now !== opts.expected) {
      throw new FileError('changed_meanwhile', shownPath, `${shownPath} changed while this run was preparing its edit (another program wrote it); nothing was written. Run this again`);
    }
  }
  const created = l === undefined;
  if (l && (l.mode & 0o222) === 0 && !opts.force) {
    throw new FileError('read_only', shownPath, `${shownPath} is read-only; it was not replaced. Pass --force to replace it anyway`);
  }

  const dir = path.dirname(target);
  const base = path.basename(target);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw fsError(shownPath, err, 'write');
  }
  const mode = opts.mode ?? (l ? l.mode & 0o7777 : 0o644);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const owner = l && isRoot && (l.uid !== 0 || l.gid !== 0) ? { uid: l.uid, gid: l.gid } : undefined;

  let backupPath: string | undefined;
  const temps: string[] = [];
  try {
    let bakTmp: string | undefined;
    if (l && opts.backup !== false) {
      const old = await readFile(target);
      bakTmp = await writeFresh(dir, `${base}.bak`, old, l.mode & 0o777, owner, faults);
      temps.push(bakTmp);
    }
    const tmp = await writeFresh(dir, base, content, mode, owner, faults);
    temps.push(tmp);
    if (bakTmp) {
      backupPath = `${target}.bak`;
      await rotateBackups(backupPath);
      await rename(bakTmp, backupPath);
      temps.splice(temps.indexOf(bakTmp), 1);
    }
    await rename(tmp, target);
    temps.splice(temps.indexOf(tmp), 1);
  } catch (err) {
    for (const t of temps) await rm(t, { force: true }).catch(() => undefined);
    throw fsError(shownPath, err, 'write');
  }
  if (symlinkTarget === undefined && backupPath !== undefined) backupPath = path.join(path.dirname(path.resolve(file)), path.basename(backupPath));
  return { path: file, backupPath, created, ...(symlinkTarget ? { symlinkTarget } : {}) };
}

export { describeFsError } from '../core/fs-errors.js';

/** Whether the folder that would hold `file` exists (commands refuse to create folders nobody asked for). */
export async function parentExists(file: string): Promise<boolean> {
  try {
    return (await stat(path.dirname(path.resolve(file)))).isDirectory();
  } catch {
    return false;
  }
}
