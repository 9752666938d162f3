/**
 * A Prompter for flow tests (gh's pattern): answers come from a script keyed by question id, in order;
 * a question that is not in the script, or asked more often than scripted, FAILS the test. Text answers go
 * through the question's normalize and validate (an invalid scripted answer fails too). Everything shown is
 * recorded so tests can assert on it (and on the absence of secrets).
 */
import { CancelledError } from '../../src/core/errors.js';
import { BackSignal, type Block, type Prompter, type TextQuestion } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';

export const BACK = Symbol('Esc');
export const CTRL_C = Symbol('Ctrl-C');
export type Answer = string | boolean | typeof BACK | typeof CTRL_C | undefined;

export interface Asked {
  kind: string;
  id: string;
  question: Record<string, unknown>;
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  readonly shown: Block[] = [];
  readonly tasks: string[] = [];
  /** Notes computed for text answers (the live "as you type" line). */
  readonly notes: Array<{ id: string; note: string }> = [];
  closed = false;
  private readonly queues = new Map<string, Answer[]>();

  constructor(script: Array<[string, Answer]>) {
    for (const [id, answer] of script) {
      const q = this.queues.get(id) ?? [];
      q.push(answer);
      this.queues.set(id, q);
    }
  }

  /** Ids still unanswered at the end (a test may assert this is empty). */
  remaining(): string[] {
    return [...this.queues.entries()].filter(([, q]) => q.length > 0).map(([id]) => id);
  }

  private next(kind: string, id: string, question: Record<string, unknown>): Answer {
    if (this.lent) throw new Error(`question "${id}" asked while the terminal is lent to a child`);
    this.asked.push({ kind, id, question });
    const q = this.queues.get(id);
    if (!q || q.length === 0) throw new Error(`unexpected ${kind} question "${id}" (not in the script)`);
    const answer = q.shift();
    if (answer === BACK) throw new BackSignal();
    if (answer === CTRL_C) throw new CancelledError();
    return answer;
  }

  async select<T extends string>(q: Parameters<Prompter['select']>[0]): Promise<T> {
    const answer = this.next('select', q.id, q as unknown as Record<string, unknown>);
    const value = answer === undefined ? (q.initial ?? q.choices[0]?.value) : answer;
    if (!q.choices.some((c) => c.value === value)) throw new Error(`"${String(value)}" is not a choice of "${q.id}"`);
    return value as T;
  }

  async text(q: TextQuestion): Promise<string> {
    const answer = this.next('text', q.id, q as unknown as Record<string, unknown>);
    const raw = answer === undefined ? (q.initial ?? '') : String(answer);
    const value = q.normalize ? q.normalize(raw) : raw;
    const error = q.validate?.(value);
    if (error) throw new Error(`scripted answer for "${q.id}" is invalid: ${error}`);
    const note = q.note?.(value);
    if (note) this.notes.push({ id: q.id, note });
    return value;
  }

  async secret(q: Omit<TextQuestion, 'initial' | 'normalize'>): Promise<Secret> {
    const answer = this.next('secret', q.id, q as unknown as Record<string, unknown>);
    const value = String(answer ?? '');
    const error = q.validate?.(value.replace(/[\r\n]+/g, '').trim());
    if (error) throw new Error(`scripted answer for "${q.id}" is invalid (${error.length} chars of message)`);
    return new Secret(value);
  }

  async confirm(q: { id: string; message: string; initial?: boolean }): Promise<boolean> {
    const answer = this.next('confirm', q.id, q);
    return answer === undefined ? (q.initial ?? false) : Boolean(answer);
  }

  async checklist(q: Parameters<Prompter['checklist']>[0]): Promise<void> {
    this.next('checklist', q.id, q as unknown as Record<string, unknown>);
  }

  async task<T>(label: string, run: (update: (line: string) => void) => Promise<T>): Promise<T> {
    this.tasks.push(label);
    return run((line) => this.tasks.push(`  ${line}`));
  }

  show(...blocks: Block[]): void {
    this.shown.push(...blocks);
  }

  async pause(q: { id: string; message: string }): Promise<void> {
    this.next('pause', q.id, q);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Times the terminal was lent to a child, and whether a question was asked while it was (a bug). */
  suspended = 0;
  private lent = false;

  async suspend<T>(run: () => Promise<T>): Promise<T> {
    if (this.lent) throw new Error('suspend inside suspend');
    this.suspended += 1;
    this.lent = true;
    this.asked.push({ kind: 'suspend', id: '(suspend)', question: {} });
    try {
      return await run();
    } finally {
      this.lent = false;
    }
  }

  ids(): string[] {
    return this.asked.map((a) => a.id);
  }

  /** Everything shown, as searchable text. */
  text_(): string {
    return JSON.stringify(this.shown);
  }
}
