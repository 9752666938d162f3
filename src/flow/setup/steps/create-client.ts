/**
 * Step: "Create it for me" / "I'll create it in the console", once the control plane's host is known (discovery
 * names the identity provider and whether it allows registration, or is Entra ID with az). A created client's ID
 * and secret answer those two questions; the checklist is skipped. Cancelled or stopped halfway: the checklist.
 */
import { CancelledError } from '../../../core/errors.js';
import { BackSignal } from '../../../core/prompter.js';
import { askCreateOrConsole, type Targets } from '../../create-client.js';
import { oneLine } from '../../common.js';
import { canAsk, type SetupContext, type SetupState, type SetupStep } from '../state.js';
import { DEFAULT_TIMEOUT_MS } from '../types.js';

/** Discovery has its own short bound: an unreachable host must not hold the checklist for long. */
const DISCOVERY_TIMEOUT_MS = 8_000;
/** createClientFlow's "no" at its confirmation (a Ctrl-C is another CancelledError: it ends the wizard). */
const NOTHING_CREATED = 'Nothing was created.';

async function targetsOf(s: SetupState, x: SetupContext): Promise<Targets | undefined> {
  const a = s.a;
  const opts = { caFile: a.caFile, idpCaFile: a.idpCaFile, timeoutMs: Math.min(a.timeoutMs ?? DEFAULT_TIMEOUT_MS, DISCOVERY_TIMEOUT_MS) };
  try {
    return await x.ui.task('Reading what the identity provider offers', () =>
      x.services.createClient!.targets(a.endpoint!, { ...opts, ...(a.provider === 'entra' ? { provider: 'entra' as const } : {}) }),
    );
  } catch {
    // Not readable now (the check will say why): the console checklist it is.
    return undefined;
  }
}

export const createClientStep: SetupStep = {
  id: 'create-client',
  // Offered while the app is still to be created: the demo, or client ID / secret not given as flags.
  skip: (s, x) => !x.p || !x.services.createClient || !s.a.endpoint || s.created !== undefined || (!x.demo && !canAsk(s, x, 'clientId') && !canAsk(s, x, 'clientSecret')),
  async run(s, x) {
    const targets = await targetsOf(s, x);
    if (!targets || (await askCreateOrConsole(x.p!, targets)) !== 'create') return;
    const svc = x.services.createClient!;
    const a = s.a;
    try {
      const out = await svc.create(
        x.p!,
        targets,
        { ...(svc.credential ? { credential: svc.credential, clientName: 'flyte-ci' } : {}), showRequests: x.demo, quietFailure: false },
        { caFile: a.caFile, idpCaFile: a.idpCaFile, timeoutMs: a.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      );
      if (out.dryRun) return;
      a.clientId = out.clientId;
      a.clientSecret = out.clientSecret;
      a.secretSource = undefined;
      s.given.add('clientId');
      s.given.add('clientSecret');
      s.created = out.created;
      s.secretExpiresAt = out.secretExpiresAt;
    } catch (err) {
      // Declined at the confirmation, or stopped halfway (what exists was shown): the checklist follows.
      if (err instanceof BackSignal || (err instanceof CancelledError && err.message !== NOTHING_CREATED)) throw err;
      if (err instanceof CancelledError) x.ui.show({ kind: 'text', tone: 'dim', text: 'Nothing was created: create the app in the console.' });
      else x.ui.show({ kind: 'text', tone: 'error', text: `The client was not created: ${oneLine(err instanceof Error ? err.message : String(err))}` });
    }
  },
};
