/**
 * Glyphs and key hints shared by the Ink components and the pre-painted first frame (src/ui/prepaint.ts).
 * Plain data, no React: the pre-paint must not load anything heavy.
 */
export const GLYPH = {
  done: '✔',
  cancelled: '✖',
  question: '?',
  pointer: '❯',
  tick: '[x]',
  untick: '[ ]',
  bullet: '•',
  mask: '*',
  warning: '!',
} as const;

/**
 * What Esc does on the question on screen: go back one step, quit (on the first question, where there is nothing
 * to go back to), or something the flow names (e.g. "other options" on the consent pause).
 */
export type EscMeaning = 'back' | 'quit' | { label: string };

const escPlain = (esc: EscMeaning): string => (esc === 'back' ? 'Esc back' : esc === 'quit' ? 'Esc quit' : `Esc ${esc.label}`);
const escSpoken = (esc: EscMeaning): string =>
  esc === 'back' ? 'Esc to go back' : esc === 'quit' ? 'Esc to quit' : `Esc for ${esc.label}`;

export const HINTS = {
  select: {
    plain: (esc: EscMeaning) => `↑/↓ move · 1–9 or Enter choose · ${escPlain(esc)} · Ctrl-C quit`,
    accessible: (esc: EscMeaning) => `Up and Down to move, a number or Enter to choose, ${escSpoken(esc)}.`,
  },
  confirm: {
    plain: (esc: EscMeaning) => `y/n · ←/→ switch · Enter confirm · ${escPlain(esc)}`,
    accessible: (esc: EscMeaning) => `Press y or n, or Enter for the current answer. ${escSpoken(esc)}.`,
  },
  pause: {
    plain: (esc: EscMeaning) => `Enter continue · ${escPlain(esc)} · Ctrl-C quit`,
    accessible: (esc: EscMeaning) => `Press Enter to continue, ${escSpoken(esc)}.`,
  },
  text: {
    plain: (esc: EscMeaning) => `Enter continue · ${escPlain(esc)} · Ctrl-C quit`,
    accessible: (esc: EscMeaning) => `Enter to continue, ${escSpoken(esc)}.`,
  },
  /** A text question showing its prefilled default. */
  default: {
    plain: (esc: EscMeaning) => `Enter accept · type to replace · Tab edit · ${escPlain(esc)} · Ctrl-C quit`,
    accessible: (esc: EscMeaning) => `Enter to accept the answer shown, type to replace it, Tab to edit it, ${escSpoken(esc)}.`,
  },
  secret: {
    plain: (esc: EscMeaning) => `Enter continue · ${escPlain(esc)} · Ctrl-C quit · input hidden`,
    accessible: (esc: EscMeaning) => `Type or paste; input is hidden. Enter to continue, ${escSpoken(esc)}.`,
  },
  checklist: {
    plain: (esc: EscMeaning) => `↑/↓ move · Enter tick & next · Space toggle · Enter on Continue to go on · ${escPlain(esc)}`,
    accessible: (esc: EscMeaning) =>
      `Enter ticks the current step and moves on; Space toggles; Enter on Continue goes on. ${escSpoken(esc)}.`,
  },
} as const;

export const hint = (kind: keyof typeof HINTS, accessible: boolean, esc: EscMeaning = 'back'): string =>
  accessible ? HINTS[kind].accessible(esc) : HINTS[kind].plain(esc);

/** A placeholder is an example, not a default: it says so, since without colour it looks like typed text. */
export const placeholderText = (placeholder: string): string => `e.g. ${placeholder}`;
