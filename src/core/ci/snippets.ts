/**
 * Manual steps and pipeline snippets per CI system, filled in from the templates in assets/ci/systems.json.
 * Every snippet installs flyte, exposes FLYTE_API_KEY and runs
 * `flyte --config CONFIG deploy --copy-style none --version "$VERSION" --project P --domain D PATH`
 * (`--config` is a root option of flyte, so it comes before `deploy`).
 */
import data from '../../../assets/ci/systems.json' with { type: 'json' };
import { stripControl } from '../sanitize.js';
import { configPathProblem, deployPathProblem, flyteIdProblem, githubSecretNameProblem, jenkinsCredentialIdProblem, DEFAULT_JENKINS_CREDENTIAL_ID, DEFAULT_SECRET_NAME } from './names.js';
import type { CiSystem } from './targets.js';

export { CI_SYSTEMS, isCiSystem, type CiSystem } from './targets.js';

/** Minimum flyte for the snippets: ≥ 2.0.10 is required (key + config.yaml compose), 2.1.7 adds admin.disableKeyring. */
export const FLYTE_SPEC: string = data.flyteSpec;

export interface SnippetOptions {
  project: string;
  domain: string;
  /** File or folder to deploy, relative to the repository root. */
  path: string;
  /** config.yaml path relative to the repository root. */
  config: string;
  /** Name of the secret in the CI system (the pipeline always exposes it as FLYTE_API_KEY). */
  secretName?: string;
  /** GitHub Actions environment, or GitLab environment scope. */
  environment?: string;
  /** Jenkins credential id. */
  credentialId?: string;
  /** Kubernetes namespace of the Secret and the Job. */
  namespace?: string;
  /** https clone URL for the Kubernetes Job. */
  repoUrl?: string;
  /** `OWNER/REPO` or `group/project`, used in the steps. */
  repo?: string;
  /** Host of the repository (github.com, gitlab.example.com). */
  host?: string;
  /**
   * The identity provider's CA (PEM), relative to the repository root: the pipeline builds a bundle of it AND
   * the public roots and points SSL_CERT_FILE at it (flyte's token request trusts only that bundle).
   */
  idpCaFile?: string;
  /** config.yaml's admin.caCertFilePath (the control plane's CA, flyte uses it for the control plane only). */
  controlPlaneCaFile?: string;
}

export interface SnippetBlock {
  title: string;
  language: 'yaml' | 'groovy' | 'shell';
  text: string;
}

export interface Instructions {
  system: CiSystem;
  title: string;
  /** Steps to store the secret by hand (menus and field names) and to add the pipeline. */
  steps: string[];
  /** The file the snippet belongs in. */
  file: string;
  /** `file` = a whole file; `job` = a job to add to an existing file. */
  kind: 'file' | 'job';
  snippet: SnippetBlock;
  /** Jenkins: the stage alone (for an existing Jenkinsfile); Kubernetes: the env block for Argo/Tekton. */
  extra?: SnippetBlock;
  /** The exact flyte command line the pipeline runs. */
  deployCommand: string;
  /** The shell command that installs flyte. */
  installCommand: string;
}

interface SystemData {
  title: string;
  file: string;
  language: string;
  kind: string;
  steps: string[];
  stepsEnvironment?: string[];
  template: string[];
  stage?: string[];
  extra?: { title: string; language: string; template: string[] };
}

const SYSTEMS = data.systems as Record<CiSystem, SystemData>;

/** Fill `<%NAME%>` placeholders. A line that is only a placeholder expanding to '' disappears; multi-line values keep the line's indentation. */
export function fillTemplate(lines: readonly string[], values: Record<string, string>): string {
  const out: string[] = [];
  for (const line of lines) {
    const only = /^(\s*)<%([A-Z_]+)%>\s*$/.exec(line);
    if (only) {
      const v = lookup(values, only[2]!);
      if (v === '') continue;
      for (const part of v.split('\n')) out.push(part === '' ? '' : `${only[1]}${part}`);
      continue;
    }
    out.push(line.replace(/<%([A-Z_]+)%>/g, (_m, k: string) => lookup(values, k)));
  }
  return `${out.join('\n')}\n`;
}

function lookup(values: Record<string, string>, key: string): string {
  const v = values[key];
  if (v === undefined) throw new Error(`template placeholder ${key} has no value`);
  return v;
}

