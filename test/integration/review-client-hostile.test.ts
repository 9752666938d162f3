/**
 * `client create` against a hostile registration server (a real local HTTP server): whatever it answers is
 * untrusted text. Control sequences (C0 and C1) never reach the terminal, --json escapes C1, and a registration
 * endpoint advertised as plain http on another host is refused with one clear message (no "unexpected failure").
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { startDemo, type Demo } from '../../src/demo/index.js';
import { memoryIO } from '../../src/services/io.js';
import { assertNoCanary } from '../helpers/cli.js';
import { BACK, CTRL_C, ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { CancelledError } from '../../src/core/errors.js';
import { runCreate } from '../../src/commands/client.js';
import { createStyle } from '../../src/core/style.js';
import type { CommandContext } from '../../src/commands/types.js';

const REG_TOKEN = 'REG-CANARY-5d1e0b7a';
const HOSTILE_ID = 'id-\u001b]52;c;SGVsbG8=\u0007-\u009b31m-\u001b[2J-end';
let demo: Demo;
let server: Server;
let base = '';
let registrationEndpoint = '';
let dir: string;
const seen: string[] = [];

beforeAll(async () => {
  demo = await startDemo({});
  dir = await mkdtemp(path.join(tmpdir(), 'review-client-'));
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/.well-known/openid-configuration')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token`, registration_endpoint: registrationEndpoint }));
      return;
    }
    if (req.method === 'POST' && req.url === '/reg') {
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ client_id: HOSTILE_ID, client_secret: 'SECRET-CANARY-44aa' }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A command context with --yes, as runCreate gets it; `canPrompt` as a terminal would set it. */
function contextFor(m: ReturnType<typeof memoryIO>, canPrompt: boolean): CommandContext {
  return {
    io: m.io,
    env: { PATH: process.env.PATH, REG_TOKEN },
    canPrompt,
    color: false,
    debug: false,
    json: false,
    yes: true,
    accessible: false,
    style: createStyle(false),
    cwd: dir,
  };
}

