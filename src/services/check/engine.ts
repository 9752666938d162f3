/**
 * The check engine: will `flyte deploy` authenticate with these credentials, and if not, why and what to change?
 * It observes what `flyte` does, in flyte's order: the first call WITHOUT a token (does the answer make flyte
 * authenticate at all?), control-plane discovery over Connect, the client_credentials request with
 * client_secret_basic (scope and expires_in read by flyte's rules), the authenticated UserInfo call, then one
 * read-only org-scoped call for the project and domain deploy will use. Each side uses the trust flyte uses
 * (./trust.ts). The rules in src/core/diagnose.ts explain what was observed. The `check` command, the wizard and
 * `rotate` all call runCheck().
 *
 * Nothing here imports undici, jose, Connect or the demo at the top level: they load when a check runs.
 */
import type {
  AuthMethod,
  CheckEnv,
  CheckOptions,
  CheckReport,
  CheckStep,
  DecodedToken,
  Diagnosis,
  DiagnosisCode,
  DiagnosisContext,
  HttpObservation,
  ProviderId,
  Stage,
  TransportFailure,
  Warning,
} from '../../core/check-types.js';
import { UsageError } from '../../core/errors.js';
import { stripControl } from '../../core/sanitize.js';
import { Secret, redact, redactDeep } from '../../core/secret.js';
import { buildDiagnosis, checkClaims, claimRows, detectProvider, diagnoseHttp, diagnoseTransport } from '../../core/diagnose.js';
import { algorithmProblem, inspectToken } from '../../core/diagnose-claims.js';
import { maskCredentials } from '../../core/diagnose-catalogue.js';
import type { FetchLike } from '../http.js';
import { controlPlaneTrust, describeTrust, tokenEndpointTrust, TrustFileError } from './trust.js';
import { discover } from './discover.js';

export interface CheckDeps {
  /** Replaces both CA/proxy-aware clients (tests). */
  fetch?: FetchLike;
  now?: () => Date;
  onStep?: (step: CheckStep) => void;
  /** Proxy variables and SSL_CERT_FILE / SSL_CERT_DIR are read from here (default process.env). */
  env?: CheckEnv;
  /** PEM text trusted on both sides in addition to the rest (the demo's loopback CA only). */
  caPem?: string;
}

const OK_DIAGNOSIS: Diagnosis = {
  code: 'ok',
  severity: 'ok',
  title: 'flyte will authenticate with these credentials',
  detail: '',
  fix: [],
};

const ONE_LINE = { singleLine: true, maxLength: 300 } as const;
const clean = (s: unknown) => stripControl(String(s ?? ''), ONE_LINE);

/** Retry with the other method only for failures that may come from how the client authenticated. */
const AUTH_METHOD_CODES = new Set<DiagnosisCode>(['client_auth_method_mismatch', 'client_authentication_failed', 'client_secret_missing']);

export async function runCheck(opts: CheckOptions, deps: CheckDeps = {}): Promise<CheckReport> {
  const via: CheckReport['target']['via'] = opts.tokenUrl ? 'token-url' : opts.issuer ? 'issuer' : 'control-plane';
  if (via === 'control-plane' && !opts.endpoint) {
    throw new UsageError('nothing to check against: no control-plane host', 'Pass --endpoint HOST, FLYTE_API_KEY, --issuer URL or --token-url URL.');
  }
  const env = deps.env ?? process.env;
  const run = await startRun(opts, deps, via);
  const { report, warnings, exchange, state } = run;

  // Two clients, because flyte has two trust stores (./trust.ts).
  const clients = await openClients(opts, deps, env, exchange);
  run.cpTrustLabel = clients.cpTrustLabel;
  if (clients.trust) {
    report.trust = clients.trust;
    if (via === 'control-plane' || opts.verbose) exchange.push(`(${clients.trustLine})`);
  }
  if (via !== 'control-plane' && opts.caFile) {
    warnings.push({
      code: 'ca_file_control_plane_only',
      message: '--ca-file is caCertFilePath: flyte uses it for the control plane only, and this check has no control plane (--token-url/--issuer). For the identity provider use --idp-ca-file (SSL_CERT_FILE in CI).',
    });
  }

  try {
    // ---- 0. flyte's first call and 1. where is the token endpoint? ----
    const located = await locateTokenEndpoint(run, opts, via, clients);
    if (located) return located;
    const tokenUrl = report.target.tokenUrl!;
    if (!opts.provider) state.provider = detectProvider({ tokenUrl, issuer: state.issuer });

    // ---- 2. The token request, as flyte sends it ----
    const requested = await requestFlyteToken(run, opts, clients.idpFetch, tokenUrl);
    if (requested.kind === 'failed') return requested.report;

    // ---- 3. Decode the token and check its claims ----
    const judged = judgeIssuedToken(run, opts, tokenUrl, requested);
    if (judged.kind === 'failed') return judged.report;
    const { token, decoded } = judged;

    // ---- 4. Signature against the issuer's JWKS, with the same trust ----
    const sigFailure = await checkSignature(clients.idpFetch, state.jwksUri, token, decoded, state.provider, run.io);
    if (sigFailure) return run.fail(sigFailure);

    // ---- 5. The authenticated call flyte makes, then 6. the org, project and domain deploy will use ----
    if (via === 'control-plane') {
      const failure = await authenticatedCalls(clients.cpFetch, opts, state.headerName, token, run.io);
      if (failure) return run.fail(failure);
    }
    report.ok = true;
    report.diagnosis = OK_DIAGNOSIS;
    report.provider = state.provider;
    return report;
  } finally {
    redactRun(run);
    await clients.close();
  }
}

/** What the check has learnt so far; the diagnosis context is built from it when a stage needs one. */
interface RunState {
  provider: ProviderId;
  scopes: string[] | null;
  audience: string | undefined;
  method: AuthMethod;
  advertised: string[];
  jwksUri: string | undefined;
  issuer: string | undefined;
  headerName: string;
}

