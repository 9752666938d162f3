const inspect = Symbol.for('nodejs.util.inspect.custom');

/**
 * A client secret, access token or FLYTE_API_KEY held so that it cannot leak by accident:
 * String(), JSON.stringify(), template literals and console.log/util.inspect all show `<redacted>`.
 * Only `reveal()` gives the value, and only code that must send it (a request body, a child's stdin) calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return '<redacted>';
  }

  toJSON(): string {
    return '<redacted>';
  }

  [inspect](): string {
    return 'Secret(<redacted>)';
  }
}

/**
 * Remove every occurrence of the given secret values (and their common encodings) from a text
 * before it is printed, logged or written to a report.
 */
export function redact(text: string, secrets: ReadonlyArray<Secret | string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    const value = s instanceof Secret ? s.reveal() : s;
    if (!value || value.length < 3) continue;
    const forms = new Set([value, encodeURIComponent(value), quotePlusForRedaction(value)]);
    for (const form of forms) out = out.split(form).join('<redacted>');
  }
  return out;
}

function quotePlusForRedaction(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
