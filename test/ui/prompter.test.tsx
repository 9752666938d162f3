/**
 * The Ink Prompter end to end in-process: one Ink render per question over fake terminal streams,
 * answers resolve the awaited call, Esc → BackSignal, Ctrl-C → CancelledError. Raw mode stays on from the first
 * question to close() (keys typed between questions are neither echoed nor lost), and close() leaves it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.js';
import { BackSignal, type Prompter } from '../../src/core/prompter.js';
import { Secret } from '../../src/core/secret.js';
import { createInkPrompter } from '../../src/ui/prompter.js';
import { confirmFrame, rowsOf, selectFrame, textFrame } from '../../src/ui/prepaint.js';
import { FakeStdin, FakeStdout, KEY, VirtualTerminal, inAct, plain } from '../helpers/ink.js';
import { act } from 'react';

const CANARY = 'CANARY-s3cr3t+/%~Zq9';

function make(opts: { accessible?: boolean; color?: boolean; columns?: number } = {}) {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(opts.columns ?? 100);
  const prompter = createInkPrompter({
    accessible: opts.accessible ?? false,
    color: opts.color ?? false,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    debug: true,
  });
  const type = (data: string) => inAct(() => stdin.write(data));
  const screen = () => plain(stdout.all);
  return { stdin, stdout, prompter, type, screen };
}

/** Start a question inside act() and return its promise (settled state checked with `settle`). */
async function ask<T>(fn: () => Promise<T>): Promise<{ p: Promise<T> }> {
  const { value } = await inAct(fn);
  value.catch(() => undefined);
  return { p: value };
}

const PROVIDERS = [
  { value: 'okta', label: 'Okta' },
  { value: 'entra', label: 'Microsoft Entra ID' },
  { value: 'keycloak', label: 'Keycloak' },
];

// The Ink implementation loads lazily on the first question; load it once so every test starts the same way.
beforeAll(async () => {
  await import('../../src/ui/ink-prompter.js');
});

