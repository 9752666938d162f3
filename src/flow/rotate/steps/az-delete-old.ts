/**
 * Step 8 (a secret made through az): only now, after the key as stored was verified, delete the old secret by its
 * keyId, with a confirmation (or --yes); without one, print the exact command. The next rotation is due in 90
 * days, or earlier when the new secret ends earlier.
 */
import { addDays, isoDate, ROTATION_DAYS } from '../../common.js';
import { azInput, describeCredential, oldCredentials } from '../az-made.js';
import { clean, record, type MadeWithAz, type RotateContext, type RotateFlowStep, type RotateState } from '../state.js';
import type { EntraCredential } from '../types.js';

function nextRotation(s: RotateState, x: RotateContext): string {
  const due = isoDate(addDays(x.services.now(), ROTATION_DAYS));
  const ends = s.result.created?.endDateTime?.slice(0, 10);
  return ends && /^\d{4}-\d{2}-\d{2}$/u.test(ends) && ends < due ? ends : due;
}

async function agreed(s: RotateState, x: RotateContext, chosen: EntraCredential[]): Promise<boolean> {
  if (!x.p) return azInput(x)?.yes === true;
  return x.p.confirm({
    id: 'az-delete-old',
    message: `Delete the old secret ${chosen.map(describeCredential).join(', ')} from app ${(s.made as MadeWithAz).appId} now? Anything still using it stops working.`,
    initial: true,
  });
}

async function removeAll(s: RotateState, x: RotateContext, chosen: EntraCredential[]): Promise<string[]> {
  const az = x.services.azSecrets!;
  const failed: string[] = [];
  s.result.deleted = [];
  for (const c of chosen) {
    try {
      await x.task(`Deleting the old secret ${c.keyId} with az…`, () => az.remove((s.made as MadeWithAz).appId, c.keyId));
      s.result.deleted.push(c);
    } catch (err) {
      failed.push(`${c.keyId}: ${clean(err instanceof Error ? err.message : String(err))}`);
    }
  }
  return failed;
}

function keptBecause(s: RotateState, x: RotateContext, o: { stored: boolean; problem?: string; ambiguous: boolean }): string {
  const made = s.made as MadeWithAz;
  if (made.before.length === 0) return 'no earlier secret was listed for the app';
  if (!o.stored) return 'the new key is not stored in CI yet';
  if (o.problem) return o.problem;
  if (o.ambiguous) {
    return `which of the app's ${made.before.length} earlier secrets this key used cannot be told from their hints: pick the old one, or run again with --delete-key-id KEYID`;
  }
  return x.p ? 'not confirmed' : 'no --yes';
}

export const azDeleteOldStep: RotateFlowStep = {
  id: 'az-delete-old',
  skip: (s) => s.made?.route !== 'az',
  async run(s, x) {
    const r = s.result;
    const made = s.made as MadeWithAz;
    const az = x.services.azSecrets!;
    r.nextRotation = nextRotation(s, x);
    const stored = Boolean(s.pushed?.stored) || (Boolean(x.p) && s.target?.kind === 'none');
    const { chosen, ambiguous, problem } = oldCredentials(made, s.oldSecret, azInput(x)?.deleteKeyId);
    const candidates = chosen.length > 0 ? chosen : made.before;
    let failed: string[] = [];
    if (stored && chosen.length > 0 && (await agreed(s, x, chosen))) failed = await removeAll(s, x, chosen);
    const gone = new Set((r.deleted ?? []).map((c) => c.keyId));
    r.keptOld = made.before.filter((c) => !gone.has(c.keyId));
    const left = candidates.filter((c) => !gone.has(c.keyId));
    r.deleteSteps = [
      ...(stored ? [] : [`First store the new key as ${s.target!.name} in CI and let one deploy run with it.`]),
      ...left.map((c) => `${az.commands.remove(made.appId, c.keyId)}    # ${describeCredential(c)}`),
    ];
    const due = `Next rotation: ${r.nextRotation}.`;
    if (gone.size > 0 && failed.length === 0 && left.length === 0) {
      record(s, x, 'delete-old', 'ok', `Deleted the old secret ${[...gone].join(', ')} with az. ${due}`);
    } else if (failed.length > 0) {
      record(s, x, 'delete-old', 'warning', `The old secret could not be deleted (${failed.join('; ')}). Delete it with the command below. ${due}`);
    } else {
      const why = keptBecause(s, x, { stored, problem, ambiguous });
      record(s, x, 'delete-old', 'ok', `The old secret was kept (${clean(why)}). Delete it with the command below once nothing uses it. ${due}`);
    }
    if (r.deleteSteps.length > 0) x.show({ kind: 'heading', text: `Delete the old secret in app ${made.appId}` }, { kind: 'code', text: r.deleteSteps.join('\n') });
    x.show({ kind: 'text', tone: 'success', text: `Next rotation due: ${r.nextRotation}.` });
    // The new key is in CI and verified: the rotation succeeded even when the old secret is still there.
    r.ok = true;
  },
};
