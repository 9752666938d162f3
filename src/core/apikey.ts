/**
 * FLYTE_API_KEY codec by the rules of flyte's own decoder: standard base64 of
 * `host:client_id:client_secret:org`, decoded by splitting from the left into at most 4 parts.
 *
 * flyte's decoder (flyte-sdk `src/flyte/remote/_client/auth/_auth_utils.py`, `decode_api_key`):
 *   base64.b64decode(key.encode("utf-8")).decode("utf-8").split(":", 3), exactly 4 parts, empty org → "None".
 * `pythonB64Decode`, `flyteSplit` and `flyteDecode` below mirror those three steps exactly, so tests and
 * `key decode` can show what flyte would see; `decodeApiKey` then explains it.
 *
 * Problem codes (stable; `key decode --json` prints them):
 *   error (flyte would not read the key as intended):
 *     empty_key           nothing to decode
 *     not_base64          characters outside the base64 alphabet (flyte silently drops them), a length base64
 *                         cannot have, or bytes that are not UTF-8
 *     url_safe_alphabet   `-` or `_` (URL-safe base64): flyte drops them and reads garbage or fails
 *     missing_padding     `=` padding missing: flyte fails with "Incorrect padding"
 *     wrong_field_count   not exactly 4 fields after splitting on the first three `:`
 *     scheme_in_endpoint  `https://`, `http://` or `dns:///` before the host: flyte splits at its `:`
 *     port_in_endpoint    `host:443`: flyte reads the port as the client ID
 *     path_in_endpoint    a `/` in the host field
 *     colon_in_org        a `:` inside the org flyte reads, most often a `:` inside the secret (or client ID)
 *     colon_in_field      (encode/validate) a `:` in the client ID, secret or org
 *     whitespace_in_field a space, tab or newline inside a field (trailing newline: `echo` without `-n`)
 *     control_character   another control character inside a field
 *     empty_field         empty endpoint, client ID or secret
 *   warning (flyte reads the key; what it reads is shown):
 *     data_after_padding  text after a complete `=` padding: flyte stops reading there
 *     quoted_key          the key wrapped in quotes: flyte skips them
 *     trailing_newline    a newline after the key: flyte skips it
 *     whitespace_around_secret  a secret that starts or ends with a space or tab (carried as is)
 *     empty_org           empty org: wrong for self-hosted unless the host's first label equals UNION_ORG
 *     org_none            the org is the literal text "None", which flyte treats as no org
 *   info (flyte tolerates it):
 *     line_wrapped        line breaks inside the key (GNU base64 wraps at 76 columns)
 *     whitespace_in_key   spaces or tabs inside the key
 *     extra_padding       more `=` than needed
 *
 * No message contains a character of the client secret: they are built from field names and lengths only.
 * When the decoded text has a mis-split (a `:` in the org, a scheme or a port), the org flyte reads may hold
 * part of the secret, so decodeApiKey withholds it.
 */
import { createHash } from 'node:crypto';
import { hasInvisible, parseHost } from './validate.js';
import { Secret } from './secret.js';

export type KeyField = 'endpoint' | 'clientId' | 'clientSecret' | 'org';

export interface ApiKeyFields {
  endpoint: string;
  clientId: string;
  clientSecret: Secret;
  /** May be empty (flyte then infers the org from the host: see orgFromEndpoint). */
  org: string;
}

export interface KeyProblem {
  /** Stable code: see the list at the top of this file. */
  code: string;
  message: string;
  field?: KeyField | 'key';
  /** 'info' marks something flyte tolerates (line wrapping, extra padding). */
  severity: 'error' | 'warning' | 'info';
}

export const FIELD_LABEL: Record<KeyField, string> = {
  endpoint: 'endpoint',
  clientId: 'client ID',
  clientSecret: 'client secret',
  org: 'org',
};

// ---------------------------------------------------------------------------------------------------------
// flyte's algorithm, step by step

