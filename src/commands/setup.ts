/**
 * `setup` (also: no command in a terminal): the wizard. Flags become the flow's answers; in a terminal the
 * Ink prompter (src/ui/prompter.tsx, loaded lazily) asks for the rest; without one, missing answers exit 2
 * naming every flag. The real services (check, config merge + atomic write, CI detection/push/instructions)
 * are wired here and imported lazily, so `setup --help` loads none of them.
 */
import path from 'node:path';
import { CancelledError, EXIT, MissingAnswerError, UsageError } from '../core/errors.js';
import { readSecretEnv, secretEnvMessage, SECRET_ENV_HINT } from './secret-env.js';
import { readStdinValue, StdinNotUtf8Error } from '../services/io.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { PROVIDERS, type ProviderId } from '../core/check-types.js';
import { domainProblem, hostProblem, orgProblem, parseRepository, projectProblem, PROVIDER_ALIASES } from '../core/validate.js';
import { normalizeEndpoint } from '../core/apikey.js';
import { enumFlag, pemFileFlag, refuse, scopesFlag, timeoutFlag } from './flags.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import { Secret } from '../core/secret.js';
import { plainDisplay } from '../flow/plain-display.js';
import { CI_TARGETS, RotateInstead, type CiTarget, type SetupAnswers, type SetupResult, type WizardServices } from '../flow/setup.js';
import { shapeFromSetup, takeEndpointOverride } from '../flow/rotate/handover.js';
import type { Demo } from '../demo/index.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';
import { wrapWords } from '../core/wrap.js';

const USAGE = `Usage: flyte-ci-auth setup [flags]
       flyte-ci-auth            (no command, in a terminal: the same wizard)

The wizard: identity provider → app checklist → host, client ID, secret, org → live check (as flyte does it)
→ config.yaml (preview, write on confirmation) → FLYTE_API_KEY into CI (gh/glab) or the manual steps → summary.
Every answer can be a flag; the wizard asks only for what is missing. Without a terminal (or with --yes/--json)
nothing is asked: missing answers exit 2 naming every flag.

Identity provider and credentials:
      --provider NAME           okta, entra, keycloak, auth0, cognito, adfs, ping or generic (recognised from the token URL otherwise)
      --endpoint HOST           Control-plane host (a pasted https:// or dns:/// URL is reduced to the host)
                                With FLYTE_API_KEY set, HOST:PORT aims "Rotate the secret of this key" at that control
                                plane, as flyte's own --endpoint beats the key's host (the new key keeps the key's host)
      --client-id ID            Client (application) ID of the CI app
      --client-secret-stdin     Read the client secret from stdin (surrounding whitespace and the newline dropped)
      --client-secret-env NAME  Read the client secret from the environment variable NAME
      --org ORG                 global.UNION_ORG of the control plane ("" = let flyte infer it from the host)
      --shared-cluster          Several teams share the cluster: suggest one app per team or repository

Check:
      --scope S                 Scope to request instead of the advertised ones (repeatable)
      --audience AUD            Override the audience the control plane advertises
      --auth-method M           basic (what flyte does, default), post or auto
      --ca-file PEM             Also trust this CA for the check (private CA)
      --idp-ca-file PEM         The identity provider's CA (private CA on the token endpoint): the check's token
                                request trusts it, and the pipeline builds an SSL_CERT_FILE bundle with it
      --timeout SECONDS         Bound for every request (default 15)

config.yaml:
      --project NAME            task.project
      --domain NAME             task.domain (e.g. development)
      --file PATH               config.yaml to create or update (default ./config.yaml)
      --dir DIR                 Same as --file DIR/config.yaml
      --ca-cert-file PEM        admin.caCertFilePath (private CA; the path as CI sees it). Default: --ca-file
      --insecure-skip-verify    admin.insecureSkipVerify: true (not recommended; insecure: true is never written)

CI:
      --ci SYSTEM               github, gitlab, jenkins or other (default: from the git remote)
      --repo REPO               GitHub OWNER/REPO or GitLab GROUP/PROJECT (default: from the git remote)
      --env NAME                GitHub environment / GitLab environment scope
      --no-push                 Do not push; show the manual steps and the pipeline snippet
      --write-pipeline          Write the pipeline into the repository (github: .github/workflows/flyte-deploy.yml,
                                gitlab: add the job to .gitlab-ci.yml, jenkins: a Jenkinsfile only when none exists).
                                Asked in a terminal; without one, written only with this flag, and an existing file
                                is changed only with --yes (the diff is shown first)
      --no-write-pipeline       Do not offer to write the pipeline file

Demo:
      --demo                    Run against an embedded authorization server and control plane on 127.0.0.1,
                                writing into a temporary folder unless --file/--dir is given (with
                                --write-pipeline, the pipeline file goes into that same folder)
      --demo-scenario NAME      consent: an Entra-like app without admin consent (grant it at the pause)

Exit codes: 0 done, 1 the check or the push failed, 2 usage or missing answers, 130 cancelled.

Examples:
  flyte-ci-auth setup --demo
  printf '%s' "$CLIENT_SECRET" | flyte-ci-auth setup --yes --provider okta --endpoint union.acme.com \\
      --client-id 0oa1ci --client-secret-stdin --org acme --project ml --domain development --ci github --repo acme/app`;

