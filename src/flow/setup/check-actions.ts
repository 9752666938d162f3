/**
 * What the check step does: run the check once and show it, and the actions of the failure menu (edit one
 * answer, switch a check option, save the redacted report, the admin-consent pause).
 */
import path from 'node:path';
import type { AuthMethod, CheckOptions, CheckReport } from '../../core/check-types.js';
import { BackSignal } from '../../core/prompter.js';
import { providerFromUrls, providerGuide } from '../../core/providers-data.js';
import { oneLine } from '../common.js';
import { reportBlocks, reportText } from '../check-view.js';
import {
  audienceQuestion,
  authMethodQuestion,
  checkOptionQuestion,
  scopesQuestion,
} from '../questions.js';
import { orBack } from '../steps.js';
import { adminConsentUrl, entraTenant } from '../consent.js';
import { askClientId } from './steps/client-id.js';
import { askClientSecret } from './steps/client-secret.js';
import { askEndpoint } from './steps/endpoint.js';
import { askOrg } from './steps/org.js';
import { configFile, secretsOf, type SetupContext, type SetupState } from './state.js';
import { DEFAULT_TIMEOUT_MS } from './types.js';

export function checkOptions(s: SetupState): CheckOptions {
  const a = s.a;
  return {
    endpoint: a.endpoint,
    clientId: a.clientId!,
    clientSecret: a.clientSecret!,
    org: a.org || undefined,
    scopes: a.scopes,
    audience: a.audience,
    authMethod: a.authMethod ?? 'basic',
    provider: a.provider,
    caFile: a.caFile,
    ...(a.idpCaFile ? { idpCaFile: a.idpCaFile } : {}),
    ...(a.project ? { project: a.project } : {}),
    ...(a.domain ? { domain: a.domain } : {}),
    timeoutMs: a.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    verbose: true,
  };
}

export async function runCheckOnce(s: SetupState, x: SetupContext): Promise<CheckReport> {
  const r = await x.ui.task(
    `Checking the credentials the way flyte does (${s.a.endpoint})`,
    (update) => x.services.check(checkOptions(s), (line) => update(line)),
    // A failed check never ends with a green tick on its progress line.
    { failed: (report) => !report.ok },
  );
  s.report = r;
  const detected = providerFromUrls([r.target.tokenUrl ?? undefined, r.discovered?.tokenEndpoint]);
  if (!s.a.provider) s.a.provider = detected ?? r.provider ?? 'generic';
  x.ui.show({ kind: 'heading', text: r.ok ? 'Check passed' : 'Check failed' }, ...reportBlocks(r, secretsOf(s)));
  if (detected && detected !== s.a.provider) {
    x.ui.show({
      kind: 'text',
      tone: 'warning',
      text: `The control plane's token endpoint looks like ${providerGuide(detected).name}, but you chose ${providerGuide(s.a.provider).name}.`,
    });
  }
  return r;
}

export type EditField = 'endpoint' | 'clientId' | 'clientSecret' | 'org';

/** "Edit one answer and retry": true when an answer changed (the check re-runs). Esc inside returns to the menu. */
export async function editAnswer(s: SetupState, x: SetupContext): Promise<boolean> {
  const a = s.a;
  const field = await orBack(() =>
    x.p!.select<EditField>({
      id: 'edit-field',
      message: 'Which answer?',
      choices: [
        { value: 'endpoint', label: 'Control-plane host', hint: a.endpoint },
        { value: 'clientId', label: 'Client ID', hint: a.clientId },
        { value: 'clientSecret', label: 'Client secret', hint: `${a.clientSecret?.length ?? 0} characters` },
        { value: 'org', label: 'Org', hint: a.org || '(empty)' },
      ],
    }),
  );
  if (!field) return false;
  const ask = { endpoint: () => askEndpoint(s, x, false), clientId: () => askClientId(s, x), clientSecret: () => askClientSecret(s, x), org: () => askOrg(s, x) }[field];
  const done = await orBack(async () => (await ask(), true));
  if (!done) return false;
  s.given.delete(field);
  return true;
}

