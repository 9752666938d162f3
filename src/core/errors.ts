/** Exit codes: 0 ok, 1 the check or action failed, 2 usage, 130 cancelled. */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error meant for a person: `message` is one line that says what is wrong, `hint` what to do.
 * The CLI prints both and exits with `exitCode`; never a stack trace unless --debug.
 * Messages must never contain a secret or a token: build them from field names and lengths.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad or missing input: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** The check or the action did not succeed: exit 1. */
export class FailureError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.failed, hint);
  }
}

/** The user cancelled (Ctrl-C, Esc on the first step, "no" to a confirmation): exit 130. */
export class CancelledError extends CliError {
  constructor(message = 'Cancelled.') {
    super(message, EXIT.cancelled);
  }
}

/**
 * Thrown when an answer is needed and not given; names the flags that supply it (alternatives as one entry,
 * "A or B"). `promptable`: the command would ask in a terminal, so the hint says why it did not.
 */
export class MissingAnswerError extends UsageError {
  constructor(
    readonly flags: string[],
    opts: { promptable?: boolean } = {},
  ) {
    super(
      `Missing ${flags.length === 1 ? 'an answer' : 'answers'}: pass ${flags.join(', ')}.`,
      opts.promptable
        ? 'In a terminal this is asked instead; nothing is asked when stdin or stdout is not a terminal, CI is set, or --yes/--json is given.'
        : undefined,
    );
  }
}
