/**
 * CLI and HTTP failures → one plain sentence plus the next step (ci-systems.md §1.6, §2.5, §3).
 * Input is what the child printed; the caller strips control characters and redacts secrets from `detail`.
 */
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

const NETWORK = /error connecting to|handshake timeout|Client\.Timeout exceeded|context deadline exceeded|dial tcp|no such host|connection refused|connection reset|network is unreachable|i\/o timeout|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|proxyconnect/i;
const TLS = /x509:|certificate signed by unknown authority|certificate is not valid|tls: /i;

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

export function classifyGhFailure(r: ChildFailure, c: GithubContext): CiProblem {
  const host = c.host ?? 'github.com';
  const err = r.stderr;
  const detail = detailOf(err || r.stdout || '');
  const withDetail = (p: Omit<CiProblem, 'detail'>): CiProblem => (detail ? { ...p, detail } : p);
  if (r.notFound) {
    return {
      code: 'not_installed',
      message: 'The GitHub CLI (gh) is not installed or not on PATH.',
      next: 'Install it from https://cli.github.com (Debian/Ubuntu: sudo apt install gh), run `gh auth login`, then run this again — or follow `flyte-ci-auth instructions github` to set the secret by hand.',
    };
  }
  if (r.timedOut) {
    return withDetail({
      code: 'timeout',
      message: `gh did not finish within ${c.timeoutSeconds ?? 60} seconds.`,
      next: `Check that ${host} is reachable (proxy settings: HTTPS_PROXY), then run this again.`,
    });
  }
  if (r.exitCode === 4 || /gh auth login|GH_TOKEN environment variable|not logged in/i.test(err) && !/HTTP \d{3}/.test(err)) {
    return withDetail({
      code: 'not_logged_in',
      message: `gh is not logged in to ${host}.`,
      next:
        host === 'github.com'
          ? 'Run `gh auth login` (or set GH_TOKEN to a token that may manage the repository\'s secrets), then run this again.'
          : `Run \`gh auth login --hostname ${host}\` (or set GH_ENTERPRISE_TOKEN; GH_TOKEN is not used for Enterprise Server hosts), then run this again.`,
    });
  }
  if (TLS.test(err)) {
    return withDetail({
      code: 'tls',
      message: `gh does not trust the TLS certificate of ${host}.`,
      next: 'Point SSL_CERT_FILE at the PEM file of your company CA, then run this again.',
    });
  }
  if (NETWORK.test(err)) {
    return withDetail({
      code: 'network',
      message: `gh could not reach ${host}.`,
      next: 'Check the network connection and proxy settings (HTTPS_PROXY / NO_PROXY), then run this again.',
    });
  }
  if (/HTTP 401|Bad credentials/i.test(err)) {
    return withDetail({
      code: 'bad_token',
      message: `${host} rejected gh's token (401 Bad credentials): it is invalid, expired or revoked.`,
      next:
        host === 'github.com'
          ? 'Run `gh auth login` again (or replace GH_TOKEN), then run this again.'
          : `Run \`gh auth login --hostname ${host}\` again (or set GH_ENTERPRISE_TOKEN), then run this again.`,
    });
  }
  if (/HTTP 403|Resource not accessible|Must have admin rights/i.test(err)) {
    const sso = /SAML|single sign-on|SSO/i.test(err);
    return withDetail({
      code: 'forbidden',
      message: `The token may not manage Actions secrets of ${c.repo} (403 Forbidden).`,
      next: sso
        ? 'Authorize the token for your organization\'s single sign-on (the link is in the detail below), then run this again.'
        : 'Use an account with admin (or "Secrets: read and write") access to the repository: a classic token needs the `repo` scope (`gh auth refresh -s repo`), a fine-grained token needs "Secrets" read and write.',
    });
  }
  if (/HTTP 404/.test(err)) {
    if (c.environment && /\/environments\//.test(err)) {
      return withDetail(environmentMissing(c));
    }
    return withDetail(repoNotFound(c));
  }
  if (/HTTP 422|failed to set secret/i.test(err)) {
    return withDetail({
      code: 'invalid_name',
      message: `GitHub refused the secret "${c.name}" (the name or the request was rejected).`,
      next: 'Secret names may contain only letters, digits and underscores, must not start with a digit or GITHUB_; run again with a valid --name.',
    });
  }
  if (/no git remotes|none of the git remotes|GH_HOST/i.test(err)) {
    return withDetail({
      code: 'repo_not_found',
      message: 'gh could not tell which repository to use.',
      next: 'Pass --repo OWNER/REPO (and set GH_HOST for GitHub Enterprise Server).',
    });
  }
  return withDetail({
    code: 'unknown',
    message: `gh failed (exit code ${r.exitCode}).`,
    next: 'Read gh\'s message below; run `flyte-ci-auth push github --dry-run` to see the exact command and try it by hand.',
  });
}

