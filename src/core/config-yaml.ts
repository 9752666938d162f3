/**
 * config.yaml merge with yaml's Document API: change only the keys this tool owns, keep every
 * other key, comment and the key order.
 *
 * Owned keys: admin.endpoint (`dns:///HOST`), admin.insecure (always false: true means plain HTTP and no
 * authentication in flyte 2), admin.caCertFilePath / admin.insecureSkipVerify / admin.disableKeyring (when
 * given), image.builder (when given; `remote` when the file has none), task.project, task.domain, task.org
 * (when given). A changed scalar keeps its node, so its comments stay; new keys are appended to their section.
 */
import { isMap, isScalar, parseDocument, Scalar, type Document } from 'yaml';

/**
 * flyte reads config.yaml with PyYAML (`yaml.safe_load`, YAML 1.1 resolvers). A plain scalar that matches one
 * of these is not a string there: bool, int (incl. `0b`, `0x`, leading-0 octal, `_` separators, sexagesimal
 * `12:30`), float (incl. `.inf`, `.nan`, sexagesimal), null (`~`, `null`, empty), timestamp, and the `<<`
 * (merge) and `=` (value) tags, which make safe_load fail so flyte ignores the whole file. The patterns follow
 * PyYAML's resolver; bools are matched in any case and with `y`/`n` (other YAML 1.1 readers take those).
 */
const YAML11_NON_STRING = [
  /^(?:y|n|yes|no|true|false|on|off)$/i,
  /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
];

/** Whether a YAML 1.1 reader (PyYAML, as flyte uses it) would read this plain scalar as something other than the string. */
export function yaml11Misreads(value: string): boolean {
  return YAML11_NON_STRING.some((re) => re.test(value));
}


export interface ConfigSettings {
  /** Bare host; written as admin.endpoint: dns:///HOST */
  endpoint: string;
  project: string;
  domain: string;
  org?: string;
  builder?: 'remote' | 'local';
  caCertFilePath?: string;
  insecureSkipVerify?: boolean;
  disableKeyring?: boolean;
}

export interface ConfigChange {
  /** Dotted path, e.g. admin.endpoint */
  key: string;
  kind: 'added' | 'changed' | 'unchanged';
  before?: unknown;
  after?: unknown;
}

export interface MergeResult {
  text: string;
  changes: ConfigChange[];
  /** e.g. an existing `insecure: true` that was set to false. */
  warnings: string[];
  created: boolean;
}

/** Thrown for text that is not valid YAML or whose top level is not a mapping. */
export class ConfigParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

// Short lines: the wizard shows this file in a preview that is not re-wrapped, and a terminal breaks long lines mid-word.
const HEADER = ' flyte 2 configuration, written by flyte-ci-auth.\n In CI, FLYTE_API_KEY supplies the endpoint, client credentials and org;\n the rest is read from here.';

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function parseExisting(existing: string): Document {
  const doc = parseDocument(existing, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    // yaml's message ends with ` at line L, column C:` followed by a source excerpt: keep the first line only.
    const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigParseError(`not valid YAML: ${first}`, pos?.line, pos?.col);
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    const isEmptyScalar = isScalar(contents) && (contents.value === null || contents.value === '');
    if (!isEmptyScalar) {
      const where = lineCol(existing, contents.range?.[0] ?? 0);
      const kind = isScalar(contents) ? 'a single value' : 'a list';
      throw new ConfigParseError(`the top level is ${kind}, not a mapping of keys (admin:, task:, …)`, where.line, where.column);
    }
  }
  return doc;
}

/** The section map (admin, task, image), created when missing; a section that is not a mapping is an error. */
function ensureSection(doc: Document, name: string, source: string): void {
  const node = doc.get(name, true);
  if (node === undefined) return; // setIn creates it
  if (isMap(node)) return;
  if (isScalar(node) && (node.value === null || node.value === '')) {
    doc.set(name, doc.createNode({}));
    return;
  }
  const where = lineCol(source, (node as { range?: [number, number, number] }).range?.[0] ?? 0);
  throw new ConfigParseError(`"${name}" is not a mapping of keys, so its settings cannot be merged`, where.line, where.column);
}

