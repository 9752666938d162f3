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

export const HINTS = {
  select: { plain: '↑/↓ move · 1–9 or Enter choose · Esc back · Ctrl-C quit', accessible: 'Up and Down to move, a number or Enter to choose, Esc to go back.' },
  confirm: { plain: 'y/n · ←/→ switch · Enter confirm · Esc back', accessible: 'Press y or n, or Enter for the current answer. Esc to go back.' },
  pause: { plain: 'Enter continue · Esc back · Ctrl-C quit', accessible: 'Press Enter to continue, Esc to go back.' },
  text: { plain: 'Enter continue · Esc back · Ctrl-C quit', accessible: 'Enter to continue, Esc to go back.' },
  secret: {
    plain: 'Enter continue · Esc back · Ctrl-C quit · input hidden',
    accessible: 'Type or paste; input is hidden. Enter to continue, Esc to go back.',
  },
} as const;

export const hint = (kind: keyof typeof HINTS, accessible: boolean): string => (accessible ? HINTS[kind].accessible : HINTS[kind].plain);
