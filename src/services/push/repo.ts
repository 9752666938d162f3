/** Which repository a push goes to: the value given, or the origin remote (never gh's or glab's own guess). */
import { parseRemoteUrl, parseRepoArg } from '../../core/ci/remote.js';
import type { CliPushTarget } from '../../core/ci/targets.js';
import { stripControl } from '../../core/sanitize.js';
import { originUrl } from '../git.js';
import type { PushDeps, PushInputProblem } from './types.js';

export interface ResolvedRepo {
  path: string;
  host?: string;
  source: 'flag' | 'origin';
}

function bad(message: string, next: string): PushInputProblem {
  return { code: 'invalid_input', field: 'repo', message, next };
}

export async function resolveRepo(forge: CliPushTarget, repo: string | undefined, deps: Pick<PushDeps, 'cwd' | 'proc'>): Promise<ResolvedRepo | PushInputProblem> {
  const shape = forge === 'github' ? 'OWNER/REPO' : 'GROUP/PROJECT';
  if (repo !== undefined) {
    const ref = parseRepoArg(forge, repo);
    if (!ref) {
      return bad(
        `The repository "${stripControl(repo, { singleLine: true, maxLength: 80 })}" is not a repository path.`,
        forge === 'github' ? 'Use OWNER/REPO (or HOST/OWNER/REPO for GitHub Enterprise Server).' : 'Use GROUP/PROJECT or GROUP/SUBGROUP/PROJECT.',
      );
    }
    return { path: ref.path, host: ref.host, source: 'flag' };
  }
  const url = await originUrl(deps.cwd, deps.proc);
  const remote = url ? parseRemoteUrl(url) : undefined;
  if (!remote) {
    return {
      code: 'missing_input',
      field: 'repo',
      message: url ? 'The origin remote of this folder is not a URL this tool understands.' : 'Cannot tell the repository: this folder has no git remote named origin.',
      next: `Name the repository (${shape}).`,
    };
  }
  const other = forge === 'github' ? 'gitlab' : 'github';
  if (remote.kind === other) {
    return bad(
      `The origin remote points to ${remote.host}, which looks like ${other === 'github' ? 'GitHub' : 'GitLab'}.`,
      `Push to ${other === 'github' ? 'GitHub' : 'GitLab'} instead, or name the repository.`,
    );
  }
  if (forge === 'github' && remote.path.split('/').length !== 2) {
    return bad(`The origin remote (${remote.host}/${remote.path}) is not an OWNER/REPO path.`, 'Name the repository (OWNER/REPO).');
  }
  const host =
    forge === 'github'
      ? remote.host === 'github.com'
        ? undefined
        : remote.host
      : remote.host === 'gitlab.com'
        ? undefined
        : remote.port && remote.protocol === 'https'
          ? `${remote.host}:${remote.port}`
          : remote.host;
  return { path: remote.path, host, source: 'origin' };
}

export function isResolved(r: ResolvedRepo | PushInputProblem): r is ResolvedRepo {
  return 'path' in r;
}
