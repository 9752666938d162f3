/**
 * What the setup wizard and the rotation share: the rotation period, date formatting, one-line answers and the
 * repository rule (the same parser `push --repo` uses, so a URL or an SSH remote typed here means the same).
 */
import { parseRepoArg } from '../core/ci/remote.js';

/** Days between rotations of the client secret. */
export const ROTATION_DAYS = 90;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** YYYY-MM-DD (UTC). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A pasted answer without CR/LF and surrounding spaces. */
export const oneLine = (v: string): string => v.replace(/[\r\n]+/g, '').trim();

export type RepoForge = 'github' | 'gitlab';

const DEFAULT_HOST: Record<RepoForge, string> = { github: 'github.com', gitlab: 'gitlab.com' };

/**
 * A repository as typed (OWNER/REPO, HOST/OWNER/REPO, an https or SSH URL, with or without .git) in the form the
 * wizard stores and shows: the path, prefixed with the host only when it is not the forge's public host.
 * undefined when it is not a repository.
 */
export function normalizeRepo(forge: RepoForge, value: string): string | undefined {
  const ref = parseRepoArg(forge, value);
  if (!ref) return undefined;
  return ref.host && ref.host.toLowerCase() !== DEFAULT_HOST[forge] ? `${ref.host}/${ref.path}` : ref.path;
}

/** The message for a value that is not a repository of that forge; undefined when it is one. */
export function repoProblem(forge: RepoForge, value: string): string | undefined {
  if (value === '') return 'Enter the repository.';
  if (normalizeRepo(forge, value)) return undefined;
  return forge === 'github' ? 'Expected OWNER/REPO (or a github.com URL).' : 'Expected GROUP/PROJECT (or a GitLab URL).';
}
