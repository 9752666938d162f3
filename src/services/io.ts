/** The process's standard streams behind a small interface that tests replace. */
export interface Output {
  write(chunk: string): void;
  readonly isTTY: boolean;
  /** Terminal width; 80 when unknown. */
  readonly columns: number;
}

export interface Input {
  readonly isTTY: boolean;
  /** Everything on stdin until EOF, as UTF-8. Rejects when stdin is a terminal (nothing was piped). */
  readAll(): Promise<string>;
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
    },
    stdout: output(process.stdout),
    stderr: output(process.stderr),
  };
}

export async function readStream(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY) throw new Error('stdin is a terminal');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** An in-memory IO for tests and for capturing a command's output. */
export function memoryIO(opts: { stdin?: string; stdinIsTTY?: boolean; stdoutIsTTY?: boolean; columns?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = {
    stdin: {
      isTTY: opts.stdinIsTTY ?? opts.stdin === undefined,
      readAll: async () => {
        if (opts.stdin === undefined) throw new Error('stdin is a terminal');
        return opts.stdin;
      },
    },
    stdout: { write: (c) => void out.push(c), isTTY: opts.stdoutIsTTY ?? false, columns: opts.columns ?? 80 },
    stderr: { write: (c) => void err.push(c), isTTY: false, columns: opts.columns ?? 80 },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
