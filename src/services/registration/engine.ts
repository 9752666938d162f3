/**
 * Creating (and removing) the CI client at the identity provider, by one of two routes:
 *  - `registration`: RFC 7591 Dynamic Client Registration in the provider's dialect (./dcr.ts);
 *  - `entra`: Microsoft Entra ID through a logged-in `az` (../az.ts).
 * Each route is planned first (what will be created where, and the exact requests/commands for --dry-run),
 * then executed step by step; every object made is recorded as it is made, so a failure halfway reports what
 * exists now and how to remove it (PartialCreateError). The flow (src/flow/create-client.ts) and the command
 * (src/commands/client.ts) both drive this module.
 */
import { readFile } from 'node:fs/promises';
import type { ProviderId } from '../../core/check-types.js';
import { Secret } from '../../core/secret.js';
import { stripControl } from '../../core/sanitize.js';
import { credentialUrlProblem, describeInsecureUrl } from '../../core/net-rules.js';
// Control-plane discovery lives with the check engine; this is the only import of it here (one line to move).
import { discoverControlPlane } from '../controlplane.js';
import { Az, AzError, adminConsentUrl, describeAzCall, type AzAccount, type AzResource } from '../az.js';
import { writeSecretFile } from '../key-file.js';
import type { FetchLike } from '../http.js';
import type { ProcessRunner } from '../process.js';
import {
  RegistrationError,
  buildDeleteRequest,
  buildRegistrationRequest,
  describeRequest,
  dialectFor,
  discoverIssuer,
  sendDelete,
  sendRegistration,
  type Dialect,
} from './dcr.js';

export type Route = 'registration' | 'entra';

export interface Targets {
  endpoint: string;
  issuer: string;
  scopes: string[];
  audience: string;
  /** From the issuer's discovery; undefined when it advertises none (or is Entra). */
  registrationEndpoint?: string;
  provider: ProviderId;
}

/** Something `client create` made, listed in the summary and in --json. */
export interface CreatedObject {
  kind: 'client' | 'app-registration' | 'service-principal' | 'app-role-assignment' | 'client-secret' | 'file';
  id: string;
  /** Where it lives: the registration endpoint's host, the Entra tenant, a path. */
  where: string;
  detail?: string;
  /** The command or step that removes it. */
  remove: string;
}

export interface CreateResult {
  route: Route;
  clientId: string;
  clientSecret: Secret;
  created: CreatedObject[];
  /** ISO date-time the secret expires (Entra: as Entra recorded it; RFC 7591: client_secret_expires_at). */
  secretExpiresAt?: string;
  /** Entra: the role assignment (admin consent) was made, or is pending an admin. */
  adminConsent?: 'granted' | 'pending';
  consentUrl?: string;
  /** Steps left for the person (e.g. Auth0's client grant). */
  followUps: string[];
}

export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly created: CreatedObject[],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PartialCreateError';
  }
}

const ENTRA_ISSUER = /^https:\/\/login\.(microsoftonline\.(com|us)|partner\.microsoftonline\.cn|chinacloudapi\.cn)\//i;

function providerOf(issuer: string, registrationEndpoint?: string): ProviderId {
  if (ENTRA_ISSUER.test(issuer) || /sts\.windows\.net/.test(issuer)) return 'entra';
  if (/\/realms\/[^/]+/.test(issuer)) return 'keycloak';
  if (/\.okta(preview)?\.com|\.oktapreview\.com/.test(issuer) || /\/oauth2\/v1\/clients$/.test(registrationEndpoint ?? '')) return 'okta';
  if (/\.auth0\.com\/?$/.test(issuer) || /\/oidc\/register$/.test(registrationEndpoint ?? '')) return 'auth0';
  return 'generic';
}

