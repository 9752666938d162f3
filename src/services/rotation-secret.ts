/**
 * The rotation's "make the new secret here" service for Microsoft Entra ID, over the Az class `client create`
 * uses (src/services/az.ts): list the app's client secrets, add one NEXT TO the old ones (`reset --append`),
 * delete one by keyId. The new secret is read from az's stdout and handed on as a Secret, never printed; az's
 * failures become one sentence that says what to do (`az login`, permission), never a stack or a secret.
 */
import type { AzSecretMaker, EntraCredential } from '../flow/rotate/types.js';
import { Az, AzError, describeAzCall, GUID, type AzPasswordCredential } from './az.js';

const HINTS: Record<AzError['kind'], string> = {
  'not-installed': 'Install the Azure CLI, or create the secret in the Entra portal instead.',
  'not-logged-in': 'Sign in with `az login`, then run the rotation again.',
  forbidden: 'The signed-in account may not manage this app registration: an owner of the app or an Application Administrator can.',
  'not-found': 'No app registration has this client ID in the signed-in tenant (`az account show` names the tenant).',
  failed: 'Run the command shown by hand to see az\'s full answer.',
};

/** An AzError as one sentence with what to do next (the flow shows it as is). */
export function azProblem(err: unknown): Error {
  if (!(err instanceof AzError)) return err instanceof Error ? err : new Error(String(err));
  return new Error(`${err.message}${err.detail ? ` (${err.detail})` : ''}. ${HINTS[err.kind]}`);
}

const brief = (c: AzPasswordCredential): EntraCredential => ({ keyId: c.keyId, displayName: c.displayName, hint: c.hint, endDateTime: c.endDateTime });

function assertGuid(appId: string): void {
  if (!GUID.test(appId)) throw new Error(`The client ID "${appId.slice(0, 60)}" is not an Entra application (client) ID: az needs a GUID.`);
}

export function azSecretMaker(az: Az): AzSecretMaker {
  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw azProblem(err);
    }
  };
  return {
    async ready() {
      try {
        await az.account();
        return true;
      } catch {
        return false;
      }
    },
    list: (appId) =>
      wrap(async () => {
        assertGuid(appId);
        return (await az.listCredentials(appId)).map(brief);
      }),
    append: (appId, endDate, name, before) =>
      wrap(async () => {
        assertGuid(appId);
        const r = await az.appendSecret(appId, endDate, name, before);
        return { secret: r.secret, ...(r.credential ? { credential: brief(r.credential) } : {}) };
      }),
    remove: (appId, keyId) =>
      wrap(async () => {
        assertGuid(appId);
        if (!GUID.test(keyId)) throw new Error(`"${keyId.slice(0, 60)}" is not a credential keyId (a GUID).`);
        await az.deleteCredential(appId, keyId);
      }),
    commands: {
      list: (appId) => describeAzCall(Az.credentialListCall(appId)),
      append: (appId, endDate, name) => describeAzCall(Az.credentialResetCall(appId, endDate, name, true)),
      remove: (appId, keyId) => describeAzCall(Az.credentialDeleteCall(appId, keyId)),
    },
  };
}
