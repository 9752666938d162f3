/**
 * The diagnosis catalogue (assets/diagnoses.json) turned into Diagnosis values: pick the entry for a code, apply a
 * signature variant, choose the provider's fix steps, and fill {placeholders} with sanitised values.
 * Pure: no I/O, no clock.
 *
 * The catalogue is typed data. TypeScript reads the JSON's keys as literal types, so:
 * - every DiagnosisCode must have an entry and every entry must be a DiagnosisCode (the two assertions below);
 * - a variant is `VariantOf<code>`, a note key is `NoteKey`, a warning key is `WarningKey`: a misspelt one in
 *   src/ is a type error (`npx tsc --noEmit`);
 * - what types cannot see inside strings (placeholders, provider names, variant prefixes, sources) is checked by
 *   validateCatalogue() in src/core/diagnose-schema.ts, which the unit tests run against the real file.
 */
import catalogue from '../../assets/diagnoses.json' with { type: 'json' };
import type { Diagnosis, DiagnosisCode, ProviderId } from './check-types.js';
import { stripControl } from './sanitize.js';

type FixMap = Partial<Record<ProviderId, string[]>>;

interface Entry {
  title: string;
  detail: string;
  fix: FixMap;
  sources?: Partial<Record<ProviderId, string>>;
}

interface VariantEntry {
  title?: string;
  detail?: string;
  fix?: FixMap;
  sources?: Partial<Record<ProviderId, string>>;
}

interface Catalogue {
  defaults: Record<string, string>;
  codes: Record<string, Entry>;
  variants: Record<string, VariantEntry>;
  notes: Record<string, string>;
  warnings: Record<string, string>;
}

const CAT = catalogue as unknown as Catalogue;

type Json = typeof catalogue;
/** Every `"<code>/<name>"` key of `variants`. */
export type VariantKey = keyof Json['variants'] & string;
type VariantsOfKey<K, C extends string> = K extends `${C}/${infer V}` ? V : never;
/** The variant names the catalogue defines for code C. */
export type VariantOf<C extends DiagnosisCode> = VariantsOfKey<VariantKey, C>;
export type NoteKey = keyof Json['notes'] & string;
export type WarningKey = keyof Json['warnings'] & string;
/** A catalogue note, or a sentence already in plain words (`raw:…`). */
export type NoteRef = NoteKey | `raw:${string}`;

// Compile-time checks of the JSON against the DiagnosisCode union (a failing one is a type error here).
type CodeKey = keyof Json['codes'] & string;
type VariantCode<K> = K extends `${infer C}/${string}` ? C : never;
const everyCodeHasAnEntry: Record<DiagnosisCode, unknown> = catalogue.codes;
const noEntryWithoutACode: Exclude<CodeKey, DiagnosisCode> extends never ? true : false = true;
const noVariantWithoutACode: Exclude<VariantCode<VariantKey>, DiagnosisCode> extends never ? true : false = true;
void everyCodeHasAnEntry;
void noEntryWithoutACode;
void noVariantWithoutACode;

/** Values for {placeholders}. Anything server-provided is sanitised on substitution. */
export type DiagnosisVars = Partial<Record<string, string | number | undefined>>;

export interface BuildOptions<C extends DiagnosisCode = DiagnosisCode> {
  /** A signature variant, `variants["<code>/<variant>"]` in the catalogue. */
  variant?: VariantOf<C>;
  vars?: DiagnosisVars;
  /** The provider's own error text (untrusted; sanitised here). */
  providerText?: string;
  /** The provider's own `error` / `error_description` and, for an unknown answer, a body excerpt (all sanitised here). */
  providerFields?: { error?: string; errorDescription?: string; excerpt?: string };
  /** Note keys from the catalogue (or `raw:` sentences already in plain words) appended to the detail. */
  notes?: NoteRef[];
  /** Extra steps: note keys appended to the fix list. */
  extraFix?: NoteRef[];
  /** Steps put before the entry's own steps (used when one diagnosis wraps another's cause). */
  prefixFix?: string[];
  /** Replace the title (already composed from catalogue text). */
  title?: string;
  /** Replace the detail (already composed from catalogue text). */
  detail?: string;
}

const VALUE_MAX = 200;
export const PROVIDER_TEXT_MAX = 600;
/** The body excerpt of an unrecognised answer is at most this long. */
export const EXCERPT_MAX = 200;

export function severityOf(code: DiagnosisCode): Diagnosis['severity'] {
  if (code === 'ok') return 'ok';
  if (code === 'opaque_token') return 'warning';
  return 'error';
}

/** Every code that has a catalogue entry (the tests assert this covers DiagnosisCode). */
export function catalogueCodes(): string[] {
  return Object.keys(CAT.codes);
}

export function catalogueVariants(): string[] {
  return Object.keys(CAT.variants);
}

/** The citation behind a code's (or variant's) provider-specific fix steps, when the catalogue has one. */
export function fixSource(code: DiagnosisCode, provider: ProviderId, variant?: string): string | undefined {
  const v = variant ? (CAT.variants[`${code}/${variant}`] as { sources?: Record<string, string> } | undefined) : undefined;
  const e = CAT.codes[code] as { sources?: Record<string, string> } | undefined;
  return v?.sources?.[provider] ?? e?.sources?.[provider];
}

