/**
 * Step: when the key did not reach CI (no push for this CI system, gh/glab missing or not logged in, the push
 * declined or failed), offer to hand FLYTE_API_KEY over: clipboard, a 0600 file, or shown once on request
 * (src/flow/key-handoff.ts). Interactive only. The demo offers it too: its key reaches only the demo's servers.
 */
import { offerKeyHandoff } from '../../key-handoff.js';
import { buildKey } from '../ci-blocks.js';
import type { SetupStep } from '../state.js';

const DESTINATION: Record<string, string> = {
  github: 'GitHub (Settings → Secrets and variables → Actions)',
  gitlab: 'GitLab (Settings → CI/CD → Variables, masked)',
  jenkins: 'Jenkins (Manage Jenkins → Credentials, Secret text)',
  other: 'your CI system (a masked secret variable)',
};

export const keyHandoffStep: SetupStep = {
  id: 'key-handoff',
  skip: (s, x) => s.stopped || !x.p || !x.services.keyHandoff || !s.ci || s.ci.pushed,
  async run(s, x) {
    // The demo's key names the bare host (a key cannot carry host:port); it reaches nothing real.
    const built = buildKey(s, { bareHost: x.demo });
    if (!built.key) return;
    const h = await offerKeyHandoff(x.p!, built.key, x.services.keyHandoff!, { secretName: 'FLYTE_API_KEY', destination: DESTINATION[s.ci!.target] ?? 'your CI system' });
    s.ci = { ...s.ci!, handoff: h.how === 'skip' ? undefined : h.where ? `${h.how}: ${h.where}` : h.how };
  },
};