export type PythonB64Result =
  | { ok: true; bytes: Uint8Array; /** characters after the pad that ended decoding (ignored by Python) */ ignoredAfterPadding: number }
  | { ok: false; error: 'incorrect_padding' | 'invalid_length'; message: string };

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(256).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_INDEX[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Python's `base64.b64decode(s.encode("utf-8"))` (validate=False → binascii.a2b_base64 non-strict):
 * bytes outside the alphabet are skipped, a completed `=` padding ends decoding, `=` before two data
 * characters of a quantum is skipped, and a trailing partial quantum is an error.
 */
export function pythonB64Decode(input: string): PythonB64Result {
  const data = Buffer.from(input, 'utf8');
  const out: number[] = [];
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === 0x3d /* = */) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) {
        return { ok: true, bytes: Uint8Array.from(out), ignoredAfterPadding: data.length - i - 1 };
      }
      continue;
    }
    const v = B64_INDEX[ch]!;
    if (v < 0) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = v;
        break;
      case 1:
        quadPos = 2;
        out.push(((leftChar << 2) | (v >> 4)) & 0xff);
        leftChar = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out.push(((leftChar << 4) | (v >> 2)) & 0xff);
        leftChar = v & 0x03;
        break;
      default:
        quadPos = 0;
        out.push(((leftChar << 6) | v) & 0xff);
        leftChar = 0;
    }
  }
  if (quadPos === 1) {
    return { ok: false, error: 'invalid_length', message: 'Invalid base64-encoded string: number of data characters cannot be 1 more than a multiple of 4' };
  }
  if (quadPos !== 0) return { ok: false, error: 'incorrect_padding', message: 'Incorrect padding' };
  return { ok: true, bytes: Uint8Array.from(out), ignoredAfterPadding: 0 };
}

/** Python's `text.split(":", 3)`: split from the left on at most the first three colons. */
export function flyteSplit(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < 3) {
    const i = rest.indexOf(':');
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  return parts;
}

export type FlyteDecodeResult =
  | {
      ok: true;
      endpoint: string;
      clientId: string;
      clientSecret: Secret;
      /** As flyte returns it: an empty org becomes the string "None". */
      org: string;
    }
  | {
      ok: false;
      stage: 'base64' | 'utf8' | 'split';
      /** What flyte would report (never contains key material). */
      message: string;
      /** Number of parts after the split (stage 'split' only). */
      partCount?: number;
    };

/** Exactly flyte's decode_api_key: the fields flyte would use, or the error it would raise. */
export function flyteDecode(key: string): FlyteDecodeResult {
  const b64 = pythonB64Decode(key);
  if (!b64.ok) return { ok: false, stage: 'base64', message: b64.message };
  const text = utf8Strict(b64.bytes);
  if (text === undefined) return { ok: false, stage: 'utf8', message: 'the decoded bytes are not valid UTF-8' };
  const parts = flyteSplit(text);
  if (parts.length !== 4) {
    return {
      ok: false,
      stage: 'split',
      partCount: parts.length,
      message: `Invalid API key format. Expected 4 parts separated by ':', got ${parts.length}`,
    };
  }
  const [endpoint, clientId, secret, org] = parts as [string, string, string, string];
  return { ok: true, endpoint, clientId, clientSecret: new Secret(secret), org: org === '' ? 'None' : org };
}

