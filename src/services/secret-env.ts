/**
 * Reads a secret from the environment variable NAMED by a flag such as --client-secret-env. The flag's value
 * is never put into a message: users sometimes pass the secret itself (`--client-secret-env "$SECRET"`), and
 * an error that echoed it would print the secret to the terminal and into CI logs.
 */
import { UsageError } from '../core/errors.js';
import { markSecretEnv } from './process.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The one message for a bad or unset name; it does not contain the flag's value. */
export function secretEnvMessage(flag: string): string {
  return `the environment variable named by ${flag} is not set or empty (it takes a NAME such as CLIENT_SECRET, not the secret itself).`;
}

export const SECRET_ENV_HINT = 'Example: export CLIENT_SECRET=… (or read it from your secret store), then pass --client-secret-env CLIENT_SECRET';

/** The example for `flag` (the default one for --client-secret-env). */
export function secretEnvHint(flag: string): string {
  if (flag === '--client-secret-env') return SECRET_ENV_HINT;
  const name = flag === '--credential-env' ? 'REG_TOKEN' : 'SECRET_VALUE';
  return `Example: export ${name}=… (or read it from your secret store), then pass ${flag} ${name}`;
}

/**
 * The raw value of the variable `name` in `env`, or a UsageError (exit 2) that never names `name`.
 * Empty counts as unset.
 */
export function readSecretEnv(env: Record<string, string | undefined>, name: string, flag = '--client-secret-env'): string {
  if (!NAME.test(name)) throw new UsageError(`${flag} takes the NAME of an environment variable (such as CLIENT_SECRET), not the secret itself; the value given is not a variable name.`, secretEnvHint(flag));
  const value = env[name];
  if (value === undefined || value === '') throw new UsageError(secretEnvMessage(flag), secretEnvHint(flag));
  // From here on no child process (gh, glab, git) inherits this variable.
  markSecretEnv(name);
  return value;
}