const OPTIONS = {
  provider: { type: 'string' },
  endpoint: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  'client-secret-env': { type: 'string' },
  org: { type: 'string' },
  'shared-cluster': { type: 'boolean' },
  project: { type: 'string' },
  domain: { type: 'string' },
  file: { type: 'string' },
  dir: { type: 'string' },
  'ca-cert-file': { type: 'string' },
  'insecure-skip-verify': { type: 'boolean' },
  scope: { type: 'string', multiple: true },
  audience: { type: 'string' },
  'auth-method': { type: 'string' },
  'ca-file': { type: 'string' },
  'idp-ca-file': { type: 'string' },
  timeout: { type: 'string' },
  ci: { type: 'string' },
  repo: { type: 'string' },
  env: { type: 'string' },
  'no-push': { type: 'boolean' },
  'write-pipeline': { type: 'boolean' },
  'no-write-pipeline': { type: 'boolean' },
  demo: { type: 'boolean' },
  'demo-scenario': { type: 'string' },
} as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const shown = (v: string) => stripControl(v, { singleLine: true, maxLength: 60 });

/** Flags → answers (validation of the values themselves happens in the flow, with the questions' rules). */
export async function answersFromArgs(args: ParsedArgs, ctx: CommandContext): Promise<SetupAnswers> {
  const v = args.values;
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${shown(args.positionals[0]!)}"`, 'Usage: flyte-ci-auth setup [flags]');
  const a: SetupAnswers = {};

  const provider = str(v.provider);
  if (provider !== undefined) {
    a.provider = enumFlag('--provider', provider, PROVIDERS, PROVIDER_ALIASES as Record<string, ProviderId>);
  }
  if (v['shared-cluster'] === true) a.sharedCluster = true;
  a.endpoint = str(v.endpoint);
  a.clientId = str(v['client-id']);
  a.org = str(v.org);
  a.project = str(v.project);
  a.domain = str(v.domain);
  // The shared rules (src/core/validate.ts), before "missing answers": a bad value is named even when others are missing.
  if (a.endpoint !== undefined && a.endpoint.trim() !== '') refuse('--endpoint', hostProblem(normalizeEndpoint(a.endpoint).host));
  if (a.org !== undefined) refuse('--org', orgProblem(a.org));
  if (a.project !== undefined) refuse('--project', projectProblem(a.project));
  if (a.domain !== undefined) refuse('--domain', domainProblem(a.domain));

  const envName = str(v['client-secret-env']);
  if (v['client-secret-stdin'] === true && envName !== undefined) {
    throw new UsageError('--client-secret-stdin and --client-secret-env are alternatives: pass one.');
  }
  if (v['client-secret-stdin'] === true) {
    let text: string;
    try {
      text = await readStdinValue(ctx.io.stdin);
    } catch (err) {
      if (err instanceof StdinNotUtf8Error) throw err;
      throw new UsageError('--client-secret-stdin: nothing was piped to stdin.', `Pipe the secret: printf '%s' "$CLIENT_SECRET" | flyte-ci-auth setup --client-secret-stdin …`);
    }
    // The one stdin rule (src/services/io.ts): one trailing newline removed, nothing else; the field check warns about the rest.
    const value = text;
    if (value.trim() === '') throw new UsageError('--client-secret-stdin: stdin was empty.', 'Check that the variable you piped is set.');
    a.clientSecret = new Secret(value);
    a.secretSource = { kind: 'stdin' };
  } else if (envName !== undefined) {
    // Never echo the flag's value: it may be the secret itself (--client-secret-env "$SECRET").
    const value = readSecretEnv(ctx.env, envName).replace(/[\r\n]+$/, '').trim();
    if (!value) throw new UsageError(secretEnvMessage('--client-secret-env'), SECRET_ENV_HINT);
    a.clientSecret = new Secret(value);
    a.secretSource = { kind: 'env', name: envName };
  }

  // Repeatable, as in check and rotate; a quoted "S1 S2" list is split too.
  a.scopes = scopesFlag(v.scope);
  a.audience = str(v.audience);
  const method = str(v['auth-method']);
  if (method !== undefined) {
    a.authMethod = enumFlag('--auth-method', method, ['basic', 'post', 'auto'] as const);
  }
  a.caFile = str(v['ca-file']);
  a.idpCaFile = await pemFileFlag('--idp-ca-file', v['idp-ca-file'], ctx.cwd);
  if (v.timeout !== undefined) a.timeoutMs = timeoutFlag(v.timeout, 15_000);

  const file = str(v.file);
  const dir = str(v.dir);
  if (file !== undefined && dir !== undefined) throw new UsageError('--file and --dir are alternatives: pass one.');
  if (file !== undefined) a.file = path.resolve(ctx.cwd, file);
  if (dir !== undefined) a.file = path.resolve(ctx.cwd, dir, 'config.yaml');
  a.caCertFile = str(v['ca-cert-file']);
  if (v['insecure-skip-verify'] === true) {
    if (a.caCertFile) throw new UsageError('--ca-cert-file and --insecure-skip-verify are alternatives: prefer --ca-cert-file.');
    a.insecureSkipVerify = true;
  }

  const ci = str(v.ci);
  if (ci !== undefined) {
    a.ci = enumFlag('--ci', ci, CI_TARGETS as readonly CiTarget[], { gh: 'github', gl: 'gitlab' } as Record<string, CiTarget>);
  }
  a.repo = str(v.repo);
  if (a.repo !== undefined && (a.ci === 'github' || a.ci === 'gitlab')) {
    const repo = parseRepository(a.ci, a.repo);
    if ('code' in repo) refuse('--repo', repo);
  }
  a.env = str(v.env);
  if (v['no-push'] === true) a.noPush = true;
  if (v['write-pipeline'] === true && v['no-write-pipeline'] === true) {
    throw new UsageError('--write-pipeline and --no-write-pipeline are alternatives: pass one.');
  }
  if (v['write-pipeline'] === true) a.writePipeline = true;
  if (v['no-write-pipeline'] === true) a.writePipeline = false;
  if (ctx.yes) a.yes = true;
  for (const k of Object.keys(a) as Array<keyof SetupAnswers>) if (a[k] === undefined) delete a[k];
  return a;
}

