/**
 * One rule per input, shared by every command and the wizard: host, project, domain, org, repository, timeout,
 * scopes, and the text read from stdin. Pure: each returns a typed problem (or the parsed value); commands turn
 * problems into exit codes and name their own flags.
 *
 * Where the rules come from:
 * - project/domain/org: flyteidl2 `RunIdentifier` (common/identifier.proto) requires 1–63 characters for org,
 *   project and domain; flyte puts project and domain into pipeline command lines and Kubernetes namespaces, so
 *   letters, digits, "-" and "_" (starting with a letter or digit) is the rule already used for the snippets.
 * - host: a DNS name (ASCII letters, digits, "-", "."), an IPv4 address or a bracketed IPv6 address, with an
 *   optional port 1–65535 where the caller allows one. Look-alike letters (Cyrillic "а"), a fullwidth colon
 *   and invisible characters are refused: flyte would try to resolve them as typed.
 */
import { parseRepoArg, type RepoRef } from './ci/remote.js';

export interface InputProblem {
  /** Stable code, e.g. `invalid_host`, `port_out_of_range`, `invisible_character`. */
  code: string;
  /** One sentence about the value (never the flag name: the caller adds it). */
  message: string;
}

/** Longest echo of a user value inside a message. */
export const ECHO_MAX = 60;

/** A GUID (Entra application, object, key and tenant IDs). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A user value as shown inside a message: quoted, control and invisible characters escaped, capped at ECHO_MAX
 * characters (a 100 KB value is not echoed back in full).
 */