export function environmentMissing(c: GithubContext): CiProblem {
  const env = c.environment ?? '';
  return {
    code: 'environment_missing',
    message: `The environment "${env}" does not exist in ${c.repo}, and gh does not create environments.`,
    next: `Create it (repository Settings → Environments → New environment → "${env}", or \`gh api --method PUT repos/${c.repo}/environments/${encodeURIComponent(env)}\`), then run this again.`,
  };
}

export function repoNotFound(c: GithubContext): CiProblem {
  return {
    code: 'repo_not_found',
    message: `Repository ${c.repo} was not found on ${c.host ?? 'github.com'}, or this account cannot see it (GitHub answers 404 for private repositories you have no access to).`,
    next: 'Check the spelling of --repo and that `gh auth status` shows an account with access to it.',
  };
}

export interface GitlabContext {
  project: string;
  name: string;
  host: string;
  timeoutSeconds?: number;
}

export function classifyGlabFailure(r: ChildFailure, c: GitlabContext): CiProblem {
  const err = `${r.stderr}\n${r.stdout ?? ''}`;
  const detail = detailOf(err);
  const withDetail = (p: Omit<CiProblem, 'detail'>): CiProblem => (detail ? { ...p, detail } : p);
  if (r.notFound) {
    return {
      code: 'not_installed',
      message: 'The GitLab CLI (glab) is not installed or not on PATH.',
      next: 'Install glab 1.35 or newer (https://gitlab.com/gitlab-org/cli#installation — not in Debian; use the release package, Homebrew or Alpine), run `glab auth login`, then run this again — or follow `flyte-ci-auth instructions gitlab`.',
    };
  }
  if (r.timedOut) {
    return withDetail({
      code: 'timeout',
      message: `glab did not finish within ${c.timeoutSeconds ?? 60} seconds.`,
      next: `Check that ${c.host} is reachable (proxy settings: HTTPS_PROXY), then run this again.`,
    });
  }
  if (/unknown flag: --raw|unknown flag: --scope/i.test(err)) {
    return withDetail({
      code: 'too_old',
      message: 'This glab is too old for masked raw variables (--raw needs glab 1.35 or newer).',
      next: 'Upgrade glab, then run this again.',
    });
  }
  if (TLS.test(err)) {
    return withDetail({
      code: 'tls',
      message: `glab does not trust the TLS certificate of ${c.host}.`,
      next: 'Configure the CA for glab (`glab config set ca_cert /path/ca.pem --host HOST`, or CA_CERT), then run this again.',
    });
  }
  if (NETWORK.test(err)) {
    return withDetail({
      code: 'network',
      message: `glab could not reach ${c.host}.`,
      next: 'Check the network connection, proxy settings and GITLAB_HOST, then run this again.',
    });
  }
  if (/\b401\b|Unauthorized|could not authenticate|no token|not authenticated|token is invalid|glab auth login/i.test(err)) {
    return withDetail({
      code: 'bad_token',
      message: `glab is not logged in to ${c.host}, or its token is invalid or expired (401).`,
      next: `Run \`glab auth login --hostname ${c.host}\` or set GITLAB_TOKEN to a token with the "api" scope, then run this again.`,
    });
  }
  if (/\b403\b|Forbidden/i.test(err)) {
    return withDetail({
      code: 'forbidden',
      message: `This account may not manage CI/CD variables of ${c.project} (403 Forbidden).`,
      next: 'Managing CI/CD variables needs the Maintainer role (or Owner); ask a maintainer, or use their token.',
    });
  }
  if (/\b404\b|Not Found/i.test(err)) {
    return withDetail({
      code: 'repo_not_found',
      message: `Project ${c.project} was not found on ${c.host}, or this account cannot see it.`,
      next: 'Check --repo (the full path group/subgroup/project) and GITLAB_HOST for a self-managed GitLab.',
    });
  }
  if (/value[^a-z]*\[?is invalid|value.*invalid/i.test(err)) {
    return withDetail({
      code: 'value_rejected',
      message: 'GitLab refused to store the value as a masked variable.',
      next: 'GitLab before 15.8 ignores "raw" and only masks 8+ characters from A-Z a-z 0-9 _ + = / @ : . ~ -; upgrade GitLab or set the variable by hand (`flyte-ci-auth instructions gitlab`).',
    });
  }
  if (/filter\[environment_scope\]|\b409\b/i.test(err)) {
    return withDetail({
      code: 'scope_conflict',
      message: `${c.name} exists in several environment scopes of ${c.project}.`,
      next: 'Pass --scope with the scope to replace (e.g. --scope production), then run this again.',
    });
  }
  if (/key.*is invalid|\b400\b/i.test(err)) {
    return withDetail({
      code: 'invalid_name',
      message: `GitLab refused the variable "${c.name}".`,
      next: 'Variable keys may contain only letters, digits and underscores (at most 255); run again with a valid --name.',
    });
  }
  return withDetail({
    code: 'unknown',
    message: `glab failed (exit code ${r.exitCode}).`,
    next: 'Read glab\'s message below; `flyte-ci-auth push gitlab --dry-run` shows the exact command to try by hand.',
  });
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
