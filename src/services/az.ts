/**
 * Microsoft Entra ID through the Azure CLI (`az`), which does the sign-in, MFA and token caching for us: Entra
 * has no RFC 7591. Every call goes through the ProcessRunner; nothing secret is ever an argument: request
 * bodies go as `@FILE` (a 0600 file in a private 0700 temp folder, removed right after the call), and the one
 * secret az produces (the new client secret, `az ad app credential reset`) is read from its stdout and never
 * printed. az's stderr is untrusted text: control sequences stripped, and the secret redacted if ever echoed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, redact } from '../core/secret.js';
import { stripControl } from '../core/sanitize.js';
import type { ProcessRunner } from './process.js';
import { GUID } from '../core/validate.js';

export const GRAPH = 'https://graph.microsoft.com/v1.0';

export interface AzAccount {
  tenantId: string;
  user: string;
}

export interface AzAppRole {
  id: string;
  value: string;
  displayName: string;
}

export interface AzResource {
  /** The API's service principal object ID (resourceId of an appRoleAssignment). */
  id: string;
  appId: string;
  displayName: string;
  /** Enabled roles that applications can hold. */
  appRoles: AzAppRole[];
}

/** Graph's passwordCredential as `az ad app credential list` shows it (never the secret: `hint` is its first 3 characters). */
export interface AzPasswordCredential {
  keyId: string;
  displayName: string;
  hint: string;
  endDateTime: string;
  startDateTime: string;
}

/** An Entra application (client) ID or object ID is a GUID, so it can never reach az's command line as an option. */
export { GUID };

export class AzError extends Error {
  constructor(
    message: string,
    /** What az said, cleaned (one line). */
    readonly detail: string,
    readonly kind: 'not-installed' | 'not-logged-in' | 'forbidden' | 'not-found' | 'failed',
  ) {
    super(message);
    this.name = 'AzError';
  }
}

/** One `az` invocation, as the dry run prints it. */
export interface AzCall {
  args: string[];
  /** The JSON body passed as @FILE (never secret). */
  body?: unknown;
}

