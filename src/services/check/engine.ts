/**
 * `flyte-ci-auth check`: will `flyte deploy` authenticate with these credentials, and if not, why and what to
 * change? The network side observes exactly what `flyte` does (control-plane discovery over Connect, the
 * client_credentials request with client_secret_basic, the authenticated UserInfo call); the rules in
 * src/core/diagnose.ts explain what was observed. runCheck() is also what the wizard and `rotate` call.
 *
 * Nothing here imports undici, jose, Connect or the demo at the top level: they load when a check runs.
 */
import type {
  AuthMethod,
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
} from '../core/check-types.js';
import { PROVIDERS } from '../core/check-types.js';
import { MissingAnswerError, UsageError } from '../core/errors.js';
import { readSecretEnv } from '../services/secret-env.js';
import { stripControl } from '../core/sanitize.js';
import { Secret, redact } from '../core/secret.js';
import type { Style } from '../core/style.js';
import { buildDiagnosis, checkClaims, claimRows, decodeToken, detectProvider, diagnoseHttp, diagnoseTransport } from '../core/diagnose.js';
import { maskCredentials } from '../core/diagnose-catalogue.js';
import type { FetchLike } from '../services/http.js';
import { CHECK_SHAPE_OPTIONS, checkShapeFromArgs, endpointHost, list, str } from './check-flags.js';
import type { CommandContext, CommandModule, Env, ParsedArgs } from './types.js';

