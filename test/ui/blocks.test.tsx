import React from 'react';
import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { Blocks } from '../../src/ui/components/Blocks.js';
import { Checklist } from '../../src/ui/components/Checklist.js';
import { Select } from '../../src/ui/components/Select.js';
import { TextField } from '../../src/ui/components/TextField.js';
import type { Block } from '../../src/core/prompter.js';
import { KEY, plain, renderAt, renderUi, widest } from '../helpers/ink.js';

const SUMMARY: Block[] = [
  { kind: 'heading', text: 'Credentials work' },
  { kind: 'text', text: 'Token accepted by the control plane.', tone: 'success' },
  { kind: 'text', text: 'The secret expires in 20 days.', tone: 'warning' },
  { kind: 'text', text: 'Admin consent is missing.', tone: 'error' },
  { kind: 'list', items: ['Open the portal', 'Grant admin consent'], ordered: true },
  { kind: 'list', items: ['one', 'two'] },
  {
    kind: 'table',
    rows: [
      { label: 'iss', value: 'https://login.microsoftonline.com/0000-1111/v2.0' },
      { label: 'aud', value: 'api://union-control-plane' },
      { label: 'roles', value: 'all' },
    ],
  },
  { kind: 'code', title: '.github/workflows/deploy.yml', text: 'env:\n  FLYTE_API_KEY: ${{ secrets.FLYTE_API_KEY }}\n' },
  {
    kind: 'diff',
    title: 'config.yaml',
    lines: [
      { op: ' ', text: 'admin:' },
      { op: '-', text: '  endpoint: dns:///old.acme.com' },
      { op: '+', text: '  endpoint: dns:///union.acme.com' },
    ],
  },
];

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

describe('Blocks', () => {
  it('renders every block kind readably without colour', async () => {
    const r = await renderUi(<Blocks blocks={SUMMARY} />);
    const f = r.frame();
    expect(f).toContain('Credentials work');
    expect(f).toContain('✔ Token accepted by the control plane.');
    expect(f).toContain('! The secret expires in 20 days.');
    expect(f).toContain('✖ Admin consent is missing.');
    expect(f).toMatch(/1\. Open the portal\n2\. Grant admin consent/u);
    expect(f).toContain('• one');
    expect(f).toMatch(/^iss\s+https:\/\/login\.microsoftonline\.com\/0000-1111\/v2\.0$/mu);
    expect(f).toMatch(/^roles\s+all$/mu);
    expect(f).toContain('.github/workflows/deploy.yml\n  env:\n    FLYTE_API_KEY: ${{ secrets.FLYTE_API_KEY }}');
    expect(f).toContain('  admin:\n-   endpoint: dns:///old.acme.com\n+   endpoint: dns:///union.acme.com');
    expect(r.rawFrame()).not.toMatch(/\u001b\[/u);
    await r.unmount();
  });

  it('colours the diff (+ green, - red) and tones when colour is on', async () => {
    chalk.level = 1; // the test environment sets FORCE_COLOR=0; the real CLI leaves chalk's own detection on
    const r = await renderUi(<Blocks blocks={SUMMARY} />, { color: true, accessible: false });
    const raw = r.rawFrame();
    expect(raw).toContain('\u001b[32m+   endpoint: dns:///union.acme.com');
    expect(raw).toContain('\u001b[31m-   endpoint: dns:///old.acme.com');
    expect(raw).toContain('\u001b[33m');
    await r.unmount();
  });

  it('emits no colour at all when colour is off, even if chalk could', async () => {
    chalk.level = 3;
    const r = await renderUi(<Blocks blocks={SUMMARY} />, { color: false, accessible: false });
    expect(r.rawFrame()).not.toMatch(/\u001b\[[0-9;]*m/u);
    await r.unmount();
  });

  it('strips control sequences from server-provided text', async () => {
    const r = await renderUi(
      <Blocks blocks={[{ kind: 'text', text: 'invalid_client\u001b]8;;http://evil\u0007 click\u001b]8;;\u0007\u001b[2J' }, { kind: 'table', rows: [{ label: 'error', value: 'bad\u001b[31m red' }] }]} />,
    );
    expect(r.rawFrame()).not.toContain('\u001b');
    expect(r.frame()).toContain('invalid_client click');
    await r.unmount();
  });
});

describe('narrow terminals (60 columns) and resize', () => {
  const longHelp =
    'Paste the control-plane domain from your browser address bar; a full URL is fine, the scheme and path are dropped automatically.';

  it('blocks wrap within 60 columns, the table keeps its label column', async () => {
    const r = await renderAt(<Blocks blocks={SUMMARY} columns={60} />, 60);
    const f = r.frame();
    expect(widest(f)).toBeLessThanOrEqual(60);
    expect(f).toContain('iss');
    expect(f.replace(/\s+/gu, '')).toContain('https://login.microsoftonline.com/0000-1111/v2.0');
    await r.unmount();
  });

  it('a select with long hints and a text field with long help stay within 60 columns', async () => {
    const s = await renderAt(
      <Select
        message="Identity provider"
        help={longHelp}
        choices={[{ value: 'generic', label: 'Other OIDC provider', hint: 'any IdP that supports the client_credentials grant and a custom audience' }]}
        onOutcome={() => {}}
      />,
      60,
    );
    expect(widest(s.frame())).toBeLessThanOrEqual(60);
    expect(s.frame().replace(/\s+/gu, ' ')).toContain('client_credentials grant and a custom audience');
    await s.unmount();
    const t = await renderAt(<TextField message="Control-plane domain" help={longHelp} validate={() => 'This is a long validation message that has to wrap at sixty columns cleanly.'} onOutcome={() => {}} />, 60);
    await t.write('x');
    expect(widest(t.frame())).toBeLessThanOrEqual(60);
    expect(t.frame().replace(/\s+/gu, ' ')).toContain('has to wrap at sixty columns cleanly.');
    await t.unmount();
  });

  it('a checklist reflows when the terminal narrows from 100 to 60 columns', async () => {
    const items = [
      {
        id: 'policy',
        title: 'Add an access policy rule to the custom authorization server allowing client_credentials with scope all',
        detail: 'Security › API › Authorization Servers › (your server) › Access Policies › Add Rule',
        link: 'https://acme-admin.okta.com/admin/oauth2/as',
      },
    ];
    const r = await renderAt(<Checklist title="Okta" items={items} onOutcome={() => {}} />, 100);
    expect(widest(r.frame())).toBeGreaterThan(60);
    await r.resize(60);
    expect(widest(r.frame())).toBeLessThanOrEqual(60);
    expect(r.frame().replace(/\s+/gu, ' ')).toContain('client_credentials with scope all');
    await r.write(KEY.enter);
    expect(plain(r.stdout.lastFrame())).toContain('[x]');
    await r.unmount();
  });

  it('80×24: the longest built-in checklist fits in 24 rows', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({
      id: `s${i}`,
      title: `Step ${i + 1}: something to do in the admin console`,
      detail: 'Menu › Submenu › Field name, exactly as the console spells it',
      link: 'https://example.com/admin/console/path',
    }));
    const r = await renderAt(<Checklist title="Create the app" items={items} help="One app per team is safer when several teams share the cluster." onOutcome={() => {}} />, 80);
    expect(r.frame().split('\n').length).toBeLessThanOrEqual(24);
    expect(widest(r.frame())).toBeLessThanOrEqual(80);
    await r.unmount();
  });
});

