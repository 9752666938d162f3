/**
 * What the commands are, as data: names, one-line summaries and examples, the top-level help and the version.
 * Nothing here loads a command. `src/fast.ts` bundles only this file (with GLOBAL_HELP), so `--version` and
 * `--help` are answered by a small CommonJS file without starting Node's ES module loader; `src/cli.ts` uses the
 * same data, so both paths print the same text.
 */
import { GLOBAL_HELP } from './types.js';

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface CommandInfo {
  summary: string;
  example: string;
}

export const COMMAND_INFO = {
  setup: {
    summary: 'Interactive wizard: provider, credentials, live check, config.yaml, CI secret',
    example: 'flyte-ci-auth setup --demo',
  },
  check: {
    summary: 'Test the credentials exactly as flyte does and explain any failure',
    example: 'flyte-ci-auth check   (reads FLYTE_API_KEY; try --demo)',
  },
  key: {
    summary: "Encode or decode FLYTE_API_KEY by the rules of flyte's own decoder",
    example: 'printf %s "$SECRET" | flyte-ci-auth key encode --endpoint union.acme.com --client-id ci --org acme',
  },
  config: {
    summary: 'Create or update config.yaml without losing what is in it',
    example: 'flyte-ci-auth config write --endpoint union.acme.com --project ml --domain development --org acme',
  },
  push: {
    summary: 'Store FLYTE_API_KEY in GitHub, GitLab or Jenkins (the value only through stdin)',
    example: 'flyte-ci-auth push github --repo acme/app',
  },
  instructions: {
    summary: 'Print the steps and a pipeline snippet for a CI system',
    example: 'flyte-ci-auth instructions gitlab --project ml --domain development',
  },
  rotate: {
    summary: 'Rotate the client secret: new secret, check, push, verify, then delete the old one',
    example: 'printf %s "$NEW" | flyte-ci-auth rotate --client-secret-stdin --push github --repo acme/app',
  },
  client: {
    summary: 'Create (or delete) the CI client at the identity provider: RFC 7591 registration, or Entra ID via az',
    example: 'flyte-ci-auth client create --demo',
  },
} as const satisfies Record<string, CommandInfo>;

export type CommandName = keyof typeof COMMAND_INFO;

/** Global flags that take no value, so they may stand before the command. */
const GLOBAL_SWITCHES: ReadonlySet<string> = new Set(['--no-color', '--debug', '--json', '--yes', '-y', '--accessible', '--help', '-h', '--version']);

/**
 * The command is the first word after any leading global switches; anything else (`--demo`, `--project ml`, …)
 * means no command: the wizard, which parses every argument itself. `rest` is every other argument, in order.
 */
export function splitCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  let i = 0;
  while (i < argv.length && GLOBAL_SWITCHES.has(argv[i]!)) i++;
  const first = argv[i];
  if (first === undefined || first.startsWith('-')) return { name: undefined, rest: [...argv] };
  return { name: first, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
}

export function topLevelHelp(): string {
  const entries = Object.entries(COMMAND_INFO) as Array<[string, CommandInfo]>;
  const width = Math.max(...entries.map(([n]) => n.length));
  const rows = entries.map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  e.g. ${c.example}`);
  return [
    'flyte-ci-auth: from "I have an identity provider" to "flyte deploy authenticates from CI".',
    '',
    'Usage: flyte-ci-auth [command] [flags]',
    '       flyte-ci-auth            (no command, in a terminal: the setup wizard)',
    '',
    'Commands:',
    ...rows,
    '',
    GLOBAL_HELP,
    '',
    'Run `flyte-ci-auth COMMAND --help` for the flags of a command.',
    '',
  ].join('\n');
}

/**
 * The whole output when the arguments ask only for the version or the top-level help (global switches and no
 * command, or `help` alone), exactly as `main` in src/cli.ts would print it; undefined for anything else.
 */
export function quickAnswer(argv: readonly string[]): string | undefined {
  const args = argv[0] === 'help' && argv.length === 1 ? ['--help'] : argv;
  if (!args.every((a) => GLOBAL_SWITCHES.has(a))) return undefined;
  if (args.includes('--version')) return `flyte-ci-auth ${VERSION}\n`;
  if (args.includes('--help') || args.includes('-h')) return topLevelHelp();
  return undefined;
}
