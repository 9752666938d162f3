/**
 * The questions the setup wizard and the rotation both ask, built in one place: control-plane host, client ID,
 * client secret, org, CI target and repository, the check-failure menu and the check options. A builder returns
 * the question; the caller asks it and stores the answer.
 */
import { emptyOrgMessage, normalizeEndpoint, orgFromEndpoint, validateField, type KeyField } from '../core/apikey.js';
import type { AuthMethod } from '../core/check-types.js';
import type { Choice, TextQuestion } from '../core/prompter.js';
import { normalizeRepo, oneLine, repoProblem, type RepoForge } from './common.js';

export function firstError(field: KeyField, value: string): string | undefined {
  return validateField(field, value).find((p) => p.severity === 'error')?.message;
}

export function endpointProblem(value: string): string | undefined {
  if (value === '') return 'Enter the control-plane host, e.g. union.example.com.';
  return firstError('endpoint', normalizeEndpoint(value).host);
}

/** The answer is a URL or a host; store `normalizeEndpoint(answer).host`. */
export function endpointQuestion(initial?: string, help?: string): TextQuestion {
  return {
    id: 'endpoint',
    message: 'Control-plane host',
    initial,
    placeholder: 'union.example.com',
    help: help ?? 'The host of your self-hosted Union / Flyte control plane. A pasted URL (https://…, dns:///…) is reduced to the host.',
    normalize: oneLine,
    validate: endpointProblem,
    note: (v) => (v && !endpointProblem(v) ? normalizeEndpoint(v).notice : undefined),
  };
}

export function clientIdQuestion(initial: string | undefined, providerName: string, help?: string): TextQuestion {
  return {
    id: 'client-id',
    message: 'Client ID',
    initial,
    help: help ?? `The client (application) ID of the CI app in ${providerName}.`,
    normalize: oneLine,
    validate: (v) => (v === '' ? 'Enter the client ID.' : firstError('clientId', v)),
  };
}

/** A placeholder for the org: the first label of a host name, never a piece of an IP address. */
export function orgPlaceholder(host: string): string {
  const inferred = orgFromEndpoint(host);
  if (!inferred || /^\d+$/.test(inferred) || /^[\d.:[\]]+$/.test(host)) return '';
  return inferred;
}

export function orgQuestion(host: string, initial?: string, help?: string): TextQuestion {
  const inferred = orgFromEndpoint(host);
  return {
    id: 'org',
    message: 'Org (global.UNION_ORG)',
    initial,
    placeholder: orgPlaceholder(host),
    help:
      help ??
      'The value of global.UNION_ORG in the control plane\'s Helm values. If left empty, flyte infers the org from the host, ' +
        'which self-hosted control planes reject as cross-org whenever it differs from UNION_ORG.',
    normalize: oneLine,
    validate: (v) => firstError('org', v),
    note: (v) =>
      v === ''
        ? emptyOrgMessage(host)
        : inferred && inferred !== v
          ? `Left empty, flyte would infer "${inferred}"; the org in the key wins, so "${v}" is used.`
          : undefined,
  };
}

/** The masked client secret. `had`: the length of an earlier answer that an empty answer keeps. */
export function secretQuestion(q: {
  id: string;
  message: string;
  help: string;
  had?: number;
  /** What flyte can carry (default: the key codec's rule for a client secret). */
  rule?: (value: string) => string | undefined;
  /** Extra rule on top of "flyte can carry it" (e.g. "not the current secret"). */
  also?: (value: string) => string | undefined;
}): Omit<TextQuestion, 'initial' | 'normalize'> & { emptySummary?: string } {
  const { had } = q;
  return {
    id: q.id,
    message: q.message,
    help: q.help,
    validate: (v) => {
      if (v === '') return had ? undefined : 'Paste the client secret.';
      return (q.rule ?? ((x: string) => firstError('clientSecret', x)))(oneLine(v)) ?? q.also?.(oneLine(v));
    },
    // Left empty, the earlier secret is used: the summary says so instead of "0 characters".
    ...(had ? { emptySummary: `kept (${had} character${had === 1 ? '' : 's'})` } : {}),
  };
}

export interface CiChoice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** Where the pipeline runs; the last choice differs (setup: another CI system, rotate: print the key). */
export function ciTargetQuestion<T extends string>(q: {
  id: string;
  message: string;
  initial?: T;
  help?: string;
  hints?: Partial<Record<string, string>>;
  last: CiChoice<T>;
}): { id: string; message: string; initial?: T; help?: string; choices: Choice<T>[] } {
  const base: Array<CiChoice<string>> = [
    { value: 'github', label: 'GitHub Actions' },
    { value: 'gitlab', label: 'GitLab CI' },
    { value: 'jenkins', label: 'Jenkins' },
  ];
  const choices = [...base.map((c) => ({ ...c, ...(q.hints?.[c.value] ? { hint: q.hints[c.value] } : {}) }) as Choice<T>), q.last];
  return { id: q.id, message: q.message, initial: q.initial, help: q.help, choices };
}

