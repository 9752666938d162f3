/**
 * `flyte-ci-auth rotate`: a new client secret in CI in the safe order (src/flow/rotate.ts does the steps; this
 * module parses flags, wires the real services, renders the result). No Ink at the top level: the interactive
 * path imports the Ink prompter lazily.
 */
import path from 'node:path';
import { EXIT, MissingAnswerError, UsageError } from '../core/errors.js';
import { readSecretEnv } from './secret-env.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import { Secret } from '../core/secret.js';
import type { Style } from '../core/style.js';
import {
  missingRotateAnswers,
  rotate,
  rotateJson,
  type CheckShape,
  type CiKind,
  type CreateSecretInput,
  type PushDestination,
  type RotateInput,
  type RotateResult,
  type RotateStep,
} from '../flow/rotate.js';
import { renderBlock } from '../flow/plain-display.js';
import { credentialJson } from '../flow/rotate/az-made.js';
import { CHECK_SHAPE_OPTIONS, checkShapeFromArgs } from './check-flags.js';
import { secretDaysFlag } from './flags.js';
import { GUID } from '../core/validate.js';
import { readStdinValue, stripOneNewline } from '../services/io.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';

const USAGE = `Usage: flyte-ci-auth rotate [flags]

Rotate the client secret behind FLYTE_API_KEY in the only safe order: create a new secret (keeping the old
one), check it the way flyte will, build the new key from the current key's host, client ID and org, push it
to CI, verify the key as stored, and only then delete the old secret. Any failure before the push leaves the
CI secret as it was. In a terminal it asks for what is missing; otherwise every answer comes from flags.

The current key:   FLYTE_API_KEY in the environment, or --api-key-stdin
The new secret:    --client-secret-stdin (all of stdin, one trailing newline removed)
                   or --client-secret-env NAME (read from that environment variable)
                   or --create-secret az (Microsoft Entra ID: made here through the signed-in Azure CLI)
                   or --registration-file FILE (RFC 7592: the server issues it on an update of the client)
                   (stdin carries one value: with --api-key-stdin, use --client-secret-env)

Entra through az (the key's client ID is the app ID; in a terminal this is offered when az is signed in):
      --create-secret az      Add a new client secret next to the old one (az ad app credential reset
                              --append), check it, push, verify; only then delete the old one by keyId
      --secret-days N         The new secret's lifetime in days (default 180, at most 730)
      --delete-key-id KEYID   The old secret's keyId, when the app holds several and the one this key uses
                              cannot be told apart (without a terminal the deletion needs --yes; otherwise
                              the exact delete command is printed)

RFC 7592 (a client made by \`client create --keep-registration FILE\`):
      --registration-file FILE  Read the client with the kept registration access token and update it
                              without its secret; a server that rotates secrets on update answers with a new
                              one. The old secret dies at once (no overlap), so the push is agreed first. A
                              new registration access token is saved back to FILE (0600, backup FILE.bak).
                              A server that keeps the secret is named; without a terminal that is exit 1

Where to push (same flags as \`push\`):
      --push github|gitlab|jenkins|none   none: print the new key on stdout (report on stderr) and the steps
      --repo OWNER/REPO       GitHub repository / GitLab project (default: the origin remote)
      --env ENV               GitHub environment, or GitLab environment scope
      --name NAME             Secret / variable name (default FLYTE_API_KEY)
      --protected             GitLab: protected variable
      --url URL --user USER   Jenkins (API token in JENKINS_API_TOKEN)
      --credential-id ID      Jenkins credential id (default flyte-api-key)
      --folder PATH           Jenkins folder
      --dry-run               Show what would be pushed; store nothing (the old secret stays in use). With
                              --create-secret az / --registration-file: print the az commands / requests
                              that would make the new secret, and run or send none of them

How the check is made (same flags as \`check\`):
      --endpoint HOST[:PORT]  Control plane to test against, overriding the key's host the way flyte's own
                              --endpoint does (the new key keeps the current key's host)
      --token-url URL | --issuer URL   Aim at a token endpoint / issuer instead of the control plane
      --scope S (repeatable) --audience A --auth-method basic|post|auto
      --provider okta|entra|keycloak|auth0|cognito|adfs|ping|generic   (normally detected from the control plane's metadata)
      --expect-audience A --expect-scope S
      --ca-file PEM           admin.caCertFilePath: the only CA bundle for the control plane (as in flyte)
      --idp-ca-file PEM       The identity provider's CA: the token request trusts the public roots plus this
                              CA, as flyte does when CI sets SSL_CERT_FILE to such a bundle
      --timeout SECONDS       Bounds every request (default 15)

Without a terminal, a real push (not --dry-run, not --push none) replaces the CI secret and needs --yes.
Every missing answer (the current key, the new secret, --push, Jenkins --url/--user/JENKINS_API_TOKEN, --yes)
is named in one message, exit 2, before anything is checked or pushed.

Exit codes: 0 every step passed, 1 a step failed (nothing after it ran), 2 usage, 130 cancelled.

Examples:
  printf %s "$NEW_SECRET" | flyte-ci-auth rotate --client-secret-stdin --push github --repo acme/app --yes
  flyte-ci-auth rotate --create-secret az --secret-days 90 --push github --repo acme/app --yes
  flyte-ci-auth rotate --registration-file ci-registration.json --push gitlab --repo acme/ml --yes
  flyte-ci-auth rotate --client-secret-env NEW_SECRET --push gitlab --repo acme/ml --env production --json --yes
  flyte-ci-auth rotate            (interactive, in a terminal)`;

