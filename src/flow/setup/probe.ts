/**
 * The background probe of the control-plane host (interactive only): started when the host is answered, never
 * awaited; its one-line note is shown at the next step boundary, and dropped once the live check runs (the check
 * says more).
 */
import type { Block } from '../../core/prompter.js';
import { stripControl } from '../../core/sanitize.js';
import type { SetupContext, SetupState } from './state.js';
import type { HostProbe } from './types.js';

export const PROBE_TIMEOUT_MS = 5_000;

export function startProbe(s: SetupState, x: SetupContext, host: string): void {
  if (!x.p || !x.services.probeHost) return;
  const mine: NonNullable<SetupState['probe']> = { host, shown: false };
  s.probe = mine;
  x.services.probeHost(host, { caFile: s.a.caFile, timeoutMs: Math.min(s.a.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS) }).then(
    (r) => {
      mine.note = probeNote(host, r);
    },
    () => {
      // No note: the live check reports the problem with the full diagnosis.
    },
  );
}

/** Show the probe's note once, if it has answered and the host is still the answer. */
export function flushProbe(s: SetupState, x: SetupContext): void {
  if (s.probe?.note && !s.probe.shown && s.probe.host === s.a.endpoint) {
    s.probe.shown = true;
    x.ui.show(s.probe.note);
  }
}

function lowerFirst(t: string): string {
  return t ? t[0]!.toLowerCase() + t.slice(1) : t;
}

/** The probe's one-line note (server text is already sanitised by the service; cleaned again to one line). */
export function probeNote(host: string, r: HostProbe): Block {
  const clean = (t: string) => stripControl(t, { singleLine: true, maxLength: 160 });
  if (r.ok) {
    return {
      kind: 'text',
      tone: 'success',
      text: `${host} answers as a Flyte control plane${r.tokenEndpoint ? ` (token endpoint ${clean(r.tokenEndpoint)})` : ''}`,
    };
  }
  return { kind: 'text', tone: 'warning', text: `${host}: ${lowerFirst(clean(r.title))} — fix it now (Esc goes back) or continue` };
}