/** Which snippet input a problem is about (the command maps it to its flag, the wizard to its question). */
export type SnippetField = 'project' | 'domain' | 'path' | 'config' | 'secretName' | 'credentialId' | 'environment' | 'namespace' | 'repoUrl' | 'idpCaFile';

export interface SnippetProblem {
  code: 'invalid_input';
  field: SnippetField;
  message: string;
}

/** The first input the pipeline cannot carry safely, or undefined. */
export function snippetOptionsProblem(o: SnippetOptions): SnippetProblem | undefined {
  const checks: Array<[SnippetField, string | undefined]> = [
    ['project', flyteIdProblem('project', o.project)],
    ['domain', flyteIdProblem('domain', o.domain)],
    ['path', deployPathProblem(o.path)],
    ['config', configPathProblem(o.config)],
    ['secretName', o.secretName !== undefined ? githubSecretNameProblem(o.secretName) : undefined],
    ['credentialId', o.credentialId !== undefined ? jenkinsCredentialIdProblem(o.credentialId) : undefined],
    [
      'environment',
      o.environment !== undefined && !/^[A-Za-z0-9_.\-/*]{1,255}$/.test(o.environment)
        ? `The environment "${stripControl(o.environment, { singleLine: true, maxLength: 60 })}" may only contain letters, digits, "_", "-", ".", "/" and "*".`
        : undefined,
    ],
    [
      'namespace',
      o.namespace !== undefined && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(o.namespace)
        ? 'The namespace must be a Kubernetes name (lower-case letters, digits and "-").'
        : undefined,
    ],
    [
      'repoUrl',
      o.repoUrl !== undefined && !/^https?:\/\/[A-Za-z0-9.:-]+\/[A-Za-z0-9_./-]+$/.test(o.repoUrl)
        ? 'The repository URL must be a plain https URL without credentials.'
        : undefined,
    ],
    ['idpCaFile', o.idpCaFile !== undefined ? caPathProblem(o.idpCaFile) : undefined],
  ];
  const hit = checks.find(([, m]) => m !== undefined);
  return hit ? { code: 'invalid_input', field: hit[0], message: hit[1]! } : undefined;
}

/** The identity provider's CA file as the pipeline reads it: a path inside the repository. */
function caPathProblem(value: string): string | undefined {
  const p = deployPathProblem(value);
  return p ? p.replace('The path', "The identity provider's CA file") : undefined;
}

/** Where the pipeline writes the bundle (the job's working directory, which is the repository). */
export const CA_BUNDLE_PATH = '$PWD/.flyte-ca-bundle.pem';

/**
 * Shell lines that build SSL_CERT_FILE for flyte's token request: certifi's public roots (installed with
 * flyte, through httpx) followed by the identity provider's CA. Empty without a CA, so the lines disappear.
 */
function caBundleValues(caFile: string | undefined): Record<string, string> {
  if (!caFile) return { CA_SCRIPT: '', CA_SCRIPT_ITEMS: '', CA_GITHUB_STEP: '', CA_AZURE_STEP: '' };
  const build = `cat "$(python -c 'import certifi; print(certifi.where())')" ${caFile} > "${CA_BUNDLE_PATH}"`;
  const exp = `export SSL_CERT_FILE="${CA_BUNDLE_PATH}"`;
  return {
    CA_SCRIPT: [build, exp].join('\n'),
    CA_SCRIPT_ITEMS: [`- ${build}`, `- ${exp}`].join('\n'),
    CA_GITHUB_STEP: fillTemplate(data.caGithubStep, { CA_FILE: caFile }).trimEnd(),
    CA_AZURE_STEP: fillTemplate(data.caAzureStep, { CA_FILE: caFile }).trimEnd(),
  };
}

export function deployCommand(o: Pick<SnippetOptions, 'config' | 'project' | 'domain' | 'path'>): string {
  return fillTemplate([data.deploy], { CONFIG: o.config, PROJECT: o.project, DOMAIN: o.domain, PATH: o.path }).trimEnd();
}

export type InstructionsOrProblem = { ok: true; instructions: Instructions } | { ok: false; problem: SnippetProblem };

/** Steps and pipeline for one system, or the problem with the options (never thrown). */
export function tryBuildInstructions(system: CiSystem, o: SnippetOptions): InstructionsOrProblem {
  const problem = snippetOptionsProblem(o);
  if (problem) return { ok: false, problem };
  return { ok: true, instructions: buildValidInstructions(system, o) };
}

/** For options already validated (tests and the wizard's defaults): a problem here is a programming error. */
export function buildInstructions(system: CiSystem, o: SnippetOptions): Instructions {
  const r = tryBuildInstructions(system, o);
  if (!r.ok) throw new Error(`invalid snippet options (${r.problem.field})`);
  return r.instructions;
}

function buildValidInstructions(system: CiSystem, o: SnippetOptions): Instructions {
  const sys = SYSTEMS[system];
  const name = o.secretName ?? DEFAULT_SECRET_NAME;
  const env = o.environment;
  const deploy = deployCommand(o);
  const scopeIsConcrete = env !== undefined && env !== '*' && !env.includes('*');
  const host = o.host ?? (system === 'gitlab' ? 'gitlab.com' : 'github.com');
  const repo = o.repo ?? (system === 'gitlab' ? 'GROUP/PROJECT' : 'OWNER/REPO');
  const values: Record<string, string> = {
    CONFIG: o.config,
    PROJECT: o.project,
    DOMAIN: o.domain,
    PATH: o.path,
    DEPLOY: deploy,
    FLYTE_SPEC,
    SECRET_NAME: name,
    FILE: sys.file,
    REPO: repo,
    ENVIRONMENT: env ?? '',
    CREDENTIAL_ID: o.credentialId ?? DEFAULT_JENKINS_CREDENTIAL_ID,
    NAMESPACE: o.namespace ?? 'default',
    REPO_URL: o.repoUrl ?? 'https://github.com/OWNER/REPO.git',
    SCOPE_TEXT: env ? `${env}` : 'All (default)',
    SECRETS_PAGE:
      system === 'gitlab'
        ? `https://${host}/${repo}/-/settings/ci_cd`
        : env
          ? `https://${host}/${repo}/settings/environments`
          : `https://${host}/${repo}/settings/secrets/actions`,
    ENVIRONMENT_LINE:
      system === 'github' && env ? `environment: ${env}` : system === 'gitlab' && scopeIsConcrete ? `environment: ${env}` : '',
    SECRET_MAP: name !== 'FLYTE_API_KEY' ? `FLYTE_API_KEY: $${name}` : '',
    SECRET_EXPORT: name !== 'FLYTE_API_KEY' ? `export FLYTE_API_KEY="$${name}"` : '',
    SECRET_EXPORT_ITEM: name !== 'FLYTE_API_KEY' ? `- export FLYTE_API_KEY="$${name}"` : '',
    ...caBundleValues(o.idpCaFile),
  };
  if (sys.stage) values.STAGE = fillTemplate(sys.stage, values).trimEnd();
  const steps = [
    ...(env && sys.stepsEnvironment ? sys.stepsEnvironment : sys.steps).map((s) => fillTemplate([s], values).trimEnd()),
    ...(o.idpCaFile ? [fillTemplate([data.idpCaStep], { CA_FILE: o.idpCaFile, CONFIG: o.config }).trimEnd()] : []),
    ...(o.controlPlaneCaFile ? [fillTemplate([data.controlPlaneCaStep], { CA_FILE: o.controlPlaneCaFile, CONFIG: o.config }).trimEnd()] : []),
    data.deployNote,
  ];
  const out: Instructions = {
    system,
    title: sys.title,
    steps,
    file: sys.file,
    kind: sys.kind === 'job' ? 'job' : 'file',
    snippet: { title: sys.file, language: sys.language as SnippetBlock['language'], text: fillTemplate(sys.template, values) },
    deployCommand: deploy,
    installCommand: `pip install '${FLYTE_SPEC}'`,
  };
  if (system === 'jenkins' && values.STAGE) {
    out.extra = { title: 'The stage alone, for an existing Jenkinsfile (inside stages { … })', language: 'groovy', text: `${values.STAGE}\n` };
  }
  if (sys.extra) {
    out.extra = { title: sys.extra.title, language: sys.extra.language as SnippetBlock['language'], text: fillTemplate(sys.extra.template, values) };
  }
  return out;
}
