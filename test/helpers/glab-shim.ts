/**
 * A stand-in for glab (which cannot be installed here): a shell script first on PATH that records each call as
 * LOG/N.argv (one argument per line), N.stdin and N.env, and answers the way glab does for SHIM_MODE
 * (ok, taken → set fails with "has already been taken" and update succeeds, 401, 403, 404, invalid); `auth status`
 * fails when SHIM_AUTH=none, `auth login` succeeds.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GLAB_SHIM = `#!/bin/sh
# Stand-in for glab: records each call as LOG/N.argv (one arg per line), N.stdin and N.env.
n=$(ls "$SHIM_LOG" | grep -c argv)
printf '%s\\n' "$@" > "$SHIM_LOG/$n.argv"
env > "$SHIM_LOG/$n.env"
if [ "$1" = "--version" ]; then echo "glab \${SHIM_VERSION:-1.46.1} (2024-09-01)"; exit 0; fi
if [ "$1" = "auth" ] && [ "$2" = "status" ]; then
  if [ "$SHIM_AUTH" = "none" ]; then echo "x $4: no token provided; could not authenticate to one or more of the configured GitLab instances." >&2; exit 1; fi
  echo "✓ Logged in to $4 as shim" >&2; exit 0
fi
if [ "$1" = "auth" ] && [ "$2" = "login" ]; then echo "✓ Logged in to $4 as shim" >&2; exit 0; fi
cat > "$SHIM_LOG/$n.stdin"
verb="$2"; name="$3"
case "$SHIM_MODE:$verb" in
  ok:set) echo "✓ Created variable $name for acme/app with scope *."; exit 0 ;;
  taken:set) echo "POST https://gitlab.com/api/v4/projects/acme%2Fapp/variables: 400 {message: {key: [($name) has already been taken]}}" >&2; exit 1 ;;
  taken:update) echo "✓ Updated variable $name for project acme/app with scope *."; exit 0 ;;
  401:*) echo "POST https://gitlab.com/api/v4/projects/acme%2Fapp/variables: 401 {message: 401 Unauthorized}" >&2; exit 1 ;;
  403:*) echo "POST https://gitlab.com/api/v4/projects/acme%2Fapp/variables: 403 {message: 403 Forbidden}" >&2; exit 1 ;;
  404:*) echo "POST https://gitlab.com/api/v4/projects/acme%2Fapp/variables: 404 {message: 404 Project Not Found}" >&2; exit 1 ;;
  invalid:*) echo "POST https://gitlab.com/api/v4/projects/acme%2Fapp/variables: 400 {message: {value: [is invalid]}}" >&2; exit 1 ;;
esac
echo "unexpected call" >&2; exit 3
`;

export interface GlabCall {
  argv: string[];
  stdin?: string;
  env: string;
}

/** Write the shim as DIR/bin/glab and make DIR/log; put DIR/bin first on PATH and SHIM_LOG=DIR/log in the env. */
export function installGlabShim(dir: string): { bin: string; log: string } {
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'log');
  for (const d of [bin, log]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(bin, 'glab'), GLAB_SHIM);
  chmodSync(path.join(bin, 'glab'), 0o755);
  return { bin, log };
}

/** The calls the shim recorded, in order. */
export function glabCalls(log: string): GlabCall[] {
  return readdirSync(log)
    .filter((f) => f.endsWith('.argv'))
    .sort((x, y) => parseInt(x) - parseInt(y))
    .map((f) => {
      const n = parseInt(f);
      const read = (ext: string) => (existsSync(path.join(log, `${n}.${ext}`)) ? readFileSync(path.join(log, `${n}.${ext}`), 'utf8') : undefined);
      return { argv: read('argv')!.trimEnd().split('\n'), stdin: read('stdin'), env: read('env') ?? '' };
    });
}
