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
    for (const c of ['setup', 'check', 'key', 'config', 'push', 'instructions', 'rotate', 'client']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(r.stdout.match(/\n {16}e\.g\. \S/g)?.length).toBe(8);
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
    // key encode asks in a terminal (as gh secret set does), so it says why it did not.
    expect(key.stderr).toMatch(/^error: Missing an answer: pass --endpoint HOST\.\nIn a terminal this is asked instead/);
    const check = await runCli(['check', '--client-id', 'ci']);
    expect(check.stderr).toContain('pass --client-secret-stdin or --client-secret-env NAME.');
    const setup = await runCli(['setup', '--endpoint', 'union.acme.com']);
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/In a terminal this is asked instead/);
  });

  it('flags with values and no command go to the wizard, not to "unknown command"', async () => {
    const r = await runCli(['--project', 'ml', '--domain', 'development']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Missing answers: pass --endpoint/);
    expect(r.stderr).not.toContain('unknown command');
  });

  it('help CMD prints that command\'s help', async () => {
    const r = await runCli(['help', 'rotate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/flyte-ci-auth rotate/);
    expect(r.stdout).not.toContain('Commands:');
  });

  it('a reader that goes away (| head -1) ends the command quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const stderr = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
      child.stdout.destroy(); // the reader is gone before the first write
      child.on('close', () => resolve(err));
    });
    expect(stderr).not.toMatch(/EPIPE|at .*cli\.js/);
  });

  it('flag value errors say what to do', async () => {
    const missing = await runCli(['check', '--endpoint']);
    expect(missing.stderr).toMatch(/^error: flag --endpoint needs a value\n/);
    const dash = await runCli(['check', '--timeout', '-5']);
    expect(dash.stderr).toMatch(/^error: flag --timeout needs a value; one that starts with "-" goes as --timeout=VALUE\n/);
    const extra = await runCli(['check', '--verbose=1']);
    expect(extra.stderr).toMatch(/^error: flag --verbose does not take a value\n/);
    for (const r of [missing, dash, extra]) expect(r.code).toBe(2);
  });
});
