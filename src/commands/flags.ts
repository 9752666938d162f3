/**
 * The one flags module: every command turns its parsed values into typed options with these helpers, so the same
 * flag accepts the same values everywhere (a table-driven test runs each shared flag through every command that
 * has it). The value rules themselves live in src/core/validate.ts; this adds the flag names and exit code 2.
 */
import { UsageError } from '../core/errors.js';
import { stripControl } from '../core/sanitize.js';
import { didYouMean, parseTimeout, shown, splitScopes, type InputProblem } from '../core/validate.js';
import type { OptionSpec, ParsedArgs } from './types.js';

export type Values = ParsedArgs['values'];

/** A string flag, trimmed; undefined when missing or blank. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A string flag as given (not trimmed); undefined when missing. */
export const raw = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A repeatable flag's values, trimmed, without empty ones; undefined when none. */
export const list = (v: unknown): string[] | undefined => {
  const a = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String).map((x) => x.trim()).filter(Boolean);
  return a.length > 0 ? a : undefined;
};

/** A problem from src/core/validate.ts as exit 2, naming the flag. */
export function refuse(flag: string, problem: InputProblem | undefined): void {
  if (problem) throw new UsageError(`${flag}: ${problem.message}`);
}

/** One of `allowed`, with "did you mean" for a near miss or a known alias (`--provider azure` → entra). */
export function enumFlag<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  aliases: Record<string, T> = {},
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const guess = didYouMean(value, allowed, aliases);
  throw new UsageError(
    `${flag} must be ${allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`} (got ${shown(value)}).`,
    guess ? `Did you mean ${flag} ${guess}?` : undefined,
  );
}

/** At most one of these flags (boolean true or a value). */
export function exclusive(values: Values, flags: readonly string[], why = 'they are alternatives'): void {
  const given = flags.filter((f) => values[f] !== undefined && values[f] !== false);
  if (given.length > 1) throw new UsageError(`--${given[0]} and --${given[1]} cannot be used together: ${why}. Pass one.`);
}

/** `--timeout`: seconds as 15 or 15s, 0.1–600. Returns milliseconds, or `fallback` when not given. */
export function timeoutFlag(v: unknown, fallbackMs: number): number {
  if (v === undefined) return fallbackMs;
  const ms = parseTimeout(typeof v === 'string' ? v : '');
  if (typeof ms !== 'number') throw new UsageError(`--timeout: ${ms.message}`);
  return ms;
}

/** `--secret-days N` (client create, rotate): an Entra secret's lifetime, 1 to 730 days (Entra allows two years). */
export function secretDaysFlag(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const raw = typeof v === 'string' ? v : '';
  const days = Number(raw);
  if (!(Number.isInteger(days) && days >= 1 && days <= 730)) {
    throw new UsageError(`--secret-days must be a whole number from 1 to 730 (got "${stripControl(raw, { singleLine: true, maxLength: 40 })}")`);
  }
  return days;
}

/** `--scope`: repeatable, and each value may be a space- or comma-separated list. */
export function scopesFlag(v: unknown): string[] | undefined {
  const values = list(v);
  if (!values) return undefined;
  const scopes = splitScopes(values);
  return scopes.length > 0 ? scopes : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Checks the CLI runs for every command before the command sees its values

interface OptionToken {
  kind: string;
  name?: string;
  rawName?: string;
  value?: string;
}

/**
 * A single-value flag given twice is refused (last-wins would let `--repo acme/app --repo evil/app` push to
 * evil/app). Repeatable flags (`multiple: true`) and switches are not affected.
 */
export function refuseRepeated(tokens: readonly OptionToken[], options: OptionSpec): void {
  const seen = new Map<string, string[]>();
  for (const t of tokens) {
    if (t.kind !== 'option' || !t.name) continue;
    const spec = options[t.name];
    if (!spec || spec.type !== 'string' || spec.multiple) continue;
    const values = seen.get(t.name) ?? [];
    values.push(t.value ?? '');
    seen.set(t.name, values);
    if (values.length === 2) {
      const secretish = /secret|token|password|key/i.test(t.name);
      throw new UsageError(
        `--${t.name} was given more than once${secretish ? '' : ` (${values.map((x) => shown(x, 40)).join(', ')})`}: it takes one value. Pass it once.`,
      );
    }
  }
}

/** Flags that do not exist on purpose, with why and what to use. */
const SECRET_FLAGS = new Set(['client-secret', 'secret', 'api-key', 'flyte-api-key', 'key', 'token', 'password']);

/** The message for an unknown flag: a secret-bearing flag explained, else "did you mean". */
export function unknownFlagMessage(flag: string, command: string, options: OptionSpec): { message: string; hint?: string } {
  const name = flag.replace(/^-+/, '').split('=')[0]!;
  if (SECRET_FLAGS.has(name.toLowerCase())) {
    const alternatives = [
      ...(options['client-secret-stdin'] ? ['--client-secret-stdin (pipe it: printf \'%s\' "$SECRET" | …)'] : []),
      ...(options['client-secret-env'] ? ['--client-secret-env NAME (the name of an environment variable holding it)'] : []),
      ...(command === 'key' ? ['stdin (printf \'%s\' "$SECRET" | flyte-ci-auth key encode …)'] : []),
      ...(options['key-stdin'] ? ['--key-stdin'] : []),
    ];
    return {
      message: `there is no --${name} for "${command}": a secret in a flag value ends up in shell history, the process list and CI logs.`,
      hint: alternatives.length > 0 ? `Use ${alternatives.join(' or ')}.` : `"${command}" does not take a secret; see flyte-ci-auth ${command} --help.`,
    };
  }
  const candidates = Object.keys(options).filter((k) => !SECRET_FLAGS.has(k));
  const guess = didYouMean(name, candidates);
  const dashes = /^-[^-]/.test(flag) ? '-' : '--';
  return {
    message: `unknown flag ${dashes}${shown(name, 40).slice(1, -1)} for "${command}"`,
    hint: guess ? `Did you mean --${guess}?` : undefined,
  };
}

/**
 * A CA file flag (`--idp-ca-file PEM`): the file must exist (relative to the working directory) and hold a PEM
 * certificate; the value is kept as typed (CI sees the same relative path).
 */
export async function pemFileFlag(flag: string, v: unknown, cwd: string): Promise<string | undefined> {
  if (v === undefined) return undefined;
  const file = typeof v === 'string' ? v.trim() : '';
  if (file === '') throw new UsageError(`${flag} needs the path of a PEM file.`);
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const text = await readFile(resolve(cwd, file), 'utf8').catch(() => undefined);
  if (text === undefined) throw new UsageError(`${flag}: ${shown(file)} does not exist or cannot be read.`, 'Pass the PEM file of the CA certificate.');
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/u.test(text)) throw new UsageError(`${flag}: ${shown(file)} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  return file;
}