export interface CheckDeps {
  /** Replaces the CA/proxy-aware client (tests). */
  fetch?: FetchLike;
  now?: () => Date;
  onStep?: (step: CheckStep) => void;
  /** Proxy variables are read from here (default process.env). */
  env?: Env;
  /** PEM text trusted in addition to caFile (the demo). */
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
  const now = deps.now ?? (() => new Date());
  const via: CheckReport['target']['via'] = opts.tokenUrl ? 'token-url' : opts.issuer ? 'issuer' : 'control-plane';
  if (via === 'control-plane' && !opts.endpoint) {
    throw new UsageError('nothing to check against: no control-plane host', 'Pass --endpoint HOST, FLYTE_API_KEY, --issuer URL or --token-url URL.');
  }
  const steps: CheckStep[] = [];
  const warnings: Warning[] = [];
  const exchange: string[] = [];
  const secrets: Array<Secret | string> = [opts.clientSecret];
  // The Basic header value (base64 of clientId:quote_plus(secret)): a server that echoes it must not get it printed.
  const { basicAuthorization } = await import('../services/token.js');
  if (!opts.clientSecret.isEmpty) secrets.push(basicAuthorization(opts.clientId, opts.clientSecret));
  const step = (s: CheckStep) => {
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

  let fetch = deps.fetch;
  let close = async () => undefined as void;
  if (!fetch) {
    const { createHttpClient } = await import('../services/http.js');
    const client = await createHttpClient({ caFile: opts.caFile, caPem: deps.caPem, timeoutMs: opts.timeoutMs, env: deps.env ?? process.env });
    fetch = client.fetch;
    close = client.close;
  }

  let provider: ProviderId = opts.provider ?? 'generic';
  let scopes: string[] | null = opts.scopes ?? null;
  let audience: string | undefined = opts.audience;
  let method: AuthMethod = opts.authMethod === 'post' ? 'post' : 'basic';
  let advertised: string[] = [];
  let jwksUri: string | undefined;
  let issuer: string | undefined;
  let headerName = 'authorization';

  const ctx = (stage: Stage, extra: Partial<DiagnosisContext> = {}): DiagnosisContext => ({
    provider,
    stage,
    tokenUrl: report.target.tokenUrl ?? undefined,
    controlPlaneHost: opts.endpoint,
    clientId: opts.clientId,
    scopes: scopes ?? [],
    audience,
    authMethod: method,
    expectAudience: opts.expectAudience,
    expectScopes: opts.expectScopes,
    headerName,
    now: now(),
    ...extra,
  });
  const fail = (diagnosis: Diagnosis): CheckReport => {
    report.ok = false;
    report.diagnosis = { ...diagnosis, providerText: diagnosis.providerText ? redact(diagnosis.providerText, secrets) : undefined };
    report.provider = provider;
    return report;
  };
  const observe = (obs: TransportFailure | HttpObservation, stage: Stage): Diagnosis =>
    obs.kind === 'transport' ? diagnoseTransport(obs, ctx(stage)) : diagnoseHttp(obs, ctx(stage));

  try {
    // ---- 1. Where is the token endpoint? ----
    if (via === 'control-plane') {
      const endpoint = opts.endpoint!;
      step({ id: 'metadata', status: 'running', summary: `Asking the control plane https://${endpoint} how to authenticate` });
      const { discoverControlPlane } = await import('../services/controlplane.js');
      const d = await discoverControlPlane(fetch, endpoint);
      exchange.push(...d.metadata.exchange, ...d.client.exchange);
      const failed = !d.metadata.ok ? d.metadata : !d.client.ok ? d.client : undefined;
      if (failed && !failed.ok) {
        const diagnosis = observe(failed.observation, 'metadata');
        if (failed.observation.kind === 'http') report.http = { status: failed.observation.status };
        step({ id: 'metadata', status: 'failed', summary: `Control plane discovery failed: ${diagnosis.title}` });
        return fail(diagnosis);
      }
      if (!d.metadata.ok || !d.client.ok) throw new Error('unreachable');
      const meta = d.metadata.value;
      const pcc = d.client.value;
      if (!meta.tokenEndpoint) {
        step({ id: 'metadata', status: 'failed', summary: 'The control plane advertises no token endpoint' });
        return fail(buildDiagnosis('auth_not_configured', 'generic', { vars: { controlPlaneHost: endpoint } }));
      }
      report.target.tokenUrl = meta.tokenEndpoint;
      scopes = opts.scopes ?? pcc.scopes;
      audience = opts.audience ?? (pcc.audience || undefined);
      headerName = pcc.authorizationMetadataKey || 'authorization';
      advertised = meta.tokenEndpointAuthMethodsSupported;
      jwksUri = meta.jwksUri || undefined;
      issuer = meta.issuer || undefined;
      report.discovered = { tokenEndpoint: meta.tokenEndpoint, scopes: pcc.scopes, audience: pcc.audience, headerName };
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
    } else if (via === 'issuer') {
      step({ id: 'discovery', status: 'running', summary: `Discovering ${opts.issuer}` });
      const found = await discover(fetch, opts.issuer!, exchange);
      if (!found.ok) {
        const diagnosis = observe(found.observation, 'discovery');
        if (found.observation.kind === 'http') report.http = { status: found.observation.status };
        step({ id: 'discovery', status: 'failed', summary: `Discovery failed: ${diagnosis.title}` });
        return fail(diagnosis);
      }
      const doc = found.doc;
      report.target.tokenUrl = doc.token_endpoint;
      advertised = doc.token_endpoint_auth_methods_supported ?? [];
      jwksUri = doc.jwks_uri;
      issuer = doc.issuer;
      if (Array.isArray(doc.grant_types_supported) && !doc.grant_types_supported.includes('client_credentials')) {
        warnings.push({
          code: 'grant_not_advertised',
          message: `Discovery lists grant_types_supported without client_credentials (${doc.grant_types_supported.map(clean).join(', ')}). Some providers omit grants they support; the token request below decides.`,
        });
      }
      step({ id: 'discovery', status: 'ok', summary: `Discovery (${clean(found.url)}): token endpoint ${clean(doc.token_endpoint)}` });
    }
    const tokenUrl = report.target.tokenUrl!;
    if (!opts.provider) provider = detectProvider({ tokenUrl, issuer });

    // ---- 2. The token request, as flyte sends it ----
    if (opts.authMethod === 'auto') {
      const sup = advertised;
      method = sup.length === 0 || sup.includes('client_secret_basic') ? 'basic' : sup.includes('client_secret_post') ? 'post' : 'basic';
    }
    const { requestToken } = await import('../services/token.js');
    const ask = (m: AuthMethod) =>
      requestToken(fetch!, { tokenUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, scopes, audience, method: m });
    step({ id: 'token', status: 'running', summary: `Requesting a token from ${clean(tokenUrl)} (client_secret_${method})` });
    let outcome = await ask(method);
    exchange.push(...outcome.exchange);

    const judge = (o: typeof outcome, m: AuthMethod): Diagnosis | null => {
      if (o.kind === 'transport') return diagnoseTransport(o.failure, ctx('token', { authMethod: m }));
      const obs = o.observation;
      if (!opts.provider) provider = detectProvider({ tokenUrl, issuer, body: obs.body });
      const is2xx = obs.status >= 200 && obs.status < 300;
      if (!is2xx || !o.accessToken) {
        const dg = diagnoseHttp(obs, ctx('token', { authMethod: m }));
        if (dg.severity === 'error') return dg;
        return buildDiagnosis('not_an_oauth_response', provider, { variant: 'no-token', vars: { status: obs.status, url: tokenUrl } });
      }
      return null;
    };
    let diagnosis = judge(outcome, method);
    let usedMethod = method;
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
          diagnosis = buildDiagnosis('client_auth_method_mismatch', provider, {
            title: 'Works only with client_secret_post; flyte always uses client_secret_basic',
            detail:
              'The identity provider accepted the same client ID and secret sent in the request body (client_secret_post) but rejected them in the Authorization header (client_secret_basic). flyte only ever sends the header, so `flyte deploy` will fail.',
            vars: { tokenUrl, clientId: opts.clientId },
            ...(first.providerText ? { providerText: first.providerText } : {}),
          });
          report.authMethod = 'post';
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
        diagnosis = buildDiagnosis('client_auth_method_mismatch', provider, {
          title: 'Works only with client_secret_post; flyte always uses client_secret_basic',
          detail:
            'The identity provider advertises and accepts client_secret_post but rejected the same client ID and secret in the Authorization header (client_secret_basic). flyte only ever sends the header, so `flyte deploy` will fail.',
          vars: { tokenUrl, clientId: opts.clientId },
          ...(basicDiagnosis.providerText ? { providerText: basicDiagnosis.providerText } : {}),
        });
        report.authMethod = 'post';
      }
    }
    report.authMethod = report.authMethod ?? usedMethod;
    if (outcome.kind === 'http') report.http = { status: outcome.observation.status };
    if (diagnosis && !(diagnosis.code === 'client_auth_method_mismatch' && outcome.kind === 'http' && outcome.accessToken)) {
      step({ id: 'token', status: 'failed', summary: `Token request failed: ${diagnosis.title}` });
      return fail(diagnosis);
    }
    if (outcome.kind !== 'http' || !outcome.accessToken) throw new Error('unreachable');
    const token = outcome.accessToken;
    secrets.push(token);
    if (opts.authMethod === 'post' && !diagnosis) {
      warnings.push({ code: 'auth_method_post', message: 'This check used client_secret_post as asked; flyte always uses client_secret_basic.' });
    }

