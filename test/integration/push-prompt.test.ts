/**
 * Issue 11 "Everywhere": `push` in a real terminal (tmux, private server) asks for what is missing, as
 * `gh secret set` does: the key at a prompt that echoes nothing, then the y/N confirmation; glab (the stand-in)
 * gets the key on stdin. Without a terminal nothing is asked (covered by the push-gitlab tests: exit 2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { glabCalls, installGlabShim } from '../helpers/glab-shim.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const KEY = Buffer.from('union.acme.com:ci-client:PROMPT-CANARY-s3cret:acme').toString('base64');
const hasTmux = await TmuxTerminal.available();

let dir: string;
let term: TmuxTerminal | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'push-prompt-'));
  installGlabShim(dir);
});
afterEach(async () => {
  await term?.kill();
  term = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('push in a terminal', () => {
  it('asks for the key without echoing it, then confirms, then stores it', async () => {
    term = await TmuxTerminal.start({
      args: ['push', 'gitlab', '--repo', 'acme/app'],
      cwd: dir,
      env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, SHIM_LOG: path.join(dir, 'log'), SHIM_MODE: 'ok' },
      width: 100,
      height: 30,
    });
    await term.waitFor('Paste FLYTE_API_KEY (not shown):');
    await term.type(KEY);
    await term.keys('Enter');
    await term.waitFor(/Set FLYTE_API_KEY on gitlab\.com\/acme\/app \(scope \*\)\? \[y\/N\]/);
    await term.type('y');
    await term.keys('Enter');
    await term.waitFor('✓ Stored FLYTE_API_KEY in gitlab.com/acme/app');
    const done = await term.finished();
    expect(done.code).toBe(0);
    expect(await term.screen()).not.toContain(KEY.slice(0, 12));
    const set = glabCalls(path.join(dir, 'log')).find((c) => c.argv[0] === 'variable')!;
    expect(set.stdin).toBe(KEY);
    expect(set.argv.join(' ')).not.toContain(KEY);
  });

  it('Enter on an empty key cancels (exit 130), nothing is stored', async () => {
    term = await TmuxTerminal.start({
      args: ['push', 'gitlab', '--repo', 'acme/app'],
      cwd: dir,
      env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, SHIM_LOG: path.join(dir, 'log'), SHIM_MODE: 'ok' },
    });
    await term.waitFor('Paste FLYTE_API_KEY (not shown):');
    await term.keys('Enter');
    expect((await term.finished()).code).toBe(130);
    expect(glabCalls(path.join(dir, 'log')).filter((c) => c.argv[0] === 'variable')).toEqual([]);
  });
});
