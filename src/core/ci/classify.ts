/**
 * CLI and HTTP failures → one plain sentence plus the next step. The gh and glab rules are data
 * (assets/ci-failures.json); Jenkins and fetch failures are decided by HTTP status and Node error codes here.
 * Input is what the child printed; the caller strips control characters and redacts secrets from `detail`.
 */
import ciFailures from '../../../assets/ci-failures.json' with { type: 'json' };
import { stripControl } from '../sanitize.js';

export type CiProblemCode =
  | 'not_installed'
  | 'too_old'
  | 'not_logged_in'
  | 'bad_token'
  | 'forbidden'
  | 'repo_not_found'
  | 'environment_missing'
  | 'network'
  | 'tls'
  | 'timeout'
  | 'invalid_name'
  | 'value_rejected'
  | 'scope_conflict'
  | 'redirect'
  | 'server_error'
  | 'unknown';

export interface CiProblem {
  code: CiProblemCode;
  /** What went wrong, one sentence. */
  message: string;
  /** What to do next, one or two sentences. */
  next: string;
  /** The tool's own words (control characters stripped, one line, shortened). */
  detail?: string;
}

export interface ChildFailure {
  exitCode: number;
  stderr: string;
  stdout?: string;
  notFound?: boolean;
  timedOut?: boolean;
}

/** Every CiProblemCode, for validating the data (assets/ci-failures.json) against the type. */
export const CI_PROBLEM_CODES = [
  'not_installed', 'too_old', 'not_logged_in', 'bad_token', 'forbidden', 'repo_not_found', 'environment_missing',
  'network', 'tls', 'timeout', 'invalid_name', 'value_rejected', 'scope_conflict', 'redirect', 'server_error', 'unknown',
] as const satisfies readonly CiProblemCode[];
type MissingCode = Exclude<CiProblemCode, (typeof CI_PROBLEM_CODES)[number]>;
const everyCiCodeListed: [MissingCode] extends [never] ? true : MissingCode = true;
void everyCiCodeListed;

// ---------------------------------------------------------------------------------------------------------------
// gh / glab failures: data (assets/ci-failures.json, its $comment describes the rule format) applied in order.

interface Problem {
  code: string;
  message: string;
  next: string;
}
interface Rule {
  code: string;
  exitCode?: number;
  match?: string;
  unless?: string;
  alsoMatch?: string;
  requires?: string;
  message?: string;
  next?: string;
  nextOnPublicHost?: string;
  nextOnOtherHost?: string;
  nextWhen?: { match: string; next: string }[];
  template?: string;
}
interface ToolRules {
  defaultHost?: string;
  notInstalled: Problem;
  timedOut: Problem;
  rules: Rule[];
  fallback: Problem;
  templates: Record<string, Problem>;
}
interface CiFailureCatalogue {
  patterns: Record<string, string>;
  gh: ToolRules;
  glab: ToolRules;
}

const CI = ciFailures as unknown as CiFailureCatalogue;

/** A rule's regular expression: a named pattern (`@network`) or the source text; always case-insensitive. */
function re(source: string): RegExp {
  const named = source.startsWith('@') ? CI.patterns[source.slice(1)] : undefined;
  if (source.startsWith('@') && named === undefined) throw new Error(`ci-failures.json has no pattern "${source}"`);
  return new RegExp(named ?? source, 'i');
}

type Vars = Record<string, string | number | undefined>;

function fill(template: string, vars: Vars): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

function ruleHolds(rule: Rule, r: ChildFailure, text: string, vars: Vars): boolean {
  if (rule.requires !== undefined && !vars[rule.requires]) return false;
  if (rule.exitCode !== undefined && r.exitCode === rule.exitCode) return true;
  if (rule.match === undefined || !re(rule.match).test(text)) return false;
  if (rule.unless !== undefined && re(rule.unless).test(text)) return false;
  if (rule.alsoMatch !== undefined && !re(rule.alsoMatch).test(text)) return false;
  return true;
}

function problemOf(tool: ToolRules, rule: Rule, text: string, vars: Vars, publicHost: boolean): Omit<CiProblem, 'detail'> {
  if (rule.template) {
    const t = tool.templates[rule.template];
    if (!t) throw new Error(`ci-failures.json has no template "${rule.template}"`);
    return { code: t.code as CiProblemCode, message: fill(t.message, vars), next: fill(t.next, vars) };
  }
  const when = rule.nextWhen?.find((w) => re(w.match).test(text));
  const next = when?.next ?? (publicHost ? rule.nextOnPublicHost : rule.nextOnOtherHost) ?? rule.next ?? '';
  return { code: rule.code as CiProblemCode, message: fill(rule.message ?? '', vars), next: fill(next, vars) };
}