function utf8Strict(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: Python's "utf-8" codec keeps a leading U+FEFF.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Endpoint and org helpers

/** A value quoted for a message: whitespace and every control character escaped, so nothing reaches a terminal raw. */
export function quote(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Turn what users paste (`https://host/`, `http://host`, `dns:///host`, spaces) into the bare host. */
export function normalizeEndpoint(input: string): { host: string; notice?: string } {
  const changes: string[] = [];
  let host = input;
  const trimmed = host.trim();
  if (trimmed !== host) {
    changes.push('surrounding whitespace');
    host = trimmed;
  }
  const scheme = /^(https?:\/\/|dns:\/\/\/)/i.exec(host);
  if (scheme) {
    changes.push(`"${scheme[1]!.toLowerCase()}"`);
    host = host.slice(scheme[1]!.length);
  }
  if (host.length > 1 && /\/+$/.test(host) && !host.slice(0, -1).includes('/')) {
    changes.push('the trailing "/"');
    host = host.replace(/\/+$/, '');
  }
  // flyte reaches a bare host on 443, so ":443" says nothing and would only break the key (it splits at ":").
  if (!/^http:/i.test(scheme?.[1] ?? '') && /^[^:/]+:443$/.test(host)) {
    changes.push('the default port ":443"');
    host = host.slice(0, -4);
  }
  if (changes.length === 0) return { host };
  return {
    host,
    notice: `endpoint: using the bare host ${quote(host)} (removed ${changes.length > 1 ? `${changes.slice(0, -1).join(', ')} and ${changes.at(-1)}` : changes[0]}).`,
  };
}

/**
 * flyte's org_from_endpoint: the first label of a host with three or more labels (`union.internal.acme.com`
 * → `union`), otherwise none. (A later flyte-sdk revision returns the first label of any host; the
 * three-label rule is the one its tests pin.)
 */
export function orgFromEndpoint(host: string): string | undefined {
  let h = host.trim();
  const scheme = /^(?:dns:\/\/\/|[a-z][a-z0-9+.-]*:\/\/)/i.exec(h);
  if (scheme) h = h.slice(scheme[0].length);
  h = h.split('/')[0]!.split(':')[0]!;
  const labels = h.split('.');
  if (labels.length < 3 || labels[0] === '') return undefined;
  return labels[0];
}

/** First 8 hex digits of the SHA-256 of the secret: lets people compare secrets without seeing them. */
export function secretFingerprint(secret: Secret): string {
  return createHash('sha256').update(secret.reveal(), 'utf8').digest('hex').slice(0, 8);
}

/** Below this many characters no fingerprint is shown anywhere (key decode, rotate, setup). */
export const MIN_FINGERPRINT_SECRET_LENGTH = 12;

/**
 * The fingerprint to SHOW, or undefined for a secret shorter than 12 characters: 32 bits of SHA-256 of a short
 * secret can be brute-forced back to the secret. Every printed or --json fingerprint goes through this.
 */
export function fingerprintIfSafe(secret: Secret): string | undefined {
  return secret.length >= MIN_FINGERPRINT_SECRET_LENGTH ? secretFingerprint(secret) : undefined;
}

/** The empty-org warning for a host: the self-hosted org problem and what flyte will infer. */
export function emptyOrgMessage(host: string): string {
  const inferred = orgFromEndpoint(host);
  const what = inferred
    ? `flyte will infer the org ${quote(inferred)} (the first DNS label of the host)`
    : `flyte infers no org from ${host ? quote(host) : 'the host'} (it takes the first label only of a host with three or more labels)`;
  return (
    `the org is empty: ${what}. On self-hosted Union the org must equal global.UNION_ORG from the control-plane ` +
    'Helm values; when it does not, the control plane rejects calls as cross-org. Set the org to that value.'
  );
}

// ---------------------------------------------------------------------------------------------------------
// Field validation (encode side)

const WHITESPACE = /\s/u;
/** Control, zero-width and bidi characters (one set for every input: src/core/validate.ts), plus line separators. */
const isControl = (c: string) => hasInvisible(c) || c === '\u2028' || c === '\u2029';

function describeWhitespace(value: string): string {
  if (/\n$/.test(value) && !/\s/.test(value.slice(0, -1))) return 'ends with a newline (the `echo` without `-n` mistake)';
  if (/^\s|\s$/.test(value)) return 'starts or ends with whitespace';
  return 'contains whitespace';
}

/** Problems shared by encode-side validation and decode-side analysis (no secret characters in messages). */
function contentProblems(field: KeyField, value: string, side: 'encode' | 'decode'): KeyProblem[] {
  const label = FIELD_LABEL[field];
  const problems: KeyProblem[] = [];
  const spacesOnly = field === 'clientSecret' && WHITESPACE.test(value) && !/[^\S \t]/.test(value);
  if (spacesOnly) {
    // Spaces and tabs only: flyte carries them intact (quote_plus in the Basic header), so inner ones are fine.
    if (/^[ \t]|[ \t]$/.test(value)) {
      problems.push({
        code: 'whitespace_around_secret',
        field,
        severity: 'warning',
        message:
          'the client secret starts or ends with a space or tab: flyte sends it as is. Secrets rarely do; if it came from a copy, check that it is whole and has nothing extra.',
      });
    }
  } else if (WHITESPACE.test(value)) {
    const how =
      field === 'org'
        ? 'flyte sends it as part of the org, and the control plane rejects the call as cross-org'
        : field === 'endpoint'
          ? 'flyte would try to connect to a host name containing it'
          : `flyte passes it to the identity provider as part of the ${label}, which then rejects the credentials`;
    problems.push({
      code: 'whitespace_in_field',
      field,
      severity: 'error',
      message:
        `the ${label} ${describeWhitespace(value)}: ${how}.` +
        (side === 'encode' ? ` Remove it (pipe with printf '%s' or echo -n).` : ''),
    });
  }
  // Whitespace controls (\n, \t) are reported above; other control characters here.
  if ([...value].some((c) => isControl(c) && !WHITESPACE.test(c))) {
    problems.push({
      code: 'control_character',
      field,
      severity: 'error',
      message: `the ${label} contains an invisible control character: flyte would send it as part of the ${label}. Re-copy the value.`,
    });
  }
  return problems;
}

/**
 * Problems with one field as it would be placed into the key. Normalise the endpoint with normalizeEndpoint
 * first: this reports a scheme or port rather than removing it.
 */
export function validateField(field: KeyField, value: string): KeyProblem[] {
  const label = FIELD_LABEL[field];
  if (value === '') {
    if (field === 'org') return [{ code: 'empty_org', field, severity: 'warning', message: emptyOrgMessage('') }];
    return [
      {
        code: 'empty_field',
        field,
        severity: 'error',
        message: `the ${label} is empty: flyte needs all of endpoint, client ID and client secret.`,
      },
    ];
  }
  const problems: KeyProblem[] = [];
  if (field === 'endpoint') {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      problems.push({
        code: 'scheme_in_endpoint',
        field,
        severity: 'error',
        message:
          'the endpoint starts with a scheme (like https://): flyte splits the key at its ":" and would read the scheme as ' +
          'the endpoint, the host as the client ID and the client ID as the secret. Use the bare host.',
      });
    } else if (/:\d*(\/|$)/.test(value) || value.includes(':')) {
      problems.push({
        code: 'port_in_endpoint',
        field,
        severity: 'error',
        message:
          'the endpoint contains a ":" (a port?): flyte splits the key at it and would read the port as the client ID. ' +
          'The key cannot carry a port: use the bare host (for a non-443 port, CI must pass flyte --endpoint dns:///HOST:PORT).',
      });
    }
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && value.includes('/')) {
      problems.push({
        code: 'path_in_endpoint',
        field,
        severity: 'error',
        message: 'the endpoint contains a "/": the key holds the bare host only, with no path.',
      });
    }
    if (problems.length === 0 && !WHITESPACE.test(value)) {
      // The one host rule (src/core/validate.ts): look-alike letters, a fullwidth colon, invisible characters.
      const host = parseHost(value, { port: false });
      if ('code' in host && host.code !== 'invisible_character') {
        problems.push({ code: host.code === 'lookalike_character' ? 'lookalike_in_endpoint' : 'invalid_endpoint', field, severity: 'error', message: `${host.message.replace(/^the host/, 'the endpoint')}` });
      }
    }
  } else if (value.includes(':')) {
    const how =
      field === 'clientId'
        ? 'flyte splits the key at every ":" from the left, so it would read the part after it as the secret and the secret as part of the org'
        : field === 'clientSecret'
          ? 'flyte splits the key at every ":" from the left, so it would read only the part before it as the secret and the rest as the org. ' +
            'A secret with a ":" cannot be carried in FLYTE_API_KEY: generate a new secret in the identity provider'
          : 'flyte would carry it, but org names never contain ":" and it cannot be told apart from a split secret';
    problems.push({ code: 'colon_in_field', field, severity: 'error', message: `the ${label} contains a ":": ${how}.` });
  }
  problems.push(...contentProblems(field, value, 'encode'));
  if (field === 'org' && value === 'None') {
    problems.push({
      code: 'org_none',
      field,
      severity: 'warning',
      message: 'the org is the text "None", which flyte treats as no org at all.',
    });
  }
  return problems;
}

