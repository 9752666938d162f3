/**
 * The demo: a real authorization server (oidc-provider) and a fake Flyte control plane (real Connect),
 * both in-process on 127.0.0.1, both over HTTPS — `flyte` always calls https://HOST, so the demo does too,
 * instead of adding an "insecure" switch to the check that could one day be aimed at a real host.
 *
 * TLS: a loopback-only certificate (src/demo/certs.ts) signed by a demo CA whose private key was discarded
 * after signing, so that CA vouches for nothing but 127.0.0.1/localhost. It is trusted only through the caFile
 * startDemo() returns (written to a private temp dir, removed by close()), never installed anywhere.
 *
 * Loaded lazily: only `--demo` and the tests import this module.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret } from '../core/secret.js';
import { startAuthServer, type AuthServer, type DemoClient } from './authserver.js';
import { startControlPlane, type ControlPlane } from './controlplane.js';
import { DEMO_CA_CERT, DEMO_SERVER_CERT, DEMO_SERVER_KEY } from './certs.js';

export interface DemoOptions {
  /** The demo client's secret (default: a random one). */
  clientSecret?: string;
  clientId?: string;
  /** The client behaves like an Entra app: no `roles` until admin consent is granted. */
  entraLike?: boolean;
  /** Start with admin consent already granted (entraLike only). */
  consentGranted?: boolean;
  /** Scopes the control plane advertises (default ["all"], the Union Helm default). */
  scopes?: string[];
  /** The cluster's UNION_ORG, enforced by the demo control plane (default "demo"). */
  org?: string;
  /** The project the demo control plane has (default flytesnacks; domains development, staging, production). */
  project?: string;
  /** Every project id exists (with those domains): for the wizard demo, where the user types the project. */
  anyProject?: boolean;
  /** Extra clients (tests). */
  extraClients?: DemoClient[];
  /** Serve plain HTTP instead (tests of the TLS diagnoses only; the check itself always uses https). */
  plainHttp?: boolean;
  /** Use this certificate instead of the built-in loopback one (tests make a private CA with openssl). */
  tls?: { key: string; cert: string; caPem: string };
  /** Open the authorization server's RFC 7591 registration endpoint behind this initial access token. */
  registrationToken?: string;
  /** An RFC 7592 update issues a new client secret (default true; false: the secret is kept). */
  registrationRotatesSecret?: boolean;
}

export interface Demo {
  /** host:port of the control plane. */
  endpoint: string;
  clientId: string;
  clientSecret: Secret;
  org: string;
  /** A project and domain that exist on the demo control plane. */
  project: string;
  domain: string;
  /** The demo CA, to pass as --ca-file / CheckOptions.caFile (and --idp-ca-file: both demo servers use it). */
  caFile?: string;
  caPem?: string;
  auth: AuthServer;
  controlPlane: ControlPlane;
  /** Entra-like: "Grant admin consent" in the portal. */
  grantConsent(): void;
  /** Replace the valid secrets of the demo client (rotation: both old and new valid, then only new). */
  setSecrets(secrets: string[]): void;
  close(): Promise<void>;
}

export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const { randomBytes } = await import('node:crypto');
  const clientId = opts.clientId ?? 'flyte-ci-demo';
  const secret = opts.clientSecret ?? `demo~${randomBytes(18).toString('base64url')}+/%`;
  const scopes = opts.scopes ?? ['all'];
  const tls = opts.plainHttp ? undefined : opts.tls ?? { key: DEMO_SERVER_KEY, cert: DEMO_SERVER_CERT };
  const caPem = opts.plainHttp ? undefined : (opts.tls?.caPem ?? DEMO_CA_CERT);

  const auth = await startAuthServer({
    clients: [{ clientId, secrets: [secret], entraLike: opts.entraLike }, ...(opts.extraClients ?? [])],
    resource: 'urn:flyte-ci-auth:demo',
    scopes: scopes.length > 0 ? scopes : ['all'],
    tls,
    ...(opts.registrationToken ? { registration: { initialAccessToken: opts.registrationToken, rotateOnUpdate: opts.registrationRotatesSecret !== false } } : {}),
  });
  let controlPlane: ControlPlane;
  try {
    controlPlane = await startControlPlane({
      auth: () => ({ issuer: auth.issuer, tokenEndpoint: auth.tokenEndpoint, jwksUri: auth.jwksUri }),
      scopes,
      tls,
      caPem,
      org: opts.org ?? 'demo',
      projects: opts.anyProject ? 'any' : [{ id: opts.project ?? 'flytesnacks', domains: ['development', 'staging', 'production'] }],
    });
  } catch (err) {
    await auth.close();
    throw err;
  }
  // Tokens are for the control plane (its allowedAudience), as with Union's Helm default https://{{UNION_HOST}}.
  auth.setResource(controlPlane.audience);
  if (opts.entraLike && opts.consentGranted) auth.grantConsent(true);

  let dir: string | undefined;
  let caFile: string | undefined;
  if (tls) {
    dir = await mkdtemp(path.join(tmpdir(), 'flyte-ci-auth-demo-'));
    caFile = path.join(dir, 'demo-ca.pem');
    await writeFile(caFile, caPem!, { mode: 0o600 });
  }
  return {
    endpoint: controlPlane.endpoint,
    clientId,
    clientSecret: new Secret(secret),
    org: opts.org ?? 'demo',
    project: opts.project ?? 'flytesnacks',
    domain: 'development',
    caFile,
    caPem,
    auth,
    controlPlane,
    grantConsent: () => auth.grantConsent(true),
    setSecrets: (list) => auth.setSecrets(clientId, list),
    close: async () => {
      await Promise.all([controlPlane.close(), auth.close()]);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
