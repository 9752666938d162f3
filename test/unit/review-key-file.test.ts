/**
 * The 0600 key file (src/services/key-file.ts) on a real file system: no temporary copy of the secret ever
 * appears next to it when a new file is written; links are never written through; a replace keeps 0600.
 */
import { watch, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { writeSecretFile } from '../../src/services/key-file.js';

const KEY = 'S0VZLUNBTkFSWS0xMjM=';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'review-keyfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

describe('writeSecretFile', () => {
  it('a new file: the only name that ever appears in the folder is the key file itself (no temp copy)', async () => {
    const names = new Set<string>();
    const w = watch(dir, (_event, name) => name && names.add(String(name)));
    try {
      const r = await writeSecretFile(path.join(dir, 'key.txt'), new Secret(KEY), { overwrite: false });
      expect(r).toMatchObject({ ok: true });
      await until(() => names.has('key.txt'));
      // One more round-trip through the event loop for any late event of another name.
      writeFileSync(path.join(dir, 'marker'), '');
      await until(() => names.has('marker'));
    } finally {
      w.close();
    }
    expect([...names].filter((n) => n !== 'marker')).toEqual(['key.txt']);
    expect(statSync(path.join(dir, 'key.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'key.txt'), 'utf8')).toBe(`${KEY}\n`);
  });

  it('a dangling link at the path is "exists": its target is never created', async () => {
    const target = path.join(dir, 'elsewhere.txt');
    symlinkSync(target, path.join(dir, 'key.txt'));
    expect(await writeSecretFile(path.join(dir, 'key.txt'), new Secret(KEY), { overwrite: false })).toMatchObject({ ok: false, reason: 'exists' });
    expect(existsSync(target)).toBe(false);
  });

  it('replace (confirmed) of a link replaces the link, not its target; 0600; no temp file left', async () => {
    const target = path.join(dir, 'target.txt');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, path.join(dir, 'key.txt'));
    expect(await writeSecretFile(path.join(dir, 'key.txt'), new Secret(KEY), { overwrite: true })).toMatchObject({ ok: true });
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(dir, 'key.txt')).isSymbolicLink()).toBe(false);
    expect(statSync(path.join(dir, 'key.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['key.txt', 'target.txt']);
  });
});

describe('key hand-off: OSC 52 alone is not "Copied"', () => {
  it('with no clipboard tool, only OSC 52: the message asks to verify the paste instead of claiming success', async () => {
    const { offerKeyHandoff } = await import('../../src/flow/key-handoff.js');
    const { ScriptedPrompter } = await import('../helpers/scripted-prompter.js');
    const p = new ScriptedPrompter([['key-handoff', 'copy']]);
    const r = await offerKeyHandoff(
      p,
      new Secret(KEY),
      { copy: async () => ({ ok: true, osc52: true }), writeFile: writeSecretFile },
      { secretName: 'FLYTE_API_KEY', destination: 'Jenkins' },
    );
    expect(r.how).toBe('copy');
    expect(p.text_()).not.toMatch(/Copied FLYTE_API_KEY/);
    expect(p.text_()).toMatch(/if what you paste is not the key, your terminal ignores OSC 52/);
    expect(p.text_()).not.toContain(KEY);
  });
});

describe('key hand-off: a key file inside a git repository', () => {
  it('is asked about first (one git add away from a commit); "no" asks for another path; an ignored path is not asked', async () => {
    const { execFileSync } = await import('node:child_process');
    const { offerKeyHandoff } = await import('../../src/flow/key-handoff.js');
    const { createKeyHandoffServices } = await import('../../src/services/clipboard.js');
    const { createProcessRunner } = await import('../../src/services/process.js');
    const { ScriptedPrompter } = await import('../helpers/scripted-prompter.js');
    const repo = path.join(dir, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, '.gitignore'), 'secrets/\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(repo, 'secrets'));
    const s = await createKeyHandoffServices({ proc: createProcessRunner({ PATH: process.env.PATH }), env: {} });
    const p = new ScriptedPrompter([
      ['key-handoff', 'file'],
      ['key-file', path.join(repo, 'key.txt')],
      ['key-file-in-repo', false],
      ['key-file', path.join(repo, 'secrets', 'key.txt')],
    ]);
    const r = await offerKeyHandoff(p, new Secret(KEY), s, { secretName: 'FLYTE_API_KEY', destination: 'Jenkins' });
    expect(p.remaining()).toEqual([]);
    expect(r).toEqual({ how: 'file', where: path.join(repo, 'secrets', 'key.txt') });
    expect(existsSync(path.join(repo, 'key.txt'))).toBe(false);
    expect(readFileSync(path.join(repo, 'secrets', 'key.txt'), 'utf8')).toBe(`${KEY}\n`);
  });
});