describe('createInkPrompter', () => {
  it('select resolves with the chosen value and leaves one summary line; raw mode is off after close()', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.select({ id: 'provider', message: 'Provider', choices: PROVIDERS }));
    expect(t.stdin.isRaw).toBe(true);
    await t.type(KEY.down);
    await t.type(KEY.enter);
    await expect(p).resolves.toBe('entra');
    expect(plain(t.stdout.lastFrame())).toBe('✔ Provider: Microsoft Entra ID');
    await inAct(() => t.prompter.close());
    expect(t.stdin.isRaw).toBe(false);
  });

  it('chunked Down Down Enter through the real prompter selects the third item', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.select({ id: 'provider', message: 'Provider', choices: PROVIDERS }));
    await t.type(KEY.down + KEY.down + KEY.enter);
    await expect(p).resolves.toBe('keycloak');
  });

  it('questions run one after another, each its own render', async () => {
    const t = make();
    const { p: a } = await ask(() => t.prompter.text({ id: 'endpoint', message: 'Control-plane domain' }));
    await t.type('union.acme.com\r');
    await expect(a).resolves.toBe('union.acme.com');
    const { p: b } = await ask(() => t.prompter.confirm({ id: 'write', message: 'Write config.yaml?' }));
    await t.type('n');
    await expect(b).resolves.toBe(false);
    expect(t.screen()).toContain('✔ Control-plane domain: union.acme.com');
    expect(t.screen()).toContain('✔ Write config.yaml: No');
  });

  it('secret resolves with a Secret; no frame ever contains part of it', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.secret({ id: 'secret', message: 'Client secret' }));
    for (const ch of CANARY) await t.type(ch);
    await t.type(KEY.enter);
    const secret = await p;
    expect(secret).toBeInstanceOf(Secret);
    expect(secret.reveal()).toBe(CANARY);
    const all = t.stdout.all;
    for (let i = 0; i + 3 <= CANARY.length; i++) expect(all).not.toContain(CANARY.slice(i, i + 3));
    expect(plain(t.stdout.lastFrame())).toBe('✔ Client secret: •••• (20 characters)');
  });

  it('a pasted secret "  value \\r\\n" is trimmed and submitted', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.secret({ id: 'secret', message: 'Client secret' }));
    await t.type(`  ${CANARY} \r\n`);
    expect((await p).reveal()).toBe(CANARY);
  });

  it('Esc rejects with BackSignal', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.text({ id: 'org', message: 'Org' }));
    await t.type('acme');
    await t.type(KEY.esc);
    await expect(p).rejects.toBeInstanceOf(BackSignal);
    await inAct(() => t.prompter.close());
    expect(t.stdin.isRaw).toBe(false);
  });

  it('Ctrl-C rejects with CancelledError (exit 130) and leaves raw mode', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.secret({ id: 'secret', message: 'Client secret' }));
    await t.type('abc');
    await t.type(KEY.ctrlC);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).exitCode).toBe(130);
    await inAct(() => t.prompter.close());
    expect(t.stdin.isRaw).toBe(false);
    expect(t.stdin.rawModeCalls).toEqual([true, false]);
  });

  it('checklist resolves after Continue; pause resolves on Enter', async () => {
    const t = make();
    const { p: c } = await ask(() =>
      t.prompter.checklist({ id: 'steps', title: 'Create the app', items: [{ id: 'a', title: 'First' }, { id: 'b', title: 'Second' }] }),
    );
    await t.type(KEY.enter + KEY.enter + KEY.enter);
    await expect(c).resolves.toEqual(['a', 'b']);
    const { p: p } = await ask(() => t.prompter.pause({ id: 'consent', message: 'Press Enter to re-check' }));
    await t.type(KEY.enter);
    await expect(p).resolves.toBeUndefined();
  });

  it('task shows its line, lets the work update it, and ends with a done line', async () => {
    const t = make();
    let release!: (v: string) => void;
    const { p: p } = await ask(() =>
      t.prompter.task('Checking credentials', async (update) => {
        update('Requesting a token');
        return new Promise<string>((r) => (release = r));
      }),
    );
    expect(t.screen()).toContain('Requesting a token');
    await inAct(() => release('ok'));
    await act(async () => {
      await expect(p).resolves.toBe('ok');
    });
    expect(plain(t.stdout.lastFrame())).toBe('✔ Checking credentials');
  });

  it('task failure rethrows the work error; Ctrl-C during a task → CancelledError', async () => {
    const t = make();
    const { p: failing } = await ask(() => t.prompter.task('Pushing the secret', async () => Promise.reject(new Error('boom'))));
    await act(async () => {
      await expect(failing).rejects.toThrow('boom');
    });
    expect(plain(t.stdout.lastFrame())).toContain('✖ Pushing the secret');
    const { p: hanging } = await ask(() => t.prompter.task('Waiting', () => new Promise<never>(() => {})));
    await t.type(KEY.ctrlC);
    await act(async () => {
      await expect(hanging).rejects.toBeInstanceOf(CancelledError);
    });
    await inAct(() => t.prompter.close());
    expect(t.stdin.isRaw).toBe(false);
  });

  it('accessible mode: each answered question ends its line, so the next one starts on a new line', async () => {
    const t = make({ accessible: true });
    const { p: a } = await ask(() => t.prompter.select({ id: 'provider', message: 'Provider', choices: PROVIDERS }));
    expect(t.screen()).toContain('❯ 1. Okta (current)');
    await t.type(KEY.enter);
    await expect(a).resolves.toBe('okta');
    const { p: b } = await ask(() => t.prompter.confirm({ id: 'shared', message: 'Shared?' }));
    await t.type('y');
    await expect(b).resolves.toBe(true);
    expect(t.screen()).toMatch(/✔ Provider: Okta\n/u);
  });

  it('accessible mode: no spinner animation, a plain working line', async () => {
    const t = make({ accessible: true });
    let release!: () => void;
    const { p: p } = await ask(() => t.prompter.task('Checking credentials', () => new Promise<void>((r) => (release = r))));
    await inAct(() => new Promise((r) => setTimeout(r, 200)));
    const frames = t.stdout.frames.map(plain);
    expect(frames.some((f) => f.includes('… Checking credentials (working)'))).toBe(true);
    expect(frames.join('')).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/u);
    await inAct(() => release());
    await act(async () => {
      await p;
    });
  });

  it('show() prints blocks at once, and waits while a task line is live', async () => {
    const t = make();
    await inAct(() => t.prompter.show({ kind: 'heading', text: 'Summary' }, { kind: 'table', rows: [{ label: 'Written', value: '/tmp/x/config.yaml' }] }));
    await inAct(() => t.prompter.show({ kind: 'text', text: 'second' }));
    expect(t.screen()).toContain('second');
    expect(t.screen()).toMatch(/Summary\n(.|\n)*Written\s+\/tmp\/x\/config\.yaml/u);
    let release!: () => void;
    const { p: p } = await ask(() => t.prompter.task('Working', () => new Promise<void>((r) => (release = r))));
    const before = t.stdout.frames.length;
    await inAct(() => t.prompter.show({ kind: 'text', text: 'printed later' }));
    expect(t.stdout.frames.slice(before).join('')).not.toContain('printed later');
    await inAct(() => release());
    await act(async () => {
      await p;
    });
    expect(t.screen()).toContain('printed later');
  });

  it('close() cancels an open question and restores cooked mode', async () => {
    const t = make();
    const { p: p } = await ask(() => t.prompter.text({ id: 'x', message: 'X' }));
    await act(async () => {
      await t.prompter.close();
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(t.stdin.isRaw).toBe(false);
  });

  it('refuses a second question while one is open (the flow must await)', async () => {
    const t = make();
    const { p: first } = await ask(() => t.prompter.text({ id: 'a', message: 'A' }));
    await expect(t.prompter.text({ id: 'b', message: 'B' })).rejects.toThrow(/already open/u);
    await t.type('x\r');
    await expect(first).resolves.toBe('x');
  });
});


