/**
 * The wizard's first frame, painted by src/cli.ts before the setup command, the flow, Ink or React are loaded
 * (the target: the first frame within twice the start-up time of a bare `node -e`). stdin goes to raw mode at once, so keys typed meanwhile are
 * neither echoed nor lost. The Ink prompter adopts the frame when the flow's first question renders to the same
 * text, and erases it otherwise; if nothing adopts it, the CLI releases it before exiting.
 */
import { providerQuestion } from '../flow/provider-question.js';
import { eraseRows, rowsOf, selectFrame } from './prepaint.js';

export interface EarlyFrame {
  text: string;
  rows: number;
  raw: boolean;
}

let painted: EarlyFrame | undefined;

export function paintWizardStart(color: boolean, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): void {
  const text = selectFrame(providerQuestion(), color);
  stdout.write(text);
  let raw = false;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    stdin.setRawMode(true);
    raw = true;
  }
  painted = { text, rows: rowsOf(text, stdout.columns || 80), raw };
}

/** Hand the painted frame to whoever draws the first question (once). */
export function adoptEarlyFrame(): EarlyFrame | undefined {
  const frame = painted;
  painted = undefined;
  return frame;
}

/** Nothing adopted the frame (an error before the first question): erase it and leave raw mode. */
export function releaseEarlyFrame(stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): void {
  const frame = adoptEarlyFrame();
  if (!frame) return;
  stdout.write(eraseRows(frame.rows));
  if (frame.raw && stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
}