const OPTIONS = {
  'client-secret-stdin': { type: 'boolean' },
  'client-secret-env': { type: 'string' },
  'api-key-stdin': { type: 'boolean' },
  ...CHECK_SHAPE_OPTIONS,
  push: { type: 'string' },
  repo: { type: 'string' },
  env: { type: 'string' },
  name: { type: 'string' },
  protected: { type: 'boolean' },
  url: { type: 'string' },
  user: { type: 'string' },
  'credential-id': { type: 'string' },
  folder: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'create-secret': { type: 'string' },
  'secret-days': { type: 'string' },
  'delete-key-id': { type: 'string' },
  'registration-file': { type: 'string' },
} as const;

type Values = ParsedArgs['values'];
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

export interface RotateFlags {
  shape: CheckShape;
  /** Only when --push was given (else ask / detect). */
  target?: PushDestination;
  /** The target flags (without --push), for the interactive default. */
  targetFlags: Omit<PushDestination, 'kind'>;
  apiKeyStdin: boolean;
  secretStdin: boolean;
  secretEnv?: string;
  /** --create-secret az (with --secret-days, --delete-key-id). */
  create?: CreateSecretInput;
  /** --secret-days alone: the lifetime of a secret made through the interactive az offer. */
  secretDays?: number;
}

const shown = (s: string) => stripControl(s, { singleLine: true, maxLength: 40 });

/** --create-secret az, --secret-days, --delete-key-id (never combined with a given new secret). */
function parseCreateFlags(v: Values, given: boolean, dryRun: boolean, cwd: string): { create?: CreateSecretInput; secretDays?: number } {
  const route = str(v, 'create-secret');
  const regFile = str(v, 'registration-file');
  if (regFile !== undefined) {
    if (route !== undefined) throw new UsageError('Give one way to make the new secret: --create-secret az or --registration-file FILE.');
    if (given) throw new UsageError('Give the new secret one way: --registration-file makes the server issue it, so drop --client-secret-stdin / --client-secret-env.');
    if (regFile.trim() === '') throw new UsageError('--registration-file needs the file that client create --keep-registration wrote.');
    return { create: { route: 'registration', file: path.resolve(cwd, regFile), dryRun } };
  }
  const days = secretDaysFlag(v['secret-days']);
  const keyId = str(v, 'delete-key-id');
  if (keyId !== undefined && !GUID.test(keyId)) throw new UsageError(`--delete-key-id must be a credential keyId (a GUID; \`az ad app credential list --id APP_ID\` shows them), got "${shown(keyId)}"`);
  if (route === undefined) {
    if (keyId !== undefined) throw new UsageError('--delete-key-id goes with --create-secret az.');
    return { secretDays: days };
  }
  if (route !== 'az') throw new UsageError(`--create-secret takes az (got "${shown(route)}")`);
  if (given) throw new UsageError('Give the new secret one way: --create-secret az makes it, so drop --client-secret-stdin / --client-secret-env.');
  return { create: { route: 'az', secretDays: days ?? 180, ...(keyId ? { deleteKeyId: keyId } : {}), dryRun } };
}

