/**
 * A stand-in for the Azure CLI (which cannot be installed here): a shell script named `az`, first on PATH, that
 * records each call as LOG/N.argv (one argument per line), N.stdin, and N.body (the content of an `@FILE`
 * argument, read before the caller deletes it), and answers with the JSON shapes az documents for
 * `az account show`, `az ad sp show`, `az ad app create`, `az ad sp create`, `az rest` (Graph
 * appRoleAssignments), `az ad app credential reset|list` and `az ad app delete`.
 * The mode (a file next to the script, so no environment is needed): ok | nonadmin (the role assignment gets
 * Graph's 403 Authorization_RequestDenied) | logged-out | no-api | secret-fails | delete-fails.
 * The app's client secrets are kept as files (DIR/creds), so `credential list`, `reset [--append]` and `delete
 * --key-id` answer like Graph; `seedAzCredentials` puts secrets there that existed before a test.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { glabCalls } from './glab-shim.js';

export const AZ_TENANT = '72f988bf-0000-4000-8000-0000000000aa';
export const AZ_API_SP = '5a1b2c3d-0000-4000-8000-0000000000a1';
export const AZ_API_APP = '6b2c3d4e-0000-4000-8000-0000000000a2';
export const AZ_ROLE_ID = '7c3d4e5f-0000-4000-8000-0000000000a3';
export const AZ_NEW_APP = 'c0ffee00-0000-4000-8000-0000000000b1';
export const AZ_NEW_OBJ = 'c0ffee00-0000-4000-8000-0000000000b2';
export const AZ_NEW_SP = 'c0ffee00-0000-4000-8000-0000000000b3';

const script = (secret: string, roles: string) => `#!/bin/sh
# Stand-in for az (see test/helpers/az-shim.ts).
here=$(cd "$(dirname "$0")/.." && pwd)
log="$here/log"; mode=$(cat "$here/mode" 2>/dev/null || echo ok)
n=$(ls "$log" | grep -c argv)
printf '%s\\n' "$@" > "$log/$n.argv"
cat > "$log/$n.stdin"
for a in "$@"; do case "$a" in @*) f="\${a#@}"; cat "$f" > "$log/$n.body"; ls -ld "$(dirname "$f")" "$f" | cut -c1-10 > "$log/$n.perms";; esac; done
cmd="$1 $2 $3"
case "$cmd" in
  "account show --only-show-errors")
    if [ "$mode" = logged-out ]; then echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; fi
    echo '{"environmentName":"AzureCloud","homeTenantId":"${AZ_TENANT}","id":"0b1f6471-0000-4000-8000-0000000000cc","isDefault":true,"name":"Contoso","state":"Enabled","tenantId":"${AZ_TENANT}","user":{"name":"dev@contoso.example","type":"user"}}'; exit 0 ;;
  "ad sp show")
    if [ "$mode" = no-api ]; then echo "ERROR: Resource '$5' does not exist or one of its queried reference-property objects are not present." >&2; exit 3; fi
    echo '{"id":"${AZ_API_SP}","appId":"${AZ_API_APP}","displayName":"Union control plane","servicePrincipalNames":["'"$5"'","${AZ_API_APP}"],"appRoles":${roles}}'; exit 0 ;;
  "ad app create")
    echo '{"appId":"${AZ_NEW_APP}","id":"${AZ_NEW_OBJ}","displayName":"'"$5"'","signInAudience":"AzureADMyOrg","passwordCredentials":[]}'; exit 0 ;;
  "ad sp create")
    echo '{"id":"${AZ_NEW_SP}","appId":"${AZ_NEW_APP}","displayName":"flyte-ci","servicePrincipalType":"Application","accountEnabled":true}'; exit 0 ;;
  "rest --method POST")
    if [ "$mode" = nonadmin ]; then echo 'ERROR: Forbidden({"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-12-04T17:00:00","request-id":"1","client-request-id":"1"}}})' >&2; exit 1; fi
    echo '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(${AZ_NEW_SP})/appRoleAssignments/$entity","id":"AsgnAAAAAAAAAAAAAAAAAA","appRoleId":"${AZ_ROLE_ID}","principalId":"${AZ_NEW_SP}","principalType":"ServicePrincipal","resourceId":"${AZ_API_SP}","resourceDisplayName":"Union control plane"}'; exit 0 ;;
  "ad app credential")
    # The app's client secrets live in $here/creds/<keyId> (one JSON object each), so list, reset --append and
    # delete behave like Graph: reset without --append replaces them all, with --append adds one next to them.
    mkdir -p "$here/creds"
    if [ "$mode" = logged-out ]; then echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; fi
    arg() { prev=""; for a in "$@"; do [ "$prev" = "$want" ] && echo "$a"; prev="$a"; done; }
    if [ "$4" = reset ]; then
      if [ "$mode" = secret-fails ]; then echo "ERROR: Insufficient privileges to complete the operation." >&2; exit 1; fi
      want=--end-date; end=$(arg "$@"); want=--display-name; name=$(arg "$@")
      echo "$end" > "$here/end-date"
      case " $* " in *" --append "*) ;; *) rm -f "$here/creds/"* ;; esac
      k=$(( $(cat "$here/next-key" 2>/dev/null || echo 0) + 1 )); echo "$k" > "$here/next-key"
      id=$(printf '9e1d%04d-0000-4000-8000-0000000000dd' "$k")
      printf '{"customKeyIdentifier":null,"displayName":"%s","endDateTime":"%sT00:00:00Z","hint":"%s","keyId":"%s","secretText":null,"startDateTime":"2026-12-04T17:00:00Z"}' "$name" "$end" "$(printf %s '${secret}' | cut -c1-3)" "$id" > "$here/creds/$id"
      echo "WARNING: The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control." >&2
      echo '{"appId":"'"$6"'","password":"${secret}","tenant":"${AZ_TENANT}"}'; exit 0
    fi
    if [ "$4" = delete ]; then
      if [ "$mode" = delete-fails ]; then echo "ERROR: Insufficient privileges to complete the operation." >&2; exit 1; fi
      want=--key-id; id=$(arg "$@")
      if [ ! -f "$here/creds/$id" ]; then echo "ERROR: No credential with keyId $id" >&2; exit 3; fi
      rm -f "$here/creds/$id"; exit 0
    fi
    printf '['; first=1; for f in "$here/creds/"*; do [ -f "$f" ] || continue; [ $first = 1 ] || printf ','; first=0; cat "$f"; done; echo ']'; exit 0 ;;
  "ad app delete")
    exit 0 ;;
esac
echo "ERROR: unexpected call: $*" >&2; exit 2
`;

export interface AzCallRecord {
  argv: string[];
  stdin: string;
  body?: string;
  /** `ls -ld` mode strings of the @FILE's folder and the file itself. */
  perms?: string[];
}