// ---- the real services ----------------------------------------------------------------------------------

type DemoHandle = Pick<Demo, 'endpoint' | 'clientId' | 'clientSecret' | 'org' | 'caFile' | 'caPem' | 'grantConsent' | 'close'> & {
  /** The demo's initial access token for its registration endpoint ("Create it for me"). */
  registrationToken?: string;
};

/**
 * What a re-run remembers (interactive only): config.yaml at the target path, then FLYTE_API_KEY (host, client ID,
 * org; never its secret), then the git remote.
 */
async function rememberAnswers(ctx: CommandContext, file: string): Promise<import('../flow/remember.js').Remembered> {
  const [{ fromConfigYaml, fromApiKey, mergeRemembered }, { readFile }, { decodeApiKey }] = await Promise.all([
    import('../flow/remember.js'),
    import('node:fs/promises'),
    import('../core/apikey.js'),
  ]);
  const parts = [];
  const text = await readFile(path.resolve(ctx.cwd, file), 'utf8').catch(() => undefined);
  if (text !== undefined) parts.push(fromConfigYaml(text, path.basename(file)));
  const key = ctx.env.FLYTE_API_KEY?.trim();
  if (key) parts.push(fromApiKey(decodeApiKey(key)));
  return mergeRemembered(...parts);
}

