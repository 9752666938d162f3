/**
 * Step: write the pipeline file into the repository (new file: shown, asked with default yes; an existing one:
 * diff shown, asked with default no, changed without asking only with --yes and --write-pipeline). In --demo only
 * on request, into the folder of config.yaml. A file that cannot be written is reported; the setup stands.
 */
import path from 'node:path';
import { CancelledError } from '../../../core/errors.js';
import { BackSignal } from '../../../core/prompter.js';
import { stripControl } from '../../../core/sanitize.js';
import { PLACEHOLDER_DEPLOY_PATH } from '../ci-blocks.js';
import { configFile, displayPath, type SetupContext, type SetupState, type SetupStep } from '../state.js';
import type { PipelineTarget, PipelineWrite, PipelineWriteOptions } from '../types.js';

/** A unified diff as the wizard's diff block (headers dropped, a hunk header becomes a gap line). */
export function diffLinesOf(diff: string): Array<{ op: '+' | '-' | ' '; text: string }> {
  const out: Array<{ op: '+' | '-' | ' '; text: string }> = [];
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('\\')) continue;
    if (line.startsWith('@@')) {
      if (out.length > 0) out.push({ op: ' ', text: '…' });
      continue;
    }
    const op = line[0] === '+' || line[0] === '-' ? line[0] : ' ';
    out.push({ op, text: line.slice(1) });
  }
  return out;
}

/** The repository the file goes into: the working directory; in --demo the folder of config.yaml. */
function repoRoot(s: SetupState, x: SetupContext): string {
  return x.demo ? path.dirname(configFile(s, x)) : x.cwd;
}

function confirmer(s: SetupState, x: SetupContext, root: string, wanted: { value: boolean }): PipelineWriteOptions['confirm'] {
  const { a } = s;
  return async ({ file, existing, text, diff }) => {
    const shown = displayPath(x.cwd, path.resolve(root, file));
    if (existing) {
      if (diff) x.ui.show({ kind: 'diff', title: `Changes to ${shown}`, lines: diffLinesOf(diff) });
      if (x.yes && a.writePipeline === true) return (wanted.value = true);
      if (!x.p) return false;
      return (wanted.value = await x.p.confirm({ id: 'write-pipeline', message: `Change ${shown}?`, initial: false }));
    }
    if (a.writePipeline === true) return (wanted.value = true);
    if (!x.p) return false;
    if (text) x.ui.show({ kind: 'code', title: `New file ${shown}`, text: text.trimEnd() });
    return (wanted.value = await x.p.confirm({ id: 'write-pipeline', message: `Write the pipeline to ${shown}?`, initial: true }));
  };
}

function report(s: SetupState, x: SetupContext, w: PipelineWrite, root: string): void {
  const shown = displayPath(x.cwd, path.resolve(root, w.file));
  const backup = w.backupPath ? displayPath(x.cwd, path.resolve(root, w.backupPath)) : undefined;
  s.pipeline = { file: shown, status: w.status, ...(w.reason ? { reason: w.reason } : {}), ...(backup ? { backupPath: backup } : {}) };
  if (w.status === 'created' || w.status === 'updated') {
    x.ui.show({
      kind: 'text',
      tone: 'success',
      text: `${w.status === 'created' ? 'Created' : 'Updated'} ${shown}${backup ? ` (previous version kept in ${backup})` : ''}.`,
    });
    if (w.placeholderPath) {
      x.ui.show({ kind: 'text', tone: 'warning', text: `Replace ${PLACEHOLDER_DEPLOY_PATH} in ${shown} with the file or folder to deploy.` });
    }
  } else if (w.status === 'unchanged') {
    x.ui.show({ kind: 'text', tone: 'success', text: `${shown} already has this job: nothing to change.` });
  } else {
    const tone = w.reason && !w.reason.startsWith('you declined') ? 'warning' : 'dim';
    x.ui.show({ kind: 'text', tone, text: `${shown} was not written${w.reason ? `: ${w.reason}` : ''}.` });
  }
}

export const pipelineStep: SetupStep = {
  id: 'pipeline',
  skip(s, x) {
    const { a } = s;
    if (s.stopped || (a.ci !== 'github' && a.ci !== 'gitlab' && a.ci !== 'jenkins')) return true;
    if (a.writePipeline === false || (!x.p && a.writePipeline !== true)) return true;
    // --demo: only on request (--write-pipeline), so the demo's walkthrough stays the same.
    return x.demo && a.writePipeline !== true;
  },
  async run(s, x) {
    s.pipeline = undefined;
    const { a } = s;
    const target = a.ci as PipelineTarget;
    const root = repoRoot(s, x);
    const cfgRel = path.relative(root, configFile(s, x));
    const configPath = cfgRel && !cfgRel.startsWith('..') && !path.isAbsolute(cfgRel) ? cfgRel.split(path.sep).join('/') : 'config.yaml';
    const wanted = { value: false };
    let w: PipelineWrite;
    try {
      w = await x.services.writePipeline(target, {
        project: a.project!,
        domain: a.domain!,
        repo: a.repo,
        env: a.env,
        dir: root,
        configPath,
        ...(a.idpCaFile ? { idpCaFile: a.idpCaFile } : {}),
        confirm: confirmer(s, x, root, wanted),
      });
    } catch (err) {
      if (err instanceof BackSignal || err instanceof CancelledError) throw err;
      // A .gitlab-ci.yml that does not parse, a folder that cannot be written: the rest of the setup stands.
      const message = stripControl(err instanceof Error ? err.message : String(err), { singleLine: true, maxLength: 300 });
      const file = target === 'github' ? '.github/workflows/flyte-deploy.yml' : target === 'gitlab' ? '.gitlab-ci.yml' : 'Jenkinsfile';
      w = { file, status: 'skipped', reason: message.replace(/\.$/, '') };
    }
    if (wanted.value) a.writePipeline = true;
    report(s, x, w, root);
  },
};
