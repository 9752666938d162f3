/**
 * The setup flow with the real pipeline-file writer of `instructions` (the repository file offered at the CI step),
 * over in-memory files.
 */
import { describe, expect, it } from 'vitest';
import { runSetup, type SetupAnswers, type PipelineTarget, type PipelineWrite, type PipelineWriteOptions } from '../../src/flow/setup.js';
import { instructionsFor, writeInstructions, PLACEHOLDER_PATH } from '../../src/services/instructions.js';
import type { Files } from '../../src/services/files.js';
import { assertNoCanary, CANARY_SECRET } from '../helpers/cli.js';
import { Secret } from '../../src/core/secret.js';
import { plainDisplay } from '../../src/flow/plain-display.js';
import { createStyle } from '../../src/core/style.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { CWD, fakes, fullScript, noSecretShown } from '../helpers/setup-fakes.js';

/** The `instructions` write logic as the setup command wires it. */
async function realWriter(target: PipelineTarget, o: PipelineWriteOptions, files: Files): Promise<PipelineWrite> {
  const ins = instructionsFor(target, { project: o.project, domain: o.domain, config: o.configPath, environment: o.env, ...(o.repo ? { repo: o.repo } : {}) });
  const w = await writeInstructions(ins, {
    cwd: o.dir,
    files,
    confirm: (diff, file) => o.confirm({ file, existing: true, diff }),
    confirmCreate: (file, text) => o.confirm({ file, existing: false, text }),
  });
  if (w.status === 'exists') return { file: w.file, status: 'skipped', reason: 'a Jenkinsfile exists' };
  if (w.status === 'declined') return { file: w.file, status: 'skipped', reason: 'you declined', ...(w.diff ? { diff: w.diff } : {}) };
  if (w.status === 'failed') return { file: w.file, status: 'skipped', reason: w.problem?.message ?? 'not written' };
  return { file: w.file, status: w.status, placeholderPath: ins.placeholders.includes('--path'), ...(w.backupPath ? { backupPath: w.backupPath } : {}) };
}

