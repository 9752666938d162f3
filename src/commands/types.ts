import type { ParseArgsConfig } from 'node:util';
import type { Style } from '../core/style.js';
import type { IO } from '../services/io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
import type { Env } from '../core/env.js';

/** Defined in src/core/env.ts (engines in services and core use it too); re-exported for the commands. */
export type { Env };

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** What every command receives: the seams (IO, environment) and the decisions made before it ran. */
export interface CommandContext {
  io: IO;
  env: Env;
  /** stdin and stdout are terminals, CI is not set, and neither --yes nor --json was given. */
  canPrompt: boolean;
  color: boolean;
  debug: boolean;
  json: boolean;
  yes: boolean;
  /** --accessible or INK_SCREEN_READER=true: linear, spinner-free rendering. */
  accessible: boolean;
  style: Style;
  /** The working directory the command acts in (config.yaml, git remotes, workflow files). */
  cwd: string;
}

/**
 * One module per command, in the spirit of gh's options struct plus run function: the CLI parses the
 * command's options (plus the global ones) and calls run(); run returns the exit code or throws a CliError.
 * A command module must not import Ink or React at its top level: only the interactive path loads them.
 */
export interface CommandModule {
  /** Full help text for `flyte-ci-auth CMD --help`. */
  usage: string;
  options: OptionSpec;
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

export const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  debug: { type: 'boolean' },
  accessible: { type: 'boolean' },
} as const satisfies OptionSpec;

export const GLOBAL_HELP = `Global flags:
  -h, --help       Show help for the command
      --version    Print the version
      --json       Print a machine-readable report on stdout (never prompts)
  -y, --yes        Answer yes to confirmations (never prompts)
      --no-color   Plain output (also NO_COLOR, TERM=dumb)
      --accessible Linear output without spinners (also INK_SCREEN_READER=true)
      --debug      Show stack traces for unexpected errors`;
