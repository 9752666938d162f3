/**
 * Step 3 (RFC 7592, `--registration-file FILE` from `client create --keep-registration FILE`): the server issues
 * the new secret on an update of the kept client. There is no overlap (the old secret dies at the update), so the
 * push is agreed BEFORE the update, as for providers that replace a secret at once. A server that keeps the
 * secret on update is said so: at a terminal the rotation falls back to the console steps and the paste;
 * without one it stops (exit 1). `--dry-run` prints the two requests and sends nothing.
 */
import { CancelledError } from '../../../core/errors.js';
import type { Secret } from '../../../core/secret.js';
import { clean, describeSecret, record, summarizeSecret, targetLabel, type RotateContext, type RotateFlowStep, type RotateState } from '../state.js';
import type { KeptRegistration, RegistrationCreateInput } from '../types.js';

const input = (x: RotateContext) => x.input.create as RegistrationCreateInput;
const reason = (err: unknown) => clean(err instanceof Error ? err.message : String(err)).replace(/\.+$/u, '');

function fail(s: RotateState, x: RotateContext, why: string) {
  record(s, x, 'create-secret', 'failed', why);
  return { end: true as const };
}

async function agreePush(s: RotateState, x: RotateContext, host: string): Promise<void> {
  const target = s.target!;
  if (!x.p) return;
  if (target.kind === 'none' || target.dryRun) {
    const go = await x.p.confirm({
      id: 'confirm-update',
      message: `Update the client at ${host} now? Its secret is replaced at once: the old one stops working until the new key is stored in CI.`,
      initial: true,
    });
    if (!go) throw new CancelledError('Rotation stopped before the update: nothing was changed.');
    return;
  }
  const ok = await x.p.confirm({
    id: 'confirm-push',
    message: `Updating the client at ${host} replaces its secret at once (the old one stops working). Push the new key to ${targetLabel(target)} as soon as its check passes?`,
    initial: true,
  });
  if (!ok) throw new CancelledError('Rotation stopped before the update: nothing was changed.');
  s.pushConfirmed = true;
}

/** The update's secret, or undefined (after saying why) when the server kept the old one. */
function newSecretOf(s: RotateState, x: RotateContext, kept: KeptRegistration, secret: Secret | undefined): Secret | undefined {
  const before = kept.currentSecret ?? s.oldSecret;
  if (secret && !secret.isEmpty && (!before || secret.reveal() !== before.reveal())) return secret;
  const said = `${kept.host} does not rotate secrets on update: the RFC 7592 update kept the same client secret`;
  if (!x.p) {
    fail(s, x, `${said}. Create a new secret in the provider's console and pass it with --client-secret-stdin or --client-secret-env.`);
    return undefined;
  }
  record(s, x, 'create-secret', 'warning', `${said}; create the new secret in the console instead.`);
  x.show({ kind: 'text', tone: 'warning', text: `${said}. Create the new secret in the provider's console instead:` });
  return undefined;
}

async function update(s: RotateState, x: RotateContext, kept: KeptRegistration) {
  await agreePush(s, x, kept.host);
  let u;
  try {
    u = await x.task(`Updating client ${kept.clientId} at ${kept.host} (RFC 7592)…`, () => kept.update());
  } catch (err) {
    return fail(s, x, `The RFC 7592 update failed: ${reason(err)}. Check whether the current key still works with \`flyte-ci-auth check\`; CI is unchanged.`);
  }
  if (u.tokenRotated) {
    const text = u.saveProblem
      ? `The server issued a new registration access token, but ${input(x).file} could not be updated (${clean(u.saveProblem)}): the file now holds a token that no longer works.`
      : `The server issued a new registration access token; it was saved to ${input(x).file} (0600; the previous file is kept as .bak).`;
    x.show({ kind: 'text', tone: u.saveProblem ? 'error' : 'dim', text });
  }
  const secret = newSecretOf(s, x, kept, u.clientSecret);
  if (!secret) return x.p ? undefined : { end: true as const };
  s.newSecret = secret;
  s.made = { route: 'registration', clientId: kept.clientId, host: kept.host, file: input(x).file, ...(u.secretExpiresAt ? { expiresAt: u.secretExpiresAt } : {}) };
  s.result.new = summarizeSecret(secret, x.services);
  s.result.created = {
    route: 'registration',
    dryRun: false,
    requests: [`GET ${kept.host}`, `PUT ${kept.host}`],
    clientId: kept.clientId,
    secretLength: secret.length,
    endDateTime: u.secretExpiresAt ?? null,
    registrationFile: input(x).file,
    registrationTokenRotated: u.tokenRotated,
  };
  record(s, x, 'create-secret', 'warning', `${kept.host} issued a new client secret on the RFC 7592 update; the old one stopped working (no overlap), so the new key is pushed right after its check.`);
  record(s, x, 'new-secret', 'ok', `New secret received from the update (${describeSecret(s.result.new)}); it was never shown.`);
  return undefined;
}

export const registrationCreateStep: RotateFlowStep = {
  id: 'registration-create',
  skip: (s, x) => x.input.create?.route !== 'registration' || !x.services.registrationSecrets || s.made !== undefined,
  async run(s, x) {
    const maker = x.services.registrationSecrets!;
    const file = input(x).file;
    s.guide = x.services.providerGuide(s.provider);
    if (input(x).dryRun) {
      let plan;
      try {
        plan = await maker.plan(file);
      } catch (err) {
        return fail(s, x, `${reason(err)}. Nothing was sent.`);
      }
      s.result.created = { route: 'registration', dryRun: true, requests: plan.requests, clientId: plan.clientId, registrationFile: file };
      record(s, x, 'create-secret', 'skipped', `Dry run: these RFC 7592 requests to ${plan.host} would issue the new secret; none was sent.`);
      x.show({ kind: 'code', text: plan.requests.join('\n') });
      s.result.ok = true;
      return { end: true };
    }
    let kept: KeptRegistration;
    try {
      kept = await x.task(`Reading the kept client from ${file} (RFC 7592)…`, () => maker.open(file, { caFile: x.input.shape.idpCaFile ?? x.input.shape.caFile, timeoutMs: x.input.shape.timeoutMs }));
    } catch (err) {
      return fail(s, x, `${reason(err)}. Nothing was changed; CI is unchanged.`);
    }
    try {
      if (kept.clientId !== s.clientId) {
        return fail(s, x, `${file} is for client ${clean(kept.clientId)}, but the current key is for ${s.clientId}. Nothing was changed; CI is unchanged.`);
      }
      return await update(s, x, kept);
    } finally {
      await kept.close();
    }
  },
};
