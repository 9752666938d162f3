/**
 * Entry point: argument parsing and the interactive/non-interactive decision, made before Ink is imported.
 * Command modules load lazily, so --help, --version and the non-interactive paths never load Ink or React.
 */
import { parseArgs } from 'node:util';
import { CliError, EXIT, UsageError } from './core/errors.js';
import { CheckSetupError } from './core/check-types.js';
import { createStyle } from './core/style.js';
import { stripControl, toJsonText } from './core/sanitize.js';
import { processIO, type IO } from './services/io.js';
import { GLOBAL_HELP, GLOBAL_OPTIONS, type CommandContext, type CommandModule, type Env } from './commands/types.js';
import { refuseRepeated, unknownFlagMessage } from './commands/flags.js';
import { didYouMean, shown } from './core/validate.js';
import { describeFsError } from './core/fs-errors.js';
import { colorEnabled, earlyWizardColor, isCI } from './core/run-mode.js';
import { COMMAND_INFO, splitCommand, topLevelHelp, VERSION, type CommandInfo, type CommandName } from './commands/catalog.js';

interface CommandEntry extends CommandInfo {
  load(): Promise<{ command: CommandModule }>;
}

const LOADERS: Record<CommandName, () => Promise<{ command: CommandModule }>> = {
  setup: () => import('./commands/setup.js'),
  check: () => import('./commands/check.js'),
  key: () => import('./commands/key.js'),
  config: () => import('./commands/config.js'),
  push: () => import('./commands/push.js'),
  instructions: () => import('./commands/instructions.js'),
  rotate: () => import('./commands/rotate.js'),
  client: () => import('./commands/client.js'),
};

export const COMMANDS: Record<string, CommandEntry> = Object.fromEntries(
  (Object.keys(COMMAND_INFO) as CommandName[]).map((name) => [name, { ...COMMAND_INFO[name], load: LOADERS[name] }]),
);

/**
 * After the early first frame, how long the heavy loading (command, flow, Ink) waits: a key pressed as the frame
 * appears is read and drawn before the event loop is busy loading. A person reads for longer than this.
 */
const EARLY_GRACE_MS = 30;

const USAGE_LINE = 'Usage: flyte-ci-auth [command] [flags]   (flyte-ci-auth --help lists the commands)';

function parseError(err: unknown, command: string, options: CommandModule['options']): { message: string; hint?: string } {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  // Node names a flag as '--name', '-x', or '-x, --name' (a flag with a short form): the long name is the one to show.
  const option = /'(?:-[^-', ], )?(--?[^', ]+)/.exec(msg)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return unknownFlagMessage(option ?? '', command, { ...GLOBAL_OPTIONS, ...options });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(msg)) return { message: `flag ${option ?? ''} needs a value` };
      if (/ambiguous/.test(msg)) return { message: `flag ${option ?? ''} needs a value; one that starts with "-" goes as ${option ?? ''}=VALUE` };
      return { message: `flag ${option ?? ''} does not take a value` };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return { message: `unexpected argument ${shown(msg.match(/'([^']*)'/)?.[1] ?? '', 40)}` };
    default:
      return { message: msg.split('\n')[0] ?? msg };
  }
}

function unknownCommand(name: string): UsageError {
  const guess = didYouMean(name, Object.keys(COMMANDS));
  return new UsageError(`unknown command ${shown(name, 40)}`, guess ? `Did you mean: flyte-ci-auth ${guess}?\n${USAGE_LINE}` : USAGE_LINE);
}

/** The working directory, or a usage error in words when it was deleted under the shell. */
function currentDir(): string {
  try {
    return process.cwd();
  } catch (err) {
    throw new UsageError(
      `the current folder no longer exists (it was deleted or moved): ${describeFsError((err as NodeJS.ErrnoException).code)}.`,
      'cd into an existing folder and run the command again.',
    );
  }
}

