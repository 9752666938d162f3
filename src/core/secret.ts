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
 * before it is printed, logged or written to a report: as is, URL-encoded (%20 and +), base64,
 * JSON-escaped (a server that echoes the value inside a JSON string), JSON-escaped with `\/`, and for an
 * `Authorization` value (`Basic …` / `Bearer …`) also the credential without the scheme.
 * For a Basic header, pass the header value itself (services/token.ts basicAuthorization): the base64 of
 * `clientId:secret` cannot be derived from the secret alone.
 */
export function redact(text: string, secrets: ReadonlyArray<Secret | string | undefined>): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    const value = s instanceof Secret ? s.reveal() : s;
    if (!value || value.length < 3) continue;
    // An Authorization value: redact the credential and keep the scheme readable (`Basic <redacted>`).
    const scheme = /^(?:Basic|Bearer)\s+(\S{3,})$/i.exec(value);
    const values = scheme ? [scheme[1]!] : [value];
    for (const v of values) {
      const json = JSON.stringify(v).slice(1, -1);
      for (const f of [v, encodeURIComponent(v), quotePlusForRedaction(v), Buffer.from(v, 'utf8').toString('base64'), json, json.replace(/\//g, '\\/')]) {
        if (f.length >= 3) forms.add(f);
      }
    }
  }
  // Longest first, so that a longer form is not left half-replaced by a shorter one it contains.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('<redacted>');
  return out;
}

function quotePlusForRedaction(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * redact() over every string inside a JSON-like value (keys too), for what a server sends back as data: token
 * header and claims, UserInfo fields. `also` runs after redact (the pattern backstop the exchange gets).
 * Depth is bounded by the caller (claims are refused beyond TOKEN_LIMITS.maxDepth); past 64 levels a branch
 * becomes "<too deep>".
 */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<Secret | string | undefined>, also: (s: string) => string = (s) => s): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return also(redact(v, secrets));
    if (v === null || typeof v !== 'object') return v;
    if (depth > 64) return '<too deep>';
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [also(redact(k, secrets)), walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}
