// `check` against a local authorization server (the demo's real oidc-provider, plain HTTP on 127.0.0.1),
// beside the bare token request made by a `node -e` script with Node's fetch to the same server.
// Both are whole processes, so both include Node's start-up; the ratio is what the tool adds.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function load(entry, dir) {
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    keepNames: true,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

export async function checkRows({ runs, bin, paired, timeProcess, row }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'fca-bench-check-'));
  const { startAuthServer } = await load('src/demo/authserver.ts', dir);
  const { startDemo } = await load('src/demo/index.ts', dir);
  const secret = 'bench-s3cret+/%~';
  const auth = await startAuthServer({
    clients: [{ clientId: 'bench-ci', secrets: [secret] }],
    resource: 'https://union.bench.internal',
    scopes: ['all'],
  });
  const env = { BENCH_SECRET: secret };
  const bare = `
    const id = 'bench-ci', secret = process.env.BENCH_SECRET;
    const r = await fetch(${JSON.stringify(auth.tokenEndpoint)}, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + Buffer.from(id + ':' + encodeURIComponent(secret)).toString('base64') },
      body: 'grant_type=client_credentials&scope=all',
    });
    const j = await r.json();
    if (!j.access_token) process.exit(1);`;
  const bareToken = () => timeProcess(process.execPath, ['--input-type=module', '-e', bare], { env });
  const tokenUrlCheck = () =>
    timeProcess(process.execPath, [bin, 'check', '--token-url', auth.tokenEndpoint, '--client-id', 'bench-ci', '--client-secret-env', 'BENCH_SECRET', '--scope', 'all'], { env });
  const [b1, s1] = await paired(bareToken, tokenUrlCheck, runs);
  row('`check --token-url` (local oidc-provider)', s1, b1, 'bare token request (`node -e` + fetch)', { text: '≤ 1.3×', check: (r) => r <= 1.3 });

  // The full flyte-style check (Connect discovery, token, JWKS signature check, UserInfo, two TLS servers) for
  // information: five requests where the baseline makes one, so it has no ratio target.
  const demo = await startDemo();
  const demoEnv = { BENCH_SECRET: demo.clientSecret.reveal() };
  const flyteCheck = () =>
    timeProcess(process.execPath, [bin, 'check', '--endpoint', demo.endpoint, '--client-id', demo.clientId, '--client-secret-env', 'BENCH_SECRET', '--ca-file', demo.caFile, '--idp-ca-file', demo.caFile], { env: demoEnv });
  const [b2, s2] = await paired(bareToken, flyteCheck, Math.max(5, Math.floor(runs / 2)));
  row('`check` flyte-style, HTTPS (5 requests; information)', s2, b2, 'bare token request', { text: 'no target', check: () => true });

  await demo.close();
  await auth.close();
  await rm(dir, { recursive: true, force: true });
  return [];
}