/** One check in progress: the report being filled, the secrets to redact, and the helpers every stage uses. */
interface CheckRun {
  report: CheckReport;
  warnings: Warning[];
  exchange: string[];
  secrets: Array<Secret | string>;
  state: RunState;
  /** How the control plane's trust reads in a diagnosis (set once the clients are open). */
  cpTrustLabel: string;
  now: () => Date;
  step: (s: CheckStep) => void;
  ctx: (stage: Stage, extra?: Partial<DiagnosisContext>) => DiagnosisContext;
  fail: (diagnosis: Diagnosis) => CheckReport;
  transport: (f: TransportFailure, stage: Stage) => Diagnosis;
  io: StageIO;
}

/** The empty report, the secrets to keep out of it, and the step/context/failure helpers over them. */
async function startRun(opts: CheckOptions, deps: CheckDeps, via: CheckReport['target']['via']): Promise<CheckRun> {
  const now = deps.now ?? (() => new Date());
  const steps: CheckStep[] = [];
  const warnings: Warning[] = [];
  const exchange: string[] = [];
  const secrets: Array<Secret | string> = [opts.clientSecret];
  // The Basic header value (base64 of clientId:quote_plus(secret)): a server that echoes it must not get it printed.
  const { basicAuthorization } = await import('../token.js');
  if (!opts.clientSecret.isEmpty) secrets.push(basicAuthorization(opts.clientId, opts.clientSecret));
  const step = (raw: CheckStep) => {
    const s = { ...raw, summary: redact(raw.summary, secrets) }; // summaries quote server text
    const i = steps.findIndex((x) => x.id === s.id);
    if (i >= 0) steps[i] = s;
    else steps.push(s);
    deps.onStep?.(s);
  };
  const report: CheckReport = {
    ok: false,
    diagnosis: OK_DIAGNOSIS,
    warnings,
    token: null,
    http: null,
    target: { tokenUrl: opts.tokenUrl ?? null, via },
    provider: opts.provider ?? 'generic',
    steps,
    claimRows: [],
    exchange,
  };
  const state: RunState = {
    provider: opts.provider ?? 'generic',
    scopes: opts.scopes ?? null,
    audience: opts.audience,
    method: opts.authMethod === 'post' ? 'post' : 'basic',
    advertised: [],
    jwksUri: undefined,
    issuer: undefined,
    headerName: 'authorization',
  };
  const ctx = (stage: Stage, extra: Partial<DiagnosisContext> = {}): DiagnosisContext => ({
    provider: state.provider,
    stage,
    tokenUrl: report.target.tokenUrl ?? undefined,
    controlPlaneHost: opts.endpoint,
    clientId: opts.clientId,
    scopes: state.scopes ?? [],
    audience: state.audience,
    authMethod: state.method,
    expectAudience: opts.expectAudience,
    expectScopes: opts.expectScopes,
    headerName: state.headerName,
    issuer: state.issuer,
    now: now(),
    ...extra,
  });
  const run: CheckRun = {
    report,
    warnings,
    exchange,
    secrets,
    state,
    cpTrustLabel: 'the system roots',
    now,
    step,
    ctx,
    fail: (diagnosis) => failRun(run, diagnosis),
    transport: (f, stage) => transportDiagnosis(run, f, stage),
    io: {
      step,
      warnings,
      exchange,
      observe: (obs, stage) => (obs.kind === 'transport' ? run.transport(obs, stage) : diagnoseHttp(obs, ctx(stage))),
    },
  };
  return run;
}

/** Ends the check as failed with this diagnosis (its provider text redacted). */
function failRun(run: CheckRun, diagnosis: Diagnosis): CheckReport {
  const { report, secrets } = run;
  report.ok = false;
  report.diagnosis = {
    ...diagnosis,
    providerText: diagnosis.providerText ? redact(diagnosis.providerText, secrets) : undefined,
    ...(diagnosis.providerError ? { providerError: redact(diagnosis.providerError, secrets) } : {}),
    ...(diagnosis.providerErrorDescription ? { providerErrorDescription: redact(diagnosis.providerErrorDescription, secrets) } : {}),
    ...(diagnosis.providerExcerpt ? { providerExcerpt: redact(diagnosis.providerExcerpt, secrets) } : {}),
  };
  report.provider = run.state.provider;
  return report;
}

/**
 * A transport failure. On the control plane a certificate problem keeps its own tls_* code with
 * certificate-only steps (about caCertFilePath); on the token side an untrusted certificate names the token
 * endpoint and what CI needs (SSL_CERT_FILE with the CA and the public roots).
 */
function transportDiagnosis(run: CheckRun, f: TransportFailure, stage: Stage): Diagnosis {
  const { ctx } = run;
  const controlPlane = stage === 'metadata' || stage === 'userinfo' || stage === 'first-call' || stage === 'project';
  const cause = diagnoseTransport({ ...f, stage: 'token' }, ctx('token'));
  if (!cause.code.startsWith('tls_')) return controlPlane ? diagnoseTransport({ ...f, stage: 'metadata' }, ctx('metadata')) : diagnoseTransport(f, ctx(stage));
  if (cause.code !== 'tls_untrusted_certificate') return cause;
  let host = f.url;
  try {
    host = new URL(f.url).host;
  } catch {
    // keep the URL
  }
  return buildDiagnosis('tls_untrusted_certificate', run.state.provider, {
    variant: controlPlane ? 'control-plane' : 'token-endpoint',
    vars: { host, url: f.url, trust: run.cpTrustLabel, errorCode: f.code },
    providerText: `${f.code}: ${f.message}`,
  });
}

/**
 * Stages 0 and 1: flyte's first call without a token and control-plane discovery (or the issuer's discovery), which
 * fill in the token endpoint and what the control plane advertises. Returns the failed report, or null to go on.
 */
