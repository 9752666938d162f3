/**
 * Journey 2 in the flow: the Entra admin-consent link, "keep checking" (countdown, attempts, Esc, what changed in
 * the token) with an injected clock, and the redacted report as a complete ticket.
 */
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/core/check-types.js';
import { adminConsentUrl, entraTenant } from '../../src/flow/consent.js';
import { claimChanges, consoleFixable, keepChecking } from '../../src/flow/keep-checking.js';
import { runSetup } from '../../src/flow/setup.js';
import { CANARY_SECRET } from '../helpers/cli.js';
import { BACK as BACK_, ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { CWD, fakes, fullScript, noSecretShown, report } from '../helpers/setup-fakes.js';

const TENANT = '7d0c1e5a-0000-4000-8000-00000000de00';

function entraReport(ok: boolean, roles?: string[]): CheckReport {
  const r = report(ok ? 'ok' : 'admin_consent_missing', {
    provider: 'entra',
    target: { tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, via: 'control-plane' },
  });
  r.token = { header: { alg: 'RS256', typ: 'JWT' }, claims: { tid: TENANT, idtyp: 'app', iat: ok ? 2 : 1, ...(roles ? { roles } : {}) }, expiresIn: 3600 };
  return r;
}

/** The interactive script up to the check, then the rest after it. */
function around(check: Array<[string, string | boolean | undefined]>) {
  const full = fullScript({ provider: 'entra' });
  return [...full.slice(0, 9), ...check, ...full.slice(9)];
}

describe('journey 2: the consent link', () => {
  it('the admin-consent URL for the tenant and client is shown as a link block beside the portal steps', async () => {
    const f = fakes({ check: (_o, n) => (n === 1 ? entraReport(false) : entraReport(true, ['Flyte.Deploy'])) });
    const p = new ScriptedPrompter(around([['admin-consent', undefined]]));
    await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    const link = p.shown.find((b) => b.kind === 'link');
    expect(link).toEqual({
      kind: 'link',
      title: expect.stringContaining('grant it by opening this link'),
      url: `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=ci-app`,
    });
  });

  it('the tenant comes from the token (tid) or the token URL; "common" is no tenant', () => {
    expect(entraTenant(entraReport(false))).toBe(TENANT);
    const byUrl = entraReport(false);
    byUrl.token = null;
    expect(entraTenant(byUrl)).toBe(TENANT);
    byUrl.target.tokenUrl = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
    byUrl.discovered = undefined;
    expect(entraTenant(byUrl)).toBeUndefined();
    expect(adminConsentUrl('contoso.onmicrosoft.com', 'a b')).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=a%20b');
  });
});

describe('journey 2: keep checking', () => {
  it('offered for console-fixable failures; re-checks until it passes and says the roles claim appeared', async () => {
    const f = fakes({ check: (_o, n) => (n < 4 ? entraReport(false) : entraReport(true, ['Flyte.Deploy'])) });
    const waits: number[] = [];
    f.services.clock.wait = async (ms) => void waits.push(ms);
    const p = new ScriptedPrompter(around([['admin-consent', '__esc__'], ['check-failed', 'watch']]).map(([id, a]) => [id, a === '__esc__' ? BACK_ : a]) as never);
    const result = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD });
    expect(result.check.ok).toBe(true);
    expect(f.checks).toHaveLength(4); // the first check, then attempts 1, 2 (fail) and 3 (pass)
    expect(waits.length).toBe(30); // 10 one-second ticks before each of the three attempts
    const lines = p.tasks.join('\n');
    expect(lines).toContain('Attempt 1 in 10 s');
    expect(lines).toContain('Attempt 3 in 1 s');
    expect(lines).toContain('Esc stops');
    const shown = p.text_();
    expect(shown).toContain('The check passed on attempt 3.');
    expect(shown).toContain('Token roles: appeared: [\\"Flyte.Deploy\\"]');
    const menu = p.asked.find((a) => a.id === 'check-failed')!.question as { choices: Array<{ value: string }> };
    expect(menu.choices[0]!.value).toBe('watch');
    expect(f.writes).toHaveLength(1);
    noSecretShown(p);
  });

  it('Esc stops the loop and returns to the menu', async () => {
    const f = fakes({ check: () => entraReport(false) });
    f.services.clock.wait = async () => {};
    const p = new ScriptedPrompter(around([['admin-consent', '__esc__'], ['check-failed', 'watch'], ['check-failed', 'quit']]).map(([id, a]) => [id, a === '__esc__' ? BACK_ : a]) as never);
    let attempts = 0;
    f.services.duringKeepChecking = async () => {
      attempts += 1;
      if (attempts === 2) p.taskAbort.abort();
    };
    await expect(runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD })).rejects.toThrow(/nothing was written/);
    expect(p.text_()).toContain('Stopped checking after 2 attempts.');
    expect(f.writes).toHaveLength(0);
  });

  it('not offered where a console fix cannot help (the host is unreachable)', () => {
    expect(consoleFixable(report('control_plane_unreachable'))).toBe(false);
    expect(consoleFixable(report('admin_consent_missing'))).toBe(true);
    expect(consoleFixable(report('grant_not_allowed'))).toBe(true);
  });

  it('keepChecking counts down in whole seconds and stops on the first pass', async () => {
    const lines: string[] = [];
    let n = 0;
    const r = await keepChecking({
      task: (_l, run) => run((line) => lines.push(line), new AbortController().signal),
      check: async () => (++n === 2 ? entraReport(true, ['A']) : entraReport(false)),
      last: entraReport(false),
      wait: async () => {},
      intervalMs: 3000,
    });
    expect(r).toMatchObject({ attempts: 2, passed: true, stopped: false });
    expect(lines.filter((l) => l.startsWith('Attempt 1 in'))).toEqual([expect.stringContaining('in 3 s'), expect.stringContaining('in 2 s'), expect.stringContaining('in 1 s')]);
  });

  it('claimChanges: appeared, gone, changed; timestamps left out', () => {
    const a = entraReport(false);
    const b = entraReport(true, ['X']);
    b.token!.claims.idtyp = 'user';
    expect(claimChanges(a, b)).toEqual(['idtyp: app → user', 'roles: appeared: ["X"]']);
    expect(claimChanges(b, a)).toEqual(['idtyp: user → app', 'roles: gone (was ["X"])']);
  });
});

