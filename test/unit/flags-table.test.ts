/**
 * One flag, one rule: each shared flag runs through every command that declares it (read from the command
 * modules themselves), in process through main(), and must be accepted or refused the same way everywhere.
 * Accepted values are recognised by the absence of a complaint about that flag (the command then stops for
 * another reason: nothing else was given).
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';
import { unknownFlagMessage } from '../../src/commands/flags.js';
import { didYouMean, parseHost, parseTimeout } from '../../src/core/validate.js';

/** Positionals a command needs before it looks at its flags. */
const PREFIX: Record<string, string[]> = { key: ['encode'], config: ['write'], push: ['github'], instructions: ['github'], client: ['create'] };

async function run(args: string[]) {
  const m = memoryIO({ stdinIsTTY: true });
  const code = await main(args, m.io, { NO_COLOR: '1' }, '/tmp');
  return { code, stderr: m.stderr(), stdout: m.stdout() };
}

const commandsWith = async (flag: string) => {
  const out: string[] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const { command } = await entry.load();
    if (command.options[flag]) out.push(name);
  }
  return out;
};

const TABLE: Array<{ flag: string; ok: string[]; bad: string[] }> = [
  { flag: 'timeout', ok: ['15', '15s', '2.5', '600'], bad: ['', '0x10', '1e-9', '0', '-1', '601', 'soon', '1e3'] },
  { flag: 'endpoint', ok: ['union.acme.com', 'https://union.acme.com/'], bad: ['uniоn.acme.com' /* Cyrillic о */, 'union.acme.com：443', 'union acme'] },
  { flag: 'provider', ok: ['okta', 'entra'], bad: ['azure', 'okra'] },
  { flag: 'auth-method', ok: ['basic', 'post'], bad: ['bsic'] },
  { flag: 'project', ok: ['ml', 'yes'], bad: ['a.b', 'm\u200bl'] },
  { flag: 'org', ok: ['acme'], bad: ['ac\u202eme', 'ac me'] },
];

