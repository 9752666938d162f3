/**
 * flyte's decode_api_key, written independently of src/core/apikey.ts so tests can check the codec against it:
 * standard base64, then split on ':' from the left into at most four parts.
 */
export function flyteSplit(key: string): string[] {
  const text = Buffer.from(key, 'base64').toString('utf8');
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < 3; i++) {
    const at = rest.indexOf(':');
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [...parts, rest];
}
