import { describe, expect, it } from 'vitest';
import {
  basicAuthHeader,
  checkMaskable,
  classifyFetchError,
  classifyGhFailure,
  classifyGlabFailure,
  classifyJenkinsStatus,
  displayCommand,
  ghSecretApiPath,
  ghSecretGetArgs,
  ghSecretSetArgs,
  githubSecretNameProblem,
  gitlabVariableNameProblem,
  glabVariableArgs,
  isAlreadyTaken,
  jenkinsBaseUrl,
  jenkinsCredentialIdProblem,
  jenkinsCredentialPaths,
  parseGhVersion,
  parseGlabVersion,
  parseRemoteUrl,
  parseRepoArg,
  parseSecretMetadata,
  secretTextXml,
  STRING_CREDENTIALS_CLASS,
  unifiedDiff,
  xmlEscape,
} from '../../src/core/ci/index.js';
import { Secret } from '../../src/core/secret.js';

const KEY = Buffer.from('union.acme.com:ci-client:s3cr3t&<x>:acme').toString('base64');

describe('gh argv builders', () => {
  it('secret set always passes --repo, and --env only for environment secrets; the value is never an argument', () => {
    expect(ghSecretSetArgs({ repo: 'acme/app', name: 'FLYTE_API_KEY' })).toEqual(['secret', 'set', 'FLYTE_API_KEY', '--repo', 'acme/app']);
    expect(ghSecretSetArgs({ repo: 'acme/app', name: 'K', environment: 'prod' })).toEqual(['secret', 'set', 'K', '--repo', 'acme/app', '--env', 'prod']);
    expect(ghSecretSetArgs({ repo: 'acme/app', host: 'ghe.acme.com', name: 'K' })).toEqual(['secret', 'set', 'K', '--repo', 'ghe.acme.com/acme/app']);
    expect(ghSecretSetArgs({ repo: 'acme/app', host: 'github.com', name: 'K' })[4]).toBe('acme/app');
  });

  it('the metadata probe uses gh api with the repository and environment paths', () => {
    expect(ghSecretGetArgs({ repo: 'acme/app', name: 'FLYTE_API_KEY' })).toEqual(['api', 'repos/acme/app/actions/secrets/FLYTE_API_KEY']);
    expect(ghSecretApiPath({ repo: 'acme/app', name: 'K', environment: 'prod east' })).toBe('repos/acme/app/environments/prod%20east/secrets/K');
    expect(ghSecretGetArgs({ repo: 'acme/app', host: 'ghe.acme.com', name: 'K' })).toEqual(['api', '--hostname', 'ghe.acme.com', 'repos/acme/app/actions/secrets/K']);
  });

  it('parses gh --version and secret metadata', () => {
    expect(parseGhVersion('gh version 2.23.0 (2023-02-27 Debian 2.23.0+dfsg1-1)\nhttps://…')?.text).toBe('2.23.0');
    expect(parseGhVersion('hub version 2.14')).toBeUndefined();
    expect(parseSecretMetadata('{"name":"K","created_at":"2024-01-01T00:00:00Z","updated_at":"2024-02-03T04:05:06Z"}').updatedAt).toBe('2024-02-03T04:05:06Z');
    expect(parseSecretMetadata('{"updated_at":"\\u001b[31mevil"}').updatedAt).toBeUndefined();
    expect(parseSecretMetadata('not json')).toEqual({});
  });

  it('shows the command with a stdin placeholder, quoting what needs quoting', () => {
    expect(displayCommand('gh', ['secret', 'set', 'K', '--repo', 'acme/app'], { stdin: '<FLYTE_API_KEY from stdin>' })).toBe(
      'gh secret set K --repo acme/app < <FLYTE_API_KEY from stdin>',
    );
    expect(displayCommand('glab', ['variable', 'set', 'K', '--scope', '*'], { env: { GITLAB_HOST: 'git.acme.com' } })).toBe("GITLAB_HOST=git.acme.com glab variable set K --scope '*'");
  });
});

describe('secret names', () => {
  it('GitHub: letters, digits, underscores; no leading digit; no GITHUB_ prefix', () => {
    expect(githubSecretNameProblem('FLYTE_API_KEY')).toBeUndefined();
    expect(githubSecretNameProblem('_x1')).toBeUndefined();
    expect(githubSecretNameProblem('1KEY')).toMatch(/digit/);
    expect(githubSecretNameProblem('GITHUB_TOKEN')).toMatch(/GITHUB_/);
    expect(githubSecretNameProblem('github_x')).toMatch(/GITHUB_/);
    expect(githubSecretNameProblem('MY-KEY')).toMatch(/letters, digits and underscores/);
    expect(githubSecretNameProblem('')).toMatch(/empty/);
  });
  it('GitLab: 1-255 of [A-Za-z0-9_]', () => {
    expect(gitlabVariableNameProblem('FLYTE_API_KEY')).toBeUndefined();
    expect(gitlabVariableNameProblem('1ABC')).toBeUndefined();
    expect(gitlabVariableNameProblem('A'.repeat(256))).toMatch(/255/);
    expect(gitlabVariableNameProblem('A B')).toMatch(/letters/);
  });
  it('Jenkins ids', () => {
    expect(jenkinsCredentialIdProblem('flyte-api-key')).toBeUndefined();
    expect(jenkinsCredentialIdProblem('a/b')).toMatch(/may only contain/);
  });
});

