/**
 * Issue 11, journey 1, "Text wraps like text": the real blocks the wizard shows (check report, consent pause,
 * CI steps, summary), printed through the real prompter's show() at 60, 80 and 100 columns. No word is cut, no
 * continuation line gains a stray leading space, and every URL in the source text is whole on one line; a URL
 * that does not fit beside its indentation is on its own line, unindented.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/prompter.js';
import { providerGuide } from '../../src/core/providers-data.js';
import { checkReportBlocks } from '../../src/flow/check-view.js';
import { adminConsentUrl } from '../../src/flow/consent.js';
import { summaryBlocks } from '../../src/flow/setup/summary.js';
import type { SetupResult } from '../../src/flow/setup/types.js';
import { instructionsFor } from '../../src/services/instructions.js';
import { createInkPrompter } from '../../src/ui/prompter.js';
import { blocksToString } from '../../src/ui/components/Blocks.js';
import { Checklist } from '../../src/ui/components/Checklist.js';
import React from 'react';
import { FakeStdin, FakeStdout, inAct, plain, renderAt } from '../helpers/ink.js';
import { report } from '../helpers/setup-fakes.js';

beforeAll(async () => {
  await import('../../src/ui/ink-prompter.js');
});

const LONG_TOKEN_URL = 'https://login.microsoftonline.com/7d0c1e5a-0000-4000-8000-00000000de00/oauth2/v2.0/token';

/** The check report of an Entra consent failure, with a long token URL in the prose and the exchange. */
function checkBlocks(): Block[] {
  const r = report('missing_roles' as never, {
    provider: 'entra',
    target: { tokenUrl: LONG_TOKEN_URL, via: 'control-plane' },
    diagnosis: {
      code: 'missing_roles' as never,
      severity: 'error',
      title: 'The token carries no application permissions (admin consent missing)',
      detail: `The identity provider at ${LONG_TOKEN_URL} issued a token without a roles claim; flyte's control plane refuses such a token with permission_denied.`,
      fix: [
        `Open https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade and pick the app, then API permissions › Grant admin consent for the tenant.`,
        'Run `flyte-ci-auth check --endpoint union.acme.com --client-id ci-deployer --client-secret-stdin` again.',
      ],
      providerText: 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    },
    warnings: [{ code: 'expires_in_null' as never, message: 'The identity provider answered without expires_in; flyte assumes the token never expires and refreshes it only on a 401.' }],
  });
  return [{ kind: 'heading', text: 'Check failed' }, ...checkReportBlocks(r, [])];
}

function consentBlocks(): Block[] {
  const steps = providerGuide('entra').adminConsent ?? [];
  return [
    { kind: 'heading', text: 'Grant admin consent' },
    { kind: 'list', ordered: true, items: steps.map((st) => `${st.title}: ${st.where}${st.detail ? `. ${st.detail}` : ''}`) },
    { kind: 'link', title: 'An admin of the tenant can also grant it by opening this link:', url: adminConsentUrl('7d0c1e5a-0000-4000-8000-00000000de00', 'flyte-ci-demo') },
  ];
}

function ciBlocks(): Block[] {
  const ins = instructionsFor('gitlab', { project: 'flytesnacks', domain: 'development', repo: 'group/sub/project', host: 'gitlab.acme.com' });
  return [
    { kind: 'text', text: 'The wizard never prints FLYTE_API_KEY. To get the value for a CI settings page, build it yourself:' },
    { kind: 'heading', text: ins.title },
    { kind: 'list', ordered: true, items: ins.steps },
    { kind: 'code', title: ins.snippet.title, text: ins.snippet.text.trimEnd() },
  ];
}

