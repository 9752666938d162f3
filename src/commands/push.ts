/**
 * `push github|gitlab|jenkins`: flags → PushOptions → the push engine (src/services/push/) → text or JSON.
 * In a terminal it asks for what is missing (the key masked, the confirmation); without one it asks nothing.
 */
import path from 'node:path';
import { EXIT, MissingAnswerError, UsageError } from '../core/errors.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import { Secret } from '../core/secret.js';
import type { Style } from '../core/style.js';
import { isPushTarget, type PushTarget } from '../core/ci/targets.js';
import { askSecret, askText, askYesNo } from './ask.js';
import { createProcessRunner } from '../services/process.js';
import { readStdinValue } from '../services/io.js';
import { didYouMean } from '../core/validate.js';
import { httpSetupUsageError } from './http-problems.js';
import { HTTP_TIMEOUT, isLoopbackUrl, checkKey, createCliLogin, emptyPlan, failed, isInputProblem, loginNeedOf, runPush, type LastUpdated, type PushInputField, type PushOptions, type PushPlan, type PushReport } from '../services/push/index.js';
import { loginArgs, loginCommand } from '../flow/cli-login.js';
import type { CommandContext, CommandModule } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/** The target lines shown before asking and at the top of the report. */
export function renderPushPlan(r: PushPlan, style: Style): string {
  return `${planLines(r, style).join('\n')}\n`;
}

function planLines(r: PushPlan, style: Style): string[] {
  const lines: string[] = [];
  const label = (s: string) => style.dim(s.padEnd(12));
  const what = r.target === 'github' ? 'Repository' : r.target === 'gitlab' ? 'Project' : 'Jenkins';
  lines.push(`${label(what)}${r.destination}${r.repoSource === 'origin' ? style.dim('  (from the origin remote)') : ''}`);
  const kind = r.target === 'github' ? 'Secret' : r.target === 'gitlab' ? 'Variable' : 'Credential';
  lines.push(`${label(kind)}${r.name}${previousText(r.previous)}`);
  if (r.cli) lines.push(`${label('Using')}${r.cli.name}${r.cli.version ? ` ${r.cli.version}` : ''}`);
  for (const w of r.warnings) lines.push(style.yellow(`! ${w}`));
  return lines;
}

export function renderPushReport(r: PushReport, style: Style): string {
  const lines = planLines(r, style);
  switch (r.action) {
    case 'dry-run':
      lines.push(`Dry run — nothing was changed. This would run:`);
      lines.push(`  ${r.command}`);
      break;
    case 'created':
    case 'updated': {
      const verb = r.action === 'updated' ? 'Replaced' : 'Stored';
      const when = r.updatedAt ? ` (the CI system now shows it updated ${r.updatedAt})` : '';
      lines.push(style.green(`✓ ${verb} ${r.name} in ${r.destination}${when}.`));
      lines.push(nextStep(r));
      break;
    }
    case 'cancelled':
      lines.push('Cancelled — nothing was changed.');
      break;
    case 'failed':
      if (r.problem) {
        lines.push(style.red(`✗ ${r.name} was not stored: ${r.problem.message}`));
        lines.push(`  Next: ${r.problem.next}`);
        if (r.problem.detail) lines.push(style.dim(`  ${r.cli?.name ?? r.target} said: ${r.problem.detail}`));
      }
      break;
  }
  return `${lines.join('\n')}\n`;
}

function previousText(p: LastUpdated | undefined): string {
  if (!p) return '';
  if (p.state === 'set') return p.updatedAt ? ` — last updated ${p.updatedAt}` : ' — already set';
  if (p.state === 'not_set') return ' — not set yet';
  return '';
}

function nextStep(r: PushReport): string {
  if (r.target === 'github') return `Next: a workflow reads it as \${{ secrets.${r.name} }} — \`flyte-ci-auth instructions github --write\` adds one.`;
  if (r.target === 'gitlab') return `Next: jobs see it as $${r.name} — \`flyte-ci-auth instructions gitlab --write\` adds a deploy job.`;
  return `Next: use withCredentials([string(credentialsId: '${r.name}', variable: 'FLYTE_API_KEY')]) — see \`flyte-ci-auth instructions jenkins\`.`;
}

