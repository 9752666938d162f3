/** Entra's admin-consent link for an app: an admin opens it and grants the app's permissions in one step. */
import type { CheckReport } from '../core/check-types.js';

const TENANT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^[a-z0-9-]+(\.[a-z0-9-]+)+$/iu;

/** The tenant: the token's `tid`, else the tenant segment of a login.microsoftonline.com token URL. */
export function entraTenant(r: CheckReport): string | undefined {
  const tid = r.token?.claims.tid;
  if (typeof tid === 'string' && TENANT.test(tid)) return tid;
  for (const url of [r.target.tokenUrl, r.discovered?.tokenEndpoint]) {
    const m = url ? /^https:\/\/login\.microsoftonline\.(?:com|us)\/([^/]+)\//iu.exec(url) : null;
    if (m && TENANT.test(m[1]!) && !['common', 'organizations', 'consumers'].includes(m[1]!.toLowerCase())) return m[1];
  }
  return undefined;
}

export function adminConsentUrl(tenant: string, clientId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
