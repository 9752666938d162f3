/**
 * "Create it for me": the CI client made at the identity provider instead of by hand in its console, as the
 * wizard's checklist step offers it and as `flyte-ci-auth client create` runs it. Plain async code over a
 * Prompter (no Ink): every answer may come in `answers` (flags); only missing ones are asked. Nothing is
 * created before a confirmation that lists what will be created where (or `yes`). The engine is
 * src/services/registration/engine.ts.
 */
import { CancelledError } from '../core/errors.js';
import type { Prompter } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import type { Secret } from '../core/secret.js';
import type { FetchLike } from '../services/http.js';
import type { ProcessRunner } from '../services/process.js';
import { dialectFor, type Dialect } from '../services/registration/dcr.js';
import {
  PartialCreateError,
  createByRegistration,
  createWithAz,
  lookUpEntra,
  endDateAfter,
  planEntra,
  planRegistration,
  routeFor,
  type CreateResult,
  type CreatedObject,
  type Plan,
  type Targets,
} from '../services/registration/engine.js';

export type { CreateResult, CreatedObject, Targets } from '../services/registration/engine.js';

export type CreateChoice = 'create' | 'console';

/**
 * The checklist screen's question. Without a route the provider allows (no registration endpoint, not Entra),
 * nothing is asked: the console it is.
 */
export async function askCreateOrConsole(p: Prompter, targets: Pick<Targets, 'provider' | 'registrationEndpoint'>): Promise<CreateChoice> {
  const route = routeFor(targets);
  if (!route) return 'console';
  return p.select<CreateChoice>({
    id: 'create-or-console',
    message: 'The CI client: create it now, or in the console?',
    choices: [
      {
        value: 'create',
        label: 'Create it for me',
        hint: route === 'entra' ? 'with your logged-in az: app registration, service principal, role, secret' : 'through the provider\'s client registration endpoint',
      },
      { value: 'console', label: "I'll create it in the console", hint: 'the checklist' },
    ],
  });
}

export interface CreateClientAnswers {
  clientName?: string;
  /** Registration credential (initial access token, admin bearer token, Okta API token). */
  credential?: Secret;
  /** Register without a credential (open registration, e.g. Auth0 with it switched on). */
  openRegistration?: boolean;
  keepRegistration?: string;
  appRole?: string;
  /** Entra secret lifetime in days (default 180). */
  secretDays?: number;
  yes?: boolean;
  dryRun?: boolean;
  /** Show the requests/commands before the confirmation too (the demo, --debug). */
  showRequests?: boolean;
  /** Do not show a halfway failure (the caller reports PartialCreateError itself, e.g. on stderr). */
  quietFailure?: boolean;
}

export interface CreateClientDeps {
  fetch: FetchLike;
  runner: ProcessRunner;
  env: Record<string, string | undefined>;
  now?: () => Date;
}

export type CreateClientOutcome = ({ dryRun: false } & CreateResult) | { dryRun: true; plan: Plan };

const DEFAULT_NAME = 'flyte-ci';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function credentialQuestion(dialect: Dialect): string {
  switch (dialect) {
    case 'keycloak':
      return 'Keycloak initial access token, or a realm admin\'s bearer token (create-client)';
    case 'okta':
      return 'Okta API token (Security → API → Tokens); sent as "SSWS …"';
    case 'auth0':
      return 'Auth0 registration token (leave empty if dynamic registration is open)';
    default:
      return 'Initial access token for the registration endpoint (leave empty if registration is open)';
  }
}

/** IDs, names and URLs come from the provider or az: untrusted text, shown without control sequences. */
const safe = (s: string) => stripControl(s, { singleLine: true, maxLength: 300 });

function createdRows(created: CreatedObject[]): Array<{ label: string; value: string }> {
  return created.map((c) => ({ label: c.kind, value: safe(`${c.id}${c.detail ? ` (${c.detail})` : ''}, in ${c.where}`) }));
}

