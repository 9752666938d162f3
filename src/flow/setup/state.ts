/**
 * The wizard's explicit state (answers and what the steps produced) and the context every step reads (prompter,
 * services, defaults). Steps change the state; the summary is a pure function of it.
 */
import path from 'node:path';
import type { CheckReport } from '../../core/check-types.js';
import type { Block, Prompter } from '../../core/prompter.js';
import type { Secret } from '../../core/secret.js';
import type { Display } from '../plain-display.js';
import type { FlowStep } from '../steps.js';
import type { AnswerKey, CiDetection, SetupAnswers, SetupResult, TlsChoice, WizardServices } from './types.js';

export interface ProbeState {
  host: string;
  note?: Block;
  shown: boolean;
}

export interface SetupState {
  /** The answers so far (flags first, then what was asked). */
  a: SetupAnswers;
  /** Answers that came from flags: their questions are not asked. */
  given: Set<AnswerKey>;
  report?: CheckReport;
  /** The check failed without a person to ask: the rest is skipped, nothing is written. */
  stopped: boolean;
  reportPath?: string;
  config?: SetupResult['config'];
  ci?: SetupResult['ci'];
  pipeline?: SetupResult['pipeline'];
  tls: TlsChoice;
  /** The checklist steps ticked last time: coming back shows them ticked again. */
  ticked?: string[];
  /** The background probe of the host (interactive only). */
  probe?: ProbeState;
  /** "Create it for me": what was created, and the new secret's end date. */
  created?: import('../create-client.js').CreatedObject[];
  secretExpiresAt?: string;
}

export interface SetupContext {
  /** Absent: non-interactive. */
  p?: Prompter;
  ui: Display;
  services: WizardServices;
  cwd: string;
  demo: boolean;
  /** The answers as the flags gave them (the demo's summary uses the flag's CA file, not the demo's). */
  flags: SetupAnswers;
  defaults: SetupAnswers;
  detection: CiDetection;
  /** Where remembered initial values came from ("config.yaml", "FLYTE_API_KEY", "git remote origin …"). */
  from: Partial<Record<AnswerKey, string>>;
  /** --yes: confirmations are answered yes. */
  yes: boolean;
}

export function initialState(answers: SetupAnswers): SetupState {
  const a: SetupAnswers = { ...answers };
  return {
    a,
    given: new Set((Object.keys(answers) as AnswerKey[]).filter((k) => answers[k] !== undefined)),
    stopped: false,
    tls: a.insecureSkipVerify ? 'skip-verify' : a.caCertFile ? 'ca-cert' : 'system',
  };
}

/** The initial value of a question: the answer so far, else the default. */
export function initial<K extends AnswerKey>(s: SetupState, x: SetupContext, k: K): SetupAnswers[K] {
  return s.a[k] ?? x.defaults[k];
}

export function secretsOf(s: SetupState): Array<Secret | undefined> {
  return [s.a.clientSecret];
}

export function configFile(s: SetupState, x: Pick<SetupContext, 'cwd' | 'defaults'>): string {
  return path.resolve(x.cwd, s.a.file ?? x.defaults.file ?? 'config.yaml');
}

/** A path as shown: relative to the working directory when inside it. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Interactive and the question not answered by a flag. */
export function canAsk(s: SetupState, x: SetupContext, ...keys: AnswerKey[]): boolean {
  return Boolean(x.p) && !keys.some((k) => s.given.has(k));
}

/** One step of the wizard (src/flow/steps.ts runs them in the order of src/flow/setup/steps/index.ts). */
export type SetupStep = FlowStep<SetupState, SetupContext>;

/** The source of a question's initial value when it is still the remembered one (for "From config.yaml: …"). */
export function sourceOf(s: SetupState, x: SetupContext, k: AnswerKey): string | undefined {
  return s.a[k] === undefined || s.a[k] === x.defaults[k] ? x.from[k] : undefined;
}

/** The question with "From SOURCE: Enter keeps it." in front of its help, when its initial value was remembered. */
export function withSource<Q extends { help?: string }>(q: Q, s: SetupState, x: SetupContext, k: AnswerKey): Q {
  const source = sourceOf(s, x, k);
  return source ? { ...q, help: `From ${source}: Enter keeps it.${q.help ? ` ${q.help}` : ''}` } : q;
}