async function locateTokenEndpoint(run: CheckRun, opts: CheckOptions, via: CheckReport['target']['via'], clients: Clients): Promise<CheckReport | null> {
  const { report, state, io } = run;
  if (via === 'control-plane') {
    const endpoint = opts.endpoint!;
    const cpMod = await import('../controlplane.js');
    // ---- 0. flyte's first call goes out without a token ----
    const firstFailure = await firstCall(cpMod, clients.cpFetch, endpoint, io);
    if (firstFailure) {
      if (firstFailure.status !== undefined) report.http = { status: firstFailure.status };
      return run.fail(firstFailure.diagnosis);
    }
    const found = await controlPlaneDiscovery(cpMod, clients.cpFetch, endpoint, opts, io);
    if (!found.ok) {
      if (found.status !== undefined) report.http = { status: found.status };
      return run.fail(found.diagnosis);
    }
    report.target.tokenUrl = found.tokenEndpoint;
    ({ scopes: state.scopes, headerName: state.headerName, advertised: state.advertised, jwksUri: state.jwksUri, issuer: state.issuer } = found);
    state.audience = found.audience;
    report.discovered = found.discovered;
  } else if (via === 'issuer') {
    const found = await issuerDiscovery(clients.idpFetch, opts.issuer!, io);
    if (!found.ok) {
      if (found.status !== undefined) report.http = { status: found.status };
      return run.fail(found.diagnosis);
    }
    report.target.tokenUrl = found.tokenEndpoint;
    ({ advertised: state.advertised, jwksUri: state.jwksUri, issuer: state.issuer } = found);
  }
  return null;
}

type TokenRequested =
  | { kind: 'failed'; report: CheckReport }
  | { kind: 'issued'; outcome: TokenOutcome & { kind: 'http' }; token: Secret; diagnosis: Diagnosis | null; usedMethod: AuthMethod };

/**
 * Stage 2: the client_credentials request with the method flyte uses (or the one asked for), with the
 * `--auth-method auto` retries. Returns the failed report, or the issued token.
 */
async function requestFlyteToken(run: CheckRun, opts: CheckOptions, idpFetch: FetchLike, tokenUrl: string): Promise<TokenRequested> {
  const { report, state, step, warnings, exchange } = run;
  if (opts.authMethod === 'auto') {
    const sup = state.advertised;
    state.method = sup.length === 0 || sup.includes('client_secret_basic') ? 'basic' : sup.includes('client_secret_post') ? 'post' : 'basic';
  }
  const { requestToken } = await import('../token.js');
  const ask = (m: AuthMethod) =>
    requestToken(idpFetch, { tokenUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, scopes: state.scopes, audience: state.audience, method: m });
  step({ id: 'token', status: 'running', summary: `Requesting a token from ${clean(tokenUrl)} (client_secret_${state.method})` });
  let outcome = await ask(state.method);
  exchange.push(...outcome.exchange);

  const judge = (o: typeof outcome, m: AuthMethod): Diagnosis | null => {
    if (o.kind === 'transport') return run.transport(o.failure, 'token');
    const obs = o.observation;
    if (!opts.provider) state.provider = detectProvider({ tokenUrl, issuer: state.issuer, body: obs.body });
    const is2xx = obs.status >= 200 && obs.status < 300;
    if (!is2xx || !o.accessToken) {
      const dg = diagnoseHttp(obs, run.ctx('token', { authMethod: m }));
      if (dg.severity === 'error') return dg;
      return buildDiagnosis('not_an_oauth_response', state.provider, { variant: 'no-token', vars: { status: obs.status, url: tokenUrl } });
    }
    return null;
  };
  const tried = await retryAuthMethods(outcome, state.method, opts, tokenUrl, { ask, judge, provider: () => state.provider, exchange, warnings });
  const diagnosis = tried.diagnosis;
  outcome = tried.outcome;
  const usedMethod = tried.usedMethod;
  if (tried.postOnly) report.authMethod = 'post';
  report.authMethod = report.authMethod ?? usedMethod;
  if (outcome.kind === 'http') report.http = { status: outcome.observation.status };
  if (diagnosis && !(diagnosis.code === 'client_auth_method_mismatch' && outcome.kind === 'http' && outcome.accessToken)) {
    step({ id: 'token', status: 'failed', summary: `Token request failed: ${diagnosis.title}` });
    return { kind: 'failed', report: run.fail(diagnosis) };
  }
  if (outcome.kind !== 'http' || !outcome.accessToken) throw new Error('unreachable');
  const token = outcome.accessToken;
  run.secrets.push(token);
  if (opts.authMethod === 'post' && !diagnosis) {
    warnings.push({ code: 'auth_method_post', message: 'This check used client_secret_post as asked; flyte always uses client_secret_basic.' });
  }
  return { kind: 'issued', outcome, token, diagnosis, usedMethod };
}

/**
 * Stage 3: decode the issued token (claims redacted like the exchange) and judge expires_in and the claims.
 * Returns the failed report, or the token and its decoded form for the signature check.
 */
