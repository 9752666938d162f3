/**
 * Reading an identity provider's (or a gateway's) answer body without trusting it: never JSON.parse blindly,
 * cope with HTML served as application/json, JSON followed by an IIS page, Okta's errorCode/errorSummary shape,
 * gateway `detailedmessage`, SDK-wrapped AADSTS messages and arbitrary key spellings.
 */
import { stripControl } from './sanitize.js';

export interface ParsedBody {
  /** empty: nothing but whitespace; html: first non-space char is `<`; json: an object could be read; text: anything else. */
  kind: 'empty' | 'json' | 'html' | 'text';
  json?: Record<string, unknown>;
  /** The machine code: `error` → `errorCode` → `code` (strings only). */
  error?: string;
  /** The human text: `error_description` → `errorSummary` → `detailedmessage` → `message` → other known keys. */
  description?: string;
  /** AADSTS codes: `error_codes` in order when present, else every `AADSTS<n>` found in the text, in order. */
  aadsts: string[];
  /** The HTML page title (decoded, sanitised), when the body is (or ends in) HTML. */
  title?: string;
  /** Text to match signatures against: every string value of the JSON plus any trailing text, or the raw body. */
  matchText: string;
  /** True when the JSON object was followed by other content (e.g. an IIS error page). */
  trailing?: boolean;
}

/** Normalised key → priority order for the description. */
const DESCRIPTION_KEYS = [
  'errordescription',
  'errorsummary',
  'detailedmessage',
  'message',
  'errormessage',
  'errormsg',
  'detail',
  'description',
];
const CODE_KEYS = ['error', 'errorcode', 'code', 'errortype'];

const normKey = (k: string) => k.toLowerCase().replace(/[\s_\-.]/g, '');

export function parseBody(body: string): ParsedBody {
  const trimmed = body.replace(/^[\s\uFEFF]+/, '').trimEnd();
  if (trimmed === '') return { kind: 'empty', aadsts: [], matchText: '' };

  if (trimmed.startsWith('<')) {
    const title = htmlTitle(trimmed);
    return { kind: 'html', aadsts: aadstsIn(trimmed), matchText: htmlText(trimmed), ...(title ? { title } : {}) };
  }

  let json: unknown;
  let rest = '';
  try {
    json = JSON.parse(trimmed);
  } catch {
    const lead = trimmed.startsWith('{') ? leadingJsonObject(trimmed) : undefined;
    if (lead) {
      try {
        json = JSON.parse(lead);
        rest = trimmed.slice(lead.length);
      } catch {
        json = undefined;
      }
    }
  }

  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { kind: 'text', aadsts: aadstsIn(trimmed), matchText: trimmed };
  }

  const obj = json as Record<string, unknown>;
  const flat = flatten(obj);
  const error = pick(flat, CODE_KEYS, obj);
  const description = pick(flat, DESCRIPTION_KEYS);
  const strings = collectStrings(obj);
  const matchText = [...strings, rest ? htmlText(rest) : ''].filter(Boolean).join('\n');

  const listed = listedCodes(obj);
  const aadsts = listed.length > 0 ? listed : aadstsIn(matchText);
  const title = rest ? htmlTitle(rest) : undefined;
  return {
    kind: 'json',
    json: obj,
    ...(error !== undefined ? { error } : {}),
    ...(description !== undefined ? { description } : {}),
    aadsts,
    matchText,
    ...(title ? { title } : {}),
    ...(rest.trim() ? { trailing: true } : {}),
  };
}

/** The page <title>, entity-decoded, then stripped of control sequences (decoding may create them). */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  let raw = m?.[1];
  if (raw === undefined) {
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(html);
    raw = h1?.[1];
  }
  if (raw === undefined) return undefined;
  const text = stripControl(decodeEntities(raw.replace(/<[^>]*>/g, ' ')), { singleLine: true, maxLength: 120 });
  return text || undefined;
}

/** Visible-ish text of an HTML page, for signature matching only (never printed as-is). */
function htmlText(html: string): string {
  return decodeEntities(html.replace(/<script[\s\S]*?<\/script>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === '#') {
      const n = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
    }
    return named[ent.toLowerCase()] ?? whole;
  });
}

function aadstsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/AADSTS(\d{4,8})/g)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
  return out;
}

/** Entra's `error_codes` array (numbers or numeric strings), in order. */
function listedCodes(obj: Record<string, unknown>): string[] {
  for (const [k, v] of Object.entries(obj)) {
    if (normKey(k) === 'errorcodes' && Array.isArray(v)) {
      return v.map((x) => String(x)).filter((x) => /^\d{4,8}$/.test(x));
    }
  }
  return [];
}

/** Top-level keys plus one level of nesting (`error: {code, message}`, `details: {...}`), normalised. */
function flatten(obj: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (k: string, v: unknown) => {
    if (typeof v === 'string' && v.trim() !== '' && !out.has(k)) out.set(k, v);
    if (typeof v === 'number' && !out.has(k)) out.set(k, String(v));
  };
  for (const [k, v] of Object.entries(obj)) add(normKey(k), v);
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        const nk = normKey(k2);
        // `error: {code, message}` → code / message; other nested objects only fill gaps.
        add(normKey(k) === 'error' && nk === 'code' ? 'errorcode' : nk, v2);
      }
    }
  }
  return out;
}

function pick(flat: Map<string, string>, keys: string[], top?: Record<string, unknown>): string | undefined {
  for (const k of keys) {
    const v = flat.get(k);
    if (v === undefined) continue;
    // A numeric `code` (Okta E0000xx is a string; HTTP-like numbers are not an OAuth error code).
    if (top && /^\d+$/.test(v) && k !== 'errorcode') continue;
    return v;
  }
  return undefined;
}

function collectStrings(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 5 || out.length > 200) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, depth + 1, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, depth + 1, out);
  return out;
}

/** The first balanced `{…}` at the start of the text, honouring strings and escapes. */
function leadingJsonObject(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return undefined;
}
