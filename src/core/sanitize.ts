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
