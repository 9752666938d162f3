/**
 * argv for the GitHub CLI. The secret value is never an argument: `gh secret set` reads it
 * from stdin when stdin is a pipe, and trims only trailing CR/LF.
 */
import { parseVersion, type ToolVersion } from './command-line.js';

export interface GithubTarget {
  /** `owner/repo`. */
  repo: string;
  /** Set for GitHub Enterprise Server or any host other than the CLI's default. */
  host?: string;
  /** GitHub Actions environment (environment secret instead of repository secret). */
  environment?: string;
  name: string;
}

/** Environment for every gh child: no prompts, no update check, and no FLYTE_API_KEY inherited from us. */
export const GH_CHILD_ENV: Record<string, string | undefined> = {
  GH_PROMPT_DISABLED: '1',
  GH_NO_UPDATE_NOTIFIER: '1',
  GH_SPINNER_DISABLED: '1',
  FLYTE_API_KEY: undefined,
};

export function parseGhVersion(stdout: string): ToolVersion | undefined {
  return parseVersion(stdout, /gh version (\d+)\.(\d+)\.(\d+)/);
}

/** The `--repo` value: `[HOST/]OWNER/REPO` (always passed, so gh never picks an `upstream` remote). */
export function ghRepoFlag(t: Pick<GithubTarget, 'repo' | 'host'>): string {
  return t.host && t.host !== 'github.com' ? `${t.host}/${t.repo}` : t.repo;
}

/** `gh secret set NAME --repo [HOST/]OWNER/REPO [--env ENV]` — the value goes to stdin. */
export function ghSecretSetArgs(t: GithubTarget): string[] {
  return ['secret', 'set', t.name, '--repo', ghRepoFlag(t), ...(t.environment ? ['--env', t.environment] : [])];
}

/** REST path of the secret's metadata (no value): answers 200 with updated_at, or 404. */
export function ghSecretApiPath(t: GithubTarget): string {
  const base = `repos/${t.repo}`;
  return t.environment
    ? `${base}/environments/${encodeURIComponent(t.environment)}/secrets/${t.name}`
    : `${base}/actions/secrets/${t.name}`;
}

/** `gh api [--hostname H] PATH` (works on every gh version, unlike `gh secret list --json` which needs 2.36). */
export function ghApiArgs(path: string, host?: string): string[] {
  return ['api', ...(host && host !== 'github.com' ? ['--hostname', host] : []), path];
}

export function ghSecretGetArgs(t: GithubTarget): string[] {
  return ghApiArgs(ghSecretApiPath(t), t.host);
}

/** Parses `gh api …/secrets/NAME` output; returns the updated_at timestamp when present. */
export function parseSecretMetadata(stdout: string): { updatedAt?: string; createdAt?: string } {
  try {
    const j = JSON.parse(stdout) as { updated_at?: unknown; created_at?: unknown };
    const ts = (v: unknown) => (typeof v === 'string' && /^[0-9T:.Z+-]{10,40}$/.test(v) ? v : undefined);
    return { updatedAt: ts(j.updated_at), createdAt: ts(j.created_at) };
  } catch {
    return {};
  }
}

/** Web page where the secret can be set by hand. */
export function githubSecretsUrl(t: Pick<GithubTarget, 'repo' | 'host' | 'environment'>): string {
  const host = t.host ?? 'github.com';
  return t.environment
    ? `https://${host}/${t.repo}/settings/environments`
    : `https://${host}/${t.repo}/settings/secrets/actions`;
}
