/** `instructions` through the built CLI: output, --json, and --write for GitHub, GitLab and Jenkins. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';

const DEPLOY = 'flyte --config config.yaml deploy --copy-style none --version "$VERSION" --project ml --domain development workflows/train.py';
const ARGS = ['--project', 'ml', '--domain', 'development', '--path', 'workflows/train.py'];

describe('instructions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'instr-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints numbered steps and the snippet; project and domain default from config.yaml', async () => {
    writeFileSync(path.join(dir, 'config.yaml'), 'admin:\n  endpoint: dns:///union.acme.com\ntask:\n  project: ml\n  domain: development\n');
    const r = await runCli(['instructions', 'github', '--path', 'workflows/train.py'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GitHub Actions: store FLYTE_API_KEY and deploy with flyte\n\n 1\. Open https:\/\/github\.com\/OWNER\/REPO\/settings\/secrets\/actions/);
    expect(r.stdout).toContain(`        run: ${DEPLOY}\n`);
    expect(r.stdout).not.toContain('Replace');
  });

  it('--json is the structured result, and warns via placeholders when values are missing', async () => {
    const r = await runCli(['instructions', 'bitbucket', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ system: 'bitbucket', file: 'bitbucket-pipelines.yml', placeholders: ['--project', '--path'] });
    expect(parse(j.snippet.text).pipelines.branches.main[0].step.script).toContain(j.deployCommand);
  });

  it('every system prints YAML that parses (Jenkins: Groovy) with --config before deploy', async () => {
    for (const s of ['github', 'gitlab', 'jenkins', 'circleci', 'azure-devops', 'bitbucket', 'kubernetes']) {
      const r = await runCli(['instructions', s, ...ARGS, '--json'], { cwd: dir });
      expect(r.code, s).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.deployCommand).toBe(DEPLOY);
      if (j.snippet.language === 'yaml') expect(() => parse(j.snippet.text)).not.toThrow();
    }
  });

  it('unknown system → exit 2 with the list', async () => {
    const r = await runCli(['instructions', 'travis'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown CI system "travis"\nUse one of: github, gitlab, jenkins, circleci, azure-devops, bitbucket, kubernetes\./);
  });

  it('--write github creates the workflow; a changed file needs --yes (diff shown), then a backup is kept', async () => {
    const created = await runCli(['instructions', 'github', ...ARGS, '--write'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('✓ Created .github/workflows/flyte-deploy.yml');
    const file = path.join(dir, '.github/workflows/flyte-deploy.yml');
    expect(parse(readFileSync(file, 'utf8')).jobs.deploy.steps.at(-1).run).toBe(DEPLOY);

    const same = await runCli(['instructions', 'github', ...ARGS, '--write'], { cwd: dir });
    expect(same.stdout).toContain('already contains this snippet; nothing to do.');

    const refused = await runCli(['instructions', 'github', ...ARGS.slice(0, 4), '--path', 'other.py', '--write'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('Change to .github/workflows/flyte-deploy.yml:\n--- a/.github/workflows/flyte-deploy.yml\n+++ b/.github/workflows/flyte-deploy.yml\n');
    expect(refused.stdout).toMatch(/^-.*workflows\/train\.py$/m);
    expect(refused.stdout).toMatch(/^\+.*other\.py$/m);
    expect(refused.stderr).toMatch(/--yes/);
    expect(readFileSync(file, 'utf8')).toContain('workflows/train.py');

    const yes = await runCli(['instructions', 'github', ...ARGS.slice(0, 4), '--path', 'other.py', '--write', '--yes'], { cwd: dir });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('✓ Updated .github/workflows/flyte-deploy.yml (previous version saved as .github/workflows/flyte-deploy.yml.bak)');
    expect(readFileSync(file, 'utf8')).toContain('other.py');
    expect(readFileSync(`${file}.bak`, 'utf8')).toContain('workflows/train.py');
  });

  it('--write gitlab adds the job to an existing .gitlab-ci.yml and keeps its comments and jobs', async () => {
    const original = '# Our pipeline\nstages: [build, test]\n\nbuild:\n  stage: build\n  script:\n    - make   # compile\n';
    writeFileSync(path.join(dir, '.gitlab-ci.yml'), original);
    const r = await runCli(['instructions', 'gitlab', ...ARGS, '--write', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    expect(text.startsWith('# Our pipeline\n')).toBe(true);
    expect(text).toContain('- make # compile');
    const doc = parse(text);
    expect(doc.stages).toEqual(['build', 'test', 'deploy']);
    expect(doc.build.script).toEqual(['make']);
    expect(doc['flyte-deploy'].script.at(-1)).toBe(DEPLOY);
    expect(readFileSync(path.join(dir, '.gitlab-ci.yml.bak'), 'utf8')).toBe(original);
  });

  it('--write gitlab refuses to touch a file that is not valid YAML', async () => {
    writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'build: [unclosed\n');
    const r = await runCli(['instructions', 'gitlab', ...ARGS, '--write', '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Not changing \.gitlab-ci\.yml: it is not valid YAML/);
    expect(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe('build: [unclosed\n');
  });

  it('--write jenkins creates a Jenkinsfile only when none exists', async () => {
    const created = await runCli(['instructions', 'jenkins', ...ARGS, '--write'], { cwd: dir });
    expect(created.stdout).toContain('✓ Created Jenkinsfile');
    const mine = 'pipeline { agent any; stages { stage("build") { steps { sh "make" } } } }\n';
    writeFileSync(path.join(dir, 'Jenkinsfile'), mine);
    const kept = await runCli(['instructions', 'jenkins', ...ARGS, '--write'], { cwd: dir });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('! A Jenkinsfile exists, so it was left alone: add the stage shown below');
    expect(readFileSync(path.join(dir, 'Jenkinsfile'), 'utf8')).toBe(mine);
    expect(existsSync(path.join(dir, 'Jenkinsfile.bak'))).toBe(false);
  });

  it('--write without --project/--path names the missing flags; --write for other systems is a usage error', async () => {
    const r = await runCli(['instructions', 'github', '--write'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--project, --path/);
    const k = await runCli(['instructions', 'kubernetes', '--write'], { cwd: dir });
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/--write supports github, gitlab and jenkins/);
  });
});
