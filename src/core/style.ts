/** Minimal ANSI styling for the plain (non-Ink) renderers; every function is the identity when colour is off. */
export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** A terminal hyperlink (OSC 8) when colour is on, else "text (url)" or just the url. */
  link(text: string, url: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function createStyle(enabled: boolean): Style {
  const id = (s: string) => s;
  return {
    enabled,
    bold: enabled ? wrap(1, 22) : id,
    dim: enabled ? wrap(2, 22) : id,
    red: enabled ? wrap(31, 39) : id,
    green: enabled ? wrap(32, 39) : id,
    yellow: enabled ? wrap(33, 39) : id,
    cyan: enabled ? wrap(36, 39) : id,
    link: (text, url) =>
      enabled ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : text === url ? url : `${text} (${url})`,
  };
}