describe('glab argv and GitLab masking rules', () => {
  it('set and update send the same attributes: --masked --raw [--protected] --scope -R', () => {
    const t = { project: 'acme/platform/app', name: 'FLYTE_API_KEY', scope: '*', protected: true };
    expect(glabVariableArgs('set', t)).toEqual(['variable', 'set', 'FLYTE_API_KEY', '--masked', '--raw', '--protected', '--scope', '*', '-R', 'acme/platform/app']);
    expect(glabVariableArgs('update', t).slice(1)).toEqual(['update', ...glabVariableArgs('set', t).slice(2)]);
    expect(glabVariableArgs('set', { ...t, protected: false })).not.toContain('--protected');
  });
  it('parses glab versions in both output formats', () => {
    expect(parseGlabVersion('glab version 1.35.0 (2023-11-10)')?.text).toBe('1.35.0');
    expect(parseGlabVersion('glab 1.46.1 (2024-09-01)')?.text).toBe('1.46.1');
  });
  it('detects "has already been taken"', () => {
    expect(isAlreadyTaken('POST https://gitlab.com/api/v4/projects/a%2Fb/variables: 400 {message: {key: [(FLYTE_API_KEY) has already been taken]}}')).toBe(true);
    expect(isAlreadyTaken('400 {value: [is invalid]}')).toBe(false);
  });
  it('a padded base64 key can be masked raw and expanded', () => {
    expect(checkMaskable(KEY)).toEqual({ maskableRaw: true, maskableExpanded: true });
  });
  it('explains values that cannot be masked, without echoing them', () => {
    const short = checkMaskable('abc');
    expect(short.maskableRaw).toBe(false);
    expect(short.problem).toMatch(/at least 8 characters; this one has 3/);
    const ws = checkMaskable('abcdefgh ijk');
    expect(ws.problem).toMatch(/whitespace .*position 9/);
    expect(ws.problem).not.toContain('abcdefgh');
    const dollar = checkMaskable('abc$defghij');
    expect(dollar.maskableRaw).toBe(true);
    expect(dollar.maskableExpanded).toBe(false);
    expect(dollar.warning).toMatch(/raw variable/);
    expect(dollar.warning).not.toContain('$');
  });
});

describe('Jenkins Secret text credential', () => {
  it('builds StringCredentialsImpl XML with every field escaped', () => {
    const xml = secretTextXml({ id: 'flyte-api-key', description: 'a & b <c>', secret: new Secret('x&y<z>"q\'') }).reveal();
    expect(xml).toContain(`<${STRING_CREDENTIALS_CLASS}>`);
    expect(xml).toContain('<scope>GLOBAL</scope>');
    expect(xml).toContain('<id>flyte-api-key</id>');
    expect(xml).toContain('<description>a &amp; b &lt;c&gt;</description>');
    expect(xml).toContain('<secret>x&amp;y&lt;z&gt;&quot;q&apos;</secret>');
    expect(xmlEscape('<&>')).toBe('&lt;&amp;&gt;');
  });
  it('the XML is held as a Secret', () => {
    const x = secretTextXml({ id: 'i', description: 'd', secret: new Secret(KEY) });
    expect(String(x)).toBe('<redacted>');
    expect(JSON.stringify({ x })).not.toContain(KEY);
  });
  it('REST paths for the system store and a folder store', () => {
    const base = jenkinsBaseUrl('https://ci.acme.com/jenkins/')!;
    expect(base).toBe('https://ci.acme.com/jenkins');
    const sys = jenkinsCredentialPaths(base, { id: 'flyte-api-key' });
    expect(sys.createUrl).toBe('https://ci.acme.com/jenkins/credentials/store/system/domain/_/createCredentials');
    expect(sys.updateUrl).toBe('https://ci.acme.com/jenkins/credentials/store/system/domain/_/credential/flyte-api-key/config.xml');
    const folder = jenkinsCredentialPaths(base, { id: 'k', folder: 'team a/app' });
    expect(folder.createUrl).toBe('https://ci.acme.com/jenkins/job/team%20a/job/app/credentials/store/folder/domain/_/createCredentials');
    expect(jenkinsBaseUrl('ftp://x')).toBeUndefined();
    expect(jenkinsBaseUrl('https://user:pw@ci.acme.com')).toBeUndefined();
  });
  it('HTTP Basic header', () => {
    expect(basicAuthHeader('bob', new Secret('tok')).reveal()).toBe(`Basic ${Buffer.from('bob:tok').toString('base64')}`);
  });
});

