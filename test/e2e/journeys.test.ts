/**
 * The wizard's journeys in a real terminal (tmux, private server per test), typed as a person would, asserting
 * the screen and the files. Waits are for screen states, never fixed delays. Run `node scripts/build.mjs` first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
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

/** Choose the item numbered `n` of the open select by its digit (as its hint says: "1–9 … choose"). */
async function selectItem(t: TmuxTerminal, n: number, label: string): Promise<void> {
  await t.waitFor(new RegExp(`${n}\\. ${label}`, 'u'));
  await t.type(String(n));
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
    await term.waitFor('steps is ticked.'); // nothing ticked: asked once
    await term.keys('Enter');
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
    const passed = await term.waitFor('The check passed on attempt 1.');
    expect(passed).toMatch(/Token roles: appeared/u);
    await term.waitFor('How does flyte trust');
    await term.keys('Enter');
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('Enter');
    await term.waitFor('? Where does the pipeline run');
    await term.keys('Enter');
    // The key hand-off (the demo offers it too): "None of these".
    await term.waitFor('How do you want to take FLYTE_API_KEY');
    await term.type('4');
    await term.waitFor('Rotate by');
    const done = await term.finished();
    expect(done.code).toBe(0);
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toContain('org: demo');
  });

  it('journey 1: first-time setup in the demo for Jenkins → config.yaml written, the key copied through xclip (a stand-in recording its stdin), never shown', async () => {
    const out = await tempDir();
    const bin = await tempDir();
    const clip = path.join(await tempDir(), 'clipboard');
    // The stand-in xclip: what arrives on stdin goes to a file, byte for byte.
    await writeFile(path.join(bin, 'xclip'), `#!/bin/sh\ncat > "$XCLIP_OUT"\n`, { mode: 0o755 });
    term = await TmuxTerminal.start({
      args: ['setup', '--demo', '--dir', out],
      cwd: await tempDir(),
      env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, DISPLAY: ':99', XCLIP_OUT: clip },
      width: 100,
      height: 40,
    });
    await term.waitFor('Which identity provider');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    await selectItem(term, 2, "I'll create it in the console");
    await term.waitFor('Create the CI app in Other OIDC provider');
    await term.keys('Up', 'Enter');
    await term.waitFor('steps is ticked.');
    await term.keys('Enter');
    await term.waitFor('? Flyte project');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    await term.waitFor('flyte will authenticate with these credentials');
    await term.waitFor('How does flyte trust');
    await term.keys('Enter');
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('y');
    await selectItem(term, 3, 'Jenkins');
    await selectItem(term, 1, 'Copy it to the clipboard');
    await term.waitFor(/Copied FLYTE_API_KEY with xclip/u);
    const screen = await term.waitFor('Rotate by');
    const done = await term.finished();
    expect(done.code).toBe(0);
    expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toMatch(/endpoint: dns:\/\/\/127\.0\.0\.1:\d+/u);
    // The file holds exactly the key: host, client ID, secret, org by flyte's rules, nothing around it.
    const copied = await readFile(clip, 'utf8');
    const parts = Buffer.from(copied, 'base64').toString('utf8').split(':');
    const clientId = /^Client ID\s+(\S+)$/mu.exec(screen)?.[1];
    expect(parts).toHaveLength(4);
    expect([parts[0], parts[1], parts[3]]).toEqual(['127.0.0.1', clientId, 'demo']);
    expect(Buffer.from(parts.join(':'), 'utf8').toString('base64')).toBe(copied);
    // Neither the key nor the secret in it was ever on the screen.
    expect(screen).not.toContain(copied);
    expect(screen).not.toContain(parts[2]!);
    expect(screen).toMatch(/^CI secret\s+not pushed .*handed over \(copy: xclip/mu);
  });

  it('"Create it for me" in the demo: the client is registered, the check passes with it, config.yaml is written and the summary lists it', async () => {
    const out = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', out], cwd: await tempDir(), width: 100, height: 40 });
    await term.waitFor('Which identity provider');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    await selectItem(term, 1, 'Create it for me');
    await term.waitFor('? Create these now?');
    await term.keys('y');
    const created = await term.waitFor(/^client\s+\S+ \(flyte-ci\), in 127\.0\.0\.1:\d+$/mu);
    const id = /^client\s+(\S+) \(flyte-ci\)/mu.exec(created)![1]!;
    // The checklist, the client ID and the secret are not asked: the project is next.
    await term.waitFor('? Flyte project');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    const checked = await term.waitFor('flyte will authenticate with these credentials');
    expect(checked).toMatch(new RegExp(`^Subject\\s+${id}$`, 'mu'));
    await term.waitFor('How does flyte trust');
    await term.keys('Enter');
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('y');
    await term.waitFor('? Where does the pipeline run');
    await term.keys('Enter');
    await selectItem(term, 4, 'None of these');
    const screen = await term.waitFor('Rotate by');
    expect((await term.finished()).code).toBe(0);
    expect(screen).not.toContain('Create the CI app in');
    expect(screen).not.toContain('? Client ID');
    expect(screen).toMatch(new RegExp(`^Client ID\\s+${id}$`, 'mu'));
    expect(screen).toMatch(new RegExp(`^Created client\\s+${id} \\(flyte-ci\\) in 127\\.0\\.0\\.1:\\d+$`, 'mu'));
    expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toContain('project: flytesnacks');
  });

  describe('journey 3: re-running for rotation or a second repository', () => {
    const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
    const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
    const KEY = Buffer.from(`union.demo.example:flyte-ci-demo:${OLD}:demo`).toString('base64');
    let demo: Demo;
    beforeAll(async () => {
      demo = await startDemo({ clientSecret: OLD, clientId: 'flyte-ci-demo', org: 'demo' });
      demo.setSecrets([OLD, NEW]);
    });
    afterAll(async () => {
      await demo?.close();
    });

    it('setup in a folder with config.yaml and FLYTE_API_KEY: every answer prefilled, each says where it came from', async () => {
      const cwd = await tempDir();
      await writeFile(path.join(cwd, 'config.yaml'), 'admin:\n  endpoint: dns:///union.acme.com\ntask:\n  project: ml\n  domain: staging\n  org: acme\n');
      const key = Buffer.from('union.acme.com:ci-app:some-secret-value:acme').toString('base64');
      term = await TmuxTerminal.start({ args: ['setup', '--provider', 'okta'], cwd, env: { FLYTE_API_KEY: key }, width: 100, height: 40 });
      // With a key set, rotating it is the first choice; this run sets up another repository instead.
      let screen = await term.waitFor('FLYTE_API_KEY is set (union.acme.com, client ci-app)');
      expect(screen).toMatch(/❯ 1\. Rotate the secret of this key/u);
      await selectItem(term, 2, 'Set up CI for another app or repository');
      await term.waitFor('Do several teams');
      await term.keys('Enter');
      screen = await term.waitFor('? Control-plane host');
      expect(screen).toContain('From config.yaml: Enter keeps it.');
      expect(screen).toContain('union.acme.com');
      await term.keys('Enter');
      await term.waitFor('Create the CI app in Okta');
      await term.keys('Up', 'Enter');
      await term.waitFor('steps is ticked.'); // nothing ticked: asked once
      await term.keys('Enter');
      screen = await term.waitFor('? Client ID');
      expect(screen).toContain('From FLYTE_API_KEY: Enter keeps it.');
      await term.keys('Enter');
      await term.waitFor('✔ Client ID: ci-app');
      await term.waitFor('? Client secret');
      await term.keys('C-c');
      const done = await term.finished();
      expect(done.code).toBe(130);
      expect(await readFile(path.join(cwd, 'config.yaml'), 'utf8')).toContain('domain: staging');
    });

    it('rotate: Esc at "Paste the NEW client secret" goes back to the previous question (no exit); the rotation completes', async () => {
      const cwd = await tempDir();
      term = await TmuxTerminal.start({
        args: ['rotate', '--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--idp-ca-file', demo.caFile!, '--timeout', '10'],
        cwd,
        env: { FLYTE_API_KEY: KEY },
        width: 100,
        height: 40,
      });
      await term.waitFor('Where is FLYTE_API_KEY stored?');
      await selectItem(term, 4, 'Somewhere else');
      await term.waitFor('Paste the NEW client secret');
      await term.keys('Escape');
      // Back one step: the CI question again, the rotation still running.
      await term.waitFor(/Where is FLYTE_API_KEY stored\?[\s\S]*Where is FLYTE_API_KEY stored\?|❯ \d\. GitHub Actions/u);
      expect(existsSync(path.join(term.dir, 'exit'))).toBe(false);
      await selectItem(term, 4, 'Somewhere else');
      await term.waitFor('Paste the NEW client secret');
      await term.type(NEW);
      await term.keys('Enter');
      await term.waitFor('Show the new key once');
      await term.type('n');
      await term.keys('Enter');
      await term.waitFor('Press Enter once the new key is stored in CI');
      await term.keys('Enter');
      await term.waitFor('Now delete the old secret');
      const done = await term.finished();
      expect(done.code).toBe(0);
      const screen = await term.screen();
      expect(screen).not.toContain(NEW);
      expect(screen).not.toContain(OLD);
    });
  });
});

