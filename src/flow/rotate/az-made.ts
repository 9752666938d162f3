/**
 * What the az steps share (src/flow/rotate/steps/az-create.ts, az-delete-old.ts, and the check step on failure):
 * how a credential is named in sentences, which of the old credentials is the one this key used, and the command
 * that removes a credential. Pure: no az call here.
 */
import type { Block } from '../../core/prompter.js';
import type { Secret } from '../../core/secret.js';
import type { MadeSecret, MadeWithAz, RotateContext } from './state.js';
import type { AzCreateInput, EntraCredential } from './types.js';

/** How long a freshly added Entra secret may be refused (invalid_client) before the check believes it is wrong.
 * Microsoft documents no bound; replication usually takes seconds, sometimes a minute or more. */
export const ENTRA_NEW_SECRET_WAIT_MS = 120_000;

/** `--create-secret az` and its options, when given. */
export function azInput(x: RotateContext): AzCreateInput | undefined {
  return x.input.create?.route === 'az' ? x.input.create : undefined;
}

/** The display name of a secret made by the rotation (shown in the portal's "Description" column). */
export function madeSecretName(now: Date): string {
  return `flyte-ci-auth rotate ${now.toISOString().slice(0, 10)}`;
}

/** A credential in sentences: keyId, description, end date. Never its hint (the secret's first characters). */
export function describeCredential(c: EntraCredential): string {
  const parts = [c.displayName ? `"${c.displayName}"` : '(no description)', c.endDateTime ? `ends ${c.endDateTime.slice(0, 10)}` : ''];
  return `${c.keyId} (${parts.filter(Boolean).join(', ')})`;
}

/** A credential as --json shows it (no hint). */
export function credentialJson(c: EntraCredential): { keyId: string; displayName: string; endDateTime: string } {
  return { keyId: c.keyId, displayName: c.displayName, endDateTime: c.endDateTime };
}

/**
 * The old credential(s) to delete: the keyId the person named (--delete-key-id), else the one credential listed
 * before whose hint (Entra shows a secret's first 3 characters) starts the old secret. `ambiguous` when no single
 * one can be told: then nothing is deleted and every listed one is named with its command.
 */
export function oldCredentials(made: MadeWithAz, oldSecret: Secret | undefined, named?: string): { chosen: EntraCredential[]; ambiguous: boolean; problem?: string } {
  if (named) {
    const c = made.before.find((b) => b.keyId.toLowerCase() === named.toLowerCase());
    return c ? { chosen: [c], ambiguous: false } : { chosen: [], ambiguous: true, problem: `--delete-key-id ${named} is not one of the app's secrets listed before the rotation` };
  }
  const old = oldSecret?.reveal() ?? '';
  const matching = old && made.before.filter((b) => b.hint !== '' && old.startsWith(b.hint));
  if (matching && matching.length === 1) return { chosen: matching, ambiguous: false };
  return { chosen: [], ambiguous: made.before.length > 0 };
}

/** One sentence for a rotation stopped before the push (declined, cancelled) after az made the new secret. */
export function leftoverSentence(made: MadeSecret, x: RotateContext): string {
  if (made.route !== 'az') return '';
  const keyId = made.credential?.keyId ?? 'NEW_KEY_ID';
  return ` The new secret made with az (${keyId}) still exists next to the old one; remove it with: ${x.services.azSecrets!.commands.remove(made.appId, keyId)}`;
}

/**
 * After a failed check or push of a made secret. az: it exists in Entra next to the untouched old one; how to
 * remove it. RFC 7592: the old secret died at the update, so CI holds a key that no longer works.
 */
export function leftoverBlocks(made: MadeSecret, x: RotateContext): Block[] {
  if (made.route === 'registration') {
    return [
      {
        kind: 'text',
        tone: 'error',
        text: `The update at ${made.host} replaced the old secret: it no longer works, so CI's current key fails too. Run the rotation again (the next update issues another secret), or set a secret for client ${made.clientId} in the provider and rotate with it.`,
      },
    ];
  }
  const az = x.services.azSecrets!;
  const keyId = made.credential?.keyId;
  return [
    {
      kind: 'text',
      tone: 'error',
      text: `The new secret ${keyId ? describeCredential(made.credential!) : '(its keyId is unknown: `az ad app credential list` shows it)'} exists in app ${made.appId}; the old secret is untouched and CI is unchanged. Remove the new one with:`,
    },
    { kind: 'code', text: az.commands.remove(made.appId, keyId ?? 'NEW_KEY_ID') },
  ];
}