export function shown(value: string, max = ECHO_MAX): string {
  const chars = [...value];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
  return JSON.stringify(cut).replace(INVISIBLE_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** C0/C1 controls, soft hyphen, zero-width characters, bidi embeddings/overrides/isolates, word joiners, BOM. */
const INVISIBLE_SOURCE = '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff]';
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'u');
const INVISIBLE_GLOBAL = new RegExp(INVISIBLE_SOURCE, 'gu');

export function hasInvisible(value: string): boolean {
  return INVISIBLE.test(value);
}

function invisibleProblem(value: string, what: string): InputProblem | undefined {
  if (!hasInvisible(value)) return undefined;
  return {
    code: 'invisible_character',
    message: `the ${what} ${shown(value)} contains an invisible or direction-changing character (zero-width, bidi override or control): re-type it.`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Host

export interface HostOptions {
  /** A `:PORT` suffix is allowed (config.yaml, check); FLYTE_API_KEY cannot carry one. */
  port?: boolean;
}

export interface ParsedHost {
  host: string;
  port?: number;
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** One host rule everywhere. `value` is the bare host (scheme and trailing slash already removed). */
export function parseHost(value: string, opts: HostOptions = {}): ParsedHost | InputProblem {
  if (value === '') return { code: 'empty', message: 'the host is empty.' };
  const inv = invisibleProblem(value, 'host');
  if (inv) return inv;
  if (/\s/.test(value)) return { code: 'invalid_host', message: `the host ${shown(value)} contains whitespace.` };
  if (/[\uff1a\ufe55\ufe13\u02d0\u2236]/.test(value)) {
    return { code: 'lookalike_character', message: `the host ${shown(value)} contains a look-alike colon (fullwidth "："): type a plain ":".` };
  }
  if (/[^\x20-\x7e]/.test(value)) {
    return {
      code: 'lookalike_character',
      message: `the host ${shown(value)} contains a character outside plain ASCII (a look-alike letter such as Cyrillic "а"?): type it again; an internationalised name goes in its xn-- form.`,
    };
  }
  let host = value;
  let portText: string | undefined;
  const v6 = /^(\[[0-9A-Fa-f:.]+\])(?::(.*))?$/.exec(value);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else {
    const i = value.lastIndexOf(':');
    if (i >= 0) {
      host = value.slice(0, i);
      portText = value.slice(i + 1);
    }
  }
  if (portText !== undefined) {
    if (!opts.port) return { code: 'port_not_allowed', message: `the host ${shown(value)} has a ":" (a port?): a bare host is needed here.` };
    if (!/^\d{1,5}$/.test(portText)) return { code: 'invalid_port', message: `the port in ${shown(value)} is not a number.` };
    const port = Number(portText);
    if (port < 1 || port > 65535) return { code: 'port_out_of_range', message: `the port ${port} is outside 1–65535.` };
    const parsed = parseHost(host, { port: false });
    return 'code' in parsed ? parsed : { host: parsed.host, port };
  }
  if (v6) return { host };
  if (host.length > 253) return { code: 'invalid_host', message: 'the host is longer than 253 characters.' };
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.some((l) => !LABEL.test(l))) {
    return {
      code: 'invalid_host',
      message: `the host ${shown(value)} is not a host name (letters, digits, "-" and "." only, no "/", "_" or empty labels).`,
    };
  }
  return { host };
}

export function hostProblem(value: string, opts: HostOptions = {}): InputProblem | undefined {
  const r = parseHost(value, opts);
  return 'code' in r ? r : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Project, domain, org

/** flyteidl2 RunIdentifier: org, project and domain are 1–63 characters. */
export const FLYTE_ID_MAX = 63;

export function flyteIdProblem(what: 'project' | 'domain', value: string): InputProblem | undefined {
  if (value === '') return { code: 'empty', message: `the ${what} is empty.` };
  const inv = invisibleProblem(value, what);
  if (inv) return inv;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value)) {
    return { code: `invalid_${what}`, message: `the ${what} ${shown(value)} may only contain letters, digits, "-" and "_" (and must start with a letter or digit).` };
  }
  if (value.length > FLYTE_ID_MAX) return { code: `invalid_${what}`, message: `the ${what} is longer than ${FLYTE_ID_MAX} characters (flyte's limit).` };
  return undefined;
}

export const projectProblem = (value: string) => flyteIdProblem('project', value);
export const domainProblem = (value: string) => flyteIdProblem('domain', value);

/**
 * The org (global.UNION_ORG). Empty is allowed here (the callers warn about it). Refused: whitespace, ":"
 * (FLYTE_API_KEY splits on it), invisible and bidi characters, more than 63 characters.
 */
export function orgProblem(value: string): InputProblem | undefined {
  if (value === '') return undefined;
  const inv = invisibleProblem(value, 'org');
  if (inv) return inv;
  if (/\s/.test(value)) return { code: 'invalid_org', message: `the org ${shown(value)} contains whitespace: the control plane would reject every call as cross-org.` };
  if (value.includes(':')) return { code: 'invalid_org', message: `the org ${shown(value)} contains ":": FLYTE_API_KEY cannot carry it and org names never have one.` };
  if ([...value].length > FLYTE_ID_MAX) return { code: 'invalid_org', message: `the org is longer than ${FLYTE_ID_MAX} characters (flyte's limit).` };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Repository

export function parseRepository(forge: 'github' | 'gitlab', value: string): RepoRef | InputProblem {
  const inv = invisibleProblem(value, 'repository');
  if (inv) return inv;
  const r = parseRepoArg(forge, value);
  if (r) return r;
  return {
    code: 'invalid_repository',
    message:
      forge === 'github'
        ? `the repository ${shown(value)} is not OWNER/REPO (or HOST/OWNER/REPO, or its URL).`
        : `the project ${shown(value)} is not GROUP/PROJECT (or HOST/GROUP/PROJECT, or its URL).`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Timeout and scopes

export const TIMEOUT_MAX_SECONDS = 600;
/** Below this a request cannot finish: `1e-9` would make every request time out at once. */
export const TIMEOUT_MIN_SECONDS = 0.1;

/** Seconds as `15`, `15s` or `2.5`; no exponent, hex, sign or empty value. Returns milliseconds. */
export function parseTimeout(text: string): number | InputProblem {
  const m = /^(\d{1,4}(?:\.\d{1,3})?)s?$/.exec(text.trim());
  const seconds = m ? Number(m[1]) : NaN;
  if (!m || !(seconds >= TIMEOUT_MIN_SECONDS && seconds <= TIMEOUT_MAX_SECONDS)) {
    return {
      code: 'invalid_timeout',
      message: `${text === '' ? 'the timeout is empty' : `${shown(text)} is not a timeout`}: give seconds between ${TIMEOUT_MIN_SECONDS} and ${TIMEOUT_MAX_SECONDS}, like 15 or 15s.`,
    };
  }
  return Math.round(seconds * 1000);
}

/** Scopes from repeated flags, each of which may hold a space- or comma-separated list. */
export function splitScopes(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------------
// Did you mean

/** Names people type for a provider id (`--provider azure` means entra). */
export const PROVIDER_ALIASES: Record<string, string> = {
  azure: 'entra',
  'azure-ad': 'entra',
  azuread: 'entra',
  aad: 'entra',
  microsoft: 'entra',
  'entra-id': 'entra',
  entraid: 'entra',
  oidc: 'generic',
  other: 'generic',
};

/** Damerau-Levenshtein distance (adjacent swaps count as one edit). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a distance that scales with the word's length, or undefined. */
export function didYouMean(input: string, candidates: readonly string[], aliases: Record<string, string> = {}): string | undefined {
  const lower = input.toLowerCase();
  if (aliases[lower] !== undefined) return aliases[lower];
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const dist = editDistance(lower, c.toLowerCase());
    if (!best || dist < best.d) best = { c, d: dist };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(lower.length, best.c.length) / 3)));
  if (best.d <= limit) return best.c;
  const prefix = candidates.filter((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
  return prefix.length === 1 ? prefix[0] : undefined;
}
