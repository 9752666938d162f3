/** Showing a command line to a person: POSIX shell quoting, and the stdin placeholder for the key. */

export const STDIN_PLACEHOLDER = '<FLYTE_API_KEY from stdin>';

export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `gh secret set NAME --repo o/r  < <FLYTE_API_KEY from stdin>`: the exact argv, and where the value comes from. */
export function displayCommand(file: string, args: readonly string[], opts: { stdin?: string; env?: Record<string, string> } = {}): string {
  const envPart = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  const line = `${envPart}${[file, ...args].map(shellQuote).join(' ')}`;
  return opts.stdin ? `${line} < ${opts.stdin}` : line;
}

/** Parse "X.Y.Z" out of a `--version` output. */
export interface ToolVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export function parseVersion(output: string, pattern: RegExp): ToolVersion | undefined {
  const m = pattern.exec(output);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `${m[1]}.${m[2]}.${m[3]}` };
}

export function versionAtLeast(v: ToolVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}