/** "Switch scope, audience or authentication method": true when one was chosen (the check re-runs). */
export async function switchOption(s: SetupState, x: SetupContext, r: CheckReport): Promise<boolean> {
  const a = s.a;
  const p = x.p!;
  const which = await p.select(
    checkOptionQuestion({ scopes: a.scopes ?? r.discovered?.scopes ?? [], audience: a.audience ?? r.discovered?.audience, authMethod: a.authMethod }),
  );
  if (which === 'scope') {
    const v = await p.text(scopesQuestion(a.scopes ?? r.discovered?.scopes ?? []));
    a.scopes = v === '' ? undefined : v.split(/\s+/);
  } else if (which === 'audience') {
    const v = await p.text(audienceQuestion(a.audience ?? r.discovered?.audience ?? ''));
    a.audience = v === '' ? undefined : v;
  } else {
    a.authMethod = await p.select<AuthMethod | 'auto'>(authMethodQuestion(a.authMethod ?? 'basic'));
  }
  if (a.scopes || a.audience || (a.authMethod && a.authMethod !== 'auto' && a.authMethod !== 'basic')) {
    x.ui.show({
      kind: 'text',
      tone: 'warning',
      text: 'flyte sends the scopes and audience the control plane advertises, with HTTP Basic: an override that works here must also be configured on the control plane (or the app) for CI to work.',
    });
  }
  return true;
}

function providerGuessOf(s: SetupState, r: CheckReport): string {
  const guessed = providerFromUrls([r.target.tokenUrl ?? undefined, r.discovered?.tokenEndpoint]);
  const chosen = s.given.has('provider') || s.a.provider !== undefined;
  if (guessed && guessed !== s.a.provider) return `chosen; the token URL looks like ${providerGuide(guessed).name}`;
  if (guessed) return chosen ? 'chosen, and the token URL agrees' : 'guessed from the token URL';
  return 'chosen; the token URL does not tell';
}

export async function saveReport(s: SetupState, x: SetupContext, r: CheckReport): Promise<void> {
  const file = await x.p!.text({
    id: 'report-file',
    message: 'Save the redacted report to',
    initial: 'flyte-ci-auth-report.txt',
    normalize: oneLine,
    validate: (v) => (v === '' ? 'Enter a file name.' : undefined),
  });
  const a = s.a;
  const text = reportText(
    r,
    {
      when: x.services.clock.now(),
      provider: providerGuide(a.provider ?? 'generic').name,
      providerGuess: providerGuessOf(s, r),
      ...(x.services.versions ? { versions: x.services.versions } : {}),
      endpoint: a.endpoint ?? '',
      clientId: a.clientId ?? '',
      org: a.org ?? '',
    },
    secretsOf(s),
  );
  // The demo keeps everything in its own folder (the folder of config.yaml), never the working directory.
  const base = x.demo ? path.dirname(configFile(s, x)) : x.cwd;
  s.reportPath = await x.services.saveReport(path.resolve(base, file), text);
  x.ui.show({ kind: 'text', tone: 'success', text: `Saved the report (no secret, no token) to ${s.reportPath}` });
}

/** The admin-consent pause: true when the person pressed Enter (re-check), false on Esc (the menu). */
export async function consentPause(s: SetupState, x: SetupContext, r: CheckReport): Promise<boolean> {
  // The diagnosis's fix steps name the real tenant; the guide's steps are the fallback.
  if (r.diagnosis.fix.length === 0) {
    const steps = providerGuide('entra').adminConsent ?? [];
    x.ui.show(
      { kind: 'heading', text: 'Grant admin consent' },
      { kind: 'list', ordered: true, items: steps.map((st) => `${st.title}: ${st.where}${st.detail ? `. ${st.detail}` : ''}`) },
    );
  }
  const tenant = entraTenant(r);
  if (tenant && s.a.clientId) {
    x.ui.show({ kind: 'link', title: 'An admin of the tenant can also grant it by opening this link:', url: adminConsentUrl(tenant, s.a.clientId) });
  }
  try {
    await x.p!.pause({ id: 'admin-consent', message: 'Grant the consent in the portal, then press Enter to check again', escLabel: 'other options' });
    return true;
  } catch (err) {
    if (err instanceof BackSignal) return false;
    throw err;
  }
}
