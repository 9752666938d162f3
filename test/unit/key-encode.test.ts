/**
 * key encode asks for what is missing in a terminal (the secret masked: nothing echoed), as `gh secret set`
 * does; without a terminal nothing is asked and the missing flags are named (exit 2).
 */
import { describe, expect, it } from 'vitest';
import { runKeyEncode } from '../../src/commands/key.js';
import { MissingAnswerError } from '../../src/core/errors.js';
import { createStyle } from '../../src/core/style.js';
import type { CommandContext } from '../../src/commands/types.js';
import { memoryIO } from '../../src/services/io.js';
import { flyteSplit } from '../helpers/flyte-split.js';

function terminal(answers: string[]) {
  const m = memoryIO({ stdinIsTTY: true, stdoutIsTTY: true, answers });
  const ctx: CommandContext = {
    io: m.io,
    env: {},
    canPrompt: true,
    color: false,
    debug: false,
    json: false,
    yes: false,
    accessible: false,
    style: createStyle(false),
    cwd: '/tmp',
  };
  return { ctx, asked: m.asked };
}

describe('key encode in a terminal', () => {
  it('asks for the missing host, client ID, org and (masked) secret, then encodes them', async () => {
    const { ctx, asked } = terminal(['https://union.acme.com/', 'ci-bot', 'acme', 'CANARY s3cr3t']);
    const r = await runKeyEncode({}, ctx);
    expect(flyteSplit(r.key.reveal())).toEqual(['union.acme.com', 'ci-bot', 'CANARY s3cr3t', 'acme']);
    expect(asked.map((a) => a.mask)).toEqual([false, false, false, true]);
    expect(asked[3]!.question).toMatch(/Client secret \(not shown\)/);
  });

  it('asks only for what is missing', async () => {
    const { ctx, asked } = terminal(['CANARY-s3cr3t']);
    const r = await runKeyEncode({ endpoint: 'union.acme.com', clientId: 'ci', org: 'acme' }, ctx);
    expect(flyteSplit(r.key.reveal())).toEqual(['union.acme.com', 'ci', 'CANARY-s3cr3t', 'acme']);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.mask).toBe(true);
  });

  it('a typed host gets the same rule as --endpoint (look-alike letters refused)', async () => {
    const { ctx } = terminal(['uniоn.acme.com', 'ci', 'acme', 'CANARY-s3cr3t']);
    await expect(runKeyEncode({}, ctx)).rejects.toThrow(/--endpoint: .*look-alike/);
  });

  it('without a terminal nothing is asked: the missing flags are named', async () => {
    const m = memoryIO({ stdin: 'CANARY-s3cr3t', answers: ['x'] });
    const ctx: CommandContext = { ...terminal([]).ctx, io: m.io, canPrompt: false };
    const err = await runKeyEncode({ clientId: 'ci' }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingAnswerError);
    expect((err as MissingAnswerError).flags).toEqual(['--endpoint HOST']);
    expect(m.asked).toEqual([]);
  });
});