describe('setup flow: the pipeline file (task: write it into the repository)', () => {
  const WORKFLOW = `${CWD}/.github/workflows/flyte-deploy.yml`;

  it('a new GitHub workflow: the file is shown, asked with default yes, written; summary and the git command name it', async () => {
    const f = fakes({ pipeline: realWriter });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', true]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    const q = p.asked.find((x) => x.id === 'write-pipeline')!;
    expect(q.kind).toBe('confirm');
    expect(q.question.initial).toBe(true);
    expect(q.question.message).toBe('Write the pipeline to .github/workflows/flyte-deploy.yml?');
    const text = f.files.get(WORKFLOW)!;
    expect(text).toMatch(/flyte --config config\.yaml deploy/);
    expect(text).toContain('--project ml --domain development');
    expect(text).not.toContain(CANARY_SECRET);
    expect(result.pipeline).toEqual({ file: '.github/workflows/flyte-deploy.yml', status: 'created' });
    const shown = p.text_();
    expect(shown).toContain('New file .github/workflows/flyte-deploy.yml');
    expect(shown).toContain('.github/workflows/flyte-deploy.yml (created)');
    expect(shown).toContain(`Replace ${PLACEHOLDER_PATH} in .github/workflows/flyte-deploy.yml`);
    expect(result.next[0]).toBe('git add config.yaml .github/workflows/flyte-deploy.yml && git commit -m "flyte config and deploy pipeline for CI"');
    expect(result.command).toContain('--write-pipeline --yes');
    noSecretShown(p, JSON.stringify(result));
  });

  it('declining a new file writes nothing; the summary says NOT written', async () => {
    const f = fakes({ pipeline: realWriter });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', false]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toMatchObject({ status: 'skipped', reason: 'you declined' });
    expect(p.text_()).toContain('.github/workflows/flyte-deploy.yml NOT written (you declined)');
    expect(result.next[0]).toBe('git add config.yaml && git commit -m "flyte config for CI"');
    expect(result.command).not.toContain('--write-pipeline');
  });

  it('an existing .gitlab-ci.yml: the diff is shown first, asked with default no; declined → unchanged', async () => {
    const before = '# our pipeline\nstages: [test]\n\ntest:\n  stage: test\n  script: [make test]\n';
    const f = fakes({ pipeline: realWriter, files: { [`${CWD}/.gitlab-ci.yml`]: before } });
    const p = new ScriptedPrompter([...fullScript({ ci: 'gitlab', repo: 'acme/app' }), ['write-pipeline', false]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const q = p.asked.find((x) => x.id === 'write-pipeline')!;
    expect(q.question.initial).toBe(false);
    expect(q.question.message).toBe('Change .gitlab-ci.yml?');
    const diff = p.shown.find((b) => b.kind === 'diff' && b.title === 'Changes to .gitlab-ci.yml');
    expect(diff && diff.kind === 'diff' && diff.lines.some((l) => l.op === '+' && /flyte --config/.test(l.text))).toBe(true);
    expect(f.files.get(`${CWD}/.gitlab-ci.yml`)).toBe(before);
    expect(f.files.has(`${CWD}/.gitlab-ci.yml.bak`)).toBe(false);
    expect(result.pipeline).toMatchObject({ file: '.gitlab-ci.yml', status: 'skipped' });
  });

  it('an existing .gitlab-ci.yml accepted: the job is added, comments kept, backup made', async () => {
    const before = '# our pipeline\nstages: [test]\n\ntest:\n  stage: test\n  script: [make test]\n';
    const f = fakes({ pipeline: realWriter, files: { [`${CWD}/.gitlab-ci.yml`]: before } });
    const p = new ScriptedPrompter([...fullScript({ ci: 'gitlab', repo: 'acme/app' }), ['write-pipeline', true]]);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const after = f.files.get(`${CWD}/.gitlab-ci.yml`)!;
    expect(after).toContain('# our pipeline');
    expect(after).toMatch(/flyte --config config\.yaml deploy/);
    expect(f.files.get(`${CWD}/.gitlab-ci.yml.bak`)).toBe(before);
    expect(result.pipeline).toEqual({ file: '.gitlab-ci.yml', status: 'updated', backupPath: '.gitlab-ci.yml.bak' });
  });

  it('a .gitlab-ci.yml that does not parse is left alone; the setup still finishes (config written, key pushed)', async () => {
    const broken = 'stages: [test\n';
    const f = fakes({ pipeline: realWriter, files: { [`${CWD}/.gitlab-ci.yml`]: broken } });
    const p = new ScriptedPrompter(fullScript({ ci: 'gitlab', repo: 'acme/app' }));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    expect(result.status).toBe('ok');
    expect(f.files.get(`${CWD}/.gitlab-ci.yml`)).toBe(broken);
    expect(result.pipeline).toMatchObject({ file: '.gitlab-ci.yml', status: 'skipped' });
    expect(result.pipeline!.reason).toMatch(/^Not changing \.gitlab-ci\.yml/);
    expect(p.text_()).toContain('.gitlab-ci.yml NOT written (Not changing .gitlab-ci.yml');
    expect(f.pushes).toHaveLength(1);
  });

  it('Jenkins: an existing Jenkinsfile is left alone without asking', async () => {
    const f = fakes({ pipeline: realWriter, files: { [`${CWD}/Jenkinsfile`]: 'pipeline { }\n' } });
    const p = new ScriptedPrompter(fullScript({ ci: 'jenkins', repo: undefined, push: undefined }).filter(([id]) => id !== 'repo' && id !== 'push'));
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(p.ids()).not.toContain('write-pipeline');
    expect(f.files.get(`${CWD}/Jenkinsfile`)).toBe('pipeline { }\n');
    expect(result.pipeline).toMatchObject({ file: 'Jenkinsfile', status: 'skipped', reason: 'a Jenkinsfile exists' });
  });

  it('--no-write-pipeline: not offered; other CI systems: not offered', async () => {
    const f = fakes({ pipeline: realWriter });
    const p = new ScriptedPrompter(fullScript());
    const result = await runSetup({ answers: { writePipeline: false }, prompter: p, services: f.services, cwd: CWD });
    expect(p.remaining()).toEqual([]);
    expect(f.pipelineCalls).toBe(0);
    expect(result.pipeline).toBeUndefined();
    const g = fakes({ pipeline: realWriter });
    const q = new ScriptedPrompter([...fullScript().slice(0, 12), ['ci', 'other']]);
    await runSetup({ answers: {}, prompter: q, services: g.services, cwd: CWD });
    expect(g.pipelineCalls).toBe(0);
  });

  const flags = (extra: SetupAnswers = {}): SetupAnswers => ({
    provider: 'okta',
    endpoint: 'union.acme.com',
    clientId: 'ci-app',
    clientSecret: new Secret(CANARY_SECRET),
    org: 'acme',
    project: 'ml',
    domain: 'development',
    ci: 'github',
    repo: 'acme/app',
    yes: true,
    ...extra,
  });

  it('non-interactive: nothing is written without --write-pipeline', async () => {
    const f = fakes({ pipeline: realWriter });
    const result = await runSetup({ answers: flags(), services: f.services, cwd: CWD });
    expect(f.pipelineCalls).toBe(0);
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toBeUndefined();
  });

  it('non-interactive with --yes --write-pipeline: a new file is written, an existing one changed (diff shown, backup)', async () => {
    const f = fakes({ pipeline: realWriter });
    const shown: string[] = [];
    const display = plainDisplay((t) => shown.push(t), createStyle(false));
    const r1 = await runSetup({ answers: flags({ writePipeline: true }), display, services: f.services, cwd: CWD });
    expect(r1.pipeline).toEqual({ file: '.github/workflows/flyte-deploy.yml', status: 'created' });
    expect(f.files.get(WORKFLOW)).toMatch(/flyte --config config\.yaml deploy/);

    f.files.set(WORKFLOW, 'name: old\n');
    const r2 = await runSetup({ answers: flags({ writePipeline: true }), display, services: f.services, cwd: CWD });
    expect(r2.pipeline).toMatchObject({ status: 'updated', backupPath: '.github/workflows/flyte-deploy.yml.bak' });
    expect(f.files.get(`${WORKFLOW}.bak`)).toBe('name: old\n');
    expect(shown.join('')).toContain('Changes to .github/workflows/flyte-deploy.yml');
    expect(shown.join('')).toMatch(/Pipeline\s+\.github\/workflows\/flyte-deploy\.yml \(updated, backup flyte-deploy\.yml\.bak\)/);
    assertNoCanary(shown.join(''));
  });

  it('an existing file is never changed without --yes, even with --write-pipeline (interactive: asked, default no)', async () => {
    const f = fakes({ pipeline: realWriter, files: { [WORKFLOW]: 'name: old\n' } });
    const p = new ScriptedPrompter([...fullScript(), ['write-pipeline', undefined]]);
    const result = await runSetup({ answers: { writePipeline: true }, prompter: p, services: f.services, cwd: CWD });
    expect(p.asked.find((x) => x.id === 'write-pipeline')?.question.initial).toBe(false);
    expect(f.files.get(WORKFLOW)).toBe('name: old\n');
    expect(result.pipeline).toMatchObject({ status: 'skipped' });
  });

  it('--demo: the file goes into the folder of config.yaml (the demo folder or --dir), not the working directory', async () => {
    const f = fakes({ pipeline: realWriter });
    const result = await runSetup({
      answers: flags({ writePipeline: true, file: '/tmp/demo-out/config.yaml', noPush: true }),
      display: plainDisplay(() => {}, createStyle(false)),
      services: f.services,
      cwd: CWD,
      demo: true,
    });
    expect(f.files.get('/tmp/demo-out/.github/workflows/flyte-deploy.yml')).toMatch(/flyte --config config\.yaml deploy/);
    expect(f.files.has(WORKFLOW)).toBe(false);
    expect(result.pipeline).toMatchObject({ file: '/tmp/demo-out/.github/workflows/flyte-deploy.yml', status: 'created' });
    expect(result.next.join('\n')).not.toContain('git add');

    // Interactive --demo without --write-pipeline: not offered (the demo walkthrough is unchanged).
    const g = fakes({ pipeline: realWriter });
    const p = new ScriptedPrompter(fullScript().filter(([id]) => !['endpoint', 'client-id', 'client-secret', 'org', 'push'].includes(id)));
    const r2 = await runSetup({
      answers: { endpoint: 'union.acme.com', clientId: 'ci-app', clientSecret: new Secret(CANARY_SECRET), org: 'acme', noPush: true },
      prompter: p,
      services: g.services,
      cwd: CWD,
      demo: true,
    });
    expect(p.remaining()).toEqual([]);
    expect(g.pipelineCalls).toBe(0);
    expect(r2.pipeline).toBeUndefined();
  });
});