describe('one view of a check report (issue 12 §4)', () => {
  const report = {
    ok: false,
    diagnosis: { code: 'org_mismatch', severity: 'error', title: 'The org does not match', detail: 'Cross-org.', fix: ['Use UNION_ORG.', 'Run again.'], providerText: 'permission_denied: cross-org' },
    warnings: [{ code: 'expires_in_null', message: 'expires_in is null.' }],
    token: { header: { alg: 'RS256', kid: 'k1' }, claims: {}, expiresIn: 3600 },
    http: { status: 200 },
    target: { tokenUrl: 'https://idp/token', via: 'control-plane' },
    provider: 'generic',
    steps: [
      { id: 'first-call', status: 'ok', summary: 'Without a token the control plane answers 401: flyte authenticates' },
      { id: 'project', status: 'failed', summary: 'The control plane refused org "x"' },
    ],
    claimRows: [{ label: 'aud', value: 'https://union.example' }],
    exchange: ['> POST https://idp/token'],
  } as unknown as import('../../src/core/check-types.js').CheckReport;

  it('the plain text of `check` and the Ink rendering come from the same blocks, with the same content', async () => {
    const { checkReportBlocks, renderReportText, reportBlocks } = await import('../../src/flow/check-view.js');
    const { createStyle } = await import('../../src/core/style.js');
    const blocks = checkReportBlocks(report, []);
    expect(reportBlocks(report, [])).toEqual(blocks);
    const text = renderReportText(report, createStyle(false));
    const r = await renderUi(<Blocks blocks={blocks} />);
    const frame = r.frame();
    for (const needle of [
      '✓ Without a token the control plane answers 401: flyte authenticates',
      '✗ The control plane refused org "x"',
      'alg=RS256, kid=k1',
      'FAILED: The org does not match [org_mismatch]',
      'The server said: permission_denied: cross-org',
      'Use UNION_ORG.',
      'expires_in is null. [expires_in_null]',
    ]) {
      expect(text, needle).toContain(needle);
      expect(frame, needle).toContain(needle);
    }
    await r.unmount();
  });

  it('the check command keeps no renderer of its own', async () => {
    const mod = await import('../../src/commands/check.js');
    expect(Object.keys(mod).sort()).toEqual(['command', 'optionsFromArgs']);
  });
});
