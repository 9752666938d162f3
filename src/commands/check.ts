/**
 * `flyte-ci-auth check`: flags → CheckOptions → the engine (src/services/check) → one view (src/flow/check-view.ts).
 * Will `flyte deploy` authenticate with these credentials, and if not, why and what to change?
 *
 * Nothing here imports undici, jose, Connect or the demo at the top level: they load when a check runs.
 */
import type { CheckOptions, CheckReport } from '../core/check-types.js';
import { MissingAnswerError, UsageError } from '../core/errors.js';
import { readSecretEnv } from './secret-env.js';
import { readStdinValue } from '../services/io.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import { Secret, redact } from '../core/secret.js';
import { renderReportText, toCheckJson } from '../flow/check-view.js';
import { CHECK_SHAPE_OPTIONS, checkShapeFromArgs, deployTargetFromArgs, endpointHost, str } from './check-flags.js';
import { GLOBAL_OPTIONS, type CommandContext, type CommandModule, type ParsedArgs } from './types.js';

const clean = (s: unknown) => stripControl(String(s ?? ''), { singleLine: true, maxLength: 300 });

// ---------------------------------------------------------------------------------------------------------------

const USAGE = `Usage: flyte-ci-auth check [flags]

Test the credentials exactly as flyte does: make flyte's first call without a token; ask the control plane (over
Connect) for the token endpoint, scopes, audience and header; request a token with client_secret_basic; decode and
check it; call UserInfo with it; then read the project deploy will use. On failure, one diagnosis with numbered fix
steps. Exit 0 ok, 1 it will not work, 2 usage.

Aim (first match wins):
      --token-url URL           POST to this token endpoint directly
      --issuer URL              OIDC/OAuth discovery finds the token endpoint and the keys
      --endpoint HOST[:PORT]    Control-plane host (default: the host inside FLYTE_API_KEY)

Credentials:
  FLYTE_API_KEY (environment)   host, client ID, secret and org in one value
      --api-key-stdin           Read FLYTE_API_KEY from stdin instead
      --client-id ID            Client ID (then the secret comes from one of:)
      --client-secret-stdin     the secret on stdin
      --client-secret-env NAME  the secret in environment variable NAME

Options:
      --scope S                 Scope to request (repeatable; default: what the control plane advertises)
      --audience A              Audience to request (default: what the control plane advertises)
      --auth-method M           basic (what flyte does, default) | post | auto (advertised, one retry)
      --provider P              okta | entra | keycloak | auth0 | cognito | adfs | ping | generic (normally detected)
      --expect-audience A       Fail unless the token's aud contains A (repeatable)
      --expect-scope S          Fail unless the token carries scope/role S (repeatable)
      --ca-file PEM             admin.caCertFilePath: the ONLY CA bundle for the control plane (as in flyte)
      --idp-ca-file PEM         The identity provider's CA: the token request (and JWKS) trusts the public
                                roots plus this CA, the bundle CI must put in SSL_CERT_FILE. Default: exactly
                                SSL_CERT_FILE / SSL_CERT_DIR from the environment (they replace the roots, as
                                in httpx), else the public roots (flyte's certifi)
      --project P, --domain D   The project and domain deploy uses: checked with one read-only call
      --org ORG                 The org (default: the key's org, else task.org, else the host's first label)
      --config FILE             Read task.project, task.domain, task.org from this flyte config.yaml
      --timeout SECONDS         Bound for every request (default 15)
      --verbose                 Show the HTTP exchange (secrets and tokens redacted)
      --demo                    Run against a local demo identity provider and control plane

Examples:
  flyte-ci-auth check                                  # FLYTE_API_KEY from the environment
  flyte-ci-auth check --endpoint union.acme.com --client-id ci --client-secret-env CI_SECRET
  printf %s "$SECRET" | flyte-ci-auth check --token-url https://idp/oauth2/token --client-id ci --client-secret-stdin
  flyte-ci-auth check --demo`;