export function hasVariant(code: DiagnosisCode, variant: string): boolean {
  return `${code}/${variant}` in CAT.variants;
}

/** Fill {name} placeholders. Values are single-lined and stripped of control sequences; unknown names stay as-is. */
export function fillTemplate(template: string, vars: DiagnosisVars = {}): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v !== undefined && v !== null && String(v).trim() !== '') {
      return stripControl(String(v), { singleLine: true, maxLength: VALUE_MAX });
    }
    const d = CAT.defaults[name];
    return d ?? whole;
  });
}

/** A catalogue note (or a `raw:` sentence) with placeholders filled. */
export function noteText(key: NoteRef, vars: DiagnosisVars = {}): string {
  if (key.startsWith('raw:')) return key.slice(4);
  const t = CAT.notes[key];
  if (t === undefined) throw new Error(`diagnoses.json has no note "${key}"`);
  return fillTemplate(t, vars);
}

/** A warning message from the catalogue's `warnings` section with placeholders filled. */
export function warningText(key: WarningKey, vars: DiagnosisVars = {}): string {
  const t = CAT.warnings[key];
  if (t === undefined) throw new Error(`diagnoses.json has no warning "${key}"`);
  return fillTemplate(t, vars);
}

function pickFix(entry: Entry, variant: VariantEntry | undefined, provider: ProviderId): string[] {
  const v = variant?.fix;
  return v?.[provider] ?? v?.generic ?? entry.fix[provider] ?? entry.fix.generic ?? [];
}

/** Build any Diagnosis from the catalogue by code + provider + variables. */
export function buildDiagnosis<C extends DiagnosisCode>(code: C, provider: ProviderId, opts: BuildOptions<C> = {}): Diagnosis {
  const entry = CAT.codes[code];
  if (!entry) throw new Error(`diagnoses.json has no entry for "${code}"`);
  const variant = opts.variant ? CAT.variants[`${code}/${opts.variant}`] : undefined;
  if (opts.variant && !variant) throw new Error(`diagnoses.json has no variant "${code}/${opts.variant}"`);
  const vars = opts.vars ?? {};

  const title = opts.title ?? fillTemplate(variant?.title ?? entry.title, vars);
  const detailParts = [opts.detail ?? fillTemplate(variant?.detail ?? entry.detail, vars)];
  for (const n of opts.notes ?? []) detailParts.push(noteText(n, vars));

  const fix = [
    ...(opts.prefixFix ?? []),
    ...pickFix(entry, variant, provider).map((s) => fillTemplate(s, vars)),
    ...(opts.extraFix ?? []).map((k) => noteText(k, vars)),
  ];

  const diagnosis: Diagnosis = {
    code,
    severity: severityOf(code),
    title,
    detail: detailParts.join(' '),
    fix: dedupe(fix),
  };
  const text = opts.providerText === undefined ? '' : cleanProviderText(opts.providerText);
  if (text) diagnosis.providerText = text;
  const pf = opts.providerFields;
  const field = (v: string | undefined, max: number) => (v === undefined ? '' : maskCredentials(stripControl(v, { singleLine: true, maxLength: max })).trim());
  const error = field(pf?.error, 120);
  const description = field(pf?.errorDescription, PROVIDER_TEXT_MAX);
  const excerpt = field(pf?.excerpt, EXCERPT_MAX);
  if (error) diagnosis.providerError = error;
  if (description) diagnosis.providerErrorDescription = description;
  if (excerpt) diagnosis.providerExcerpt = excerpt;
  return diagnosis;
}

/** The success diagnosis. */
export function okDiagnosis(provider: ProviderId = 'generic', vars: DiagnosisVars = {}): Diagnosis {
  return buildDiagnosis('ok', provider, { vars });
}

/** Provider text as it may be shown: control sequences stripped, one line, bounded. */
export function cleanProviderText(text: string): string {
  return maskCredentials(stripControl(text, { singleLine: true, maxLength: PROVIDER_TEXT_MAX }));
}

/**
 * Belt and braces: bodies are redacted before they reach the rules, but a server that echoes the request
 * (`Authorization: Basic …`, a bearer token, a JWT, `client_secret=…`) must not get it printed.
 */
export function maskCredentials(text: string): string {
  return text
    // A credential, not a word: 8+ chars with a digit, one of + / =, or a capital after the first letter.
    .replace(/\b(Basic|Bearer)\s+(?=[A-Za-z0-9._~+/=-]{8,})(?=.[A-Za-z._~-]*[0-9+/=A-Z])[A-Za-z0-9._~+/=-]+/g, '$1 <redacted>')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '<redacted>')
    .replace(/\b(client_secret|access_token|password)(["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi, '$1$2<redacted>');
}

function dedupe(steps: string[]): string[] {
  const seen = new Set<string>();
  return steps.filter((s) => (seen.has(s) ? false : (seen.add(s), true)));
}
