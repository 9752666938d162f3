/**
 * The BUILT command in a real pseudo-terminal (tmux): keystrokes in, screen out. Proves what component tests
 * cannot: raw mode, key chunking as a terminal delivers it, exit codes, and that the terminal is restored.
 * Run `npm run build` first (npm test does). Each test has its own tmux server (unique -L socket), killed after.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CA_CERT } from '../../src/demo/certs.js';
import { BIN } from '../helpers/cli.js';
import { TmuxTerminal, sttyHas } from '../helpers/tmux.js';

const CANARY = 'CANARY-s3cr3t+/%~Zq9';
const hasTmux = await TmuxTerminal.available();
const built = existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli.js'));

let term: TmuxTerminal | undefined;
let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'fca-e2e-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await term?.kill();
  term = undefined;
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** POST /demo/grant-consent on the demo authorization server ("grant admin consent in the portal"). */
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

describe.skipIf(!hasTmux || !built)('real terminal (tmux)', () => {
  beforeAll(() => {
    expect(built).toBe(true);
  });

  it('--help prints the commands and exits 0 without touching the terminal mode', async () => {
    term = await TmuxTerminal.start({ args: ['--help'], cwd: await tempDir() });
    const done = await term.finished();
    expect(done.code).toBe(0);
    const screen = await term.screen();
    expect(screen).toContain('Usage: flyte-ci-auth [command] [flags]');
    expect(screen).toContain('setup');
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(sttyHas(done.stty, 'echo')).toBe(true);
  });

  it('draws the wizard’s first interactive frame (the provider question) and Ctrl-C there exits 130', async () => {
    const cwd = await tempDir();
    term = await TmuxTerminal.start({ args: [], cwd });
    await term.waitFor(/Which identity provider[\s\S]*❯ 1\. Okta/u);
    const firstFrameMs = performance.now() - term.startedAt;
    // Reported, not asserted (no timing thresholds in tests): `npm run bench` measures it properly.
    console.info(`first interactive frame after ~${firstFrameMs.toFixed(0)} ms (incl. tmux start and polling)`);
    await term.keys('C-c');
    const done = await term.finished();
    expect(done.code).toBe(130);
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(sttyHas(done.stty, 'echo')).toBe(true);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('keys sent the moment the first frame shows (Ink may still be loading) are not lost: Down Down Enter → third item', async () => {
    term = await TmuxTerminal.start({ args: ['setup'], cwd: await tempDir() });
    await term.waitFor('Which identity provider');
    await term.keys('Down', 'Down', 'Enter');
    const screen = await term.waitFor('✔ Which identity provider issues the CI credentials: Keycloak');
    // The pre-painted frame was replaced, not left behind: the question is on screen once, answered.
    expect(screen.match(/Which identity provider/gu), screen).toHaveLength(1);
    expect(screen).not.toContain('❯ 1. Okta');
    await term.waitFor('Do several teams');
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });

  it('Ctrl-C at the secret step: exit 130, nothing written, terminal restored (icanon, echo)', async () => {
    const cwd = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup'], cwd });
    await term.waitFor('Which identity provider');
    await term.keys('Down', 'Enter'); // Entra ID
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    // The host comes before the checklist ("Create it for me" needs it; this one offers no route).
    await term.waitFor(/\? .*[Cc]ontrol.plane/u);
    await term.type('  https://union.acme.com/ ');
    await term.waitFor('using the bare host'); // the pasted URL is reduced to the host as it arrives
    await term.keys('Enter');
    await term.waitFor(/✔ Control-plane host: \S*union\.acme\.com/u);
    await term.waitFor('Create the CI app in Microsoft Entra ID');
    await term.keys('Up', 'Enter'); // "Continue" without ticking
    await term.waitFor('steps is ticked.'); // nothing ticked: asked once
    await term.keys('Enter');
    await term.waitFor(/\? .*[Cc]lient ID/u);
    await term.type('ci-deployer');
    await term.keys('Enter');
    await term.waitFor('? Client secret');
    await term.type(CANARY);
    await term.waitFor(`❯ ${'*'.repeat(CANARY.length)}`);
    await term.keys('C-c');
    const done = await term.finished();
    expect(done.code).toBe(130);
    const screen = await term.screen();
    expect(screen).toContain('Cancelled');
    for (let i = 0; i + 4 <= CANARY.length; i++) expect(screen).not.toContain(CANARY.slice(i, i + 4));
    expect(await readdir(cwd)).toEqual([]); // no config.yaml, no report, no backup
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(sttyHas(done.stty, 'echo')).toBe(true);
  });

  it('the whole --demo flow by keystrokes: Esc goes back, answers typed, config.yaml written, summary shown', async () => {
    const out = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', out], cwd: await tempDir() });
    await term.waitFor('Which identity provider');
    await term.keys('Enter'); // the demo pre-selects "Other OIDC provider"
    await term.waitFor('✔ Which identity provider issues the CI credentials: Other OIDC provider');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    // The demo's provider allows registration: "Create it for me" is offered; this run uses the console.
    await term.waitFor(/2\. I'll create it in the console/u);
    await term.type('2');
    await term.waitFor('Create the CI app in Other OIDC provider');
    // Tick every step and continue: seven Enters sent at once (one chunk for the app, P6).
    await term.keys('Enter', 'Enter', 'Enter', 'Enter', 'Enter', 'Enter', 'Enter');
    await term.waitFor(/✔ Create the CI app in Other OIDC provider: 6 of 6 steps done/u);
    await term.waitFor('? Flyte project');
    // Esc goes back one step (the checklist is asked again, its ticks kept), then forward again.
    await term.keys('Escape');
    const back = await term.waitFor(/\? Create the CI app in Other OIDC provider\n(?![\s\S]*\? Flyte project)/u);
    // The re-asked question replaced its own summary line, right under the previous answer (no empty line).
    expect(back).not.toContain('✔ Create the CI app');
    expect(back).toMatch(/✔ The CI client: create it now, or in the console: I'll create it in the console\n\? Create the CI app/u);
    await term.waitFor('❯ Continue (6 of 6 done)');
    await term.keys('Enter');
    await term.waitFor(/\? Flyte project[^\n]*\n❯ flytesnacks/u);
    await term.keys('C-u');
    await term.type('ml-pipelines');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    await term.waitFor('flyte will authenticate with these credentials');
    await term.waitFor('How does flyte trust');
    await term.keys('Enter'); // private CA: caCertFilePath (recommended for the demo)
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('y');
    await term.waitFor('? Where does the pipeline run');
    await term.keys('Enter');
    // The key hand-off (the demo offers it too): "None of these".
    await term.waitFor('How do you want to take FLYTE_API_KEY');
    await term.type('4');
    const screen = await term.waitFor('Rotate by');
    const done = await term.finished();
    expect(done.code).toBe(0);

    const config = await readFile(path.join(out, 'config.yaml'), 'utf8');
    expect(config).toMatch(/endpoint: dns:\/\/\/127\.0\.0\.1:\d+/u);
    expect(config).toContain('project: ml-pipelines');
    expect(config).toContain('domain: development');
    expect(config).toContain('org: demo');
    expect(config).toMatch(/caCertFilePath: .*demo-ca\.pem/u);
    expect(config).not.toMatch(/insecure: true/u);

    expect(screen).toMatch(/^Done$/mu);
    expect(screen).toMatch(/^Check\s+passed$/mu);
    expect(screen).toMatch(new RegExp(`^config\\.yaml\\s+${out.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}/config\\.yaml \\(created\\)$`, 'mu'));
    expect(screen).toMatch(/^Project \/ domain\s+ml-pipelines \/ development$/mu);
    expect(screen).toMatch(/^Rotate by\s+\d{4}-\d{2}-\d{2} \(90 days\)$/mu);
    expect(screen).toMatch(/flyte --config .*config\.yaml deploy/u);
    expect(sttyHas(done.stty, 'icanon')).toBe(true);
    expect(sttyHas(done.stty, 'echo')).toBe(true);
  });

  it('admin consent missing in the demo: fixed in the "portal", Enter re-checks to success', async () => {
    const out = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--demo-scenario', 'consent', '--dir', out], cwd: await tempDir() });
    await term.waitFor('Which identity provider');
    await term.keys('Enter'); // pre-selected: Microsoft Entra ID
    await term.waitFor('✔ Which identity provider issues the CI credentials: Microsoft Entra ID');
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
    expect(failed).toContain('Check failed');
    expect(failed).toMatch(/admin consent missing/u);
    expect(failed).toMatch(/Grant admin consent for/u);
    expect(failed).not.toContain('flyte will authenticate with these credentials');

    // The pair "grants admin consent in the portal": the demo authorization server's consent endpoint.
    const issuer = /^Issuer\s+(https:\/\/127\.0\.0\.1:\d+)$/mu.exec(failed)?.[1];
    expect(issuer).toBeDefined();
    expect(await grantConsent(issuer!)).toBe(200);
    await term.keys('Enter');
    await term.waitFor('flyte will authenticate with these credentials');
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
    const screen = await term.waitFor('Rotate by');
    const done = await term.finished();
    expect(done.code).toBe(0);
    expect(screen).toMatch(/^Check\s+passed$/mu);
    expect(await readFile(path.join(out, 'config.yaml'), 'utf8')).toContain('org: demo');
  });

  it('reflows to 60 columns: the question stays readable and Enter still answers it', async () => {
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', await tempDir()], cwd: await tempDir(), width: 100 });
    await term.waitFor('Which identity provider');
    await term.resize(60, 24);
    await term.waitFor(/↑\/↓ move/u);
    const narrow = await term.screen({ visible: true });
    const lines = narrow.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines.every((l) => [...l].length <= 60)).toBe(true);
    expect(narrow).toContain('Which identity provider');
    expect(narrow).toContain('❯ 8. Other OIDC provider');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });

  it('at 60 columns a pipeline snippet is written line by line, unbroken: copying it from the terminal gives valid YAML', async () => {
    const out = await tempDir();
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', out], cwd: await tempDir(), width: 60, height: 40 });
    await term.waitFor('Which identity provider');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    await term.waitFor(/2\. I'll create it in the console/u);
    await term.type('2');
    await term.waitFor('Create the CI app');
    await term.keys('Up', 'Enter');
    await term.waitFor('steps is ticked.'); // nothing ticked: asked once
    await term.keys('Enter');
    await term.waitFor('? Flyte project');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    await term.waitFor('How does flyte trust');
    await term.keys('Enter');
    await term.waitFor('? PEM file');
    await term.keys('Enter');
    await term.waitFor(/\? Write .*config\.yaml\?/u);
    await term.keys('y');
    await term.waitFor('? Where does the pipeline run');
    await term.keys('2'); // GitLab CI
    await term.waitFor('? GitLab project');
    await term.type('acme/app');
    await term.keys('Enter');
    // The key hand-off (the demo offers it too): "None of these".
    await term.waitFor('How do you want to take FLYTE_API_KEY');
    await term.type('4');
    // screen() joins the rows the terminal soft-wrapped, as a terminal's copy does.
    const screen = await term.waitFor('Rotate by');
    expect((await term.finished()).code).toBe(0);
    const lines = screen.split('\n');
    expect(lines).toContain('  # Deploys to Flyte with the masked CI/CD variable FLYTE_API_KEY (generated by flyte-ci-auth).');
    expect(lines.some((l) => /^ {6}- flyte --config \S*config\.yaml deploy --copy-style none --version "\$VERSION" --project flytesnacks --domain development workflows\.py$/u.test(l))).toBe(true);
    expect(screen).toContain('Replace workflows.py in the snippet');
    expect(lines).toContain('  flyte-ci-auth instructions gitlab --project flytesnacks --domain development --path PATH');
  });

  it('colour by default, none at all with NO_COLOR; --accessible draws no spinner', async () => {
    const sgrColour = /\u001b\[[0-9;]*(3[0-9]|9[0-7]|38;[0-9;]+)m/u;
    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', await tempDir()], cwd: await tempDir() });
    await term.waitFor('Which identity provider');
    expect(await term.screen({ escapes: true })).toMatch(sgrColour);
    await term.kill();

    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--dir', await tempDir()], cwd: await tempDir(), env: { NO_COLOR: '1' } });
    await term.waitFor('Which identity provider');
    expect(await term.screen({ escapes: true })).not.toMatch(sgrColour);
    await term.kill();

    term = await TmuxTerminal.start({ args: ['setup', '--demo', '--accessible', '--dir', await tempDir()], cwd: await tempDir() });
    await term.waitFor('❯ 8. Other OIDC provider (current)');
    await term.keys('Enter');
    await term.waitFor('Do several teams');
    await term.keys('Enter');
    await term.waitFor(/2\. I'll create it in the console/u);
    await term.type('2');
    await term.waitFor('Create the CI app');
    await term.keys('Up', 'Enter');
    await term.waitFor('steps is ticked.'); // nothing ticked: asked once
    await term.keys('Enter');
    await term.waitFor('? Flyte project');
    await term.keys('Enter');
    await term.waitFor('? Flyte domain');
    await term.keys('Enter');
    const screen = await term.waitFor('flyte will authenticate with these credentials');
    expect(screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/u);
    // Linear: every answered question is its own line.
    expect(screen).toMatch(/^✔ Flyte project \(task\.project in config\.yaml\): flytesnacks$/mu);
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });
});
