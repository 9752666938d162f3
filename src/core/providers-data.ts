/**
 * The identity-provider guides (assets/providers/*.json) behind a typed loader: app-creation checklist,
 * admin-consent steps, rotation and old-secret deletion steps. The wizard, `check`'s fix steps and `rotate`
 * read the same data, so the wording lives in one place and not in components.
 */
import okta from '../../assets/providers/okta.json' with { type: 'json' };
import entra from '../../assets/providers/entra.json' with { type: 'json' };
import keycloak from '../../assets/providers/keycloak.json' with { type: 'json' };
import auth0 from '../../assets/providers/auth0.json' with { type: 'json' };
import generic from '../../assets/providers/generic.json' with { type: 'json' };
import cognito from '../../assets/providers/cognito.json' with { type: 'json' };
import adfs from '../../assets/providers/adfs.json' with { type: 'json' };
import ping from '../../assets/providers/ping.json' with { type: 'json' };
import type { ProviderId } from './check-types.js';
import type { ChecklistItem } from './prompter.js';

/** One thing to do in the provider's console. */
export interface GuideStep {
  /** Stable id (e.g. "entra-consent"); tests and the checklist refer to it. */
  id: string;
  title: string;
  /** Where it is in the console, with the exact menu and field names. */
  where: string;
  detail?: string;
  /** A console URL, only where one exists that does not depend on the tenant. */
  link?: string;
  /** Where the step is documented: the vendor's page (URL) or a citation (issue, source file). Required. */
  source: string;
}

export interface ProviderGuide {
  id: ProviderId;
  /** Display name, e.g. "Microsoft Entra ID". */
  name: string;
  console: { name: string; url: string | null; hint?: string };
  /** Regular expressions (source text) matched against issuer / token URLs to recognise the provider. */
  urlPatterns: string[];
  defaults: { authMethod: 'basic' | 'post'; scopes?: string[] };
  /** The app-creation checklist, in order. */
  setup: GuideStep[];
  /** What the provider's access tokens carry (issuer, audience quirks), in plain words. */
  claimRules?: string[];
  /** Entra only: the exact portal steps to grant admin consent (diagnosis admin_consent_missing). */
  adminConsent?: GuideStep[];
  rotation: {
    /** true = the provider's rotate/regenerate invalidates the old secret at once (Keycloak, Auth0). */
    replacesImmediately: boolean;
    /**
     * How long a freshly created secret may be refused before the provider accepts it everywhere (Auth0: up to
     * 30 s). A check of the new secret retries for this long before calling the secret wrong.
     */
    secretPropagationSeconds?: number;
    note: string;
    /** Where the rotation behaviour is documented. */
    source?: string;
    steps: GuideStep[];
  };
  /** How to remove the old secret once CI uses the new key. */
  deleteOld: GuideStep[];
  /** Why and how to use one app per team or repository when several share the cluster. */
  perTeam: string;
}

const GUIDES: Record<ProviderId, ProviderGuide> = {
  okta: okta as ProviderGuide,
  entra: entra as ProviderGuide,
  keycloak: keycloak as ProviderGuide,
  auth0: auth0 as ProviderGuide,
  cognito: cognito as ProviderGuide,
  adfs: adfs as ProviderGuide,
  ping: ping as ProviderGuide,
  generic: generic as ProviderGuide,
};

/** The order providers are offered in (the wizard's provider question reads this list). */
export const PROVIDER_ORDER: readonly ProviderId[] = ['okta', 'entra', 'keycloak', 'auth0', 'cognito', 'adfs', 'ping', 'generic'];

/** Every step of a guide (setup, admin consent, rotation, deletion), for checks that apply to all of them. */
export function allSteps(guide: ProviderGuide): GuideStep[] {
  return [...guide.setup, ...(guide.adminConsent ?? []), ...guide.rotation.steps, ...guide.deleteOld];
}

/** Milliseconds a new secret of this provider may be refused before it works (0 when it works at once). */
export function secretPropagationMs(id: ProviderId): number {
  const s = providerGuide(id).rotation.secretPropagationSeconds;
  return typeof s === 'number' && s > 0 ? s * 1000 : 0;
}

export function isProviderId(value: string): value is ProviderId {
  return Object.prototype.hasOwnProperty.call(GUIDES, value);
}

export function providerGuide(id: ProviderId): ProviderGuide {
  const guide = GUIDES[id];
  if (!guide) throw new Error(`unknown provider ${String(id)}`);
  return guide;
}

/** The guide's steps as Prompter checklist items: "where" first, then the detail. */
export function checklistItems(steps: readonly GuideStep[]): ChecklistItem[] {
  return steps.map((s) => ({
    id: s.id,
    title: s.title,
    detail: s.detail ? `${s.where}. ${s.detail}` : s.where,
    ...(s.link ? { link: s.link } : {}),
  }));
}

/** The provider whose issuer / token URLs these are, when one is obvious (generic never matches). */
export function providerFromUrls(urls: ReadonlyArray<string | undefined>): ProviderId | undefined {
  for (const url of urls) {
    if (!url) continue;
    for (const id of PROVIDER_ORDER) {
      if (GUIDES[id].urlPatterns.some((p) => new RegExp(p, 'i').test(url))) return id;
    }
  }
  return undefined;
}
