/**
 * The text field's opening state and view as plain data (lines of styled segments): the Ink TextField and the
 * plain frame painted before Ink loads (prepaint.textFrame) both render this, so they cannot drift apart.
 * No React, no Ink.
 */
import { GLYPH, hint, placeholderText, type EscMeaning } from './glyphs.js';
import { clean, questionModel, type Line, type Outcome } from './select-model.js';

export interface TextState {
  value: string;
  cursor: number;
  /** Enter was pressed at least once: show the validation message even for an empty value. */
  attempted: boolean;
  /** The value is the untouched prefilled default: typing replaces it, Tab/→ edit it. */
  fresh?: boolean;
  outcome?: Outcome<string>;
}

export interface TextRules {
  normalize?: (value: string) => string;
  validate?: (value: string) => string | undefined;
}

/** The value a submission returns: no surrounding spaces, then the question's own normalisation. */
export function finalValue(value: string, rules: TextRules): string {
  const trimmed = value.trim();
  return rules.normalize ? rules.normalize(trimmed) : trimmed;
}

/** The opening state: an untouched default (never for a masked field), else empty. */
export function initialTextState(initial: string | undefined, masked = false): TextState {
  const value = masked ? '' : initial ?? '';
  return { value, cursor: value.length, attempted: false, fresh: value !== '' };
}

export interface TextQuestionView extends TextRules {
  message: string;
  help?: string;
  placeholder?: string;
  masked?: boolean;
  note?: (value: string) => string | undefined;
}

export interface TextView {
  question: Line[];
  /** The field after the pointer cell. */
  field: Line;
  /** Validation message, note, key hint. */
  below: Line[];
}

/** `cursor`: draw the block cursor (an inverse cell: only with colour, and not for screen readers). */
export function textView(q: TextQuestionView, state: TextState, opts: { cursor: boolean; accessible: boolean; esc: EscMeaning }): TextView {
  const masked = q.masked ?? false;
  const shown = masked ? GLYPH.mask.repeat(state.value.length) : clean(state.value);
  const cursorAt = masked ? state.value.length : Math.min(state.cursor, shown.length);
  let field: Line;
  if (state.fresh) {
    // The default is shown as the answer Enter accepts: dim, the cursor on its first cell.
    field = opts.cursor ? [{ text: shown[0] ?? ' ', inverse: true }, { text: shown.slice(1), tone: 'dim' }] : [{ text: shown, tone: 'dim' }];
  } else if (state.value === '' && q.placeholder) {
    field = [...(opts.cursor ? [{ text: ' ', inverse: true }] : []), { text: placeholderText(clean(q.placeholder)), tone: 'dim' }];
  } else if (opts.cursor) {
    field = [{ text: shown.slice(0, cursorAt) }, { text: shown[cursorAt] ?? ' ', inverse: true }, { text: shown.slice(cursorAt + 1) }];
  } else {
    field = [{ text: shown }];
  }
  const candidate = finalValue(state.value, { normalize: q.normalize });
  const error = (state.value !== '' || state.attempted) && q.validate ? q.validate(candidate) : undefined;
  const note = q.note?.(candidate);
  const below: Line[] = [];
  if (error !== undefined) below.push([{ text: `${GLYPH.cancelled} ${clean(error)}`, tone: 'error' }]);
  if (note) below.push([{ text: clean(note), tone: 'dim' }]);
  below.push([{ text: hint(masked ? 'secret' : state.fresh ? 'default' : 'text', opts.accessible, opts.esc), tone: 'dim' }]);
  return { question: questionModel(q.message, q.help), field: field.filter((seg) => seg.text !== ''), below };
}
