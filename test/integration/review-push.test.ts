/**
 * push: one plain-http rule for credentials (src/core/net-rules.ts), and --json documents that escape C1.
 * Real local Jenkins-like server on 127.0.0.1; the CLI runs in-process (main) with canary values.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { glabCalls, installGlabShim } from '../helpers/glab-shim.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';
import { assertNoCanary, ROOT } from '../helpers/cli.js';
import { runPush } from '../../src/services/push/index.js';
import { createProcessRunner } from '../../src/services/process.js';
import { Secret } from '../../src/core/secret.js';

const KEY = Buffer.from('union.acme.com:ci-client:KEY-CANARY-91ab:acme').toString('base64');
const TOKEN = 'JENKINS-TOKEN-CANARY-3c';
let server: Server;
let port = 0;
const got: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push(`${req.method} ${req.url}`);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function run(args: string[]) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: process.env.PATH, FLYTE_API_KEY: KEY, JENKINS_API_TOKEN: TOKEN }, ROOT);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('push jenkins: the shared loopback rule', () => {
  it('http://[::ffff:127.0.0.1] is this machine (as for check): stored, no refusal', async () => {
    got.length = 0;
    const r = await run(['push', 'jenkins', '--url', `http://[::ffff:127.0.0.1]:${port}`, '--user', 'bot', '--yes']);
    expect(r.stderr).not.toMatch(/plain http/);
    expect(r.code).toBe(0);
    expect(got).toEqual(['POST /credentials/store/system/domain/_/createCredentials']);
    assertNoCanary(r.stdout + r.stderr, KEY, TOKEN);
  });

  it('plain http to another host is still refused with exit 2 and nothing sent', async () => {
    got.length = 0;
    const r = await run(['push', 'jenkins', '--url', 'http://192.0.2.7:8080', '--user', 'bot', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain http/);
    expect(got).toEqual([]);
  });

  it('a folder with control characters is bad input (exit 2), never echoed raw', async () => {
    const r = await run(['push', 'jenkins', '--url', `http://127.0.0.1:${port}`, '--user', 'bot', '--folder', 'team\u009b2Jx', '--dry-run', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0080-\u009f\u001b]/);
  });
});

describe('--json writers', () => {
  it('every command that writes a --json document uses toJsonText (C1 escaped), not JSON.stringify', () => {
    const pending = new Set<string>();
    const offenders = readdirSync(path.join(ROOT, 'src/commands'))
      .filter((f) => f.endsWith('.ts') && !pending.has(f))
      .filter((f) => /stdout\.write\(`\$\{JSON\.stringify\(/.test(readFileSync(path.join(ROOT, 'src/commands', f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('push without a terminal: bad input and everything missing, at once', () => {
  async function runEnv(args: string[], env: Record<string, string>) {
    const m = memoryIO();
    const code = await main(args, m.io, { PATH: process.env.PATH, ...env }, ROOT);
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  }

  it('push jenkins with nothing: names the key, --url, --user, JENKINS_API_TOKEN and --yes in one message', async () => {
    const r = await runEnv(['push', 'jenkins'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing answers: pass the key in FLYTE_API_KEY or on stdin with --api-key-stdin, --url, --user, JENKINS_API_TOKEN, --yes\./);
  });

  it('a bad --url is named before the missing --yes (exit 2, nothing sent)', async () => {
    got.length = 0;
    const r = await runEnv(['push', 'jenkins', '--url', 'ftp://ci.example.com', '--user', 'bot'], { FLYTE_API_KEY: KEY, JENKINS_API_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Jenkins URL must be/);
    expect(r.stderr).not.toMatch(/--yes/);
    expect(got).toEqual([]);
  });

  it('an invalid key is named before the missing --yes, without echoing the key', async () => {
    const bad = 'not-a-key-CANARY-0f';
    const r = await runEnv(['push', 'github', '--repo', 'acme/app'], { FLYTE_API_KEY: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid for flyte/);
    assertNoCanary(r.stdout + r.stderr, bad);
  });

  it('--dry-run needs no API token (it sends nothing): the plan is shown, exit 0', async () => {
    const r = await runEnv(['push', 'jenkins', '--url', 'https://ci.example.com', '--user', 'bot', '--dry-run'], { FLYTE_API_KEY: KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Dry run — nothing was changed/);
    expect(r.stdout).toContain('POST https://ci.example.com/credentials/store/system/domain/_/createCredentials');
    assertNoCanary(r.stdout + r.stderr, KEY);
  });

  it('the hint names the flag once: no "(JENKINS_API_TOKEN)" after "export JENKINS_API_TOKEN=…"', async () => {
    const r = await runEnv(['push', 'jenkins', '--url', 'https://ci.example.com', '--user', 'bot', '--yes'], { FLYTE_API_KEY: KEY });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/JENKINS_API_TOKEN is not set/);
    expect(r.stderr).toMatch(/export JENKINS_API_TOKEN=…$/m);
    expect(r.stderr).not.toMatch(/\(JENKINS_API_TOKEN\)/);
  });
});

describe('push jenkins: a server whose error page never ends', () => {
  it('reads only the start of the answer and reports the status, long before the deadline', async () => {
    let streamed = 0;
    const endless = createServer((req, res) => {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (streamed < 512 * 1024 * 1024 && res.write(chunk)) streamed += chunk.length;
        if (streamed < 512 * 1024 * 1024) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
      // The deadline is far beyond this test's own limit: the run must end because reading stopped, not by it.
      const report = await runPush(
        { target: 'jenkins', key: new Secret(KEY), url, user: 'bot', jenkinsToken: new Secret(TOKEN), dryRun: false },
        { proc: createProcessRunner({ PATH: process.env.PATH }), env: {}, cwd: ROOT, timeoutMs: 600_000 },
      );
      expect(report.ok).toBe(false);
      expect(report.action).toBe('failed');
      expect(JSON.stringify(report)).toMatch(/500/);
      assertNoCanary(JSON.stringify(report), KEY, TOKEN);
    } finally {
      endless.closeAllConnections();
      await new Promise<void>((r) => endless.close(() => r()));
    }
  }, 15_000);
});

describe('push github/gitlab: values that would read as options to gh/glab, or carry control characters', () => {
  for (const [label, args] of [
    ['github --env=--body', ['push', 'github', '--repo', 'acme/app', '--env=--body', '--dry-run']],
    ['github --env with a C1 character', ['push', 'github', '--repo', 'acme/app', '--env', 'prod\u009b2J', '--dry-run']],
    ['gitlab --scope=--masked', ['push', 'gitlab', '--repo', 'acme/app', '--scope=--masked', '--dry-run']],
  ] as const) {
    it(`${label}: exit 2, nothing planned`, async () => {
      const r = await run([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).not.toMatch(/This would run/);
      expect(r.stdout + r.stderr).not.toMatch(/[\u0080-\u009f\u001b]/);
    });
  }
});

describe('push gitlab: GITLAB_HOST over plain http', () => {
  it('to another machine: refused (exit 2) before glab gets the key; https and a bare host go ahead', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'review-glab-'));
    try {
      const shim = installGlabShim(d);
      const env = (host: string) => ({ PATH: `${shim.bin}:${process.env.PATH}`, SHIM_LOG: shim.log, SHIM_MODE: 'ok', FLYTE_API_KEY: KEY, GITLAB_HOST: host });
      const go = async (host: string) => {
        const m = memoryIO();
        const code = await main(['push', 'gitlab', '--repo', 'acme/app', '--yes'], m.io, env(host), d);
        return { code, out: m.stdout() + m.stderr() };
      };
      const bad = await go('http://gitlab.example.test');
      expect(bad.code).toBe(2);
      expect(bad.out).toMatch(/GITLAB_HOST is a plain http URL/);
      expect(glabCalls(shim.log).filter((c) => c.argv[0] === 'variable')).toEqual([]);
      assertNoCanary(bad.out, KEY);
      const ok = await go('https://gitlab.example.test');
      expect(ok.code).toBe(0);
      expect(glabCalls(shim.log).filter((c) => c.argv[0] === 'variable').map((c) => c.stdin)).toEqual([KEY]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('push jenkins through the shared HTTP client', () => {
  it('a Jenkins on a private CA (--ca-file) behind HTTPS_PROXY: stored through the tunnel, key and token never shown', async () => {
    const { makeTestPki } = await import('../servers/tls.js');
    const { createServer: httpsServer } = await import('node:https');
    const { createServer: netServer, connect } = await import('node:net');
    const pki = await makeTestPki();
    const bodies: string[] = [];
    const jenkins = httpsServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${b.includes(KEY) ? 'xml' : ''}`);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => jenkins.listen(0, '127.0.0.1', () => r()));
    const connects: string[] = [];
    const proxy = netServer((sock) => {
      sock.once('data', (head) => {
        const target = /^CONNECT (\S+) /.exec(head.toString('latin1'))?.[1];
        if (!target) return void sock.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        connects.push(target);
        const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
        const up = connect(port, host, () => {
          sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
          up.pipe(sock);
          sock.pipe(up);
        });
        up.on('error', () => sock.destroy());
        sock.on('error', () => up.destroy());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    try {
      const jport = (jenkins.address() as AddressInfo).port;
      const m = memoryIO();
      const code = await main(
        ['push', 'jenkins', '--url', `https://127.0.0.1:${jport}`, '--user', 'bot', '--ca-file', pki.caFile, '--yes'],
        m.io,
        { PATH: process.env.PATH, FLYTE_API_KEY: KEY, JENKINS_API_TOKEN: TOKEN, HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
        ROOT,
      );
      expect(m.stderr()).toBe('');
      expect(code).toBe(0);
      expect(connects).toEqual([`127.0.0.1:${jport}`]);
      expect(bodies).toEqual(['POST /credentials/store/system/domain/_/createCredentials xml']);
      assertNoCanary(m.stdout() + m.stderr(), KEY, TOKEN);
    } finally {
      jenkins.closeAllConnections();
      await new Promise<void>((r) => jenkins.close(() => r()));
      await new Promise<void>((r) => proxy.close(() => r()));
      await pki.cleanup();
    }
  });
});