export function describeAzCall(call: AzCall): string {
  const shown = call.args.map((a) => (a === '@BODY' ? '@body.json' : /[\s'"$]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a));
  return `az ${shown.join(' ')}${call.body !== undefined ? `\n    body.json: ${JSON.stringify(call.body)}` : ''}`;
}

export class Az {
  /** Values to redact from anything az says (the new secret once known). */
  private readonly secrets: Secret[] = [];

  constructor(
    private readonly runner: ProcessRunner,
    private readonly env: Record<string, string | undefined> = {},
    private readonly timeoutMs = 120_000,
  ) {}

  /** Run az; `@BODY` in args is replaced by the path of a private file holding `body` as JSON. */
  async call(c: AzCall): Promise<unknown> {
    let dir: string | undefined;
    try {
      let args = c.args;
      if (c.body !== undefined) {
        dir = await mkdtemp(path.join(tmpdir(), 'flyte-ci-auth-az-'));
        const file = path.join(dir, 'body.json');
        await writeFile(file, JSON.stringify(c.body), { mode: 0o600 });
        args = args.map((a) => (a === '@BODY' ? `@${file}` : a));
      }
      const r = await this.runner.run('az', [...args, '--only-show-errors', '-o', 'json'], {
        env: { PATH: this.env.PATH, AZURE_CONFIG_DIR: this.env.AZURE_CONFIG_DIR, AZURE_CORE_NO_COLOR: '1' },
        timeoutMs: this.timeoutMs,
      });
      if (r.notFound) throw new AzError('the Azure CLI (az) is not installed or not on PATH', '', 'not-installed');
      const said = stripControl(redact(r.stderr, this.secrets), { singleLine: true, maxLength: 400 });
      if (r.timedOut) throw new AzError(`az ${c.args[0]} ${c.args[1] ?? ''} timed out`, said, 'failed');
      if (r.exitCode !== 0) {
        const kind = /az login|Please run 'az login'|AADSTS700082|refresh token has expired/i.test(said)
          ? 'not-logged-in'
          : // A bare 403, not the digits inside a port or an ID ("https://127.0.0.1:40387" is not a refusal).
            /Forbidden|Authorization_RequestDenied|Insufficient privileges|(?<![\w.:/-])403(?![\w.:/-])/i.test(said)
            ? 'forbidden'
            : /does not exist|NotFound|Request_ResourceNotFound/i.test(said)
              ? 'not-found'
              : 'failed';
        throw new AzError(`az ${c.args.slice(0, c.args[0] === 'rest' ? 1 : 3).join(' ')} failed`, said, kind);
      }
      const out = r.stdout.trim();
      if (out === '') return undefined;
      try {
        return JSON.parse(out);
      } catch {
        throw new AzError(`az ${c.args.slice(0, 3).join(' ')} did not answer JSON`, '', 'failed');
      }
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  async account(): Promise<AzAccount> {
    const j = (await this.call({ args: ['account', 'show'] })) as { tenantId?: string; user?: { name?: string } };
    if (!j?.tenantId) throw new AzError('az account show gave no tenant', '', 'failed');
    return { tenantId: j.tenantId, user: j.user?.name ?? '' };
  }

  /** The control plane's API: the service principal whose names include the audience (api://… or an app ID). */
  async findResource(audience: string): Promise<AzResource> {
    // The audience comes from the control plane: never let it read as an option (or carry controls) on az's line.
    if (audience === '' || audience.startsWith('-') || /[\u0000-\u001f\u007f-\u009f\s]/.test(audience)) {
      throw new AzError('the control plane\'s audience is not an Application ID URI or application ID', stripControl(audience, { singleLine: true, maxLength: 100 }), 'not-found');
    }
    const j = (await this.call({ args: ['ad', 'sp', 'show', '--id', audience] })) as {
      id: string;
      appId: string;
      displayName?: string;
      appRoles?: Array<{ id: string; value?: string; displayName?: string; isEnabled?: boolean; allowedMemberTypes?: string[] }>;
    };
    return {
      id: j.id,
      appId: j.appId,
      displayName: j.displayName ?? j.appId,
      appRoles: (j.appRoles ?? [])
        .filter((r) => r.isEnabled !== false && (r.allowedMemberTypes ?? []).includes('Application'))
        .map((r) => ({ id: r.id, value: r.value ?? '', displayName: r.displayName ?? r.value ?? r.id })),
    };
  }

  static createAppCall(displayName: string, resource: { appId: string }, roleId: string): AzCall {
    return {
      args: ['ad', 'app', 'create', '--display-name', displayName, '--sign-in-audience', 'AzureADMyOrg', '--required-resource-accesses', '@BODY'],
      body: [{ resourceAppId: resource.appId, resourceAccess: [{ id: roleId, type: 'Role' }] }],
    };
  }

  async createApp(displayName: string, resource: { appId: string }, roleId: string): Promise<{ appId: string; id: string }> {
    const j = (await this.call(Az.createAppCall(displayName, resource, roleId))) as { appId: string; id: string };
    if (!j?.appId) throw new AzError('az ad app create gave no appId', '', 'failed');
    return { appId: j.appId, id: j.id };
  }

  static createSpCall(appId: string): AzCall {
    return { args: ['ad', 'sp', 'create', '--id', appId] };
  }

  async createServicePrincipal(appId: string): Promise<{ id: string }> {
    const j = (await this.call(Az.createSpCall(appId))) as { id: string };
    if (!j?.id) throw new AzError('az ad sp create gave no id', '', 'failed');
    return { id: j.id };
  }

  static assignRoleCall(spId: string, resourceId: string, appRoleId: string): AzCall {
    return {
      args: ['rest', '--method', 'POST', '--uri', `${GRAPH}/servicePrincipals/${spId}/appRoleAssignments`, '--headers', 'Content-Type=application/json', '--body', '@BODY'],
      body: { principalId: spId, resourceId, appRoleId },
    };
  }

  /** Assign the API's application role to the new service principal: this is the admin consent. */
  async assignRole(spId: string, resourceId: string, appRoleId: string): Promise<{ id: string }> {
    const j = (await this.call(Az.assignRoleCall(spId, resourceId, appRoleId))) as { id: string };
    return { id: j?.id ?? '' };
  }

  /**
   * `az ad app credential reset`: a new client secret. Without `append` it replaces the app's secrets (a new app
   * has none); with it the existing ones stay valid.
   */
  static credentialResetCall(appId: string, endDate: string, name: string, append = false): AzCall {
    return { args: ['ad', 'app', 'credential', 'reset', '--id', appId, ...(append ? ['--append'] : []), '--display-name', name, '--end-date', endDate] };
  }

  /** Run a reset call; the secret is read from az's stdout, never printed, and redacted from az's later errors. */
  private async resetSecret(call: AzCall): Promise<Secret> {
    const j = (await this.call(call)) as { password?: unknown } | undefined;
    if (typeof j?.password !== 'string' || j.password === '') throw new AzError('az ad app credential reset gave no password', '', 'failed');
    const secret = new Secret(j.password);
    this.secrets.push(secret);
    return secret;
  }

  /** A new client secret, read from az's stdout (never printed), and its end date as Entra records it. */
  async addSecret(appId: string, endDate: string, name: string): Promise<{ secret: Secret; endDateTime: string }> {
    const secret = await this.resetSecret(Az.credentialResetCall(appId, endDate, name));
    let endDateTime = `${endDate}T00:00:00Z`;
    try {
      const list = (await this.call(Az.credentialListCall(appId))) as Array<{ displayName?: string; endDateTime?: string }>;
      const mine = list?.find((c) => c.displayName === name) ?? list?.[0];
      if (mine?.endDateTime) endDateTime = mine.endDateTime;
    } catch {
      // The requested date stands; reading it back is a confirmation only.
    }
    return { secret, endDateTime };
  }

  static credentialListCall(appId: string): AzCall {
    return { args: ['ad', 'app', 'credential', 'list', '--id', appId] };
  }

  /** The app's client secrets (metadata only: Graph never returns a secret's value after its creation). */
  async listCredentials(appId: string): Promise<AzPasswordCredential[]> {
    const j = await this.call(Az.credentialListCall(appId));
    if (!Array.isArray(j)) throw new AzError('az ad app credential list did not answer a list', '', 'failed');
    const one = (v: unknown) => (typeof v === 'string' ? stripControl(v, { singleLine: true, maxLength: 120 }) : '');
    return j
      .filter((c): c is Record<string, unknown> => Boolean(c) && typeof c === 'object' && typeof (c as { keyId?: unknown }).keyId === 'string')
      .map((c) => ({ keyId: one(c.keyId), displayName: one(c.displayName), hint: one(c.hint), endDateTime: one(c.endDateTime), startDateTime: one(c.startDateTime) }));
  }

  /**
   * Add a secret (the existing ones stay valid), read from az's stdout and never printed; then find it in the
   * list (the one keyId that was not there before) for its keyId and its end date as Entra records it.
   */
  async appendSecret(appId: string, endDate: string, name: string, before: readonly string[]): Promise<{ secret: Secret; credential?: AzPasswordCredential }> {
    const secret = await this.resetSecret(Az.credentialResetCall(appId, endDate, name, true));
    let credential: AzPasswordCredential | undefined;
    try {
      const fresh = (await this.listCredentials(appId)).filter((c) => !before.includes(c.keyId));
      credential = fresh.length === 1 ? fresh[0] : fresh.find((c) => c.displayName === name);
    } catch {
      // The secret exists and works; its keyId is then unknown (said by the caller).
    }
    return { secret, credential };
  }

  static credentialDeleteCall(appId: string, keyId: string): AzCall {
    return { args: ['ad', 'app', 'credential', 'delete', '--id', appId, '--key-id', keyId] };
  }

  async deleteCredential(appId: string, keyId: string): Promise<void> {
    await this.call(Az.credentialDeleteCall(appId, keyId));
  }

  static deleteAppCall(appId: string): AzCall {
    return { args: ['ad', 'app', 'delete', '--id', appId] };
  }

  /** Deleting the app registration also removes its service principal, role assignments and secrets. */
  async deleteApp(appId: string): Promise<void> {
    await this.call(Az.deleteAppCall(appId));
  }
}

/** The one-click admin-consent link for someone who is an admin (grants what the app registration declares). */
export function adminConsentUrl(tenantId: string, appId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(appId)}`;
}
