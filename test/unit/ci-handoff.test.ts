/**
 * Issue 11: the key reaches CI systems with no push (clipboard, 0600 file, shown once), and a CLI that is not
 * logged in is one key away (login on the lent terminal, then the push is retried).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { offerCliLogin, withCliLogin, type CliLoginServices } from '../../src/flow/cli-login.js';
import { offerKeyHandoff, type KeyHandoffServices } from '../../src/flow/key-handoff.js';
import { clipboardTools, osc52 } from '../../src/services/clipboard.js';
import { writeSecretFile } from '../../src/services/key-file.js';
import { BACK, ScriptedPrompter } from '../helpers/scripted-prompter.js';

const KEY = 'dW5pb24uZXhhbXBsZS5jb206Y2k6SEFORE9GRi1DQU5BUlk6YWNtZQ==';
const OPTS = { secretName: 'FLYTE_API_KEY', destination: 'CircleCI' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function services(copy: Awaited<ReturnType<KeyHandoffServices['copy']>> = { ok: true, tool: 'xclip', osc52: true }) {
  const copied: string[] = [];
  const s: KeyHandoffServices = {
    async copy(k) {
      copied.push(k.reveal());
      return copy;
    },
    writeFile: (file, k, o) => writeSecretFile(path.resolve(dir, file), k, o),
  };
  return { s, copied };
}

describe('offerKeyHandoff', () => {
  it('copy: the first offer; the key goes to the clipboard service and is never shown', async () => {
    const p = new ScriptedPrompter([['key-handoff', 'copy']]);
    const { s, copied } = services();
    const r = await offerKeyHandoff(p, new Secret(KEY), s, OPTS);
    expect(r).toEqual({ how: 'copy', where: 'xclip and the terminal (OSC 52)' });
    expect(copied).toEqual([KEY]);
    expect(p.text_()).not.toContain(KEY);
    const q = p.asked[0]!.question as { choices: Array<{ value: string }> };
    expect(q.choices.map((c) => c.value)).toEqual(['copy', 'file', 'show', 'skip']);
  });

  it('no clipboard reachable → says so and offers the others again; file: 0600, key + newline', async () => {
    const p = new ScriptedPrompter([
      ['key-handoff', 'copy'],
      ['key-handoff', 'file'],
      ['key-file', 'out/../key.txt'],
    ]);
    const { s } = services({ ok: false, osc52: false });
    const r = await offerKeyHandoff(p, new Secret(KEY), s, OPTS);
    expect(r.how).toBe('file');
    const file = path.join(dir, 'key.txt');
    expect(r.where).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(`${KEY}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(p.text_()).toMatch(/No clipboard is reachable/);
    expect(p.text_()).not.toContain(KEY);
  });

  it('an existing file is not replaced unless confirmed; "no" asks for another name', async () => {
    writeFileSync(path.join(dir, 'keep.txt'), 'precious');
    const p = new ScriptedPrompter([
      ['key-handoff', 'file'],
      ['key-file', 'keep.txt'],
      ['key-file-overwrite', false],
      ['key-file', 'keep.txt'],
      ['key-file-overwrite', true],
    ]);
    const r = await offerKeyHandoff(p, new Secret(KEY), services().s, OPTS);
    expect(r.how).toBe('file');
    expect(p.remaining()).toEqual([]);
    expect(readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe(`${KEY}\n`);
    expect(statSync(path.join(dir, 'keep.txt')).mode & 0o777).toBe(0o600);
  });

  it('show: only after an explicit key press, with the scrollback warning; Esc at the press goes back to the menu', async () => {
    const p = new ScriptedPrompter([
      ['key-handoff', 'show'],
      ['key-show', BACK],
      ['key-handoff', 'show'],
      ['key-show', undefined],
    ]);
    const r = await offerKeyHandoff(p, new Secret(KEY), services().s, OPTS);
    expect(r.how).toBe('show');
    const shownAt = p.shown.findIndex((b) => b.kind === 'code' && b.text === KEY);
    expect(shownAt).toBeGreaterThanOrEqual(0);
    expect(p.ids()).toEqual(['key-handoff', 'key-show', 'key-handoff', 'key-show']);
    expect(JSON.stringify(p.shown.slice(shownAt + 1))).toMatch(/scrollback/);
  });

  it('skip: nothing copied, written or shown', async () => {
    const p = new ScriptedPrompter([['key-handoff', 'skip']]);
    const { s, copied } = services();
    expect(await offerKeyHandoff(p, new Secret(KEY), s, OPTS)).toEqual({ how: 'skip' });
    expect(copied).toEqual([]);
    expect(p.text_()).not.toContain(KEY);
  });
});

describe('writeSecretFile', () => {
  it('never replaces without overwrite; a folder is refused', async () => {
    const f = path.join(dir, 'k');
    writeFileSync(f, 'old');
    expect(await writeSecretFile(f, new Secret(KEY), { overwrite: false })).toMatchObject({ ok: false, reason: 'exists' });
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(await writeSecretFile(dir, new Secret(KEY), { overwrite: true })).toMatchObject({ ok: false, reason: 'error' });
  });
});

describe('clipboard helpers', () => {
  it('tools per platform and session', () => {
    expect(clipboardTools('darwin', {}).map((t) => t.file)).toEqual(['pbcopy']);
    expect(clipboardTools('win32', {}).map((t) => t.file)).toEqual(['clip.exe']);
    expect(clipboardTools('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }).map((t) => t.file)).toEqual(['wl-copy', 'xclip', 'xsel']);
    expect(clipboardTools('linux', { WSL_DISTRO_NAME: 'Ubuntu' }).map((t) => t.file)).toEqual(['clip.exe']);
    expect(clipboardTools('linux', {})).toEqual([]);
    // the value is never an argument
    for (const t of clipboardTools('linux', { WAYLAND_DISPLAY: 'w', DISPLAY: ':0', WSL_DISTRO_NAME: 'x' })) expect(t.args.join(' ')).not.toMatch(/KEY/);
  });

  it('OSC 52, and its tmux passthrough', () => {
    const b64 = Buffer.from(KEY).toString('base64');
    expect(osc52(KEY, {})).toBe(`\u001b]52;c;${b64}\u0007`);
    expect(osc52(KEY, { TMUX: '/tmp/tmux-1/default,1,0' })).toBe(`\u001bPtmux;\u001b\u001b]52;c;${b64}\u0007\u001b\\`);
  });
});

describe('CLI login', () => {
  const loginServices = (exitCode = 0) => {
    const calls: Array<{ tool: string; args: string[] }> = [];
    const s: CliLoginServices = {
      async login(tool, args) {
        calls.push({ tool, args });
        return { exitCode, notFound: false };
      },
    };
    return { s, calls };
  };

  it('offers `gh auth login --hostname HOST`, runs it on the lent terminal, then retries the push once', async () => {
    const p = new ScriptedPrompter([['cli-login', true]]);
    const { s, calls } = loginServices();
    let attempts = 0;
    const r = await withCliLogin(
      p,
      s,
      async () => ++attempts,
      (n) => (n === 1 ? { tool: 'gh', host: 'ghe.acme.com', reason: 'gh is not logged in to ghe.acme.com' } : undefined),
    );
    expect(r).toEqual({ result: 2, login: 'logged-in' });
    expect(calls).toEqual([{ tool: 'gh', args: ['auth', 'login', '--hostname', 'ghe.acme.com'] }]);
    expect(p.suspended).toBe(1);
    const q = p.asked.find((a) => a.id === 'cli-login')!.question as { message: string };
    expect(q.message).toBe('gh is not logged in to ghe.acme.com. Run `gh auth login --hostname ghe.acme.com` now?');
    expect(q.message).not.toMatch(/\.\./);
  });

  it('declined → no login, no retry; a failed login is reported and not retried', async () => {
    const p = new ScriptedPrompter([['cli-login', false]]);
    const { s, calls } = loginServices();
    let attempts = 0;
    const need = { tool: 'glab' as const, host: 'gitlab.acme.com' };
    expect(await withCliLogin(p, s, async () => ++attempts, () => need)).toEqual({ result: 1, login: 'declined' });
    expect(calls).toEqual([]);
    const p2 = new ScriptedPrompter([['cli-login', true]]);
    const failed = loginServices(1);
    expect(await offerCliLogin(p2, need, failed.s)).toBe('failed');
    expect(failed.calls[0]!.args).toEqual(['auth', 'login', '--hostname', 'gitlab.acme.com']);
    expect(p2.text_()).toMatch(/glab auth login --hostname gitlab.acme.com. did not finish \(exit 1\)/);
  });

  it('a prompter that cannot lend the terminal shows the command instead of running it', async () => {
    const p = new ScriptedPrompter([]);
    Object.defineProperty(p, 'suspend', { value: undefined });
    const { s, calls } = loginServices();
    expect(await offerCliLogin(p, { tool: 'gh', host: 'github.com' }, s)).toBe('unavailable');
    expect(calls).toEqual([]);
    expect(p.shown.some((b) => b.kind === 'code' && b.text === 'gh auth login --hostname github.com')).toBe(true);
  });
});
