/**
 * Jenkins "Secret text" credentials over the credentials REST API (create, then update on 409). The API token
 * travels with every request, so a plain-http URL to a host that is not loopback is refused unless allowed.
 */
import { classifyFetchError, classifyJenkinsStatus, type CiProblem } from '../../core/ci/classify.js';
import { STDIN_PLACEHOLDER } from '../../core/ci/command-line.js';
import { basicAuthHeader, jenkinsBaseUrl, jenkinsCredentialPaths, secretTextXml } from '../../core/ci/jenkins.js';
import { DEFAULT_JENKINS_CREDENTIAL_ID, jenkinsCredentialIdProblem } from '../../core/ci/names.js';
import { credentialUrlProblem } from '../../core/net-rules.js';
import { readCapped } from '../http.js';
import { Secret } from '../../core/secret.js';
import { confirmOrCancel, failed } from './engine.js';
import { HTTP_TIMEOUT, type PushDeps, type PushInputProblem, type PushOptions, type PushPlan, type PushReport } from './types.js';

/**
 * Plain http stays on this machine: the one rule of src/core/net-rules.ts (localhost, 127.0.0.0/8, ::1 and the
 * IPv4-mapped forms such as [::ffff:127.0.0.1]), the same as check, setup and client create use.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:' && credentialUrlProblem(url) === undefined;
  } catch {
    return false;
  }
}

export async function pushJenkins(o: PushOptions, deps: PushDeps): Promise<PushReport> {
  const id = o.credentialId ?? DEFAULT_JENKINS_CREDENTIAL_ID;
  const start: PushPlan = { target: 'jenkins', destination: 'Jenkins', name: id, command: '', warnings: [] };
  const stop = (p: PushInputProblem) => failed(start, p, [o.key]);
  if (!o.url) return stop({ code: 'missing_input', field: 'url', message: 'The Jenkins URL is missing.', next: 'Give the root URL of Jenkins, e.g. https://ci.example.com/jenkins.' });
  if (!o.user) return stop({ code: 'missing_input', field: 'user', message: 'The Jenkins user is missing.', next: 'Give the Jenkins user that owns the API token.' });
  const baseUrl = jenkinsBaseUrl(o.url);
  if (!baseUrl) {
    return stop({ code: 'invalid_input', field: 'url', message: 'The Jenkins URL must be the http(s) root URL of Jenkins, without a user name, query or fragment.', next: 'Example: https://ci.example.com/jenkins' });
  }
  if (baseUrl.startsWith('http://') && !isLoopbackUrl(baseUrl) && !o.allowHttp) {
    return stop({
      code: 'insecure_url',
      field: 'url',
      message: 'The Jenkins URL is plain http: the key and your API token would cross the network unencrypted.',
      next: 'Use the https URL of Jenkins (or allow plain http explicitly if this network is trusted).',
    });
  }
  const idProblem = jenkinsCredentialIdProblem(id);
  if (idProblem) return stop({ code: 'invalid_input', field: 'credentialId', message: idProblem, next: 'Use letters, digits, "_", "-" and ".".' });
  if (o.folder !== undefined && (!/^[^/].*[^/]$|^[^/]$/.test(o.folder) || /[\u0000-\u001f\u007f-\u009f]/.test(o.folder))) {
    return stop({ code: 'invalid_input', field: 'folder', message: 'The folder must be a path like team/app (no leading or trailing "/", no control characters).', next: 'Give the folder path as Jenkins shows it.' });
  }
  const base = baseUrl;
  const paths = jenkinsCredentialPaths(base, { id, folder: o.folder });
  const timeoutMs = deps.timeoutMs ?? HTTP_TIMEOUT;
  const warnings: string[] = [];
  if (base.startsWith('http://') && !isLoopbackUrl(base)) {
    warnings.push('The Jenkins URL is plain http: the key and your API token cross the network unencrypted.');
  }
  const plan: PushPlan = {
    target: 'jenkins',
    destination: `${base} — ${paths.store}`,
    host: new URL(base).host,
    name: id,
    command: `POST ${paths.createUrl}  (Content-Type: application/xml; "Secret text" credential "${id}" whose secret is ${STDIN_PLACEHOLDER}; on 409 POST ${paths.updateUrl})`,
    previous: { state: 'unknown', reason: 'Jenkins does not report when a credential was last changed.' },
    warnings,
  };
  if (o.dryRun) return { ...plan, ok: true, action: 'dry-run' };
  // Only a real run needs the API token: a dry run shows the plan and sends nothing.
  const token = o.jenkinsToken ?? (deps.env.JENKINS_API_TOKEN ? new Secret(deps.env.JENKINS_API_TOKEN) : undefined);
  if (!token || token.isEmpty) {
    return stop({
      code: 'missing_input',
      field: 'jenkinsToken',
      message: 'JENKINS_API_TOKEN is not set.',
      next: 'Create an API token in Jenkins (your user → Security → API Token → Add new Token) and export it: export JENKINS_API_TOKEN=…',
    });
  }
  // The Basic header value too (base64 of user:token): a Jenkins or proxy error page may echo it.
  const secrets = [o.key, token, basicAuthHeader(o.user, token)];
  const cancelled = await confirmOrCancel(o, plan);
  if (cancelled) return cancelled;

  const doFetch = deps.fetch ?? globalThis.fetch;
  const xml = secretTextXml({ id, description: 'Flyte API key for flyte deploy (stored by flyte-ci-auth)', secret: o.key });
  const auth = basicAuthHeader(o.user, token);
  const ctx = { url: base, user: o.user, store: paths.store, timeoutSeconds: timeoutMs / 1000 };
  const post = async (url: string): Promise<{ status: number; body: string } | CiProblem> => {
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const res = await doFetch(url, {
        method: 'POST',
        headers: { Authorization: auth.reveal(), 'Content-Type': 'application/xml; charset=utf-8', Accept: 'application/json, text/plain, */*' },
        body: xml.reveal(),
        redirect: 'manual',
        signal,
      });
      // Only the start of an answer is ever shown: read at most 64 KiB (a server that streams without end
      // must not fill memory until the deadline), then stop reading.
      const body = await readCapped(res.body, 64 * 1024, signal)
        .then((b) => b.toString('utf8').slice(0, 4000))
        .catch(() => '');
      return { status: res.status, body };
    } catch (err) {
      return classifyFetchError(err, { url: base, timeoutSeconds: timeoutMs / 1000, what: 'Jenkins' });
    }
  };
  const created = await post(paths.createUrl);
  if ('code' in created) return failed(plan, created, secrets);
  if (created.status === 200 || created.status === 201) return { ...plan, ok: true, action: 'created' };
  if (created.status !== 409) return failed(plan, classifyJenkinsStatus(created.status, ctx, created.body), secrets);
  const updated = await post(paths.updateUrl);
  if ('code' in updated) return failed(plan, updated, secrets);
  if (updated.status === 200 || updated.status === 204) return { ...plan, ok: true, action: 'updated' };
  return failed(plan, classifyJenkinsStatus(updated.status, ctx, updated.body), secrets);
}
