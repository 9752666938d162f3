/**
 * The instructions writer: steps and a pipeline per CI system (from src/core/ci/snippets.ts), written into the
 * repository on request: a new GitHub workflow, a job added to .gitlab-ci.yml (comments and jobs kept), or a new
 * Jenkinsfile. Nothing is replaced without `confirm` (shown the diff); writes are atomic with a .bak backup.
 * Problems come back typed (`status: 'failed'`, `{ problem }`), never as CLI errors.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { addJobToGitlabCi, GitlabCiParseError } from '../core/ci/gitlab-ci-file.js';
import { tryBuildInstructions, type Instructions, type SnippetProblem } from '../core/ci/snippets.js';
import type { CiSystem } from '../core/ci/targets.js';
import { unifiedDiff } from '../core/diff.js';
import { stripControl } from '../core/sanitize.js';
import { createFiles, type Files } from './files.js';

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
  /** The identity provider's CA (PEM) in the repository: the pipeline sets SSL_CERT_FILE to a bundle with it. */
  idpCaFile?: string;
  /** config.yaml's admin.caCertFilePath: a step says it serves the control plane only. */
  controlPlaneCaFile?: string;
}

export interface InstructionsResult extends Instructions {
  /** Values that were not given and were filled with a placeholder the user must replace. */
  placeholders: string[];
}

export const PLACEHOLDER_PROJECT = 'PROJECT';
export const PLACEHOLDER_PATH = 'workflows.py';

/** Steps and snippet for one CI system, or the problem with an input (pure; the wizard and the command call this). */
export function planInstructions(target: CiSystem, opts: InstructionsOptions = {}): InstructionsResult | { problem: SnippetProblem } {
  const placeholders: string[] = [];
  if (!opts.project) placeholders.push('--project');
  if (!opts.path) placeholders.push('--path');
  const r = tryBuildInstructions(target, {
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
    idpCaFile: opts.idpCaFile,
    controlPlaneCaFile: opts.controlPlaneCaFile,
  });
  return r.ok ? { ...r.instructions, placeholders } : { problem: r.problem };
}

/** For inputs the caller has validated already (the wizard validates each answer as it is typed). */
export function instructionsFor(target: CiSystem, opts: InstructionsOptions = {}): InstructionsResult {
  const r = planInstructions(target, opts);
  if ('problem' in r) throw new Error(`instructions: invalid ${r.problem.field}: ${r.problem.message}`);
  return r;
}

export type WriteStatus = 'created' | 'updated' | 'unchanged' | 'exists' | 'declined' | 'failed';

export interface WriteOutcome {
  file: string;
  status: WriteStatus;
  backupPath?: string;
  /** The change that was shown (unified diff), when a file was replaced. */
  diff?: string;
  /** Jenkins: the file existed, so the stage was printed instead of written. */
  note?: string;
  /** status 'failed': why nothing was written. */
  problem?: { code: 'unsupported_system' | 'unparseable_file'; message: string; next: string };
}

/** Compare-and-swap: the write fails (instead of losing a change) when another run changed the file meanwhile. */
const CAS = (existing: string | undefined) => ({ expected: existing, checkExpected: true });

/**
 * Writes the snippet into the repository at `cwd`. `confirm` is asked (with the diff) before an existing file is
 * changed; creating a new file needs no confirmation.
 */
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
    return { file: rel, status: 'failed', problem: { code: 'unsupported_system', message: `Pipelines are written for github, gitlab and jenkins, not ${ins.system}.`, next: `Copy the snippet into ${rel}.` } };
  }
  let next = ins.snippet.text;
  if (existing !== undefined && ins.system === 'gitlab') {
    try {
      next = addJobToGitlabCi(existing, ins.snippet.text).text;
    } catch (err) {
      if (err instanceof GitlabCiParseError) {
        return { file: rel, status: 'failed', problem: { code: 'unparseable_file', message: `Not changing ${rel}: ${err.message}.`, next: 'Fix the file (or add the job below by hand), then run this again.' } };
      }
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

/** Project and domain from the repository's config.yaml (task.project / task.domain), and which file that is. */
export async function configDefaults(cwd: string, files: Files, given?: string): Promise<{ config: string; project?: string; domain?: string; caCertFilePath?: string }> {
  const candidates = given ? [given] : ['config.yaml', '.flyte/config.yaml'];
  for (const rel of candidates) {
    const text = await files.readText(path.join(cwd, rel)).catch(() => undefined);
    if (text === undefined) continue;
    try {
      const doc = parseYaml(text) as { task?: { project?: unknown; domain?: unknown }; admin?: { caCertFilePath?: unknown } } | null;
      const s = (x: unknown) => (typeof x === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(x) ? x : undefined);
      const ca = doc?.admin?.caCertFilePath;
      return {
        config: rel,
        project: s(doc?.task?.project),
        domain: s(doc?.task?.domain),
        ...(typeof ca === 'string' && ca.trim() !== '' ? { caCertFilePath: stripControl(ca, { singleLine: true, maxLength: 200 }) } : {}),
      };
    } catch {
      return { config: rel };
    }
  }
  return { config: given ?? 'config.yaml' };
}