/** What the control plane asks for, and what its issuer offers (both read-only, anonymous). */
export async function discoverTargets(fetch: FetchLike, endpoint: string, overrides: { issuer?: string; provider?: ProviderId } = {}): Promise<Targets> {
  const d = await discoverControlPlane(fetch, endpoint);
  if (!d.metadata.ok || !d.client.ok) {
    const o = !d.metadata.ok ? d.metadata.observation : !d.client.ok ? d.client.observation : undefined;
    // Why, in a few words (the full story is `check`'s): the network error, or the HTTP status it answered.
    const why =
      o?.kind === 'transport'
        ? `: ${stripControl(`${o.code}${o.message && o.message !== o.code ? `, ${o.message}` : ''}`, { singleLine: true, maxLength: 200 })}`
        : o?.kind === 'http'
          ? `: it answered HTTP ${o.status}`
          : '';
    throw new RegistrationError(
      `cannot read the control plane's authentication settings from https://${endpoint}${why}`,
      undefined,
      'Run `flyte-ci-auth check --endpoint HOST` to see why; pass --issuer URL to name the identity provider yourself.',
    );
  }
  const issuer = overrides.issuer ?? d.metadata.value.issuer;
  const provider0 = overrides.provider ?? providerOf(issuer);
  let registrationEndpoint: string | undefined;
  if (provider0 !== 'entra') {
    // Discovery decides where the registration credential goes: whoever can answer a plain-http discovery
    // (anyone on the network path) could name their own https endpoint. The credential rule applies to it too.
    const insecure = credentialUrlProblem(issuer);
    if (insecure) {
      throw new RegistrationError(
        `the identity provider's discovery is refused: ${stripControl(describeInsecureUrl(insecure), { singleLine: true, maxLength: 300 })}; its answer would decide where the registration credential goes`,
        undefined,
        'Use the https issuer URL (--issuer https://…). Nothing was sent.',
      );
    }
    try {
      registrationEndpoint = (await discoverIssuer(fetch, issuer)).registrationEndpoint;
    } catch {
      registrationEndpoint = undefined;
    }
  }
  return {
    endpoint,
    issuer,
    scopes: d.client.value.scopes,
    audience: d.client.value.audience,
    registrationEndpoint,
    provider: overrides.provider ?? providerOf(issuer, registrationEndpoint),
  };
}

/** The route the provider allows: Entra → az; an advertised registration endpoint → RFC 7591; else none. */
export function routeFor(t: Pick<Targets, 'provider' | 'registrationEndpoint'>): Route | undefined {
  if (t.provider === 'entra') return 'entra';
  return t.registrationEndpoint ? 'registration' : undefined;
}

// ---- registration route ----------------------------------------------------------------------------------

export interface RegistrationPlanInput {
  targets: Targets;
  clientName: string;
  credential?: Secret;
  /** Keep the registration access token + URI in this file (0600), for RFC 7592 later. */
  keepRegistration?: string;
}

export interface Plan {
  route: Route;
  /** One line per object: what will be created where. */
  willCreate: string[];
  /** The requests or commands, credentials redacted (--dry-run). */
  requests: string[];
  followUps: string[];
}

export function planRegistration(input: RegistrationPlanInput): Plan & { dialect: Dialect } {
  const t = input.targets;
  const dialect = dialectFor(t.registrationEndpoint!, t.provider);
  const req = buildRegistrationRequest({
    dialect,
    endpoint: t.registrationEndpoint!,
    clientName: input.clientName,
    scopes: t.scopes,
    audience: t.audience,
    credential: input.credential,
  });
  const host = new URL(req.url).host;
  const willCreate = [
    dialect === 'keycloak'
      ? `a confidential client "${input.clientName}" with a service account and an audience mapper (${t.audience}) in Keycloak at ${host}`
      : `a confidential client "${input.clientName}" (client_credentials, client_secret_basic${t.scopes.length ? `, scope ${t.scopes.join(' ')}` : ''}) at ${host}`,
  ];
  if (input.keepRegistration) willCreate.push(`the file ${input.keepRegistration} (0600) holding the registration access token, for later rotation or deletion`);
  const followUps: string[] = [];
  if (dialect === 'auth0') {
    followUps.push(
      `Auth0: authorize the new application on the API "${t.audience}" (Dashboard → Applications → APIs → ${t.audience} → Machine to Machine Applications), or POST /api/v2/client-grants; registration cannot do it.`,
    );
  }
  if (dialect === 'okta') {
    followUps.push('Okta: the custom authorization server needs an access-policy rule that allows Client Credentials for this client and grants its scope.');
  }
  return { route: 'registration', dialect, willCreate, requests: describeRequest(req), followUps };
}

