/**
 * The two trust stores flyte uses, reproduced (flyte-sdk `_session.py`, `_token_client.py`, httpx):
 *  - the control plane: `admin.caCertFilePath` (here --ca-file) is the ONLY bundle when set, the system roots
 *    otherwise;
 *  - the token request: an httpx session that never sees caCertFilePath. It trusts the certifi bundle, or
 *    exactly SSL_CERT_FILE when set, else exactly the certificates in SSL_CERT_DIR (httpx's create_ssl_context,
 *    trust_env on). Node's bundled roots stand for certifi (both are Mozilla's list); --idp-ca-file stands for
 *    SSL_CERT_FILE on the CI runner.
 * JWKS: flyte never fetches the key set (the control plane verifies tokens), so the signature check this tool
 * adds uses the token side's trust and its failure to fetch is only a warning.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tls from 'node:tls';
import type { CheckEnv, IdpTrustSource } from '../../core/check-types.js';

export interface TrustChoice<S extends string> {
  source: S;
  /** Exactly these CAs (the defaults are NOT added); undefined = the default roots. */
  pems?: string[];
  /** The file or directory the CAs came from (for messages). */
  from?: string;
}

/** A bundle that could not be read, or holds no certificate: flyte would fail on it too. */
export class TrustFileError extends Error {
  constructor(
    readonly what: string,
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${what} ${file}: ${reason}`);
    this.name = 'TrustFileError';
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

async function readPemFile(what: string, file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new TrustFileError(what, file, (err as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  if (!PEM_CERT.test(text)) throw new TrustFileError(what, file, 'holds no PEM certificate ("-----BEGIN CERTIFICATE-----")');
  PEM_CERT.lastIndex = 0;
  return text;
}

/** The control plane: --ca-file replaces the system roots, as caCertFilePath does in flyte. */
export async function controlPlaneTrust(caFile: string | undefined): Promise<TrustChoice<'ca-file' | 'system'>> {
  if (!caFile) return { source: 'system' };
  return { source: 'ca-file', pems: [await readPemFile('--ca-file', caFile)], from: caFile };
}

/**
 * The token endpoint, as flyte's httpx session picks its trust. The default is exactly Node's bundled Mozilla
 * roots (what certifi holds), not Node's default store: NODE_EXTRA_CA_CERTS or an OS store never reach certifi.
 */
export async function tokenEndpointTrust(idpCaFile: string | undefined, env: CheckEnv): Promise<TrustChoice<IdpTrustSource>> {
  // --idp-ca-file is the identity provider's CA, as `instructions --idp-ca-file` takes it: the pipeline builds
  // SSL_CERT_FILE from certifi's public roots plus that CA, so the check trusts exactly that union.
  if (idpCaFile) return { source: 'idp-ca-file', pems: [...tls.rootCertificates, await readPemFile('--idp-ca-file', idpCaFile)], from: idpCaFile };
  const certFile = env.SSL_CERT_FILE;
  if (certFile) return { source: 'SSL_CERT_FILE', pems: [await readPemFile('SSL_CERT_FILE', certFile)], from: certFile };
  const certDir = env.SSL_CERT_DIR;
  if (certDir) {
    let names: string[];
    try {
      names = await readdir(certDir);
    } catch {
      // httpx only uses SSL_CERT_DIR when it is a directory; otherwise the default bundle.
      return defaultTrust(env);
    }
    const pems: string[] = [];
    for (const n of names.sort()) {
      try {
        const t = await readFile(path.join(certDir, n), 'utf8');
        if (/-----BEGIN CERTIFICATE-----/.test(t)) pems.push(t);
      } catch {
        // not a readable file: OpenSSL skips it too
      }
    }
    return { source: 'SSL_CERT_DIR', pems, from: certDir };
  }
  return defaultTrust(env);
}

/**
 * certifi's roots. When Node's own default store is exactly its bundled roots (no NODE_EXTRA_CA_CERTS, no OpenSSL
 * or system store), no list is passed: the HTTP client then uses Node's own fetch and skips loading the npm undici
 * bundle (about 40 ms). Otherwise the bundled roots are passed explicitly, so nothing extra is trusted.
 */
function defaultTrust(env: CheckEnv): TrustChoice<IdpTrustSource> {
  return defaultStoreIsBundled(env) ? { source: 'default' } : { source: 'default', pems: [...tls.rootCertificates] };
}

/** Is Node's default CA store exactly its bundled roots? When unsure, no: the roots are then passed explicitly. */
function defaultStoreIsBundled(env: CheckEnv): boolean {
  // Newer Node says what its default store holds.
  const getCA = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (typeof getCA === 'function') {
    const store = getCA('default');
    const bundled = new Set(tls.rootCertificates);
    return store.length === bundled.size && store.every((c) => bundled.has(c));
  }
  // Node 20: every way to add roots is a variable, a flag or a build option.
  const flags = `${process.execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`;
  const build = process.config.variables as Record<string, unknown>;
  return (
    !env.NODE_EXTRA_CA_CERTS &&
    !env.NODE_USE_SYSTEM_CA &&
    !/--use-(openssl|system|bundled)-ca/.test(flags) &&
    !build.node_use_openssl_ca &&
    !build.openssl_system_ca_path
  );
}

/** One line for the report: where each side's trust came from. */
export function describeTrust(cp: TrustChoice<string>, idp: TrustChoice<IdpTrustSource>): string {
  const c = cp.source === 'ca-file' ? `only ${cp.from} (--ca-file = caCertFilePath)` : 'the system roots';
  const i =
    idp.source === 'default'
      ? 'the public roots (what certifi gives flyte)'
      : idp.source === 'idp-ca-file'
        ? `the public roots plus ${idp.from} (--idp-ca-file: the bundle CI puts in SSL_CERT_FILE)`
        : `only ${idp.from} (${idp.source})`;
  return `Trust: control plane ${c}; token endpoint ${i}`;
}
