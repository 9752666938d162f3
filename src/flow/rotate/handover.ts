/**
 * Setup hands over to the rotation ("Rotate the secret of this key"): which control plane the rotation's checks
 * talk to, and with which CA. Pure: the setup command calls these before and at the hand-over.
 */
import path from 'node:path';
import type { CheckShape, ProviderId } from '../../core/check-types.js';
import { parseHost } from '../../core/validate.js';

/**
 * flyte's root `--endpoint` beats the host inside FLYTE_API_KEY, and unlike the key it can carry a port. When
 * setup runs at a terminal with FLYTE_API_KEY set and `--endpoint HOST:PORT` (a port: it cannot be a key's host),
 * that flag is taken out of setup's own answers and kept for the rotation's checks. Returns it, or undefined
 * (nothing taken: setup's rules for --endpoint apply as before).
 */
export function takeEndpointOverride(values: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>, canPrompt: boolean): string | undefined {
  const v = values.endpoint;
  if (!canPrompt || typeof v !== 'string' || !env.FLYTE_API_KEY?.trim()) return undefined;
  const bare = v.trim().replace(/^dns:\/\/\//u, '').replace(/^[a-z]+:\/\//iu, '').replace(/\/+$/u, '');
  const parsed = parseHost(bare, { port: true });
  if ('code' in parsed || parsed.port === undefined) return undefined;
  delete values.endpoint;
  return bare;
}

/** What setup knows when it hands over to the rotation ("Rotate the secret of this key"). */
export interface SetupHandover {
  /** setup's --endpoint flag (not a remembered or typed answer). */
  endpoint?: string;
  /** setup's --ca-file flag. */
  caFile?: string;
  /** config.yaml's admin.caCertFilePath (remembered), resolved against `cwd`. */
  configCaFile?: string;
  authMethod?: CheckShape['authMethod'];
  timeoutMs?: number;
  provider?: ProviderId;
}

/**
 * The rotation's check shape from setup, in flyte's order: the root `--endpoint` beats the host inside
 * FLYTE_API_KEY (for the checks only: the new key keeps the key's host, as `rotate --endpoint` does); the control
 * plane's CA is --ca-file, else the caCertFilePath flyte would read from config.yaml. The token side keeps
 * flyte's own trust (SSL_CERT_FILE / SSL_CERT_DIR from the environment).
 */
export function shapeFromSetup(h: SetupHandover, cwd: string): CheckShape {
  const ca = h.caFile ?? (h.configCaFile ? path.resolve(cwd, h.configCaFile) : undefined);
  return {
    ...(h.endpoint ? { endpoint: h.endpoint } : {}),
    ...(ca ? { caFile: ca } : {}),
    ...(h.provider ? { provider: h.provider } : {}),
    authMethod: h.authMethod ?? 'basic',
    timeoutMs: h.timeoutMs ?? 15_000,
  };
}