    // ---- 3. Decode the token and check its claims ----
    const jose = await import('jose');
    const decoded: DecodedToken | null = decodeToken(token);
    report.token = decoded ? { header: decoded.header, claims: decoded.claims, expiresIn: outcome.expiresIn } : null;
    report.claimRows = decoded ? claimRows(decoded, now()) : [];
    if (!opts.provider) provider = detectProvider({ tokenUrl, issuer, body: outcome.observation.body, claims: decoded?.claims });

    if (diagnosis) {
      // Only client_auth_method_mismatch with a post-issued token gets here: show the token, then fail.
      step({ id: 'token', status: 'failed', summary: `Token issued only with client_secret_post (flyte uses basic)` });
      return fail(diagnosis);
    }
    if (outcome.expiresIn === null) {
      step({ id: 'token', status: 'failed', summary: 'Token issued without expires_in' });
      const dg = diagnoseHttp(outcome.observation, ctx('token'));
      return fail(dg.severity === 'error' ? dg : buildDiagnosis('missing_expires_in', provider));
    }
    step({
      id: 'token',
      status: 'ok',
      summary: `Token issued: HTTP ${outcome.observation.status} in ${Math.round(outcome.ms)} ms with client_secret_${usedMethod}, expires in ${outcome.expiresIn} s`,
    });

