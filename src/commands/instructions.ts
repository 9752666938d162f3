/**
 * `instructions SYSTEM`: flags → InstructionsOptions → the instructions writer (src/services/instructions.ts) →
 * text or JSON. With --write, the pipeline goes into the repository (diff shown and asked before a change).
 */
import { realpath } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { CI_SYSTEMS, isCiSystem } from '../core/ci/targets.js';
import type { SnippetField } from '../core/ci/snippets.js';
import { EXIT, FailureError, MissingAnswerError, UsageError } from '../core/errors.js';
import { stripControl, toJsonText } from '../core/sanitize.js';
import type { Style } from '../core/style.js';
import { askYesNo } from './ask.js';
import { createFiles, type Files } from '../services/files.js';
import { didYouMean } from '../core/validate.js';
import {
  configDefaults,
  planInstructions,
  PLACEHOLDER_PATH,
  PLACEHOLDER_PROJECT,
  writeInstructions,
  type InstructionsResult,
  type WriteOutcome,
} from '../services/instructions.js';
import { createProcessRunner } from '../services/process.js';
import { detectCiTarget } from '../services/push/index.js';
import type { CommandContext, CommandModule } from './types.js';

const FLAG_OF: Record<SnippetField, string> = {
  project: '--project',
  domain: '--domain',
  path: '--path',
  config: '--config',
  secretName: '--name',
  credentialId: '--credential-id',
  environment: '--env',
  namespace: '--namespace',
  repoUrl: 'the origin remote',
  idpCaFile: '--idp-ca-file',
};

/**
 * --idp-ca-file: a PEM certificate inside the repository (the pipeline reads it from the checkout), returned
 * relative to the repository root.
 */
async function idpCaFile(value: string, cwd: string, files: Files): Promise<string> {
  const abs = path.resolve(cwd, value);
  const rel = path.relative(cwd, abs).split(path.sep).join('/');
  const shown = stripControl(value, { singleLine: true, maxLength: 120 });
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UsageError(`The CA file ${shown} is outside this repository; the pipeline can only read files in the checkout.`, 'Copy the CA certificate into the repository (it is not secret) and pass its path with --idp-ca-file.');
  }
  // A link to a file outside the checkout is committed as a link: in CI it points at nothing.
  const [realFile, realRoot] = await Promise.all([realpath(abs).catch(() => abs), realpath(cwd).catch(() => cwd)]);
  const realRel = path.relative(realRoot, realFile);
  if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
    throw new UsageError(`The CA file ${shown} is a link to a file outside this repository; in the CI checkout it would point at nothing.`, 'Copy the CA certificate itself into the repository (it is not secret) and pass its path with --idp-ca-file.');
  }
  const text = await files.readText(abs).catch(() => undefined);
  if (text === undefined) throw new UsageError(`The CA file ${shown} does not exist.`, 'Pass the PEM file of the identity provider\'s CA with --idp-ca-file.');
  // The file gets committed: a PEM that also holds a private key (a combined cert+key file) must never be.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new UsageError(`The CA file ${shown} also holds a PRIVATE KEY; the pipeline would commit it.`, 'Pass a file with the CA certificate only (-----BEGIN CERTIFICATE----- blocks).');
  }
  try {
    new X509Certificate(text);
  } catch {
    throw new UsageError(`The CA file ${shown} is not a PEM certificate.`, 'It should start with -----BEGIN CERTIFICATE-----.');
  }
  return rel;
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
    // A command that belongs to the step: on its own lines, unindented, so it copies and stays unbroken.
    if (rest.length) out.push('', ...rest, '');
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
    case 'failed':
      return style.red(`✗ ${w.problem?.message ?? `${w.file} was not changed.`}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command

const USAGE = `Usage: flyte-ci-auth instructions ${CI_SYSTEMS.join('|')} [flags]

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
      --idp-ca-file PEM  The identity provider's CA certificate, as a path in the repository: the pipeline
                         builds a bundle of the public roots and this CA and sets SSL_CERT_FILE to it
                         (flyte's token request never uses admin.caCertFilePath)
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
    'idp-ca-file': { type: 'string' },
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
    const guess = await detectCiTarget(ctx.cwd, createProcessRunner(ctx.env)).catch(() => ({ target: 'other' as const }));
    const forgeMatches = (system === 'github' || system === 'gitlab') && guess.target === system;
    const idpCa = str('idp-ca-file');
    const planned = planInstructions(system, {
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
      ...(idpCa !== undefined ? { idpCaFile: await idpCaFile(idpCa, ctx.cwd, files) } : {}),
      ...(defaults.caCertFilePath ? { controlPlaneCaFile: defaults.caCertFilePath } : {}),
    });
    if ('problem' in planned) throw new UsageError(planned.problem.message, `Check ${FLAG_OF[planned.problem.field]}.`);
    const ins = planned;

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
      if (outcome.status === 'failed' && outcome.problem) {
        if (outcome.problem.code === 'unsupported_system') throw new UsageError(outcome.problem.message, outcome.problem.next);
        throw new FailureError(outcome.problem.message, outcome.problem.next);
      }
    }

    if (ctx.json) {
      ctx.io.stdout.write(`${toJsonText({ ...ins, ...(outcome ? { write: outcome } : {}) })}\n`);
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
