/**
 * File access for commands: reads that tell "missing" from "unreadable", and atomic writes that keep a
 * backup of what they replace (temporary file in the same folder, fsync, rename).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WriteResult {
  path: string;
  /** Where the previous content was copied, when a file was replaced. */
  backupPath?: string;
  created: boolean;
}

export interface Files {
  /** The file's text, or undefined when it does not exist. */
  readText(file: string): Promise<string | undefined>;
  exists(file: string): Promise<boolean>;
  /** Atomically replace or create `file`; an existing file is first copied to `file.bak` (unless backup is false). */
  writeAtomic(file: string, content: string, opts?: { backup?: boolean; mode?: number }): Promise<WriteResult>;
}

export function createFiles(): Files {
  return {
    async readText(file) {
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async exists(file) {
      try {
        await stat(file);
        return true;
      } catch {
        return false;
      }
    },
    writeAtomic,
  };
}

export async function writeAtomic(
  file: string,
  content: string,
  opts: { backup?: boolean; mode?: number } = {},
): Promise<WriteResult> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  let previousMode: number | undefined;
  try {
    previousMode = (await stat(file)).mode & 0o777;
  } catch {
    previousMode = undefined;
  }
  const created = previousMode === undefined;
  let backupPath: string | undefined;
  if (!created && opts.backup !== false) {
    backupPath = `${file}.bak`;
    await copyFile(file, backupPath, constants.COPYFILE_FICLONE);
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', opts.mode ?? previousMode ?? 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { path: file, backupPath, created };
}

/** A file-system error code in words, for messages. */
export function describeFsError(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? 'unknown error';
  }
}

/** Whether the folder that would hold `file` exists (commands refuse to create folders nobody asked for). */
export async function parentExists(file: string): Promise<boolean> {
  try {
    return (await stat(path.dirname(path.resolve(file)))).isDirectory();
  } catch {
    return false;
  }
}

