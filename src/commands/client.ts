/**
 * `client create` / `client delete`: make the CI client at the identity provider from the terminal,
 * by RFC 7591 registration or, for Entra ID, a logged-in `az`; then check it the way flyte will use it.
 * Every answer is a flag; in a terminal the missing ones are asked (Ink prompter, loaded only then); without a
 * terminal nothing is asked and the missing flags are named (exit 2). Credentials come from environment
 * variables or a masked prompt, never from a flag value. The new secret goes only where the person says:
 * --secret-file PATH (0600) or --secret-stdout (alone on stdout).
 */
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { PROVIDERS, type ProviderId } from '../core/check-types.js';
import { CancelledError, EXIT, FailureError, MissingAnswerError, UsageError } from '../core/errors.js';
import { BackSignal, type Block, type Prompter } from '../core/prompter.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import { Secret } from '../core/secret.js';
import { plainDisplay } from '../flow/plain-display.js';
import type { FetchLike } from '../services/http.js';
import type { ProcessRunner } from '../services/process.js';
import { readSecretEnv } from './secret-env.js';
import type { CreateClientOutcome } from '../flow/create-client.js';
import type { Targets } from '../services/registration/engine.js';
import { endpointHost, str } from './check-flags.js';
import { enumFlag, secretDaysFlag, timeoutFlag } from './flags.js';
import { PROVIDER_ALIASES } from '../core/validate.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';

const USAGE = `Usage: flyte-ci-auth client create --endpoint HOST [flags]
       flyte-ci-auth client create --demo
       flyte-ci-auth client delete (--registration-file FILE | --app-id ID | --client-id ID --endpoint HOST) [flags]

Create the CI client (client_credentials, client_secret_basic, the control plane's scopes/audience) at your
identity provider, then check it as flyte will use it. The route is chosen from what the provider offers:
  registration  RFC 7591 Dynamic Client Registration, when the issuer's discovery advertises registration_endpoint
                (Keycloak through its own client representation: service account + audience mapper; Okta; Auth0;
                oidc-provider and other RFC 7591 servers)
  entra         Microsoft Entra ID through a logged-in Azure CLI (az): app registration, service principal,
                application-role assignment (the admin consent) and a client secret with an end date

client create
  --endpoint HOST            the control plane (its discovery names the issuer, scopes and audience)
  --demo                     run against the built-in demo provider (shows the registration route end to end)
  --issuer URL               the identity provider, if not the one the control plane names
  --provider P               ${PROVIDERS.join(', ')} (default: from the issuer)
  --route R                  registration or entra (default: from the provider)
  --name NAME                the new client's name (default flyte-ci)
  --credential-env NAME      registration credential from the environment variable NAME: Keycloak initial access
                             token or admin bearer token, Okta API token, Auth0/generic initial access token
  --open-registration        register without a credential (the endpoint is open)
  --keep-registration FILE   keep the registration access token + URI in FILE (0600), for RFC 7592 deletion
                             or secret rotation later; not kept otherwise
  --app-role VALUE           Entra: the API's application role to assign (needed when it has several)
  --secret-days N            Entra: the secret's lifetime in days (default 180, at most 730)
  --secret-file PATH         write the new client secret to PATH (created 0600; must not exist)
  --secret-stdout            print the new client secret alone on stdout instead (not with --json)
  --skip-check               do not run the live check with the new client afterwards
  --dry-run                  read discovery, print the requests/commands that would create (credentials redacted)
  --ca-file PEM, --timeout S as for check

client delete
  --registration-file FILE   RFC 7592: delete with the token kept by --keep-registration
  --app-id ID                Entra: az ad app delete (removes the service principal, role and secrets too)
  --client-id ID --endpoint HOST --credential-env NAME   Okta (API token) or Keycloak (admin token)
  --dry-run                  print the request/command without sending it

Examples:
  flyte-ci-auth client create --demo
  KC_TOKEN=… flyte-ci-auth client create --endpoint union.acme.com --credential-env KC_TOKEN --secret-file ci.secret --yes
  flyte-ci-auth client create --endpoint union.acme.com --route entra --secret-days 90 --secret-file ci.secret
  flyte-ci-auth client delete --app-id 00000000-0000-0000-0000-000000000000 --yes`;