/** "Rotate the secret of this key": the rotation flow over the key in FLYTE_API_KEY, in the same terminal. */
async function rotateInstead(ctx: CommandContext, prompter: Prompter, answers: SetupAnswers, configCaFile?: string, endpoint?: string): Promise<number | 'back'> {
  const [{ rotate }, { buildServices }] = await Promise.all([import('../flow/rotate.js'), import('../services/rotation.js')]);
  // flyte's order: --endpoint beats the key's host (checks only); the CA from --ca-file or config.yaml.
  const shape = shapeFromSetup({ ...answers, endpoint: endpoint ?? answers.endpoint, configCaFile }, ctx.cwd);
  const result = await rotate({ currentKey: new Secret(ctx.env.FLYTE_API_KEY!.trim()), shape }, await buildServices(ctx), { prompter, escBack: true }).catch((err: unknown) => {
    if (err instanceof BackSignal) return 'back' as const;
    throw err;
  });
  if (result === 'back') return result;
  const s = ctx.style;
  ctx.io.stdout.write(
    result.ok
      ? `${s.green('Rotation complete.')}${result.nextRotation ? ` Next rotation: ${result.nextRotation}.` : ''}\n`
      : `${s.red('Rotation stopped:')} ${result.steps.find((x) => x.status === 'failed')?.summary ?? 'a step failed.'}\n`,
  );
  return result.ok ? EXIT.ok : EXIT.failed;
}

declare const __VERSION__: string;
const TOOL_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

type ProcP = Promise<import('../services/process.js').ProcessRunner>;

/** The check and the background probe of the host. */
function checkServices(ctx: CommandContext, demo?: DemoHandle): Pick<WizardServices, 'check' | 'probeHost'> {
  return {
    async check(opts, progress) {
      const { runCheck } = await import('../services/check/index.js');
      return runCheck(opts, { onStep: (s) => progress(stripControl(s.summary, { singleLine: true, maxLength: 120 })), env: ctx.env, caPem: demo?.caPem });
    },
    async probeHost(endpoint, o) {
      const { probeHost } = await import('./setup-probe.js');
      return probeHost(ctx, endpoint, { ...o, caPem: demo?.caPem });
    },
  };
}

/** config.yaml (preview, compare-and-swap write), files, the saved report. */
function fileServices(): Pick<WizardServices, 'previewConfig' | 'writeConfig' | 'files' | 'saveReport'> {
  /** config.yaml as previewConfig read it, for the compare-and-swap in writeConfig. */
  const configSeen = new Map<string, string | undefined>();
  const files = async () => (await import('../services/files.js')).createFiles();
  return {
    async previewConfig(file, settings) {
      const { mergeConfig } = await import('../core/config-yaml.js');
      const existing = await (await files()).readText(file);
      configSeen.set(file, existing);
      return { existing, merge: mergeConfig(existing, settings) };
    },
    async writeConfig(file, text) {
      const { writeAtomic } = await import('../services/files.js');
      // Compare-and-swap against what the preview read: a file changed meanwhile is not overwritten.
      const written = await writeAtomic(file, text, configSeen.has(file) ? { expected: configSeen.get(file), checkExpected: true } : {});
      configSeen.set(file, text);
      return written;
    },
    files: {
      exists: async (file) => (await files()).exists(file),
      readText: async (file) => (await files()).readText(file),
    },
    async saveReport(file, text) {
      const { writeAtomic } = await import('../services/files.js');
      return (await writeAtomic(file, text, { mode: 0o600 })).path;
    },
  };
}