function judgeIssuedToken(
  run: CheckRun,
  opts: CheckOptions,
  tokenUrl: string,
  { outcome, token, diagnosis, usedMethod }: Extract<TokenRequested, { kind: 'issued' }>,
): { kind: 'failed'; report: CheckReport } | { kind: 'judged'; token: Secret; decoded: DecodedToken | null } {
  const { report, state, step } = run;
  const failed = (d: Diagnosis) => ({ kind: 'failed' as const, report: run.fail(d) });
  const inspected = inspectToken(token);
  // Claims are server text: the same redaction as the exchange (a server may echo the secret into `sub`).
  const decoded: DecodedToken | null =
    inspected.kind === 'jwt' ? redactDeep(inspected.token, run.secrets, maskCredentials) : null;
  report.token = decoded ? { header: decoded.header, claims: decoded.claims, expiresIn: outcome.expiresIn } : null;
  report.claimRows = decoded ? claimRows(decoded, run.now()) : [];
  if (inspected.kind === 'invalid') {
    step({ id: 'token', status: 'failed', summary: 'Token issued, but its contents cannot be read safely' });
    return failed(buildDiagnosis('token_invalid', state.provider, { vars: { reason: inspected.reason } }));
  }
  if (!opts.provider) state.provider = detectProvider({ tokenUrl, issuer: state.issuer, body: outcome.observation.body, claims: decoded?.claims });

  if (diagnosis) {
    // Only client_auth_method_mismatch with a post-issued token gets here: show the token, then fail.
    step({ id: 'token', status: 'failed', summary: `Token issued only with client_secret_post (flyte uses basic)` });
    return failed(diagnosis);
  }
  const expiresFailure = judgeExpiresIn(outcome, usedMethod, state.provider, run.ctx('token'), run.io);
  if (expiresFailure) return failed(expiresFailure);
  const claimsFailure = judgeClaims(decoded, run.ctx('token'), run.io);
  if (claimsFailure) return failed(claimsFailure);
  return { kind: 'judged', token, decoded };
}

/**
 * Exact values first, then the pattern backstop (a Basic/Bearer credential, a JWT, client_secret=…) that
 * provider text gets too.
 */
function redactRun({ report, exchange, warnings, secrets }: CheckRun): void {
  for (let i = 0; i < exchange.length; i++) exchange[i] = maskCredentials(redact(exchange[i]!, secrets));
  for (const w of warnings) w.message = redact(w.message, secrets);
  const d = report.diagnosis;
  report.diagnosis = { ...d, title: redact(d.title, secrets), detail: redact(d.detail, secrets), fix: d.fix.map((f) => redact(f, secrets)) };
}

type ControlPlaneModule = typeof import('../controlplane.js');

/**
 * One read-only call addressed with the org and project (`flyte get project`: ProjectService/GetProject), then
 * the domain looked up in the project's domains. Returns the failing diagnosis, or null (passed or skipped).
 */
async function checkProject(
  cpMod: ControlPlaneModule,
  fetch: FetchLike,
  opts: CheckOptions,
  headerName: string,
  token: Secret,
  step: (s: CheckStep) => void,
  warnings: Warning[],
  exchange: string[],
): Promise<Diagnosis | null> {
  const org = opts.org ?? '';
  if (!opts.project) {
    warnings.push({
      code: 'project_not_checked',
      message: 'No project was given, so the org, project and domain deploy will use were not checked (a wrong org is rejected as cross-org only at deploy). Pass --project P --domain D, or --config FILE with task.project/task.domain.',
    });
    step({ id: 'project', status: 'skipped', summary: 'Org/project/domain not checked: no project given (--project, --config)' });
    return null;
  }
  const where = `org "${clean(org) || '(none)'}", project "${clean(opts.project)}"${opts.domain ? `, domain "${clean(opts.domain)}"` : ''}`;
  step({ id: 'project', status: 'running', summary: `Reading the project deploy will use (${where})` });
  const r = await cpMod.callGetProject(fetch, opts.endpoint!, headerName, token, org, opts.project);
  exchange.push(...r.exchange);
  const vars = { org: org || '(none)', project: opts.project, domain: opts.domain, clientId: opts.clientId, controlPlaneHost: opts.endpoint };
  if (!r.ok) {
    const obs = r.observation;
    if (obs.kind === 'transport') {
      step({ id: 'project', status: 'failed', summary: `The project lookup got no answer (${clean(obs.code)})` });
      return diagnoseTransport({ ...obs, stage: 'metadata' }, { provider: 'generic', stage: 'metadata', scopes: [], authMethod: 'basic', now: new Date(), controlPlaneHost: opts.endpoint });
    }
    const answer = cpMod.pythonConnectError(obs.status, obs.headers, obs.body) ?? { code: r.connectCode ?? 'unknown', message: '' };
    const code = r.connectCode ?? answer.code;
    const message = r.connectMessage ?? answer.message;
    const mentionsOrg = /\borg\b|cross[- ]org|organi[sz]ation|tenant/i.test(message);
    const said = message ? `${code}: ${message}` : code;
    const mk = (c: DiagnosisCode, summary: string) => {
      step({ id: 'project', status: 'failed', summary });
      return buildDiagnosis(c, 'generic', { vars, providerText: said });
    };
    if (mentionsOrg && ['permission_denied', 'invalid_argument', 'not_found', 'failed_precondition', 'unauthenticated'].includes(code)) {
      return mk('org_mismatch', `The control plane refused org "${clean(org) || '(none)'}" (${clean(code)})`);
    }
    if (code === 'not_found') return mk('project_not_found', `Project "${clean(opts.project)}" not found in org "${clean(org) || '(none)'}"`);
    if (code === 'permission_denied') return mk('project_access_denied', `Not allowed to read project "${clean(opts.project)}"`);
    if (code === 'unimplemented') {
      warnings.push({ code: 'project_not_checked', message: 'The control plane does not serve the project service, so the org, project and domain were not checked.' });
      step({ id: 'project', status: 'skipped', summary: 'Org/project/domain not checked: the control plane has no project service' });
      return null;
    }
    warnings.push({ code: 'project_not_checked', message: `The project lookup failed (${clean(said)}), so the org, project and domain were not checked.` });
    step({ id: 'project', status: 'warning', summary: `Org/project/domain not checked: ${clean(said)}` });
    return null;
  }
  const p = r.value;
  if (!p) {
    step({ id: 'project', status: 'failed', summary: `Project "${clean(opts.project)}" not found in org "${clean(org) || '(none)'}"` });
    return buildDiagnosis('project_not_found', 'generic', { vars });
  }
  if (p.org && org && p.org !== org) {
    step({ id: 'project', status: 'failed', summary: `The project belongs to org "${clean(p.org)}", not "${clean(org)}"` });
    return buildDiagnosis('org_mismatch', 'generic', { vars, providerText: `project org: ${p.org}` });
  }
  if (opts.domain && !p.domains.includes(opts.domain)) {
    step({ id: 'project', status: 'failed', summary: `Project "${clean(opts.project)}" has no domain "${clean(opts.domain)}"` });
    return buildDiagnosis('domain_not_found', 'generic', { vars: { ...vars, domains: p.domains.map(clean).join(', ') || '(none)' } });
  }
  if (!opts.domain) warnings.push({ code: 'domain_not_checked', message: 'No domain was given (--domain, task.domain), so only the org and project were checked.' });
  step({ id: 'project', status: 'ok', summary: `The identity can read ${where}${opts.domain ? '' : ` (domains: ${p.domains.map(clean).join(', ')})`}` });
  return null;
}