export async function createClientFlow(p: Prompter, targets: Targets, answers: CreateClientAnswers, deps: CreateClientDeps): Promise<CreateClientOutcome> {
  const route = routeFor(targets);
  if (!route) {
    throw new PartialCreateError(
      `the identity provider (${targets.issuer}) advertises no registration endpoint, and it is not Entra ID`,
      [],
      'Create the client in the provider\'s console (flyte-ci-auth setup shows the checklist). Nothing was created.',
    );
  }
  const now = deps.now ?? (() => new Date());
  const clientName =
    answers.clientName ??
    (await p.text({
      id: 'client-name',
      message: 'Name of the new CI client',
      initial: DEFAULT_NAME,
      normalize: (v) => v.trim(),
      validate: (v) => (NAME.test(v) ? undefined : 'letters, digits, . _ - (up to 64), starting with a letter or digit'),
    }));

  let plan: Plan;
  let run: () => Promise<CreateResult>;
  if (route === 'registration') {
    const dialect = dialectFor(targets.registrationEndpoint!, targets.provider);
    let credential = answers.credential;
    if (!credential && !answers.openRegistration && !answers.dryRun) {
      const s = await p.secret({ id: 'registration-credential', message: credentialQuestion(dialect) });
      credential = s.isEmpty ? undefined : s;
    }
    const input = { targets, clientName, credential, keepRegistration: answers.keepRegistration };
    plan = planRegistration(input);
    run = () => createByRegistration(input, { fetch: deps.fetch });
  } else {
    let days = answers.secretDays;
    if (days === undefined) {
      const text = await p.text({
        id: 'secret-days',
        message: 'The client secret ends after how many days?',
        initial: '180',
        validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 730 ? undefined : 'a whole number of days, 1 to 730 (Entra allows up to two years)'),
      });
      days = Number(text);
    }
    const input = { targets, clientName, appRole: answers.appRole, secretEndDate: endDateAfter(now(), days) };
    const azDeps = {
      runner: deps.runner,
      env: deps.env,
      chooseRole: (roles: Array<{ value: string; displayName: string }>) =>
        p.select({
          id: 'app-role',
          message: "Which of the API's application roles should the CI client hold?",
          choices: roles.map((r) => ({ value: r.value, label: r.value, hint: r.displayName })),
        }),
    };
    // A real run reads first (tenant, the API, its role: nothing is created), so the confirmation can name them;
    // a dry run runs no az command at all.
    const lookup = answers.dryRun ? undefined : await p.task('Looking up your tenant and the control plane\'s API with az', () => lookUpEntra(input, azDeps));
    plan = planEntra(input, lookup);
    run = () => createWithAz(input, azDeps, lookup);
  }

  p.show({ kind: 'heading', text: answers.dryRun ? 'Would create' : 'Will create' }, { kind: 'list', items: plan.willCreate.map(safe) });
  if (answers.dryRun) {
    p.show({ kind: 'code', title: route === 'entra' ? 'Commands (nothing is run)' : 'Request (not sent; credentials redacted)', text: stripControl(plan.requests.join('\n')) });
    return { dryRun: true, plan };
  }
  if (answers.showRequests) {
    p.show({ kind: 'code', title: route === 'entra' ? 'Commands' : 'Request (credentials redacted)', text: stripControl(plan.requests.join('\n')) });
  }
  if (!answers.yes) {
    const ok = await p.confirm({ id: 'confirm-create', message: 'Create these now?', initial: false });
    if (!ok) throw new CancelledError('Nothing was created.');
  }
  let result: CreateResult;
  try {
    result = await p.task(route === 'entra' ? 'Creating the client in Entra ID with az' : 'Registering the client', () => run());
  } catch (err) {
    if (err instanceof PartialCreateError && err.created.length > 0 && !answers.quietFailure) {
      p.show(
        { kind: 'text', tone: 'error', text: `Stopped halfway: ${stripControl(err.message, { singleLine: true, maxLength: 600 })}` },
        { kind: 'heading', text: 'What exists now' },
        { kind: 'table', rows: createdRows(err.created) },
        ...(err.hint ? [{ kind: 'text' as const, text: err.hint }] : []),
      );
    }
    throw err;
  }
  p.show({ kind: 'heading', text: 'Created' }, { kind: 'table', rows: createdRows(result.created) });
  if (result.secretExpiresAt) p.show({ kind: 'text', tone: 'dim', text: `The client secret expires ${safe(result.secretExpiresAt)}.` });
  for (const f of result.followUps) p.show({ kind: 'text', tone: 'warning', text: stripControl(f) });
  return { dryRun: false, ...result };
}
