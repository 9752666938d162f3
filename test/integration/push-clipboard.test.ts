/**
 * The clipboard hand-off against a stand-in `xclip` first on PATH (a shell script that records its argv and
 * stdin): the key reaches it on stdin only, OSC 52 goes to the terminal writer, and the call ends even though
 * the real xclip keeps its output pipes open in the background (stdout/stderr are discarded, not piped).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { offerKeyHandoff } from '../../src/flow/key-handoff.js';
import { copyToClipboard } from '../../src/services/clipboard.js';
import { writeSecretFile } from '../../src/services/key-file.js';
import { createProcessRunner } from '../../src/services/process.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';

const KEY = 'dW5pb24uZXhhbXBsZS5jb206Y2k6Q0xJUC1DQU5BUlk6YWNtZQ==';
let dir: string;
let bin: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clip-'));
  bin = path.join(dir, 'bin');
  mkdirSync(bin);
  // Like xclip: reads the selection from stdin. The sleeping background child holds stdout open, as xclip's does.
  writeFileSync(
    path.join(bin, 'xclip'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/argv'\ncat > '${dir}/stdin'\n(sleep 30 &)\nexit 0\n`,
  );
  chmodSync(path.join(bin, 'xclip'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({ PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':0', FLYTE_API_KEY: KEY });

describe('copy FLYTE_API_KEY to the clipboard', () => {
  it('xclip gets the key on stdin (never argv) and OSC 52 is written to the terminal', async () => {
    const terminal: string[] = [];
    const r = await copyToClipboard(new Secret(KEY), { proc: createProcessRunner(env()), env: env(), platform: 'linux', writeTerminal: (c) => terminal.push(c) });
    expect(r).toEqual({ ok: true, tool: 'xclip', osc52: true });
    expect(readFileSync(path.join(dir, 'argv'), 'utf8')).toBe('-selection\nclipboard\n');
    expect(readFileSync(path.join(dir, 'stdin'), 'utf8')).toBe(KEY);
    expect(terminal.join('')).toBe(`\u001b]52;c;${Buffer.from(KEY).toString('base64')}\u0007`);
  });

  it('through the hand-off flow: "Copy it to the clipboard" → the stand-in has the key, nothing shown contains it', async () => {
    const p = new ScriptedPrompter([['key-handoff', 'copy']]);
    const proc = createProcessRunner(env());
    const r = await offerKeyHandoff(
      p,
      new Secret(KEY),
      { copy: (k) => copyToClipboard(k, { proc, env: env(), platform: 'linux' }), writeFile: writeSecretFile },
      { secretName: 'FLYTE_API_KEY', destination: 'Jenkins' },
    );
    expect(r).toEqual({ how: 'copy', where: 'xclip' });
    expect(readFileSync(path.join(dir, 'stdin'), 'utf8')).toBe(KEY);
    expect(p.text_()).not.toContain(KEY);
  });

  it('no display and no terminal: nothing is run, the flow says so', async () => {
    const r = await copyToClipboard(new Secret(KEY), { proc: createProcessRunner({ PATH: `${bin}:${process.env.PATH}` }), env: {}, platform: 'linux' });
    expect(r).toEqual({ ok: false, osc52: false });
    expect(existsSync(path.join(dir, 'argv'))).toBe(false);
  });
});