/** Turn flags and environment into CheckOptions; throws UsageError / MissingAnswerError. */
export async function optionsFromArgs(args: ParsedArgs, ctx: CommandContext): Promise<CheckOptions> {
  const v = args.values;
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${clean(args.positionals[0])}"`, 'Usage: flyte-ci-auth check [flags]');
  const shape = checkShapeFromArgs(v, ctx.cwd);
  const target = await deployTargetFromArgs(v, ctx.cwd);

  let clientId = str(v['client-id']);
  let clientSecret: Secret | undefined;
  let endpoint = shape.endpoint;
  let org: string | undefined;
  const secretStdin = v['client-secret-stdin'] === true;
  const secretEnv = str(v['client-secret-env']);
  const keyStdin = v['api-key-stdin'] === true;
  if (secretStdin && keyStdin) throw new UsageError('--api-key-stdin and --client-secret-stdin both want stdin; pick one');
  if (secretStdin && secretEnv) throw new UsageError('pass the secret either with --client-secret-stdin or with --client-secret-env, not both');

  if (clientId !== undefined || secretStdin || secretEnv) {
    if (clientId === undefined) throw new MissingAnswerError(['--client-id']);
    if (secretStdin) {
      if (ctx.io.stdin.isTTY) throw new UsageError('--client-secret-stdin: nothing was piped to stdin', 'e.g. printf %s "$SECRET" | flyte-ci-auth check --client-id ID --client-secret-stdin …');
      clientSecret = new Secret(await readStdinValue(ctx.io.stdin));
    } else if (secretEnv) {
      // Never echo the flag's value: it may be the secret itself (--client-secret-env "$SECRET").
      clientSecret = new Secret(readSecretEnv(ctx.env, secretEnv));
    } else {
      throw new MissingAnswerError(['--client-secret-stdin or --client-secret-env NAME']);
    }
    if (clientSecret.isEmpty) throw new UsageError('the client secret is empty');
  } else {
    let key: string | undefined;
    if (keyStdin) {
      if (ctx.io.stdin.isTTY) throw new UsageError('--api-key-stdin: nothing was piped to stdin');
      key = (await readStdinValue(ctx.io.stdin)).trim();
    } else {
      key = ctx.env.FLYTE_API_KEY?.trim() || undefined;
    }
    if (!key) throw new MissingAnswerError(['the key in FLYTE_API_KEY, or --api-key-stdin, or --client-id with --client-secret-stdin or --client-secret-env NAME']);
    const { decodeApiKey } = await import('../core/apikey.js');
    let decodedKey;
    try {
      decodedKey = decodeApiKey(key);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError('FLYTE_API_KEY could not be decoded', 'Check it with `flyte-ci-auth key decode`, or pass --client-id and the secret separately.');
    }
    const errors = decodedKey.problems.filter((p) => p.severity === 'error');
    if (!decodedKey.valid || errors.length > 0) {
      throw new UsageError(
        `FLYTE_API_KEY is not usable: ${errors.map((p) => redact(p.message, [decodedKey.clientSecret, key])).join('; ') || 'flyte would not read it as intended'}`,
        'Run `flyte-ci-auth key decode` for the details, or rebuild it with `flyte-ci-auth key encode`.',
      );
    }
    clientId = decodedKey.clientId;
    clientSecret = decodedKey.clientSecret;
    endpoint ??= decodedKey.endpoint; // --endpoint wins over the key, as in flyte
    org = decodedKey.org || undefined;
  }
  if (!shape.tokenUrl && !shape.issuer && !endpoint) {
    throw new MissingAnswerError(['--endpoint HOST or --issuer URL or --token-url URL']);
  }
  const host = endpoint === undefined ? undefined : endpointHost(endpoint);
  // flyte's order: --org > the key's org > task.org > the endpoint's first label (flyte-sdk _initialize.py, org_from_endpoint).
  const { orgFromEndpoint } = await import('../core/apikey.js');
  const resolvedOrg = target.org ?? org ?? target.configOrg ?? (host ? orgFromEndpoint(host.replace(/:\d+$/, '')) : undefined);
  return {
    ...shape,
    endpoint: host,
    clientId,
    clientSecret,
    ...(resolvedOrg ? { org: resolvedOrg } : {}),
    ...(target.project ? { project: target.project } : {}),
    ...(target.domain ? { domain: target.domain } : {}),
    verbose: v.verbose === true,
  };
}

function header(opts: CheckOptions): string {
  if (opts.tokenUrl) return `Checking client "${clean(opts.clientId)}" against the token endpoint ${clean(opts.tokenUrl)}`;
  if (opts.issuer) return `Checking client "${clean(opts.clientId)}" against the issuer ${clean(opts.issuer)}`;
  return `Checking client "${clean(opts.clientId)}" the way flyte does, against https://${clean(opts.endpoint)}`;
}

