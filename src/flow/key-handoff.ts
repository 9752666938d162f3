/**
 * Hands FLYTE_API_KEY to a person whose CI system the tool cannot push to (Jenkins without an API token,
 * CircleCI, Azure DevOps, Bitbucket, Kubernetes, or GitHub/GitLab without a logged-in CLI). Offered, in this
 * order: copy to the clipboard, write to a file they name (0600, never replacing a file without asking), or
 * show it once after an explicit key press, with a scrollback warning. Nothing happens unless they choose one;
 * never call this in --json or without a terminal.
 */
import { BackSignal, type Prompter } from '../core/prompter.js';
import type { Secret } from '../core/secret.js';

export interface KeyHandoffServices {
  /** Clipboard: OSC 52 and the platform tool (src/services/clipboard.ts copyToClipboard). */
  copy(key: Secret): Promise<{ ok: boolean; tool?: string; osc52: boolean }>;
  /** src/services/key-file.ts writeSecretFile. */
  writeFile(file: string, key: Secret, opts: { overwrite: boolean }): Promise<{ ok: true; path: string } | { ok: false; reason: 'exists' | 'error'; message: string }>;
  /** Is this path inside a git work tree and not ignored (one `git add` away from a commit)? Optional. */
  inRepository?(file: string): Promise<boolean>;
}

export type HandoffChoice = 'copy' | 'file' | 'show' | 'skip';

export interface HandoffResult {
  /** How the key was handed over; 'skip' when the person chose none. */
  how: HandoffChoice;
  /** Where: the tool ("xclip and OSC 52") or the file path. */
  where?: string;
}

export interface HandoffOptions {
  /** Name of the CI secret, e.g. FLYTE_API_KEY. */
  secretName: string;
  /** Where it goes, for the question, e.g. "Jenkins" or "CircleCI (Project Settings → Environment Variables)". */
  destination: string;
}

export async function offerKeyHandoff(p: Prompter, key: Secret, s: KeyHandoffServices, o: HandoffOptions): Promise<HandoffResult> {
  const tried = new Set<HandoffChoice>();
  for (;;) {
    const how = await p.select<HandoffChoice>({
      id: 'key-handoff',
      message: `How do you want to take ${o.secretName} to ${o.destination}?`,
      choices: [
        { value: 'copy', label: 'Copy it to the clipboard', hint: tried.has('copy') ? 'tried' : 'then paste it into the CI system' },
        { value: 'file', label: 'Write it to a file I name', hint: 'readable by you only (0600)' },
        { value: 'show', label: 'Show it here once', hint: "it stays in this terminal's scrollback" },
        { value: 'skip', label: 'None of these', hint: 'build it later with flyte-ci-auth key encode' },
      ],
      initial: 'copy',
    });
    tried.add(how);
    if (how === 'skip') return { how };
    if (how === 'copy') {
      const r = await p.task('Copying to the clipboard…', () => s.copy(key));
      if (r.tool) {
        const via = [r.tool, r.osc52 ? 'the terminal (OSC 52)' : undefined].filter(Boolean).join(' and ');
        p.show({ kind: 'text', tone: 'success', text: `Copied ${o.secretName} with ${via}. Paste it into ${o.destination}; copy something else afterwards to clear it.` });
        return { how, where: via };
      }
      if (r.osc52) {
        // Only the terminal was asked (OSC 52), and many terminals ignore it silently: do not claim success.
        p.show({
          kind: 'text',
          tone: 'warning',
          text: `Asked the terminal to copy ${o.secretName} (OSC 52); no clipboard tool was found to confirm it. Paste it into ${o.destination} — if what you paste is not the key, your terminal ignores OSC 52: choose another way.`,
        });
        return { how, where: 'the terminal (OSC 52)' };
      }
      p.show({ kind: 'text', tone: 'warning', text: 'No clipboard is reachable from here (no pbcopy, wl-copy, xclip, xsel or clip.exe, and not a terminal). Choose another way.' });
      continue;
    }
    if (how === 'file') {
      const written = await askFile(p, key, s);
      if (written) {
        p.show({ kind: 'text', tone: 'success', text: `Wrote ${o.secretName} to ${written} (readable by you only). Delete it once it is stored in the CI system.` });
        return { how, where: written };
      }
      continue;
    }
    try {
      await p.pause({ id: 'key-show', message: `Press Enter to show ${o.secretName} once. It will stay in this terminal's scrollback.`, escLabel: 'other options' });
    } catch (err) {
      if (err instanceof BackSignal) continue;
      throw err;
    }
    p.show({ kind: 'code', title: o.secretName, text: key.reveal() });
    p.show({ kind: 'text', tone: 'warning', text: "The key is now in this terminal's scrollback: clear it after pasting (for example `clear && printf '\\033[3J'`, or the terminal's Clear Scrollback)." });
    return { how };
  }
}

/** Asks for a path until the file is written, or Esc (back to the menu: undefined). */
async function askFile(p: Prompter, key: Secret, s: KeyHandoffServices): Promise<string | undefined> {
  for (;;) {
    let file: string;
    try {
      file = await p.text({
        id: 'key-file',
        message: 'File to write the key to',
        placeholder: 'e.g. ./flyte-api-key.txt (keep it out of the repository)',
        normalize: (v) => v.replace(/[\r\n]+/g, '').trim(),
        validate: (v) => (v === '' ? 'Name a file.' : undefined),
      });
    } catch (err) {
      if (err instanceof BackSignal) return undefined;
      throw err;
    }
    if (s.inRepository && (await s.inRepository(file))) {
      const anyway = await p.confirm({
        id: 'key-file-in-repo',
        message: `${file} is inside a git repository and not ignored: one \`git add\` would commit the key. Write it there anyway?`,
        initial: false,
      });
      if (!anyway) continue;
    }
    let r = await s.writeFile(file, key, { overwrite: false });
    if (!r.ok && r.reason === 'exists') {
      const replace = await p.confirm({ id: 'key-file-overwrite', message: `${file} exists. Replace it?`, initial: false });
      if (!replace) continue;
      r = await s.writeFile(file, key, { overwrite: true });
    }
    if (r.ok) return r.path;
    p.show({ kind: 'text', tone: 'error', text: r.message });
  }
}
