/**
 * The wizard's questions as awaited functions (Shopify cli-kit's model): the flow is plain async code that
 * calls a Prompter; the Ink implementation lives in src/ui/, a scripted one answers by question id in tests
 * (gh's pattern). Every answer can also come from a flag: the flow asks only for what is missing.
 */
import type { Secret } from './secret.js';

/** Thrown by a prompt when the user presses Esc: the flow goes back one step, keeping answers. */
export class BackSignal extends Error {
  constructor() {
    super('back');
    this.name = 'BackSignal';
  }
}

export interface Choice<T extends string = string> {
  value: T;
  label: string;
  hint?: string;
}

export interface ChecklistItem {
  id: string;
  title: string;
  /** Where in the console, exact field names. */
  detail?: string;
  /** Console URL; shown as a clickable link where the terminal supports it. */
  link?: string;
}

/** Static content the flow shows between questions. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; tone?: 'info' | 'success' | 'warning' | 'error' | 'dim' }
  | { kind: 'list'; items: string[]; ordered?: boolean; tone?: 'info' | 'success' | 'warning' | 'error' }
  | { kind: 'table'; rows: Array<{ label: string; value: string }> }
  | { kind: 'code'; text: string; title?: string }
  | { kind: 'diff'; lines: Array<{ op: '+' | '-' | ' '; text: string }>; title?: string };

export interface TextQuestion {
  id: string;
  message: string;
  initial?: string;
  placeholder?: string;
  help?: string;
  /** Applied to every change (e.g. strip pasted CR/LF, trim); the value shown and returned is normalised. */
  normalize?: (value: string) => string;
  /** Live validation as the user types: an error message, or undefined when the value is acceptable. */
  validate?: (value: string) => string | undefined;
  /** A non-blocking note shown under the field (e.g. "flyte will infer org 'union'"). */
  note?: (value: string) => string | undefined;
}

export interface SecretExtras {
  /** The summary line's answer when the field is submitted empty (e.g. "kept (12 characters)"). */
  emptySummary?: string;
}

export interface PauseExtras {
  /** What Esc does here, for the key hint (e.g. "other options"); default: back. */
  escLabel?: string;
}

export interface Prompter {
  select<T extends string>(q: { id: string; message: string; choices: Choice<T>[]; initial?: T; help?: string }): Promise<T>;
  text(q: TextQuestion): Promise<string>;
  /** Masked input, paste-safe (pasted CR/LF and surrounding spaces never reach the value). Never echoes. */
  secret(q: Omit<TextQuestion, 'initial' | 'normalize'> & SecretExtras): Promise<Secret>;
  confirm(q: { id: string; message: string; initial?: boolean }): Promise<boolean>;
  /**
   * The user ticks through the items; resolves when all are ticked (or the user chooses to continue), with the
   * ids of the ticked items where the implementation reports them. `initial`: ids ticked from the start (the
   * flow passes back the previous ticks when it asks the checklist again).
   */
  checklist(q: { id: string; title: string; items: ChecklistItem[]; help?: string; initial?: readonly string[] }): Promise<string[] | void>;
  /** Run slow work with a spinner (or a plain progress line in accessible mode); `update` changes the line. */
  task<T>(label: string, run: (update: (line: string) => void) => Promise<T>): Promise<T>;
  show(...blocks: Block[]): void;
  /** Wait for Enter (e.g. "fix it in the portal, then press Enter to re-check"). */
  pause(q: { id: string; message: string } & PauseExtras): Promise<void>;
  /** Restore the terminal. */
  close(): Promise<void>;
  /**
   * Lend the terminal to a child that talks to the person itself (`gh auth login`): the view stops drawing and
   * reading keys and leaves raw mode, `run` runs with the terminal inherited, then the view resumes below
   * whatever the child printed. Optional: without it, a flow must not start such a child (it shows the command
   * to run instead).
   */
  suspend?<T>(run: () => Promise<T>): Promise<T>;
}
