/**
 * The schema of assets/diagnoses.json, checked as data: what TypeScript cannot see inside the JSON's strings.
 * (Codes, variant names, note and warning keys are checked by the compiler: see diagnose-catalogue.ts.)
 * The unit tests run validateCatalogue() on the real file, so a catalogue edit that breaks a rule fails `npm test`.
 *
 * Shape (one entry per DiagnosisCode; adding one is adding a key under `codes`):
 *   defaults:  { <placeholder>: <text shown when no value is known> }
 *   codes:     { <code>: { title, detail, fix: { generic: [steps], <provider>?: [steps] }, sources?: { <provider>: citation } } }
 *   variants:  { "<code>/<name>": { title?, detail?, fix?, sources? } }
 *   notes:     { <key>: sentence }            warnings: { <key>: sentence }
 * Every {placeholder} in any text needs a default, so no text can ever show a raw "{name}".
 */
import { PROVIDERS } from './check-types.js';

const TOP = ['$comment', 'defaults', 'codes', 'variants', 'notes', 'warnings'];
const ENTRY = ['title', 'detail', 'fix', 'sources'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Problems found, one sentence each; empty when the catalogue is valid. */
export function validateCatalogue(cat: unknown, codes: readonly string[], providers: readonly string[] = PROVIDERS): string[] {
  const problems: string[] = [];
  if (!isObj(cat)) return ['the catalogue is not an object'];
  for (const k of Object.keys(cat)) if (!TOP.includes(k)) problems.push(`unknown top-level key "${k}"`);
  const defaults = isObj(cat.defaults) ? cat.defaults : {};
  for (const [k, v] of Object.entries(defaults)) if (typeof v !== 'string') problems.push(`defaults.${k} is not a string`);

  const placeholders = (where: string, text: unknown) => {
    if (typeof text !== 'string') return problems.push(`${where} is not a string`);
    if (text.trim() === '') return problems.push(`${where} is empty`);
    for (const m of text.matchAll(/\{([^{}\s]*)\}/g)) {
      const name = m[1]!;
      if (!/^[a-zA-Z]+$/.test(name)) problems.push(`${where}: malformed placeholder "{${name}}"`);
      else if (!(name in defaults)) problems.push(`${where}: placeholder {${name}} has no default`);
    }
    return 0;
  };

  const entry = (where: string, e: unknown, required: boolean) => {
    if (!isObj(e)) return problems.push(`${where} is not an object`);
    for (const k of Object.keys(e)) if (!ENTRY.includes(k)) problems.push(`${where}: unknown key "${k}"`);
    if (required || e.title !== undefined) placeholders(`${where}.title`, e.title);
    if (required || e.detail !== undefined) placeholders(`${where}.detail`, e.detail);
    if (required && !isObj(e.fix)) problems.push(`${where}.fix is missing`);
    if (isObj(e.fix)) {
      if (required && !Array.isArray(e.fix.generic)) problems.push(`${where}.fix.generic is missing`);
      for (const [p, steps] of Object.entries(e.fix)) {
        if (!providers.includes(p)) problems.push(`${where}.fix: unknown provider "${p}"`);
        if (!Array.isArray(steps)) problems.push(`${where}.fix.${p} is not a list`);
        else steps.forEach((s, i) => placeholders(`${where}.fix.${p}[${i}]`, s));
      }
    }
    if (e.sources !== undefined) {
      if (!isObj(e.sources)) problems.push(`${where}.sources is not an object`);
      else
        for (const [p, s] of Object.entries(e.sources)) {
          if (!providers.includes(p)) problems.push(`${where}.sources: unknown provider "${p}"`);
          if (!isText(s)) problems.push(`${where}.sources.${p} is empty`);
        }
    }
    return 0;
  };

  const codeEntries = isObj(cat.codes) ? cat.codes : {};
  if (!isObj(cat.codes)) problems.push('codes is missing');
  for (const code of codes) if (!(code in codeEntries)) problems.push(`codes has no entry for "${code}"`);
  for (const [code, e] of Object.entries(codeEntries)) {
    if (!codes.includes(code)) problems.push(`codes.${code} is not a DiagnosisCode`);
    entry(`codes.${code}`, e, true);
  }
  for (const [key, e] of Object.entries(isObj(cat.variants) ? cat.variants : {})) {
    const m = /^([a-z_]+)\/([a-z0-9-]+)$/.exec(key);
    if (!m) problems.push(`variants."${key}" is not "<code>/<name>"`);
    else if (!codes.includes(m[1]!)) problems.push(`variants."${key}": no such code "${m[1]}"`);
    entry(`variants."${key}"`, e, false);
  }
  for (const section of ['notes', 'warnings'] as const) {
    const s = cat[section];
    if (!isObj(s)) problems.push(`${section} is missing`);
    else for (const [k, v] of Object.entries(s)) placeholders(`${section}.${k}`, v);
  }
  return problems;
}