export async function main(argv: string[], io: IO = processIO(), env: Env = process.env, cwdArg?: string): Promise<number> {
  const debug = argv.includes('--debug');
  // --json: an error gets a JSON document on stdout unless the command already wrote one.
  let stdoutUsed = false;
  const rawStdout = io.stdout;
  io = { ...io, stdout: Object.assign(Object.create(rawStdout) as typeof rawStdout, { write: (c: string) => ((stdoutUsed ||= c !== ''), rawStdout.write(c)) }) };
  let releaseEarly: (() => void) | undefined;
  try {
    const cwd = cwdArg ?? currentDir();
    let { name, rest } = splitCommand(argv);
    // `help CMD` is `CMD --help`, as in gh.
    if (name === 'help' && rest[0] !== undefined && !rest[0].startsWith('-')) {
      if (!COMMANDS[rest[0]]) throw unknownCommand(rest[0]);
      name = rest[0];
      rest = [...rest.slice(1), '--help'];
    }

    if (name === undefined || name === 'help') {
      if (rest.includes('--version')) {
        io.stdout.write(`flyte-ci-auth ${VERSION}\n`);
        return EXIT.ok;
      }
      if (rest.includes('--help') || rest.includes('-h') || name === 'help') {
        io.stdout.write(topLevelHelp());
        return EXIT.ok;
      }
    }
    // The wizard with no answers given starts with the provider question: it is drawn now, interactive at once,
    // before the setup command, the flow and Ink load (src/ui/early-paint.ts); the Ink prompter takes it over.
    // The rest loads once the keys already typed have been applied, while the person reads.
    const earlyColor = earlyWizardColor(name, rest, env, io.stdin.isTTY === true, io.stdout.isTTY === true);
    if (earlyColor !== undefined) {
      if (!earlyColor) process.env.FORCE_COLOR = '0';
      const early = await import('./ui/early-paint.js');
      // The launcher (bin/flyte-ci-auth.js) normally drew it already, before this bundle loaded.
      if (!early.hasEarlySelect()) early.paintWizardStart(earlyColor);
      releaseEarly = early.releaseEarlyFrame;
      await new Promise<void>((resolve) => setTimeout(resolve, EARLY_GRACE_MS));
      // Ink and React load alongside the setup command, not after the flow reaches its first question.
      void import('./ui/ink-prompter.js').catch(() => undefined);
    }
    const entry = COMMANDS[name ?? 'setup'];
    if (!entry) throw unknownCommand(name ?? '');
    const commandName = name ?? 'setup';
    const { command } = await entry.load();

    let parsed;
    const options = { ...GLOBAL_OPTIONS, ...command.options };
    try {
      parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true, tokens: true });
    } catch (err) {
      const { message, hint } = parseError(err, commandName, command.options);
      if (name === undefined) {
        // No command was typed, so the flags went to the wizard: say so instead of naming a command the person never typed.
        throw new UsageError(
          message.replace(` for "${commandName}"`, ''),
          `${hint ? `${hint}\n` : ''}Without a command the wizard runs (flyte-ci-auth setup --help lists its flags); flyte-ci-auth --help lists the commands.`,
        );
      }
      throw new UsageError(message, hint ?? `Usage: ${command.usage.split('\n')[0]!.replace(/^Usage:\s*/, '')}`);
    }
    refuseRepeated(parsed.tokens ?? [], options);
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values.help) {
      io.stdout.write(`${command.usage.trimEnd()}\n\n${GLOBAL_HELP}\n`);
      return EXIT.ok;
    }
    if (values.version) {
      io.stdout.write(`flyte-ci-auth ${VERSION}\n`);
      return EXIT.ok;
    }

    const json = values.json === true;
    const yes = values.yes === true;
    const color = colorEnabled({ noColor: values['no-color'] === true, json }, env, io.stdout.isTTY);
    // Ink/chalk do not honour NO_COLOR themselves (chalk reads only FORCE_COLOR and the terminal): decide here,
    // before anything imports them.
    if (!color) process.env.FORCE_COLOR = '0';
    const ctx: CommandContext = {
      io,
      env,
      canPrompt: io.stdin.isTTY && io.stdout.isTTY && !isCI(env) && !yes && !json,
      color,
      debug,
      json,
      yes,
      accessible: values.accessible === true || env.INK_SCREEN_READER === 'true',
      style: createStyle(color),
      cwd,
    };
    return await command.run({ values, positionals: parsed.positionals }, ctx);
  } catch (caught) {
    releaseEarly?.();
    // Engines return typed problems; here, at the command shell, they become exit codes.
    const err = caught instanceof CheckSetupError ? new UsageError(caught.message, caught.hint) : caught;
    const code = reportError(err, io, debug);
    // --json promises one JSON document on stdout whatever happens, errors included.
    if (argv.includes('--json') && !stdoutUsed) io.stdout.write(`${toJsonText(errorJson(err, code))}\n`);
    return code;
  } finally {
    releaseEarly?.();
  }
}

