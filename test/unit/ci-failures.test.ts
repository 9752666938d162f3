/**
 * gh / glab failure classification is data (assets/ci-failures.json): the file validates, a broken edit is caught,
 * and a table of real-shaped outputs gets the same codes as before the move.
 */
import { describe, expect, it } from 'vitest';
import ciFailures from '../../assets/ci-failures.json' with { type: 'json' };
import { classifyGhFailure, classifyGlabFailure, validateCiFailures } from '../../src/core/ci/classify.js';

const gh = (stderr: string, exitCode = 1, c: Partial<Parameters<typeof classifyGhFailure>[1]> = {}) =>
  classifyGhFailure({ exitCode, stderr }, { repo: 'acme/app', name: 'FLYTE_API_KEY', ...c });
const glab = (stderr: string, exitCode = 1) => classifyGlabFailure({ exitCode, stderr }, { project: 'acme/app', name: 'FLYTE_API_KEY', host: 'gitlab.com' });

describe('assets/ci-failures.json', () => {
  it('validates: known codes, compiling regexes, known templates and placeholders', () => {
    expect(validateCiFailures()).toEqual([]);
  });

  it('catches a misspelt code, a broken regex, an unknown template and placeholder', () => {
    const broken = JSON.parse(JSON.stringify(ciFailures));
    broken.gh.rules[0].code = 'not_loged_in';
    broken.gh.rules[1].match = '(unclosed';
    broken.gh.rules[5].template = 'nope';
    broken.glab.rules[0].message = 'too old for {hots}';
    const p = validateCiFailures(broken).join('\n');
    expect(p).toMatch(/unknown code "not_loged_in"/);
    expect(p).toMatch(/rules\[1\]\.match: invalid regular expression/);
    expect(p).toMatch(/no template "nope"/);
    expect(p).toMatch(/unknown placeholder \{hots\}/);
  });
});

describe('the rules classify as before', () => {
  it.each([
    ['To get started with GitHub CLI, please run:  gh auth login', 4, 'not_logged_in'],
    ['x509: certificate signed by unknown authority', 1, 'tls'],
    ['error connecting to api.github.com', 1, 'network'],
    ['HTTP 401: Bad credentials (https://api.github.com/…)', 1, 'bad_token'],
    ['HTTP 403: Resource not accessible by integration', 1, 'forbidden'],
    ['HTTP 404: Not Found (https://api.github.com/repos/acme/app/actions/secrets/public-key)', 1, 'repo_not_found'],
    ['HTTP 422: Validation Failed', 1, 'invalid_name'],
    ['none of the git remotes configured for this repository point to a known GitHub host', 1, 'repo_not_found'],
    ['something else entirely', 3, 'unknown'],
  ] as const)('gh: %s → %s', (stderr, exitCode, code) => {
    expect(gh(stderr, exitCode).code).toBe(code);
  });

  it('gh: SSO, Enterprise hosts and environments pick their own next step', () => {
    expect(gh('HTTP 403: Resource protected by organization SAML enforcement').next).toMatch(/single sign-on/);
    expect(gh('HTTP 401: Bad credentials', 1, { host: 'ghe.acme.com' }).next).toMatch(/gh auth login --hostname ghe\.acme\.com/);
    const env = gh('HTTP 404: Not Found (https://api.github.com/repos/acme/app/environments/prod%20eu/secrets/public-key)', 1, { environment: 'prod eu' });
    expect(env.code).toBe('environment_missing');
    expect(env.next).toContain('repos/acme/app/environments/prod%20eu');
    expect(classifyGhFailure({ exitCode: 0, stderr: '', notFound: true }, { repo: 'a/b', name: 'N' }).code).toBe('not_installed');
    expect(classifyGhFailure({ exitCode: 0, stderr: '', timedOut: true }, { repo: 'a/b', name: 'N', timeoutSeconds: 7 }).message).toMatch(/within 7 seconds/);
  });

  it.each([
    ['unknown flag: --raw', 'too_old'],
    ['tls: failed to verify certificate: x509: certificate signed by unknown authority', 'tls'],
    ['dial tcp: lookup gitlab.example: no such host', 'network'],
    ['401 Unauthorized', 'bad_token'],
    ['403 Forbidden', 'forbidden'],
    ['404 Not Found', 'repo_not_found'],
    ['{"message":{"value":["is invalid"]}}', 'value_rejected'],
    ['409 Conflict: filter[environment_scope]', 'scope_conflict'],
    ['400 Bad request - key is invalid', 'invalid_name'],
    ['weird', 'unknown'],
  ] as const)('glab: %s → %s', (stderr, code) => {
    expect(glab(stderr).code).toBe(code);
  });
});