export async function createByRegistration(input: RegistrationPlanInput, deps: { fetch: FetchLike }): Promise<CreateResult> {
  const plan = planRegistration(input);
  const t = input.targets;
  const req = buildRegistrationRequest({
    dialect: plan.dialect,
    endpoint: t.registrationEndpoint!,
    clientName: input.clientName,
    scopes: t.scopes,
    audience: t.audience,
    credential: input.credential,
  });
  const where = new URL(req.url).host;
  const reg = await sendRegistration(deps.fetch, req, plan.dialect);
  const removeVia = input.keepRegistration
    ? `flyte-ci-auth client delete --registration-file ${input.keepRegistration}`
    : plan.dialect === 'okta' || plan.dialect === 'keycloak'
      ? `flyte-ci-auth client delete --endpoint ${t.endpoint} --client-id ${reg.clientId} --credential-env NAME`
      : `delete client ${reg.clientId} in the provider's console`;
  const created: CreatedObject[] = [{ kind: 'client', id: reg.clientId, where, detail: input.clientName, remove: removeVia }];
  if (input.keepRegistration) {
    if (!reg.registrationAccessToken || !reg.registrationClientUri) {
      throw new PartialCreateError(
        'the provider issued no registration access token, so there is nothing to keep for later rotation',
        created,
        `The client exists; remove it with: ${created[0]!.remove.replace(/ --registration-file \S+/, '')}`,
      );
    }
    try {
      await saveRegistration(input.keepRegistration, {
        dialect: plan.dialect,
        clientId: reg.clientId,
        registrationClientUri: reg.registrationClientUri,
        registrationAccessToken: reg.registrationAccessToken,
        endpoint: t.endpoint,
      });
    } catch (err) {
      throw new PartialCreateError(
        `the client was registered, but ${input.keepRegistration} could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        created,
        `Client ${reg.clientId} exists at ${where}; delete it in the provider's console (its registration token was not kept).`,
      );
    }
    created.push({ kind: 'file', id: input.keepRegistration, where: 'this machine', detail: 'registration access token (0600)', remove: `rm ${input.keepRegistration}` });
  }
  return {
    route: 'registration',
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    created,
    ...(reg.clientSecretExpiresAt ? { secretExpiresAt: new Date(reg.clientSecretExpiresAt * 1000).toISOString() } : {}),
    followUps: plan.followUps,
  };
}

export interface SavedRegistration {
  dialect: Dialect;
  clientId: string;
  registrationClientUri: string;
  registrationAccessToken: Secret;
  /** The control plane it was made for. */
  endpoint: string;
}

/** The registration access token is a credential: only into a file the person named, 0600, written atomically. */
export async function saveRegistration(file: string, r: SavedRegistration): Promise<void> {
  const doc = {
    kind: 'flyte-ci-auth/registration',
    dialect: r.dialect,
    client_id: r.clientId,
    registration_client_uri: r.registrationClientUri,
    registration_access_token: r.registrationAccessToken.reveal(),
    endpoint: r.endpoint,
  };
  // Created exclusively with mode 0600: a file (or link) that appeared since the command checked is never
  // replaced or written through.
  const w = await writeSecretFile(file, new Secret(JSON.stringify(doc, null, 2)), { overwrite: false });
  if (!w.ok) throw Object.assign(new Error(w.message), { code: w.reason === 'exists' ? 'EEXIST' : 'EIO' });
}