describe('pre-painted first frame (issue 7)', () => {
  function makePainting() {
    const stdin = new FakeStdin();
    const stdout = new FakeStdout(100);
    const prompter = createInkPrompter({
      accessible: false,
      color: false,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      debug: true,
      prepaint: true,
    });
    return { stdin, stdout, prompter, type: (d: string) => inAct(() => stdin.write(d)) };
  }

  it('paints the first question synchronously, in raw mode, then Ink takes over without erasing it', async () => {
    const t = makePainting();
    let p!: Promise<string>;
    await act(async () => {
      p = t.prompter.select({ id: 'provider', message: 'Provider', choices: PROVIDERS, initial: 'keycloak' });
      p.catch(() => undefined);
      // Before any await: the frame is already on the terminal and keys no longer echo.
      expect(plain(t.stdout.frames[0])).toContain('❯ 3. Keycloak');
      expect(t.stdin.isRaw).toBe(true);
    });
    const pre = t.stdout.frames[0]!;
    expect(rowsOf(pre, 100)).toBe(5); // question, three choices, keys hint
    await t.type(KEY.enter);
    await expect(p).resolves.toBe('keycloak');
    expect(t.stdout.all).not.toContain('\u001b[2K');
    await inAct(() => t.prompter.close());
    expect(t.stdin.isRaw).toBe(false);
  });

  it('keys typed while Ink loads are not lost', async () => {
    const t = makePainting();
    let p!: Promise<string>;
    await act(async () => {
      p = t.prompter.select({ id: 'provider', message: 'Provider', choices: PROVIDERS });
      p.catch(() => undefined);
    });
    await t.type(KEY.down + KEY.enter);
    await expect(p).resolves.toBe('entra');
  });

  it('only the first question is pre-painted', async () => {
    const t = makePainting();
    const { p: a } = await ask(() => t.prompter.confirm({ id: 'a', message: 'First?' }));
    await t.type('y');
    await a;
    const before = t.stdout.frames.length;
    const { p: b } = await ask(() => t.prompter.confirm({ id: 'b', message: 'Second?' }));
    expect(t.stdout.frames.slice(before).some((f) => f.includes('\u001b[2K'))).toBe(false);
    await t.type('n');
    await expect(b).resolves.toBe(false);
  });

  /** The pre-paint must look exactly like Ink's first frame, or the swap would be visible. */
  it.each([
    ['select', () => selectFrame({ message: 'Which identity provider?', choices: [...PROVIDERS, { value: 'generic', label: 'Other OIDC provider', hint: 'any OIDC IdP' }], initial: 'entra', help: 'Pick the one that issues CI credentials.' }, false), (p: Prompter) => p.select({ id: 'x', message: 'Which identity provider?', choices: [...PROVIDERS, { value: 'generic', label: 'Other OIDC provider', hint: 'any OIDC IdP' }], initial: 'entra', help: 'Pick the one that issues CI credentials.' })],
    ['confirm', () => confirmFrame({ message: 'Several teams?', initial: false }, false), (p: Prompter) => p.confirm({ id: 'x', message: 'Several teams?', initial: false })],
    ['text', () => textFrame({ message: 'Control-plane host', placeholder: 'union.example.com', help: 'A pasted URL is reduced to the host.' }, false), (p: Prompter) => p.text({ id: 'x', message: 'Control-plane host', placeholder: 'union.example.com', help: 'A pasted URL is reduced to the host.' })],
    ['text with value and note', () => textFrame({ message: 'Domain', initial: 'development', note: (v) => `task.domain: ${v}` }, false), (p: Prompter) => p.text({ id: 'x', message: 'Domain', initial: 'development', note: (v) => `task.domain: ${v}` })],
    ['secret', () => textFrame({ message: 'Client secret', help: 'Masked.', masked: true }, false), (p: Prompter) => p.secret({ id: 'x', message: 'Client secret', help: 'Masked.' })],
  ] as const)('%s: pre-paint equals the first Ink frame', async (_name, frame, askIt) => {
    const t = make();
    const { p } = await ask(() => (askIt as (p: Prompter) => Promise<unknown>)(t.prompter));
    expect(plain(frame()).trimEnd()).toBe(plain(t.stdout.frames[0]).trimEnd());
    await t.type(KEY.ctrlC);
    await p.catch(() => undefined);
  });
});

