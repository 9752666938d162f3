import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('command shell', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flyte-ci-auth \d+\.\d+\.\d+\n$/);
  });

  it('--help lists every command with an example', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['setup', 'check', 'key', 'config', 'push', 'instructions', 'rotate']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(r.stdout.match(/\n {16}e\.g\. \S/g)?.length).toBe(7);
  });

  it('an unknown command is a usage error: one line plus the usage line, exit 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown command "frobnicate"\nUsage: flyte-ci-auth [command] [flags]   (flyte-ci-auth --help lists the commands)\n');
    expect(r.stdout).toBe('');
  });

  it('an unknown flag is a usage error without a stack trace', async () => {
    const r = await runCli(['key', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown flag --frobnicate for "key"\nUsage: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the usage line after a bad flag is printed once, for every command', async () => {
    for (const c of ['setup', 'check', 'key', 'config', 'push', 'instructions', 'rotate']) {
      const r = await runCli([c, '--frobnicate']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: unknown flag --frobnicate for "${c}"\nUsage: flyte-ci-auth ${c}`));
      expect(r.stderr).not.toContain('Usage: Usage:');
    }
  });

  it('a missing answer names the flags; only commands that can ask say why they did not', async () => {
    const key = await runCli(['key', 'encode', '--client-id', 'ci'], { input: 'x' });
    expect(key.code).toBe(2);
    expect(key.stderr).toBe('error: Missing an answer: pass --endpoint HOST.\n');
    const check = await runCli(['check', '--client-id', 'ci']);
    expect(check.stderr).toContain('pass --client-secret-stdin or --client-secret-env NAME.');
    const setup = await runCli(['setup', '--endpoint', 'union.acme.com']);
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/In a terminal this is asked instead/);
  });
});