async function run(args: string[]) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: process.env.PATH, REG_TOKEN }, dir);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}
const aim = () => ['client', 'create', '--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--issuer', base, '--credential-env', 'REG_TOKEN', '--timeout', '10'];
// ESC, BEL and the C1 range: none may reach the terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('client create: a hostile registration answer', () => {
  it('a client_id full of control sequences is shown without them (text)', async () => {
    registrationEndpoint = `${base}/reg`;
    const r = await run([...aim(), '--secret-file', path.join(dir, 'a.secret'), '--yes', '--skip-check']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('id-');
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    assertNoCanary(r.stdout + r.stderr, REG_TOKEN, 'SECRET-CANARY-44aa');
  });

  it('--json escapes C1 characters (one document, parseable, no raw C1)', async () => {
    registrationEndpoint = `${base}/reg`;
    const r = await run([...aim(), '--secret-file', path.join(dir, 'b.secret'), '--yes', '--skip-check', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f]/);
    const j = JSON.parse(r.stdout);
    expect(j.clientId).toBe(HOSTILE_ID);
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it('a registration endpoint advertised as plain http on another host: refused in words, exit 1, nothing sent', async () => {
    registrationEndpoint = 'http://192.0.2.10/reg';
    const r = await run([...aim(), '--secret-file', path.join(dir, 'c.secret'), '--yes', '--skip-check']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/unexpected failure/);
    expect(r.stderr).toMatch(/plain http/);
    assertNoCanary(r.stdout + r.stderr, REG_TOKEN);
  });
});

describe('client create: where the new secret goes', () => {
  const registrations = () => seen.filter((l) => l === 'POST /reg').length;

  it('--secret-file inside a path that is not a folder: exit 2 before anything is created', async () => {
    registrationEndpoint = `${base}/reg`;
    await writeFile(path.join(dir, 'plain-file'), 'x');
    const before = registrations();
    const r = await run([...aim(), '--secret-file', path.join(dir, 'plain-file', 'ci.secret'), '--yes', '--skip-check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--secret-file: the folder .* does not exist/);
    expect(r.stderr).not.toMatch(/unexpected failure/);
    expect(registrations()).toBe(before);
  });

  it('--secret-file naming a dangling symlink: refused (exit 2), the link is left alone', async () => {
    registrationEndpoint = `${base}/reg`;
    const link = path.join(dir, 'dangling.secret');
    await symlink(path.join(dir, 'elsewhere', 'target'), link);
    const before = registrations();
    const r = await run([...aim(), '--secret-file', link, '--yes', '--skip-check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exists; name a new file/);
    expect(registrations()).toBe(before);
  });

  it('in a terminal, a secret file that exists is asked again, never overwritten; the new one is 0600', async () => {
    registrationEndpoint = `${base}/reg`;
    const existing = path.join(dir, 'existing.secret');
    await writeFile(existing, 'KEEP-ME\n');
    const m = memoryIO();
    const ctx = contextFor(m, true);
    const p = new ScriptedPrompter([
      ['client-name', 'ci-t'],
      ['secret-file', 'existing.secret'],
      ['secret-file', 'fresh.secret'],
    ]);
    const code = await runCreate(
      { values: { endpoint: demo.endpoint, 'ca-file': demo.caFile!, issuer: base, 'credential-env': 'REG_TOKEN', timeout: '10', 'skip-check': true }, positionals: ['create'] },
      ctx,
      { prompter: p },
    );
    expect(code).toBe(0);
    expect(p.remaining()).toEqual([]);
    expect(await readFile(existing, 'utf8')).toBe('KEEP-ME\n');
    expect((await readFile(path.join(dir, 'fresh.secret'), 'utf8')).trimEnd()).toBe('SECRET-CANARY-44aa');
    expect((await stat(path.join(dir, 'fresh.secret'))).mode & 0o777).toBe(0o600);
  });
});

describe('client create --keep-registration: a file that appears meanwhile', () => {
  it('is never replaced: the run stops halfway (exit 1) naming what exists; the file is untouched', async () => {
    // This server issues an RFC 7592 token, so there is something to keep.
    const keep = createServer((req, res) => {
      if (req.url?.startsWith('/.well-known/openid-configuration')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: keepBase, registration_endpoint: `${keepBase}/reg` }));
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ client_id: 'kept-1', client_secret: 'SECRET-CANARY-55bb', registration_access_token: 'RAT-CANARY-66cc', registration_client_uri: `${keepBase}/reg/kept-1` }));
      });
    });
    await new Promise<void>((r) => keep.listen(0, '127.0.0.1', () => r()));
    const keepBase = `http://127.0.0.1:${(keep.address() as AddressInfo).port}`;
    const regFile = path.join(dir, 'appears.registration.json');
    const { createHttpClient } = await import('../../src/services/http.js');
    const http = await createHttpClient({ caPem: demo.caPem, timeoutMs: 10_000, env: {} });
    try {
      // Someone (or something) creates the file while the registration request is in flight.
      const fetch: typeof http.fetch = async (url, init) => {
        if (String(url).endsWith('/reg') && init?.method === 'POST') await writeFile(regFile, 'USER-DATA\n');
        return http.fetch(url, init);
      };
      const m = memoryIO();
      const ctx = contextFor(m, false);
      let code: number | undefined;
      let error: Error | undefined;
      try {
        code = await runCreate(
          {
            values: { endpoint: demo.endpoint, issuer: keepBase, 'credential-env': 'REG_TOKEN', 'keep-registration': regFile, 'secret-file': path.join(dir, 'kept.secret'), 'skip-check': true },
            positionals: ['create'],
          },
          ctx,
          { fetch },
        );
      } catch (err) {
        error = err as Error;
      }
      expect(code).toBeUndefined();
      expect(error?.message).toMatch(/could not be written/);
      expect(error?.message).toMatch(/kept-1/);
      expect(await readFile(regFile, 'utf8')).toBe('USER-DATA\n');
      assertNoCanary(`${error?.message}\n${m.stdout()}${m.stderr()}`, 'RAT-CANARY-66cc', 'SECRET-CANARY-55bb', REG_TOKEN);
    } finally {
      await http.close();
      await new Promise<void>((r) => keep.close(() => r()));
    }
  });
});

