/**
 * Step 3 (Entra through az): the rotation makes the new secret itself, NEXT TO the old one (`az ad app credential
 * reset --append`: the old secret stays valid until it is deleted after the verification). Runs for
 * `--create-secret az`, or at a terminal as an offer when the provider is Entra and az is installed and signed
 * in. The secret is read from az's stdout and kept as a Secret; --json and the screen get its length only.
 * `--dry-run` prints the commands and runs none. Afterwards the console steps and the paste are skipped.
 */
import { GUID } from '../../../core/validate.js';
import { addDays } from '../../common.js';
import { azInput, madeSecretName, describeCredential } from '../az-made.js';
import { clean, record, summarizeSecret, describeSecret, type RotateContext, type RotateFlowStep, type RotateState } from '../state.js';

async function wanted(s: RotateState, x: RotateContext): Promise<boolean> {
  if (x.input.create?.route === 'az') return true;
  // Offered only where it can work: Entra, an app (client) ID that is a GUID, az installed and signed in.
  if (!x.p || s.provider !== 'entra' || !GUID.test(s.clientId) || !(await x.services.azSecrets!.ready())) return false;
  const how = await x.p.select<'az' | 'console'>({
    id: 'az-create',
    message: 'A new client secret is needed (the old one stays valid until the end). How?',
    choices: [
      { value: 'az', label: 'Create the new secret with az', hint: 'az ad app credential reset --append; the old secret keeps working' },
      { value: 'console', label: "I'll create it in the Entra portal" },
    ],
  });
  return how === 'az';
}

function fail(s: RotateState, x: RotateContext, why: string) {
  record(s, x, 'create-secret', 'failed', `${clean(why).replace(/\.+$/u, '')}. Nothing was created; CI is unchanged.`);
  return { end: true as const };
}

export const azCreateStep: RotateFlowStep = {
  id: 'az-create',
  skip: (s, x) => !x.services.azSecrets || s.made !== undefined || x.input.create?.route === 'registration' || (x.input.create?.route !== 'az' && !x.p),
  async run(s, x) {
    if (!(await wanted(s, x))) return;
    const az = x.services.azSecrets!;
    const appId = s.clientId;
    s.guide = x.services.providerGuide(s.provider === 'generic' ? 'entra' : s.provider);
    const days = azInput(x)?.secretDays ?? x.input.secretDays ?? 180;
    const endDate = addDays(x.services.now(), days).toISOString().slice(0, 10);
    const name = madeSecretName(x.services.now());
    if (azInput(x)?.dryRun) {
      const requests = [az.commands.list(appId), az.commands.append(appId, endDate, name), az.commands.remove(appId, 'OLD_KEY_ID')];
      s.result.created = { route: 'az', dryRun: true, requests, appId };
      record(s, x, 'create-secret', 'skipped', 'Dry run: these az commands would make the new secret (the last one only after the verification); none was run.');
      x.show({ kind: 'code', text: requests.join('\n') });
      s.result.ok = true;
      return { end: true };
    }
    let before;
    try {
      before = await x.task(`Listing the client secrets of app ${appId} with az…`, () => az.list(appId));
    } catch (err) {
      return fail(s, x, err instanceof Error ? err.message : String(err));
    }
    let made;
    try {
      made = await x.task('Adding a new client secret with az (the old one stays valid)…', () => az.append(appId, endDate, name, before.map((c) => c.keyId)));
    } catch (err) {
      return fail(s, x, err instanceof Error ? err.message : String(err));
    }
    s.made = { route: 'az', appId, before, ...(made.credential ? { credential: made.credential } : {}) };
    s.newSecret = made.secret;
    const c = made.credential;
    s.result.new = summarizeSecret(made.secret, x.services);
    s.result.created = {
      route: 'az',
      dryRun: false,
      requests: [az.commands.list(appId), az.commands.append(appId, endDate, name)],
      appId,
      secretLength: made.secret.length,
      keyId: c?.keyId ?? null,
      displayName: c?.displayName ?? name,
      endDateTime: c?.endDateTime || `${endDate}T00:00:00Z`,
    };
    record(
      s,
      x,
      'create-secret',
      'ok',
      `New client secret added with az: ${c ? describeCredential(c) : `"${name}" (its keyId was not in az's list)`}; the old secret stays valid until it is deleted.`,
    );
    record(s, x, 'new-secret', 'ok', `New secret received from az (${describeSecret(s.result.new)}); it was never shown.`);
  },
};