    const claims = checkClaims(decoded, ctx('token'));
    warnings.push(...claims.warnings);
    if (claims.diagnosis.severity === 'error') {
      step({ id: 'claims', status: 'failed', summary: `Token claims: ${claims.diagnosis.title}` });
      return fail(claims.diagnosis);
    }
    if (claims.diagnosis.severity === 'warning') {
      if (!warnings.some((w) => w.code === claims.diagnosis.code)) warnings.push({ code: claims.diagnosis.code, message: `${claims.diagnosis.title}${claims.diagnosis.detail ? `: ${claims.diagnosis.detail}` : ''}` });
      step({ id: 'claims', status: 'warning', summary: claims.diagnosis.title });
    } else {
      step({ id: 'claims', status: 'ok', summary: 'Token claims look right' });
    }

    // ---- 4. Signature against the issuer's JWKS, with the same trust ----
    if (decoded && jwksUri) {
      try {
        const jwks = jose.createRemoteJWKSet(new URL(jwksUri), {
          [jose.customFetch]: fetch as never,
          timeoutDuration: opts.timeoutMs,
        });
        await jose.compactVerify(token.reveal(), jwks);
        step({ id: 'signature', status: 'ok', summary: `Signature verified against ${clean(jwksUri)}` });
      } catch (err) {
        const code = String((err as { code?: string }).code ?? '');
        if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWS_INVALID') {
          step({ id: 'signature', status: 'failed', summary: 'Signature does not verify against the issuer\'s keys' });
          return fail(
            buildDiagnosis('signature_invalid', provider, {
              notes: [`raw:The key set was ${clean(jwksUri)} (${code}).`],
            }),
          );
        }
        warnings.push({
          code: 'jwks_unreachable',
          message: `Could not check the signature: the key set ${clean(jwksUri)} was not usable (${clean(code || (err as Error).message)}).`,
        });
        step({ id: 'signature', status: 'warning', summary: 'Signature not checked (key set unreachable)' });
      }
    } else {
      step({ id: 'signature', status: 'skipped', summary: decoded ? 'Signature not checked: no JWKS URL known (use --issuer)' : 'Signature not checked: opaque token' });
    }

    // ---- 5. The authenticated call flyte makes ----
    if (via === 'control-plane') {
      step({ id: 'userinfo', status: 'running', summary: `Calling UserInfo with the token in "${headerName}"` });
      const { callUserInfo } = await import('../services/controlplane.js');
      const u = await callUserInfo(fetch, opts.endpoint!, headerName, token);
      exchange.push(...u.exchange);
      if (!u.ok) {
        const dg = observe(u.observation, 'userinfo');
        step({ id: 'userinfo', status: 'failed', summary: `The control plane did not accept the token: ${dg.title}` });
        return fail(dg);
      }
      step({
        id: 'userinfo',
        status: 'ok',
        summary: `The control plane accepted the token (UserInfo subject ${clean(u.value.subject) || '(empty)'})`,
      });
    }
    report.ok = true;
    report.diagnosis = OK_DIAGNOSIS;
    report.provider = provider;
    return report;
  } finally {
    // Exact values first, then the pattern backstop (a Basic/Bearer credential, a JWT, client_secret=…) that
    // provider text gets too.
    for (let i = 0; i < exchange.length; i++) exchange[i] = maskCredentials(redact(exchange[i]!, secrets));
    await close();
  }
}

