/**
 * src/services/rotation-secret.ts over a scripted process runner: the az calls it makes (argv never holds the
 * secret), the new credential found by diffing the list, GUID guards, and az's failures as one sentence.
 */
import { describe, expect, it } from 'vitest';
import { Az } from '../../src/services/az.js';
import type { ProcessRunner } from '../../src/services/process.js';
import { azSecretMaker } from '../../src/services/rotation-secret.js';

const APP = 'c0ffee00-0000-4000-8000-0000000000b1';
const OLD_ID = '01d00000-0000-4000-8000-0000000000e1';
const NEW_ID = '9e1d0001-0000-4000-8000-0000000000dd';
const SECRET = 'Q8~CANARY.secret_value-123';
const cred = (keyId: string, name: string) => ({ keyId, displayName: name, hint: 'abc', endDateTime: '2027-01-01T00:00:00Z', startDateTime: '2026-01-01T00:00:00Z', secretText: null });

function runner(answers: Array<{ stdout?: string; stderr?: string; exitCode?: number; notFound?: boolean }>) {
  const calls: string[][] = [];
  const proc: ProcessRunner = {
    run: async (_file, args) => {
      calls.push([...args]);
      const a = answers.shift() ?? {};
      return { stdout: a.stdout ?? '', stderr: a.stderr ?? '', exitCode: a.exitCode ?? 0, notFound: a.notFound ?? false, timedOut: false };
    },
  };
  return { proc, calls };
}

describe('azSecretMaker', () => {
  it('append: reset --append, the secret from stdout, the new keyId by diffing the list; no argv holds the secret', async () => {
    const r = runner([
      { stdout: JSON.stringify({ appId: APP, password: SECRET, tenant: 't' }) },
      { stdout: JSON.stringify([cred(OLD_ID, 'old'), cred(NEW_ID, 'flyte-ci-auth rotate 2026-12-05')]) },
    ]);
    const m = azSecretMaker(new Az(r.proc));
    const out = await m.append(APP, '2027-06-03', 'flyte-ci-auth rotate 2026-12-05', [OLD_ID]);
    expect(out.secret.reveal()).toBe(SECRET);
    expect(out.credential?.keyId).toBe(NEW_ID);
    expect(r.calls[0]).toEqual(['ad', 'app', 'credential', 'reset', '--id', APP, '--append', '--display-name', 'flyte-ci-auth rotate 2026-12-05', '--end-date', '2027-06-03', '--only-show-errors', '-o', 'json']);
    expect(r.calls.flat().join(' ')).not.toContain(SECRET);
  });

  it('remove and list refuse a non-GUID before running az; commands are printed as run', async () => {
    const r = runner([]);
    const m = azSecretMaker(new Az(r.proc));
    await expect(m.list('--only-show-errors')).rejects.toThrow(/not an Entra application \(client\) ID/);
    await expect(m.remove(APP, '--all')).rejects.toThrow(/not a credential keyId/);
    expect(r.calls).toEqual([]);
    expect(m.commands.remove(APP, OLD_ID)).toBe(`az ad app credential delete --id ${APP} --key-id ${OLD_ID}`);
    expect(m.commands.append(APP, '2027-06-03', 'flyte-ci-auth rotate 2026-12-05')).toBe(
      `az ad app credential reset --id ${APP} --append --display-name 'flyte-ci-auth rotate 2026-12-05' --end-date 2027-06-03`,
    );
  });

  it('az failures become one sentence with what to do; ready() is false without throwing', async () => {
    const out = runner([{ exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account." }, { notFound: true, exitCode: 127 }, { exitCode: 1, stderr: 'ERROR: Insufficient privileges to complete the operation.' }]);
    const m = azSecretMaker(new Az(out.proc));
    await expect(m.list(APP)).rejects.toThrow(/az ad app credential failed .*Sign in with `az login`/);
    expect(await m.ready()).toBe(false);
    await expect(m.remove(APP, OLD_ID)).rejects.toThrow(/may not manage this app registration/);
  });
});

describe('az failures are classified by their words, not by digits inside a URL', () => {
  it('a missing resource whose URL holds "403" (a port) is not-found; a bare 403 is forbidden', async () => {
    const notFound = runner([{ stderr: "ERROR: Resource 'https://127.0.0.1:40387' does not exist or one of its queried reference-property objects are not present.", exitCode: 3 }]);
    await expect(new Az(notFound.proc).findResource('https://127.0.0.1:40387')).rejects.toMatchObject({ kind: 'not-found' });
    const forbidden = runner([{ stderr: 'ERROR: Operation returned an invalid status code 403', exitCode: 1 }]);
    await expect(new Az(forbidden.proc).findResource('api://union')).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