/** Why a key cannot be built: the field problems (severity error), for the command to word with its flags. */
export class KeyEncodeError extends Error {
  constructor(readonly problems: KeyProblem[]) {
    super(problems[0]?.message ?? 'the fields cannot be carried in FLYTE_API_KEY');
    this.name = 'KeyEncodeError';
  }
}

/** The error-severity problems that stop these fields from being encoded (empty: encodable). */
export function encodeProblems(fields: ApiKeyFields): KeyProblem[] {
  return [
    ...validateField('endpoint', fields.endpoint),
    ...validateField('clientId', fields.clientId),
    ...validateField('clientSecret', fields.clientSecret.reveal()),
    ...validateField('org', fields.org),
  ].filter((p) => p.severity === 'error');
}

/** Build the key; throws KeyEncodeError (typed field problems, no CLI flags) when flyte would mis-read it. */
export function encodeApiKey(fields: ApiKeyFields): Secret {
  const secret = fields.clientSecret.reveal();
  const problems = encodeProblems(fields);
  if (problems.length > 0) throw new KeyEncodeError(problems);
  const text = `${fields.endpoint}:${fields.clientId}:${secret}:${fields.org}`;
  const key = Buffer.from(text, 'utf8').toString('base64');
  // Round trip through flyte's own algorithm: 4 parts equal to the inputs, or refuse.
  const back = flyteDecode(key);
  if (
    !back.ok ||
    back.endpoint !== fields.endpoint ||
    back.clientId !== fields.clientId ||
    back.clientSecret.reveal() !== secret ||
    back.org !== (fields.org === '' ? 'None' : fields.org)
  ) {
    throw new Error('internal error: the key does not decode to its fields by flyte rules');
  }
  return new Secret(key);
}

