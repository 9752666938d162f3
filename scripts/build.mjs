// Bundles src/cli.ts into dist/ with esbuild: ESM, Node 20, minified, code-split so that Ink, React,
// jose, undici and the demo servers load only when a command needs them.
import { build } from 'esbuild';
import { readFile, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

export async function bundle({ quiet = false } = {}) {
  // Build into a fresh folder and swap it in, so a command or test running from dist/ never sees it half-written.
  const staging = `dist.${process.pid}.tmp`;
  await rm(path.join(root, staging), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    // oidc-provider (the demo authorization server) looks up TTLs and token hooks by class name: keep names.
    keepNames: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    alias: { 'react-devtools-core': './src/stubs/react-devtools-core.ts' },
    define: { 'process.env.NODE_ENV': '"production"', __VERSION__: JSON.stringify(pkg.version) },
    // CommonJS dependencies inside the ESM bundle call require() (ink-and-tooling.md P12).
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  // The launcher's fast path (--version, --help; dist/fast.cjs) and the wizard's first frame (dist/early.cjs), as
  // CommonJS files without chunks: they run before, or instead of, Node's ES module loader.
  const fast = await build({
    absWorkingDir: root,
    entryPoints: { fast: 'src/fast.ts', early: 'src/early.ts' },
    outdir: staging,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    define: { __VERSION__: JSON.stringify(pkg.version) },
  });
  Object.assign(result.metafile.outputs, fast.metafile.outputs);
  const old = path.join(root, `dist.${process.pid}.old`);
  await rename(path.join(root, 'dist'), old).catch(() => {});
  await rename(path.join(root, staging), path.join(root, 'dist'));
  await rm(old, { recursive: true, force: true });
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await bundle();
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stderr.write(`built dist/ (${(bytes / 1024).toFixed(0)} KiB in ${Object.keys(result.metafile.outputs).length} files)\n`);
}