interface Clients {
  cpFetch: FetchLike;
  idpFetch: FetchLike;
  close(): Promise<void>;
  /** How the control plane's trust reads in a diagnosis. */
  cpTrustLabel: string;
  trust?: NonNullable<CheckReport['trust']>;
  trustLine?: string;
}

/** The control-plane client (caCertFilePath rules) and the token-side client (httpx rules); deps.fetch replaces both. */
async function openClients(opts: CheckOptions, deps: CheckDeps, env: CheckEnv, exchange: string[]): Promise<Clients> {
  if (deps.fetch) return { cpFetch: deps.fetch, idpFetch: deps.fetch, close: async () => undefined, cpTrustLabel: 'the system roots' };
  const { openHttpClient, describeHttpSetupProblem } = await import('../http.js');
  const open = async (o: Parameters<typeof openHttpClient>[0]) => {
    const r = await openHttpClient(o);
    if (!r.ok) throw new UsageError(describeHttpSetupProblem(r.problem));
    return r.client;
  };
  let cpT, idpT;
  try {
    [cpT, idpT] = await Promise.all([controlPlaneTrust(opts.caFile), tokenEndpointTrust(opts.idpCaFile, env)]);
  } catch (err) {
    if (err instanceof TrustFileError) throw new UsageError(`cannot use ${err.message}`, 'Pass a readable PEM file with the CA certificate(s).');
    throw err;
  }
  const extra = deps.caPem ? [deps.caPem] : [];
  const onEvent = (l: string) => exchange.push(l);
  const cp = await open({
    ...(cpT.pems ? { trust: { pems: [...cpT.pems, ...extra] } } : { caPem: deps.caPem }),
    timeoutMs: opts.timeoutMs,
    env,
    onEvent,
  });
  const idp = await open({
    ...(idpT.pems ? { trust: { pems: [...idpT.pems, ...extra] } } : { caPem: deps.caPem }),
    timeoutMs: opts.timeoutMs,
    env,
    onEvent,
  }).catch(async (err: unknown) => {
    await cp.close();
    throw err;
  });
  return {
    cpFetch: cp.fetch,
    idpFetch: idp.fetch,
    close: async () => {
      await cp.close();
      await idp.close();
    },
    cpTrustLabel: cpT.source === 'ca-file' ? `only the CA in ${cpT.from} (--ca-file)` : 'the system roots',
    trust: { controlPlane: cpT.source, tokenEndpoint: idpT.source },
    trustLine: describeTrust(cpT, idpT),
  };
}

interface StageIO {
  step: (s: CheckStep) => void;
  warnings: Warning[];
  exchange: string[];
  observe: (obs: TransportFailure | HttpObservation, stage: Stage) => Diagnosis;
}

/**
 * flyte's first call, without a token, and whether its answer makes flyte authenticate (connectrpc's code for the
 * answer; redirects followed as flyte's HTTP client follows them). Returns the failure, or null to go on.
 */
