/**
 * The flags that aim and shape a check (where to send it, scopes, audience, auth method, trust, timeout), parsed
 * and validated once for `check` and `rotate`.
 */
import path from 'node:path';
import { PROVIDERS, type CheckOptions, type CheckShape, type ProviderId } from '../core/check-types.js';
import { UsageError } from '../core/errors.js';
import { isLoopbackHost } from '../core/net-rules.js';
import { stripControl } from '../core/sanitize.js';
import type { OptionSpec, ParsedArgs } from './types.js';
import { enumFlag, list, refuse, scopesFlag, str, timeoutFlag } from './flags.js';
import { domainProblem, orgProblem, parseHost, projectProblem, PROVIDER_ALIASES } from '../core/validate.js';

const clean = (s: unknown) => stripControl(String(s ?? ''), { singleLine: true, maxLength: 300 });

// The generic helpers live in ./flags.ts (one flags module for every command); re-exported for old imports.
export { list, str } from './flags.js';

/** One loopback rule for flags and requests (src/core/net-rules.ts): 127.0.0.0/8, ::1, IPv4-mapped forms, localhost. */
export function isLoopback(host: string): boolean {
  return isLoopbackHost(host);
}

/** The flags that aim and shape a check; `rotate` takes the same ones. */
export const CHECK_SHAPE_OPTIONS = {
  'token-url': { type: 'string' },
  issuer: { type: 'string' },
  endpoint: { type: 'string' },
  scope: { type: 'string', multiple: true },
  audience: { type: 'string' },
  'auth-method': { type: 'string' },
  provider: { type: 'string' },
  'expect-audience': { type: 'string', multiple: true },
  'expect-scope': { type: 'string', multiple: true },
  'ca-file': { type: 'string' },
  'idp-ca-file': { type: 'string' },
  timeout: { type: 'string' },
} as const satisfies OptionSpec;

/** Validate the check-shaping flags (one message per bad value, exit 2). `--endpoint` is reduced to host[:port]. */
export function checkShapeFromArgs(v: ParsedArgs['values'], cwd: string): CheckShape {
  const authMethod = enumFlag('--auth-method', str(v['auth-method']), ['basic', 'post', 'auto'] as const) ?? 'basic';
  const provider = enumFlag('--provider', str(v.provider), PROVIDERS, PROVIDER_ALIASES as Record<string, ProviderId>);
  const timeoutMs = timeoutFlag(v.timeout, 15_000);
  for (const flag of ['token-url', 'issuer']) {
    const u = str(v[flag]);
    if (u === undefined) continue;
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new UsageError(`--${flag} is not a URL: "${clean(u)}"`, 'Expected e.g. https://idp.example.com/oauth2/token');
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
      throw new UsageError(`--${flag} must use https:// (plain http is only allowed for 127.0.0.1/localhost)`);
    }
  }
  const endpoint = str(v.endpoint);
  const caFile = str(v['ca-file']);
  const idpCaFile = str(v['idp-ca-file']);
  return {
    endpoint: endpoint === undefined ? undefined : endpointHost(endpoint),
    tokenUrl: str(v['token-url']),
    issuer: str(v.issuer),
    scopes: scopesFlag(v.scope),
    audience: str(v.audience),
    authMethod: authMethod as CheckOptions['authMethod'],
    provider: provider as ProviderId | undefined,
    expectAudience: list(v['expect-audience']),
    expectScopes: list(v['expect-scope']),
    caFile: caFile ? path.resolve(cwd, caFile) : undefined,
    idpCaFile: idpCaFile ? path.resolve(cwd, idpCaFile) : undefined,
    timeoutMs,
  };
}

/** host or host:port, as flyte's own --endpoint takes it (a pasted scheme or trailing slash is dropped). */
export function endpointHost(endpoint: string): string {
  const host = endpoint.replace(/^(https?:\/\/|dns:\/\/\/)/i, '').replace(/\/+$/, '');
  // One host rule everywhere (src/core/validate.ts): look-alike letters, a fullwidth colon, ports 0 or > 65535 refused.
  const parsed = parseHost(host, { port: true });
  if ('code' in parsed) throw new UsageError(`--endpoint must be a host name, optionally with :PORT (got "${clean(endpoint.slice(0, 60))}"): ${parsed.message}`);
  return host;
}

/** Where deploy goes: --org/--project/--domain, else task.* from --config FILE (read as flyte reads it: YAML 1.1). */
export interface DeployTarget {
  org?: string;
  project?: string;
  domain?: string;
  /** task.org from the config file (the key's org beats it, as in flyte). */
  configOrg?: string;
}

export async function deployTargetFromArgs(v: ParsedArgs['values'], cwd: string): Promise<DeployTarget> {
  const out: DeployTarget = { org: str(v.org), project: str(v.project), domain: str(v.domain) };
  // One rule per input (src/core/validate.ts): what flyte would reject is refused here, with exit 2.
  if (out.project !== undefined) refuse('--project', projectProblem(out.project));
  if (out.domain !== undefined) refuse('--domain', domainProblem(out.domain));
  if (out.org !== undefined) refuse('--org', orgProblem(out.org));
  const config = str(v.config);
  if (config) {
    const { readFile } = await import('node:fs/promises');
    const file = path.resolve(cwd, config);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--config ${clean(config)}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    // In the code-split bundle a dynamic import of this CommonJS-built package may expose only `default`.
    const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
    const parse = typeof mod.parse === 'function' ? mod.parse : mod.default!.parse;
    let doc: unknown;
    try {
      doc = parse(text, { version: '1.1' });
    } catch {
      throw new UsageError(`--config ${clean(config)}: not valid YAML (flyte would ignore the whole file)`);
    }
    const task = doc && typeof doc === 'object' ? (doc as { task?: unknown }).task : undefined;
    const field = (k: string): string | undefined => {
      const val = task && typeof task === 'object' ? (task as Record<string, unknown>)[k] : undefined;
      return typeof val === 'string' && val.trim() !== '' ? val.trim() : undefined;
    };
    out.project ??= field('project');
    out.domain ??= field('domain');
    out.configOrg = field('org');
    if (out.project !== undefined) refuse(`--config ${clean(config)}: task.project`, projectProblem(out.project));
    if (out.domain !== undefined) refuse(`--config ${clean(config)}: task.domain`, domainProblem(out.domain));
    if (out.configOrg !== undefined) refuse(`--config ${clean(config)}: task.org`, orgProblem(out.configOrg));
  }
  return out;
}
