/**
 * Does the token's signature verify against the issuer's key set? The key set is fetched through the same
 * bounded client as everything else (deadline, body cap, trust, proxy), then checked with jose against a local
 * copy. Outcomes: verified; invalid (alg none, a shared-secret alg where the issuer publishes public keys, a
 * signature or key that does not match); or not checked (the key set could not be fetched or read).
 */
import { algorithmProblem, ASYMMETRIC_ALGS } from '../core/diagnose-claims.js';
import { errorCode, type FetchLike } from './http.js';

export type SignatureResult =
  | { kind: 'verified'; alg: string }
  | { kind: 'invalid'; reason: string; code: string }
  | { kind: 'unchecked'; reason: string };

const INVALID_CODES = new Set([
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWS_INVALID',
  'ERR_JOSE_ALG_NOT_ALLOWED',
]);

export async function verifyTokenSignature(fetch: FetchLike, jwksUri: string, token: string): Promise<SignatureResult> {
  const jose = await import('jose');
  let keys: Array<Record<string, unknown>>;
  try {
    const res = await fetch(jwksUri, { headers: { Accept: 'application/json' } });
    const text = await res.text();
    if (!res.ok) return { kind: 'unchecked', reason: `the key set answered HTTP ${res.status}` };
    const doc = JSON.parse(text) as { keys?: unknown };
    if (!doc || !Array.isArray(doc.keys)) return { kind: 'unchecked', reason: 'the key set has no "keys" list' };
    keys = doc.keys.filter((k): k is Record<string, unknown> => Boolean(k) && typeof k === 'object');
  } catch (err) {
    const { code } = errorCode(err);
    return { kind: 'unchecked', reason: err instanceof SyntaxError ? 'the key set is not JSON' : `the key set was not reachable (${code})` };
  }
  let alg: unknown;
  try {
    alg = jose.decodeProtectedHeader(token).alg;
  } catch {
    return { kind: 'invalid', reason: 'the token header cannot be read', code: 'ERR_JWS_INVALID' };
  }
  const bad = algorithmProblem(alg, keys);
  if (bad) return { kind: 'invalid', reason: bad, code: 'ERR_JOSE_ALG_NOT_ALLOWED' };
  try {
    const set = jose.createLocalJWKSet({ keys } as Parameters<typeof jose.createLocalJWKSet>[0]);
    await jose.compactVerify(token, set, { algorithms: [...ASYMMETRIC_ALGS] });
    return { kind: 'verified', alg: String(alg) };
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (INVALID_CODES.has(code)) {
      const reason =
        code === 'ERR_JWKS_NO_MATCHING_KEY'
          ? 'no key in the issuer\'s key set matches the token (kid/alg)'
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? `the algorithm ${String(alg)} is not allowed for this issuer`
            : 'the signature does not match the issuer\'s keys';
      return { kind: 'invalid', reason, code };
    }
    return { kind: 'unchecked', reason: `the key set could not be used (${code || (err as Error).message})` };
  }
}
