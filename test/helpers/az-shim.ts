/**
 * A stand-in for the Azure CLI (which cannot be installed here): a shell script named `az`, first on PATH, that
 * records each call as LOG/N.argv (one argument per line), N.stdin, and N.body (the content of an `@FILE`
 * argument, read before the caller deletes it), and answers with the JSON shapes az documents for
 * `az account show`, `az ad sp show`, `az ad app create`, `az ad sp create`, `az rest` (Graph
 * appRoleAssignments), `az ad app credential reset|list` and `az ad app delete`.
 * The mode (a file next to the script, so no environment is needed): ok | nonadmin (the role assignment gets
 * Graph's 403 Authorization_RequestDenied) | logged-out | no-api | secret-fails.
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
    if [ "$4" = reset ]; then
      if [ "$mode" = secret-fails ]; then echo "ERROR: Insufficient privileges to complete the operation." >&2; exit 1; fi
      end=""; prev=""; for a in "$@"; do [ "$prev" = "--end-date" ] && end="$a"; prev="$a"; done
      echo "$end" > "$here/end-date"
      echo "WARNING: The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control." >&2
      echo '{"appId":"${AZ_NEW_APP}","password":"${secret}","tenant":"${AZ_TENANT}"}'; exit 0
    fi
    echo '[{"customKeyIdentifier":null,"displayName":"flyte-ci-auth","endDateTime":"'"$(cat "$here/end-date")"'T00:00:00Z","hint":"Q~x","keyId":"9e1d0000-0000-4000-8000-0000000000dd","secretText":null,"startDateTime":"2026-12-04T17:00:00Z"}]'; exit 0 ;;
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
