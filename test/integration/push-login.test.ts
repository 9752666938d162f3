/**
 * Issue 11: gh installed but not logged in is one key away. The real gh 2.23 against the fake GitHub API with no
 * token: the push fails with a login problem; the flow offers `gh auth login --hostname HOST`, runs it on the
 * lent terminal (a stand-in `gh auth login` writes the token into gh's config, as the real one does), and the push
 * is retried and stored. The login child gets no secret in its argv or environment.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { withCliLogin } from '../../src/flow/cli-login.js';
import { createProcessRunner } from '../../src/services/process.js';
import { createCliLogin, loginNeedOf, runPush } from '../../src/services/push/index.js';
import { assertNoCanary, CANARY_SECRET } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { startFakeGithub, type FakeGithub } from '../servers/fake-github.js';

const realGh = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v gh'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();
const KEY = Buffer.from(`union.acme.com:ci-client:${CANARY_SECRET}:acme`).toString('base64');

let fake: FakeGithub;
let dir: string;
beforeAll(async () => {
  fake = await startFakeGithub({ repos: ['acme/app'] });
  dir = mkdtempSync(path.join(tmpdir(), 'push-login-'));
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!realGh)('push github with gh not logged in', () => {
  it('offers the login, runs it on the lent terminal, retries the push, and the secret is stored', async () => {
    const bin = path.join(dir, 'bin');
    const config = path.join(dir, 'ghconfig');
    for (const d of [bin, config, path.join(dir, 'home')]) mkdirSync(d, { recursive: true });
    const log = path.join(dir, 'login.log');
    // `gh auth login --hostname H` stand-in: records argv and env, stores the token as gh does; the rest is real gh.
    writeFileSync(
      path.join(bin, 'gh'),
      [
        '#!/bin/sh',
        'if [ "$1" = auth ] && [ "$2" = login ]; then',
        `  printf '%s\\n' "$@" > '${log}.argv'; env > '${log}.env'`,
        `  printf '"%s":\\n    oauth_token: ${fake.token}\\n    user: shim\\n    git_protocol: https\\n' "$4" > "$GH_CONFIG_DIR/hosts.yml"`,
        '  exit 0',
        'fi',
        `exec '${realGh}' "$@"`,
      ].join('\n'),
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    const { GH_ENTERPRISE_TOKEN: _token, ...ghEnv } = fake.ghEnv(config);
    const env = { ...ghEnv, HOME: path.join(dir, 'home'), PATH: `${bin}:${process.env.PATH}`, FLYTE_API_KEY: KEY };
    const proc = createProcessRunner(env);
    const p = new ScriptedPrompter([['cli-login', true]]);
    const reports: string[] = [];
    const { result, login } = await withCliLogin(
      p,
      createCliLogin(proc),
      async () => {
        const r = await runPush({ target: 'github', key: new Secret(KEY), repo: 'acme/app' }, { proc, env, cwd: dir });
        reports.push(r.problem?.code ?? r.action);
        return r;
      },
      loginNeedOf,
    );
    expect(reports[0]).toMatch(/bad_token|not_logged_in/);
    expect(login).toBe('logged-in');
    expect(result).toMatchObject({ ok: true, action: 'created' });
    expect(fake.secrets.get('acme/app||FLYTE_API_KEY')?.plaintext).toBe(KEY);
    expect(p.suspended).toBe(1);
    expect(readFileSync(`${log}.argv`, 'utf8')).toBe(`auth\nlogin\n--hostname\n${fake.host}\n`);
    const childEnv = readFileSync(`${log}.env`, 'utf8');
    expect(childEnv).not.toMatch(/^GH_PROMPT_DISABLED=/m);
    assertNoCanary(childEnv, KEY);
  });
});
