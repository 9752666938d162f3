/**
 * The wizard's first question, started before the setup command, the flow, Ink or React are loaded (by the launcher
 * through dist/early.cjs, or by src/cli.ts when the bundle is run directly):
 * the provider question, drawn from the same model as the Ink Select and interactive at once (early-select.ts).
 * Keys go through the key pump from the first frame on, so none is echoed, lost or reordered while the rest
 * loads. When the flow asks the same question, the Ink prompter adopts it (src/ui/prompter.tsx): the answer if
 * one was given, else the pointer and the frame on screen. If the flow asks something else first, the early
 * question is erased; if nothing adopts it (an error first), the CLI releases it before exiting.
 */
import { providerQuestion } from '../flow/provider-question.js';
import { pumpFor, type KeyPump } from './key-pump.js';
import { sameSelect, startEarlySelect, type EarlySelect, type EarlySelectQuestion } from './early-select.js';

/**
 * The question on screen, kept on globalThis: the launcher draws it from its CommonJS copy of this file
 * (dist/early.cjs) and the ES module bundle's copy adopts it.
 */
const SLOT = Symbol.for('flyte-ci-auth.early-select');
const slot: { early?: EarlySelect } = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {}) as { early?: EarlySelect };

export function paintWizardStart(
  color: boolean,
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
  pump: KeyPump = pumpFor(stdin),
): EarlySelect {
  pump.start();
  slot.early = startEarlySelect(providerQuestion(), { color, esc: 'quit', pump, stdout });
  return slot.early;
}

/** The early question when `q` is the same question (once); otherwise it is erased and nothing is returned. */
export function adoptEarlySelect(q: EarlySelectQuestion): EarlySelect | undefined {
  const e = slot.early;
  slot.early = undefined;
  if (!e) return undefined;
  if (sameSelect(e.question, q)) return e;
  e.erase();
  return undefined;
}

/** Something other than a select comes first: take the early question off the screen. */
export function dropEarlySelect(): void {
  const e = slot.early;
  slot.early = undefined;
  e?.erase();
}

/** Is an early question on screen, not yet adopted? */
export function hasEarlySelect(): boolean {
  return slot.early !== undefined;
}

/** Nothing adopted the early question (an error before the first question): erase it and leave raw mode. */
export function releaseEarlyFrame(stdin: NodeJS.ReadStream = process.stdin, pump: KeyPump = pumpFor(stdin)): void {
  if (!slot.early) return;
  dropEarlySelect();
  pump.stop();
}
