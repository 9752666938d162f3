/**
 * Keys from a raw terminal, without Ink: a chunk of bytes read from stdin becomes an ordered list of key events.
 * Used by the key pump (src/ui/key-pump.ts), which feeds the pre-Ink first question and every Ink question alike,
 * so keys that arrive together (`Down Down Enter`, `3y`, `BSpace Enter`, a paste and Enter) are applied one by
 * one, in order, by whichever question is on screen when each key's turn comes.
 *
 * A run of printable characters stays one event (a text field inserts it at once, like a paste); list-style
 * questions take it one character at a time. CR, LF and CR LF are Enter.
 */

/** The key flags the questions look at; Ink's `Key` has all of them, so Ink input converts without loss. */
export interface KeyFlags {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
}

export interface KeyEvent {
  /** The character(s) typed; '' for a named key; the letter for Ctrl+letter. */
  input: string;
  key: KeyFlags;
}

export const NO_KEY: KeyFlags = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
};

const named = (flags: Partial<KeyFlags>, input = ''): KeyEvent => ({ input, key: { ...NO_KEY, ...flags } });

export const ENTER = named({ return: true });

/** CSI/SS3 final byte (and `~` codes) → key. Modifier parameter 5 = Ctrl, 2 = Shift, 3 = Alt. */
function fromSequence(params: string, final: string): KeyEvent {
  const [first, modifier] = params.split(';');
  const mod = Number(modifier ?? 1) - 1;
  const mods: Partial<KeyFlags> = { shift: (mod & 1) !== 0, meta: (mod & 2) !== 0, ctrl: (mod & 4) !== 0 };
  switch (final) {
    case 'A':
      return named({ ...mods, upArrow: true });
    case 'B':
      return named({ ...mods, downArrow: true });
    case 'C':
      return named({ ...mods, rightArrow: true });
    case 'D':
      return named({ ...mods, leftArrow: true });
    case 'H':
      return named({ ...mods, home: true });
    case 'F':
      return named({ ...mods, end: true });
    case 'Z':
      return named({ tab: true, shift: true });
    case '~':
      switch (first) {
        case '1':
        case '7':
          return named({ ...mods, home: true });
        case '4':
        case '8':
          return named({ ...mods, end: true });
        case '3':
          return named({ ...mods, delete: true });
        case '5':
          return named({ ...mods, pageUp: true });
        case '6':
          return named({ ...mods, pageDown: true });
        default:
          return named({});
      }
    default:
      return named({});
  }
}

export interface Tokenized {
  events: KeyEvent[];
  /** An escape sequence cut at the end of the chunk: prepend it to the next chunk (or flush it as Esc). */
  pending: string;
}

