/**
 * Step 1b: decode the current key by flyte's rules. A malformed key is refused without a person; with one, the
 * problems are shown and the host, client ID and org are typed again (the shared questions of the wizard).
 */
import { normalizeEndpoint } from '../../../core/apikey.js';
import { CancelledError, UsageError } from '../../../core/errors.js';
import { redact } from '../../../core/secret.js';
import { clientIdQuestion, endpointQuestion, firstError, orgQuestion } from '../../questions.js';
import { orBack } from '../../steps.js';
import { clean, record, summarizeSecret, type RotateContext, type RotateFlowStep, type RotateState } from '../state.js';

async function rebuild(s: RotateState, x: RotateContext, lines: string[]): Promise<void> {
  const p = x.p!;
  x.show(
    { kind: 'text', tone: 'error', text: 'This FLYTE_API_KEY is malformed: flyte would mis-read it.' },
    { kind: 'list', tone: 'error', items: lines },
  );
  const usable = (field: 'endpoint' | 'clientId' | 'org', v: string) => (v && !firstError(field, v) ? v : undefined);
  // Questions in a row; Esc on any but the first goes back to the one before it (Esc on the first leaves the
  // step, as the runner does).
  const ask = [
    async () => {
      const ok = await p.confirm({ id: 'rebuild-key', message: 'Rebuild it from the host, client ID and org (the new secret comes next)?', initial: true });
      if (!ok) throw new CancelledError('Rotation cancelled: the current key is malformed. Nothing was changed.');
    },
    async () => {
      s.endpoint = normalizeEndpoint(await p.text(endpointQuestion(usable('endpoint', s.endpoint), 'The host in the key: bare, no https:// (a pasted URL is reduced to the host).'))).host;
    },
    async () => {
      s.clientId = await p.text(clientIdQuestion(usable('clientId', s.clientId), 'your identity provider', 'The client ID in the key.'));
    },
    async () => {
      s.org = await p.text(orgQuestion(s.endpoint, usable('org', s.org)));
    },
  ];
  for (let i = 0; i < ask.length; ) {
    if (i === 0) await ask[0]!();
    else if ((await orBack(async () => (await ask[i]!(), true))) === undefined) {
      i -= 1;
      continue;
    }
    i += 1;
  }
  s.oldSecret = undefined;
  record(s, x, 'current-key', 'warning', 'The current key was malformed; rebuilt from the host, client ID and org you entered.');
}

export const keyFieldsStep: RotateFlowStep = {
  id: 'key-fields',
  async run(s, x) {
    const currentKey = s.currentKey!;
    const decoded = x.services.decodeKey(currentKey.reveal().trim());
    s.endpoint = decoded.endpoint;
    s.clientId = decoded.clientId;
    s.org = decoded.org === 'None' ? '' : decoded.org;
    s.oldSecret = decoded.clientSecret;
    const secrets = [currentKey, decoded.clientSecret];
    if (!decoded.valid) {
      const errors = decoded.problems.filter((pr) => pr.severity === 'error');
      const lines = (errors.length ? errors : decoded.problems).map((pr) => redact(clean(pr.message), secrets));
      if (!x.p) {
        record(s, x, 'current-key', 'failed', 'The current FLYTE_API_KEY is malformed: flyte would mis-read it.');
        throw new UsageError(
          `The current FLYTE_API_KEY is malformed: ${lines.join('; ')}`,
          'Rebuild it interactively (`flyte-ci-auth rotate` in a terminal) or with `flyte-ci-auth key encode`, then rotate.',
        );
      }
      await rebuild(s, x, lines);
    } else {
      const warn = decoded.problems.filter((pr) => pr.severity === 'warning').map((pr) => redact(clean(pr.message), secrets));
      record(s, x, 'current-key', warn.length ? 'warning' : 'ok', warn.length ? `Current key decodes; ${warn.join('; ')}` : 'Current key decodes by flyte\'s rules.');
    }
    s.result.endpoint = s.endpoint;
    s.result.clientId = s.clientId;
    s.result.org = s.org;
    s.result.old = s.oldSecret ? summarizeSecret(s.oldSecret, x.services) : undefined;
  },
};
