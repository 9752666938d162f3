/**
 * Every recorded identity-provider answer (test/fixtures/idp-errors: Entra, Okta, Keycloak, Auth0, Google,
 * proxies…) served by a small local HTTP server, and the BUILT `check --token-url` run against each: the
 * diagnosis code is the fixture's expectation, the exit code follows from it (0 when flyte would work, 1 when
 * not), and the output never holds the secret.
 * The first fixture of each provider runs the BUILT command as a child process (the bundle, argv, exit code);
 * the others run the same `main()` in-process (argument parsing, engine, --json view alike), which spares
 * ~140 Node start-ups (~30 s of a loaded 2-core machine) without changing what is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpErrorFixtures as fixtures, type IdpErrorFixture as Fixture } from '../fixtures/idp-errors/index.js';
import { startRecordedIdp } from '../servers/recorded-idp.js';
import { CANARY_SECRET, assertNoCanary, cleanEnv, runCli, type RunResult } from '../helpers/cli.js';
import { main } from '../../src/cli.js';
import { memoryIO } from '../../src/services/io.js';

let idp: Awaited<ReturnType<typeof startRecordedIdp>>;

beforeAll(async () => {
  idp = await startRecordedIdp();
});
afterAll(async () => {
  await idp?.close();
});

const codeOf = (f: Fixture): string => f.expect;

/** The first fixture of each provider goes through the built command; the rest in-process. */
const builtRun = new Set<string>();
for (const f of fixtures) if (![...builtRun].some((n) => fixtures.find((g) => g.name === n)?.provider === f.provider)) builtRun.add(f.name);

async function check(f: Fixture, args: string[], env: Record<string, string>): Promise<RunResult> {
  if (builtRun.has(f.name)) return runCli(args, { env });
  // What the child gets: the clean environment, stdin piped and empty (not a terminal).
  const m = memoryIO({ stdin: '' });
  const code = await main(args, m.io, cleanEnv(env), process.cwd());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('recorded IdP answers → diagnosis code and exit code', () => {
  it('there are fixtures for every provider', () => {
    const providers = new Set(fixtures.map((f) => f.provider));
    for (const p of ['entra', 'okta', 'keycloak', 'auth0', 'cognito', 'adfs', 'ping', 'generic']) expect(providers, p).toContain(p);
  });

  describe.concurrent.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name: string, f: Fixture) => {
    it('check --token-url gives the expected diagnosis', async () => {
      const aim = f.via === 'issuer' ? ['--issuer', idp.issuer(f.name)] : ['--token-url', idp.url(f.name)];
      const args = ['check', ...aim, '--client-id', 'ci-bot', '--client-secret-env', 'S', '--json'];
      if (f.provider !== 'generic') args.push('--provider', f.provider);
      const r = await check(f, args, { S: CANARY_SECRET });
      assertNoCanary(r.stdout + r.stderr);
      const j = JSON.parse(r.stdout);
      const want = codeOf(f);
      const works = want === 'ok' || want === 'opaque_token';
      if (want === 'opaque_token') {
        // A warning, not a failure: the diagnosis is ok and the warning says why the claims are not shown.
        expect(j.diagnosis.code).toBe('ok');
        expect(j.warnings.map((w: { code: string }) => w.code)).toContain('opaque_token');
      } else {
        expect(j.diagnosis.code, `${f.name}: ${j.diagnosis.title}`).toBe(want);
      }
      expect(r.code).toBe(works ? 0 : 1);
      expect(j.ok).toBe(works);
      expect(j.target).toEqual({ tokenUrl: idp.url(f.name), via: f.via ?? 'token-url' });
      // The provider's own words reach --json (issue 10 §7).
      if (f.providerError) expect(j.diagnosis.providerError).toBe(f.providerError);
      if (f.byWording) expect(j.diagnosis.detail).toMatch(/does not know the code ".+"; the diagnosis was chosen from the provider's own words/);
      if (want === 'unknown_error') {
        expect(typeof j.diagnosis.providerExcerpt).toBe('string');
        expect(j.diagnosis.providerExcerpt.length).toBeLessThanOrEqual(200);
        expect(j.diagnosis.providerExcerpt).not.toMatch(/\u001b/);
      }
      if (!works) {
        expect(j.diagnosis.fix.length, 'a failure has fix steps').toBeGreaterThan(0);
        expect(j.diagnosis.title).not.toBe('');
      }
      const words = [j.diagnosis.title, j.diagnosis.detail, ...j.diagnosis.fix, ...j.warnings.map((w: { message: string }) => w.message)].join('\n');
      expect(words, `${f.name} should mention ${f.fixMentions}`).toMatch(f.fixMentions);
    });
  });
});
