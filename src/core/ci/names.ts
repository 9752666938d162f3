/**
 * Names of CI secrets: what GitHub, GitLab and Jenkins accept (GitHub: letters, digits, _ and no GITHUB_ prefix; GitLab: letters,
 * digits, _ up to 255; Jenkins credential IDs).
 * Each check returns a plain sentence saying what is wrong, or undefined when the name is fine.
 */

import { flyteIdProblem as sharedFlyteIdProblem } from '../validate.js';

export const DEFAULT_SECRET_NAME = 'FLYTE_API_KEY';
export const DEFAULT_JENKINS_CREDENTIAL_ID = 'flyte-api-key';

/** GitHub Actions secret names: letters, digits and underscores, not starting with a digit or GITHUB_. */
export function githubSecretNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'The secret name is empty.';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return `The secret name "${safeName(name)}" may only contain letters, digits and underscores.`;
  if (/^[0-9]/.test(name)) return `The secret name "${name}" must not start with a digit.`;
  if (/^GITHUB_/i.test(name)) return `The secret name "${name}" must not start with GITHUB_ (GitHub reserves that prefix).`;
  return undefined;
}

/** GitLab CI/CD variable keys: 1–255 letters, digits and underscores. */
export function gitlabVariableNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'The variable name is empty.';
  if (name.length > 255) return 'The variable name is longer than 255 characters.';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return `The variable name "${safeName(name)}" may only contain letters, digits and underscores.`;
  return undefined;
}

/** Jenkins credential ids: letters, digits, underscore, dash and dot. */
export function jenkinsCredentialIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'The credential id is empty.';
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) return `The credential id "${safeName(id)}" may only contain letters, digits, "_", "-" and ".".`;
  return undefined;
}

/** Flyte project and domain ids as they appear in a pipeline command line (also keeps the snippet shell-safe). */
export function flyteIdProblem(what: 'project' | 'domain', value: string): string | undefined {
  // One rule for every command and the wizard: src/core/validate.ts.
  const p = sharedFlyteIdProblem(what, value);
  return p ? `${p.message[0]!.toUpperCase()}${p.message.slice(1)}` : undefined;
}

/** The deploy path (a file or folder in the repository), restricted to characters that need no quoting. */
export function deployPathProblem(value: string): string | undefined {
  if (!/^[A-Za-z0-9._][A-Za-z0-9._/-]*$/.test(value) || value.split('/').includes('..')) {
    return `The path "${safeName(value)}" must be relative to the repository and contain only letters, digits, ".", "_", "-" and "/".`;
  }
  return undefined;
}

/** A path to config.yaml inside the repository (same character rules as the deploy path). */
export function configPathProblem(value: string): string | undefined {
  const p = deployPathProblem(value);
  return p ? p.replace('The path', 'The config path') : undefined;
}

/** Names shown back in messages: printable and short. */
function safeName(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 59)}…` : printable;
}