/** Keep the file's own layout where yaml allows: indentation width, sequence style, flow-collection padding. */
function layoutOf(source: string): { indent: number; indentSeq: boolean; flowCollectionPadding: boolean } {
  const widths = [...source.matchAll(/^( +)[^\s#-]/gm)].map((m) => m[1]!.length);
  const indent = widths.length > 0 ? Math.min(8, Math.max(1, Math.min(...widths))) : 2;
  const indentSeq = !/^([ ]*)[^\s#][^\n]*:[ ]*\n\1- /m.test(source);
  // `{a: 1}` stays unpadded when the file writes flow collections that way.
  const flowCollectionPadding = !/[{[][^\s\]}]/.test(source.replace(/#.*$/gm, '')) || /[{[] \S/.test(source);
  return { indent, indentSeq, flowCollectionPadding };
}

function same(a: unknown, b: unknown): boolean {
  return a === b;
}

export function mergeConfig(existing: string | undefined, settings: ConfigSettings): MergeResult {
  const created = existing === undefined;
  const source = existing ?? '';
  const doc = created ? parseDocument('') : parseExisting(source);
  if (doc.contents === null || !isMap(doc.contents)) {
    const comment = doc.contents && isScalar(doc.contents) ? doc.contents.commentBefore : undefined;
    doc.contents = doc.createNode({}) as typeof doc.contents;
    if (comment) doc.commentBefore = [doc.commentBefore, comment].filter(Boolean).join('\n');
  }
  if (created) doc.commentBefore = HEADER;
  for (const section of ['admin', 'image', 'task']) ensureSection(doc, section, source);

  const changes: ConfigChange[] = [];
  const warnings: string[] = [];
  const set = (path: [string, string], after: unknown) => {
    const has = doc.hasIn(path);
    const before = has ? doc.getIn(path) : undefined;
    const key = path.join('.');
    const misread = typeof after === 'string' && yaml11Misreads(after);
    if (has && same(before, after)) {
      const node = doc.getIn(path, true);
      if (misread && isScalar(node) && (node.type === undefined || node.type === Scalar.PLAIN)) {
        // Same string for a YAML 1.2 reader, not for flyte's: quote it.
        node.type = Scalar.QUOTE_DOUBLE;
        warnings.push(`${key} was ${after} without quotes, which flyte (YAML 1.1) does not read as that text: it is now quoted.`);
        changes.push({ key, kind: 'changed', before, after });
        return;
      }
      changes.push({ key, kind: 'unchanged', before, after });
      return;
    }
    if (misread) {
      // Quoted for flyte's YAML 1.1 reader; a scalar already there keeps its node (and its comments).
      const existingNode = has ? doc.getIn(path, true) : undefined;
      if (isScalar(existingNode)) {
        existingNode.value = after;
        existingNode.type = Scalar.QUOTE_DOUBLE;
      } else {
        const node = doc.createNode(after) as Scalar;
        node.type = Scalar.QUOTE_DOUBLE;
        doc.setIn(path, node);
      }
    } else {
      doc.setIn(path, after);
    }
    changes.push(has ? { key, kind: 'changed', before, after } : { key, kind: 'added', after });
  };

  set(['admin', 'endpoint'], `dns:///${settings.endpoint}`);

  const insecureBefore = doc.getIn(['admin', 'insecure']);
  if (insecureBefore !== undefined && insecureBefore !== false && insecureBefore !== null && String(insecureBefore).toLowerCase() !== 'false') {
    warnings.push(
      `admin.insecure was ${JSON.stringify(insecureBefore)}: in flyte 2 that means plain HTTP and no authentication at all, so it is now false. ` +
        'For a self-signed or private CA use --ca-cert-file (or --insecure-skip-verify).',
    );
  }
  set(['admin', 'insecure'], false);
  correctInsecureComments(doc);

  if (settings.caCertFilePath !== undefined) set(['admin', 'caCertFilePath'], settings.caCertFilePath);
  if (settings.insecureSkipVerify !== undefined) set(['admin', 'insecureSkipVerify'], settings.insecureSkipVerify);
  if (settings.disableKeyring !== undefined) set(['admin', 'disableKeyring'], settings.disableKeyring);

  const ca = doc.getIn(['admin', 'caCertFilePath']);
  const skip = doc.getIn(['admin', 'insecureSkipVerify']);
  if (settings.insecureSkipVerify === true) {
    if (typeof ca === 'string' && ca !== '') {
      warnings.push('admin.caCertFilePath is also set and wins over insecureSkipVerify in flyte: remove one of them.');
    } else {
      warnings.push('admin.insecureSkipVerify: true trusts whatever certificate the control plane sends; prefer --ca-cert-file with your CA bundle.');
    }
  } else if (settings.caCertFilePath !== undefined && skip === true) {
    warnings.push('admin.insecureSkipVerify: true is still set; caCertFilePath wins over it in flyte, so it has no effect: remove it.');
  }

  if (settings.builder !== undefined) set(['image', 'builder'], settings.builder);
  else if (!doc.hasIn(['image', 'builder'])) set(['image', 'builder'], 'remote');
  else changes.push({ key: 'image.builder', kind: 'unchanged', before: doc.getIn(['image', 'builder']), after: doc.getIn(['image', 'builder']) });

  set(['task', 'project'], settings.project);
  set(['task', 'domain'], settings.domain);
  if (settings.org !== undefined && settings.org !== '') set(['task', 'org'], settings.org);

  const text = doc.toString({ lineWidth: 0, ...layoutOf(source) });
  return { text, changes, warnings, created };
}

/**
 * The self-hosted guide's config carries "Set to true if using self-signed certificates" beside `insecure`: wrong
 * for flyte 2 (there `insecure: true` means plain HTTP with no authentication), and an invitation to flip it back. Replace such comments with the truth.
 */
const INSECURE_TRUTH = ' never true: in flyte 2 it means plain HTTP and no authentication (private CA: caCertFilePath)';

function correctInsecureComments(doc: Document): void {
  const admin = doc.get('admin', true);
  if (!isMap(admin)) return;
  const wrong = /self[- ]signed|set (this )?to true/i;
  admin.items.forEach((pair, index) => {
    if (!isScalar(pair.key) || pair.key.value !== 'insecure') return;
    // A comment above the first key of a mapping belongs to the mapping itself.
    if (index === 0 && admin.commentBefore && wrong.test(admin.commentBefore)) admin.commentBefore = INSECURE_TRUTH;
    for (const node of [pair.key, pair.value]) {
      if (!isScalar(node)) continue;
      if (node.comment && wrong.test(node.comment)) node.comment = INSECURE_TRUTH;
      if (node.commentBefore && wrong.test(node.commentBefore)) node.commentBefore = INSECURE_TRUTH;
    }
  });
}