const USAGE = `Usage: flyte-ci-auth push github|gitlab|jenkins [flags]

Store FLYTE_API_KEY in the CI system's secret store. The key comes from FLYTE_API_KEY or --api-key-stdin
and is checked with flyte's decoder first; gh and glab receive it on stdin only (never in a command line).
In a terminal, what is missing is asked (the key and the Jenkins API token masked, as gh secret set does);
without a terminal nothing is asked and the missing flags are named.

  push github  [--repo OWNER/REPO] [--env ENVIRONMENT] [--name FLYTE_API_KEY]
               runs: gh secret set NAME --repo OWNER/REPO [--env ENVIRONMENT]
  push gitlab  [--repo GROUP/PROJECT] [--scope ENV] [--protected] [--name FLYTE_API_KEY]
               runs: glab variable set NAME --masked --raw [--protected] --scope ENV -R GROUP/PROJECT
               (update with the same flags when it exists; GITLAB_HOST selects a self-managed GitLab)
  push jenkins --url URL --user USER [--credential-id flyte-api-key] [--folder PATH]
               creates or updates a "Secret text" credential over REST; API token from JENKINS_API_TOKEN

Flags:
      --repo R          Repository (default: from the origin remote; always passed to gh/glab explicitly)
      --env E           GitHub Actions environment (it must exist; gh does not create environments)
      --scope S         GitLab environment scope (default *)
      --protected       GitLab: only protected branches and tags get the variable
      --name N          Secret / variable name (default FLYTE_API_KEY)
      --url U           Jenkins root URL
      --user U          Jenkins user that owns the API token
      --credential-id I Jenkins credential id (default flyte-api-key)
      --folder P        Jenkins folder (folder credentials store) instead of the system store
      --ca-file PEM     Jenkins: trust this CA too (a Jenkins on a private CA); HTTPS_PROXY/NO_PROXY apply
      --allow-http      Jenkins: allow a plain http URL to a host that is not this machine (the API token
                        and the key then cross the network unencrypted)
      --api-key-stdin   Read the key from stdin instead of FLYTE_API_KEY
      --dry-run         Show the exact command, change nothing

Examples:
  flyte-ci-auth push github --repo acme/app
  printf %s "$KEY" | flyte-ci-auth push gitlab --api-key-stdin --repo acme/platform/app --yes
  JENKINS_API_TOKEN=… flyte-ci-auth push jenkins --url https://ci.acme.com --user deploy-bot`;

const FLAGS_BY_TARGET: Record<PushTarget, string[]> = {
  github: ['repo', 'env', 'name'],
  gitlab: ['repo', 'scope', 'protected', 'name'],
  jenkins: ['url', 'user', 'credential-id', 'folder', 'allow-http', 'ca-file'],
};
const ALL_TARGET_FLAGS = ['repo', 'env', 'name', 'scope', 'protected', 'url', 'user', 'credential-id', 'folder', 'allow-http', 'ca-file'];

/** The flag that supplies each engine input (the engine's problems name inputs, never flags). */
const FLAG_OF: Record<PushInputField, string> = {
  key: 'FLYTE_API_KEY (or --api-key-stdin)',
  name: '--name',
  repo: '--repo',
  environment: '--env',
  scope: '--scope',
  url: '--url',
  user: '--user',
  credentialId: '--credential-id',
  folder: '--folder',
  jenkinsToken: 'JENKINS_API_TOKEN',
};

/** Turns an input problem from the engine into the command's usage error (exit 2). */
export function usageErrorOf(report: PushReport): UsageError | undefined {
  const p = report.problem;
  if (!isInputProblem(p)) return undefined;
  const flag = FLAG_OF[p.field];
  if (p.code === 'missing_input' && p.field !== 'jenkinsToken' && p.field !== 'repo') return new MissingAnswerError([flag]);
  if (p.code === 'insecure_url') return new UsageError(p.message, report.target === 'jenkins' ? `Use an https --url, or pass --allow-http if this network is trusted.` : p.next);
  if (p.code === 'missing_input' && p.field === 'repo') {
    const shape = report.target === 'gitlab' ? 'GROUP/PROJECT' : 'OWNER/REPO';
    return new UsageError(p.message, `Pass --repo ${shape}, or run this inside a clone whose origin remote is the repository.`);
  }
  // The hint names the flag once, unless it already does (e.g. "export JENKINS_API_TOKEN=…").
  // The key's problem already names FLYTE_API_KEY in its message: no "(FLYTE_API_KEY (or --api-key-stdin))" tail.
  const named = p.next.includes(flag) || (p.field === 'key' && p.message.includes('FLYTE_API_KEY'));
  return new UsageError(p.message, named ? p.next : `${p.next} (${flag})`);
}

