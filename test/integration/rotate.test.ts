/**
 * `rotate` end to end with the BUILT command (run `npm run build` first): the demo's real authorization server
 * (oidc-provider, one client that holds two valid secrets during the overlap, then only the new one) and fake
 * Connect control plane run in this process; the child talks to them over HTTPS with the demo CA.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { BIN, assertNoCanary, runCli } from '../helpers/cli.js';
import { startFakeGithub, type FakeGithub } from '../servers/fake-github.js';
import { SCREEN_WAIT_MS } from '../helpers/tmux.js';

const OLD = 'OLD-CANARY-s3cr3t+/%~Zq9';
const NEW = 'NEW-CANARY-s3cr3t+/%~Xy7';
const KEY_HOST = 'union.demo.example';
const CLIENT = 'flyte-ci-demo';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const OLD_KEY = b64(`${KEY_HOST}:${CLIENT}:${OLD}:demo`);
const NEW_KEY = b64(`${KEY_HOST}:${CLIENT}:${NEW}:demo`);

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ clientSecret: OLD, clientId: CLIENT, org: 'demo' });
});
afterAll(async () => {
  await demo?.close();
});

/** --endpoint points the checks at the demo (host:port), exactly as flyte's --endpoint overrides the key's host. */
const checkFlags = () => ['--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--idp-ca-file', demo.caFile!, '--timeout', '10'];

function noSecrets(text: string) {
  assertNoCanary(text, OLD, NEW, OLD_KEY, NEW_KEY);
}