const OPTIONS = {
  endpoint: { type: 'string' },
  demo: { type: 'boolean' },
  issuer: { type: 'string' },
  provider: { type: 'string' },
  route: { type: 'string' },
  name: { type: 'string' },
  'credential-env': { type: 'string' },
  'open-registration': { type: 'boolean' },
  'keep-registration': { type: 'string' },
  'app-role': { type: 'string' },
  'secret-days': { type: 'string' },
  'secret-file': { type: 'string' },
  'secret-stdout': { type: 'boolean' },
  'skip-check': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'ca-file': { type: 'string' },
  timeout: { type: 'string' },
  'registration-file': { type: 'string' },
  'client-id': { type: 'string' },
  'app-id': { type: 'string' },
  // Declared only to refuse them with a clear message (and without echoing the value).
  credential: { type: 'string' },
  token: { type: 'string' },
} as const;

/** Which flag answers which question of the flow (for the non-interactive refusal). */
const FLAG_FOR: Record<string, string> = {
  'client-name': '--name NAME',
  'registration-credential': '--credential-env NAME or --open-registration',
  'secret-days': '--secret-days N',
  'app-role': '--app-role VALUE',
  'confirm-create': '--yes',
  'confirm-delete': '--yes',
  'secret-file': '--secret-file PATH or --secret-stdout',
};

/** The Prompter of a run that must not ask: each question names the flag that answers it. */
export function refusingPrompter(write: (text: string) => void, ctx: CommandContext): Prompter {
  const refuse = (id: string): never => {
    throw new MissingAnswerError([FLAG_FOR[id] ?? id], { promptable: true });
  };
  const display = plainDisplay(write, ctx.style);
  return {
    select: async (q) => refuse(q.id),
    text: async (q) => refuse(q.id),
    secret: async (q) => refuse(q.id),
    confirm: async (q) => refuse(q.id),
    checklist: async (q) => refuse(q.id),
    pause: async (q) => refuse(q.id),
    task: display.task,
    show: (...blocks: Block[]) => display.show(...blocks),
    close: async () => undefined,
  };
}

export interface ClientDeps {
  fetch?: FetchLike;
  runner?: ProcessRunner;
  prompter?: Prompter;
  now?: () => Date;
}

interface CreateFlags {
  endpoint?: string;
  demo: boolean;
  issuer?: string;
  provider?: ProviderId;
  route?: 'registration' | 'entra';
  name?: string;
  credentialEnv?: string;
  openRegistration: boolean;
  keepRegistration?: string;
  appRole?: string;
  secretDays?: number;
  secretFile?: string;
  secretStdout: boolean;
  skipCheck: boolean;
  dryRun: boolean;
  caFile?: string;
  timeoutMs: number;
}

const clean = (s: unknown) => stripControl(String(s ?? ''), { singleLine: true, maxLength: 100 });
/** Server and az text inside messages: one line, no control sequences, capped. */
const clean300 = (s: unknown) => stripControl(String(s ?? ''), { singleLine: true, maxLength: 300 });
const clean600 = (s: unknown) => stripControl(String(s ?? ''), { singleLine: true, maxLength: 600 });