async function firstCall(
  cpMod: ControlPlaneModule,
  fetch: FetchLike,
  endpoint: string,
  { step, warnings, exchange, observe }: StageIO,
): Promise<{ diagnosis: Diagnosis; status?: number } | null> {
  step({ id: 'first-call', status: 'running', summary: `Calling https://${endpoint} without a token, as flyte's first call does` });
  const first = await cpMod.callWithoutToken(fetch, endpoint);
  exchange.push(...first.exchange);
  if (first.ok) {
    warnings.push({
      code: 'first_call_not_protected',
      message: 'The control plane answered a call without any token. flyte then never authenticates; that works only while the API stays open.',
    });
    step({ id: 'first-call', status: 'warning', summary: 'The control plane answered without a token (flyte will not authenticate)' });
  } else if (first.observation.kind === 'transport') {
    const dg = observe(first.observation, 'first-call');
    step({ id: 'first-call', status: 'failed', summary: `The control plane could not be reached: ${dg.title}` });
    return { diagnosis: dg };
  } else {
    let obs = first.observation;
    // flyte's HTTP client (pyqwest, reqwest's default policy) follows redirects: judge where a redirect leads.
    let unreachableRedirect: string | undefined;
    for (let hop = 0; hop < 10 && [301, 302, 303, 307, 308].includes(obs.status) && obs.headers.location; hop++) {
      let target: string;
      try {
        target = new URL(obs.headers.location, obs.url).toString();
      } catch {
        break;
      }
      exchange.push(`(flyte's HTTP client follows the redirect: GET ${target})`);
      try {
        const res = await fetch(target, { method: 'GET', redirect: 'manual' });
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
        const body = (await res.text()).slice(0, 4096);
        exchange.push(`< HTTP ${res.status}`, `< content-type: ${headers['content-type'] ?? '(none)'}`);
        obs = { ...obs, url: target, status: res.status, headers, body };
      } catch (err) {
        unreachableRedirect = `${target} (${clean((err as { code?: string }).code ?? (err as Error).message)})`;
        break;
      }
    }
    const answer = cpMod.pythonConnectError(obs.status, obs.headers, obs.body) ?? { code: 'ok', message: '' };
    const shown = `HTTP ${obs.status}${obs.headers['content-type'] ? ` ${clean(obs.headers['content-type'])}` : ''} → ${answer.code.toUpperCase()}${answer.message ? ` "${clean(answer.message).slice(0, 80)}"` : ''}`;
    if (unreachableRedirect) {
      step({ id: 'first-call', status: 'failed', summary: `Without a token the control plane redirects to ${unreachableRedirect}: flyte would never authenticate` });
      return { diagnosis: buildDiagnosis('auth_not_triggered', 'generic', { vars: { controlPlaneHost: endpoint, status: `a redirect to ${unreachableRedirect}, which did not answer`, headerName: 'flyte-authorization' } }) };
    }
    if (cpMod.firstCallTriggersAuth(answer)) {
      step({ id: 'first-call', status: 'ok', summary: `Without a token the control plane answers ${shown}: flyte authenticates` });
    } else if (obs.status === 404 || answer.code === 'unavailable') {
      // Not a question of auth: discovery below tells a wrong host or a gateway problem apart.
      step({ id: 'first-call', status: 'warning', summary: `Without a token the control plane answers ${shown}` });
    } else {
      step({ id: 'first-call', status: 'failed', summary: `Without a token the control plane answers ${shown}: flyte would never authenticate` });
      return {
        status: obs.status,
        diagnosis: buildDiagnosis('auth_not_triggered', 'generic', {
          vars: { controlPlaneHost: endpoint, status: shown, headerName: 'flyte-authorization' },
          ...(obs.body ? { providerText: obs.body.slice(0, 300) } : {}),
        }),
      };
    }
  }
  return null;
}

/**
 * UserInfo with the token in the advertised header (`flyte whoami`), then the org-scoped project lookup. An empty
 * advertised header name is reported with a probe of the standard `authorization` header.
 */
async function authenticatedCalls(
  fetch: FetchLike,
  opts: CheckOptions,
  headerName: string,
  token: Secret,
  { step, warnings, exchange, observe }: StageIO,
): Promise<Diagnosis | null> {
  const cpMod = await import('../controlplane.js');
  if (headerName.trim() === '') {
    // flyte would send `"": Bearer …`, which no HTTP client sends. Probe the usual name to say what would work.
    const probe = await cpMod.callUserInfo(fetch, opts.endpoint!, 'authorization', token);
    exchange.push('(the advertised header name is empty; trying "authorization" only to report whether the control plane would accept it)', ...probe.exchange);
    step({ id: 'userinfo', status: 'failed', summary: 'The control plane advertises an empty header name for the token' });
    return (
      buildDiagnosis('control_plane_rejected_token', 'generic', {
        variant: 'empty-header-key',
        vars: {
          controlPlaneHost: opts.endpoint,
          probe: probe.ok
            ? 'The control plane does accept this token in the standard `authorization` header, so setting the header name to `authorization` fixes it.'
            : 'The control plane did not accept this token in the standard `authorization` header either.',
        },
      })
    );
  }
  step({ id: 'userinfo', status: 'running', summary: `Calling UserInfo with the token in "${headerName}"` });
  const u = await cpMod.callUserInfo(fetch, opts.endpoint!, headerName, token);
  exchange.push(...u.exchange);
  if (!u.ok) {
    const dg = observe(u.observation, 'userinfo');
    step({ id: 'userinfo', status: 'failed', summary: `The control plane did not accept the token: ${dg.title}` });
    return dg;
  }
  step({
    id: 'userinfo',
    status: 'ok',
    summary: `The control plane accepted the token (UserInfo subject ${clean(u.value.subject) || '(empty)'})`,
  });

  // ---- 6. The org, project and domain deploy will use ----
  return checkProject(cpMod, fetch, opts, headerName, token, step, warnings, exchange);
}

type Discovered =
  | { ok: false; diagnosis: Diagnosis; status?: number }
  | {
      ok: true;
      tokenEndpoint: string;
      scopes: string[];
      audience: string | undefined;
      headerName: string;
      advertised: string[];
      jwksUri: string | undefined;
      issuer: string | undefined;
      discovered: NonNullable<CheckReport['discovered']>;
    };