interface DiscoveryDoc {
  issuer?: string;
  token_endpoint: string;
  jwks_uri?: string;
  grant_types_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
}

/** OIDC discovery, then RFC 8414 (appended and inserted forms). The first usable document wins. */
async function discover(
  fetch: FetchLike,
  issuerUrl: string,
  exchange: string[],
): Promise<{ ok: true; doc: DiscoveryDoc; url: string } | { ok: false; observation: TransportFailure | HttpObservation }> {
  const { TransportError, readText } = await import('../services/http.js');
  const base = issuerUrl.replace(/\/+$/, '');
  const u = new URL(base);
  const candidates = [`${base}/.well-known/openid-configuration`, `${base}/.well-known/oauth-authorization-server`];
  if (u.pathname !== '/' && u.pathname !== '') candidates.push(`${u.origin}/.well-known/oauth-authorization-server${u.pathname}`);
  let first: TransportFailure | HttpObservation | undefined;
  for (const url of candidates) {
    exchange.push(`> GET ${url}`);
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' } });
      const body = await readText(res);
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      exchange.push(`< HTTP ${res.status}`, `< ${body.slice(0, 300)}`);
      let doc: unknown;
      try {
        doc = JSON.parse(body);
      } catch {
        doc = undefined;
      }
      if (res.ok && doc && typeof (doc as DiscoveryDoc).token_endpoint === 'string') return { ok: true, doc: doc as DiscoveryDoc, url };
      first ??= { kind: 'http', stage: 'discovery', url, status: res.status, headers, body };
    } catch (err) {
      const obs: TransportFailure =
        err instanceof TransportError
          ? err.toFailure('discovery')
          : { kind: 'transport', stage: 'discovery', url, code: 'UNKNOWN', message: String(err), proxyConfigured: false, timeoutMs: 0 };
      exchange.push(`< (no answer: ${obs.code})`);
      // No point trying other paths on a host that cannot be reached.
      return { ok: false, observation: obs };
    }
  }
  return { ok: false, observation: first! };
}

// ---------------------------------------------------------------------------------------------------------------
// Output

export function toCheckJson(report: CheckReport) {
  return {
    ok: report.ok,
    diagnosis: {
      code: report.diagnosis.code,
      title: report.diagnosis.title,
      detail: report.diagnosis.detail,
      fix: [...report.diagnosis.fix],
    },
    warnings: report.warnings.map((w) => ({ code: w.code, message: w.message })),
    token: report.token ? { header: report.token.header, claims: report.token.claims, expiresIn: report.token.expiresIn } : null,
    http: report.http ? { status: report.http.status } : null,
    target: { tokenUrl: report.target.tokenUrl, via: report.target.via },
  };
}

const MARK: Record<CheckStep['status'], string> = { running: '…', ok: '✓', warning: '!', failed: '✗', skipped: '-' };

