/**
 * The wizard remembers: answers found in an existing config.yaml, in FLYTE_API_KEY and in the git remote become
 * the questions' initial values, each with where it came from ("from config.yaml"), so a re-run is Enter, Enter….
 */
import { parse } from 'yaml';
import type { DecodedApiKey } from '../core/apikey.js';
import type { AnswerKey, CiDetection, SetupAnswers } from './setup/types.js';

export interface Remembered {
  answers: SetupAnswers;
  /** Where each remembered answer came from, e.g. "config.yaml", "FLYTE_API_KEY", "git remote origin". */
  from: Partial<Record<AnswerKey, string>>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The settings this tool writes, read back from config.yaml text (nothing when it does not parse). */
export function fromConfigYaml(text: string, name = 'config.yaml'): Remembered {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return { answers: {}, from: {} };
  }
  const root = (doc && typeof doc === 'object' ? doc : {}) as Record<string, Record<string, unknown> | undefined>;
  const admin = root.admin ?? {};
  const task = root.task ?? {};
  const answers: SetupAnswers = {};
  const endpoint = str(admin.endpoint)?.replace(/^dns:\/\/\//u, '').replace(/^[a-z]+:\/\//iu, '');
  if (endpoint) answers.endpoint = endpoint;
  const org = str(task.org);
  if (org) answers.org = org;
  const project = str(task.project);
  if (project) answers.project = project;
  const domain = str(task.domain);
  if (domain) answers.domain = domain;
  const ca = str(admin.caCertFilePath);
  if (ca) answers.caCertFile = ca;
  else if (admin.insecureSkipVerify === true) answers.insecureSkipVerify = true;
  const from: Remembered['from'] = {};
  for (const k of Object.keys(answers) as AnswerKey[]) from[k] = name;
  return { answers, from };
}

/** Host, client ID and org of the key in FLYTE_API_KEY (never its secret). */
export function fromApiKey(decoded: DecodedApiKey): Remembered {
  if (!decoded.valid) return { answers: {}, from: {} };
  const answers: SetupAnswers = { endpoint: decoded.endpoint, clientId: decoded.clientId };
  if (decoded.org && decoded.org !== 'None') answers.org = decoded.org;
  const from: Remembered['from'] = {};
  for (const k of Object.keys(answers) as AnswerKey[]) from[k] = 'FLYTE_API_KEY';
  return { answers, from };
}

export function fromGitRemote(d: CiDetection): Remembered {
  const answers: SetupAnswers = {};
  if (d.target) answers.ci = d.target;
  if (d.repo) answers.repo = d.repo;
  const from: Remembered['from'] = {};
  for (const k of Object.keys(answers) as AnswerKey[]) from[k] = d.from ?? 'the git remote';
  return { answers, from };
}

/** Earlier sources win (config.yaml before FLYTE_API_KEY before the git remote). */
export function mergeRemembered(...all: Remembered[]): Remembered {
  const out: Remembered = { answers: {}, from: {} };
  for (const r of all) {
    for (const [k, v] of Object.entries(r.answers) as Array<[AnswerKey, never]>) {
      if (out.answers[k] === undefined && v !== undefined) {
        out.answers[k] = v;
        out.from[k] = r.from[k];
      }
    }
  }
  return out;
}

/** The help line of a question whose initial value was remembered. */
export function fromNote(source: string | undefined, help?: string): string | undefined {
  if (!source) return help;
  return `From ${source}: Enter keeps it.${help ? ` ${help}` : ''}`;
}