/** Flags → typed options (the key and missing answers are read separately, see `readKey`). */
export function pushOptionsFrom(target: PushTarget, v: Record<string, unknown>): Omit<PushOptions, 'key'> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return {
    target,
    name: str('name'),
    repo: str('repo'),
    environment: str('env'),
    scope: str('scope'),
    protected: v.protected === true,
    url: str('url'),
    user: str('user'),
    credentialId: str('credential-id'),
    folder: str('folder'),
    allowHttp: v['allow-http'] === true,
    dryRun: v['dry-run'] === true,
  };
}

export const command: CommandModule = {
  usage: USAGE,
  options: {
    repo: { type: 'string' },
    env: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string' },
    protected: { type: 'boolean' },
    url: { type: 'string' },
    user: { type: 'string' },
    'credential-id': { type: 'string' },
    folder: { type: 'string' },
    'allow-http': { type: 'boolean' },
    'ca-file': { type: 'string' },
    'api-key-stdin': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(args, ctx) {
    const [target, ...extra] = args.positionals;
    if (target === undefined) throw new UsageError('push needs a target: github, gitlab or jenkins.', 'Usage: flyte-ci-auth push github|gitlab|jenkins [flags]');
    if (!isPushTarget(target)) {
      const guess = didYouMean(target, ['github', 'gitlab', 'jenkins'], { gh: 'github', gl: 'gitlab' });
      throw new UsageError(`unknown push target "${stripControl(target, { singleLine: true, maxLength: 40 })}"`, `${guess ? `Did you mean: push ${guess}? ` : ''}Use github, gitlab or jenkins (other systems: flyte-ci-auth instructions SYSTEM).`);
    }
    if (extra.length) throw new UsageError(`unexpected argument ${stripControl(extra[0]!, { singleLine: true, maxLength: 40 })}`);
    const v = args.values;
    for (const f of ALL_TARGET_FLAGS) {
      if (v[f] !== undefined && !FLAGS_BY_TARGET[target].includes(f)) throw new UsageError(`--${f} does not apply to push ${target}.`, `Flags for push ${target}: ${FLAGS_BY_TARGET[target].map((x) => `--${x}`).join(', ')}`);
    }
    const opts = pushOptionsFrom(target, v);
    if (!ctx.canPrompt) {
      // Nothing will be asked: name everything that is missing at once, not one per run.
      const missing: string[] = [];
      if (v['api-key-stdin'] !== true && !ctx.env.FLYTE_API_KEY?.trim()) missing.push('the key in FLYTE_API_KEY or on stdin with --api-key-stdin');
      if (target === 'jenkins') {
        if (!opts.url) missing.push('--url');
        if (!opts.user) missing.push('--user');
        if (!ctx.env.JENKINS_API_TOKEN && !opts.dryRun) missing.push('JENKINS_API_TOKEN');
      }
      // The token alone is left to the engine, whose message says how to create one.
      if (missing.some((m) => m !== 'JENKINS_API_TOKEN')) throw new MissingAnswerError(opts.dryRun || ctx.yes ? missing : [...missing, '--yes'], { promptable: true });
    }
    const key = await readKey(v['api-key-stdin'] === true, ctx);
    if (!opts.dryRun && !ctx.yes && !ctx.canPrompt) {
      // Bad input is named before the missing --yes: the key, and Jenkins' URL/user/folder (pure checks; a
      // Jenkins dry run runs and sends nothing).
      const keyProblem = checkKey(key);
      const pre = keyProblem ? failed(emptyPlan(opts), keyProblem, [key]) : target === 'jenkins' ? await runPush({ ...opts, key, dryRun: true }, { proc: createProcessRunner(ctx.env), env: ctx.env, cwd: ctx.cwd }) : undefined;
      const bad = pre && usageErrorOf(pre);
      if (bad) throw bad;
      throw new MissingAnswerError(['--yes'], { promptable: true });
    }
    if (target === 'jenkins') Object.assign(opts, await jenkinsAnswers(opts, ctx));

    // Jenkins goes through the shared HTTP client: HTTPS_PROXY/NO_PROXY, --ca-file for a private CA, bounded
    // answers, one deadline. Only an explicitly allowed plain-http URL of another machine (--allow-http) keeps
    // Node's fetch: the shared client refuses credentials over such a URL by design.
    let http: { fetch: typeof fetch; close(): Promise<void> } | undefined;
    const caFile = typeof v['ca-file'] === 'string' ? path.resolve(ctx.cwd, v['ca-file']) : undefined;
    if (target === 'jenkins' && !(opts.allowHttp && opts.url && /^http:/i.test(opts.url) && !isLoopbackUrl(opts.url))) {
      const { openHttpClient } = await import('../services/http.js');
      const r = await openHttpClient({ env: ctx.env, timeoutMs: HTTP_TIMEOUT, ...(caFile ? { caFile } : {}) });
      if (!r.ok) throw httpSetupUsageError(r.problem);
      http = r.client as unknown as { fetch: typeof fetch; close(): Promise<void> };
    }
    try {
      return await runPushCommand();
    } finally {
      await http?.close();
    }

    async function runPushCommand(): Promise<number> {
    const proc = createProcessRunner(ctx.env);
    const push = () =>
      runPush(
        {
          ...opts,
          key,
          confirm: ctx.yes
            ? undefined
            : async (plan) => {
                ctx.io.stderr.write(renderPushPlan(plan, ctx.style));
                return askYesNo(`Set ${plan.name} on ${plan.destination}?`, ctx);
              },
        },
        { proc, env: ctx.env, cwd: ctx.cwd, ...(http ? { fetch: http.fetch } : {}) },
      );
    let report = await push();
    // gh/glab installed but not logged in (or to another host): in a terminal, one key away.
    const need = loginNeedOf(report);
    if (need && ctx.canPrompt && !opts.dryRun && (await askYesNo(`${need.reason}. Run \`${loginCommand(need)}\` now?`, ctx))) {
      const login = await createCliLogin(proc).login(need.tool, loginArgs(need));
      if (login.exitCode === 0) report = await push();
      else ctx.io.stderr.write(`${loginCommand(need)} did not finish (exit ${login.exitCode}).\n`);
    }
    const usage = usageErrorOf(report);
    if (usage) throw usage;
    if (ctx.json) ctx.io.stdout.write(`${toJsonText(report)}\n`);
    else ctx.io.stdout.write(renderPushReport(report, ctx.style));
    if (report.action === 'cancelled') return EXIT.cancelled;
    return report.ok ? EXIT.ok : EXIT.failed;
    }
  },
};

/** Jenkins: in a terminal, ask for the URL, the user and the API token when they are not given. */
async function jenkinsAnswers(o: Omit<PushOptions, 'key'>, ctx: CommandContext): Promise<Partial<PushOptions>> {
  const out: Partial<PushOptions> = {};
  if (!ctx.canPrompt) return out;
  if (!o.url) out.url = await askText('Jenkins URL (https://…): ', ctx, ['--url']);
  if (!o.user) out.user = await askText('Jenkins user: ', ctx, ['--user']);
  if (!ctx.env.JENKINS_API_TOKEN && !o.dryRun) out.jenkinsToken = await askSecret('Paste the Jenkins API token (not shown): ', ctx, ['JENKINS_API_TOKEN']);
  return out;
}

/**
 * The key: from stdin with --api-key-stdin, else FLYTE_API_KEY, else (in a terminal only) pasted at a masked
 * prompt. Without a terminal, nothing is asked and the missing answer is named (exit 2).
 */
export async function readKey(fromStdin: boolean, ctx: Pick<CommandContext, 'io' | 'env' | 'canPrompt'>): Promise<Secret> {
  if (fromStdin) {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError('--api-key-stdin reads the key from a pipe, but stdin is a terminal.', 'Example: printf %s "$FLYTE_API_KEY" | flyte-ci-auth push github --api-key-stdin');
    }
    // The one stdin rule (src/services/io.ts); a key is base64, so surrounding whitespace is not part of it.
    const key = new Secret((await readStdinValue(ctx.io.stdin)).trim());
    if (key.isEmpty) throw new UsageError('Nothing arrived on stdin.', 'Pipe the key: printf %s "$FLYTE_API_KEY" | flyte-ci-auth push … --api-key-stdin');
    return key;
  }
  const env = ctx.env.FLYTE_API_KEY?.trim();
  if (env) return new Secret(env);
  const missing = ['the key in FLYTE_API_KEY or on stdin with --api-key-stdin'];
  if (!ctx.canPrompt) throw new MissingAnswerError(missing);
  return askSecret('Paste FLYTE_API_KEY (not shown): ', ctx, missing);
}
