/** The wizard's background probe of the control-plane host (its anonymous metadata call, short timeout). */
import { stripControl } from '../core/sanitize.js';
import type { HostProbe } from '../flow/setup.js';
import type { CommandContext } from './types.js';

export async function probeHost(ctx: CommandContext, endpoint: string, o: { caFile?: string; caPem?: string; timeoutMs: number }): Promise<HostProbe> {
  const [{ openHttpClient }, { discoverControlPlane }, { diagnoseHttp, diagnoseTransport }, { httpSetupUsageError }] = await Promise.all([
    import('../services/http.js'),
    import('../services/controlplane.js'),
    import('../core/diagnose.js'),
    import('./http-problems.js'),
  ]);
  const opened = await openHttpClient({ caFile: o.caFile, caPem: o.caPem, timeoutMs: o.timeoutMs, env: ctx.env });
  if (!opened.ok) throw httpSetupUsageError(opened.problem);
  const client = opened.client;
  try {
    const d = await discoverControlPlane(client.fetch, endpoint);
    const failed = !d.metadata.ok ? d.metadata : !d.client.ok ? d.client : undefined;
    if (failed && !failed.ok) {
      const dctx = { provider: 'generic', stage: 'metadata', controlPlaneHost: endpoint, scopes: [], authMethod: 'basic', now: new Date() } as const;
      const obs = failed.observation;
      const diagnosis = obs.kind === 'transport' ? diagnoseTransport(obs, { ...dctx, scopes: [] }) : diagnoseHttp(obs, { ...dctx, scopes: [] });
      // "Control plane unreachable: host name could not be resolved" → the cause; the host is named by the note.
      const title = diagnosis.code === 'control_plane_unreachable' && diagnosis.title.includes(': ') ? diagnosis.title.slice(diagnosis.title.indexOf(': ') + 2) : diagnosis.title;
      return { ok: false, code: diagnosis.code, title: stripControl(title, { singleLine: true, maxLength: 160 }) };
    }
    const token = d.metadata.ok ? d.metadata.value.tokenEndpoint : '';
    return { ok: true, ...(token ? { tokenEndpoint: stripControl(token, { singleLine: true, maxLength: 160 }) } : {}) };
  } finally {
    await client.close().catch(() => {});
  }
}
