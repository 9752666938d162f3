/**
 * Writes a secret to a file the person named: mode 0600 from the first byte (created with O_EXCL, then moved
 * into place), never replacing an existing file unless `overwrite` (the caller asked first).
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Secret } from '../core/secret.js';

export type KeyFileResult = { ok: true; path: string } | { ok: false; reason: 'exists' | 'error'; message: string };

export async function pathExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export async function writeSecretFile(file: string, value: Secret, opts: { overwrite: boolean }): Promise<KeyFileResult> {
  const abs = path.resolve(file);
  const st = await lstat(abs).catch(() => undefined);
  if (st?.isDirectory()) return { ok: false, reason: 'error', message: `${abs} is a folder; name a file.` };
  // A link (even a dangling one) counts as existing: never written through.
  if (st && !opts.overwrite) return { ok: false, reason: 'exists', message: `${abs} exists.` };
  const failure = (err: unknown): KeyFileResult => ({ ok: false, reason: 'error', message: `Could not write ${abs}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.` });
  if (!opts.overwrite) {
    // The file itself, created exclusively (O_CREAT|O_EXCL fails on any existing name, links included) with
    // mode 0600: no temporary copy of the secret is ever left next to it, whatever interrupts the run.
    let fh: FileHandle;
    try {
      fh = await open(abs, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, reason: 'exists', message: `${abs} exists.` };
      return failure(err);
    }
    try {
      await fh.chmod(0o600); // whatever the umask did
      await fh.writeFile(`${value.reveal()}\n`, 'utf8');
      await fh.sync();
      await fh.close();
      return { ok: true, path: abs };
    } catch (err) {
      await fh.close().catch(() => undefined);
      await unlink(abs).catch(() => undefined);
      return failure(err);
    }
  }
  // Replacing (confirmed): a 0600 temporary file renamed over the old one, so the old key stays until the new
  // one is complete; rename replaces a link itself, never its target.
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.writeFile(`${value.reveal()}\n`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, abs);
    return { ok: true, path: abs };
  } catch (err) {
    return failure(err);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
