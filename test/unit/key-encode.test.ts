/**
 * key encode asks for what is missing in a terminal (the secret masked), as `gh secret set` does; without a
 * terminal nothing is asked and the missing flags are named (exit 2).
 */
import { describe, expect, it } from 'vitest';
import { runKeyEncode } from '../../src/commands/key.js';
import { MissingAnswerError } from '../../src/core/errors.js';
import { createStyle } from '../../src/core/style.js';
import type { CommandContext } from '../../src/commands/types.js';
import { memoryIO } from '../../src/services/io.js';
import { flyteSplit } from '../helpers/flyte-split.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';

const ctx = (terminal: boolean): CommandContext => ({
  io: memoryIO(terminal ? { stdinIsTTY: true, stdoutIsTTY: true } : { stdin: '' }).io,
  env: {},
  canPrompt: terminal,
  color: false,
  debug: false,
  json: false,
  yes: false,
  accessible: false,
  style: createStyle(false),
  cwd: '/tmp',
});

describe('key encode in a terminal', () => {
  it('asks for the missing host, client ID, org and (masked) secret, then encodes them', async () => {
    const p = new ScriptedPrompter([
      ['endpoint', 'https://union.acme.com/'],
      ['clientId', 'ci-bot'],
      ['org', 'acme'],
      ['clientSecret', 'CANARY s3cr3t'],
    ]);
    const r = await runKeyEncode({}, ctx(true), { prompter: async () => p });
    expect(flyteSplit(r.key.reveal())).toEqual(['union.acme.com', 'ci-bot', 'CANARY s3cr3t', 'acme']);
    expect(p.asked.find((a) => a.id === 'clientSecret')?.kind).toBe('secret');
    expect(p.remaining()).toEqual([]);
    expect(p.closed).toBe(true);
  });

  it('asks only for what is missing', async () => {
    const p = new ScriptedPrompter([['clientSecret', 'CANARY-s3cr3t']]);
    const r = await runKeyEncode({ endpoint: 'union.acme.com', clientId: 'ci', org: 'acme' }, ctx(true), { prompter: async () => p });
    expect(flyteSplit(r.key.reveal())).toEqual(['union.acme.com', 'ci', 'CANARY-s3cr3t', 'acme']);
    expect(p.asked.map((a) => a.id)).toEqual(['clientSecret']);
  });

  it('without a terminal nothing is asked: the missing flags are named', async () => {
    let asked = false;
    const err = await runKeyEncode({ clientId: 'ci' }, ctx(false), {
      prompter: async () => {
        asked = true;
        return new ScriptedPrompter([]);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingAnswerError);
    expect((err as MissingAnswerError).flags).toEqual(['--endpoint HOST']);
    expect(asked).toBe(false);
  });
});