export const ONE_ROLE = JSON.stringify([
  { allowedMemberTypes: ['Application'], description: 'Deploy from CI', displayName: 'Deploy with flyte', id: AZ_ROLE_ID, isEnabled: true, origin: 'Application', value: 'Flyte.Deploy' },
  { allowedMemberTypes: ['User'], description: 'Users only', displayName: 'Viewer', id: '8d4e5f60-0000-4000-8000-0000000000a4', isEnabled: true, origin: 'Application', value: 'Flyte.View' },
]);

/** Install the shim under DIR (DIR/bin/az, DIR/log, DIR/mode); put DIR/bin first on PATH. */
export function installAzShim(dir: string, opts: { secret: string; mode?: string; roles?: string }): { bin: string; log: string; setMode(m: string): void } {
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'log');
  for (const d of [bin, log]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(bin, 'az'), script(opts.secret, opts.roles ?? ONE_ROLE));
  chmodSync(path.join(bin, 'az'), 0o755);
  const setMode = (m: string) => writeFileSync(path.join(dir, 'mode'), m);
  setMode(opts.mode ?? 'ok');
  return { bin, log, setMode };
}

/** The calls recorded, in order (the glab stand-in's reader, plus the @FILE bodies and their modes). */
export function azCalls(log: string): AzCallRecord[] {
  const extra = (n: number, ext: string) => {
    const f = path.join(log, `${n}.${ext}`);
    return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  };
  return glabCalls(log).map((c, n) => ({ argv: c.argv, stdin: c.stdin ?? '', body: extra(n, 'body'), perms: extra(n, 'perms')?.trim().split('\n') }));
}

/** Empty the call log between tests. */
export function clearAzLog(log: string): void {
  for (const f of readdirSync(log)) rmSync(path.join(log, f));
}

export interface AzCredentialSeed {
  keyId: string;
  displayName: string;
  /** The secret's first 3 characters, as Graph shows it. */
  hint: string;
  endDateTime: string;
}

/** Replace the app's client secrets the stand-in lists (DIR as given to installAzShim). */
export function seedAzCredentials(dir: string, creds: AzCredentialSeed[]): void {
  const store = path.join(dir, 'creds');
  rmSync(store, { recursive: true, force: true });
  mkdirSync(store, { recursive: true });
  for (const c of creds) writeFileSync(path.join(store, c.keyId), JSON.stringify({ customKeyIdentifier: null, secretText: null, startDateTime: '2026-09-01T00:00:00Z', ...c }));
}

/** The keyIds of the app's client secrets now (what a `credential list` would answer). */
export function azCredentialIds(dir: string): string[] {
  const store = path.join(dir, 'creds');
  return existsSync(store) ? readdirSync(store).sort() : [];
}