describe('git remote parsing', () => {
  const cases: Array<[string, string, string, string]> = [
    ['git@github.com:acme/app.git', 'github.com', 'acme/app', 'github'],
    ['https://github.com/acme/app', 'github.com', 'acme/app', 'github'],
    ['https://x-access-token:ghp_secret@github.com/acme/app.git', 'github.com', 'acme/app', 'github'],
    ['ssh://git@github.com:22/acme/app.git/', 'github.com', 'acme/app', 'github'],
    ['git@gitlab.com:group/sub/project.git', 'gitlab.com', 'group/sub/project', 'gitlab'],
    ['https://gitlab.example.com:8443/platform/app.git', 'gitlab.example.com', 'platform/app', 'gitlab'],
    ['ssh://git@git.acme.internal:2222/team/app.git', 'git.acme.internal', 'team/app', 'other'],
    ['git@ghe.acme.com:acme/app.git', 'ghe.acme.com', 'acme/app', 'other'],
    ['git@GitHub.com:Acme/App.git', 'github.com', 'Acme/App', 'github'],
    ['git://github.localhost/acme/app', 'github.localhost', 'acme/app', 'github'],
  ];
  it.each(cases)('%s', (url, host, p, kind) => {
    const r = parseRemoteUrl(url)!;
    expect(r).toBeDefined();
    expect([r.host, r.path, r.kind]).toEqual([host, p, kind]);
    expect(JSON.stringify(r)).not.toContain('ghp_secret');
  });
  it('keeps a non-standard https port in the clone URL and splits owner/repo', () => {
    const r = parseRemoteUrl('https://gitlab.example.com:8443/platform/app.git')!;
    expect(r.port).toBe(8443);
    expect(r.httpsUrl).toBe('https://gitlab.example.com:8443/platform/app.git');
    expect([r.owner, r.repo]).toEqual(['platform', 'app']);
  });
  it.each(['', '/local/path/repo', 'file:///x/y', 'https://github.com/onlyone', 'git@host:../etc', 'https://github.com/a/b c'])('rejects %j', (url) => {
    expect(parseRemoteUrl(url)).toBeUndefined();
  });
  it('--repo values', () => {
    expect(parseRepoArg('github', 'acme/app')).toEqual({ path: 'acme/app' });
    expect(parseRepoArg('github', 'ghe.acme.com/acme/app')).toEqual({ host: 'ghe.acme.com', path: 'acme/app' });
    expect(parseRepoArg('github', 'a/b/c')).toBeUndefined();
    expect(parseRepoArg('github', 'https://github.com/acme/app.git')).toEqual({ host: 'github.com', path: 'acme/app' });
    expect(parseRepoArg('gitlab', 'group/sub/project')).toEqual({ path: 'group/sub/project' });
    expect(parseRepoArg('gitlab', 'gitlab.acme.com/group/project')).toEqual({ host: 'gitlab.acme.com', path: 'group/project' });
    expect(parseRepoArg('gitlab', 'project')).toBeUndefined();
    expect(parseRepoArg('github', 'acme/app;rm -rf')).toBeUndefined();
  });
});