export function renderCheckReport(report: CheckReport, style: Style, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const s = (t: unknown) => stripControl(String(t ?? ''), { singleLine: true, maxLength: 400 });
  const colour = (st: CheckStep['status'], t: string) =>
    st === 'ok' ? style.green(t) : st === 'failed' ? style.red(t) : st === 'warning' ? style.yellow(t) : style.dim(t);
  for (const st of report.steps) out.push(`  ${colour(st.status, MARK[st.status])} ${s(st.summary)}`);

  if (report.token) {
    out.push('', style.bold('Token (decoded, not a secret: the signature part is not shown)'));
    const h = report.token.header;
    out.push(`  ${'Header'.padEnd(14)} ${s(['alg', 'typ', 'kid'].filter((k) => h[k] !== undefined).map((k) => `${k}=${String(h[k])}`).join(', '))}`);
    const width = Math.min(18, Math.max(14, ...report.claimRows.map((r) => r.label.length)));
    for (const r of report.claimRows) out.push(`  ${s(r.label).padEnd(width)} ${s(r.value)}`);
  }

  out.push('');
  const d = report.diagnosis;
  if (report.ok) {
    out.push(`${style.green(style.bold('OK'))}: ${s(d.title)}`);
  } else {
    out.push(`${style.red(style.bold('FAILED'))}: ${s(d.title)} ${style.dim(`[${d.code}]`)}`);
    if (d.detail) out.push(...wrap(stripControl(d.detail), 2));
    if (d.providerText) out.push(`  ${style.dim('The server said:')} ${s(d.providerText)}`);
    if (d.fix.length > 0) {
      out.push('', '  What to do:');
      d.fix.forEach((f, i) => out.push(...wrap(stripControl(f), 6, `  ${String(i + 1).padStart(2)}. `)));
    }
  }
  if (report.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of report.warnings) out.push(...wrap(`${stripControl(w.message)} [${w.code}]`, 4, `  ${style.yellow('!')} `));
  }
  if (opts.verbose && report.exchange.length > 0) {
    out.push('', style.bold('HTTP exchange (secrets and tokens redacted)'));
    for (const line of report.exchange) out.push(`  ${stripControl(line, { maxLength: 2000 }).replace(/\n/g, '\n  ')}`);
  }
  return `${out.join('\n')}\n`;
}

function wrap(text: string, indent: number, firstPrefix?: string, width = 100): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = firstPrefix ?? ' '.repeat(indent);
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// The command

const USAGE = `flyte-ci-auth check [flags]

Test the credentials exactly as flyte does: ask the control plane (over Connect) for the token endpoint,
scopes, audience and header; request a token with client_secret_basic; decode and check it; then call
UserInfo with it. On failure, one diagnosis with numbered fix steps. Exit 0 ok, 1 it will not work, 2 usage.

Aim (first match wins):
      --token-url URL           POST to this token endpoint directly
      --issuer URL              OIDC/OAuth discovery finds the token endpoint and the keys
      --endpoint HOST[:PORT]    Control-plane host (default: the host inside FLYTE_API_KEY)

Credentials:
  FLYTE_API_KEY (environment)   host, client ID, secret and org in one value
      --api-key-stdin           Read FLYTE_API_KEY from stdin instead
      --client-id ID            Client ID (then the secret comes from one of:)
      --client-secret-stdin     the secret on stdin
      --client-secret-env NAME  the secret in environment variable NAME

Options:
      --scope S                 Scope to request (repeatable; default: what the control plane advertises)
      --audience A              Audience to request (default: what the control plane advertises)
      --auth-method M           basic (what flyte does, default) | post | auto (advertised, one retry)
      --provider P              okta | entra | keycloak | auth0 | generic (normally detected)
      --expect-audience A       Fail unless the token's aud contains A (repeatable)
      --expect-scope S          Fail unless the token carries scope/role S (repeatable)
      --ca-file PEM             Trust this CA too (control plane, token endpoint, JWKS)
      --timeout SECONDS         Bound for every request (default 15)
      --verbose                 Show the HTTP exchange (secrets and tokens redacted)
      --demo                    Run against a local demo identity provider and control plane

Examples:
  flyte-ci-auth check                                  # FLYTE_API_KEY from the environment
  flyte-ci-auth check --endpoint union.acme.com --client-id ci --client-secret-env CI_SECRET
  printf %s "$SECRET" | flyte-ci-auth check --token-url https://idp/oauth2/token --client-id ci --client-secret-stdin
  flyte-ci-auth check --demo`;


function stripNewline(s: string): string {
  return s.replace(/\r?\n$/, '');
}