/** The --json document for a run that ended in an error (the message only; no stack, no secret). */
export function errorJson(err: unknown, exitCode: number): { ok: false; error: { kind: string; message: string; hint?: string; exitCode: number } } {
  const kind = err instanceof CliError ? (exitCode === EXIT.usage ? 'usage' : exitCode === EXIT.cancelled ? 'cancelled' : 'failed') : 'unexpected';
  const message = stripControl(err instanceof Error ? err.message : String(err), { singleLine: true, maxLength: 2000 });
  const hint = err instanceof CliError && err.hint ? stripControl(err.hint, { singleLine: true, maxLength: 2000 }) : undefined;
  return { ok: false, error: { kind, message, ...(hint ? { hint } : {}), exitCode } };
}

export function reportError(err: unknown, io: IO, debug: boolean): number {
  if (err instanceof CliError) {
    // Messages can carry server or file text: no terminal control sequences reach the screen.
    io.stderr.write(`${err.exitCode === EXIT.cancelled ? '' : 'error: '}${stripControl(err.message, { maxLength: 2000 })}\n`);
    if (err.hint) io.stderr.write(`${stripControl(err.hint, { maxLength: 2000 })}\n`);
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const inWords = errnoInWords(err);
  if (inWords) {
    io.stderr.write(`error: ${inWords.message}\n`);
    if (inWords.hint) io.stderr.write(`${inWords.hint}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return inWords.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`error: unexpected failure: ${stripControl(message.split('\n')[0] ?? '', { maxLength: 500 })}\n`);
  io.stderr.write(debug && err instanceof Error && err.stack ? `${err.stack}\n` : 'Run again with --debug for details.\n');
  return EXIT.failed;
}

/**
 * A file-system failure that reached the top (FileError from the files service, or a raw errno error) in words:
 * what failed, on which path, and what to do. Undefined for anything else.
 */
export function errnoInWords(err: unknown, env: Env = process.env): { message: string; hint?: string; exitCode: number } | undefined {
  if (!(err instanceof Error)) return undefined;
  // Typed problems from core and services that reached the top without a command wording them: still exit 2.
  if (err.name === 'StdinNotUtf8Error') return { message: `${err.message}.`, hint: 'Pipe the value as UTF-8 text (printf \'%s\' "$VALUE" | …).', exitCode: EXIT.usage };
  if (err.name === 'KeyEncodeError') return { message: err.message, exitCode: EXIT.usage };
  if (err.name === 'FileError') {
    const fe = err as Error & { code: string };
    const usage = ['not_regular', 'too_large', 'not_utf8', 'read_only'].includes(fe.code);
    return { message: `${err.message}.`, exitCode: usage ? EXIT.usage : EXIT.failed };
  }
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code)) return undefined;
  const where = e.path ? ` ${e.path}` : '';
  const doing = e.syscall === 'mkdtemp' || e.syscall === 'mkdir' ? 'create the folder' : e.syscall === 'open' ? 'open' : e.syscall === 'uv_cwd' ? 'find the current folder' : e.syscall ?? 'use';
  let hint: string | undefined;
  if (e.code === 'EMFILE' || e.code === 'ENFILE') hint = 'Close other programs or raise the limit (ulimit -n 1024), then run this again.';
  const tmp = env.TMPDIR;
  if (tmp && e.path && e.path.startsWith(tmp)) hint = `TMPDIR is ${JSON.stringify(tmp)}, which is not a usable folder: unset it or point it at one that exists and is writable.`;
  if (e.syscall === 'uv_cwd') hint = 'The current folder was deleted or moved: cd into an existing folder and run the command again.';
  return { message: `cannot ${doing}${where}: ${describeFsError(e.code)}.`, hint, exitCode: e.syscall === 'uv_cwd' ? EXIT.usage : EXIT.failed };
}

// Run when this file is the program (the bundle's entry), not when a test imports it.
declare const __VERSION__: string;
const isEntry = typeof __VERSION__ === 'string';
if (isEntry) {
  // `flyte-ci-auth … | head -1`: when the reader goes away, stop quietly instead of an unhandled-error trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  // Lingering sockets or timers must not keep a finished command alive.
  process.stdout.write('', () => process.exit(code));
}