export function parseRotateFlags(v: Values, positionals: string[] = [], cwd = process.cwd()): RotateFlags {
  if (positionals.length) throw new UsageError(`rotate takes no arguments (got "${stripControl(positionals[0]!, { singleLine: true, maxLength: 40 })}")`);
  const shape = checkShapeFromArgs(v, cwd);
  const secretStdin = v['client-secret-stdin'] === true;
  const apiKeyStdin = v['api-key-stdin'] === true;
  const secretEnv = str(v, 'client-secret-env');
  if (secretStdin && secretEnv) throw new UsageError('Give the new secret once: --client-secret-stdin or --client-secret-env, not both.');
  if (secretStdin && apiKeyStdin) {
    throw new UsageError(
      'stdin can carry only one value: --api-key-stdin and --client-secret-stdin cannot be combined.',
      'Put the current key on stdin and the new secret in an environment variable: --api-key-stdin --client-secret-env NEW_SECRET.',
    );
  }
  const pushKind = str(v, 'push');
  if (pushKind !== undefined && !['github', 'gitlab', 'jenkins', 'none'].includes(pushKind)) {
    throw new UsageError('--push must be github, gitlab, jenkins or none');
  }
  const targetFlags: Omit<PushDestination, 'kind'> = {
    repo: str(v, 'repo'),
    env: str(v, 'env'),
    name: str(v, 'name') ?? 'FLYTE_API_KEY',
    protected: v.protected === true,
    url: str(v, 'url'),
    user: str(v, 'user'),
    credentialId: str(v, 'credential-id'),
    folder: str(v, 'folder'),
    dryRun: v['dry-run'] === true,
  };
  return {
    ...parseCreateFlags(v, secretStdin || secretEnv !== undefined, targetFlags.dryRun === true, cwd),
    shape,
    target: pushKind ? { kind: pushKind as CiKind, ...targetFlags } : undefined,
    targetFlags,
    apiKeyStdin,
    secretStdin,
    secretEnv,
  };
}


async function readSecrets(flags: RotateFlags, ctx: CommandContext): Promise<{ currentKey?: Secret; newSecret?: Secret }> {
  let currentKey: Secret | undefined;
  let newSecret: Secret | undefined;
  const readStdin = async (what: string) => {
    if (ctx.io.stdin.isTTY) throw new UsageError(`${what} expects a value piped on stdin, but stdin is a terminal.`);
    return readStdinValue(ctx.io.stdin);
  };
  if (flags.apiKeyStdin) {
    currentKey = new Secret((await readStdin('--api-key-stdin')).trim());
    if (currentKey.isEmpty) throw new UsageError('--api-key-stdin: stdin was empty.');
  } else if (ctx.env.FLYTE_API_KEY && ctx.env.FLYTE_API_KEY.trim() !== '') {
    currentKey = new Secret(ctx.env.FLYTE_API_KEY.trim());
  }
  if (flags.secretStdin) {
    newSecret = new Secret(await readStdin('--client-secret-stdin'));
    if (newSecret.isEmpty) throw new UsageError('--client-secret-stdin: stdin was empty.');
  } else if (flags.secretEnv) {
    // Never echo the flag's value: it may be the secret itself (--client-secret-env "$SECRET").
    newSecret = new Secret(stripOneNewline(readSecretEnv(ctx.env, flags.secretEnv)));
  }
  return { currentKey, newSecret };
}

export { buildServices, findDeployWorkflow, guideFor, runWorkflow, type RotateDeps } from '../services/rotation.js';
import { buildServices, type RotateDeps } from '../services/rotation.js';


function rotateInput(flags: RotateFlags, secrets: { currentKey?: Secret; newSecret?: Secret }, ctx: Pick<CommandContext, 'yes'>): RotateInput {
  return {
    ...secrets,
    target: flags.target,
    shape: flags.shape,
    ...(flags.create ? { create: flags.create.route === 'az' ? { ...flags.create, yes: ctx.yes === true } : flags.create } : {}),
    ...(flags.secretDays !== undefined ? { secretDays: flags.secretDays } : {}),
  };
}

/** rotateJson plus what the rotation made and deleted through az (lengths and keyIds, never a secret). */
function rotateReport(r: RotateResult): Record<string, unknown> {
  return {
    ...rotateJson(r),
    created: r.created ?? null,
    deleted: r.deleted?.map(credentialJson) ?? null,
    ...(r.keptOld ? { keptOld: r.keptOld.map(credentialJson) } : {}),
  };
}

/** The end of a dry run of --create-secret az / --registration-file (no secret existed to check). */
const MADE_DRY_RUN = 'no secret was made, checked or pushed; nothing was changed.';

const MARK: Record<RotateStep['status'], string> = { ok: 'ok  ', warning: 'warn', failed: 'FAIL', skipped: 'skip' };

function paint(style: Style, status: RotateStep['status'], text: string): string {
  return status === 'ok' ? style.green(text) : status === 'failed' ? style.red(text) : status === 'warning' ? style.yellow(text) : style.dim(text);
}

/**
 * Non-interactive: every answer the run would miss, from the flags and the environment alone (nothing read,
 * nothing on the network). `--push jenkins` without --url/--user is named here too.
 */