function parseCreateFlags(v: ParsedArgs['values'], cwd: string): CreateFlags {
  const provider = enumFlag('--provider', str(v.provider), PROVIDERS, PROVIDER_ALIASES as Record<string, ProviderId>);
  const route = enumFlag('--route', str(v.route), ['registration', 'entra'] as const);
  const days = secretDaysFlag(v['secret-days']);
  const timeoutMs = timeoutFlag(v.timeout, 15_000);
  const name = str(v.name);
  if (name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new UsageError(`--name takes letters, digits, . _ - (up to 64): got "${clean(name)}"`);
  const resolve = (p: string | undefined) => (p ? path.resolve(cwd, p) : undefined);
  return {
    endpoint: str(v.endpoint) ? endpointHost(str(v.endpoint)!) : undefined,
    demo: v.demo === true,
    issuer: str(v.issuer),
    provider: provider as ProviderId | undefined,
    route: route as CreateFlags['route'],
    name,
    credentialEnv: str(v['credential-env']),
    openRegistration: v['open-registration'] === true,
    keepRegistration: resolve(str(v['keep-registration'])),
    appRole: str(v['app-role']),
    secretDays: days,
    secretFile: resolve(str(v['secret-file'])),
    secretStdout: v['secret-stdout'] === true,
    skipCheck: v['skip-check'] === true,
    dryRun: v['dry-run'] === true,
    caFile: resolve(str(v['ca-file'])),
    timeoutMs,
  };
}

/** Why a new secret cannot go to `file` (it exists, even as a dangling link; or its folder is missing), if so. */
async function newFileProblem(file: string): Promise<string | undefined> {
  if (await lstat(file).then(() => true, () => false)) return `${clean300(file)} exists; name a new file.`;
  const dir = path.dirname(file);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return `the folder ${clean300(dir)} does not exist.`;
  return undefined;
}

function createdJson(o: CreateClientOutcome & { dryRun: false }) {
  return o.created.map((c) => ({ kind: c.kind, id: c.id, where: c.where, detail: c.detail ?? null, remove: c.remove }));
}

export async function runCreate(args: ParsedArgs, ctx: CommandContext, deps: ClientDeps = {}): Promise<number> {
  const f = parseCreateFlags(args.values, ctx.cwd);
  const interactive = deps.prompter !== undefined || ctx.canPrompt;
  await refuseCreateConflicts(f, ctx, interactive);
  const credential = f.credentialEnv ? new Secret(readSecretEnv(ctx.env, f.credentialEnv, '--credential-env')) : undefined;

  // stdout carries the secret alone with --secret-stdout, the JSON report with --json; the story goes to stderr then.
  const story = ctx.json || f.secretStdout ? ctx.io.stderr : ctx.io.stdout;
  const write = (t: string) => story.write(t);

  const open: OpenResources = {};
  let prompter = deps.prompter;
  let ownPrompter = false;
  try {
    const { endpoint, demoCredential, caFile, caPem, http, targets } = await connectCreate(f, ctx, deps, write, open);
    if (!prompter) {
      if (interactive) {
        const { createInkPrompter } = await import('../ui/prompter.js');
        prompter = createInkPrompter({ accessible: ctx.accessible, color: ctx.color });
        ownPrompter = true;
      } else prompter = refusingPrompter(write, ctx);
    }
    let runner = deps.runner;
    if (!runner) runner = (await import('../services/process.js')).createProcessRunner(ctx.env);
    // In a terminal the prompter owns the screen: lines go through it; otherwise plain lines.
    const tell = (text: string, tone?: 'success' | 'error' | 'dim') =>
      interactive ? prompter!.show({ kind: 'text', text, ...(tone ? { tone } : {}) }) : write(`${text}\n`);
    // Where the new secret will go is settled first.
    let secretFile = f.secretFile;
    if (!secretFile && !f.secretStdout && !f.demo && !f.dryRun && interactive) {
      // Asked BEFORE anything is created (Ctrl-C here leaves nothing behind); a file that exists or whose folder
      // is missing is asked again, never overwritten.
      for (;;) {
        let typed: string;
        try {
          typed = await prompter.text({ id: 'secret-file', message: 'Write the new client secret to which file? (created 0600)', validate: (v) => (v.trim() ? undefined : 'a path') });
        } catch (err) {
          // Esc on the first question: there is nothing to go back to; nothing was created.
          if (err instanceof BackSignal) throw new CancelledError('Nothing was created.');
          throw err;
        }
        const answer = path.resolve(ctx.cwd, typed);
        const problem = await newFileProblem(answer);
        if (!problem) {
          secretFile = answer;
          break;
        }
        tell(`${problem} The secret is never written over an existing file.`, 'error');
      }
    }
    const { createClientFlow } = await import('../flow/create-client.js');
    let outcome: CreateClientOutcome;
    try {
      outcome = await createClientFlow(
        prompter,
        targets,
        {
          clientName: f.name ?? (f.demo || !interactive ? 'flyte-ci' : undefined),
          credential: credential ?? demoCredential,
          openRegistration: f.openRegistration,
          keepRegistration: f.keepRegistration,
          appRole: f.appRole,
          secretDays: f.secretDays ?? (interactive ? undefined : 180),
          yes: ctx.yes || (f.demo && !interactive),
          dryRun: f.dryRun,
          showRequests: f.demo || ctx.debug,
          // Without a terminal the error on stderr lists what exists; in a terminal the flow shows it.
          quietFailure: !interactive,
        },
        { fetch: http.fetch, runner, env: ctx.env, now: deps.now },
      );
    } catch (err) {
      throw asCliError(err);
    }
    if (outcome.dryRun) {
      if (ctx.json) ctx.io.stdout.write(`${toJsonText({ ok: true, dryRun: true, route: outcome.plan.route, willCreate: outcome.plan.willCreate, requests: outcome.plan.requests, followUps: outcome.plan.followUps })}\n`);
      else tell(interactive ? 'Dry run: nothing was sent or created.' : ctx.style.dim('Dry run: nothing was sent or created.'), 'dim');
      return EXIT.ok;
    }

    await placeNewSecret(secretFile, outcome, tell);
    const check = await checkNewClient(f, ctx, interactive, prompter, outcome, { endpoint, caFile, caPem }, tell, write);
    renderCreated(f, ctx, outcome, { endpoint, secretFile, check }, tell);
    if (f.secretStdout) ctx.io.stdout.write(`${outcome.clientSecret.reveal()}\n`);
    return check && !check.ok ? EXIT.failed : EXIT.ok;
  } finally {
    if (ownPrompter) await prompter?.close();
    await open.http?.close();
    await open.demo?.close();
  }
}

/** What a create run opened and must close, filled in as each is opened. */
interface OpenResources {
  demo?: import('../demo/index.js').Demo;
  http?: { fetch: FetchLike; close(): Promise<void> };
}

type Tell = (text: string, tone?: 'success' | 'error' | 'dim') => void;
type CreateDone = CreateClientOutcome & { dryRun: false };

/** Flag combinations that cannot work, and what is missing, refused before any request. */
async function refuseCreateConflicts(f: CreateFlags, ctx: CommandContext, interactive: boolean): Promise<void> {
  if (f.secretStdout && ctx.json) throw new UsageError('--json never carries the secret: use --secret-file PATH with --json.');
  if (f.secretStdout && f.secretFile) throw new UsageError('choose one of --secret-file and --secret-stdout.');
  if (f.demo && f.endpoint) throw new UsageError('--demo runs its own control plane: drop --endpoint.');
  // Everything known to be missing is named at once, before any request.
  if (!interactive) {
    const missing: string[] = [];
    if (!f.endpoint && !f.demo) missing.push('--endpoint HOST (or --demo)');
    if (!f.dryRun && !f.demo && !f.secretFile && !f.secretStdout) missing.push(FLAG_FOR['secret-file']!);
    if (!f.dryRun && !f.demo && !ctx.yes) missing.push('--yes');
    if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
  } else if (!f.endpoint && !f.demo) {
    throw new MissingAnswerError(['--endpoint HOST (or --demo)']);
  }
  // Checked before anything is created: a secret that cannot be written after creation would be lost.
  const secretProblem = f.secretFile ? await newFileProblem(f.secretFile) : undefined;
  if (secretProblem) throw new UsageError(`--secret-file: ${secretProblem}`, 'The secret file must be new (it is never overwritten) in an existing folder.');
  const keepProblem = f.keepRegistration ? await newFileProblem(f.keepRegistration) : undefined;
  if (keepProblem) throw new UsageError(`--keep-registration: ${keepProblem}`, 'The registration file must be new (it is never overwritten) in an existing folder.');
}

/** The control plane (or the demo's), an HTTP client for it, and the identity provider's targets it names. */
async function connectCreate(f: CreateFlags, ctx: CommandContext, deps: ClientDeps, write: (t: string) => void, open: OpenResources) {
  let endpoint = f.endpoint!;
  let demoCredential: Secret | undefined;
  let caFile = f.caFile;
  let caPem: string | undefined;
  if (f.demo) {
    const { startDemo } = await import('../demo/index.js');
    const { randomBytes } = await import('node:crypto');
    const iat = `demo-iat-${randomBytes(12).toString('base64url')}`;
    const demo = (open.demo = await startDemo({ registrationToken: iat }));
    demoCredential = new Secret(iat);
    endpoint = demo.endpoint;
    caFile = demo.caFile;
    caPem = demo.caPem;
    write(`${ctx.style.dim('demo:')} a real OpenID provider (oidc-provider) with a registration endpoint behind an initial access token, and a Flyte control plane, on 127.0.0.1.\n`);
  }
  let http: OpenResources['http'];
  if (deps.fetch) http = { fetch: deps.fetch, close: async () => undefined };
  else {
    const { createHttpClient } = await import('../services/http.js');
    http = await createHttpClient({ caFile, caPem, timeoutMs: f.timeoutMs, env: ctx.env });
  }
  open.http = http;
  const { discoverTargets } = await import('../services/registration/engine.js');
  let targets: Targets;
  try {
    targets = await discoverTargets(http.fetch, endpoint, { issuer: f.issuer, provider: f.provider ?? (f.route === 'entra' ? 'entra' : undefined) });
  } catch (err) {
    throw asCliError(err);
  }
  if (f.route === 'registration' && !targets.registrationEndpoint) {
    throw new FailureError(`the identity provider (${targets.issuer}) advertises no registration endpoint.`, 'Create the client in its console (flyte-ci-auth setup shows the checklist).');
  }
  return { endpoint, demoCredential, caFile, caPem, http, targets };
}

/** Writes the new secret to the file settled before the creation (0600, never over an existing file). */
async function placeNewSecret(secretFile: string | undefined, outcome: CreateDone, tell: Tell): Promise<void> {
  // The secret goes where the person said (settled before the creation), and nowhere else.
  if (!secretFile) return;
  const { writeSecretFile } = await import('../services/key-file.js');
  const w = await writeSecretFile(secretFile, outcome.clientSecret, { overwrite: false });
  if (!w.ok) {
    const list = outcome.created.map((c) => `  ${c.kind} ${clean300(c.id)} in ${clean300(c.where)} (remove: ${clean300(c.remove)})`).join('\n');
    throw new FailureError(`the client was created but its secret could not be written: ${clean600(w.message)}\nWhat exists now:\n${list}`, 'Remove the client and run client create again with a new --secret-file.');
  }
  outcome.created.push({ kind: 'file', id: secretFile, where: 'this machine', detail: 'client secret (0600)', remove: `rm ${secretFile}` });
  tell(`The client secret is in ${clean300(secretFile)} (0600).`);
}

/** The live check of the new client (unless skipped, or pending admin consent); null when it did not run. */
async function checkNewClient(
  f: CreateFlags,
  ctx: CommandContext,
  interactive: boolean,
  prompter: Prompter,
  outcome: CreateDone,
  { endpoint, caFile, caPem }: { endpoint: string; caFile?: string; caPem?: string },
  tell: Tell,
  write: (t: string) => void,
): Promise<{ ok: boolean; code: string; title: string } | null> {
  let check: { ok: boolean; code: string; title: string } | null = null;
  if (!f.skipCheck && outcome.adminConsent === 'pending') tell('Check skipped: the token carries no application role until an admin grants consent (the link above); then run flyte-ci-auth check.');
  if (!f.skipCheck && outcome.adminConsent !== 'pending') {
    const { runCheck } = await import('../services/check/index.js');
    const report = await prompter.task('Checking the new client the way flyte will use it', () =>
      runCheck(
        { endpoint, clientId: outcome.clientId, clientSecret: outcome.clientSecret, authMethod: 'basic', caFile, idpCaFile: caFile, timeoutMs: f.timeoutMs },
        { caPem, env: ctx.env },
      ),
    );
    check = { ok: report.ok, code: report.diagnosis.code, title: report.diagnosis.title };
    if (interactive) tell(report.ok ? `Check passed: ${report.diagnosis.title}.` : `Check failed: ${report.diagnosis.title} (${report.diagnosis.code}). The client exists; see \`flyte-ci-auth check\`.`, report.ok ? 'success' : 'error');
    else write(report.ok ? `${ctx.style.green('ok')}  Check passed: ${report.diagnosis.title}.\n` : `${ctx.style.red('failed')}  Check: ${report.diagnosis.title} (${report.diagnosis.code}). The client exists; see \`flyte-ci-auth check\`.\n`);
  }
  return check;
}

/** The result: the JSON report with --json, otherwise the next command to run. */
function renderCreated(
  f: CreateFlags,
  ctx: CommandContext,
  outcome: CreateDone,
  { endpoint, secretFile, check }: { endpoint: string; secretFile: string | undefined; check: { ok: boolean; code: string; title: string } | null },
  tell: Tell,
): void {
  if (ctx.json) {
    ctx.io.stdout.write(
      `${toJsonText(
        {
          ok: check ? check.ok : true,
          dryRun: false,
          route: outcome.route,
          endpoint,
          clientId: outcome.clientId,
          secretLength: outcome.clientSecret.length,
          secretFile: secretFile ?? null,
          secretExpiresAt: outcome.secretExpiresAt ?? null,
          adminConsent: outcome.adminConsent ?? null,
          consentUrl: outcome.consentUrl ?? null,
          created: createdJson(outcome),
          followUps: outcome.followUps,
          check,
        },
      )}\n`,
    );
  } else if (!f.demo) {
    tell(`Next: flyte-ci-auth key encode --endpoint ${endpoint} --client-id ${clean300(outcome.clientId)} --org ORG < ${secretFile ?? 'SECRET_FILE'}   (then push it: flyte-ci-auth push …)`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Engine errors in CLI terms: a partial creation lists what exists and how to remove it. */
function asCliError(err: unknown): unknown {
  // Esc on a first question of the flow: nothing to go back to, and nothing was created yet (every question
  // comes before the creation).
  if (err instanceof BackSignal) return new CancelledError('Nothing was created.');
  const name = (err as Error)?.name;
  if (name === 'PartialCreateError') {
    const e = err as Error & { created: Array<{ kind: string; id: string; where: string; remove: string }>; hint?: string };
    const exists = e.created.length > 0 ? `\nWhat exists now:\n${e.created.map((c) => `  ${c.kind} ${clean300(c.id)} in ${clean300(c.where)}`).join('\n')}` : '';
    return new FailureError(`${clean600(e.message)}${exists}`, e.hint && stripControl(e.hint));
  }
  if (name === 'RegistrationError') return new FailureError(clean600((err as Error).message), (err as { hint?: string }).hint);
  if (name === 'AzError') {
    const e = err as Error & { detail: string; kind: string };
    const hint =
      e.kind === 'not-installed'
        ? 'Install the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli), run az login, then try again. Nothing was created.'
        : e.kind === 'not-logged-in'
          ? 'Run az login (with --tenant TENANT for the control plane\'s tenant), then try again. Nothing was created.'
          : undefined;
    return new FailureError(clean600(`${e.message}${e.detail ? `: ${e.detail}` : ''}`), hint);
  }
  return err;
}

export async function runDelete(args: ParsedArgs, ctx: CommandContext, deps: ClientDeps = {}): Promise<number> {
  const v = args.values;
  const regFile = str(v['registration-file']);
  const appId = str(v['app-id']);
  const clientId = str(v['client-id']);
  const dryRun = v['dry-run'] === true;
  const ways = [regFile, appId, clientId].filter(Boolean).length;
  if (ways !== 1) throw new UsageError('client delete needs exactly one of --registration-file FILE, --app-id ID, or --client-id ID (with --endpoint and --credential-env).');
  // An Entra application (client) ID is a GUID; anything else would reach az's command line as an option.
  if (appId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    throw new UsageError(`--app-id must be the application (client) ID, a GUID such as 00000000-0000-0000-0000-000000000000 (got "${clean(appId)}").`);
  }
  const interactive = deps.prompter !== undefined || ctx.canPrompt;
  // Everything missing is named at once.
  const missing = clientId ? [...(str(v.endpoint) ? [] : ['--endpoint HOST']), ...(str(v['credential-env']) ? [] : ['--credential-env NAME'])] : [];
  if (!interactive && !dryRun && !ctx.yes) missing.push('--yes');
  if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: missing.includes('--yes') });
  const say = (t: string) => (ctx.json ? ctx.io.stderr : ctx.io.stdout).write(t);
  let prompter = deps.prompter;
  let own = false;
  const confirm = async (what: string) => {
    if (dryRun || ctx.yes) return;
    if (!prompter) {
      const { createInkPrompter } = await import('../ui/prompter.js');
      prompter = createInkPrompter({ accessible: ctx.accessible, color: ctx.color });
      own = true;
    }
    const ok = await prompter.confirm({ id: 'confirm-delete', message: `Delete ${what}? This cannot be undone.`, initial: false }).catch((err: unknown) => {
      if (err instanceof BackSignal) return false; // Esc: nothing to go back to
      throw err;
    });
    if (!ok) throw new CancelledError('Nothing was deleted.');
  };
  let http: { fetch: FetchLike; close(): Promise<void> } | undefined;
  const getFetch = async () => {
    if (deps.fetch) return deps.fetch;
    const { createHttpClient } = await import('../services/http.js');
    http = await createHttpClient({ caFile: str(v['ca-file']) ? path.resolve(ctx.cwd, str(v['ca-file'])!) : undefined, timeoutMs: timeoutFlag(v.timeout, 15_000), env: ctx.env });
    return http.fetch;
  };
  try {
    const engine = await import('../services/registration/engine.js');
    let lines: string[];
    let removed: string;
    try {
      if (appId) {
        await confirm(`the Entra app registration ${appId} (with its service principal, role assignments and secrets)`);
        const runner = deps.runner ?? (await import('../services/process.js')).createProcessRunner(ctx.env);
        lines = (await engine.deleteWithAz(appId, { runner, env: ctx.env }, dryRun)).commands;
        removed = appId;
      } else if (regFile) {
        // A file that is missing or not ours is bad input (exit 2), worded without quoting the file.
        const saved = await engine.loadRegistration(path.resolve(ctx.cwd, regFile)).catch((err: Error) => {
          throw new UsageError(clean600(err.message), 'Pass the file that client create --keep-registration wrote.');
        });
        await confirm(`client ${clean300(saved.clientId)} (${clean300(hostOf(saved.registrationClientUri))})`);
        lines = (await engine.deleteRegistered(await getFetch(), saved, saved.registrationAccessToken, dryRun)).request;
        removed = saved.clientId;
      } else {
        const endpoint = str(v.endpoint);
        const credEnv = str(v['credential-env']);
        const missing = [...(endpoint ? [] : ['--endpoint HOST']), ...(credEnv ? [] : ['--credential-env NAME'])];
        if (missing.length > 0) throw new MissingAnswerError(missing);
        const credential = new Secret(readSecretEnv(ctx.env, credEnv!, '--credential-env'));
        const fetch = await getFetch();
        const targets = await engine.discoverTargets(fetch, endpointHost(endpoint!), { issuer: str(v.issuer), provider: str(v.provider) as ProviderId | undefined });
        const { dialectFor } = await import('../services/registration/dcr.js');
        if (!targets.registrationEndpoint) throw new FailureError(`the identity provider (${targets.issuer}) advertises no registration endpoint.`);
        await confirm(`client ${clientId} at ${new URL(targets.registrationEndpoint).host}`);
        lines = (await engine.deleteRegistered(fetch, { dialect: dialectFor(targets.registrationEndpoint, targets.provider), clientId: clientId!, registrationEndpoint: targets.registrationEndpoint }, credential, dryRun)).request;
        removed = clientId!;
      }
    } catch (err) {
      throw asCliError(err);
    }
    if (ctx.json) ctx.io.stdout.write(`${toJsonText({ ok: true, dryRun, deleted: dryRun ? null : removed, requests: lines })}\n`);
    else if (dryRun) say(`Would send (nothing was sent):\n${lines.map((l) => `    ${stripControl(l)}`).join('\n')}\n`);
    else say(`${ctx.style.green('Deleted')} ${clean300(removed)}.\n`);
    return EXIT.ok;
  } finally {
    if (own) await prompter?.close();
    await http?.close();
  }
}

export const command: CommandModule = {
  usage: USAGE,
  options: OPTIONS,
  async run(args, ctx) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'create' && sub !== 'delete') {
      throw new UsageError(sub === undefined ? 'client needs a subcommand: create or delete.' : `unknown subcommand "client ${clean(sub)}": use create or delete.`, 'Usage: flyte-ci-auth client create|delete [flags]   (flyte-ci-auth client --help)');
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${clean(extra[0]).slice(0, 40)}".`);
    if (args.values.credential !== undefined || args.values.token !== undefined) {
      throw new UsageError('credentials are never taken from a flag value (shell history, process list).', 'Put it in an environment variable and pass --credential-env NAME, or run in a terminal to be asked (masked).');
    }
    return sub === 'create' ? runCreate(args, ctx) : runDelete(args, ctx);
  },
};
