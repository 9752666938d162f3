/**
 * Writes a secret to a file the person named: mode 0600 from the first byte (created with O_EXCL, then moved
 * into place), never replacing an existing file unless `overwrite` (the caller asked first).
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, open, rename, stat, unlink } from 'node:fs/promises';
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
  const st = await stat(abs).catch(() => undefined);
  if (st?.isDirectory()) return { ok: false, reason: 'error', message: `${abs} is a folder; name a file.` };
  if (st && !opts.overwrite) return { ok: false, reason: 'exists', message: `${abs} exists.` };
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${value.reveal()}\n`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, 0o600); // whatever the umask did
    if (opts.overwrite) {
      await rename(tmp, abs);
    } else {
      // link() fails with EEXIST if the file appeared meanwhile: never a silent replace.
      try {
        await link(tmp, abs);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, reason: 'exists', message: `${abs} exists.` };
        throw err;
      }
    }
    return { ok: true, path: abs };
  } catch (err) {
    return { ok: false, reason: 'error', message: `Could not write ${abs}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.` };
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
