// `npm start -- ARGS`: rebuild the bundle when a source is newer than it, then run it in this process
// (so the terminal, its raw mode and the exit code are the command's own).
import { stat, readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? await newest(p) : (await stat(p)).mtimeMs);
  }
  return latest;
}

const built = await stat(path.join(root, 'dist', 'cli.js')).then((s) => s.mtimeMs, () => 0);
const sources = Math.max(await newest(path.join(root, 'src')), await newest(path.join(root, 'assets')));
if (built === 0 || sources > built) {
  const { bundle } = await import('./build.mjs');
  await bundle({ quiet: true });
}
// The same launcher the installed command runs (bin/flyte-ci-auth.js, CommonJS): fast path, first frame, bundle.
await import(pathToFileURL(path.join(root, 'bin', 'flyte-ci-auth.js')).href);
