/** Step 2a: who issues the tokens (the control plane's metadata names the provider), asked with the current key. */
import { clean, checkWith, describeSecret, record, type RotateFlowStep } from '../state.js';

export const identityStep: RotateFlowStep = {
  id: 'identity',
  async run(s, x) {
    const shape = x.input.shape;
    s.provider = shape.provider ?? 'generic';
    if (!s.oldSecret) {
      s.result.provider = s.provider;
      record(s, x, 'identity', 'skipped', 'No usable current secret to ask the control plane with.');
      return;
    }
    const old = s.oldSecret;
    const current = await x.task('Asking the control plane who issues its tokens (with the current key)…', () => x.services.check(checkWith(s, x, old)));
    s.provider = shape.provider ?? current.provider;
    record(s, x, 'identity', current.ok ? 'ok' : 'warning', current.ok ? 'The current key still works.' : `The current key fails today: ${clean(current.diagnosis.title)}`);
    s.result.provider = s.provider;
    x.show(
      { kind: 'heading', text: 'Current key' },
      {
        kind: 'table',
        rows: [
          { label: 'Host', value: s.endpoint },
          { label: 'Client ID', value: s.clientId },
          { label: 'Org', value: s.org || '(empty: flyte infers it from the host)' },
          { label: 'Provider', value: x.services.providerGuide(s.provider).name },
          ...(current.discovered ? [{ label: 'Token endpoint', value: clean(current.discovered.tokenEndpoint) }] : []),
          { label: 'Secret', value: describeSecret(s.result.old!) },
          { label: 'Works today', value: current.ok ? 'yes' : `no: ${clean(current.diagnosis.title)}` },
        ],
      },
    );
  },
};