describe('journey 2: the redacted report is a complete ticket', () => {
  it('header says no secret or token; versions, provider guess, diagnosis, decoded claims and the exchange are in it', async () => {
    const failing = entraReport(false);
    failing.exchange = ['POST https://login.microsoftonline.com/x/oauth2/v2.0/token', `client_secret=${CANARY_SECRET}`];
    const f = fakes({ check: () => failing });
    f.services.versions = { tool: '9.9.9', node: 'v20.99.0' };
    const p = new ScriptedPrompter([
      ...fullScript({ provider: 'entra' }).slice(0, 9),
      ['admin-consent', BACK_],
      ['check-failed', 'report'],
      ['report-file', 'ticket.txt'],
      ['check-failed', 'quit'],
    ] as never);
    await expect(runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD })).rejects.toThrow();
    const text = f.reports[0]!.text;
    expect(f.reports[0]!.file).toBe(`${CWD}/ticket.txt`);
    expect(text.split('\n')[1]).toMatch(/holds no client secret and no access token/);
    expect(text).toContain('flyte-ci-auth 9.9.9, Node v20.99.0');
    expect(text).toContain('Provider:      Microsoft Entra ID (chosen, and the token URL agrees)');
    expect(text).toContain('admin_consent_missing');
    expect(text).toContain('Decoded token (header and claims, no signature):');
    expect(text).toContain(`"tid": "${TENANT}"`);
    expect(text).toMatch(/HTTP exchange \(.*redacted\)/u);
    expect(text).not.toContain(CANARY_SECRET);
  });

  it('"Quit" after saving the report says the report is the one thing written, not "nothing was written"', async () => {
    const f = fakes({ check: () => entraReport(false) });
    const p = new ScriptedPrompter([
      ...fullScript({ provider: 'entra' }).slice(0, 9),
      ['admin-consent', BACK_],
      ['check-failed', 'report'],
      ['report-file', 'ticket.txt'],
      ['check-failed', 'quit'],
    ] as never);
    const err = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD }).catch((e: Error) => e);
    expect((err as Error).message).toBe(`Cancelled: nothing was written except the redacted report you saved (${CWD}/ticket.txt).`);
    expect(f.writes).toHaveLength(0);
  });
});
