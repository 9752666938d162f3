/**
 * Issue 11, Journey 3 "Done when": a re-run in a folder with config.yaml and FLYTE_API_KEY that prefills every
 * answer and rotates — in a real terminal (tmux), with the BUILT command (`node scripts/build.mjs` first).
 *
 * The world: the demo's authorization server + Connect control plane (127.0.0.1, their own CA), the fake GitHub
 * API (test/servers/fake-github.ts) reached by the real gh (/usr/bin/gh) through GH_HOST, and a git folder whose
 * origin is github.com/acme/app. The key's host cannot carry the demo's port, so setup gets `--endpoint
 * 127.0.0.1:PORT`, which beats the key's host for the checks exactly as flyte's root --endpoint does (the new key
 * keeps the key's host). The control plane's CA comes from config.yaml's caCertFilePath (as flyte reads it), the
 * token side's from SSL_CERT_FILE (as flyte's httpx does; one bundle with the fake GitHub's certificate for gh).
 *
 * Keys typed: Enter on "Rotate the secret of this key", Esc on the CI question (back to setup's question), Enter
 * again, Enter on the CI target the git remote pre-selected, a
 * wrong secret (the check fails) then Esc at the failure menu (back to the secret), the new secret, Esc at the
 * push confirmation (back to the secret again), the new secret, Enter to push.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { assertNoCanary, BIN } from '../helpers/cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { startFakeGithub, type FakeGithub } from '../servers/fake-github.js';

const GH = '/usr/bin/gh';
const hasTmux = await TmuxTerminal.available();
const built = existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli.js'));
const sh = promisify(execFile);

const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
const WRONG = 'WRONG-CANARY-s3cr3t-Qw8';
const KEY_HOST = 'union.demo.example';
const CLIENT = 'flyte-ci-demo';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`${KEY_HOST}:${CLIENT}:${OLD}:demo`);
const NEW_KEY = b64(`${KEY_HOST}:${CLIENT}:${NEW}:demo`);
const SECRET_ID = 'acme/app||FLYTE_API_KEY';

describe.skipIf(!hasTmux || !built || !existsSync(GH))('journey 3 in a real terminal: setup in a folder with config.yaml and FLYTE_API_KEY rotates the key', () => {
  let demo: Demo;
  let fake: FakeGithub;
  let dir: string;
  let term: TmuxTerminal | undefined;

  beforeAll(async () => {
    demo = await startDemo({ clientSecret: OLD, clientId: CLIENT, org: 'demo' });
    fake = await startFakeGithub({ repos: ['acme/app'] });
    dir = await mkdtemp(path.join(tmpdir(), 'fca-rotate-journey-'));
  });
  afterAll(async () => {
    await demo?.close();
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await term?.kill();
    term = undefined;
  });

  it('prefilled from config.yaml, FLYTE_API_KEY and the git remote; Enter, paste, check, push with the real gh, verify, deletion steps; Esc goes back at the CI question, the failure menu and the push confirmation', async () => {
    // The folder: a git repository (origin github.com/acme/app) with the config.yaml an earlier run wrote.
    const cwd = path.join(dir, 'repo');
    await mkdir(cwd);
    await sh('git', ['init', '-q', cwd]);
    await sh('git', ['-C', cwd, 'remote', 'add', 'origin', 'https://github.com/acme/app.git']);
    await writeFile(
      path.join(cwd, 'config.yaml'),
      `admin:\n  endpoint: dns:///${KEY_HOST}\n  caCertFilePath: ${demo.caFile}\ntask:\n  project: ml\n  domain: staging\n  org: demo\n`,
    );
    const configBefore = await readFile(path.join(cwd, 'config.yaml'), 'utf8');
    // gh trusts the fake GitHub's certificate, the check's token side the demo CA: one SSL_CERT_FILE with both.
    const bundle = path.join(dir, 'bundle.pem');
    await writeFile(bundle, `${await readFile(demo.caFile!, 'utf8')}\n${await readFile(fake.certFile, 'utf8')}`);
    // A gh first on PATH that records each argv, then runs the real gh.
    const argvLog = path.join(dir, 'argv.log');
    await mkdir(path.join(dir, 'bin'));
    await writeFile(path.join(dir, 'bin', 'gh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec ${GH} "$@"\n`);
    await chmod(path.join(dir, 'bin', 'gh'), 0o755);
    await writeFile(argvLog, '');
    // CI holds the old key, written 100 days ago; the provider holds both secrets (the overlap).
    const at = new Date(Date.now() - 100 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fake.secrets.set(SECRET_ID, { repo: 'acme/app', name: 'FLYTE_API_KEY', plaintext: OLD_KEY, keyId: 'seed', createdAt: at, updatedAt: at });
    demo.setSecrets([OLD, NEW]);

    term = await TmuxTerminal.start({
      args: ['setup', '--endpoint', demo.endpoint],
      cwd,
      env: {
        ...fake.ghEnv(path.join(dir, 'gh-config')),
        SSL_CERT_FILE: bundle,
        FLYTE_API_KEY: OLD_KEY,
        PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      },
      width: 100,
      height: 40,
    });

    // 1. The first choice is to rotate the key in FLYTE_API_KEY; Enter takes it.
    let screen = await term.waitFor(`FLYTE_API_KEY is set (${KEY_HOST}, client ${CLIENT})`);
    expect(screen).toMatch(/❯ 1\. Rotate the secret of this key/u);
    await term.keys('Enter');

    // 2. The current key works (checked against --endpoint); the CI target is pre-selected from the git remote.
    screen = await term.waitFor('Where is FLYTE_API_KEY stored?');
    expect(screen).toMatch(/Works today .*yes/u);
    expect(screen).toMatch(/❯ 1\. GitHub Actions.*acme\/app/u);
    // Esc on the rotation's first question goes back to setup's question (its hint says "Esc back"), not out.
    await term.keys('Escape');
    await term.waitFor(/Works today .*yes\n\? FLYTE_API_KEY is set/u);
    expect(existsSync(path.join(term.dir, 'exit'))).toBe(false);
    await term.keys('Enter');
    await term.waitFor(/Works today[\s\S]*Works today[\s\S]*\? Where is FLYTE_API_KEY stored\?/u);
    await term.keys('Enter');

    // 3. The age comes from GitHub through gh; then the new secret is asked for.
    screen = await term.waitFor('Paste the NEW client secret');
    expect(screen).toMatch(/FLYTE_API_KEY was last updated \d{4}-\d{2}-\d{2} \(100 days ago\); the 90-day mark has passed\./);

    // 4. A wrong secret: the check fails, nothing is pushed; Esc at the menu goes back to the secret.
    await term.type(WRONG);
    await term.keys('Enter');
    await term.waitFor('The check failed. Nothing was pushed. What now?');
    await term.keys('Escape');
    // Esc leaves no answer line: the secret is asked again below the failure.
    await term.waitFor(/--auth-method auto to see whether the other method works\.\n\? Paste the NEW client secret/u);
    expect(existsSync(path.join(term.dir, 'exit'))).toBe(false);

    // 5. The right secret passes; Esc at the push confirmation goes back to the secret once more.
    await term.type(NEW);
    await term.keys('Enter');
    await term.waitFor(/Check with the new secret: [\s\S]*\? Replace FLYTE_API_KEY in GitHub acme\/app/u);
    await term.keys('Escape');
    await term.waitFor(/Check with the new secret: [\s\S]*\? Paste the NEW client secret/u);
    expect(fake.requests.filter((r) => r.startsWith('PUT '))).toEqual([]);
    await term.type(NEW);
    await term.keys('Enter');
    await term.waitFor(/Check with the new secret: [\s\S]*Check with the new secret: [\s\S]*\? Replace FLYTE_API_KEY in GitHub acme\/app/u);
    await term.keys('Enter');

    // 6. Pushed with gh, verified with the key as stored, and only then the deletion steps.
    screen = await term.waitFor('Next rotation due');
    const done = await term.finished(30_000);
    screen = await term.screen();
    expect(done.code).toBe(0);
    expect(screen).toMatch(/Old key → new key/u);
    expect(screen).toMatch(/Verification with the stored key/);
    expect(screen).toMatch(/Now delete the old secret/);
    expect(screen.indexOf('Verification with the stored key')).toBeLessThan(screen.indexOf('Now delete the old secret'));
    expect(screen).toMatch(/Rotation complete\. Next rotation: \d{4}-\d{2}-\d{2}\./);

    // The records: GitHub holds the new key (one PUT); the new key keeps the key's host (not the --endpoint);
    // config.yaml is untouched; no secret on the screen or in any gh argv.
    expect(fake.secrets.get(SECRET_ID)?.plaintext).toBe(NEW_KEY);
    expect(fake.requests.filter((r) => r.startsWith('PUT '))).toHaveLength(1);
    expect(await readFile(path.join(cwd, 'config.yaml'), 'utf8')).toBe(configBefore);
    const argv = await readFile(argvLog, 'utf8');
    expect(argv).toMatch(/^secret set FLYTE_API_KEY --repo acme\/app$/m);
    assertNoCanary(screen + argv, OLD, NEW, WRONG, OLD_KEY, NEW_KEY);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// "Rotation tells the real reason and offers the login": a glab that is not logged in, in a real terminal. The
// stand-in glab (first on PATH) says "not logged in" until its `auth login` has run; that login asks for a token on
// the terminal it is lent (so the test proves the keys reach the child), then the rotation resumes below it.

const STANDIN_GLAB = `#!/bin/sh
if [ "$1" = "--version" ]; then echo "glab 1.46.1 (2024-09-01)"; exit 0; fi
if [ "$1" = "auth" ] && [ "$2" = "status" ]; then
  if [ -f "$GLAB_STATE/logged-in" ]; then echo "✓ Logged in to $4 as stand-in" >&2; exit 0; fi
  echo "x $4: no token provided; could not authenticate" >&2; exit 1
fi
if [ "$1" = "auth" ] && [ "$2" = "login" ]; then
  printf 'stand-in glab: paste a token for %s: ' "$4"
  read token
  printf '%s' "$token" > "$GLAB_STATE/token"
  touch "$GLAB_STATE/logged-in"
  echo "stand-in glab: logged in to $4"
  exit 0
fi
exit 1
`;

describe.skipIf(!hasTmux || !built)('rotate at a terminal with glab not logged in: the login is offered and runs on the lent terminal', () => {
  let demo: Demo;
  let dir: string;
  let term: TmuxTerminal | undefined;
  beforeAll(async () => {
    demo = await startDemo({ clientSecret: OLD, clientId: CLIENT, org: 'demo' });
    dir = await mkdtemp(path.join(tmpdir(), 'fca-rotate-glab-'));
  });
  afterAll(async () => {
    await term?.kill();
    await demo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('"glab is not logged in to gitlab.com. Run `glab auth login --hostname gitlab.com` now?" → y → the child asks and reads, then the rotation goes on', async () => {
    await mkdir(path.join(dir, 'bin'));
    await mkdir(path.join(dir, 'state'));
    await writeFile(path.join(dir, 'bin', 'glab'), STANDIN_GLAB);
    await chmod(path.join(dir, 'bin', 'glab'), 0o755);
    demo.setSecrets([OLD, NEW]);
    term = await TmuxTerminal.start({
      args: ['rotate', '--push', 'gitlab', '--repo', 'acme/app', '--dry-run', '--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--idp-ca-file', demo.caFile!, '--timeout', '10'],
      cwd: dir,
      env: { FLYTE_API_KEY: OLD_KEY, GLAB_STATE: path.join(dir, 'state'), PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` },
      width: 100,
      height: 40,
    });
    await term.waitFor('glab is not logged in to gitlab.com. Run `glab auth login --hostname gitlab.com` now?');
    await term.type('y');
    await term.waitFor('stand-in glab: paste a token for gitlab.com:');
    await term.type('tok-123');
    await term.keys('Enter');
    const screen = await term.waitFor(/stand-in glab: logged in to gitlab\.com[\s\S]*glab is logged in to gitlab\.com\.[\s\S]*\? Paste the NEW client secret/u);
    expect(await readFile(path.join(dir, 'state', 'token'), 'utf8')).toBe('tok-123');
    // Logged in now: the age line gives GitLab's own limit, not the login.
    expect(screen).toMatch(/The age of the stored key is unknown \(GitLab does not report when a variable was last updated\)\./);
    await term.keys('C-c');
    expect((await term.finished()).code).toBe(130);
  });
});