/** The prompter as a user sees it: live (non-debug) Ink, every byte through a small terminal emulator. */
function makeLive(opts: { columns?: number; accessible?: boolean; color?: boolean } = {}) {
  const columns = opts.columns ?? 80;
  const vt = new VirtualTerminal(columns);
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(columns);
  const record = stdout.write;
  stdout.write = (chunk: string, cb?: () => void) => {
    vt.write(chunk);
    return record(chunk, cb);
  };
  const prompter = createInkPrompter({
    accessible: opts.accessible ?? false,
    color: opts.color ?? false,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    prepaint: false,
  });
  return { vt, stdin, stdout, prompter, type: (data: string) => inAct(() => stdin.write(data)) };
}

describe('on a live terminal', () => {
  const yesNo = (p: Prompter, id: string, message: string) => p.confirm({ id, message, initial: true });

  it('Esc then the previous question again: its old summary line is erased, no blank lines are left', async () => {
    const t = makeLive();
    const { p: a } = await ask(() => yesNo(t.prompter, 'first', 'First question?'));
    await t.type('y');
    await a;
    const { p: b } = await ask(() => t.prompter.select({ id: 'provider', message: 'Which provider?', choices: PROVIDERS }));
    await t.type(KEY.down + KEY.enter);
    await expect(b).resolves.toBe('entra');
    const { p: c } = await ask(() => t.prompter.text({ id: 'org', message: 'Org' }));
    await t.type('acme');
    await t.type(KEY.esc);
    await expect(c).rejects.toBeInstanceOf(BackSignal);
    // Nothing of the text question is left, not even an empty line.
    expect(t.vt.text()).toBe('✔ First question: Yes\n✔ Which provider: Microsoft Entra ID');

    // The flow asks the provider again: it replaces its own summary line.
    const { p: again } = await ask(() =>
      t.prompter.select({ id: 'provider', message: 'Which provider?', choices: PROVIDERS, initial: 'entra' }),
    );
    const asked = t.vt.text();
    expect(asked.startsWith('✔ First question: Yes\n? Which provider?\n')).toBe(true);
    expect(asked).not.toContain('✔ Which provider');
    expect(asked).not.toMatch(/\n\s*\n/u);
    await t.type(KEY.enter);
    await expect(again).resolves.toBe('entra');
    expect(t.vt.text()).toBe('✔ First question: Yes\n✔ Which provider: Microsoft Entra ID');
  });

  it('a summary that wrapped over two rows is erased whole; blocks printed after a summary are never erased', async () => {
    const t = makeLive({ columns: 40 });
    const { p: a } = await ask(() => yesNo(t.prompter, 'long', 'Do several teams or repositories deploy to this cluster?'));
    await t.type('n');
    await a;
    expect(t.vt.lines().filter((l) => l !== '').length).toBe(2); // the summary wrapped
    const { p: b } = await ask(() => t.prompter.text({ id: 'next', message: 'Next' }));
    await t.type(KEY.esc);
    await b.catch(() => undefined);
    const { p: again } = await ask(() => yesNo(t.prompter, 'long', 'Do several teams or repositories deploy to this cluster?'));
    expect(t.vt.text()).not.toContain('✔');
    expect(t.vt.text().startsWith('? Do several teams')).toBe(true);
    await t.type('n');
    await again;

    // A block after the summary: going back keeps both (the block may be what the user needs to read).
    await inAct(() => t.prompter.show({ kind: 'text', text: 'Created config.yaml.' }));
    const { p: c } = await ask(() => t.prompter.text({ id: 'next', message: 'Next' }));
    await t.type(KEY.esc);
    await c.catch(() => undefined);
    const { p: d } = await ask(() => yesNo(t.prompter, 'long', 'Do several teams or repositories deploy to this cluster?'));
    expect(t.vt.text()).toMatch(/✔ Do several[\s\S]*Created config\.yaml\.\n\? Do several/u);
    await t.type(KEY.ctrlC);
    await d.catch(() => undefined);
  });

  it('the first question says "Esc quit" (Esc there ends the wizard); later ones "Esc back"', async () => {
    const t = makeLive({ columns: 100 });
    const { p: a } = await ask(() => t.prompter.select({ id: 'provider', message: 'Which provider?', choices: PROVIDERS }));
    expect(t.vt.text()).toContain('Esc quit');
    expect(t.vt.text()).not.toContain('Esc back');
    await t.type(KEY.enter);
    await a;
    const { p: b } = await ask(() => t.prompter.text({ id: 'org', message: 'Org' }));
    expect(t.vt.text()).toContain('Enter continue · Esc back · Ctrl-C quit');
    await t.type(KEY.esc);
    await b.catch(() => undefined);
    // Back on the first question, after its summary was erased: quit again.
    const { p: c } = await ask(() => t.prompter.select({ id: 'provider', message: 'Which provider?', choices: PROVIDERS }));
    expect(t.vt.text()).toContain('Esc quit');
    await t.type(KEY.ctrlC);
    await c.catch(() => undefined);
  });

  it('the consent pause names what Esc does, in the hint', async () => {
    const t = makeLive({ columns: 100 });
    const { p: a } = await ask(() => yesNo(t.prompter, 'first', 'First?'));
    await t.type('y');
    await a;
    const { p } = await ask(() => t.prompter.pause({ id: 'consent', message: 'Grant the consent, then press Enter', escLabel: 'other options' }));
    expect(t.vt.text()).toContain('Enter continue · Esc other options · Ctrl-C quit');
    expect(t.vt.text()).not.toContain('Esc back');
    await t.type(KEY.enter);
    await p;
  });

  it('a secret left empty with emptySummary says "kept (N characters)", not "0 characters"', async () => {
    const t = makeLive({ columns: 100 });
    const { p } = await ask(() =>
      t.prompter.secret({ id: 'client-secret', message: 'Client secret', validate: () => undefined, emptySummary: 'kept (20 characters)' }),
    );
    await t.type(KEY.enter);
    expect((await p).reveal()).toBe('');
    expect(t.vt.text()).toBe('✔ Client secret: kept (20 characters)');
  });

  it('a placeholder reads as an example ("e.g. …"), without colour too', async () => {
    const t = makeLive({ columns: 100 });
    const { p } = await ask(() => t.prompter.text({ id: 'project', message: 'Flyte project', placeholder: 'flytesnacks' }));
    expect(t.vt.text()).toContain('❯ e.g. flytesnacks');
    expect(textFrame({ message: 'Flyte project', placeholder: 'flytesnacks' }, false)).toContain('❯ e.g. flytesnacks');
    await t.type(KEY.ctrlC);
    await p.catch(() => undefined);
  });

  it('at 60 columns every line of a code block is written whole (the terminal soft-wraps it; copy gives it back)', async () => {
    const yaml = [
      '# Deploys to Flyte with the masked CI/CD variable FLYTE_API_KEY (generated by flyte-ci-auth).',
      'flyte-deploy:',
      '  script:',
      '    - flyte --config config.yaml deploy --copy-style none --version "$VERSION" --project flytesnacks --domain development workflows.py',
    ];
    const shell = `printf '%s' "$CLIENT_SECRET" | flyte-ci-auth key encode --endpoint union.acme.com --client-id ci-deployer --org acme`;
    for (const color of [false, true]) {
      const t = makeLive({ columns: 60, color });
      await inAct(() =>
        t.prompter.show(
          { kind: 'text', text: 'The wizard never prints FLYTE_API_KEY. To get the value for a CI settings page, build it yourself:' },
          { kind: 'code', text: shell },
          { kind: 'code', title: '.gitlab-ci.yml', text: `${yaml.join('\n')}\n` },
        ),
      );
      const written = plain(t.stdout.all).split('\n');
      for (const line of [shell, ...yaml]) expect(written, line).toContain(`  ${line}`);
      // Prose still wraps to the width; the title is there.
      expect(written).toContain('.gitlab-ci.yml');
      expect(written.filter((l) => l.includes('FLYTE_API_KEY. To get')).every((l) => [...l].length <= 60)).toBe(true);
    }
  });

  it('code blocks keep control-sequence stripping', async () => {
    const t = makeLive({ columns: 60 });
    await inAct(() => t.prompter.show({ kind: 'code', text: 'echo \u001b[2Jhi\u001b]8;;http://x\u0007there\u0007' }));
    expect(t.stdout.all).not.toContain('\u001b[2J');
    expect(t.stdout.all).not.toContain('\u001b]8');
    expect(plain(t.stdout.all)).toContain('  echo hithere');
  });
});

describe('blocks the wizard shows', () => {
  it('a list of check steps that carry their own status mark gets no bullet (never "• ✓"); a link is its own unindented line', async () => {
    const { blocksToString } = await import('../../src/ui/components/Blocks.js');
    const text = plain(
      blocksToString(
        [
          { kind: 'list', items: ['✓ Token issued', '✗ Token claims: no roles'] },
          { kind: 'link', title: 'Grant it here:', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=c' },
        ],
        60,
        { color: false, accessible: false },
      ),
    );
    expect(text).not.toMatch(/• [✓✗]/u);
    expect(text).toContain('✓ Token issued');
    expect(text).toMatch(/^https:\/\/login\.microsoftonline\.com\/t\/adminconsent\?client_id=c$/mu);
  });
});

export type { Prompter };
