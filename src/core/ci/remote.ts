/**
 * Git remote URLs → host and repository path. Handles the forms git accepts:
 * scp-like `git@host:owner/repo.git`, `ssh://[user@]host[:port]/owner/repo.git`, `https://[user:pass@]host[:port]/owner/repo`,
 * `git://host/owner/repo`. Credentials embedded in a URL are dropped and never returned.
 */

import type { ForgeKind } from './targets.js';

export interface RemoteInfo {
  /** Lower-case host name without port (gh also drops the port when it matches a remote to a host). */
  host: string;
  /** Port given in the URL, if any (useful for a self-managed GitLab on a non-standard HTTPS port). */
  port?: number;
  protocol: 'ssh' | 'https' | 'http' | 'git';
  /** `owner/repo` on GitHub, `group/subgroup/project` on GitLab (no `.git`). */
  path: string;
  owner: string;
  /** The last path segment. */
  repo: string;
  kind: ForgeKind;
  /** An https clone URL without credentials (for snippets that clone the repository). */
  httpsUrl: string;
}

export function forgeKind(host: string): ForgeKind {
  const h = host.toLowerCase();
  if (h === 'github.com' || h.endsWith('.ghe.com') || /(^|[.-])github([.-]|$)/.test(h)) return 'github';
  if (h === 'gitlab.com' || /(^|[.-])gitlab([.-]|$)/.test(h)) return 'gitlab';
  return 'other';
}

export function parseRemoteUrl(raw: string): RemoteInfo | undefined {
  const url = raw.trim();
  if (url === '' || /\s/.test(url)) return undefined;
  let protocol: RemoteInfo['protocol'];
  let hostPort: string;
  let pathPart: string;

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    const s = scheme[1]!.toLowerCase();
    if (s === 'ssh' || s === 'git+ssh' || s === 'ssh+git') protocol = 'ssh';
    else if (s === 'https') protocol = 'https';
    else if (s === 'http') protocol = 'http';
    else if (s === 'git') protocol = 'git';
    else return undefined;
    const rest = url.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    if (slash < 0) return undefined;
    const authority = rest.slice(0, slash);
    hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    pathPart = rest.slice(slash + 1);
  } else {
    // scp-like syntax: [user@]host:path (no slash before the colon)
    const m = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(url);
    if (!m) return undefined;
    protocol = 'ssh';
    hostPort = m[1]!;
    pathPart = m[2]!;
  }

  let host = hostPort;
  let port: number | undefined;
  const hp = /^(.*):(\d+)$/.exec(hostPort);
  if (hp && !hostPort.startsWith('[')) {
    host = hp[1]!;
    port = Number(hp[2]);
  }
  host = host.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host) || host.startsWith('.') || host.endsWith('.')) return undefined;

  let path = pathPart.replace(/^\/+/, '').replace(/\/+$/, '');
  path = path.replace(/\.git$/, '').replace(/\/+$/, '');
  if (path.startsWith('~')) return undefined;
  const segments = path.split('/');
  if (segments.length < 2 || segments.some((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9_.-]+$/.test(s))) {
    return undefined;
  }
  const kind = forgeKind(host);
  const httpsPort = protocol === 'https' && port !== undefined && port !== 443 ? `:${port}` : '';
  return {
    host,
    port,
    protocol,
    path: segments.join('/'),
    owner: segments.slice(0, -1).join('/'),
    repo: segments[segments.length - 1]!,
    kind,
    httpsUrl: `https://${host}${httpsPort}/${segments.join('/')}.git`,
  };
}

export interface RepoRef {
  /** Host given as a prefix (`HOST/OWNER/REPO`) or by URL; absent means "the CLI's default host". */
  host?: string;
  /** `owner/repo` (GitHub) or `group/…/project` (GitLab). */
  path: string;
}

/**
 * A `--repo` value. GitHub: `OWNER/REPO` or `HOST/OWNER/REPO`. GitLab: `GROUP[/SUBGROUP…]/PROJECT`
 * (a host prefix is only recognised when it contains a dot, like glab does for known hosts) or a URL.
 */
export function parseRepoArg(forge: 'github' | 'gitlab', value: string): RepoRef | undefined {
  const v = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^[^@/]+@[^:/]+:/.test(v)) {
    const r = parseRemoteUrl(v);
    if (!r) return undefined;
    if (forge === 'github' && r.path.split('/').length !== 2) return undefined;
    return { host: r.host, path: r.path };
  }
  const segs = v.replace(/\.git$/, '').split('/');
  if (segs.some((s) => !/^[A-Za-z0-9_.-]+$/.test(s) || s === '.' || s === '..')) return undefined;
  if (forge === 'github') {
    if (segs.length === 2) return { path: segs.join('/') };
    if (segs.length === 3 && segs[0]!.includes('.')) return { host: segs[0]!.toLowerCase(), path: segs.slice(1).join('/') };
    if (segs.length === 3 && /^[\d.]+(:\d+)?$|^localhost/.test(segs[0]!)) return { host: segs[0]!, path: segs.slice(1).join('/') };
    return undefined;
  }
  if (segs.length < 2) return undefined;
  if (segs.length >= 3 && segs[0]!.includes('.')) return { host: segs[0]!.toLowerCase(), path: segs.slice(1).join('/') };
  return { path: segs.join('/') };
}
