/**
 * The rotation's RFC 7592 route: a client kept by `client create --keep-registration FILE` is read back (GET with
 * its registration access token) and its metadata PUT back without client_secret. RFC 7592 lets the server issue
 * a new secret on update (it need not: then the answer carries the same one, and the caller says so). A new
 * registration access token in the answer is written back to the file atomically (0600, with a backup), because
 * the old one stops working. Tokens and secrets travel as Secrets and never appear in a message.
 */
import { readFile } from 'node:fs/promises';
import { Secret } from '../core/secret.js';
import { stripControl } from '../core/sanitize.js';
import type { Env } from '../commands/types.js';
import type { KeptRegistration, RegistrationSecretMaker, RegistrationUpdate } from '../flow/rotate/types.js';
import { writeAtomic } from './files.js';
import type { FetchLike } from './http.js';

/** RFC 7592 §2.2: the update must not carry these (client_secret is left out so the server may issue a new one). */
const NOT_SENT = ['client_secret', 'client_secret_expires_at', 'registration_access_token', 'registration_client_uri', 'client_id_issued_at'];

const one = (s: string) => stripControl(s, { singleLine: true, maxLength: 300 });

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return 'the registration server';
  }
}

async function loadRfc7592(file: string) {
  const engine = await import('./registration/engine.js');
  const saved = await engine.loadRegistration(file);
  if (saved.dialect !== 'rfc7591') {
    throw new Error(
      `${one(file)} was kept for a ${saved.dialect === 'keycloak' ? 'Keycloak' : saved.dialect === 'okta' ? 'Okta' : 'Auth0'} client: its update does not issue a new secret through RFC 7592. Rotate the secret in the provider's console and pass it with --client-secret-stdin or --client-secret-env`,
    );
  }
  return saved;
}

/** The file with the new registration access token (and URI), every other field as it was. */
async function saveToken(file: string, token: string, uri: string): Promise<Pick<RegistrationUpdate, 'saveProblem'>> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    doc.registration_access_token = token;
    doc.registration_client_uri = uri;
    await writeAtomic(file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600, backup: true });
    return {};
  } catch (err) {
    return { saveProblem: one((err as Error).message ?? String(err)) };
  }
}

export function registrationSecretMaker(deps: { env: Env; fetch?: FetchLike }): RegistrationSecretMaker {
  return {
    async plan(file) {
      const saved = await loadRfc7592(file);
      const uri = saved.registrationClientUri;
      return {
        clientId: saved.clientId,
        host: hostOf(uri),
        requests: [`GET ${uri}`, '    authorization: Bearer <redacted>', `PUT ${uri}`, '    authorization: Bearer <redacted>', '    body: the metadata the GET returned, without client_secret (RFC 7592 §2.2)'],
      };
    },

    async open(file, opts) {
      const saved = await loadRfc7592(file);
      const dcr = await import('./registration/dcr.js');
      let http: { fetch: FetchLike; close(): Promise<void> } | undefined;
      if (!deps.fetch) {
        const { createHttpClient } = await import('./http.js');
        http = await createHttpClient({ caFile: opts.caFile, timeoutMs: opts.timeoutMs ?? 15_000, env: deps.env });
      }
      const fetch = deps.fetch ?? http!.fetch;
      const uri = saved.registrationClientUri;
      const token = saved.registrationAccessToken;
      try {
        const read = await dcr.sendManagement(fetch, dcr.buildManagementRequest('GET', uri, token));
        if (read.client_id !== saved.clientId) throw new Error(`${hostOf(uri)} answered for another client than the one in ${one(file)}`);
        const current = typeof read.client_secret === 'string' && read.client_secret !== '' ? new Secret(read.client_secret) : undefined;
        const kept: KeptRegistration = {
          clientId: saved.clientId,
          host: hostOf(uri),
          ...(current ? { currentSecret: current } : {}),
          async update() {
            const body = Object.fromEntries(Object.entries(read).filter(([k]) => !NOT_SENT.includes(k)));
            const answer = await dcr.sendManagement(fetch, dcr.buildManagementRequest('PUT', uri, token, body));
            const secret = typeof answer.client_secret === 'string' && answer.client_secret !== '' ? new Secret(answer.client_secret) : undefined;
            const exp = typeof answer.client_secret_expires_at === 'number' && answer.client_secret_expires_at > 0 ? new Date(answer.client_secret_expires_at * 1000).toISOString() : undefined;
            const rat = typeof answer.registration_access_token === 'string' ? answer.registration_access_token : undefined;
            const rotated = rat !== undefined && rat !== '' && rat !== token.reveal();
            const newUri = typeof answer.registration_client_uri === 'string' && answer.registration_client_uri !== '' ? answer.registration_client_uri : uri;
            const saveProblem = rotated ? (await saveToken(file, rat, newUri)).saveProblem : undefined;
            return { ...(secret ? { clientSecret: secret } : {}), ...(exp ? { secretExpiresAt: exp } : {}), tokenRotated: rotated, ...(saveProblem ? { saveProblem } : {}) };
          },
          close: async () => void (await http?.close()),
        };
        return kept;
      } catch (err) {
        await http?.close();
        const e = err as Error & { hint?: string };
        throw new Error(`${one(e.message ?? String(err))}${e.hint ? `. ${one(e.hint)}` : ''}`);
      }
    },
  };
}
