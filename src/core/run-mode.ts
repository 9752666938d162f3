/**
 * How a run looks from its environment, decided before anything heavy loads: CI, colour, and whether the wizard's
 * first question is drawn at once. Used by src/cli.ts and by the launcher's CommonJS fast path (src/fast.ts), so
 * both decide the same way.
 */
import type { Env } from './env.js';

/** CI counts as set unless it is empty, "0" or "false". */
export function isCI(env: Env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

export function colorEnabled(flags: { noColor?: boolean; json?: boolean }, env: Env, stdoutIsTTY: boolean): boolean {
  if (flags.noColor || flags.json) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stdoutIsTTY;
}

/**
 * The wizard with no answers given, at a terminal, starts with the provider question, which is drawn before the
 * rest loads. Returns whether it is drawn in colour, or undefined when this run does not start that way (a command
 * other than setup, any flag but --no-color/--debug, no terminal, CI, a screen reader, or FLYTE_API_KEY set: the
 * wizard then first offers to rotate that key).
 */
export function earlyWizardColor(
  command: string | undefined,
  rest: readonly string[],
  env: Env,
  stdinIsTTY: boolean,
  stdoutIsTTY: boolean,
): boolean | undefined {
  if (command !== undefined && command !== 'setup') return undefined;
  const plain = rest.every((a) => a === '--no-color' || a === '--debug');
  if (!plain || !stdinIsTTY || !stdoutIsTTY || isCI(env) || env.INK_SCREEN_READER === 'true' || env.FLYTE_API_KEY) return undefined;
  return colorEnabled({ noColor: rest.includes('--no-color') }, env, true);
}