export async function loadRegistration(file: string): Promise<SavedRegistration> {
  const notOurs = () => new RegistrationError(`${stripControl(file, { singleLine: true, maxLength: 300 })} is not a registration file written by flyte-ci-auth client create --keep-registration`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RegistrationError(`${stripControl(file, { singleLine: true, maxLength: 300 })} ${code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? 'error'})`}`);
  }
  // Never quote the file in an error: a wrong file may hold a secret (JSON.parse's message shows its start).
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw notOurs();
  }
  if (!j || typeof j !== 'object' || j.kind !== 'flyte-ci-auth/registration' || typeof j.registration_client_uri !== 'string' || typeof j.registration_access_token !== 'string') {
    throw notOurs();
  }
  const dialects: Dialect[] = ['rfc7591', 'keycloak', 'okta', 'auth0'];
  if (j.dialect !== undefined && !dialects.includes(j.dialect as Dialect)) throw notOurs();
  return {
    dialect: (j.dialect as Dialect) ?? 'rfc7591',
    clientId: String(j.client_id ?? ''),
    registrationClientUri: j.registration_client_uri,
    registrationAccessToken: new Secret(j.registration_access_token),
    endpoint: String(j.endpoint ?? ''),
  };
}

/** `client delete` for the registration route. */
export async function deleteRegistered(
  fetch: FetchLike,
  target: { dialect: Dialect; clientId: string; registrationClientUri?: string; registrationEndpoint?: string },
  credential: Secret,
  dryRun = false,
): Promise<{ request: string[] }> {
  const req = buildDeleteRequest(target.dialect, { registrationClientUri: target.registrationClientUri, endpoint: target.registrationEndpoint, clientId: target.clientId }, credential);
  if (!req) {
    throw new RegistrationError(
      `${target.dialect === 'auth0' ? 'Auth0' : 'this provider'} offers no way to delete a client through registration without its registration access token`,
      undefined,
      'Delete it in the provider\'s console, or pass --registration-file FILE from `client create --keep-registration FILE`.',
    );
  }
  if (!dryRun) await sendDelete(fetch, req);
  return { request: describeRequest(req) };
}

// ---- Entra route ------------------------------------------------------------------------------------------

export interface EntraInput {
  targets: Targets;
  clientName: string;
  /** The API's application role to assign (its value); needed when the API offers several. */
  appRole?: string;
  /** The secret's end date, YYYY-MM-DD. */
  secretEndDate: string;
}

export function planEntra(input: EntraInput, lookup?: EntraLookup): Plan {
  const aud = input.targets.audience;
  const role = lookup?.role.value ?? input.appRole ?? 'the API\'s application role';
  const roleId = `<id-of-${input.appRole ?? 'app-role'}>`;
  const calls = [
    { args: ['account', 'show'] },
    { args: ['ad', 'sp', 'show', '--id', aud] },
    Az.createAppCall(input.clientName, { appId: '<api-app-id>' }, roleId),
    Az.createSpCall('<new-app-id>'),
    Az.assignRoleCall('<new-sp-id>', '<api-sp-id>', roleId),
    Az.credentialResetCall('<new-app-id>', input.secretEndDate, 'flyte-ci-auth'),
  ];
  return {
    route: 'entra',
    willCreate: [
      lookup
        ? `an app registration "${input.clientName}" (single tenant) in Entra tenant ${lookup.account.tenantId} (az signed in as ${lookup.account.user})`
        : `an app registration "${input.clientName}" (single tenant) in the Entra tenant az is signed in to`,
      'its service principal (enterprise application)',
      `an application-role assignment of ${role} on ${lookup ? `${lookup.resource.displayName} (${aud})` : `the control plane's API (${aud})`}: the admin consent`,
      `a client secret that ends on ${input.secretEndDate}`,
    ],
    requests: calls.map((c) => describeAzCall(c)),
    followUps: [],
  };
}

/** Pick the API's application role: the named one, else the only one. */
export function pickRole(roles: Array<{ id: string; value: string }>, wanted?: string): { id: string; value: string } | { error: string } {
  if (wanted) {
    const r = roles.find((x) => x.value === wanted || x.id === wanted);
    return r ?? { error: `the API has no application role "${wanted}" (it offers: ${roles.map((x) => x.value).join(', ') || 'none'})` };
  }
  if (roles.length === 1) return roles[0]!;
  if (roles.length === 0) return { error: 'the control plane\'s API defines no application role that applications can hold (App roles → Allowed member types: Applications)' };
  return { error: `the API offers several application roles (${roles.map((x) => x.value).join(', ')}): pass --app-role VALUE` };
}

export interface EntraDeps {
  runner: ProcessRunner;
  env: Record<string, string | undefined>;
  /** Lets the flow show progress per step. */
  onStep?: (line: string) => void;
  /** Asks for the role when the API offers several (the flow); the command passes --app-role. */
  chooseRole?: (roles: Array<{ id: string; value: string; displayName: string }>) => Promise<string>;
}

/** What the Entra route reads before it creates anything: the signed-in tenant, the API and its role. */
export interface EntraLookup {
  account: AzAccount;
  resource: AzResource;
  role: { id: string; value: string };
}

/** Read-only az calls (account, the API's service principal); picks the role (asking when there are several). */
export async function lookUpEntra(input: EntraInput, deps: EntraDeps): Promise<EntraLookup> {
  const az = new Az(deps.runner, deps.env);
  const step = deps.onStep ?? (() => undefined);
  step('Reading the signed-in az account');
  const account = await az.account();
  step(`Finding the control plane's API (${input.targets.audience})`);
  let resource;
  try {
    resource = await az.findResource(input.targets.audience);
  } catch (err) {
    if (err instanceof AzError && err.kind === 'not-found') {
      throw new PartialCreateError(
        `no service principal in tenant ${account.tenantId} answers to the control plane's audience ${input.targets.audience}`,
        [],
        'Is az signed in to the tenant of the control plane? (az login --tenant TENANT). Nothing was created.',
      );
    }
    throw err;
  }
  let appRole = input.appRole;
  if (!appRole && resource.appRoles.length > 1 && deps.chooseRole) appRole = await deps.chooseRole(resource.appRoles);
  const role = pickRole(resource.appRoles, appRole);
  if ('error' in role) throw new PartialCreateError(role.error, [], 'Nothing was created.');
  return { account, resource, role };
}

export async function createWithAz(input: EntraInput, deps: EntraDeps, lookup?: EntraLookup): Promise<CreateResult> {
  const az = new Az(deps.runner, deps.env);
  const step = deps.onStep ?? (() => undefined);
  const { account, resource, role } = lookup ?? (await lookUpEntra(input, deps));

  const created: CreatedObject[] = [];
  const tenant = `Entra tenant ${account.tenantId}`;
  let appId = '';
  const removeApp = () => `flyte-ci-auth client delete --route entra --app-id ${appId}   (or: az ad app delete --id ${appId})`;
  const fail = (what: string, err: unknown): never => {
    const said = err instanceof AzError && err.detail ? `: ${err.detail}` : err instanceof Error ? `: ${err.message}` : '';
    throw new PartialCreateError(
      `${what} failed${said}`,
      created,
      created.length > 0 ? `What exists now is listed above; remove it all with: ${removeApp()}` : 'Nothing was created.',
    );
  };
  try {
    step(`Creating the app registration "${input.clientName}"`);
    const app = await az.createApp(input.clientName, resource, role.id);
    appId = app.appId;
    created.push({ kind: 'app-registration', id: app.appId, where: tenant, detail: `${input.clientName}, object ID ${app.id}`, remove: removeApp() });
  } catch (err) {
    fail('creating the app registration', err);
  }
  let spId = '';
  try {
    step('Creating its service principal');
    spId = (await az.createServicePrincipal(appId)).id;
    created.push({ kind: 'service-principal', id: spId, where: tenant, remove: 'removed with the app registration' });
  } catch (err) {
    fail('creating the service principal', err);
  }
  let adminConsent: 'granted' | 'pending' = 'granted';
  let consentUrl: string | undefined;
  try {
    step(`Assigning ${role.value} on ${resource.displayName} (admin consent)`);
    const a = await az.assignRole(spId, resource.id, role.id);
    created.push({ kind: 'app-role-assignment', id: a.id, where: tenant, detail: `${role.value} on ${resource.displayName}`, remove: 'removed with the app registration' });
  } catch (err) {
    if (err instanceof AzError && err.kind === 'forbidden') {
      adminConsent = 'pending';
      consentUrl = adminConsentUrl(account.tenantId, appId);
    } else {
      fail('assigning the application role', err);
    }
  }
  try {
    step(`Adding a client secret that ends on ${input.secretEndDate}`);
    const { secret, endDateTime } = await az.addSecret(appId, input.secretEndDate, 'flyte-ci-auth');
    created.push({ kind: 'client-secret', id: 'flyte-ci-auth', where: tenant, detail: `ends ${endDateTime}`, remove: 'removed with the app registration' });
    return {
      route: 'entra',
      clientId: appId,
      clientSecret: secret,
      created,
      secretExpiresAt: endDateTime,
      adminConsent,
      ...(consentUrl ? { consentUrl } : {}),
      followUps: consentUrl
        ? [`Admin consent is pending: your account may not assign application roles. Send this link to an admin (Privileged Role Administrator, Cloud Application Administrator or Global Administrator): ${consentUrl}`]
        : [],
    };
  } catch (err) {
    return fail('adding the client secret', err);
  }
}

export async function deleteWithAz(appId: string, deps: { runner: ProcessRunner; env: Record<string, string | undefined> }, dryRun = false): Promise<{ commands: string[] }> {
  const call = Az.deleteAppCall(appId);
  if (!dryRun) await new Az(deps.runner, deps.env).deleteApp(appId);
  return { commands: [describeAzCall(call)] };
}

/** YYYY-MM-DD `days` after `now` (UTC). */
export function endDateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