function summary(): Block[] {
  const r: SetupResult = {
    status: 'push_failed',
    provider: 'entra',
    endpoint: 'union.acme.com',
    clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    org: 'acme',
    project: 'flytesnacks',
    domain: 'development',
    secretFingerprint: '1a2b3c4d',
    check: { ok: true, code: 'ok', title: 'flyte will authenticate with these credentials' },
    config: { path: '/work/repo/config.yaml', written: true, created: true, changes: [] },
    ci: {
      target: 'github',
      repo: 'acme/app',
      pushed: false,
      reason: 'gh is installed but not logged in to github.com; see https://cli.github.com/manual/gh_auth_login for the ways to log in',
    },
    rotationDue: '2026-03-04',
    next: ['git add config.yaml && git commit -m "flyte config for CI"', 'flyte --config config.yaml deploy <file.py|folder> [ENV_NAME]'],
    command: 'flyte-ci-auth setup --yes --provider entra --endpoint union.acme.com --client-id 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 --client-secret-stdin --org acme',
  };
  return summaryBlocks(r, 'config.yaml');
}

/** Every prose string of the blocks (what is wrapped), and every string that is printed as is. */
function proseOf(blocks: Block[]): string[] {
  return blocks.flatMap((b): string[] => {
    switch (b.kind) {
      case 'heading':
      case 'text':
        return [b.text];
      case 'list':
        return b.items;
      case 'table':
        return b.rows.flatMap((r) => [r.label, r.value]);
      case 'link':
        return [...(b.title ? [b.title] : []), b.url];
      case 'code':
      case 'diff':
        return b.title ? [b.title] : [];
    }
  });
}

