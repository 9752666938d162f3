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
  /** Entra only: the exact portal steps to grant admin consent (diagnosis admin_consent_missing). */
  adminConsent?: GuideStep[];
  rotation: {
    /** true = the provider's rotate/regenerate invalidates the old secret at once (Keycloak, Auth0). */
    replacesImmediately: boolean;
    note: string;
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
  generic: generic as ProviderGuide,
};

export const PROVIDER_ORDER: readonly ProviderId[] = ['okta', 'entra', 'keycloak', 'auth0', 'generic'];

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
