/**
 * Type-ahead and chunked keys in a real terminal (tmux, the built CLI): keys typed before the first frame, or
 * sent in one write the moment it shows, are all applied, in order, by whichever question is on screen when
 * their turn comes — while Ink is still loading, and across questions. No timing thresholds: every wait is for
 * a screen state.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { TmuxTerminal, sttyHas } from '../helpers/tmux.js';

const hasTmux = await TmuxTerminal.available();
const built = existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli.js'));

let term: TmuxTerminal | undefined;
let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'fca-typeahead-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await term?.kill();
  term = undefined;
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

const ANSWERED = '✔ Which identity provider issues the CI credentials: Keycloak';

describe.skipIf(!hasTmux || !built)('type-ahead in a real terminal (tmux)', () => {
  it('Down Down Enter typed before the first frame exists choose the third provider', async () => {
    term = await TmuxTerminal.start({ args: [], cwd: await tempDir() });
    // Sent at once: the program has not drawn anything yet (it may not even have started).
    await term.keys('Down', 'Down', 'Enter');
    const screen = await term.waitFor(ANSWERED);
    // Answered once, where the question was: no second copy of the list, no stale pointer.
    expect(screen.match(/Which identity provider/gu), screen).toHaveLength(1);
    expect(screen).not.toContain('❯ 1. Okta');
    await term.waitFor('Do several teams');
    await term.keys('C-c');
    const done = await term.finished();
    expect(done.code).toBe(130);
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(sttyHas(done.stty, 'echo')).toBe(true);
  });

  it('"3y" in one write the moment the first frame shows: 3 answers the list, y the next question', async () => {
    term = await TmuxTerminal.start({ args: [], cwd: await tempDir() });
    await term.waitFor('❯ 1. Okta');
    await term.type('3y');
    await term.waitFor(ANSWERED);
    await term.waitFor('✔ Do several teams or repositories deploy to this cluster: Yes');
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });

  it('a Down at the first frame moves the pointer, then Ink takes over from there: Down Enter → third provider', async () => {
    term = await TmuxTerminal.start({ args: [], cwd: await tempDir() });
    await term.waitFor('❯ 1. Okta');
    await term.keys('Down');
    await term.waitFor('❯ 2. Microsoft Entra ID');
    await term.keys('Down', 'Enter');
    const screen = await term.waitFor(ANSWERED);
    expect(screen.match(/Which identity provider/gu), screen).toHaveLength(1);
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });

  it('a text question: a prefilled default is replaced by typing; "mlx BSpace Enter" in one write gives "ml"', async () => {
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', await tempDir()], cwd: await tempDir() });
    await term.waitFor('Which identity provider');
    // Provider (demo default) and "several teams" (default No) in one write; then the checklist: one Enter per
    // step (tick and move on) and one on Continue, again in one write.
    await term.type('\r\r');
    // The demo offers "Create it for me" (after the host is known); this run takes the checklist.
    await term.waitFor(/2\. I'll create it in the console/u);
    await term.type('2');
    const list = await term.waitFor(/Continue \(0 of (\d+) done\)/u);
    const steps = Number(/Continue \(0 of (\d+) done\)/u.exec(list)![1]);
    await term.type('\r'.repeat(steps + 1));
    await term.waitFor(/\? Flyte project[^\n]*\n❯ flytesnacks/u);
    await term.type('mlx\u007f\r');
    const screen = await term.waitFor(/✔ Flyte project[^\n]*: ml\n/u);
    expect(screen).not.toContain('flytesnacksml');
    await term.waitFor(/\? Flyte domain[^\n]*\n❯ development/u);
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });
});
