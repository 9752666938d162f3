/**
 * One reader of the terminal for the whole wizard. It owns stdin (raw mode, no echo) from the first frame to
 * the end, turns bytes into key events (src/ui/keys.ts) and hands them, one at a time and in order, to the
 * question on screen. A question says for each key whether it took it, or took it and is finished ("done"):
 * the keys after that stay queued for the next question. So `3y` answers a list with 3 and the next Yes/No
 * question with y, `Down Down Enter` typed before Ink has even loaded chooses the third option, and nothing
 * typed between two questions (while the flow works) is lost or echoed over the screen.
 *
 * No Ink, no React: the pre-Ink first question (src/ui/early-paint.ts) reads keys through it too.
 */
import { flushPending, isText, splitFirst, tokenize, type KeyEvent } from './keys.js';

/** take: used; done: used, and the question is answered (stop giving it keys); skip: leave it for the next one. */
export type Take = 'take' | 'done' | 'skip';
export type KeyConsumer = (ev: KeyEvent) => Take;

export interface AttachOptions {
  /** Text fields take a printable run whole (a paste, a fast typist); lists take one character at a time. */
  textRuns?: boolean;
}

type InputStream = Pick<NodeJS.ReadStream, 'on' | 'off' | 'isTTY'> & {
  setRawMode?: (mode: boolean) => unknown;
  setEncoding?: (enc: BufferEncoding) => unknown;
  resume?: () => unknown;
  pause?: () => unknown;
};

export class KeyPump {
  private queue: KeyEvent[] = [];
  private consumer: { fn: KeyConsumer; opts: AttachOptions } | undefined;
  private pending = '';
  private pendingTimer: NodeJS.Immediate | undefined;
  private running = false;
  private draining = false;
  private raw = false;

  constructor(private readonly stdin: InputStream) {}

  get started(): boolean {
    return this.running;
  }

  /** Raw mode on and start reading (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.stdin.isTTY && typeof this.stdin.setRawMode === 'function') {
      this.stdin.setRawMode(true);
      this.raw = true;
    }
    this.stdin.setEncoding?.('utf8');
    this.stdin.on('data', this.onData);
    this.stdin.resume?.();
  }

  /** Stop reading and leave raw mode; keys still queued are dropped. A later attach starts it again. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.stdin.off('data', this.onData);
    this.stdin.pause?.();
    if (this.raw && typeof this.stdin.setRawMode === 'function') this.stdin.setRawMode(false);
    this.raw = false;
    if (this.pendingTimer) clearImmediate(this.pendingTimer);
    this.pendingTimer = undefined;
    this.pending = '';
    this.queue = [];
    this.consumer = undefined;
  }

  /** Feed bytes as if read from the terminal (the stdin listener; tests). */
  feed(chunk: string | Buffer): void {
    const text = this.pending + chunk.toString();
    if (this.pendingTimer) clearImmediate(this.pendingTimer);
    this.pendingTimer = undefined;
    const { events, pending } = tokenize(text);
    this.pending = pending;
    this.queue.push(...events);
    if (!this.consumer && this.stdin === process.stdin && this.stdin.isTTY && events.some((ev) => ev.key.ctrl && ev.input === 'c')) {
      // Ctrl-C while no question or task is listening (the flow is working between two questions): what the
      // terminal would have done outside raw mode. Cooked mode first, so the shell gets its terminal back.
      this.stop();
      process.kill(process.pid, 'SIGINT');
      return;
    }
    if (pending !== '') {
      // A lone ESC: the Esc key, unless the rest of a sequence follows at once (Ink waits the same way).
      this.pendingTimer = setImmediate(() => {
        this.pendingTimer = undefined;
        const flushed = flushPending(this.pending);
        this.pending = '';
        this.queue.push(...flushed);
        this.drain();
      });
    }
    this.drain();
  }

  private onData = (chunk: string | Buffer): void => this.feed(chunk);

  /**
   * Give keys to `fn` until it says done or is detached; keys already queued are given at once, in order.
   * One consumer at a time: attaching replaces the previous one.
   */
  attach(fn: KeyConsumer, opts: AttachOptions = {}): () => void {
    this.start();
    const entry = { fn, opts };
    this.consumer = entry;
    this.drain();
    return () => {
      if (this.consumer === entry) this.consumer = undefined;
    };
  }

  /** A question is taking keys now. */
  get attached(): boolean {
    return this.consumer !== undefined;
  }

  /** Keys waiting for a question (tests, diagnostics). */
  get queued(): readonly KeyEvent[] {
    return this.queue;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let at = 0;
      while (this.consumer && at < this.queue.length) {
        const entry = this.consumer;
        const ev = this.queue[at]!;
        let give = ev;
        let rest: KeyEvent | undefined;
        if (!entry.opts.textRuns && isText(ev)) [give, rest] = splitFirst(ev);
        const result = entry.fn(give);
        if (result === 'skip') {
          at += 1;
        } else {
          if (rest) this.queue[at] = rest;
          else this.queue.splice(at, 1);
          if (result === 'done' && this.consumer === entry) this.consumer = undefined;
        }
        // A new question took over (attached while this key was handled): it starts from the oldest key.
        if (this.consumer !== entry) at = 0;
      }
    } finally {
      this.draining = false;
    }
  }
}

/**
 * Kept on globalThis: the launcher's CommonJS first frame (dist/early.cjs) and the ES module bundle each carry a
 * copy of this file, and both must find the same pump for process.stdin.
 */
const PUMPS = Symbol.for('flyte-ci-auth.key-pumps');
const pumps: WeakMap<object, KeyPump> = ((globalThis as Record<symbol, unknown>)[PUMPS] ??= new WeakMap()) as WeakMap<object, KeyPump>;

/** The one pump of a stdin: the CLI's early frame and the prompter share it, so no key falls between them. */
export function pumpFor(stdin: InputStream): KeyPump {
  let pump = pumps.get(stdin);
  if (!pump) {
    pump = new KeyPump(stdin);
    pumps.set(stdin, pump);
  }
  return pump;
}
