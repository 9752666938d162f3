import { describe, expect, it } from 'vitest';
import { answersFromArgs } from '../../src/commands/setup.js';
import { createStyle } from '../../src/core/style.js';
import type { CommandContext } from '../../src/commands/types.js';
import { memoryIO } from '../../src/services/io.js';

const ctx = (): CommandContext => ({
  io: memoryIO().io,
  env: {},
  canPrompt: false,
  color: false,
  debug: false,
  json: false,
  yes: true,
  accessible: false,
  style: createStyle(false),
  cwd: '/tmp',
});

describe('setup flags', () => {
  it('--scope is repeatable like check and rotate; a quoted list is split too', async () => {
    const a = await answersFromArgs({ values: { scope: ['api://ci/.default', 'all extra'] }, positionals: [] }, ctx());
    expect(a.scopes).toEqual(['api://ci/.default', 'all', 'extra']);
  });
});