function classify(tool: ToolRules, r: ChildFailure, text: string, detailSource: string, vars: Vars, publicHost: boolean): CiProblem {
  const fixed = (p: Problem): Omit<CiProblem, 'detail'> => ({ code: p.code as CiProblemCode, message: fill(p.message, vars), next: fill(p.next, vars) });
  if (r.notFound) return fixed(tool.notInstalled);
  const detail = detailOf(detailSource);
  const withDetail = (p: Omit<CiProblem, 'detail'>): CiProblem => (detail ? { ...p, detail } : p);
  if (r.timedOut) return withDetail(fixed(tool.timedOut));
  const rule = tool.rules.find((x) => ruleHolds(x, r, text, vars));
  return withDetail(rule ? problemOf(tool, rule, text, vars, publicHost) : fixed(tool.fallback));
}

export function detailOf(text: string): string | undefined {
  const lines = stripControl(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return undefined;
  return stripControl(lines.slice(-3).join(' | '), { singleLine: true, maxLength: 300 });
}

export interface GithubContext {
  repo: string;
  name: string;
  environment?: string;
  host?: string;
  /** Seconds allowed before the child was stopped. */
  timeoutSeconds?: number;
}

function githubVars(c: GithubContext, exitCode?: number): Vars {
  const host = c.host ?? CI.gh.defaultHost ?? 'github.com';
  return {
    host,
    repo: c.repo,
    name: c.name,
    environment: c.environment ?? '',
    environmentPath: encodeURIComponent(c.environment ?? ''),
    timeoutSeconds: c.timeoutSeconds ?? 60,
    exitCode,
  };
}

export function classifyGhFailure(r: ChildFailure, c: GithubContext): CiProblem {
  const vars = githubVars(c, r.exitCode);
  return classify(CI.gh, r, r.stderr, r.stderr || r.stdout || '', vars, vars.host === (CI.gh.defaultHost ?? 'github.com'));
}

export function environmentMissing(c: GithubContext): CiProblem {
  const t = CI.gh.templates.environmentMissing!;
  const vars = githubVars(c);
  return { code: t.code as CiProblemCode, message: fill(t.message, vars), next: fill(t.next, vars) };
}

export function repoNotFound(c: GithubContext): CiProblem {
  const t = CI.gh.templates.repoNotFound!;
  const vars = githubVars(c);
  return { code: t.code as CiProblemCode, message: fill(t.message, vars), next: fill(t.next, vars) };
}

export interface GitlabContext {
  project: string;
  name: string;
  host: string;
  timeoutSeconds?: number;
}

export function classifyGlabFailure(r: ChildFailure, c: GitlabContext): CiProblem {
  const text = `${r.stderr}\n${r.stdout ?? ''}`;
  const vars: Vars = { host: c.host, project: c.project, name: c.name, timeoutSeconds: c.timeoutSeconds ?? 60, exitCode: r.exitCode };
  return classify(CI.glab, r, text, text, vars, false);
}

/** Problems in assets/ci-failures.json that types cannot see: unknown codes, bad regexes, unknown templates/placeholders. */
export function validateCiFailures(cat: unknown = ciFailures): string[] {
  const problems: string[] = [];
  const c = cat as CiFailureCatalogue;
  const codes: readonly string[] = CI_PROBLEM_CODES;
  const known = ['host', 'repo', 'name', 'environment', 'environmentPath', 'project', 'timeoutSeconds', 'exitCode'];
  const text = (where: string, t: string | undefined) => {
    if (t === undefined) return;
    for (const m of t.matchAll(/\{([a-zA-Z]+)\}/g)) if (!known.includes(m[1]!)) problems.push(`${where}: unknown placeholder {${m[1]}}`);
  };
  const regex = (where: string, src: string | undefined) => {
    if (src === undefined) return;
    if (src.startsWith('@')) {
      if (!(src.slice(1) in (c.patterns ?? {}))) problems.push(`${where}: no pattern "${src}"`);
      return;
    }
    try {
      new RegExp(src, 'i');
    } catch {
      problems.push(`${where}: invalid regular expression`);
    }
  };
  for (const tool of ['gh', 'glab'] as const) {
    const t = c[tool];
    if (!t) {
      problems.push(`${tool} is missing`);
      continue;
    }
    for (const [k, p] of [['notInstalled', t.notInstalled], ['timedOut', t.timedOut], ['fallback', t.fallback], ...Object.entries(t.templates ?? {})] as [string, Problem][]) {
      if (!p || !codes.includes(p.code)) problems.push(`${tool}.${k}: unknown code "${p?.code}"`);
      text(`${tool}.${k}.message`, p?.message);
      text(`${tool}.${k}.next`, p?.next);
    }
    t.rules.forEach((rule, i) => {
      const w = `${tool}.rules[${i}]`;
      if (!codes.includes(rule.code)) problems.push(`${w}: unknown code "${rule.code}"`);
      if (rule.match === undefined && rule.exitCode === undefined) problems.push(`${w}: neither match nor exitCode`);
      for (const k of ['match', 'unless', 'alsoMatch'] as const) regex(`${w}.${k}`, rule[k]);
      for (const w2 of rule.nextWhen ?? []) regex(`${w}.nextWhen`, w2.match);
      if (rule.template !== undefined && !(rule.template in (t.templates ?? {}))) problems.push(`${w}: no template "${rule.template}"`);
      if (rule.template === undefined && (rule.message === undefined || (rule.next ?? rule.nextOnPublicHost ?? rule.nextWhen) === undefined))
        problems.push(`${w}: a rule needs message and next (or a template)`);
      for (const k of ['message', 'next', 'nextOnPublicHost', 'nextOnOtherHost'] as const) text(`${w}.${k}`, rule[k]);
    });
  }
  return problems;
}

export interface JenkinsContext {
  url: string;
  user: string;
  store: string;
  timeoutSeconds?: number;
}

export function classifyJenkinsStatus(status: number, c: JenkinsContext, bodyText = ''): CiProblem {
  const detail = detailOf(bodyText.replace(/<[^>]*>/g, ' '));
  const withDetail = (p: Omit<CiProblem, 'detail'>): CiProblem => (detail ? { ...p, detail } : p);
  if (status === 401) {
    return withDetail({
      code: 'bad_token',
      message: `Jenkins at ${c.url} rejected the API token of "${c.user}" (401).`,
      next: 'Create an API token (your user → Security → API Token → Add new Token), export it as JENKINS_API_TOKEN, check --user, then run this again.',
    });
  }
  if (status === 403) {
    return withDetail({
      code: 'forbidden',
      message: `"${c.user}" may not create or update credentials in the ${c.store} (403).`,
      next: 'Ask a Jenkins admin for the Credentials/Create and Credentials/Update permissions; use an API token, not a password (a password needs a CSRF crumb).',
    });
  }
  if (status === 404) {
    return withDetail({
      code: 'repo_not_found',
      message: `Jenkins has no credentials store at that address (${c.store}, 404).`,
      next: 'Check --url (the Jenkins root, e.g. https://ci.acme.com/jenkins), --folder, and that the Credentials and Plain Credentials plugins are installed.',
    });
  }
  if (status >= 300 && status < 400) {
    return withDetail({
      code: 'redirect',
      message: `Jenkins redirected the request (HTTP ${status}), usually to a login page or a different base URL.`,
      next: 'Use the exact Jenkins root URL shown under Manage Jenkins → System → Jenkins URL, and an API token in JENKINS_API_TOKEN.',
    });
  }
  if (status >= 500) {
    return withDetail({
      code: 'server_error',
      message: `Jenkins failed to store the credential (HTTP ${status}).`,
      next: 'Check that the Plain Credentials plugin (Secret text) is installed and look at the Jenkins log; then run this again.',
    });
  }
  return withDetail({
    code: 'unknown',
    message: `Jenkins answered HTTP ${status}.`,
    next: 'Create the credential by hand: `flyte-ci-auth instructions jenkins`.',
  });
}

export function classifyFetchError(err: unknown, c: { url: string; timeoutSeconds: number; what: string }): CiProblem {
  const e = err as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return {
      code: 'timeout',
      message: `${c.what} at ${c.url} did not answer within ${c.timeoutSeconds} seconds.`,
      next: 'Check the URL, the network and proxy settings, then run this again.',
    };
  }
  const code = e?.cause?.code ?? e?.code ?? '';
  const text = `${code} ${e?.cause?.message ?? ''} ${e?.message ?? ''}`;
  if (/CERT|SSL|TLS|self[- ]signed/i.test(text)) {
    return {
      code: 'tls',
      message: `The TLS certificate of ${c.url} is not trusted.`,
      next: 'Start the tool with NODE_EXTRA_CA_CERTS=/path/to/ca.pem, then run this again.',
      detail: detailOf(text),
    };
  }
  const why = code || stripControl(e?.cause?.message ?? '', { singleLine: true, maxLength: 80 });
  return {
    code: 'network',
    message: `Could not reach ${c.what} at ${c.url}${why ? ` (${why})` : ''}.`,
    next: 'Check --url, the network connection and proxy settings, then run this again.',
  };
}