describe('client create: an identity provider whose discovery is plain http on another host', () => {
  it('is refused before anything is read: whoever answers it would choose where the registration token goes', async () => {
    // A forward proxy on 127.0.0.1 that plays the network attacker for http://idp.example.test: it answers
    // discovery with a registration endpoint of its choosing (here a loopback server that records the token).
    const stolen: string[] = [];
    const attacker = createServer();
    const stealer = createServer((req, res) => {
      stolen.push(String(req.headers.authorization ?? ''));
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: 'x', client_secret: 'y' }));
    });
    const { createServer: netServer } = await import('node:net');
    const proxy = netServer((sock) => {
      sock.once('data', (head) => {
        const line = head.toString('latin1').split('\r\n')[0] ?? '';
        if (line.startsWith('CONNECT ')) {
          sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
          attacker.emit('connection', sock);
        } else {
          // Absolute-form request: hand the bytes to the attacker's server as they came.
          attacker.emit('connection', sock);
          sock.unshift(head);
        }
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => stealer.listen(0, '127.0.0.1', () => r()));
    const stealBase = `http://127.0.0.1:${(stealer.address() as AddressInfo).port}`;
    registrationEndpoint = `${stealBase}/reg`;
    attacker.removeAllListeners('request');
    attacker.on('request', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: 'http://idp.example.test', registration_endpoint: `${stealBase}/reg` }));
    });
    try {
      const m = memoryIO();
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const code = await main(
        ['client', 'create', '--endpoint', demo.endpoint, '--ca-file', demo.caFile!, '--issuer', 'http://idp.example.test', '--credential-env', 'REG_TOKEN', '--timeout', '10', '--secret-file', path.join(dir, 'mitm.secret'), '--yes', '--skip-check'],
        m.io,
        { PATH: process.env.PATH, REG_TOKEN, HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' },
        dir,
      );
      expect(stolen).toEqual([]);
      expect(code).not.toBe(0);
      expect(m.stderr()).toMatch(/plain http/);
      assertNoCanary(m.stdout() + m.stderr(), REG_TOKEN);
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
      stealer.closeAllConnections();
      await new Promise<void>((r) => stealer.close(() => r()));
    }
  });
});

describe('client create in a terminal: Ctrl-C at "which file?"', () => {
  it('leaves nothing behind: the question comes before anything is created', async () => {
    registrationEndpoint = `${base}/reg`;
    const before = seen.filter((l) => l === 'POST /reg').length;
    const m = memoryIO();
    const ctx = contextFor(m, true);
    const p = new ScriptedPrompter([
      ['client-name', 'ci-c'],
      ['secret-file', CTRL_C],
    ]);
    await expect(
      runCreate(
        { values: { endpoint: demo.endpoint, 'ca-file': demo.caFile!, issuer: base, 'credential-env': 'REG_TOKEN', timeout: '10', 'skip-check': true }, positionals: ['create'] },
        ctx,
        { prompter: p },
      ),
    ).rejects.toThrow();
    expect(seen.filter((l) => l === 'POST /reg').length).toBe(before);
  });
});

describe('client create in a terminal: Esc at "which file?"', () => {
  it('is a clean cancel (exit 130 "Nothing was created."), not an unexpected failure', async () => {
    registrationEndpoint = `${base}/reg`;
    const before = seen.filter((l) => l === 'POST /reg').length;
    const m = memoryIO();
    const p = new ScriptedPrompter([['secret-file', BACK]]);
    const err = await runCreate(
      { values: { endpoint: demo.endpoint, 'ca-file': demo.caFile!, issuer: base, 'credential-env': 'REG_TOKEN', timeout: '10', 'skip-check': true }, positionals: ['create'] },
      contextFor(m, true),
      { prompter: p },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe('Nothing was created.');
    expect(seen.filter((l) => l === 'POST /reg').length).toBe(before);
  });
});

describe('client create in a terminal: Esc at the client name', () => {
  it('is a clean cancel too', async () => {
    registrationEndpoint = `${base}/reg`;
    const m = memoryIO();
    const p = new ScriptedPrompter([
      ['secret-file', 'esc-name.secret'],
      ['client-name', BACK],
    ]);
    const err = await runCreate(
      { values: { endpoint: demo.endpoint, 'ca-file': demo.caFile!, issuer: base, 'credential-env': 'REG_TOKEN', timeout: '10', 'skip-check': true }, positionals: ['create'] },
      contextFor(m, true),
      { prompter: p },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
  });
});