/** The repository, normalised where it is typed: a URL, an SSH remote or HOST/PATH becomes what `push --repo` reads. */
export function repoQuestion(forge: RepoForge, initial?: string, message?: string): TextQuestion {
  return {
    id: 'repo',
    message: message ?? (forge === 'github' ? 'GitHub repository (OWNER/REPO)' : 'GitLab project (GROUP/PROJECT)'),
    initial,
    normalize: (v) => {
      const line = oneLine(v);
      return normalizeRepo(forge, line) ?? line;
    },
    validate: (x) => repoProblem(forge, x),
  };
}

export type CheckAction = 'idp-ca' | 'watch' | 'retry' | 'reenter' | 'edit' | 'options' | 'exchange' | 'report' | 'continue' | 'quit';

const CHECK_ACTION_LABEL: Record<CheckAction, Choice<CheckAction>> = {
  'idp-ca': { value: 'idp-ca', label: "Give the identity provider's CA file (PEM)", hint: 'its certificate is from a private CA' },
  watch: { value: 'watch', label: 'Keep checking every 10 s until it passes', hint: 'after a fix in the console; Esc stops' },
  retry: { value: 'retry', label: 'Retry the check' },
  reenter: { value: 'reenter', label: 'Paste the new secret again' },
  edit: { value: 'edit', label: 'Edit one answer and retry' },
  options: { value: 'options', label: 'Switch scope, audience or authentication method' },
  exchange: { value: 'exchange', label: 'Show the HTTP exchange (redacted)' },
  report: { value: 'report', label: 'Save a redacted report to a file' },
  continue: { value: 'continue', label: 'Continue anyway', hint: 'CI will fail until this is fixed' },
  quit: { value: 'quit', label: 'Quit without writing anything' },
};

/** The menu after a failed check: the actions the flow offers, in order, with optional label overrides. */
export function checkFailedQuestion(
  actions: readonly CheckAction[],
  opts: { message?: string; labels?: Partial<Record<CheckAction, string>> } = {},
): { id: string; message: string; choices: Choice<CheckAction>[] } {
  return {
    id: 'check-failed',
    message: opts.message ?? 'The check failed. What next?',
    choices: actions.map((a) => ({ ...CHECK_ACTION_LABEL[a], ...(opts.labels?.[a] ? { label: opts.labels[a]! } : {}) })),
  };
}

export type CheckOptionId = 'scope' | 'audience' | 'auth-method';

export function checkOptionQuestion(current: { scopes: string[]; audience?: string; authMethod?: string }): {
  id: string;
  message: string;
  choices: Choice<CheckOptionId>[];
} {
  return {
    id: 'check-option',
    message: 'Which option?',
    choices: [
      { value: 'scope', label: 'Scope', hint: current.scopes.join(' ') || 'as advertised' },
      { value: 'audience', label: 'Audience', hint: current.audience ?? 'as advertised' },
      { value: 'auth-method', label: 'Client authentication method', hint: current.authMethod ?? 'basic' },
    ],
  };
}

export function scopesQuestion(initial: string[]): TextQuestion {
  return {
    id: 'scope',
    message: 'Scopes (space-separated; empty = what the control plane advertises)',
    initial: initial.join(' '),
    normalize: (s) => s.replace(/[\r\n]+/g, ' ').trim(),
  };
}

export function audienceQuestion(initial: string): TextQuestion {
  return { id: 'audience', message: 'Audience (empty = what the control plane advertises)', initial, normalize: oneLine };
}

export function authMethodQuestion(initial: AuthMethod | 'auto'): {
  id: string;
  message: string;
  initial: AuthMethod | 'auto';
  help: string;
  choices: Choice<AuthMethod | 'auto'>[];
} {
  return {
    id: 'auth-method',
    message: 'Client authentication method',
    initial,
    help: 'flyte always sends client_secret_basic; "post" only helps to tell a method mismatch apart.',
    choices: [
      { value: 'basic', label: 'basic', hint: 'what flyte does' },
      { value: 'auto', label: 'auto', hint: 'basic, then post to diagnose a mismatch' },
      { value: 'post', label: 'post', hint: 'diagnosis only' },
    ],
  };
}