describe('shared flags accept the same values in every command', () => {
  for (const { flag, ok, bad } of TABLE) {
    it(`--${flag}`, async () => {
      const commands = await commandsWith(flag);
      expect(commands.length, `commands with --${flag}`).toBeGreaterThan(0);
      // The flag, or the field it sets (instructions words it "The project …").
      const mentions = new RegExp(`--${flag}\\b|\\b${flag === 'endpoint' ? 'host' : flag}\\b`, 'i');
      for (const c of commands) {
        for (const value of bad) {
          const r = await run([c, ...(PREFIX[c] ?? []), `--${flag}`, value]);
          expect(r.code, `${c} --${flag} ${JSON.stringify(value)}: ${r.stderr}`).toBe(2);
          expect(r.stderr, `${c} --${flag} ${JSON.stringify(value)}`).toMatch(mentions);
          // Capped echo: never more than a line.
          expect(r.stderr.split('\n')[0]!.length).toBeLessThan(400);
        }
        for (const value of ok) {
          const r = await run([c, ...(PREFIX[c] ?? []), `--${flag}`, value]);
          expect(r.stderr.split('\n')[0], `${c} --${flag} ${JSON.stringify(value)} was refused`).not.toMatch(new RegExp(`^error: --${flag}\\b`));
        }
      }
    });
  }

  it('a comma- or space-separated --scope is split the same in every command that takes --scope', async () => {
    const { checkShapeFromArgs } = await import('../../src/commands/check-flags.js');
    const { answersFromArgs } = await import('../../src/commands/setup.js');
    const scopes = ['api://ci/.default,extra', 'all  more'];
    const expected = ['api://ci/.default', 'extra', 'all', 'more'];
    expect(checkShapeFromArgs({ scope: scopes }, '/tmp').scopes).toEqual(expected);
    const m = memoryIO();
    const a = await answersFromArgs({ values: { scope: scopes }, positionals: [] }, {
      io: m.io, env: {}, canPrompt: false, color: false, debug: false, json: false, yes: true, accessible: false,
      style: (await import('../../src/core/style.js')).createStyle(false), cwd: '/tmp',
    });
    expect(a.scopes).toEqual(expected);
  });

  it('a single-value flag given twice is refused with exit 2 in every command', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const { command } = await entry.load();
      const flag = Object.entries(command.options).find(([, s]) => s.type === 'string' && !s.multiple && !/secret/.test(String(s)))?.[0];
      if (!flag) continue;
      const r = await run([name, ...(PREFIX[name] ?? []), `--${flag}`, 'acme/app', `--${flag}`, 'evil/app']);
      expect(r.code, `${name} --${flag} twice: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: --${flag} was given more than once`));
    }
    const push = await run(['push', 'github', '--repo', 'acme/app', '--repo', 'evil/app']);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain('"acme/app", "evil/app"');
  });

  it('--idp-ca-file in setup: a missing file or one without a PEM certificate is refused (exit 2, the flag named); a PEM is accepted', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'fca-idp-ca-'));
    try {
      await writeFile(path.join(dir, 'not.pem'), 'hello\n');
      await writeFile(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      for (const bad of [path.join(dir, 'missing.pem'), path.join(dir, 'not.pem'), '']) {
        const r = await run(['setup', '--idp-ca-file', bad]);
        expect(r.code, `setup --idp-ca-file ${JSON.stringify(bad)}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/^error: --idp-ca-file\b/);
      }
      const ok = await run(['setup', '--idp-ca-file', path.join(dir, 'ca.pem')]);
      expect(ok.stderr.split('\n')[0]).not.toMatch(/^error: --idp-ca-file\b/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a 100 KB value is not echoed back in full', async () => {
    const r = await run(['check', '--timeout', 'x'.repeat(100_000)]);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});

describe('did you mean, and flags that do not exist on purpose', () => {
  it('unknown commands, flags and enum values get a suggestion', async () => {
    const cmd = await run(['chek']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('Did you mean: flyte-ci-auth check?');
    const flag = await run(['config', 'write', '--projet', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Did you mean --project?');
    const provider = await run(['setup', '--provider', 'azure']);
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain('Did you mean --provider entra?');
    const push = await run(['push', 'gitlb']);
    expect(push.stderr).toContain('Did you mean: push gitlab?');
    const ins = await run(['instructions', 'jenkns']);
    expect(ins.stderr).toContain('Did you mean: instructions jenkins?');
    expect(didYouMean('gitlb', ['github', 'gitlab'])).toBe('gitlab');
    expect(didYouMean('zzzz', ['github', 'gitlab'])).toBeUndefined();
  });

  it('--client-secret VALUE says why it does not exist and what to use, without echoing the value', async () => {
    for (const c of ['setup', 'check', 'rotate']) {
      const r = await run([c, '--client-secret', 'CANARY-s3cr3t']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/shell history/);
      expect(r.stderr).toMatch(/--client-secret-(stdin|env)/);
      expect(r.stderr + r.stdout).not.toContain('CANARY');
    }
    expect(unknownFlagMessage('--client-secret=x', 'key', {}).hint).toMatch(/stdin/);
  });

  it('help for an unknown command exits 2', async () => {
    const r = await run(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command "bogus"/);
  });
});

describe('the host rule and the timeout rule', () => {
  it.each([
    ['union.acme.com', true],
    ['union.acme.com:8443', true],
    ['[::1]:8443', true],
    ['127.0.0.1', true],
    ['union.acme.com:0', false],
    ['union.acme.com:65536', false],
    ['union.acme.com:99999', false],
    ['uniоn.acme.com', false],
    ['union.acme.com：443', false],
    ['union\u200b.acme.com', false],
    ['union_x.acme.com', false],
    ['-union.acme.com', false],
  ])('%s → %s', (host, ok) => {
    expect('code' in parseHost(host, { port: true })).toBe(!ok);
  });

  it('timeouts', () => {
    expect(parseTimeout('15s')).toBe(15_000);
    expect(parseTimeout('0.5')).toBe(500);
    for (const bad of ['', '0x10', '1e-9', '15ms', ' ', 'Infinity', 'NaN']) expect(typeof parseTimeout(bad)).toBe('object');
  });
});
