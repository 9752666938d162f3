/**
 * Issue 11 "Everywhere": `push` in a real terminal (tmux, private server) asks for what is missing, as
 * `gh secret set` does: the key at a prompt that echoes nothing, then the y/N confirmation; glab (the stand-in)
 * gets the key on stdin. Without a terminal nothing is asked (covered by the push-gitlab tests: exit 2).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { glabCalls, installGlabShim } from '../helpers/glab-shim.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { startFakeGithub } from '../servers/fake-github.js';

const KEY = Buffer.from('union.acme.com:ci-client:PROMPT-CANARY-s3cret:acme').toString('base64');
const hasTmux = await TmuxTerminal.available();
const realGh = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v gh'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();

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

describe.skipIf(!hasTmux || !realGh)('push github in a terminal with gh not logged in', () => {
  it('offers `gh auth login --hostname HOST`, runs it in the same terminal, then retries and stores the secret', async () => {
    const fake = await startFakeGithub({ repos: ['acme/app'] });
    try {
      const bin = path.join(dir, 'ghbin');
      const config = path.join(dir, 'ghconfig');
      for (const d of [bin, config]) mkdirSync(d, { recursive: true });
      // Stand-in for the interactive `gh auth login`: talks to the person on the terminal, then stores the token.
      writeFileSync(
        path.join(bin, 'gh'),
        [
          '#!/bin/sh',
          'if [ "$1" = auth ] && [ "$2" = login ]; then',
          '  printf "LOGIN-STANDIN for %s: press Enter " "$4"; read answer',
          `  printf '"%s":\\n    oauth_token: ${fake.token}\\n    user: shim\\n    git_protocol: https\\n' "$4" > "$GH_CONFIG_DIR/hosts.yml"`,
          '  exit 0',
          'fi',
          `exec '${realGh}' "$@"`,
        ].join('\n'),
      );
      chmodSync(path.join(bin, 'gh'), 0o755);
      const { GH_ENTERPRISE_TOKEN: _t, ...ghEnv } = fake.ghEnv(config);
      term = await TmuxTerminal.start({
        args: ['push', 'github', '--repo', 'acme/app'],
        cwd: dir,
        env: { ...ghEnv, PATH: `${bin}:${process.env.PATH}`, FLYTE_API_KEY: KEY },
        width: 160,
        height: 40,
      });
      await term.waitFor(`Run \`gh auth login --hostname ${fake.host}\` now? [y/N]`);
      await term.type('y');
      await term.keys('Enter');
      await term.waitFor(`LOGIN-STANDIN for ${fake.host}: press Enter`);
      await term.keys('Enter');
      await term.waitFor(/Set FLYTE_API_KEY on .*acme\/app\? \[y\/N\]/);
      await term.type('y');
      await term.keys('Enter');
      await term.waitFor('✓ Stored FLYTE_API_KEY');
      expect((await term.finished()).code).toBe(0);
      expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(KEY);
      expect(readFileSync(path.join(config, 'hosts.yml'), 'utf8')).toContain(fake.host);
    } finally {
      await fake.close();
    }
  });
});