// ---------------------------------------------------------------------------------------------------------
// Decode and explain

export interface DecodedApiKey {
  /** flyte would read the key as intended. */
  valid: boolean;
  /** The fields flyte reads; empty when they cannot be shown safely (see `withheld`). */
  endpoint: string;
  clientId: string;
  clientSecret: Secret;
  /** The org text flyte reads ("" when empty or withheld). */
  org: string;
  /** What flyte infers when the org is empty (first DNS label of a host with 3+ labels). */
  inferredOrg?: string;
  problems: KeyProblem[];
  /** Number of fields after flyte's split (0 when base64/UTF-8 decoding failed). */
  fieldCount: number;
  /** Fields not shown because they may contain part of the secret. */
  withheld: Array<'endpoint' | 'clientId' | 'org'>;
}

/** Client IDs that are almost certainly a port written after the host (the org is then the secret). */
const WELL_KNOWN_PORTS = new Set(['80', '443', '8080', '8443', '30080', '30443']);

/** The problem list of one decode, and the three ways of adding to it. */
function problemSink(problems: KeyProblem[]) {
  return {
    err: (code: string, message: string, field: KeyProblem['field'] = 'key') => problems.push({ code, message, field, severity: 'error' }),
    info: (code: string, message: string) => problems.push({ code, message, field: 'key', severity: 'info' }),
    warn: (code: string, message: string) => problems.push({ code, message, field: 'key', severity: 'warning' }),
  };
}
type ProblemSink = ReturnType<typeof problemSink>;

export function decodeApiKey(key: string): DecodedApiKey {
  const problems: KeyProblem[] = [];
  const result: DecodedApiKey = {
    valid: false,
    endpoint: '',
    clientId: '',
    clientSecret: new Secret(''),
    org: '',
    problems,
    fieldCount: 0,
    withheld: [],
  };
  const sink = problemSink(problems);
  const { err } = sink;
  const core = unwrapKey(key, sink);
  if (core === undefined) return result;
  const text = decodeKeyText(core, problems, sink);
  if (text === undefined) return result;

  // 2. flyte's split.
  const parts = flyteSplit(text);
  result.fieldCount = parts.length;
  if (parts.length !== 4) {
    const lengths = parts.map((p) => p.length).join(', ');
    err(
      'wrong_field_count',
      `the key holds ${parts.length} field${parts.length === 1 ? '' : 's'} (length${parts.length === 1 ? '' : 's'} ${lengths}) where flyte needs 4 (endpoint:client-id:secret:org): ` +
        `flyte fails with "Expected 4 parts separated by ':', got ${parts.length}".` +
        (parts.length === 3 ? ' With an empty org the text must still end with ":".' : ''),
    );
    // Which field holds the secret is unknown here: show none of them.
    result.withheld = ['endpoint', 'clientId', 'org'];
    return result;
  }
  const [endpoint, clientId, secret, org] = parts as [string, string, string, string];
  result.fieldCount = 4;

  // 3. Mis-splits: the org flyte reads may then hold part of the secret.
  const misSplit = misSplitProblems(endpoint, clientId, org, problems, sink);

  result.endpoint = endpoint;
  result.clientId = clientId;
  result.clientSecret = new Secret(secret);
  if (misSplit) {
    result.withheld = ['org'];
  } else {
    result.org = org === 'None' ? '' : org;
  }

  // 4. Field contents.
  const inferredOrg = fieldProblems(endpoint, clientId, secret, org, misSplit, problems, sink);
  if (inferredOrg !== undefined) result.inferredOrg = inferredOrg;
  result.valid = !problems.some((p) => p.severity === 'error');
  return result;
}