/** flyte's two anonymous discovery calls (GetOAuth2Metadata, GetPublicClientConfig) and what they advertise. */
async function controlPlaneDiscovery(
  cpMod: ControlPlaneModule,
  fetch: FetchLike,
  endpoint: string,
  opts: CheckOptions,
  { step, warnings, exchange, observe }: StageIO,
): Promise<Discovered> {
  step({ id: 'metadata', status: 'running', summary: `Asking the control plane https://${endpoint} how to authenticate` });
  const d = await cpMod.discoverControlPlane(fetch, endpoint);
  exchange.push(...d.metadata.exchange, ...d.client.exchange);
  const failed = !d.metadata.ok ? d.metadata : !d.client.ok ? d.client : undefined;
  if (failed && !failed.ok) {
    const diagnosis = observe(failed.observation, 'metadata');
    step({ id: 'metadata', status: 'failed', summary: `Control plane discovery failed: ${diagnosis.title}` });
    return { ok: false, diagnosis, ...(failed.observation.kind === 'http' ? { status: failed.observation.status } : {}) };
  }
  if (!d.metadata.ok || !d.client.ok) throw new Error('unreachable');
  const meta = d.metadata.value;
  const pcc = d.client.value;
  if (!meta.tokenEndpoint) {
    step({ id: 'metadata', status: 'failed', summary: 'The control plane advertises no token endpoint' });
    return { ok: false, diagnosis: buildDiagnosis('auth_not_configured', 'generic', { vars: { controlPlaneHost: endpoint } }) };
  }
  // flyte uses the advertised key as is, even empty (base.py get_auth_headers); see the UserInfo step.
  const headerName = pcc.authorizationMetadataKey;
  if (headerName !== '' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(headerName)) {
    step({ id: 'metadata', status: 'failed', summary: 'The control plane advertises a header name that is not valid HTTP' });
    return { ok: false, diagnosis: buildDiagnosis('control_plane_bad_header', 'generic', { vars: { headerName: JSON.stringify(headerName).slice(1, -1) } }) };
  }
  if (pcc.scopes.length === 0) {
    warnings.push({
      code: 'empty_scopes',
      message: 'The control plane advertises no scopes, so flyte sends an empty "scope=". Most identity providers reject that: set flyteClient.scopes in the control plane Helm values.',
    });
  }
  step({
    id: 'metadata',
    status: 'ok',
    summary: `Control plane: token endpoint ${clean(meta.tokenEndpoint)}, scopes ${JSON.stringify(pcc.scopes.map(clean))}${pcc.audience ? `, audience ${clean(pcc.audience)}` : ''}, header ${clean(headerName)}`,
  });
  return {
    ok: true,
    tokenEndpoint: meta.tokenEndpoint,
    scopes: opts.scopes ?? pcc.scopes,
    audience: opts.audience ?? (pcc.audience || undefined),
    headerName,
    advertised: meta.tokenEndpointAuthMethodsSupported,
    jwksUri: meta.jwksUri || undefined,
    issuer: meta.issuer || undefined,
    discovered: { tokenEndpoint: meta.tokenEndpoint, scopes: pcc.scopes, audience: pcc.audience, headerName },
  };
}

/** `--issuer`: OIDC / RFC 8414 discovery on the identity provider (the token side's trust). */
async function issuerDiscovery(
  fetch: FetchLike,
  issuerUrl: string,
  { step, warnings, exchange, observe }: StageIO,
): Promise<
  | { ok: false; diagnosis: Diagnosis; status?: number }
  | { ok: true; tokenEndpoint: string; advertised: string[]; jwksUri: string | undefined; issuer: string | undefined }
> {
  step({ id: 'discovery', status: 'running', summary: `Discovering ${issuerUrl}` });
  const found = await discover(fetch, issuerUrl, exchange);
  if (!found.ok) {
    const diagnosis = observe(found.observation, 'discovery');
    step({ id: 'discovery', status: 'failed', summary: `Discovery failed: ${diagnosis.title}` });
    return { ok: false, diagnosis, ...(found.observation.kind === 'http' ? { status: found.observation.status } : {}) };
  }
  const doc = found.doc;
  if (Array.isArray(doc.grant_types_supported) && !doc.grant_types_supported.includes('client_credentials')) {
    warnings.push({
      code: 'grant_not_advertised',
      message: `Discovery lists grant_types_supported without client_credentials (${doc.grant_types_supported.map(clean).join(', ')}). Some providers omit grants they support; the token request below decides.`,
    });
  }
  step({ id: 'discovery', status: 'ok', summary: `Discovery (${clean(found.url)}): token endpoint ${clean(doc.token_endpoint)}` });
  return { ok: true, tokenEndpoint: doc.token_endpoint, advertised: doc.token_endpoint_auth_methods_supported ?? [], jwksUri: doc.jwks_uri, issuer: doc.issuer };
}

/** The token's signature against the issuer's key set (an extra of this tool, see the comment inside). */
async function checkSignature(
  fetch: FetchLike,
  jwksUri: string | undefined,
  token: Secret,
  decoded: DecodedToken | null,
  provider: ProviderId,
  { step, warnings }: StageIO,
): Promise<Diagnosis | null> {
  if (decoded && jwksUri) {
    // flyte never fetches the key set (the control plane verifies the token); this extra check runs on the
    // identity provider with the token side's trust, and a key set it cannot reach is only a warning.
    const { verifyTokenSignature } = await import('../signature.js');
    const sig = await verifyTokenSignature(fetch, jwksUri, token.reveal());
    if (sig.kind === 'verified') {
      step({ id: 'signature', status: 'ok', summary: `Signature verified against ${clean(jwksUri)}` });
    } else if (sig.kind === 'invalid') {
      step({ id: 'signature', status: 'failed', summary: 'Signature does not verify against the issuer\'s keys' });
      return buildDiagnosis('signature_invalid', provider, { notes: [`raw:${clean(sig.reason)}; the key set was ${clean(jwksUri)} (${sig.code}).`] });
    } else {
      warnings.push({ code: 'jwks_unreachable', message: `Could not check the signature: ${clean(sig.reason)} (${clean(jwksUri)}).` });
      step({ id: 'signature', status: 'warning', summary: 'Signature not checked (key set unreachable)' });
    }
  } else if (decoded && algorithmProblem(decoded.header.alg, [])) {
    // No key set to check against, but an unsigned token (alg "none") is never acceptable.
    step({ id: 'signature', status: 'failed', summary: 'The token is not signed' });
    return buildDiagnosis('signature_invalid', provider, { notes: [`raw:${clean(algorithmProblem(decoded.header.alg, [])!)}.`] });
  } else {
    step({ id: 'signature', status: 'skipped', summary: decoded ? 'Signature not checked: no JWKS URL known (use --issuer)' : 'Signature not checked: opaque token' });
  }
  return null;
}

type TokenOutcome = Awaited<ReturnType<(typeof import('../token.js'))['requestToken']>>;

/**
 * `--auth-method auto`: one retry with the other client-authentication method to tell an auth-method problem from a
 * wrong secret, and basic tried once when only post worked. Never makes the check pass on post alone: flyte always
 * sends client_secret_basic.
 */
