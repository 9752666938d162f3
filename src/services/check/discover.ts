/**
 * Issuer discovery for `check --issuer URL`: OIDC discovery, then RFC 8414 (appended and inserted forms). The
 * first usable document wins. It runs on the identity provider, so it uses the token side's trust.
 */
import type { HttpObservation, TransportFailure } from '../../core/check-types.js';
import type { FetchLike } from '../http.js';

export interface DiscoveryDoc {
  issuer?: string;
  token_endpoint: string;
  jwks_uri?: string;
  grant_types_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
}

/** OIDC discovery, then RFC 8414 (appended and inserted forms). The first usable document wins. */
export async function discover(
  fetch: FetchLike,
  issuerUrl: string,
  exchange: string[],
): Promise<{ ok: true; doc: DiscoveryDoc; url: string } | { ok: false; observation: TransportFailure | HttpObservation }> {
  const { TransportError, readText } = await import('../http.js');
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

