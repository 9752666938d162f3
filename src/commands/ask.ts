/** The commands' own terminal questions (y/N, a masked secret), through the injected IO: never process.stdin. */
import { CancelledError, MissingAnswerError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import type { IO } from '../services/io.js';

export interface AskContext {
  io: IO;
  /** stdin and stdout are terminals, CI is not set, and neither --yes nor --json was given. */
  canPrompt: boolean;
}

/** y/N; anything but y/yes is no. Without a terminal: MissingAnswerError naming --yes. */
export async function askYesNo(question: string, ctx: AskContext): Promise<boolean> {
  if (!ctx.canPrompt || !ctx.io.stdin.ask) throw new MissingAnswerError(['--yes'], { promptable: true });
  const answer = await ctx.io.stdin.ask(`${question} [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

/**
 * A secret typed or pasted at the terminal, echoing nothing (as `gh secret set` asks "Paste your secret").
 * Surrounding whitespace and pasted line breaks are dropped. An empty answer cancels.
 */
export async function askSecret(question: string, ctx: AskContext, missing: string[]): Promise<Secret> {
  if (!ctx.canPrompt || !ctx.io.stdin.ask) throw new MissingAnswerError(missing, { promptable: true });
  const answer = await ctx.io.stdin.ask(question, { mask: true });
  const value = answer.replace(/[\r\n]+/g, '').trim();
  if (value === '') throw new CancelledError('Nothing was entered; nothing was changed.');
  return new Secret(value);
}

/** A plain answer (not secret) at the terminal; empty → undefined. */
export async function askText(question: string, ctx: AskContext, missing: string[]): Promise<string | undefined> {
  if (!ctx.canPrompt || !ctx.io.stdin.ask) throw new MissingAnswerError(missing, { promptable: true });
  const answer = (await ctx.io.stdin.ask(question)).trim();
  return answer === '' ? undefined : answer;
}
