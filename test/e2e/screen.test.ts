/**
 * Issue 11, journey 1, "Short windows keep the scrollback", in a real terminal (tmux, the built CLI): typing
 * through `setup --demo` in a 60×10 and an 80×24 window, the raw output (tmux pipe-pane, every byte the program
 * wrote) never clears the screen (ESC[2J / ESC[3J) after the first frame, and the earlier answers are still in
 * the scrollback at the end. A window whose size the pseudo-terminal reports as 0×0 is laid out as 80 columns.
 * Waits are for screen states and files, never fixed delays.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const exec = promisify(execFile);
const hasTmux = await TmuxTerminal.available();
const built = existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli.js'));

let term: TmuxTerminal | undefined;
let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'fca-screen-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await term?.kill();
  term = undefined;
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** The demo's checklist (Other OIDC provider). */
const STEPS = 6;

const CLEAR = /\u001b\[[23]J/u;

/**
 * Start the wizard in a pane whose bytes all go to a file: the pane's shell waits for `go` before it starts the
 * command, so pipe-pane is attached before the first byte.
 */
async function startPiped(opts: { args: string[]; width: number; height: number; stty?: string }): Promise<{ term: TmuxTerminal; raw: () => Promise<string> }> {
  const work = await tempDir();
  const go = path.join(work, 'go');
  const log = path.join(work, 'raw.log');
  const before = [`${opts.stty ?? ''}`, `while [ ! -f '${go}' ]; do sleep 0.02; done`].filter(Boolean).join('\n');
  const t = await TmuxTerminal.start({ args: opts.args, cwd: await tempDir(), width: opts.width, height: opts.height, before });
  await exec('tmux', ['-L', t.socket, 'pipe-pane', '-o', '-t', 'main', `cat >> '${log}'`]);
  await writeFile(go, '');
  return { term: t, raw: () => readFile(log, 'utf8').catch(() => '') };
}

/** Type through the whole demo, as a person would, waiting for each question (the scrollback is searched). */
async function typeThroughDemo(t: TmuxTerminal): Promise<void> {
  await t.waitFor('Which identity provider');
  await t.keys('Enter'); // the demo pre-selects "Other OIDC provider"
  await t.waitFor(/✔ Which identity provider issues the CI\s+credentials:\s+Other\s+OIDC\s+provider/u);
  await t.waitFor('Do several teams');
  await t.keys('Enter');
  // The demo offers "Create it for me"; this run takes the checklist.
  await t.waitFor(/2\.\s+I'll\s+create\s+it\s+in\s+the\s+console/u);
  await t.type('2');
  // Tick the steps one Enter at a time, each after the pointer moved on (the pointer's row is always in view,
  // even when the list scrolls inside a short window), then Continue.
  await t.waitFor('❯ [ ] 1.');
  for (let step = 1; step < STEPS; step++) {
    await t.keys('Enter');
    await t.waitFor(`❯ [ ] ${step + 1}.`);
  }
  await t.keys('Enter');
  await t.waitFor(`❯ Continue (${STEPS} of ${STEPS} done)`);
  await t.keys('Enter');
  await t.waitFor(/✔ Create the CI app in Other\s+OIDC\s+provider:\s+\d+\s+of\s+\d+\s+steps\s+done/u);
  await t.waitFor('? Flyte project');
  await t.type('ml-pipelines');
  await t.keys('Enter');
  await t.waitFor('? Flyte domain');
  await t.keys('Enter');
  await t.waitFor('How does flyte trust');
  await t.keys('Enter');
  await t.waitFor('? PEM file');
  await t.keys('Enter');
  await t.waitFor(/\? Write .*config\.yaml\?/u);
  await t.keys('y');
  await t.waitFor('? Where does the pipeline run');
  await t.keys('Enter');
  // The key hand-off (offered in the demo too): "None of these".
  await t.waitFor(/How\s+do\s+you\s+want\s+to\s+take\s+FLYTE_API_KEY/u);
  await t.type('4');
  await t.waitFor('Rotate by');
}

describe.skipIf(!hasTmux || !built)('short windows keep the scrollback (tmux, issue 11 journey 1)', () => {
  for (const [width, height] of [
    [60, 10],
    [80, 24],
  ] as const) {
    it(`${width}×${height}: typing through the demo never clears the screen; earlier answers stay in the scrollback`, async () => {
      const out = await tempDir();
      const s = await startPiped({ args: ['setup', '--demo', '--dir', out], width, height });
      term = s.term;
      await typeThroughDemo(term);
      const done = await term.finished(30_000);
      expect(done.code).toBe(0);
      const raw = await s.raw();
      // The first frame may position itself; nothing after it clears the screen or the scrollback.
      expect(raw.length).toBeGreaterThan(0);
      const firstFrameEnd = raw.indexOf('Which identity provider');
      expect(firstFrameEnd).toBeGreaterThanOrEqual(0);
      const clears = raw.slice(firstFrameEnd).match(new RegExp(CLEAR.source, 'gu')) ?? [];
      expect(clears, `${clears.length} clears in ${width}×${height}`).toHaveLength(0);
      // Summary lines wider than the window wrap at a word (Ink): compare with the breaks as spaces.
      const scrollback = (await term.screen()).replace(/\s+/gu, ' ');
      for (const answer of [
        '✔ Which identity provider issues the CI credentials: Other OIDC provider',
        '✔ Do several teams',
        '✔ Create the CI app in Other OIDC provider',
        '✔ Flyte project',
        'ml-pipelines',
        '✔ Flyte domain',
      ]) {
        expect(scrollback, answer).toContain(answer);
      }
      // Every answer once: nothing was erased and drawn again into the scrollback.
      expect(scrollback.match(/✔ Flyte project/gu)).toHaveLength(1);
      expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toContain('project: ml-pipelines');
    });
  }

  it('a window reported as 0×0: the wizard lays out 80 columns, not one character per line', async () => {
    const out = await tempDir();
    const s = await startPiped({ args: ['setup', '--demo', '--dir', out], width: 100, height: 30, stty: 'stty rows 0 cols 0' });
    term = s.term;
    const screen = await term.waitFor('Which identity provider');
    // The question and its options on whole lines (one character per line would split every word).
    expect(screen).toMatch(/^\? Which identity provider issues the CI credentials\?/mu);
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
    const raw = await s.raw();
    expect(raw).not.toMatch(CLEAR);
    // The early frame and Ink both lay out whole lines: the options, the hint and the summary line are each one
    // line, and no line holds a lone character.
    const lines = raw
      .replace(/\u001b\][^\u0007]*\u0007/gu, '')
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/gu, '')
      .split(/\r?\n|\r/u);
    for (const whole of ['  1. Okta', '❯ 8. Other OIDC provider', '✔ Which identity provider issues the CI credentials: Other OIDC provider']) {
      expect(lines, whole).toContain(whole);
    }
    expect(lines.filter((l) => l.trim().length === 1)).toEqual([]);
  });
});