/** Split one chunk of terminal input into key events, in order. */
export function tokenize(chunk: string): Tokenized {
  const events: KeyEvent[] = [];
  let text = '';
  const flushText = () => {
    if (text !== '') events.push({ input: text, key: { ...NO_KEY } });
    text = '';
  };
  let i = 0;
  while (i < chunk.length) {
    const ch = chunk[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\u001b') {
      flushText();
      const rest = chunk.slice(i);
      if (rest.length === 1) return { events, pending: rest };
      const csi = /^\u001b\[([0-9;]*)([A-Za-z~])/u.exec(rest);
      if (csi) {
        events.push(fromSequence(csi[1]!, csi[2]!));
        i += csi[0].length;
        continue;
      }
      if (/^\u001b\[[0-9;]*$/u.test(rest) || rest === '\u001bO') return { events, pending: rest };
      const ss3 = /^\u001bO([A-Za-z])/u.exec(rest);
      if (ss3) {
        events.push(fromSequence('', ss3[1]!));
        i += 3;
        continue;
      }
      const next = rest[1]!;
      if (next === '\u001b') {
        events.push(named({ escape: true, meta: true }));
        i += 1;
        continue;
      }
      // Alt+key: ESC then the key.
      const inner = tokenize(next).events[0];
      events.push(inner ? { input: inner.input, key: { ...inner.key, meta: true } } : named({ escape: true, meta: true }));
      i += 2;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      flushText();
      events.push(ENTER);
      i += ch === '\r' && chunk[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch === '\t') {
      flushText();
      events.push(named({ tab: true }));
      i += 1;
      continue;
    }
    if (ch === '\u007f' || ch === '\b') {
      flushText();
      events.push(named({ backspace: true }));
      i += 1;
      continue;
    }
    if (code < 0x20) {
      flushText();
      // Ctrl+letter: 0x01 = a … 0x1a = z. NUL and the rest are ignored.
      if (code >= 1 && code <= 26) events.push(named({ ctrl: true }, String.fromCharCode(code + 96)));
      i += 1;
      continue;
    }
    if (code >= 0x80 && code <= 0x9f) {
      i += 1;
      continue;
    }
    text += ch;
    i += 1;
  }
  flushText();
  return { events, pending: '' };
}

/** A pending lone ESC that no more bytes followed: the Esc key. */
export function flushPending(pending: string): KeyEvent[] {
  if (pending === '') return [];
  if (pending === '\u001b') return [named({ escape: true, meta: true })];
  return tokenize(pending.replace(/^\u001b/u, '')).events;
}

/** One character of a printable run as its own event. */
export function splitFirst(ev: KeyEvent): [KeyEvent, KeyEvent | undefined] {
  const chars = [...ev.input];
  if (chars.length <= 1 || !isText(ev)) return [ev, undefined];
  return [
    { input: chars[0]!, key: { ...ev.key } },
    { input: chars.slice(1).join(''), key: { ...ev.key } },
  ];
}

/** A plain printable event (no named key, no modifier). */
export function isText(ev: KeyEvent): boolean {
  const k = ev.key;
  return (
    ev.input !== '' &&
    !k.ctrl &&
    !k.meta &&
    !k.return &&
    !k.escape &&
    !k.tab &&
    !k.backspace &&
    !k.delete &&
    !k.upArrow &&
    !k.downArrow &&
    !k.leftArrow &&
    !k.rightArrow &&
    !k.home &&
    !k.end &&
    !k.pageUp &&
    !k.pageDown
  );
}

/**
 * Ink's (input, key) for one read → our events. Ink 6 splits a chunk only at escape sequences, so plain text
 * with CR or Tab inside ("3\r", "ab\tc") still comes as one input: re-tokenize it.
 */
export function fromInk(input: string, key: KeyFlags): KeyEvent[] {
  const flags: KeyFlags = { ...NO_KEY };
  for (const k of Object.keys(NO_KEY) as Array<keyof KeyFlags>) flags[k] = Boolean(key[k]);
  if (flags.escape) return [named({ escape: true, meta: true })];
  if (flags.ctrl || flags.meta || input === '' || input.length === 1) {
    // Ink reports DEL as `delete`; a terminal's Backspace sends DEL.
    if (flags.delete && !flags.backspace) return [{ input, key: { ...flags, delete: false, backspace: true } }];
    return [{ input, key: flags }];
  }
  return tokenize(input).events;
}

/** A key event back as terminal bytes (for a component that reads Ink's stdin directly). */
export function toSequence(ev: KeyEvent): string {
  const k = ev.key;
  const prefix = k.meta && !k.escape ? '\u001b' : '';
  if (k.escape) return '\u001b';
  if (k.return) return `${prefix}\r`;
  if (k.tab) return k.shift ? '\u001b[Z' : `${prefix}\t`;
  if (k.backspace) return `${prefix}\u007f`;
  if (k.delete) return '\u001b[3~';
  if (k.upArrow) return '\u001b[A';
  if (k.downArrow) return '\u001b[B';
  if (k.rightArrow) return '\u001b[C';
  if (k.leftArrow) return '\u001b[D';
  if (k.home) return '\u001b[H';
  if (k.end) return '\u001b[F';
  if (k.pageUp) return '\u001b[5~';
  if (k.pageDown) return '\u001b[6~';
  if (k.ctrl && /^[a-z]$/u.test(ev.input)) return `${prefix}${String.fromCharCode(ev.input.charCodeAt(0) - 96)}`;
  return `${prefix}${ev.input}`;
}
