/**
 * Text a first-time user reads (found by trying the built CLI as a new user): exact wording, through dist/.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('first-use text', () => {
  it('key decode says "1 character" for a one-character secret, "N characters" otherwise', async () => {
    const one = await runCli(['key', 'decode'], { input: b64('union.acme.com:ci:s:acme') });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('  client secret  1 character\n');
    const two = await runCli(['key', 'decode'], { input: b64('union.acme.com:ci:st:acme') });
    expect(two.stdout).toContain('  client secret  2 characters\n');
  });

  it('key decode of a one-field key says "length 5", not "lengths 5"', async () => {
    const r = await runCli(['key', 'decode'], { input: b64('hello') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the key holds 1 field (length 5) where flyte needs 4');
  });

  it('push with an invalid FLYTE_API_KEY names the key once, without a "(FLYTE_API_KEY (or --api-key-stdin))" tail', async () => {
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--dry-run'], { env: { FLYTE_API_KEY: 'garbage' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Not pushing: this FLYTE_API_KEY is not valid for flyte/);
    expect(r.stderr).toMatch(/build a new key with `flyte-ci-auth key encode`\.\n$/);
    expect(r.stderr).not.toContain('(FLYTE_API_KEY (or --api-key-stdin))');
  });

  it('push with a key that lacks its padding gives the reason after a colon, not in nested parentheses', async () => {
    const key = Buffer.from('union.acme.com:ci:s3cret:acme').toString('base64').replace(/=+$/, '');
    const r = await runCli(['push', 'github', '--repo', 'acme/app', '--dry-run'], { env: { FLYTE_API_KEY: key } });
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0]!;
    expect(first).toMatch(/^error: Not pushing: this FLYTE_API_KEY is not valid for flyte: the key lacks its "=" padding \(\d missing\)/);
    expect(first).not.toMatch(/\.\)\.$/);
  });

  it('check --help starts with "Usage:" like the other commands and keeps its description within 120 columns', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: flyte-ci-auth check \[flags\]\n/);
    expect(r.stdout).toContain('call UserInfo with it; then read the project deploy will use.');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('every command\'s --help starts with "Usage: flyte-ci-auth <command>"', async () => {
    for (const cmd of ['setup', 'check', 'key', 'config', 'push', 'instructions', 'rotate', 'client']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: flyte-ci-auth ${cmd} `)).toBe(true);
    }
  });

  it('an unknown flag with no command does not name a command the person never typed', async () => {
    const r = await runCli(['--projct', 'ml'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown flag --projct\nDid you mean --project\?\nWithout a command the wizard runs/);
    expect(r.stderr).not.toContain('for "setup"');
  });

  it('check --demo refuses a flag it would ignore (exit 2) instead of passing with it', async () => {
    const r = await runCli(['check', '--demo', '--timeout', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --demo runs its own servers and clients, so it takes no --timeout');
    expect(r.stdout).toBe('');
  });
});
