/**
 * The setup wizard's CI services over src/services/instructions.ts: the manual steps and snippet as blocks, and
 * the pipeline file written with the same logic as `instructions --write`. Loaded lazily by commands/setup.ts.
 */
import path from 'node:path';
import type { Block } from '../core/prompter.js';
import type { WizardServices } from '../flow/setup.js';

type InstructionsOpts = Parameters<WizardServices['instructions']>[1];

function instructionBlocks(ins: { title: string; steps: string[]; snippet: { title: string; text: string }; extra?: { title: string; text: string } }): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: ins.title },
    { kind: 'list', ordered: true, items: ins.steps },
    { kind: 'code', title: ins.snippet.title, text: ins.snippet.text.trimEnd() },
  ];
  if (ins.extra) blocks.push({ kind: 'code', title: ins.extra.title, text: ins.extra.text.trimEnd() });
  return blocks;
}

export async function setupInstructions(target: Parameters<WizardServices['instructions']>[0], o: InstructionsOpts): Promise<Block[]> {
  const { instructionsFor } = await import('../services/instructions.js');
  const system = target === 'other' ? 'github' : target;
  const ins = instructionsFor(system, {
    project: o.project,
    domain: o.domain,
    // The snippet runs in the repository: an absolute path outside it becomes the default name.
    config: path.isAbsolute(o.configPath) ? 'config.yaml' : o.configPath,
    environment: o.env,
    ...(o.repo ? { repo: o.repo } : {}),
    ...(o.idpCaFile ? { idpCaFile: o.idpCaFile } : {}),
  });
  if (target !== 'other') return instructionBlocks(ins);
  return [
    { kind: 'heading', text: 'Other CI systems' },
    {
      kind: 'list',
      ordered: true,
      items: [
        'Store FLYTE_API_KEY as a masked/secret variable in the CI system (never in the repository).',
        'Expose it to the deploy job as the environment variable FLYTE_API_KEY.',
        ...(o.idpCaFile ? [`Trust the identity provider's CA in the deploy job: SSL_CERT_FILE = a bundle of the public roots (certifi) and ${o.idpCaFile}`] : []),
        `Install flyte: ${ins.installCommand}`,
        `Deploy: ${ins.deployCommand}`,
        'Ready-made snippets: flyte-ci-auth instructions circleci | azure-devops | bitbucket | kubernetes',
      ],
    },
  ];
}

export async function setupWritePipeline(
  target: Parameters<WizardServices['writePipeline']>[0],
  o: Parameters<WizardServices['writePipeline']>[1],
): ReturnType<WizardServices['writePipeline']> {
  // The same logic as `instructions --write` (no second copy): GitHub workflow, GitLab job, new Jenkinsfile.
  const [{ instructionsFor, writeInstructions, PLACEHOLDER_PATH }, { createFiles }] = await Promise.all([
    import('../services/instructions.js'),
    import('../services/files.js'),
  ]);
  const ins = instructionsFor(target, {
    project: o.project,
    domain: o.domain,
    config: o.configPath,
    environment: o.env,
    ...(o.repo ? { repo: o.repo } : {}),
    ...(o.idpCaFile ? { idpCaFile: o.idpCaFile } : {}),
  });
  const w = await writeInstructions(ins, {
    cwd: o.dir,
    files: createFiles(),
    confirm: (diff, file) => o.confirm({ file, existing: true, diff }),
    confirmCreate: (file, text) => o.confirm({ file, existing: false, text }),
  });
  const placeholderPath = ins.placeholders.includes('--path') && ins.snippet.text.includes(PLACEHOLDER_PATH);
  switch (w.status) {
    case 'created':
    case 'updated':
      return { file: w.file, status: w.status, placeholderPath, ...(w.diff ? { diff: w.diff } : {}), ...(w.backupPath ? { backupPath: w.backupPath } : {}) };
    case 'unchanged':
      return { file: w.file, status: 'unchanged' };
    case 'exists':
      return { file: w.file, status: 'skipped', reason: 'a Jenkinsfile exists; add the stage from `flyte-ci-auth instructions jenkins` to it' };
    case 'declined':
      return { file: w.file, status: 'skipped', reason: 'you declined', ...(w.diff ? { diff: w.diff } : {}) };
    case 'failed':
      return { file: w.file, status: 'skipped', reason: (w.problem?.message ?? 'it could not be changed').replace(/\.$/, '') };
  }
}