/** Turn flags and environment into CheckOptions; throws UsageError / MissingAnswerError. */
export async function optionsFromArgs(args: ParsedArgs, ctx: CommandContext): Promise<CheckOptions> {
  const v = args.values;
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${clean(args.positionals[0])}"`, 'Usage: flyte-ci-auth check [flags]');
  const shape = checkShapeFromArgs(v, ctx.cwd);

  let clientId = str(v['client-id']);
  let clientSecret: Secret | undefined;
  let endpoint = shape.endpoint;
  let org: string | undefined;
  const secretStdin = v['client-secret-stdin'] === true;
  const secretEnv = str(v['client-secret-env']);
  const keyStdin = v['api-key-stdin'] === true;
  if (secretStdin && keyStdin) throw new UsageError('--api-key-stdin and --client-secret-stdin both want stdin; pick one');
  if (secretStdin && secretEnv) throw new UsageError('pass the secret either with --client-secret-stdin or with --client-secret-env, not both');

  if (clientId !== undefined || secretStdin || secretEnv) {
    if (clientId === undefined) throw new MissingAnswerError(['--client-id']);
    if (secretStdin) {
      if (ctx.io.stdin.isTTY) throw new UsageError('--client-secret-stdin: nothing was piped to stdin', 'e.g. printf %s "$SECRET" | flyte-ci-auth check --client-id ID --client-secret-stdin …');
      clientSecret = new Secret(stripNewline(await ctx.io.stdin.readAll()));
    } else if (secretEnv) {
      // Never echo the flag's value: it may be the secret itself (--client-secret-env "$SECRET").
      clientSecret = new Secret(readSecretEnv(ctx.env, secretEnv));
    } else {
      throw new MissingAnswerError(['--client-secret-stdin or --client-secret-env NAME']);
    }
    if (clientSecret.isEmpty) throw new UsageError('the client secret is empty');
  } else {
    let key: string | undefined;
    if (keyStdin) {
      if (ctx.io.stdin.isTTY) throw new UsageError('--api-key-stdin: nothing was piped to stdin');
      key = stripNewline(await ctx.io.stdin.readAll()).trim();
    } else {
      key = ctx.env.FLYTE_API_KEY?.trim() || undefined;
    }
    if (!key) throw new MissingAnswerError(['the key in FLYTE_API_KEY, or --api-key-stdin, or --client-id with --client-secret-stdin or --client-secret-env NAME']);
    const { decodeApiKey } = await import('../core/apikey.js');
    let decodedKey;
    try {
      decodedKey = decodeApiKey(key);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError('FLYTE_API_KEY could not be decoded', 'Check it with `flyte-ci-auth key decode`, or pass --client-id and the secret separately.');
    }
    const errors = decodedKey.problems.filter((p) => p.severity === 'error');
    if (!decodedKey.valid || errors.length > 0) {
      throw new UsageError(
        `FLYTE_API_KEY is not usable: ${errors.map((p) => redact(p.message, [decodedKey.clientSecret, key])).join('; ') || 'flyte would not read it as intended'}`,
        'Run `flyte-ci-auth key decode` for the details, or rebuild it with `flyte-ci-auth key encode`.',
      );
    }
    clientId = decodedKey.clientId;
    clientSecret = decodedKey.clientSecret;
    endpoint ??= decodedKey.endpoint; // --endpoint wins over the key, as in flyte (flyte.md §3)
    org = decodedKey.org || decodedKey.inferredOrg;
  }
  if (!shape.tokenUrl && !shape.issuer && !endpoint) {
    throw new MissingAnswerError(['--endpoint HOST or --issuer URL or --token-url URL']);
  }
  return {
    ...shape,
    endpoint: endpoint === undefined ? undefined : endpointHost(endpoint),
    clientId,
    clientSecret,
    org,
    verbose: v.verbose === true,
  };
}

function header(opts: CheckOptions): string {
  if (opts.tokenUrl) return `Checking client "${clean(opts.clientId)}" against the token endpoint ${clean(opts.tokenUrl)}`;
  if (opts.issuer) return `Checking client "${clean(opts.clientId)}" against the issuer ${clean(opts.issuer)}`;
  return `Checking client "${clean(opts.clientId)}" the way flyte does, against https://${clean(opts.endpoint)}`;
}

