/**
 * --client-secret-env takes a variable NAME. Users sometimes pass the secret itself
 * (`--client-secret-env "$SECRET"`); no error message may echo that value, whether or not it looks like a name.
 */
import { describe, expect, it } from 'vitest';
import { assertNoCanary, CANARY_SECRET, runCli } from '../helpers/cli.js';

// Looks like a variable name (passes the name check) but is not set: the "not set" message must not echo it.
const NAME_LIKE_CANARY = 'Zq9NameLikeCanarySecret_7xK';

const COMMANDS: Array<[string, string[]]> = [
  ['key encode', ['key', 'encode', '--endpoint', 'union.example.com', '--client-id', 'ci']],
  ['check', ['check', '--endpoint', 'union.example.com', '--client-id', 'ci']],
  ['rotate', ['rotate', '--push', 'none']],
  ['setup', ['setup', '--provider', 'okta', '--endpoint', 'union.example.com', '--client-id', 'ci', '--yes']],
];

describe('--client-secret-env never echoes its value', () => {
  for (const [name, base] of COMMANDS) {
    for (const value of [CANARY_SECRET, NAME_LIKE_CANARY]) {
      it(`${name} with ${value === CANARY_SECRET ? 'a secret-shaped' : 'a name-shaped'} value`, async () => {
        const r = await runCli([...base, '--client-secret-env', value], {
          env: { FLYTE_API_KEY: Buffer.from(`union.example.com:ci:${CANARY_SECRET}x:`).toString('base64') },
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--client-secret-env/);
        expect(r.stderr).toMatch(/NAME/);
        assertNoCanary(r.stdout + r.stderr, NAME_LIKE_CANARY);
        // partial echoes (e.g. the first 8 characters) count too
        expect(r.stdout + r.stderr).not.toContain(CANARY_SECRET.slice(0, 8));
        expect(r.stdout + r.stderr).not.toContain(NAME_LIKE_CANARY.slice(0, 8));
      });
    }
  }
});
