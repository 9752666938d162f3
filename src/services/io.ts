/** The process's standard streams behind a small interface that tests replace. */
import { CancelledError } from '../core/errors.js';

export interface Output {
  write(chunk: string): void;
  readonly isTTY: boolean;
  /** Terminal width; 80 when unknown. */
  readonly columns: number;
}

export interface Input {
  readonly isTTY: boolean;
  /**
   * Everything on stdin until EOF, as UTF-8. Rejects when stdin is a terminal (nothing was piped), and with
   * StdinNotUtf8Error when the bytes are not UTF-8 (never turned into U+FFFD).
   */
  readAll(): Promise<string>;
  /**
   * One line typed at the terminal after `question` (written to stderr); `mask` echoes nothing of what is typed
   * (a secret). Rejects with CancelledError on Ctrl-C. Only called when stdin is a terminal.
   */
  ask?(question: string, opts?: { mask?: boolean }): Promise<string>;
}

/** What was piped is not UTF-8: refused (exit 2), never replaced by U+FFFD. */
export class StdinNotUtf8Error extends Error {
  constructor() {
    super('what was piped on stdin is not UTF-8 text (it has invalid bytes), so it was not used');
    this.name = 'StdinNotUtf8Error';
  }
}

/**
 * The one rule for a secret or key read from stdin: UTF-8 only (see readAll), exactly one trailing newline
 * removed (LF or CRLF: what `echo` and files add), nothing else changed, so the field checks can report other
 * whitespace instead of hiding it.
 */
export async function readStdinValue(input: Input): Promise<string> {
  return stripOneNewline(await input.readAll());
}

export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

export interface IO {
  stdin: Input;
  stdout: Output;
  stderr: Output;
}

function output(stream: NodeJS.WriteStream): Output {
  return {
    write: (chunk) => void stream.write(chunk),
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.columns || 80;
    },
  };
}

export function processIO(): IO {
  return {
    stdin: {
      get isTTY() {
        return Boolean(process.stdin.isTTY);
      },
      readAll: () => readStream(process.stdin),
      ask: (question, opts) => askLine(process.stdin, process.stderr, question, opts?.mask === true),
    },
    stdout: output(process.stdout),
    stderr: output(process.stderr),
  };
}

export async function readStream(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY) throw new Error('stdin is a terminal');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeUtf8Strict(Buffer.concat(chunks));
}

export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new StdinNotUtf8Error();
  }
}

async function askLine(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string, mask: boolean): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const { Writable } = await import('node:stream');
  let muted = false;
  // While masked, nothing typed reaches the terminal (the question itself is written before muting).
  const sink = new Writable({
    write(chunk, _enc, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: sink, terminal: true });
  const cancelled = new Promise<never>((_, reject) => rl.on('SIGINT', () => reject(new CancelledError())));
  try {
    const answer = rl.question(question);
    muted = mask;
    const line = await Promise.race([answer, cancelled]);
    if (mask) output.write('\n');
    return line;
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    throw new CancelledError();
  } finally {
    rl.close();
  }
}

/** An in-memory IO for tests and for capturing a command's output. */
export function memoryIO(opts: { stdin?: string | Uint8Array; stdinIsTTY?: boolean; stdoutIsTTY?: boolean; columns?: number; answers?: string[] } = {}) {
  const answers = [...(opts.answers ?? [])];
  const asked: Array<{ question: string; mask: boolean }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = {
    stdin: {
      isTTY: opts.stdinIsTTY ?? opts.stdin === undefined,
      readAll: async () => {
        if (opts.stdin === undefined) throw new Error('stdin is a terminal');
        return typeof opts.stdin === 'string' ? opts.stdin : decodeUtf8Strict(opts.stdin);
      },
      ask: async (question, o) => {
        asked.push({ question, mask: o?.mask === true });
        const a = answers.shift();
        if (a === undefined) throw new CancelledError();
        return a;
      },
    },
    stdout: { write: (c) => void out.push(c), isTTY: opts.stdoutIsTTY ?? false, columns: opts.columns ?? 80 },
    stderr: { write: (c) => void err.push(c), isTTY: false, columns: opts.columns ?? 80 },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), asked };
}
