/**
 * `instructions SYSTEM`: how to store FLYTE_API_KEY by hand in a CI system (menus and field names), and a pipeline
 * snippet that installs flyte and runs `flyte --config config.yaml deploy …`. With --write, the snippet goes into the
 * repository: a new GitHub workflow, a job added to .gitlab-ci.yml (comments and jobs kept), or a new Jenkinsfile.
 * Nothing is replaced without showing a diff and asking (or --yes); writes are atomic with a .bak backup.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  addJobToGitlabCi,
  buildInstructions,
  CI_SYSTEMS,
  GitlabCiParseError,
  isCiSystem,
  unifiedDiff,
  type CiSystem,
  type Instructions,
} from '../core/ci/index.js';
import { EXIT, FailureError, MissingAnswerError, UsageError } from '../core/errors.js';
import { stripControl } from '../core/sanitize.js';
import type { Style } from '../core/style.js';
import { createFiles, type Files } from '../services/files.js';
import { didYouMean } from '../core/validate.js';
import { createProcessRunner } from '../services/process.js';
import { askYesNo, detectCiTarget } from './push.js';
import type { CommandContext, CommandModule } from './types.js';

export interface InstructionsOptions {
  project?: string;
  domain?: string;
  path?: string;
  /** config.yaml path relative to the repository root (default config.yaml). */
  config?: string;
  secretName?: string;
  /** GitHub environment / GitLab environment scope. */
  environment?: string;
  credentialId?: string;
  namespace?: string;
  repo?: string;
  host?: string;
  repoUrl?: string;
}

export interface InstructionsResult extends Instructions {
  /** Values that were not given and were filled with a placeholder the user must replace. */
  placeholders: string[];
}

export const PLACEHOLDER_PROJECT = 'PROJECT';
export const PLACEHOLDER_PATH = 'workflows.py';

/** Steps and snippet for one CI system (pure; the wizard calls this). */
export function instructionsFor(target: CiSystem, opts: InstructionsOptions = {}): InstructionsResult {
  const placeholders: string[] = [];
  if (!opts.project) placeholders.push('--project');
  if (!opts.path) placeholders.push('--path');
  const ins = buildInstructions(target, {
    project: opts.project || PLACEHOLDER_PROJECT,
    domain: opts.domain || 'development',
    path: opts.path || PLACEHOLDER_PATH,
    config: opts.config || 'config.yaml',
    secretName: opts.secretName,
    environment: opts.environment,
    credentialId: opts.credentialId,
    namespace: opts.namespace,
    repo: opts.repo,
    host: opts.host,
    repoUrl: opts.repoUrl,
  });
  return { ...ins, placeholders };
}

export type WriteStatus = 'created' | 'updated' | 'unchanged' | 'exists' | 'declined';

export interface WriteOutcome {
  file: string;
  status: WriteStatus;
  backupPath?: string;
  /** The change that was shown (unified diff), when a file was replaced. */
  diff?: string;
  /** Jenkins: the file existed, so the stage was printed instead of written. */
  note?: string;
}

/**
 * Writes the snippet into the repository at `cwd`. `confirm` is asked (with the diff) before an existing file is
 * changed; creating a new file needs no confirmation.
 */
/** Compare-and-swap: the write fails (instead of losing a change) when another run changed the file meanwhile. */
const CAS = (existing: string | undefined) => ({ expected: existing, checkExpected: true });