/** The git remote, gh/glab pushes, the manual steps and the pipeline file. */
function ciServices(ctx: CommandContext, procP: ProcP): Pick<WizardServices, 'detectCi' | 'pushAvailability' | 'push' | 'instructions' | 'writePipeline'> {
  const depsFor = async () => ({ proc: await procP, env: ctx.env, cwd: ctx.cwd });
  return {
    async detectCi() {
      const { detectCiTarget } = await import('../services/push/index.js');
      try {
        const g = await detectCiTarget(ctx.cwd, await procP);
        if (g.target === 'other') return {};
        return { target: g.target, repo: g.repo, from: `the git remote origin (${g.host ?? ''}/${g.repo ?? ''})` };
      } catch {
        return {};
      }
    },
    async pushAvailability(target, repo) {
      // Installed and logged in to the repository's host; the reason has no final full stop (the flow adds one).
      const { pushAvailability } = await import('../services/push/index.js');
      return pushAvailability(target, repo, await depsFor());
    },
    async push(req) {
      const { runPush, loginNeedOf } = await import('../services/push/index.js');
      // --env is a GitHub environment or a GitLab environment scope.
      const where = req.target === 'gitlab' ? { scope: req.env } : { environment: req.env };
      const r = await runPush({ target: req.target, key: req.key, repo: req.repo, ...where }, await depsFor());
      const stored = `${r.destination} (${req.target === 'github' ? 'secret' : 'variable'} ${r.name})`;
      if (r.ok) return { ok: true, where: stored };
      const login = loginNeedOf(r);
      return { ok: false, where: stored, message: r.problem ? `${r.problem.message} ${r.problem.next}` : `push ${r.action}`, ...(login ? { login } : {}) };
    },
    async instructions(target, o) {
      const { setupInstructions } = await import('./setup-ci.js');
      return setupInstructions(target, o);
    },
    async writePipeline(target, o) {
      const { setupWritePipeline } = await import('./setup-ci.js');
      return setupWritePipeline(target, o);
    },
  };
}

/** "Create it for me": discovery and creation over one HTTP client that trusts the CAs the check trusts. */
function createClientServices(ctx: CommandContext, procP: ProcP, demo?: DemoHandle): NonNullable<WizardServices['createClient']> {
  const withFetch = async <T>(o: { caFile?: string; idpCaFile?: string; timeoutMs: number }, use: (fetch: import('../services/http.js').FetchLike) => Promise<T>): Promise<T> => {
    const [{ createHttpClient }, { readFile }] = await Promise.all([import('../services/http.js'), import('node:fs/promises')]);
    const idpPem = o.idpCaFile ? await readFile(path.resolve(ctx.cwd, o.idpCaFile), 'utf8') : undefined;
    const caPem = [demo?.caPem, idpPem].filter(Boolean).join('\n') || undefined;
    const http = await createHttpClient({ caFile: o.caFile, caPem, timeoutMs: o.timeoutMs, env: ctx.env });
    try {
      return await use(http.fetch);
    } finally {
      await http.close().catch(() => {});
    }
  };
  return {
    async targets(endpoint, o) {
      const { discoverTargets } = await import('../services/registration/engine.js');
      return withFetch(o, (fetch) => discoverTargets(fetch, endpoint, o.provider ? { provider: o.provider } : {}));
    },
    async create(p, targets, answers, o) {
      const { createClientFlow } = await import('../flow/create-client.js');
      const runner = await procP;
      return withFetch(o, (fetch) => createClientFlow(p, targets, answers, { fetch, runner, env: ctx.env }));
    },
    ...(demo?.registrationToken ? { credential: new Secret(demo.registrationToken) } : {}),
  };
}

export async function realServices(ctx: CommandContext, demo?: DemoHandle): Promise<WizardServices> {
  const procP = import('../services/process.js').then((m) => m.createProcessRunner(ctx.env));
  return {
    ...checkServices(ctx, demo),
    ...fileServices(),
    ...ciServices(ctx, procP),
    clock: { now: () => new Date() },
    versions: { tool: TOOL_VERSION, node: process.version },
    cliLogin: (await import('../services/push/index.js')).createCliLogin(await procP),
    keyHandoff: await (await import('../services/clipboard.js')).createKeyHandoffServices({ proc: await procP, env: ctx.env, terminal: ctx.io.stdout }),
    // The demo offers "Create it for me" only with its registration endpoint (not in the consent scenario).
    ...(!demo || demo.registrationToken ? { createClient: createClientServices(ctx, procP, demo) } : {}),
    ...(demo
      ? {
          afterConsentFix: async () => demo.grantConsent(),
          // The demo's admin grants the consent while the wizard keeps checking: the third attempt passes.
          duringKeepChecking: async (attempt: number) => {
            if (attempt >= 2) demo.grantConsent();
          },
        }
      : {}),
  };
}

