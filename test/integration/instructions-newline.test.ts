/**
 * A user's value with a newline or an escape sequence (--env, --name, …) must not make a validation error span
 * lines or reach the terminal raw: the message is one line, the value shown control-free and bounded.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const EVIL = 'prod\nINJECTED-LINE\u001b[31mRED\r\n';

describe('instructions: validation errors keep user values on one line', () => {
  it.each([
    ['github', '--env'],
    ['gitlab', '--env'],
    ['github', '--name'],
    ['github', '--project'],
    ['github', '--domain'],
    ['jenkins', '--credential-id'],
  ])('instructions %s %s with a newline', async (system, flag) => {
    const r = await runCli(['instructions', system, flag, EVIL]);
    expect(r.code).toBe(2);
    const firstLine = r.stderr.split('\n')[0]!;
    expect(firstLine).toMatch(/^error: /);
    expect(firstLine).toContain('INJECTED-LINE'); // the value is shown, but on the error's own line
    // no line of the output starts with the injected text, and no escape character or CR reaches the terminal
    expect(r.stderr.split('\n').some((l) => l.startsWith('INJECTED-LINE'))).toBe(false);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\r');
  });
});
