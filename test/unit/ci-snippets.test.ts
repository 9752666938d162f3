import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { addJobToGitlabCi, buildInstructions, CI_SYSTEMS, deployCommand, fillTemplate, FLYTE_SPEC, GitlabCiParseError, tryBuildInstructions } from '../../src/core/ci/index.js';
import { instructionsFor } from '../../src/services/instructions.js';

const OPTS = { project: 'ml', domain: 'development', path: 'workflows/train.py', config: 'config.yaml' };
const DEPLOY = 'flyte --config config.yaml deploy --copy-style none --version "$VERSION" --project ml --domain development workflows/train.py';

/** Every flyte command line in a text. */
function flyteLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !/^\s*(#|\/\/)/.test(l))
    .map((l) => /(?:^|\s)(flyte\s.*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
}

function versionTuple(spec: string): number[] {
  const m = /^flyte>=(\d+)\.(\d+)\.(\d+)$/.exec(spec);
  if (!m) throw new Error(`unexpected flyte spec ${spec}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

describe('pipeline snippets', () => {
  it('the deploy command puts --config before deploy (a root option of flyte)', () => {
    expect(deployCommand(OPTS)).toBe(DEPLOY);
  });

  it('the flyte requirement is at least 2.0.10', () => {
    const [a, b, c] = versionTuple(FLYTE_SPEC);
    expect(a! * 1e6 + b! * 1e3 + c!).toBeGreaterThanOrEqual(2_000_010);
  });

  describe.each(CI_SYSTEMS.map((s) => [s]))('%s', (system) => {
    const variants = [
      {},
      { secretName: 'FLYTE_KEY_PROD' },
      { environment: 'production' },
    ];
    it.each(variants.map((v) => [JSON.stringify(v), v]))('variant %s: parses, installs flyte, exposes FLYTE_API_KEY, runs the exact deploy line', (_label, v) => {
      const ins = buildInstructions(system, { ...OPTS, ...v });
      const text = ins.snippet.text;
      expect(text).not.toMatch(/<%|%>/);
      expect(ins.steps.join('\n')).not.toMatch(/<%|%>/);
      // flyte command lines: all of them are the exact line, --config before deploy
      const lines = flyteLines(text);
      expect(lines.length).toBeGreaterThanOrEqual(1);
      for (const l of lines) {
        expect(l).toBe(DEPLOY);
        expect(l.indexOf('--config')).toBeLessThan(l.indexOf(' deploy '));
      }
      expect(text).toContain(`pip install '${FLYTE_SPEC}'`);
      expect(text).toContain('FLYTE_API_KEY');
      expect(text).not.toMatch(/FLYTE_ADMIN_[A-Z]+\s*[:=]\s*["']?(true|false)/i);
      expect(text).not.toMatch(/flyte deploy --config/);
      if (ins.snippet.language === 'yaml') {
        const docs = parseAllDocuments(text);
        for (const d of docs) expect(d.errors).toEqual([]);
        expect(parse(text)).toBeTypeOf('object');
      } else {
        // Groovy: balanced braces and the credentials binding
        expect(text.split('{').length).toBe(text.split('}').length);
        expect(text).toMatch(/withCredentials\(\[string\(credentialsId: '[^']+', variable: 'FLYTE_API_KEY'\)\]\)/);
      }
      if (ins.extra?.language === 'yaml') expect(parseDocument(ins.extra.text).errors).toEqual([]);
    });
  });

  it('GitHub: the secret is mapped into the Deploy step, and an environment becomes the job environment', () => {
    const w = parse(buildInstructions('github', { ...OPTS, environment: 'production', secretName: 'FLYTE_PROD' }).snippet.text);
    const steps = w.jobs.deploy.steps as Array<{ name?: string; run?: string; env?: Record<string, string> }>;
    const deploy = steps.find((s) => s.name === 'Deploy')!;
    expect(deploy.env).toEqual({ FLYTE_API_KEY: '${{ secrets.FLYTE_PROD }}', VERSION: '${{ github.sha }}' });
    expect(deploy.run).toBe(DEPLOY);
    expect(w.jobs.deploy.environment).toBe('production');
    expect(steps.find((s) => s.name === 'Install flyte')!.run).toBe(`pip install '${FLYTE_SPEC}'`);
  });

  it('GitLab: a job in the deploy stage; another variable name is mapped to FLYTE_API_KEY; a concrete scope becomes the environment', () => {
    const j = parse(buildInstructions('gitlab', { ...OPTS, secretName: 'FLYTE_PROD', environment: 'production' }).snippet.text)['flyte-deploy'];
    expect(j.stage).toBe('deploy');
    expect(j.variables).toEqual({ VERSION: '$CI_COMMIT_SHORT_SHA', FLYTE_API_KEY: '$FLYTE_PROD' });
    expect(j.environment).toBe('production');
    expect(j.script).toEqual([`pip install '${FLYTE_SPEC}'`, DEPLOY]);
    const plain = parse(buildInstructions('gitlab', OPTS).snippet.text)['flyte-deploy'];
    expect(plain.variables).toEqual({ VERSION: '$CI_COMMIT_SHORT_SHA' });
    expect(plain.environment).toBeUndefined();
  });

  it('Azure maps the secret variable into the step env (secrets are not exposed by default)', () => {
    const p = parse(buildInstructions('azure-devops', OPTS).snippet.text);
    const step = p.steps.find((s: { displayName?: string }) => s.displayName === 'Deploy to Flyte');
    expect(step.env).toEqual({ FLYTE_API_KEY: '$(FLYTE_API_KEY)', VERSION: '$(Build.SourceVersion)' });
  });

  it('Kubernetes: the Job reads FLYTE_API_KEY from the Secret, and the steps create it from stdin', () => {
    const ins = buildInstructions('kubernetes', { ...OPTS, namespace: 'ci', repoUrl: 'https://github.com/acme/app.git' });
    const job = parse(ins.snippet.text);
    expect(job.kind).toBe('Job');
    expect(job.metadata.namespace).toBe('ci');
    const c = job.spec.template.spec.containers[0];
    expect(c.env[0]).toEqual({ name: 'FLYTE_API_KEY', valueFrom: { secretKeyRef: { name: 'flyte-api-key', key: 'FLYTE_API_KEY' } } });
    expect(c.args[0]).toContain(DEPLOY);
    expect(job.spec.template.spec.initContainers[0].env[0].value).toBe('https://github.com/acme/app.git');
    const create = ins.steps.find((s) => s.includes('kubectl create secret'))!;
    expect(create).toContain('--from-file=FLYTE_API_KEY=/dev/stdin');
    expect(create).not.toContain('--from-literal');
  });

  it('Jenkins uses the credential id in withCredentials and offers the stage alone', () => {
    const ins = buildInstructions('jenkins', { ...OPTS, credentialId: 'flyte-prod' });
    expect(ins.snippet.text).toContain("credentialsId: 'flyte-prod'");
    expect(ins.extra?.text.startsWith("stage('Deploy to Flyte')")).toBe(true);
    expect(ins.steps.join('\n')).toMatch(/Manage Jenkins → Credentials → System → Global credentials/);
    expect(ins.steps.join('\n')).toMatch(/Kind: "Secret text"/);
  });

  it('manual steps name the menus and fields', () => {
    expect(buildInstructions('github', OPTS).steps.join('\n')).toMatch(/Settings → Secrets and variables → Actions.*\n.*New repository secret/);
    const gl = buildInstructions('gitlab', OPTS).steps.join('\n');
    expect(gl).toMatch(/Settings → CI\/CD → Variables/);
    expect(gl).toMatch(/Masked/);
    expect(gl).toMatch(/Untick "Expand variable reference"/);
  });

  it.each([
    [{ project: 'ml; rm -rf /' }, /project/],
    [{ domain: 'dev elopment' }, /domain/],
    [{ path: '../outside.py' }, /path/],
    [{ path: 'a b.py' }, /path/],
    [{ config: '$(id).yaml' }, /config path/],
    [{ secretName: 'GITHUB_X' }, /GITHUB_/],
  ])('returns a typed problem for unsafe values %j (never a CLI error)', (bad, msg) => {
    const r = tryBuildInstructions('github', { ...OPTS, ...bad });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('invalid_input');
    expect(r.problem.field).toBe(Object.keys(bad)[0]);
    expect(r.problem.message).toMatch(msg);
    expect(r.problem.message).not.toMatch(/--[a-z]/);
  });

  it('instructionsFor fills placeholders and reports them', () => {
    const r = instructionsFor('github', {});
    expect(r.placeholders).toEqual(['--project', '--path']);
    expect(r.deployCommand).toContain('--project PROJECT --domain development workflows.py');
    expect(instructionsFor('github', OPTS).placeholders).toEqual([]);
  });

  it('fillTemplate drops lines whose only placeholder is empty and indents multi-line values', () => {
    expect(fillTemplate(['a:', '  <%X%>', '  <%Y%>', 'b: <%Z%>'], { X: '', Y: 'p: 1\nq: 2', Z: 'z' })).toBe('a:\n  p: 1\n  q: 2\nb: z\n');
    expect(() => fillTemplate(['<%NOPE%>'], {})).toThrow(/NOPE/);
  });
});

describe('adding the job to an existing .gitlab-ci.yml', () => {
  const job = buildInstructions('gitlab', OPTS).snippet.text;
  const existing = `# Company pipeline — do not remove this header
include:
  - project: acme/templates
    file: /python.yml

stages:
  - build
  - test

variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"  # cache

# unit tests
test:
  stage: test
  script: [pytest -q]
`;

  it('keeps comments, other jobs and keys; adds the job and the deploy stage', () => {
    const r = addJobToGitlabCi(existing, job);
    expect(r.addedStage).toBe(true);
    expect(r.replaced).toBe(false);
    for (const keep of ['# Company pipeline — do not remove this header', '# unit tests', '# cache', 'file: /python.yml', 'script: [pytest -q]']) {
      expect(r.text).toContain(keep);
    }
    const doc = parse(r.text);
    expect(doc.stages).toEqual(['build', 'test', 'deploy']);
    expect(doc.test).toEqual({ stage: 'test', script: ['pytest -q'] });
    expect(doc['flyte-deploy'].script).toEqual([`pip install '${FLYTE_SPEC}'`, DEPLOY]);
    expect(r.text).toContain('# Deploys to Flyte with the masked CI/CD variable FLYTE_API_KEY');
    expect(r.text.indexOf('test:')).toBeLessThan(r.text.indexOf('flyte-deploy:'));
  });

  it('running it twice changes nothing the second time', () => {
    const once = addJobToGitlabCi(existing, job).text;
    const twice = addJobToGitlabCi(once, job);
    expect(twice.replaced).toBe(true);
    expect(twice.text).toBe(once);
  });

  it('without a stages list, no stages key is added (deploy is a default stage)', () => {
    const r = addJobToGitlabCi('build:\n  script: [make]\n', job);
    expect(r.addedStage).toBe(false);
    expect(parse(r.text).stages).toBeUndefined();
  });

  it('an empty or comment-only file gets the job', () => {
    const r = addJobToGitlabCi('# nothing yet\n', job);
    expect(r.text).toContain('# nothing yet');
    expect(parse(r.text)['flyte-deploy'].stage).toBe('deploy');
  });

  it('refuses a file that is not valid YAML, or not a map', () => {
    expect(() => addJobToGitlabCi('a: [1, 2\n', job)).toThrow(GitlabCiParseError);
    expect(() => addJobToGitlabCi('- a\n- b\n', job)).toThrow(/not a map/);
  });
});

describe('what --copy-style none asks of the image', () => {
  it.each(CI_SYSTEMS)('%s: the steps say the code must be in the image, or how to drop the flag', (system) => {
    const ins = buildInstructions(system, OPTS);
    expect(ins.deployCommand).toContain('--copy-style none');
    expect(ins.steps.at(-1)).toMatch(/--copy-style none.*image must already contain it.*remove `--copy-style none`/);
  });
});