async function runDemo(ctx: CommandContext, verbose: boolean): Promise<number> {
  const [{ startDemo }, { runCheck }] = await Promise.all([import('../demo/index.js'), import('../services/check/index.js')]);
  const st = ctx.style;
  const demo = await startDemo({ extraClients: [{ clientId: 'entra-like-ci', secrets: ['entra~Demo.Secret_1'], entraLike: true }] });
  const base = {
    endpoint: demo.endpoint,
    caFile: demo.caFile,
    // The demo identity provider sits on the same loopback CA: in CI that would be SSL_CERT_FILE.
    idpCaFile: demo.caFile,
    timeoutMs: 15_000,
    authMethod: 'basic' as const,
    verbose,
    org: demo.org,
    project: demo.project,
    domain: demo.domain,
  };
  const runs: Array<{ title: string; opts: CheckOptions; expectOk: boolean }> = [
    {
      title: `1/4  The right client ID and secret (the secret contains + / % ~, encoded the way flyte encodes it), org "${demo.org}", project "${demo.project}"`,
      opts: { ...base, clientId: demo.clientId, clientSecret: demo.clientSecret },
      expectOk: true,
    },
    {
      title: '2/4  A wrong secret (for example the Secret ID copied instead of the secret value)',
      opts: { ...base, clientId: demo.clientId, clientSecret: new Secret('0f3b9c1e-demo-wrong-secret-id') },
      expectOk: false,
    },
    {
      title: '3/4  An Entra-like app whose API permission never got "Grant admin consent"',
      opts: { ...base, clientId: 'entra-like-ci', clientSecret: new Secret('entra~Demo.Secret_1'), provider: 'entra' },
      expectOk: false,
    },
    {
      title: '4/4  The right credentials with a wrong org (not the cluster\'s UNION_ORG): deploys would be rejected as cross-org',
      opts: { ...base, clientId: demo.clientId, clientSecret: demo.clientSecret, org: 'acme-wrong-org' },
      expectOk: false,
    },
  ];
  const results: CheckReport[] = [];
  try {
    const out = ctx.io.stdout;
    if (!ctx.json) {
      out.write(
        `${st.bold('DEMO')}: a local identity provider (oidc-provider) and a fake Flyte control plane (Connect) are running on\n` +
          `127.0.0.1 for this run only. Nothing here talks to a real identity provider or control plane.\n` +
          `Control plane: https://${demo.endpoint}   token endpoint: ${demo.auth.tokenEndpoint}\n\n`,
      );
    }
    for (const r of runs) {
      const report = await runCheck(r.opts, { caPem: demo.caPem, env: {} });
      results.push(report);
      if (!ctx.json) {
        out.write(`${st.bold(r.title)}\n${header(r.opts)}\n${renderReportText(report, st, { verbose })}\n`);
      }
    }
    const asExpected = results.every((rep, i) => rep.ok === runs[i]!.expectOk);
    if (ctx.json) {
      out.write(`${toJsonText({ demo: true, runs: results.map(toCheckJson) })}\n`);
    } else {
      out.write(
        asExpected
          ? `${st.bold('DEMO done')}: one check passed and three failed with their diagnosis, as intended. Against your own setup:\n  FLYTE_API_KEY=… flyte-ci-auth check        (or --endpoint HOST --client-id ID --client-secret-env NAME)\n`
          : `${st.red('DEMO did not behave as expected')}: please report this.\n`,
      );
    }
    return asExpected ? 0 : 1;
  } finally {
    await demo.close();
  }
}

/** What `check --demo` takes besides itself: the global switches and --verbose. */
const DEMO_FLAGS = new Set(['demo', 'verbose', ...Object.keys(GLOBAL_OPTIONS)]);

export const command: CommandModule = {
  usage: USAGE,
  options: {
    ...CHECK_SHAPE_OPTIONS,
    'api-key-stdin': { type: 'boolean' },
    'client-id': { type: 'string' },
    'client-secret-stdin': { type: 'boolean' },
    'client-secret-env': { type: 'string' },
    project: { type: 'string' },
    domain: { type: 'string' },
    org: { type: 'string' },
    config: { type: 'string' },
    verbose: { type: 'boolean' },
    demo: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.values.demo === true) {
      // The demo brings its own servers and clients: a flag it would ignore is refused rather than silently dropped.
      const ignored = Object.keys(args.values).filter((k) => args.values[k] !== undefined && !DEMO_FLAGS.has(k));
      if (ignored.length > 0 || args.positionals.length > 0) {
        throw new UsageError(
          ignored.length > 0 ? `--demo runs its own servers and clients, so it takes no --${ignored[0]}` : `unexpected argument "${clean(args.positionals[0])}"`,
          'Run `flyte-ci-auth check --demo` alone (--verbose and --json are fine), or drop --demo to check your own setup.',
        );
      }
      return runDemo(ctx, args.values.verbose === true);
    }
    const opts = await optionsFromArgs(args, ctx);
    if (!ctx.json) ctx.io.stderr.write(`${header(opts)}\n`);
    const { runCheck } = await import('../services/check/index.js');
    const report = await runCheck(opts, { env: ctx.env });
    if (ctx.json) ctx.io.stdout.write(`${toJsonText(toCheckJson(report))}\n`);
    else ctx.io.stdout.write(renderReportText(report, ctx.style, { verbose: opts.verbose, secrets: [opts.clientSecret] }));
    return report.ok ? 0 : 1;
  },
};