describe('rotate against the demo authorization server and control plane', () => {
  it('--push none: overlap (old and new valid) → check, build, verify; the new key alone on stdout; then the old secret is revoked', async () => {
    demo.setSecrets([OLD, NEW]); // the provider now holds both: the overlap window
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'none', ...checkFlags()], {
      input: `${NEW}\n`,
      env: { FLYTE_API_KEY: OLD_KEY },
    });
    expect(r.stderr).toMatch(/ok +Check with the new secret passed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${NEW_KEY}\n`);
    noSecrets(r.stderr);
    expect(r.stderr).toMatch(/ok +The new key authenticates the way flyte will \(it is not in CI until you store it\)/);
    expect(r.stderr).toMatch(/Next rotation: \d{4}-\d{2}-\d{2}/);

    // The user deletes the old secret: only the new one is valid now.
    demo.setSecrets([NEW]);
    const fresh = await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: r.stdout.trim() } });
    expect(fresh.code).toBe(0);
    const stale = await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: OLD_KEY } });
    expect(stale.code).toBe(1);
  });

  it('a wrong new secret stops at the check: exit 1, no key printed, nothing after the check ran', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'none', ...checkFlags()], {
      input: 'WRONG-CANARY-secret',
      env: { FLYTE_API_KEY: OLD_KEY },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/FAIL +Check with the new secret failed/);
    expect(r.stderr).not.toMatch(/authenticates the way flyte will|Now delete/);
    noSecrets(r.stderr);
    assertNoCanary(r.stderr, 'WRONG-CANARY-secret');
  });

  it('usage errors: both values on stdin, a bad --push, no current key', async () => {
    const both = await runCli(['rotate', '--api-key-stdin', '--client-secret-stdin', '--push', 'none'], { input: 'x' });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/stdin can carry only one value/);
    const bad = await runCli(['rotate', '--client-secret-stdin', '--push', 'bitbucket'], { input: 'x' });
    expect(bad.code).toBe(2);
    const none = await runCli(['rotate', '--client-secret-stdin', '--push', 'none'], { input: NEW });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/FLYTE_API_KEY/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The real gh against the fake GitHub API (test/servers/fake-github.ts: HTTPS "enterprise" host on 127.0.0.1, PUT
// bodies opened with libsodium, so the test sees exactly what gh stored). A shim `gh` first on PATH records every
// argv, then execs the real /usr/bin/gh.

const GH = '/usr/bin/gh';
describe.skipIf(!existsSync(GH))('rotate --push github with the real gh against a fake GitHub API', () => {
  let fake: FakeGithub;
  let dir: string;
  let argvLog: string;

  beforeAll(async () => {
    fake = await startFakeGithub({ repos: ['acme/app', 'acme/forbidden'] });
    dir = await mkdtemp(path.join(tmpdir(), 'rotate-gh-'));
    argvLog = path.join(dir, 'argv.log');
    const shim = path.join(dir, 'bin', 'gh');
    await mkdir(path.dirname(shim), { recursive: true });
    await writeFile(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> "$GH_ARGV_LOG"\nexec ${GH} "$@"\n`);
    await chmod(shim, 0o755);
    await writeFile(argvLog, '');
  });
  afterAll(async () => {
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ghEnv = (extra: Record<string, string> = {}) => ({
    ...fake.ghEnv(path.join(dir, 'gh-config')),
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
    GH_ARGV_LOG: argvLog,
    FLYTE_API_KEY: OLD_KEY,
    ...extra,
  });
  const SECRET_ID = 'acme/app||FLYTE_API_KEY';
  const stored = () => fake.secrets.get(SECRET_ID)?.plaintext;
  const seed = (value: string, daysAgo = 0) => {
    const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fake.secrets.set(SECRET_ID, { repo: 'acme/app', name: 'FLYTE_API_KEY', plaintext: value, keyId: 'seed', createdAt: at, updatedAt: at });
  };
  const puts = () => fake.requests.filter((r) => r.startsWith('PUT ')).length;

  it('overlap → check → push → verify: the stored value decrypts to the new key; the old secret can then go', async () => {
    // The key stored 100 days ago, holding the old key.
    seed(OLD_KEY, 100);
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--json', '--client-secret-stdin', '--push', 'github', '--repo', 'acme/app', '--yes', ...checkFlags()], {
      input: `${NEW}\n`,
      env: ghEnv(),
    });
    noSecrets(r.stdout + r.stderr);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ id: string; status: string }>; ageDays: number; rotationDue: boolean; deleteSteps: string[] };
    expect(j.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(r.code).toBe(0);
    expect(j.ok).toBe(true);
    expect(j.ageDays).toBe(100);
    expect(j.rotationDue).toBe(true);
    expect(stored()).toBe(NEW_KEY);
    expect(j.steps.map((s) => s.id)).toEqual(['current-key', 'identity', 'age', 'create-secret', 'new-secret', 'check', 'build', 'push', 'verify', 'delete-old']);
    expect(j.deleteSteps.length).toBeGreaterThan(0);

    // The old secret is deleted in the provider: the stored key keeps working, the old one does not.
    demo.setSecrets([NEW]);
    expect((await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: stored()! } })).code).toBe(0);
    expect((await runCli(['check', ...checkFlags()], { env: { FLYTE_API_KEY: OLD_KEY } })).code).toBe(1);

    // No child ever saw the key or a secret in its argv.
    const argv = await readFile(argvLog, 'utf8');
    expect(argv).toMatch(/^secret set FLYTE_API_KEY --repo acme\/app$/m);
    assertNoCanary(argv, OLD, NEW, OLD_KEY, NEW_KEY);
  });

  it('without a terminal and without --yes nothing is checked or pushed: exit 2 naming --yes', async () => {
    seed(OLD_KEY);
    demo.setSecrets([OLD, NEW]);
    const putsBefore = puts();
    const requestsBefore = fake.requests.length;
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'github', '--repo', 'acme/app', ...checkFlags()], { input: `${NEW}\n`, env: ghEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Missing an answer: pass --yes\./);
    expect(r.stdout).toBe('');
    expect(puts()).toBe(putsBefore);
    expect(fake.requests.length).toBe(requestsBefore);
    expect(stored()).toBe(OLD_KEY);
    noSecrets(r.stdout + r.stderr);
  });

  it('a wrong new secret stops before the push: the fake saw no PUT, the stored value is unchanged', async () => {
    seed(OLD_KEY);
    demo.setSecrets([OLD, NEW]);
    const putsBefore = puts();
    const r = await runCli(['rotate', '--client-secret-stdin', '--push', 'github', '--repo', 'acme/app', '--yes', ...checkFlags()], {
      input: 'WRONG-CANARY-secret\n',
      env: ghEnv(),
    });
    expect(r.code).toBe(1);
    expect(puts()).toBe(putsBefore);
    expect(stored()).toBe(OLD_KEY);
    expect(r.stdout).toMatch(/Nothing was pushed; CI still holds the old key/);
    expect(r.stdout).not.toMatch(/delete the old secret in/i);
    noSecrets(r.stdout + r.stderr);
    assertNoCanary(await readFile(argvLog, 'utf8'), OLD, NEW, OLD_KEY, NEW_KEY, 'WRONG-CANARY-secret');
  });

  it('a push GitHub refuses (403, no permission) stops before verify and shows no deletion steps', async () => {
    demo.setSecrets([OLD, NEW]);
    seed(OLD_KEY);
    const r = await (async () => {
      fake.fault = '403';
      try {
        return await runCli(['rotate', '--client-secret-stdin', '--push', 'github', '--repo', 'acme/app', '--yes', ...checkFlags()], { input: NEW, env: ghEnv() });
      } finally {
        fake.fault = 'none';
      }
    })();
    expect(stored()).toBe(OLD_KEY);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL +Push failed: .*CI still holds the old key; do not delete the old secret/);
    expect(r.stdout).not.toMatch(/authenticates the way flyte will|Verification/);
    expect(r.stdout).not.toMatch(/Now delete the old secret/);
    noSecrets(r.stdout + r.stderr);
  });

  it('--dry-run --json: each step with fingerprints, never a secret, and no PUT', async () => {
    demo.setSecrets([OLD, NEW]);
    const putsBefore = puts();
    const r = await runCli(['rotate', '--json', '--client-secret-env', 'NEW_SECRET', '--push', 'github', '--repo', 'acme/app', '--dry-run', ...checkFlags()], {
      env: ghEnv({ NEW_SECRET: NEW }),
    });
    expect(r.code).toBe(0);
    expect(puts()).toBe(putsBefore);
    noSecrets(r.stdout + r.stderr);
    const j = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ id: string; status: string }>; old: { length: number; fingerprint: string }; new: { fingerprint: string } };
    expect(j.old.length).toBe(OLD.length);
    expect(j.old.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(j.new.fingerprint).not.toBe(j.old.fingerprint);
    expect(j.steps.find((s) => s.id === 'check')?.status).toBe('ok');
    expect(j.steps.find((s) => s.id === 'verify')?.status).toBe('skipped');
  });

  // ---- The interactive path in a real terminal (tmux): the Ink prompter, Ctrl-C before the push. ----
  const TMUX = '/usr/bin/tmux';
  const sh = promisify(execFile);
  let session = 0;

  /** Starts `rotate` in a detached tmux pane (a real pty, 100×40); returns helpers to read the screen and type. */
  async function inTerminal(args: string[], env: Record<string, string>) {
    const name = `rotate-${process.pid}-${++session}`;
    // A tmux server of its own (-L): the default server is shared with other test files and exits with its last session.
    const tmux = (cmd: string[]) => sh(TMUX, ['-L', name, ...cmd]);
    const exitFile = path.join(dir, `${name}.exit`);
    const script = path.join(dir, `${name}.sh`);
    const assignments = Object.entries({ HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', NO_COLOR: '1', ...env })
      .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    // The trap keeps this shell alive through a Ctrl-C that hits the terminal in cooked mode (see test/helpers/tmux.ts);
    // the long sleep keeps the pane (and so the server) until kill(), however slow the machine.
    await writeFile(script, `#!/bin/sh\ntrap 'true' INT\ncd '${dir}'\nenv -i ${assignments} '${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(' ')}\necho $? > '${exitFile}'\nexec sleep 900\n`);
    await chmod(script, 0o700);
    await tmux(['new-session', '-d', '-s', name, '-x', '100', '-y', '40', script]);
    const screen = async () => (await tmux(['capture-pane', '-p', '-S', '-200', '-t', name])).stdout;
    const waitFor = async (re: RegExp, ms = SCREEN_WAIT_MS) => {
      const end = Date.now() + ms;
      for (;;) {
        const text = await screen();
        if (re.test(text)) return text;
        if (Date.now() > end) throw new Error(`screen never showed ${re}:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const exitCode = async (ms = SCREEN_WAIT_MS) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const t = await readFile(exitFile, 'utf8').catch(() => '');
        if (t.trim() !== '') return Number(t.trim());
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no exit code; screen:\n${await screen()}`);
    };
    const type = (...keys: string[]) => tmux(['send-keys', '-t', name, ...keys]);
    const typeLiteral = (text: string) => tmux(['send-keys', '-t', name, '-l', text]);
    const kill = () => tmux(['kill-server']).catch(() => undefined);
    return { screen, waitFor, exitCode, type, typeLiteral, kill };
  }

  const terminalEnv = () => {
    const e = ghEnv() as Record<string, string>;
    return e;
  };

  it.skipIf(!existsSync(TMUX))('interactive in a real terminal: masked paste, check, confirm, push, verify, deletion steps', async () => {
    seed(OLD_KEY);
    demo.setSecrets([OLD, NEW]);
    const t = await inTerminal(['rotate', '--push', 'github', '--repo', 'acme/app', ...checkFlags()], terminalEnv());
    try {
      await t.waitFor(/Paste the NEW client secret/);
      await t.typeLiteral(`${NEW}\r\n`); // a paste with a trailing CRLF
      await t.waitFor(/Replace FLYTE_API_KEY/);
      await t.type('Enter');
      const text = await t.waitFor(/Next rotation due/);
      expect(await t.exitCode()).toBe(0);
      expect(text).toMatch(/Old key → new key/);
      expect(text).toMatch(/Now delete the old secret/);
      noSecrets(text);
      expect(stored()).toBe(NEW_KEY);
    } finally {
      await t.kill();
    }
  });

  for (const at of ['new-secret', 'confirm-push'] as const) {
    it.skipIf(!existsSync(TMUX))(`Ctrl-C at ${at} in a real terminal: exit 130, the fake saw no PUT`, async () => {
      seed(OLD_KEY);
      demo.setSecrets([OLD, NEW]);
      const putsBefore = puts();
      const t = await inTerminal(['rotate', '--push', 'github', '--repo', 'acme/app', ...checkFlags()], terminalEnv());
      try {
        await t.waitFor(/Paste the NEW client secret/);
        if (at === 'confirm-push') {
          await t.typeLiteral(NEW);
          await t.type('Enter');
          await t.waitFor(/Replace FLYTE_API_KEY/);
        }
        await t.type('C-c');
        expect(await t.exitCode()).toBe(130);
        expect(puts()).toBe(putsBefore);
        expect(stored()).toBe(OLD_KEY);
        noSecrets(await t.screen());
      } finally {
        await t.kill();
      }
    });
  }
  // ---- gh installed but not logged in (an empty GH_CONFIG_DIR, no token): the real reason, and the login offer. ----
  const notLoggedInEnv = async () => {
    const config = await mkdtemp(path.join(dir, 'gh-empty-'));
    return { GH_CONFIG_DIR: config, GH_NO_UPDATE_NOTIFIER: '1', GH_PROMPT_DISABLED: '1', PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, GH_ARGV_LOG: argvLog, FLYTE_API_KEY: OLD_KEY };
  };

  it('gh not logged in, no terminal: the age step says "gh is not logged in to github.com" and the login command', async () => {
    demo.setSecrets([OLD, NEW]);
    const r = await runCli(['rotate', '--client-secret-env', 'NEW_SECRET', '--push', 'github', '--repo', 'acme/app', '--dry-run', ...checkFlags()], {
      env: { ...(await notLoggedInEnv()), NEW_SECRET: NEW },
    });
    expect(r.stdout).toMatch(
      /skip +The age of the stored key is unknown \(gh is not logged in to github\.com\)\. Log in with `gh auth login --hostname github\.com`; the push needs it too\./,
    );
    expect(r.stdout).not.toMatch(/GitHub did not report it/);
    noSecrets(r.stdout + r.stderr);
  });

  it.skipIf(!existsSync(TMUX))('gh not logged in, in a real terminal: the login is offered with the reason; "No" names the command and the rotation goes on', async () => {
    demo.setSecrets([OLD, NEW]);
    const t = await inTerminal(['rotate', '--push', 'github', '--repo', 'acme/app', '--dry-run', ...checkFlags()], await notLoggedInEnv());
    try {
      await t.waitFor(/gh is not logged in to github\.com\. Run `gh auth login --hostname github\.com` now\?/);
      await t.type('n');
      const text = await t.waitFor(/Paste the NEW client secret/);
      expect(text.replace(/\s+/g, ' ')).toMatch(/The age of the stored key is unknown \(gh is not logged in to github\.com\)\. Log in with this command \(the push needs it too\):/);
      expect(text).toMatch(/^ *gh auth login --hostname github\.com *$/m);
      await t.type('C-c');
      expect(await t.exitCode()).toBe(130);
    } finally {
      await t.kill();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Missing answers are all named at once, before any network call: a listener on 127.0.0.1 that accepts and never
// answers (what made the old order wait ~10 s for the "current key" check) counts the connections it gets.

describe('rotate without a terminal: every missing answer at once, before any network call', () => {
  let server: import('node:net').Server;
  let port = 0;
  let connections = 0;
  const sockets: import('node:net').Socket[] = [];
  beforeAll(async () => {
    const net = await import('node:net');
    server = net.createServer((socket) => {
      connections++;
      sockets.push(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as import('node:net').AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('FLYTE_API_KEY and --endpoint only: exit 2 naming the secret source, --push and --yes; no connection made', async () => {
    const r = await runCli(['rotate', '--endpoint', `127.0.0.1:${port}`], { env: { FLYTE_API_KEY: OLD_KEY } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: Missing answers: pass --client-secret-stdin or --client-secret-env NAME, --push github\|gitlab\|jenkins\|none, --yes \(for a real push; not needed with --push none or --dry-run\)\./,
    );
    expect(r.stdout).toBe('');
    expect(connections).toBe(0);
    noSecrets(r.stderr);
  });

  it('--push jenkins with a secret source but nothing else: --url, --user, JENKINS_API_TOKEN and --yes together; no connection made', async () => {
    const r = await runCli(['rotate', '--push', 'jenkins', '--client-secret-env', 'NEW_SECRET', '--endpoint', `127.0.0.1:${port}`], {
      env: { FLYTE_API_KEY: OLD_KEY, NEW_SECRET: NEW },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Missing answers: pass --url URL, --user USER, JENKINS_API_TOKEN in the environment, --yes\./);
    expect(connections).toBe(0);
    noSecrets(r.stdout + r.stderr);
  });
});
