/**
 * config.yaml merge with yaml's Document API (flyte.md §6): change only the keys this tool owns, keep every
 * other key, comment and the key order. STUB: signatures fixed; implementation lands with the foundation issue.
 */
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

export function mergeConfig(existing: string | undefined, settings: ConfigSettings): MergeResult {
  void existing;
  void settings;
  throw new Error('not implemented');
}
