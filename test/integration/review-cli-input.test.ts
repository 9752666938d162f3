/**
 * Bad or missing input on the new commands: one clear message, exit 2, the right flag named, all at once.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';
import { assertNoCanary, ROOT } from '../helpers/cli.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const m = memoryIO();
  const code = await main(args, m.io, { PATH: process.env.PATH, ...env }, ROOT);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('client: input errors', () => {
  it('--credential-env with an unset variable: the hint shows --credential-env, not --client-secret-env', async () => {
    const r = await run(['client', 'create', '--endpoint', 'union.example.com', '--credential-env', 'NOT_SET_ANYWHERE', '--secret-file', '/tmp/review-x.secret', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--credential-env/);
    expect(r.stderr).not.toMatch(/--client-secret-env/);
  });

  it('--credential-env given the token itself: refused without echoing it, hint for --credential-env', async () => {
    const token = 'eyJ-TOKEN CANARY-77';
    const r = await run(['client', 'create', '--endpoint', 'union.example.com', '--credential-env', token, '--secret-file', '/tmp/review-y.secret', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/--client-secret-env/);
    assertNoCanary(r.stdout + r.stderr, token);
  });

  it('client delete --client-id alone: --endpoint, --credential-env and --yes named in one message', async () => {
    const r = await run(['client', 'delete', '--client-id', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing answers: pass --endpoint HOST, --credential-env NAME, --yes\./);
  });
});