async function runDemo(ctx: CommandContext, verbose: boolean): Promise<number> {
  const { startDemo } = await import('../demo/index.js');
  const st = ctx.style;
  const demo = await startDemo({ extraClients: [{ clientId: 'entra-like-ci', secrets: ['entra~Demo.Secret_1'], entraLike: true }] });
  const base = { endpoint: demo.endpoint, caFile: demo.caFile, timeoutMs: 15_000, authMethod: 'basic' as const, verbose };
  const runs: Array<{ title: string; opts: CheckOptions; expectOk: boolean }> = [
    {
      title: '1/3  The right client ID and secret (the secret contains + / % ~, encoded the way flyte encodes it)',
      opts: { ...base, clientId: demo.clientId, clientSecret: demo.clientSecret },
      expectOk: true,
    },
    {
      title: '2/3  A wrong secret (for example the Secret ID copied instead of the secret value)',
      opts: { ...base, clientId: demo.clientId, clientSecret: new Secret('0f3b9c1e-demo-wrong-secret-id') },
      expectOk: false,
    },
    {
      title: '3/3  An Entra-like app whose API permission never got "Grant admin consent"',
      opts: { ...base, clientId: 'entra-like-ci', clientSecret: new Secret('entra~Demo.Secret_1'), provider: 'entra' },
      expectOk: false,
    },
  ];
  const results: CheckReport[] = [];
  try {
    const out = ctx.io.stdout;
    if (!ctx.json) {
      out.write(
        `${st.bold('DEMO')}: a local identity provider (oidc-provider) and a fake Flyte control plane (Connect) are running on\n` +
          `127.0.0.1 for this run only. Nothing here talks to a real identity provider or control plane.\n` +
          `Control plane: https://${demo.endpoint}   token endpoint: ${demo.auth.tokenEndpoint}\n\n`,
      );
    }
    for (const r of runs) {
      const report = await runCheck(r.opts, { caPem: demo.caPem, env: {} });
      results.push(report);
      if (!ctx.json) {
        out.write(`${st.bold(r.title)}\n${header(r.opts)}\n${renderCheckReport(report, st, { verbose })}\n`);
      }
    }
    const asExpected = results.every((rep, i) => rep.ok === runs[i]!.expectOk);
    if (ctx.json) {
      out.write(`${JSON.stringify({ demo: true, runs: results.map(toCheckJson) }, null, 2)}\n`);
    } else {
      out.write(
        asExpected
          ? `${st.bold('DEMO done')}: one check passed and two failed with their diagnosis, as intended. Against your own setup:\n  FLYTE_API_KEY=… flyte-ci-auth check        (or --endpoint HOST --client-id ID --client-secret-env NAME)\n`
          : `${st.red('DEMO did not behave as expected')}: please report this.\n`,
      );
    }
    return asExpected ? 0 : 1;
  } finally {
    await demo.close();
  }
}

export const command: CommandModule = {
  usage: USAGE,
  options: {
    ...CHECK_SHAPE_OPTIONS,
    'api-key-stdin': { type: 'boolean' },
    'client-id': { type: 'string' },
    'client-secret-stdin': { type: 'boolean' },
    'client-secret-env': { type: 'string' },
    verbose: { type: 'boolean' },
    demo: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.values.demo === true) return runDemo(ctx, args.values.verbose === true);
    const opts = await optionsFromArgs(args, ctx);
    if (!ctx.json) ctx.io.stderr.write(`${header(opts)}\n`);
    const report = await runCheck(opts, { env: ctx.env });
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(toCheckJson(report), null, 2)}\n`);
    else ctx.io.stdout.write(renderCheckReport(report, ctx.style, { verbose: opts.verbose }));
    return report.ok ? 0 : 1;
  },
};