export async function writeInstructions(
  ins: Instructions,
  deps: {
    cwd: string;
    files?: Files;
    confirm: (diff: string, file: string) => Promise<boolean>;
    /** Asked before a NEW file is created (the wizard asks; the `--write` command does not). No → 'declined'. */
    confirmCreate?: (file: string, text: string) => Promise<boolean>;
  },
): Promise<WriteOutcome> {
  const files = deps.files ?? createFiles();
  const rel = ins.file;
  const abs = path.join(deps.cwd, rel);
  const existing = await files.readText(abs);
  if (ins.system === 'jenkins') {
    if (existing !== undefined) {
      return { file: rel, status: 'exists', note: 'A Jenkinsfile exists, so it was left alone: add the stage shown below inside its stages { … } block.' };
    }
    if (deps.confirmCreate && !(await deps.confirmCreate(rel, ins.snippet.text))) return { file: rel, status: 'declined' };
    await files.writeAtomic(abs, ins.snippet.text, CAS(existing));
    return { file: rel, status: 'created' };
  }
  if (ins.system !== 'github' && ins.system !== 'gitlab') {
    throw new UsageError(`--write supports github, gitlab and jenkins; for ${ins.system}, copy the snippet into ${rel}.`);
  }
  let next = ins.snippet.text;
  if (existing !== undefined && ins.system === 'gitlab') {
    try {
      next = addJobToGitlabCi(existing, ins.snippet.text).text;
    } catch (err) {
      if (err instanceof GitlabCiParseError) throw new FailureError(`Not changing ${rel}: ${err.message}.`, 'Fix the file (or add the job below by hand), then run this again.');
      throw err;
    }
  }
  if (existing === undefined) {
    if (deps.confirmCreate && !(await deps.confirmCreate(rel, next))) return { file: rel, status: 'declined' };
    await files.writeAtomic(abs, next, CAS(existing));
    return { file: rel, status: 'created' };
  }
  if (existing === next) return { file: rel, status: 'unchanged' };
  const diff = unifiedDiff(existing, next, { from: `a/${rel}`, to: `b/${rel}` });
  if (!(await deps.confirm(diff, rel))) return { file: rel, status: 'declined', diff };
  const w = await files.writeAtomic(abs, next, CAS(existing));
  return { file: rel, status: 'updated', diff, ...(w.backupPath ? { backupPath: path.relative(deps.cwd, w.backupPath) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

export function renderInstructions(ins: InstructionsResult, style: Style): string {
  const out: string[] = [];
  out.push(style.bold(`${ins.title}: store FLYTE_API_KEY and deploy with flyte`));
  out.push('');
  ins.steps.forEach((s, i) => {
    const [first, ...rest] = s.split('\n');
    out.push(`${String(i + 1).padStart(2)}. ${first}`);
    for (const r of rest) out.push(`    ${r}`);
  });
  out.push('');
  out.push(style.bold(`${ins.kind === 'job' ? `Job for ${ins.file}` : ins.file}:`));
  out.push('');
  out.push(ins.snippet.text.trimEnd());
  if (ins.extra) {
    out.push('');
    out.push(style.bold(`${ins.extra.title}:`));
    out.push('');
    out.push(ins.extra.text.trimEnd());
  }
  if (ins.placeholders.length) {
    out.push('');
    out.push(
      style.yellow(
        `! Replace ${[ins.placeholders.includes('--project') ? PLACEHOLDER_PROJECT : '', ins.placeholders.includes('--path') ? PLACEHOLDER_PATH : ''].filter(Boolean).join(' and ')} in the snippet, or run again with ${ins.placeholders.join(' and ')}.`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function renderWrite(w: WriteOutcome, style: Style): string {
  switch (w.status) {
    case 'created':
      return style.green(`✓ Created ${w.file}`);
    case 'updated':
      return style.green(`✓ Updated ${w.file}${w.backupPath ? ` (previous version saved as ${w.backupPath})` : ''}`);
    case 'unchanged':
      return `${w.file} already contains this snippet; nothing to do.`;
    case 'exists':
      return style.yellow(`! ${w.note ?? `${w.file} exists; not changed.`}`);
    case 'declined':
      return `${w.file} was not changed.`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command

const USAGE = `flyte-ci-auth instructions ${CI_SYSTEMS.join('|')} [flags]

Print how to store FLYTE_API_KEY in that CI system by hand, and a pipeline snippet that installs flyte and runs
  flyte --config config.yaml deploy --copy-style none --version "$VERSION" --project P --domain D PATH

Flags:
      --project P        Flyte project (default: task.project from config.yaml)
      --domain D         Flyte domain (default: task.domain from config.yaml, else development)
      --path PATH        File or folder to deploy, relative to the repository root
      --config FILE      config.yaml path in the repository (default: config.yaml, or .flyte/config.yaml when only that exists)
      --name N           Name of the CI secret (default FLYTE_API_KEY; the pipeline still exposes FLYTE_API_KEY)
      --env E            GitHub environment / GitLab environment scope
      --credential-id I  Jenkins credential id (default flyte-api-key)
      --namespace NS     Kubernetes namespace (default default)
      --write            github: create .github/workflows/flyte-deploy.yml; gitlab: add the job to .gitlab-ci.yml
                         (comments and jobs kept); jenkins: create a Jenkinsfile only when none exists.
                         An existing file is changed only after showing the diff and asking (or --yes).

Examples:
  flyte-ci-auth instructions github --project ml --domain development --path workflows/train.py --write
  flyte-ci-auth instructions kubernetes --namespace ci --json`;

export const command: CommandModule = {
  usage: USAGE,
  options: {
    project: { type: 'string' },
    domain: { type: 'string' },
    path: { type: 'string' },
    config: { type: 'string' },
    name: { type: 'string' },
    env: { type: 'string' },
    'credential-id': { type: 'string' },
    namespace: { type: 'string' },
    write: { type: 'boolean' },
  },
  async run(args, ctx) {
    const [system, ...extra] = args.positionals;
    if (system === undefined) throw new UsageError(`instructions needs a CI system: ${CI_SYSTEMS.join(', ')}.`);
    if (!isCiSystem(system)) {
      const guess = didYouMean(system, CI_SYSTEMS, { gh: 'github', gl: 'gitlab', k8s: 'kubernetes', azure: 'azure-devops', ado: 'azure-devops' });
      throw new UsageError(`unknown CI system "${stripControl(system, { singleLine: true, maxLength: 40 })}"`, `${guess ? `Did you mean: instructions ${guess}? ` : ''}Use one of: ${CI_SYSTEMS.join(', ')}.`);
    }
    if (extra.length) throw new UsageError(`unexpected argument ${stripControl(extra[0]!, { singleLine: true, maxLength: 40 })}`);
    const v = args.values;
    const str = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
    const write = v.write === true;
    if (write && !['github', 'gitlab', 'jenkins'].includes(system)) {
      throw new UsageError(`--write supports github, gitlab and jenkins; for ${system}, copy the printed snippet.`);
    }

    const files = createFiles();
    const defaults = await configDefaults(ctx.cwd, files, str('config'));
    const guess = await detectCiTarget(ctx.cwd, createProcessRunner()).catch(() => ({ target: 'other' as const }));
    const forgeMatches = (system === 'github' || system === 'gitlab') && guess.target === system;
    const ins = instructionsFor(system, {
      project: str('project') ?? defaults.project,
      domain: str('domain') ?? defaults.domain,
      path: str('path'),
      config: defaults.config,
      secretName: str('name'),
      environment: str('env'),
      credentialId: str('credential-id'),
      namespace: str('namespace'),
      ...(forgeMatches && 'repo' in guess ? { repo: guess.repo, host: guess.host } : {}),
      ...(system === 'kubernetes' && 'httpsUrl' in guess && guess.httpsUrl ? { repoUrl: guess.httpsUrl } : {}),
    });

    let outcome: WriteOutcome | undefined;
    if (write) {
      if (ins.placeholders.length) throw new MissingAnswerError(ins.placeholders);
      outcome = await writeInstructions(ins, {
        cwd: ctx.cwd,
        files,
        confirm: async (diff, file) => {
          if (!ctx.json) ctx.io.stdout.write(`Change to ${file}:\n${colorDiff(diff, ctx)}\n`);
          if (ctx.yes) return true;
          if (!ctx.canPrompt) {
            if (ctx.json) ctx.io.stderr.write(`Change to ${file}:\n${diff}\n`);
            throw new MissingAnswerError(['--yes'], { promptable: true });
          }
          return askYesNo(`Write these changes to ${file}?`, ctx);
        },
      });
    }

    if (ctx.json) {
      ctx.io.stdout.write(`${JSON.stringify({ ...ins, ...(outcome ? { write: outcome } : {}) }, null, 2)}\n`);
    } else {
      ctx.io.stdout.write(renderInstructions(ins, ctx.style));
      if (outcome) ctx.io.stdout.write(`\n${renderWrite(outcome, ctx.style)}\n`);
    }
    return outcome?.status === 'declined' ? EXIT.cancelled : EXIT.ok;
  },
};

function colorDiff(diff: string, ctx: CommandContext): string {
  if (!ctx.color) return diff.trimEnd();
  return diff
    .trimEnd()
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? ctx.style.green(l) : l.startsWith('-') && !l.startsWith('---') ? ctx.style.red(l) : l))
    .join('\n');
}

/** Project and domain from the repository's config.yaml (task.project / task.domain), and which file that is. */
async function configDefaults(cwd: string, files: Files, given?: string): Promise<{ config: string; project?: string; domain?: string }> {
  const candidates = given ? [given] : ['config.yaml', '.flyte/config.yaml'];
  for (const rel of candidates) {
    const text = await files.readText(path.join(cwd, rel)).catch(() => undefined);
    if (text === undefined) continue;
    try {
      const doc = parseYaml(text) as { task?: { project?: unknown; domain?: unknown } } | null;
      const s = (x: unknown) => (typeof x === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(x) ? x : undefined);
      return { config: rel, project: s(doc?.task?.project), domain: s(doc?.task?.domain) };
    } catch {
      return { config: rel };
    }
  }
  return { config: given ?? 'config.yaml' };
}
