/** Options, plans and reports of the push engine (shared by the command, the wizard and rotation). */
import type { CiProblem } from '../../core/ci/classify.js';
import type { PushTarget } from '../../core/ci/targets.js';
import type { Env } from '../../core/env.js';
import type { Secret } from '../../core/secret.js';
import type { ProcessRunner } from '../process.js';

export type { PushTarget } from '../../core/ci/targets.js';

export interface PushOptions {
  target: PushTarget;
  key: Secret;
  /** Secret / variable name (GitHub, GitLab); default FLYTE_API_KEY. */
  name?: string;
  /** GitHub `[HOST/]OWNER/REPO`, GitLab `group/…/project`; default: from the origin remote. */
  repo?: string;
  /** GitHub Actions environment. */
  environment?: string;
  /** GitLab environment scope (default `*`). */
  scope?: string;
  /** GitLab: only protected branches and tags see the variable. */
  protected?: boolean;
  /** Jenkins root URL. */
  url?: string;
  user?: string;
  credentialId?: string;
  /** Jenkins folder path `a/b` (folder store instead of the system store). */
  folder?: string;
  /** Jenkins API token; default JENKINS_API_TOKEN from deps.env. */
  jenkinsToken?: Secret;
  /** Jenkins over plain http to a host that is not loopback (the API token travels with the request). */
  allowHttp?: boolean;
  dryRun?: boolean;
  /** Called with the plan (target shown, previous update known) right before writing; false cancels. */
  confirm?: (plan: PushPlan) => Promise<boolean>;
}

export interface PushDeps {
  proc: ProcessRunner;
  fetch?: typeof fetch;
  env: Env;
  cwd: string;
  /** Per call; default 60 s for CLI calls, 20 s for HTTP. */
  timeoutMs?: number;
}

/** Which input was wrong or missing; the command maps it to its flag, the wizard to its question. */
export type PushInputField = 'key' | 'name' | 'repo' | 'environment' | 'scope' | 'url' | 'user' | 'credentialId' | 'folder' | 'jenkinsToken';

/** An input the engine cannot use (bad value, missing value, plain-http URL). No CLI flag names in the text. */
export interface PushInputProblem {
  code: 'invalid_input' | 'missing_input' | 'insecure_url';
  field: PushInputField;
  message: string;
  next: string;
  detail?: string;
}

export type PushProblem = CiProblem | PushInputProblem;

export function isInputProblem(p: PushProblem | undefined): p is PushInputProblem {
  return p !== undefined && (p.code === 'invalid_input' || p.code === 'missing_input' || p.code === 'insecure_url');
}

export type LastUpdated =
  | { state: 'set'; updatedAt?: string }
  | { state: 'not_set' }
  | { state: 'unknown'; reason: string; problem?: CiProblem };

export interface PushPlan {
  target: PushTarget;
  /** Where the secret goes, for people: `github.com/acme/app`, `gitlab.example.com/group/app`, a Jenkins store. */
  destination: string;
  repo?: string;
  host?: string;
  repoSource?: 'flag' | 'origin';
  environment?: string;
  scope?: string;
  protected?: boolean;
  /** Secret name, variable key or credential id. */
  name: string;
  /** The command (or HTTP request) with the value shown as a placeholder. */
  command: string;
  cli?: { name: 'gh' | 'glab'; version?: string };
  previous?: LastUpdated;
  warnings: string[];
}

export interface PushReport extends PushPlan {
  ok: boolean;
  action: 'dry-run' | 'created' | 'updated' | 'cancelled' | 'failed';
  /** GitHub's updated_at after the write. */
  updatedAt?: string;
  problem?: PushProblem;
}

export const CLI_TIMEOUT = 60_000;
export const HTTP_TIMEOUT = 20_000;
export const PROBE_TIMEOUT = 20_000;

/** Failures of a read-only probe that will certainly also stop the write: report them before asking. */
export const BLOCKING_PROBLEMS: ReadonlySet<string> = new Set(['not_installed', 'not_logged_in', 'bad_token', 'forbidden', 'network', 'tls', 'timeout']);