// ---- the command ----------------------------------------------------------------------------------------

function jsonResult(r: SetupResult): Record<string, unknown> {
  return {
    status: r.status,
    provider: r.provider,
    endpoint: r.endpoint,
    clientId: r.clientId,
    org: r.org,
    project: r.project,
    domain: r.domain,
    secretFingerprint: r.secretFingerprint,
    check: r.check,
    written: r.config?.written ? [{ path: r.config.path, created: r.config.created ?? false, backupPath: r.config.backupPath ?? null }] : [],
    config: r.config ?? null,
    pushed: r.ci?.pushed ? [{ target: r.ci.target, where: r.ci.where }] : [],
    ci: r.ci ?? null,
    pipeline: r.pipeline ?? null,
    created: r.created ?? [],
    rotationDue: r.rotationDue,
    ...(r.secretExpiresAt ? { secretExpiresAt: r.secretExpiresAt } : {}),
    next: r.next,
    command: r.command,
    ...(r.reportPath ? { reportPath: r.reportPath } : {}),
  };
}

export const command: CommandModule = {
  usage: USAGE,
  options: OPTIONS,
  async run(args, ctx) {
    let demo: DemoHandle | undefined;
    let prompter: Prompter | undefined;
    /** The demo's temporary folder: removed at exit unless --dir/--file pointed elsewhere or the person kept it. */
    let demoOut: { dir: string; keep: boolean } | undefined;
    try {
      // flyte's root --endpoint (HOST:PORT) beats FLYTE_API_KEY's host: kept for the rotation's checks.
      const endpointOverride = takeEndpointOverride(args.values, ctx.env, ctx.canPrompt && args.values.demo !== true);
      const answers = await answersFromArgs(args, ctx);
      const defaults: SetupAnswers = { file: path.resolve(ctx.cwd, 'config.yaml') };
      const isDemo = args.values.demo === true;
      const scenario = str(args.values['demo-scenario']);
      if (scenario !== undefined && (!isDemo || scenario !== 'consent')) {
        throw new UsageError(isDemo ? `--demo-scenario must be consent (got "${shown(scenario)}")` : '--demo-scenario needs --demo');
      }
      if (isDemo) {
        for (const flag of ['endpoint', 'client-id', 'client-secret-stdin', 'client-secret-env', 'org', 'ca-file'] as const) {
          if (args.values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with --demo (the demo provides it)`);
        }
        const [{ startDemo }, { randomBytes }] = await Promise.all([import('../demo/index.js'), import('node:crypto')]);
        // A registration token lets "Create it for me" register a client in the demo (as `client create --demo`);
        // any typed project exists while the org stays enforced (a wrong org fails with org_mismatch).
        const registrationToken = scenario === 'consent' ? undefined : `demo-iat-${randomBytes(12).toString('base64url')}`;
        const d = await startDemo({ entraLike: scenario === 'consent', anyProject: true, ...(registrationToken ? { registrationToken } : {}) });
        demo = { ...d, grantConsent: () => d.grantConsent(), close: () => d.close(), ...(registrationToken ? { registrationToken } : {}) };
        Object.assign(answers, {
          endpoint: d.endpoint,
          clientId: d.clientId,
          clientSecret: d.clientSecret,
          secretSource: { kind: 'demo' },
          org: d.org,
          ...(d.caFile ? { caFile: d.caFile } : {}),
          noPush: true,
        } satisfies SetupAnswers);
        // The demo's own CA file goes away with the demo: config.yaml points at a copy in the output folder.
        const { mkdtemp, writeFile } = await import('node:fs/promises');
        const { tmpdir } = await import('node:os');
        const outDir = await mkdtemp(path.join(tmpdir(), 'flyte-ci-auth-demo-out-'));
        // With --dir/--file config.yaml lives elsewhere and points at the CA copy here: keep it.
        demoOut = { dir: outDir, keep: Boolean(answers.file) };
        if (!answers.file) defaults.file = path.join(outDir, 'config.yaml');
        if (d.caPem && !answers.caCertFile && !answers.insecureSkipVerify) {
          const caCopy = path.join(outDir, 'demo-ca.pem');
          await writeFile(caCopy, d.caPem, { mode: 0o644 });
          defaults.caCertFile = caCopy;
        }
        defaults.project = 'flytesnacks';
        defaults.domain = 'development';
        defaults.ci = 'other';
        defaults.provider = scenario === 'consent' ? 'entra' : 'generic';
        if (!ctx.canPrompt && answers.provider === undefined) answers.provider = defaults.provider;
      }
      if (answers.caFile && !answers.caCertFile && !answers.insecureSkipVerify) defaults.caCertFile ??= answers.caFile;
      const services = await realServices(ctx, demo);
      const { runSetup } = await import('../flow/setup.js');

      const out = ctx.json ? ctx.io.stderr : ctx.io.stdout;
      if (isDemo) {
        // Wrapped at words to the terminal (a plain write, outside Ink): the terminal would break it mid-word.
        const width = out.isTTY ? out.columns : 0;
        const banner = [
          `Demo: an authorization server and a control plane run on this machine (${demo!.endpoint}); nothing leaves it.`,
          ...(scenario === 'consent' ? ['Scenario: the app has no admin consent yet; at the consent step, Enter grants it in the demo server.'] : []),
        ];
        out.write(banner.flatMap((l) => (width > 0 ? wrapWords(l, width - 1) : [l])).map((l) => `${ctx.style.dim(l)}\n`).join(''));
      }
      let result: SetupResult;
      if (ctx.canPrompt) {
        const ui = (await import('../ui/prompter.js')) as { createInkPrompter(o: { accessible: boolean; color: boolean }): Prompter };
        prompter = ui.createInkPrompter({ accessible: ctx.accessible, color: ctx.color });
        const remembered = isDemo ? undefined : await rememberAnswers(ctx, answers.file ?? defaults.file!);
        // Esc on the rotation's first question comes back here: the "what do you want to do" question again.
        for (;;) {
          try {
            result = await runSetup({ answers, defaults, prompter, services, cwd: ctx.cwd, demo: isDemo, ...(remembered ? { remembered } : {}) });
            break;
          } catch (err) {
            if (!(err instanceof RotateInstead)) throw err;
            const code = await rotateInstead(ctx, prompter, answers, remembered?.answers.caCertFile, endpointOverride);
            if (code !== 'back') return code;
          }
        }
      } else {
        result = await runSetup({
          answers,
          defaults,
          display: plainDisplay((t) => out.write(t), ctx.style),
          services,
          cwd: ctx.cwd,
          demo: isDemo,
        });
      }
      if (demoOut && !demoOut.keep && prompter) {
        const { orBack } = await import('../flow/steps.js');
        demoOut.keep = (await orBack(() => prompter!.confirm({ id: 'keep-demo', message: `Keep the demo folder ${demoOut!.dir} (config.yaml and what you saved)?`, initial: false }))) === true;
      }
      if (demoOut && !demoOut.keep) out.write(`${ctx.style.dim(`The demo folder ${demoOut.dir} is removed (pass --dir DIR to keep the demo's files).`)}\n`);
      if (ctx.json) ctx.io.stdout.write(`${toJsonText(jsonResult(result))}\n`);
      return result.status === 'ok' ? EXIT.ok : EXIT.failed;
    } catch (err) {
      if (ctx.json && err instanceof MissingAnswerError) {
        ctx.io.stdout.write(`${toJsonText({ status: 'missing', missing: err.flags, next: [`flyte-ci-auth setup --help`] })}\n`);
      } else if (ctx.json && err instanceof UsageError) {
        ctx.io.stdout.write(`${toJsonText({ status: 'usage', message: err.message })}\n`);
      }
      if (err instanceof CancelledError && !err.message.includes('nothing was written')) {
        throw new CancelledError('Cancelled: nothing was written that you did not confirm.');
      }
      throw err;
    } finally {
      await prompter?.close().catch(() => {});
      await demo?.close().catch(() => {});
      if (demoOut && !demoOut.keep) {
        const { rm } = await import('node:fs/promises');
        await rm(demoOut.dir, { recursive: true, force: true }).catch(() => {});
      }
    }
  },
};
