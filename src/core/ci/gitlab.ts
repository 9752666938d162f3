/**
 * argv for the GitLab CLI and GitLab's masked-variable rules. The value goes to glab's stdin
 * (glab trims surrounding whitespace); every attribute is passed on `set` and again on `update`, because
 * `update` resets any attribute that is not given (an update without --masked unmasks the variable).
 */
import { parseVersion, type ToolVersion } from './command-line.js';

export interface GitlabTarget {
  /** `group[/subgroup…]/project`. */
  project: string;
  name: string;
  /** environment_scope; `*` = all environments. Always passed (several scopes with one key → 409 without it). */
  scope: string;
  protected: boolean;
}

export const GLAB_CHILD_ENV: Record<string, string | undefined> = {
  GLAB_SEND_TELEMETRY: 'false',
  GLAB_CHECK_UPDATE: 'false',
  NO_PROMPT: 'true',
  FLYTE_API_KEY: undefined,
};

/** `--raw` exists since glab 1.35. */
export const GLAB_MIN_VERSION = { major: 1, minor: 35, patch: 0 } as const;

export function parseGlabVersion(stdout: string): ToolVersion | undefined {
  return parseVersion(stdout, /glab(?: version)? v?(\d+)\.(\d+)\.(\d+)/);
}

export function glabVariableArgs(verb: 'set' | 'update', t: GitlabTarget): string[] {
  return [
    'variable',
    verb,
    t.name,
    '--masked',
    '--raw',
    ...(t.protected ? ['--protected'] : []),
    '--scope',
    t.scope,
    '-R',
    t.project,
  ];
}

/** glab's answer when the key already exists in that scope. */
export function isAlreadyTaken(stderr: string): boolean {
  return /has already been taken/i.test(stderr);
}

/** Masked + raw (GitLab ≥ 15.x with the raw attribute): any 8+ non-whitespace characters. */
export const MASK_RAW = /^\S{8,}$/;
/** Masked + expanded (and what older servers that ignore `raw` apply). */
export const MASK_EXPANDED = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;

export interface MaskCheck {
  /** GitLab can mask the value when sent with --raw. */
  maskableRaw: boolean;
  /** GitLab can mask it even where `raw` is ignored (older servers) or with "Expand variable reference" on. */
  maskableExpanded: boolean;
  /** Why it cannot be masked at all (no characters of the value are shown). */
  problem?: string;
  /** Why older GitLab versions may refuse it. */
  warning?: string;
}

export function checkMaskable(value: string): MaskCheck {
  const maskableRaw = MASK_RAW.test(value);
  const maskableExpanded = MASK_EXPANDED.test(value);
  const out: MaskCheck = { maskableRaw, maskableExpanded };
  if (!maskableRaw) {
    if (value.length < 8) {
      out.problem = `GitLab can only mask values of at least 8 characters; this one has ${value.length}.`;
    } else {
      const at = value.search(/\s/);
      out.problem = `GitLab cannot mask a value that contains whitespace (a space, tab or line break at position ${at + 1}).`;
    }
  } else if (!maskableExpanded) {
    const at = value.search(/[^a-zA-Z0-9_+=/@:.~-]/);
    out.warning =
      `The value has a character (position ${at + 1}) outside A-Z a-z 0-9 _ + = / @ : . ~ -; GitLab masks it only as a raw variable ` +
      '("Expand variable reference" unticked, GitLab 15.8 or newer). Older servers will answer "value is invalid".';
  }
  return out;
}

export function gitlabVariablesUrl(host: string, project: string): string {
  return `https://${host}/${project}/-/settings/ci_cd#js-cicd-variables-settings`;
}