export function missingRotateFlags(flags: RotateFlags, ctx: Pick<CommandContext, 'env' | 'yes'>): string[] {
  const key = ctx.env.FLYTE_API_KEY;
  const missing = missingRotateAnswers({
    currentKey: flags.apiKeyStdin || (key !== undefined && key.trim() !== ''),
    newSecret: flags.secretStdin || flags.secretEnv !== undefined || flags.create !== undefined,
    target: flags.target,
    yes: ctx.yes,
    jenkinsToken: ctx.env.JENKINS_API_TOKEN !== undefined && ctx.env.JENKINS_API_TOKEN !== '',
  });
  // The RFC 7592 update kills the old secret at once, whatever the push target: it is irreversible too.
  if (flags.create?.route === 'registration' && !flags.create.dryRun && !ctx.yes && !missing.some((m) => m.startsWith('--yes'))) {
    missing.push('--yes (the RFC 7592 update replaces the client secret at once)');
  }
  return missing;
}

export async function runRotate(args: ParsedArgs, ctx: CommandContext, deps: RotateDeps = {}): Promise<number> {
  const flags = parseRotateFlags(args.values, args.positionals, ctx.cwd);
  const interactive = ctx.canPrompt || deps.prompter !== undefined;
  const t = flags.target;
  if (interactive && t?.kind === 'jenkins' && (!t.url || !t.user)) {
    throw new UsageError('--push jenkins needs --url URL and --user USER (API token in JENKINS_API_TOKEN).');
  }
  // Non-interactive: --push names the target explicitly, and replacing a CI secret is irreversible, so nothing
  // is pushed without --yes (as in `push`). Every missing answer is refused here, together, before anything is
  // read, checked or pushed.
  if (!interactive) {
    const missing = missingRotateFlags(flags, ctx);
    if (missing.length > 0) throw new MissingAnswerError(missing, { promptable: true });
  }
  const secrets = await readSecrets(flags, ctx);
  const services = await buildServices(ctx, deps);

  if (interactive) {
    let prompter = deps.prompter;
    if (!prompter) {
      const { createInkPrompter } = await import('../ui/prompter.js');
      prompter = createInkPrompter({ accessible: ctx.accessible, color: ctx.color });
    }
    let result: RotateResult;
    try {
      result = await rotate(rotateInput(flags, secrets, ctx), services, { prompter });
    } finally {
      await prompter.close();
    }
    const s = ctx.style;
    ctx.io.stdout.write(
      result.ok
        ? result.created?.dryRun
          ? `${s.green('Dry run complete:')} ${MADE_DRY_RUN}\n`
          : result.target?.dryRun
            ? `${s.green('Dry run complete:')} the new secret works; nothing was changed in CI.\n`
            : `${s.green('Rotation complete.')}${result.nextRotation ? ` Next rotation: ${result.nextRotation}.` : ''}\n`
        : `${s.red('Rotation stopped:')} ${result.steps.find((x) => x.status === 'failed')?.summary ?? 'a step failed.'}\n`,
    );
    return result.ok ? EXIT.ok : EXIT.failed;
  }

  // Steps stream as they happen. With --push none the new key is the only thing on stdout.
  const keyOnStdout = flags.target?.kind === 'none' && !flags.target.dryRun;
  if (keyOnStdout && ctx.json) {
    throw new UsageError('--json never carries the key, so --push none cannot be combined with --json.', 'Use --push github|gitlab|jenkins, or drop --json to get the key on stdout.');
  }
  const report = keyOnStdout ? ctx.io.stderr : ctx.io.stdout;
  const say = (text: string) => {
    if (!ctx.json) report.write(`${text}\n`);
  };
  const result = await rotate(rotateInput(flags, secrets, ctx), services, {
    output: {
      show: (...blocks) => {
        for (const b of blocks) {
          // success/info/warning texts repeat a step line that is printed anyway.
          if (b.kind === 'text' && (b.tone === 'success' || b.tone === 'info' || b.tone === 'warning')) continue;
          say(renderBlock(b, ctx.style).replace(/\n$/, ''));
        }
      },
    },
    hooks: { onStep: (st) => say(`${paint(ctx.style, st.status, MARK[st.status])}  ${st.summary}`) },
  });
  if (ctx.json) {
    ctx.io.stdout.write(`${toJsonText(rotateReport(result))}\n`);
  } else {
    say('');
    say(
      !result.ok
        ? ctx.style.red('Rotation stopped; the steps above say where and why.')
        : result.created?.dryRun
          ? ctx.style.green(`Dry run complete: ${MADE_DRY_RUN}`)
          : result.target?.dryRun
            ? ctx.style.green('Dry run complete: the new secret works; nothing was changed in CI.')
            : ctx.style.green('Rotation complete.'),
    );
  }
  if (result.unstoredKey) ctx.io.stdout.write(`${result.unstoredKey.reveal()}\n`);
  return result.ok ? EXIT.ok : EXIT.failed;
}

export const command: CommandModule = {
  usage: USAGE,
  options: OPTIONS,
  run: (args, ctx) => runRotate(args, ctx),
};
