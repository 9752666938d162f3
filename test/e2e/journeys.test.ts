/**
 * The wizard's journeys in a real terminal (tmux, private server per test), typed as a person would, asserting
 * the screen and the files. Waits are for screen states, never fixed delays. Run `node scripts/build.mjs` first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CA_CERT } from '../../src/demo/certs.js';
import { BIN } from '../helpers/cli.js';
import { TmuxTerminal, sttyHas } from '../helpers/tmux.js';

const hasTmux = await TmuxTerminal.available();
const built = existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli.js'));

let term: TmuxTerminal | undefined;
let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'fca-journey-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await term?.kill();
  term = undefined;
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

function grantConsent(issuer: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${issuer}/demo/grant-consent`, { method: 'POST', ca: DEMO_CA_CERT, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Move a select's cursor to the item numbered `n` (one key at a time, each move seen on screen). */
async function selectItem(t: TmuxTerminal, n: number, label: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const screen = await t.screen({ visible: true });
    if (new RegExp(`❯ ${n}\\. ${label}`, 'u').test(screen)) break;
    await t.keys('Down');
    await t.waitFor(/❯ \d+\./u);
  }
  await t.waitFor(new RegExp(`❯ ${n}\\. ${label}`, 'u'));
  await t.keys('Enter');
}

describe.skipIf(!hasTmux || !built)('journeys in a real terminal', () => {
  it('journey 2: consent missing → the link, a redacted ticket in the demo folder, keep checking passes once consent is granted mid-wait', async () => {
    const out = await tempDir();
    const cwd = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--demo-scenario', 'consent', '--dir', out], cwd, width: 100, height: 40 });
    await term.waitFor('Which identity provider');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    await term.waitFor('Create the CI app in Microsoft Entra ID');
    await term.keys('Up', 'Enter');
    await term.waitFor('? Flyte project');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    const failed = await term.waitFor(/press Enter to check again/u);
    // The consent link: on its own line, unindented, whole.
    expect(failed).toMatch(/^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/adminconsent\?client_id=\S+$/mu);

    // Esc: the other options; save the redacted report (it goes into the demo's folder).
    await term.keys('Escape');
    await term.waitFor('The check failed. What next?');
    await selectItem(term, 6, 'Save a redacted report');
    await term.waitFor('? Save the redacted report to');
    await term.keys('Enter');
    await term.waitFor('Saved the report (no secret, no token)');
    const report = await readFile(path.join(out, 'flyte-ci-auth-report.txt'), 'utf8');
    expect(report).toMatch(/holds no client secret and no access token/u);
    expect(report).toMatch(/Tool: +flyte-ci-auth \S+, Node v\d+/u);
    expect(report).toContain('admin_consent_missing');
    expect(report).toContain('Decoded token (header and claims, no signature):');
    expect(existsSync(path.join(cwd, 'flyte-ci-auth-report.txt'))).toBe(false);

    // Keep checking: the countdown and the attempt count show; the admin grants consent meanwhile.
    await term.waitFor('The check failed. What next?');
    await selectItem(term, 1, 'Keep checking');
    await term.waitFor(/Attempt 1 in \d+ s — Esc stops/u);
    const issuer = /^Issuer\s+(https:\/\/127\.0\.0\.1:\d+)$/mu.exec(failed)?.[1];
    expect(issuer).toBeDefined();
    expect(await grantConsent(issuer!)).toBe(200);
    const passed = await term.waitFor('The check passed on attempt 1.', 30_000);
    expect(passed).toMatch(/Token roles: appeared/u);
    await term.waitFor('How does flyte trust');
    await term.keys('Enter');
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('Enter');
    await term.waitFor('? Where does the pipeline run');
    await term.keys('Enter');
    await term.waitFor('Rotate by');
    const done = await term.finished();
    expect(done.code).toBe(0);
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toContain('org: demo');
  });
});