describe('failure classification', () => {
  const gh = { repo: 'acme/app', name: 'FLYTE_API_KEY' };
  it.each([
    [{ exitCode: 127, stderr: '', notFound: true }, 'not_installed', /cli\.github\.com/],
    [{ exitCode: 4, stderr: 'To get started with GitHub CLI, please run:  gh auth login\nAlternatively, populate the GH_TOKEN environment variable' }, 'not_logged_in', /gh auth login/],
    [{ exitCode: 1, stderr: 'failed to fetch public key: HTTP 401: Bad credentials (https://api.github.com/repos/acme/app/actions/secrets/public-key)' }, 'bad_token', /gh auth login/],
    [{ exitCode: 1, stderr: 'failed to fetch public key: HTTP 403: Resource not accessible by integration (https://…)' }, 'forbidden', /repo/],
    [{ exitCode: 1, stderr: 'failed to fetch public key: HTTP 404: Not Found (https://api.github.com/repos/acme/app/actions/secrets/public-key)' }, 'repo_not_found', /--repo/],
    [{ exitCode: 1, stderr: 'error connecting to api.github.com\ncheck your internet connection or https://githubstatus.com' }, 'network', /proxy/],
    [{ exitCode: 1, stderr: 'Get "https://x/api/v3/": x509: certificate signed by unknown authority' }, 'tls', /SSL_CERT_FILE/],
    [{ exitCode: 1, stderr: 'failed to fetch public key: Get "https://h/api/v3/…": net/http: TLS handshake timeout' }, 'network', /proxy/],
    [{ exitCode: 1, stderr: 'failed to set secret "1BAD": HTTP 422: Invalid name' }, 'invalid_name', /letters, digits/],
    [{ exitCode: 1, stderr: '', timedOut: true }, 'timeout', /reachable/],
  ])('gh %#', (failure, code, next) => {
    const p = classifyGhFailure(failure, gh);
    expect(p.code).toBe(code);
    expect(p.next).toMatch(next);
    expect(p.message.length).toBeGreaterThan(10);
  });
  it('gh 404 under /environments/ means the environment is missing, with how to create it', () => {
    const p = classifyGhFailure(
      { exitCode: 1, stderr: 'failed to fetch public key: HTTP 404: Not Found (https://api.github.com/repos/acme/app/environments/prod/secrets/public-key)' },
      { ...gh, environment: 'prod' },
    );
    expect(p.code).toBe('environment_missing');
    expect(p.message).toMatch(/gh does not create environments/);
    expect(p.next).toMatch(/Settings → Environments → New environment/);
  });
  it('an enterprise host gets the GH_ENTERPRISE_TOKEN hint', () => {
    expect(classifyGhFailure({ exitCode: 4, stderr: 'gh auth login' }, { ...gh, host: 'ghe.acme.com' }).next).toMatch(/GH_ENTERPRISE_TOKEN/);
  });
  it('detail strips control sequences', () => {
    const p = classifyGhFailure({ exitCode: 1, stderr: '\u001b]8;;http://evil\u0007HTTP 404: Not Found\u001b[0m' }, gh);
    expect(p.detail).not.toMatch(/\u001b/);
  });
  const gl = { project: 'g/p', name: 'FLYTE_API_KEY', host: 'gitlab.com' };
  it.each([
    [{ exitCode: 127, stderr: '', notFound: true }, 'not_installed'],
    [{ exitCode: 1, stderr: 'POST https://gitlab.com/api/v4/projects/g%2Fp/variables: 401 {message: 401 Unauthorized}' }, 'bad_token'],
    [{ exitCode: 1, stderr: 'POST …: 403 {message: 403 Forbidden}' }, 'forbidden'],
    [{ exitCode: 1, stderr: 'POST …: 404 {message: 404 Project Not Found}' }, 'repo_not_found'],
    [{ exitCode: 1, stderr: 'POST …: 400 {message: {value: [is invalid]}}' }, 'value_rejected'],
    [{ exitCode: 1, stderr: "PUT …: 409 {message: There are multiple variables with provided parameters. Please use 'filter[environment_scope]'}" }, 'scope_conflict'],
    [{ exitCode: 1, stderr: 'dial tcp: lookup gitlab.acme.com: no such host' }, 'network'],
    [{ exitCode: 1, stderr: 'unknown flag: --raw' }, 'too_old'],
  ])('glab %#', (failure, code) => {
    expect(classifyGlabFailure(failure, gl).code).toBe(code);
  });
  it.each([
    [401, 'bad_token'],
    [403, 'forbidden'],
    [404, 'repo_not_found'],
    [302, 'redirect'],
    [500, 'server_error'],
  ])('jenkins %i', (status, code) => {
    expect(classifyJenkinsStatus(status, { url: 'https://ci', user: 'bob', store: 'system store' }).code).toBe(code);
  });
  it('fetch errors: timeout vs network', () => {
    const t = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(classifyFetchError(t, { url: 'https://ci', timeoutSeconds: 5, what: 'Jenkins' }).code).toBe('timeout');
    const n = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const p = classifyFetchError(n, { url: 'https://ci', timeoutSeconds: 5, what: 'Jenkins' });
    expect([p.code, p.message]).toEqual(['network', 'Could not reach Jenkins at https://ci (ECONNREFUSED).']);
  });
});

describe('unified diff', () => {
  it('shows added and removed lines with context', () => {
    const d = unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', { from: 'a/f', to: 'b/f' });
    expect(d).toBe('--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(unifiedDiff('same\n', 'same\n')).toBe('');
  });
  it('separate hunks for distant changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n') + '\n';
    const after = before.replace('l1\n', 'X\n').replace('l18\n', 'Y\n');
    expect(unifiedDiff(before, after).match(/^@@/gm)?.length).toBe(2);
  });
});