/** The key's outer layer: empty, a trailing newline, surrounding quotes. Returns the text inside, or undefined (empty). */
function unwrapKey(key: string, { err, warn }: ProblemSink): string | undefined {
  let core = key.trim();
  if (core === '') {
    err('empty_key', 'the key is empty.');
    return undefined;
  }
  if (/\n$/.test(key)) {
    warn('trailing_newline', 'the key ends with a newline: flyte ignores it (it skips characters outside base64) and reads the key before it. Store it without one.');
  }
  const quoted = /^(["'])([\s\S]*)\1$/.exec(core);
  if (quoted) {
    // flyte's decoder skips the quote characters, so it reads the key inside them.
    warn('quoted_key', `the key is wrapped in ${quoted[1] === '"' ? 'double' : 'single'} quotes: flyte skips them and reads the key inside. Store it without the quotes.`);
    core = quoted[2]!.trim();
  }

  return core;
}

/**
 * 1. The encoded text: what flyte's lenient base64 decoder tolerates and what it silently drops. Returns the
 * decoded UTF-8 text, or undefined when flyte cannot decode it (the problem says why).
 */
function decodeKeyText(core: string, problems: KeyProblem[], { err, info, warn }: ProblemSink): string | undefined {
  if (/[\r\n]/.test(core)) {
    info('line_wrapped', 'the key has line breaks inside (base64 wrapping at 76 columns?): flyte tolerates this, but store it as one line.');
  }
  if (/[ \t]/.test(core)) info('whitespace_in_key', 'the key has spaces or tabs inside: flyte ignores them.');
  const urlSafe = /[-_]/.test(core);
  if (urlSafe) {
    err(
      'url_safe_alphabet',
      'the key uses the URL-safe base64 alphabet ("-" or "_"): flyte drops those characters and reads garbage or fails. ' +
        'Encode with standard base64 (or use `flyte-ci-auth key encode`).',
    );
  }
  const foreign = [...core].filter((c) => !/[A-Za-z0-9+/=\s\-_]/.test(c)).length;
  if (foreign > 0) {
    err(
      'not_base64',
      `the key contains ${foreign} character${foreign === 1 ? '' : 's'} outside the base64 alphabet: flyte silently drops them and decodes the rest.`,
    );
  }
  const dataChars = [...core].filter((c) => B64_INDEX[c.charCodeAt(0)]! >= 0 && c.charCodeAt(0) < 128).length;
  const padChars = [...core].filter((c) => c === '=').length;
  const needed = (4 - (dataChars % 4)) % 4;

  const b64 = pythonB64Decode(core);
  if (!b64.ok) {
    if (b64.error === 'incorrect_padding' && padChars === 0 && !urlSafe && foreign === 0) {
      err(
        'missing_padding',
        `the key lacks its "=" padding (${needed} missing): flyte fails with "Incorrect padding". Add the padding or re-encode.`,
      );
    } else if (!problems.some((p) => p.severity === 'error')) {
      err(
        'not_base64',
        b64.error === 'invalid_length'
          ? 'the key is not valid base64 (its length is one more than a multiple of 4, so it was cut or edited): flyte fails to decode it.'
          : 'the key is not valid base64 (its padding does not fit its length): flyte fails with "Incorrect padding".',
      );
    }
    return undefined;
  }
  if (b64.ignoredAfterPadding > 0 && /[A-Za-z0-9+/]/.test(core.slice(core.length - b64.ignoredAfterPadding))) {
    // flyte reads the key up to the padding; the fields below are what it gets (an error only if they are wrong).
    warn(
      'data_after_padding',
      `the key has ${b64.ignoredAfterPadding} more character${b64.ignoredAfterPadding === 1 ? '' : 's'} after its "=" padding (two keys pasted together?): flyte stops reading at the padding and uses only the part before it, shown below. Store only that part.`,
    );
  } else if (padChars > needed) {
    info('extra_padding', 'the key has more "=" padding than needed: flyte tolerates this.');
  }
  const text = utf8Strict(b64.bytes);
  if (text === undefined) {
    err('not_base64', 'the key decodes to bytes that are not UTF-8 text: flyte fails to read it. Re-copy or re-encode the key.');
  }
  return text;

}

/** 3. Mis-splits (a scheme or port in the endpoint, a ":" in the secret). Returns whether the fields are shifted. */
function misSplitProblems(endpoint: string, clientId: string, org: string, problems: KeyProblem[], { err }: ProblemSink): boolean {
  let misSplit = false;
  if (/^[a-z][a-z0-9+-]*$/i.test(endpoint) && clientId.startsWith('//')) {
    misSplit = true;
    err(
      'scheme_in_endpoint',
      `the endpoint starts with a scheme ("${endpoint}://"): flyte splits at its ":" and reads the endpoint "${endpoint}", ` +
        'the host as the client ID, the client ID as the secret and the secret as the org. Re-encode with the bare host.',
      'endpoint',
    );
  } else if (/^\d{1,5}$/.test(clientId) && org.includes(':')) {
    // A number where the client ID belongs, and a ":" left in the org: a port after the host shifted every field.
    // (A numeric client ID alone is just a client ID: many providers issue them.)
    misSplit = true;
    problems.push({
      code: 'port_in_endpoint',
      field: 'endpoint',
      severity: 'error',
      message:
        `the endpoint is followed by a port (":${clientId}"): flyte reads the port as the client ID, the client ID as the secret ` +
        'and the secret as the org. The key cannot carry a port: re-encode with the bare host.',
    });
  } else if (WELL_KNOWN_PORTS.has(clientId)) {
    // A client ID that is exactly a common HTTPS port is far more often a port after the host, and then the org
    // flyte reads is the secret: warn, and do not show the org. Any other number is just a numeric client ID.
    misSplit = true;
    problems.push({
      code: 'port_in_endpoint',
      field: 'endpoint',
      severity: 'warning',
      message:
        `the client ID flyte reads is ${clientId}, a common port number: if the host was written as host:${clientId}, flyte reads the port as ` +
        'the client ID, the client ID as the secret and the secret as the org (so the org is not shown). Ignore this if your client ID really is this number.',
    });
  }
  if (org.includes(':')) {
    misSplit = true;
    if (!problems.some((p) => p.code === 'scheme_in_endpoint' || p.code === 'port_in_endpoint')) {
      err(
        'colon_in_org',
        'the org flyte reads contains ":", which means the key has more than three ":" — most often a ":" inside the client ' +
          'secret (or client ID). flyte reads only the part before it as the secret and sends the rest as the org, so the ' +
          'identity provider rejects the secret. Generate a secret without ":".',
        'org',
      );
    }
  }

  return misSplit;
}

/** 4. Field contents. Returns the org flyte infers when the org is empty (undefined otherwise). */
function fieldProblems(
  endpoint: string,
  clientId: string,
  secret: string,
  org: string,
  misSplit: boolean,
  problems: KeyProblem[],
  { err }: ProblemSink,
): string | undefined {
  let inferredOrg: string | undefined;
  for (const [field, value] of [
    ['endpoint', endpoint],
    ['clientId', clientId],
    ['clientSecret', secret],
  ] as const) {
    if (value === '') {
      err('empty_field', `the ${FIELD_LABEL[field]} is empty: flyte cannot authenticate without it.`, field);
      continue;
    }
    problems.push(...contentProblems(field, value, 'decode'));
  }
  if (!misSplit && endpoint.includes('/')) {
    err('path_in_endpoint', 'the endpoint contains a "/": flyte would treat it as part of the host name. Re-encode with the bare host.', 'endpoint');
  }
  if (!misSplit) {
    if (org === '' || org === 'None') {
      inferredOrg = orgFromEndpoint(endpoint);
      problems.push({
        code: org === '' ? 'empty_org' : 'org_none',
        field: 'org',
        severity: 'warning',
        message: (org === 'None' ? 'the org is the text "None", which flyte treats as empty; ' : '') + emptyOrgMessage(endpoint),
      });
    } else {
      problems.push(...contentProblems('org', org, 'decode'));
    }
  }
  return inferredOrg;
}
