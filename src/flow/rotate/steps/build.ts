/** Step 5: build the new key from the OLD key's host, client ID and org with the new secret; it must decode back. */
import { describeSecret, record, shortFingerprint, type RotateFlowStep } from '../state.js';

export const buildStep: RotateFlowStep = {
  id: 'build',
  async run(s, x) {
    const secret = s.newSecret!;
    const newKey = x.services.encodeKey({ endpoint: s.endpoint, clientId: s.clientId, clientSecret: secret, org: s.org });
    const back = x.services.decodeKey(newKey.reveal());
    const backOrg = back.org === 'None' ? '' : back.org;
    if (!back.valid || back.endpoint !== s.endpoint || back.clientId !== s.clientId || back.clientSecret.reveal() !== secret.reveal() || backOrg !== s.org) {
      record(s, x, 'build', 'failed', 'The new key does not decode back to the same fields; nothing was pushed.');
      return { end: true };
    }
    s.newKey = newKey;
    const same = (a: string, b: string) => (a === b ? 'unchanged' : 'CHANGED');
    const r = s.result;
    x.show(
      { kind: 'heading', text: 'Old key → new key (only the secret changes)' },
      {
        kind: 'table',
        rows: [
          { label: 'Host', value: `${s.endpoint}  (${same(s.endpoint, back.endpoint)})` },
          { label: 'Client ID', value: `${s.clientId}  (${same(s.clientId, back.clientId)})` },
          { label: 'Org', value: `${s.org || '(empty)'}  (${same(s.org, backOrg)})` },
          { label: 'Secret (old)', value: r.old ? describeSecret(r.old) : '(unknown: the old key was malformed)' },
          { label: 'Secret (new)', value: describeSecret(r.new!) },
        ],
      },
    );
    record(s, x, 'build', 'ok', `New key built: same host, client ID and org; secret ${shortFingerprint(r.old)} → ${shortFingerprint(r.new)}.`);
  },
};
