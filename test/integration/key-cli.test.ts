/**
 * `key encode` / `key decode` through the built bundle (run `npm run build` first): stdout, stderr, exit code.
 */
import { describe, expect, it } from 'vitest';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';
import { flyteSplit } from '../helpers/flyte-split.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const HOST = 'union.internal.acme.com';

/** No run of 6 or more consecutive characters of the secret (nor the secret in its usual encodings). */
function assertNoSecretFragment(text: string, secret = CANARY_SECRET): void {
  assertNoCanary(text, secret);
  for (let i = 0; i + 6 <= secret.length; i++) {
    const fragment = secret.slice(i, i + 6);
    if (text.includes(fragment)) throw new Error(`output contains 6 characters of the secret at offset ${i}`);
  }
}

const decodeWithFlyteRules = flyteSplit;

describe('key encode', () => {
  it('prints the key alone on stdout; one trailing newline of the piped secret is removed', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot', '--org', 'acme'], {
      input: `${CANARY_SECRET}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${b64(`${HOST}:ci-bot:${CANARY_SECRET}:acme`)}\n`);
    expect(r.stderr).toBe('');
    expect(decodeWithFlyteRules(r.stdout.trim())).toEqual([HOST, 'ci-bot', CANARY_SECRET, 'acme']);
  });

  it('normalises a pasted URL with a notice on stderr', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', ` https://${HOST}/ `, '--client-id', 'ci-bot', '--org', 'acme'], {
      input: CANARY_SECRET,
    });
    expect(r.code).toBe(0);
    expect(decodeWithFlyteRules(r.stdout.trim())[0]).toBe(HOST);
    expect(r.stderr).toBe(`note: endpoint: using the bare host "${HOST}" (removed surrounding whitespace, "https://" and the trailing "/").\n`);
  });

  it('drops the default port :443 of a pasted URL (flyte reaches a bare host on 443), but keeps refusing another port', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', `https://${HOST}:443/`, '--client-id', 'ci-bot', '--org', 'acme'], { input: CANARY_SECRET });
    expect(r.code).toBe(0);
    expect(decodeWithFlyteRules(r.stdout.trim())).toEqual([HOST, 'ci-bot', CANARY_SECRET, 'acme']);
    expect(r.stderr).toContain('the default port ":443"');
    const other = await runCli(['key', 'encode', '--endpoint', `${HOST}:8443`, '--client-id', 'ci-bot', '--org', 'acme'], { input: CANARY_SECRET });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^error: --endpoint: the endpoint contains a ":"/);
  });

  it('reports every bad value at once: the first as the error, the others as "also:" lines', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', `${HOST}:8443`, '--client-id', 'c:i', '--org', 'a me'], { input: CANARY_SECRET });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error: --endpoint: /);
    expect(lines.some((l) => /^also: --client-id: the client ID contains a ":"/.test(l))).toBe(true);
    expect(lines.some((l) => /^also: --org: the org contains whitespace/.test(l))).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('allows an empty org with a warning naming the org flyte will infer', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot'], { input: CANARY_SECRET });
    expect(r.code).toBe(0);
    expect(decodeWithFlyteRules(r.stdout.trim())).toEqual([HOST, 'ci-bot', CANARY_SECRET, '']);
    expect(r.stderr).toMatch(/^warning: the org is empty: flyte will infer the org "union" \(the first DNS label of the host\)\. .*UNION_ORG.*cross-org/);
  });

  it('reads the secret from the variable named by --client-secret-env', async () => {
    const r = await runCli(
      ['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot', '--org', 'acme', '--client-secret-env', 'MY_SECRET'],
      { env: { MY_SECRET: CANARY_SECRET } },
    );
    expect(r.code).toBe(0);
    expect(decodeWithFlyteRules(r.stdout.trim())[2]).toBe(CANARY_SECRET);
  });

  it.each([
    ['a port in the endpoint', ['--endpoint', `${HOST}:8443`], CANARY_SECRET, /the endpoint contains a ":" \(a port\?\): flyte .* read the port as the client ID/],
    ['a colon in the client ID', ['--client-id', 'ci:bot'], CANARY_SECRET, /the client ID contains a ":": flyte splits/],
    ['a colon in the secret', [], `${CANARY_SECRET}:x`, /the client secret contains a ":": .*only the part before it as the secret and the rest as the org/],
    ['a newline left in the secret', [], `${CANARY_SECRET}\n\n`, /the client secret ends with a newline \(the `echo` without `-n` mistake\)/],
    ['a newline inside the secret', [], `CANARY\ns3cr3t+/%~Zq9`, /the client secret contains whitespace/],
    ['a control character in the client ID', ['--client-id', 'ci\u001b[31mbot'], CANARY_SECRET, /the client ID contains an invisible control character/],
    ['a newline in the org', ['--org', 'acme\n'], CANARY_SECRET, /the org ends with a newline/],
    ['an empty secret', [], '', /the client secret is empty/],
    ['an empty client ID', ['--client-id', ''], CANARY_SECRET, /the client ID is empty/],
    ['an empty endpoint', ['--endpoint', ''], CANARY_SECRET, /the endpoint is empty/],
  ])('refuses %s: exit 2, the field named, nothing on stdout, none of the secret', async (_name, flags, secret, message) => {
    const defaults: Record<string, string> = { '--endpoint': HOST, '--client-id': 'ci-bot', '--org': 'acme' };
    for (let i = 0; i < flags.length; i += 2) defaults[flags[i]!] = flags[i + 1]!;
    const r = await runCli(['key', 'encode', ...Object.entries(defaults).flat()], { input: secret });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    assertNoSecretFragment(r.stderr);
  });

  it('accepts inner spaces and tabs in a secret (flyte carries them), warns only about leading/trailing ones', async () => {
    const inner = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot', '--org', 'acme'], { input: 'CANARY s3c\tr3t' });
    expect(inner.code, inner.stderr).toBe(0);
    expect(inner.stderr).toBe('');
    expect(decodeWithFlyteRules(inner.stdout.trim())[2]).toBe('CANARY s3c\tr3t');
    const around = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot', '--org', 'acme'], { input: ' CANARY-s3cr3t ' });
    expect(around.code).toBe(0);
    expect(around.stderr).toMatch(/warning: the client secret starts or ends with a space or tab/);
    expect(decodeWithFlyteRules(around.stdout.trim())[2]).toBe(' CANARY-s3cr3t ');
  });

  it('refuses invalid UTF-8 on stdin with exit 2 (never turned into U+FFFD)', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci-bot', '--org', 'acme'], { input: Buffer.from([0x61, 0xff, 0xfe, 0x62]) as unknown as string });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: what was piped on stdin is not UTF-8 text/);
    expect(r.stdout).toBe('');
  });

  it('refuses look-alike characters in the host and bidi characters in the org, as check does', async () => {
    const cyr = await runCli(['key', 'encode', '--endpoint', 'uniоn.acme.com', '--client-id', 'ci', '--org', 'acme'], { input: CANARY_SECRET });
    expect(cyr.code).toBe(2);
    expect(cyr.stderr).toMatch(/look-alike/);
    const bidi = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci', '--org', 'ac\u202eme'], { input: CANARY_SECRET });
    expect(bidi.code).toBe(2);
    expect(bidi.stderr).toMatch(/--org: .*invisible/);
  });

  it('key decode: secretLength counts code points as flyte does; the source is not named twice', async () => {
    const key = b64(`${HOST}:ci-bot:s😀e😀c:acme`);
    const json = await runCli(['key', 'decode', '--json'], { input: key });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).secretLength).toBe(5);
    const fromEnv = await runCli(['key', 'decode'], { env: { FLYTE_API_KEY: key } });
    expect(fromEnv.stdout).not.toContain('FLYTE_API_KEY from FLYTE_API_KEY');
    expect(fromEnv.stdout).toMatch(/^FLYTE_API_KEY \(from the environment\), as flyte reads it:/);
    expect(fromEnv.stdout).toMatch(/client secret +5 characters/);
  });

  it('refuses a secret given as a flag value without echoing it', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci', `--client-secret=${CANARY_SECRET}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/never taken from a flag value/);
    expect(r.stderr).toMatch(/--client-secret-env/);
    assertNoSecretFragment(r.stdout + r.stderr);
  });

  it('names the missing flags', async () => {
    const r = await runCli(['key', 'encode', '--client-id', 'ci'], { input: CANARY_SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Missing an answer: pass --endpoint HOST\./);
  });

  it('says where the secret comes from when the variable is not set', async () => {
    const r = await runCli(['key', 'encode', '--endpoint', HOST, '--client-id', 'ci', '--client-secret-env', 'NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the environment variable named by --client-secret-env is not set or empty \(it takes a NAME such as CLIENT_SECRET, not the secret itself\)\./);
    expect(r.stderr).not.toContain('NOPE');
  });

  it('rejects a missing or unknown subcommand with exit 2', async () => {
    for (const args of [['key'], ['key', 'frob']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: .*encode or decode/);
    }
  });
});

describe('key decode', () => {
  const good = b64(`${HOST}:ci-bot:${CANARY_SECRET}:acme`);

  it('reports what flyte will read, the secret only as its length (exit 0)', async () => {
    const r = await runCli(['key', 'decode'], { input: `${good}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FLYTE_API_KEY from stdin, as flyte reads it:\n/);
    expect(r.stdout).toContain(`  endpoint       "${HOST}"\n`);
    expect(r.stdout).toContain('  client ID      "ci-bot"\n');
    expect(r.stdout).toMatch(/ {2}client secret {2}20 characters \(fingerprint [0-9a-f]{8}\)\n/);
    expect(r.stdout).toContain('  org            "acme"\n');
    expect(r.stdout).toMatch(/OK: flyte reads this key as intended\.\n$/);
    expect(r.stderr).toBe('');
    assertNoSecretFragment(r.stdout);
  });

  it('--json prints exactly the documented shape', async () => {
    const r = await runCli(['key', 'decode', '--json'], { input: good });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['valid', 'endpoint', 'clientId', 'org', 'secretLength', 'problems']);
    expect(report).toEqual({ valid: true, endpoint: HOST, clientId: 'ci-bot', org: 'acme', secretLength: 20, problems: [] });
  });

  it('reads FLYTE_API_KEY when nothing is piped', async () => {
    const r = await runCli(['key', 'decode', '--json'], { env: { FLYTE_API_KEY: b64(`${HOST}:ci-bot:${CANARY_SECRET}:`) } });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.org).toBe('union');
    expect(report.problems.map((p: { code: string }) => p.code)).toEqual(['empty_org']);
  });

  it.each([
    ['no trailing colon', b64(`${HOST}:ci-bot:${CANARY_SECRET}`), ['wrong_field_count']],
    ['colon in the secret', b64(`${HOST}:ci-bot:CANARY-s3c:r3t+/%~Zq9:acme`), ['colon_in_org']],
    ['https:// scheme', b64(`https://${HOST}:ci-bot:${CANARY_SECRET}:`), ['scheme_in_endpoint']],
    ['dns:/// scheme', b64(`dns:///${HOST}:ci-bot:${CANARY_SECRET}:`), ['scheme_in_endpoint']],
    ['port', b64(`${HOST}:443:ci-bot:${CANARY_SECRET}:`), ['port_in_endpoint']],
    ['echo without -n', b64(`${HOST}:ci-bot:${CANARY_SECRET}:acme\n`), ['whitespace_in_field']],
    ['missing padding', b64(`${HOST}:ci-bot:${CANARY_SECRET}:a`).replace(/=+$/, ''), ['missing_padding']],
    ['URL-safe alphabet', b64(`${HOST}:ci-bot:${CANARY_SECRET}:acme`).replace(/\+/g, '-').replace(/\//g, '_'), ['url_safe_alphabet']],
    ['not base64', 'definitely not a key!', ['not_base64']],
  ])('%s: exit 1 with the stable problem code and none of the secret', async (_name, key, errorCodes) => {
    const r = await runCli(['key', 'decode', '--json'], { input: key });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    const codes = report.problems.map((p: { code: string }) => p.code);
    for (const c of errorCodes) expect(codes).toContain(c);
    assertNoSecretFragment(r.stdout + r.stderr);
    const human = await runCli(['key', 'decode'], { input: key });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/Not OK: flyte would not read this key as intended/);
    for (const c of errorCodes) expect(human.stdout).toContain(`error   ${c}: `);
    assertNoSecretFragment(human.stdout + human.stderr);
  });

  it('says flyte tolerates line wrapping and extra padding (exit 0)', async () => {
    const long = b64(`${'a'.repeat(60)}.acme.com:ci-bot:${CANARY_SECRET}:acme`);
    const wrapped = `${long.replace(/(.{76})/g, '$1\n')}=`;
    const r = await runCli(['key', 'decode', '--json'], { input: wrapped });
    expect(r.code).toBe(0);
    const codes = JSON.parse(r.stdout).problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('line_wrapped');
  });

  it('shows no fingerprint of a secret field that is short or came from a mis-split', async () => {
    for (const text of [`https://${HOST}:ci-bot:${CANARY_SECRET}:`, `${HOST}:ci-bot:CANARY-s3:cr3t+/%~Zq9:acme`, `${HOST}:ci-bot:short:acme`]) {
      const r = await runCli(['key', 'decode'], { input: b64(text) });
      expect(r.stdout).toMatch(/ {2}client secret {2}\d+ characters\n/);
      expect(r.stdout).not.toContain('fingerprint');
    }
  });

  it('shows control characters in fields escaped, never raw', async () => {
    const r = await runCli(['key', 'decode'], { input: b64(`${HOST}:ci\u001b[2Jbot:${CANARY_SECRET}:acme`) });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('"ci\\u001b[2Jbot"');
  });

  it('exit 2 when there is no key at all', async () => {
    const r = await runCli(['key', 'decode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no key to decode: pipe it on stdin or set FLYTE_API_KEY\./);
  });

  it('exit 2 for encode-only flags', async () => {
    const r = await runCli(['key', 'decode', '--org', 'x'], { input: good });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--org is for key encode/);
  });
});

describe('canary: no output but the encoded key carries the secret', () => {
  it('every run of key encode and key decode over good and bad inputs', async () => {
    const runs = [
      { args: ['key', 'encode', '--endpoint', HOST, '--client-id', 'ci', '--org', 'acme'], input: CANARY_SECRET, keyOnStdout: true },
      { args: ['key', 'encode', '--endpoint', `https://${HOST}:443/`, '--client-id', 'ci'], input: CANARY_SECRET },
      { args: ['key', 'encode', '--endpoint', HOST, '--client-id', 'ci'], input: `${CANARY_SECRET}:tail` },
      { args: ['key', 'encode', '--endpoint', HOST, '--client-id', 'ci', '--debug'], input: `${CANARY_SECRET}\r\n\n` },
      { args: ['key', 'decode'], input: b64(`${HOST}:ci:${CANARY_SECRET}:acme`) },
      { args: ['key', 'decode', '--json'], input: b64(`${HOST}:ci:${CANARY_SECRET}`) },
      { args: ['key', 'decode', '--json'], input: b64(CANARY_SECRET) },
      { args: ['key', 'decode', '--debug'], input: b64(`${HOST}:ci:CANARY-s3:cr3t+/%~Zq9:`) },
    ];
    for (const run of runs) {
      const r = await runCli(run.args, { input: run.input });
      assertNoSecretFragment(r.stderr);
      if (run.keyOnStdout) {
        // The one place the secret may be: the key itself, alone on stdout, decoding back to the secret.
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
        expect(decodeWithFlyteRules(r.stdout.trim())[2]).toBe(CANARY_SECRET);
      } else {
        assertNoSecretFragment(r.stdout);
      }
    }
  });
});