async function retryAuthMethods(
  first: TokenOutcome,
  method: AuthMethod,
  opts: CheckOptions,
  tokenUrl: string,
  io: {
    ask: (m: AuthMethod) => Promise<TokenOutcome>;
    judge: (o: TokenOutcome, m: AuthMethod) => Diagnosis | null;
    provider: () => ProviderId;
    exchange: string[];
    warnings: Warning[];
  },
): Promise<{ outcome: TokenOutcome; usedMethod: AuthMethod; diagnosis: Diagnosis | null; postOnly: boolean }> {
  const { ask, judge, provider, exchange, warnings } = io;
  let outcome = first;
  let diagnosis = judge(outcome, method);
  let usedMethod = method;
  let postOnly = false;
  if (diagnosis && opts.authMethod === 'auto' && outcome.kind === 'http' && AUTH_METHOD_CODES.has(diagnosis.code)) {
    const other: AuthMethod = method === 'basic' ? 'post' : 'basic';
    exchange.push(`(retrying once with client_secret_${other} to tell an auth-method problem from a wrong secret)`);
    const second = await ask(other);
    exchange.push(...second.exchange);
    const d2 = judge(second, other);
    if (!d2) {
      outcome = second;
      usedMethod = other;
      if (other === 'post') {
        // It works, but not the way flyte does it.
        const first = diagnosis;
        diagnosis = buildDiagnosis('client_auth_method_mismatch', provider(), {
          title: 'Works only with client_secret_post; flyte always uses client_secret_basic',
          detail:
            'The identity provider accepted the same client ID and secret sent in the request body (client_secret_post) but rejected them in the Authorization header (client_secret_basic). flyte only ever sends the header, so `flyte deploy` will fail.',
          vars: { tokenUrl, clientId: opts.clientId },
          ...(first.providerText ? { providerText: first.providerText } : {}),
        });
        postOnly = true;
      } else {
        diagnosis = null;
        warnings.push({
          code: 'auth_method_basic_only',
          message: 'client_secret_post was rejected but client_secret_basic works; flyte uses basic, so this is fine.',
        });
      }
    }
  }
  if (!diagnosis && opts.authMethod === 'auto' && usedMethod === 'post') {
    // Discovery advertised post and post worked, but flyte only ever sends client_secret_basic: that decides.
    exchange.push('(client_secret_post worked; trying client_secret_basic once, the only method flyte uses)');
    const viaBasic = await ask('basic');
    exchange.push(...viaBasic.exchange);
    const basicDiagnosis = judge(viaBasic, 'basic');
    if (!basicDiagnosis) {
      outcome = viaBasic;
      usedMethod = 'basic';
    } else {
      diagnosis = buildDiagnosis('client_auth_method_mismatch', provider(), {
        title: 'Works only with client_secret_post; flyte always uses client_secret_basic',
        detail:
          'The identity provider advertises and accepts client_secret_post but rejected the same client ID and secret in the Authorization header (client_secret_basic). flyte only ever sends the header, so `flyte deploy` will fail.',
        vars: { tokenUrl, clientId: opts.clientId },
        ...(basicDiagnosis.providerText ? { providerText: basicDiagnosis.providerText } : {}),
      });
      postOnly = true;
    }
  }
  return { outcome, usedMethod, diagnosis, postOnly };
}

/** expires_in as flyte reads it: missing or not an integer fails, null passes with a warning. */
function judgeExpiresIn(
  outcome: Extract<TokenOutcome, { kind: 'http' }>,
  usedMethod: AuthMethod,
  provider: ProviderId,
  tokenCtx: DiagnosisContext,
  { step, warnings }: StageIO,
): Diagnosis | null {
  if (outcome.expiresInState === 'missing' || outcome.expiresInState === 'invalid') {
    step({ id: 'token', status: 'failed', summary: outcome.expiresInState === 'missing' ? 'Token issued without expires_in' : 'Token issued with an expires_in that is not an integer' });
    const dg = diagnoseHttp(outcome.observation, tokenCtx);
    if (dg.severity === 'error') return dg;
    return outcome.expiresInState === 'missing'
      ? buildDiagnosis('missing_expires_in', provider)
      : buildDiagnosis('missing_expires_in', provider, { variant: 'not-integer', vars: { expiresIn: JSON.stringify(outcome.json?.expires_in) } });
  }
  if (outcome.expiresInState === 'null') {
    warnings.push({ code: 'expires_in_null', message: 'The token answer has "expires_in": null. flyte accepts that (it then cannot tell when the token expires and relies on the control plane rejecting it).' });
  }
  step({
    id: 'token',
    status: 'ok',
    summary: `Token issued: HTTP ${outcome.observation.status} in ${Math.round(outcome.ms)} ms with client_secret_${usedMethod}, expires in ${outcome.expiresIn === null ? '(null)' : `${outcome.expiresIn} s`}`,
  });
  return null;
}

/** The decoded claims against what the control plane and the options expect. */
function judgeClaims(decoded: DecodedToken | null, tokenCtx: DiagnosisContext, { step, warnings }: StageIO): Diagnosis | null {
  const claims = checkClaims(decoded, tokenCtx);
  warnings.push(...claims.warnings);
  if (claims.diagnosis.severity === 'error') {
    step({ id: 'claims', status: 'failed', summary: `Token claims: ${claims.diagnosis.title}` });
    return claims.diagnosis;
  }
  if (claims.diagnosis.severity === 'warning') {
    if (!warnings.some((w) => w.code === claims.diagnosis.code)) warnings.push({ code: claims.diagnosis.code, message: `${claims.diagnosis.title}${claims.diagnosis.detail ? `: ${claims.diagnosis.detail}` : ''}` });
    step({ id: 'claims', status: 'warning', summary: claims.diagnosis.title });
  } else {
    step({ id: 'claims', status: 'ok', summary: 'Token claims look right' });
  }
  return null;
}