const URLS = /https?:\/\/[^\s<>"'`)]+/gu;

function liveShow(columns: number) {
  const stdout = new FakeStdout(columns);
  const prompter = createInkPrompter({
    accessible: false,
    color: false,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    prepaint: false,
  });
  return { stdout, prompter };
}

describe('text wraps like text (issue 11, journey 1)', () => {
  const SETS: Array<[string, () => Block[]]> = [
    ['check report', checkBlocks],
    ['consent pause', consentBlocks],
    ['CI steps', ciBlocks],
    ['summary', summary],
  ];

  for (const columns of [60, 80, 100]) {
    for (const [name, make] of SETS) {
      it(`${name} at ${columns} columns: no word cut, no stray leading space, every URL whole on one line`, async () => {
        const blocks = make();
        const t = liveShow(columns);
        await inAct(() => t.prompter.show(...blocks));
        const out = plain(t.stdout.all);
        const lines = out.split('\n');
        const tokens = new Set(out.split(/\s+/u));
        // No word is cut: every word of the prose is a whole word of the output.
        for (const text of proseOf(blocks)) {
          for (const word of text.split(/\s+/u).filter(Boolean)) expect(tokens.has(word), `"${word}" (${name}, ${columns})`).toBe(true);
        }
        // Every URL of the source text is whole on one line; one that is wider than the window's room is unindented.
        for (const text of proseOf(blocks)) {
          for (const url of text.match(URLS) ?? []) {
            const line = lines.find((l) => l.includes(url));
            expect(line, url).toBeDefined();
            if (url.length > columns - 6) expect(line!.startsWith(url), `${url} on its own line`).toBe(true);
          }
        }
        // Prose lines fit the window unless they are one word (a URL or a command printed whole); code lines are whole.
        const codeLines = new Set(blocks.flatMap((b) => (b.kind === 'code' ? b.text.split('\n').map((l) => `  ${l}`) : [])));
        for (const line of lines) {
          if ([...line].length <= columns || codeLines.has(line)) continue;
          // One word, or one `command` in backticks (never broken at its spaces).
          expect(/^(\S+|`[^`]*`\S*)$/u.test(line), `over-wide line: ${line}`).toBe(true);
        }
        // No stray leading space: a line starts at column 0, or at the indentation of a list/table/mark column.
        for (const line of lines) {
          const indent = /^ */u.exec(line)![0].length;
          if (codeLines.has(line) || line === '') continue;
          expect([0, 2, 3, 4].includes(indent) || line.slice(indent - 2, indent) === '  ', `odd indent: "${line}"`).toBe(true);
        }
      });
    }
  }

  it('a continuation line never starts with a space; a word never breaks, whatever the width', () => {
    const text = 'Grant admin consent in the portal of the tenant, then press Enter and the wizard checks the credentials again at once.';
    for (let columns = 20; columns <= 100; columns++) {
      const lines = blocksToString([{ kind: 'text', text }], columns, { color: false, accessible: false }).split('\n');
      for (const line of lines) {
        expect(line.startsWith(' '), `${columns}: "${line}"`).toBe(false);
        expect([...line].length).toBeLessThanOrEqual(columns);
      }
      expect(lines.join(' ')).toBe(text);
    }
  });

  it('a `command` in backticks is never broken at its spaces; a too-wide one has its own unindented line', () => {
    const cmd = '`gh auth login --hostname github.acme.com --git-protocol https --web`';
    const lines = blocksToString([{ kind: 'list', items: [`Log in first: ${cmd}, then run the wizard again.`] }], 60, { color: false, accessible: false }).split('\n');
    expect(lines).toContain(`${cmd},`);
    expect(lines[0]).toBe('• Log in first:');
    expect(lines[2]).toBe('  then run the wizard again.');
  });

  it('with colour on, a URL on its own line is an OSC 8 link whose text is the URL', () => {
    const url = 'https://login.microsoftonline.com/7d0c1e5a-0000-4000-8000-00000000de00/adminconsent?client_id=flyte-ci-demo';
    const out = blocksToString([{ kind: 'text', text: `Open ${url} to grant it.` }], 60, { color: true, accessible: false });
    expect(out.split('\n')).toContain(`\u001b]8;;${url}\u0007${url}\u001b]8;;\u0007`);
  });

  it('a checklist console link that does not fit beside the indentation is on its own unindented line, whole', async () => {
    const link = 'https://entra.microsoft.com/#view/Microsoft_AAD_Registered';
    const items = [{ id: 'a', title: 'Register the app', detail: 'Entra ID › App registrations › New registration', link }];
    const r = await renderAt(<Checklist title="Create the app" items={items} onOutcome={() => {}} />, 60);
    const lines = r.frame().split('\n');
    expect(lines).toContain(link);
    expect(lines.find((l) => l.includes('Open:'))!.trim()).toBe('Open:');
    await r.unmount();
    const wide = await renderAt(<Checklist title="Create the app" items={items} onOutcome={() => {}} />, 100);
    expect(wide.frame()).toContain(`      Open: ${link}`);
    await wide.unmount();
  });

  it('a checklist detail with a URL wider than its indentation: the URL whole on its own unindented line, the rest indented', async () => {
    const url = 'https://cognito-idp.<region>.amazonaws.com/<user-pool-id>';
    const detail = `Cognito access tokens carry client_id and scope but no aud. Configure the control plane to trust the issuer ${url} and not to require an aud it will never see.`;
    const r = await renderAt(<Checklist title="Create the app" items={[{ id: 'a', title: 'Trust the issuer', detail }]} onOutcome={() => {}} />, 60);
    const lines = r.frame().split('\n');
    expect(lines).toContain(url);
    const body = lines.filter((l) => l.startsWith('      '));
    expect(body.length).toBeGreaterThan(1);
    for (const l of body) expect(l.slice(6).startsWith(' '), l).toBe(false);
    expect([...body.map((l) => l.trim()), url].join(' ').split(/\s+/u).sort()).toEqual(detail.split(/\s+/u).sort());
    await r.unmount();
  });

  it('a mark or bullet before a URL that needs its own line is kept on the line above it', () => {
    const url = `https://example.com/${'a'.repeat(70)}`;
    const ui = { color: false, accessible: false };
    expect(blocksToString([{ kind: 'text', tone: 'error', text: `${url} refused the request` }], 60, ui).split('\n')).toEqual(['✖', url, '  refused the request']);
    expect(blocksToString([{ kind: 'list', items: [url] }], 60, ui).split('\n')).toEqual(['•', url]);
  });
});
