/**
 * Rules for where credentials may travel, shared by every command that sends a secret over HTTP (check, setup,
 * rotate, push to Jenkins). Pure: the services layer resolves host names and passes the addresses in.
 *
 * Plain http:// is allowed only for a loopback host: a literal loopback address (127.0.0.0/8, ::1, and the
 * IPv4-mapped forms such as [::ffff:127.0.0.1]) or the name localhost — and, where the name is resolved before a
 * request, only when every address it resolves to is a loopback address.
 */

/** Is this IP address (v4, v6, IPv4-mapped v6; with or without brackets) a loopback address? */
export function isLoopbackAddress(ip: string): boolean {
  const a = ip.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)) return true;
  if (/^(?:0{0,4}:){2,7}0{0,3}1$/.test(a) || a === '::1') return true;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(?:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(a);
  if (mapped) {
    if (mapped[1]) return isLoopbackAddress(mapped[1]);
    return parseInt(mapped[2]!, 16) >> 8 === 127;
  }
  return false;
}

/** A host (URL hostname, brackets allowed) that is loopback by itself: a loopback literal or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackAddress(h);
}

export type InsecureUrlProblem =
  | { kind: 'not-a-url'; url: string }
  | { kind: 'scheme'; url: string; scheme: string }
  | { kind: 'plain-http'; url: string; host: string }
  | { kind: 'resolves-elsewhere'; url: string; host: string; addresses: string[] };

/**
 * May a credential be sent to this URL? https always; http only to a loopback host. When `resolved` is given
 * (the addresses the host name resolved to), every one of them must be loopback too.
 */
export function credentialUrlProblem(url: string, resolved?: readonly string[]): InsecureUrlProblem | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'not-a-url', url };
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol !== 'http:') return { kind: 'scheme', url, scheme: u.protocol.replace(/:$/, '') };
  if (!isLoopbackHost(u.hostname)) return { kind: 'plain-http', url, host: u.hostname };
  if (resolved && resolved.some((a) => !isLoopbackAddress(a))) {
    return { kind: 'resolves-elsewhere', url, host: u.hostname, addresses: [...resolved] };
  }
  return undefined;
}

/** One sentence for a problem above (no flag names: the command adds how to override, if it can). */
export function describeInsecureUrl(p: InsecureUrlProblem): string {
  switch (p.kind) {
    case 'not-a-url':
      return `"${p.url}" is not a URL`;
    case 'scheme':
      return `${p.scheme}:// cannot carry credentials; only https:// can`;
    case 'plain-http':
      return `${p.url} is plain http to ${p.host}, which is not this machine: the credentials would cross the network unencrypted`;
    case 'resolves-elsewhere':
      return `${p.host} resolves to ${p.addresses.join(', ')}, not only to this machine: plain http would carry the credentials over the network`;
  }
}

/** Same origin (scheme, host and port) — a redirect may only stay inside it. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
