/**
 * Text from servers (error descriptions, HTML titles, CLI stderr) is untrusted: strip terminal control
 * sequences (CSI, OSC, DCS/APC/PM/SOS strings, lone ESC and C0/C1 controls) before printing it.
 * Newlines and tabs are kept unless `singleLine` is set, in which case all whitespace runs become one space.
 */
const OSC = /\u001b\][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
const STRING_SEQ = /\u001b[P^_X][\s\S]*?(?:\u001b\\|\u009c|$)/g;
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
const ESC_OTHER = /\u001b[ -/]*[0-~]?/g;
const C1_STRINGS = /[\u0090\u0098\u009d\u009e\u009f][\s\S]*?(?:\u009c|\u0007|$)/g;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function stripControl(text: string, opts: { singleLine?: boolean; maxLength?: number } = {}): string {
  let out = text
    .replace(OSC, '')
    .replace(STRING_SEQ, '')
    .replace(C1_STRINGS, '')
    .replace(CSI, '')
    .replace(ESC_OTHER, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '');
  if (opts.singleLine) out = out.replace(/\s+/g, ' ').trim();
  if (opts.maxLength !== undefined && out.length > opts.maxLength) out = `${out.slice(0, opts.maxLength - 1)}…`;
  return out;
}

/**
 * JSON for --json output: JSON.stringify escapes C0 controls (ESC, BEL…) but not DEL and the C1 range
 * U+0080–U+009F, which some terminals act on (U+009B is CSI). Escape those too, and the line/paragraph
 * separators, so that server text inside the document cannot drive a terminal that shows it.
 */
export function toJsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
