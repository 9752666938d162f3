/**
 * `key encode` / `key decode`: FLYTE_API_KEY by the rules of flyte's own decoder (src/core/apikey.ts).
 * The secret never comes from a flag value: stdin (all of it, one trailing newline removed) or the
 * environment variable named by --client-secret-env. encode prints the key alone on stdout; notices and
 * warnings go to stderr. decode prints what flyte will read, the secret only as its length.
 */
import {
  decodeApiKey,
  emptyOrgMessage,
  encodeApiKey,
  KeyEncodeError,
  normalizeEndpoint,
  quote,
  fingerprintIfSafe,
  validateField,
  type DecodedApiKey,
  type KeyField,
  type KeyProblem,
} from '../core/apikey.js';
import { MissingAnswerError, UsageError, EXIT } from '../core/errors.js';
import { askSecret, askText, type AskContext } from './ask.js';
import { hostProblem, orgProblem } from '../core/validate.js';
import { readStdinValue } from '../services/io.js';
import { readSecretEnv } from './secret-env.js';
import { Secret } from '../core/secret.js';
import { toJsonText } from '../core/sanitize.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';

const USAGE = `Usage: flyte-ci-auth key encode --endpoint HOST --client-id ID [--org ORG] [--client-secret-env NAME]
       flyte-ci-auth key decode [--json]

Encode or decode FLYTE_API_KEY = base64("HOST:CLIENT_ID:CLIENT_SECRET:ORG") by the rules of flyte's own
decoder (standard base64, split from the left on the first three ":").

key encode   prints the key alone on stdout. The client secret is read from stdin (all of it; one trailing
             newline removed) or from the environment variable named by --client-secret-env; never from a flag.
  --endpoint HOST            control-plane host (https://HOST/ and dns:///HOST are turned into HOST)
  --client-id ID             the CI application's client ID
  --org ORG                  global.UNION_ORG of your control plane (empty: flyte guesses from the host)
  --client-secret-env NAME   read the secret from the environment variable NAME instead of stdin

key decode   reads the key from stdin, else from FLYTE_API_KEY, and shows what flyte will read: endpoint,
             client ID, org, and the secret only as its length. Exit 0 when flyte reads it as intended, 1 when not.
  --json                     {"valid","endpoint","clientId","org","secretLength","problems":[{"code","message"}]}

Examples:
  printf '%s' "$CLIENT_SECRET" | flyte-ci-auth key encode --endpoint union.acme.com --client-id ci --org acme
  flyte-ci-auth key encode --endpoint union.acme.com --client-id ci --org acme --client-secret-env CLIENT_SECRET
  printf '%s' "$FLYTE_API_KEY" | flyte-ci-auth key decode --json`;

const SOURCE_HINT =
  "Pipe it on stdin (printf '%s' \"$SECRET\" | flyte-ci-auth key encode …) or pass --client-secret-env NAME.";

export interface KeyEncodeOptions {
  endpoint?: string;
  clientId?: string;
  org?: string;
  clientSecretEnv?: string;
}

export interface KeyEncodeResult {
  key: Secret;
  host: string;
  notices: string[];
  warnings: KeyProblem[];
}

function str(v: ParsedArgs['values'][string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The flag that supplies each field, for messages. */
const FLAG_OF: Record<KeyField, string> = {
  endpoint: '--endpoint',
  clientId: '--client-id',
  clientSecret: 'the client secret',
  org: '--org',
};

/** A KeyEncodeError (typed field problems from src/core/apikey.ts) worded with this command's flags: exit 2. */
export function encodeUsageError(err: KeyEncodeError): UsageError {
  const [first, ...rest] = err.problems;
  const where = (p: KeyProblem) => (p.field && p.field !== 'key' ? `${FLAG_OF[p.field]}: ` : '');
  return new UsageError(`${where(first!)}${first!.message}`, rest.length > 0 ? rest.map((p) => `also: ${where(p)}${p.message}`).join('\n') : undefined);
}

async function readSecret(opts: KeyEncodeOptions, ctx: CommandContext): Promise<Secret | undefined> {
  if (opts.clientSecretEnv !== undefined) {
    // Never echo the flag's value: it may be the secret itself (--client-secret-env "$SECRET").
    return new Secret(readSecretEnv(ctx.env, opts.clientSecretEnv));
  }
  if (ctx.io.stdin.isTTY) return undefined;
  // The one stdin rule (src/services/io.ts): UTF-8 only, one trailing newline removed, nothing else.
  return new Secret(await readStdinValue(ctx.io.stdin));
}

/**
 * In a terminal, ask for what is missing (as gh secret set does): plain questions for the host and client ID,
 * the secret masked (nothing echoed). The answers go through the same field checks as the flags.
 */
async function askMissing(opts: KeyEncodeOptions, secret: Secret | undefined, ctx: AskContext, missing: string[]): Promise<{ opts: KeyEncodeOptions; secret: Secret }> {
  const out = { ...opts };
  const need = async (question: string) => {
    const answer = await askText(question, ctx, missing);
    if (answer === undefined) throw new MissingAnswerError(missing, { promptable: true });
    return answer;
  };
  if (out.endpoint === undefined) out.endpoint = await need('Control-plane host (e.g. union.acme.com): ');
  if (out.clientId === undefined) out.clientId = await need('Client ID: ');
  if (out.org === undefined) out.org = (await askText('Org (global.UNION_ORG; Enter for none): ', ctx, missing)) ?? '';
  return { opts: out, secret: secret ?? (await askSecret('Client secret (not shown): ', ctx, ['the client secret on stdin or --client-secret-env NAME'])) };
}

/** Options in, key out (the wizard calls encodeApiKey directly; this adds the CLI's sources and notices). */
export async function runKeyEncode(given: KeyEncodeOptions, ctx: CommandContext): Promise<KeyEncodeResult> {
  // Values given are checked before anything is asked or reported missing.
  // (The key's own field rules word most problems best; the shared host/org rules add look-alikes and bidi.)
  // Every given value's problem is reported at once (the first as the error, the rest as "also:" lines).
  const found: string[] = [];
  for (const [field, flag, value, shared] of [
    ['endpoint', '--endpoint', given.endpoint === undefined ? undefined : normalizeEndpoint(given.endpoint).host, hostProblem],
    ['clientId', '--client-id', given.clientId, undefined],
    ['org', '--org', given.org, orgProblem],
  ] as const) {
    if (value === undefined) continue;
    const own = validateField(field, value).find((p) => p.severity === 'error');
    const p = own ?? shared?.(value);
    if (p && p.code !== 'port_not_allowed') found.push(`${flag}: ${p.message}`);
  }
  if (found.length > 0) throw new UsageError(found[0]!, found.length > 1 ? found.slice(1).map((f) => `also: ${f}`).join('\n') : undefined);
  let opts = given;
  let secret = await readSecret(opts, ctx);
  const missing = [
    ...(opts.endpoint === undefined ? ['--endpoint HOST'] : []),
    ...(opts.clientId === undefined ? ['--client-id ID'] : []),
  ];
  if (missing.length > 0 || secret === undefined) {
    if (ctx.canPrompt && ctx.io.stdin.isTTY && ctx.io.stdin.ask) {
      ({ opts, secret } = await askMissing(opts, secret, ctx, missing));
      // Typed answers get the same checks as flags.
      for (const [field, flag, value] of [['endpoint', '--endpoint', normalizeEndpoint(opts.endpoint!).host], ['org', '--org', opts.org ?? '']] as const) {
        const p = validateField(field, value).find((x) => x.severity === 'error') ?? (field === 'endpoint' ? hostProblem(value) : orgProblem(value));
        if (p && !(p.code === 'port_not_allowed')) throw new UsageError(`${flag}: ${p.message}`);
      }
    } else if (missing.length > 0) {
      throw new MissingAnswerError(missing, { promptable: true });
    } else {
      throw new UsageError('no client secret: key encode reads it from stdin or from --client-secret-env NAME, and stdin is a terminal.', SOURCE_HINT);
    }
  }
  const { host, notice } = normalizeEndpoint(opts.endpoint!);
  const org = opts.org ?? '';
  const warnings = [
    ...validateField('clientSecret', secret!.reveal()),
    ...validateField('org', org),
  ]
    .filter((p) => p.severity !== 'error')
    .map((p) => (p.code === 'empty_org' ? { ...p, message: emptyOrgMessage(host) } : p));
  let key: Secret;
  try {
    key = encodeApiKey({ endpoint: host, clientId: opts.clientId!, clientSecret: secret!, org });
  } catch (err) {
    if (err instanceof KeyEncodeError) throw encodeUsageError(err);
    throw err;
  }
  return { key, host, notices: notice ? [notice] : [], warnings };
}

// ---------------------------------------------------------------------------------------------------------

export interface KeyDecodeReport {
  valid: boolean;
  endpoint: string | null;
  clientId: string | null;
  org: string | null;
  secretLength: number | null;
  problems: Array<{ code: string; message: string }>;
}

function codePoints(secret: Secret): number {
  return [...secret.reveal()].length;
}

/** The --json shape: org is the org flyte uses (the one in the key, else the inferred one, else null). */
export function decodeReport(d: DecodedApiKey): KeyDecodeReport {
  const shown = d.fieldCount === 4;
  return {
    valid: d.valid,
    endpoint: shown && !d.withheld.includes('endpoint') ? d.endpoint : null,
    clientId: shown && !d.withheld.includes('clientId') ? d.clientId : null,
    org: shown && !d.withheld.includes('org') ? d.org || d.inferredOrg || null : null,
    // Characters as flyte (Python) counts them: code points, so an emoji is one.
    secretLength: shown ? codePoints(d.clientSecret) : null,
    problems: d.problems.map((p) => ({ code: p.code, message: p.message })),
  };
}

async function readKey(ctx: CommandContext): Promise<{ key: string; source: string }> {
  if (!ctx.io.stdin.isTTY) {
    const piped = await readStdinValue(ctx.io.stdin);
    if (piped.trim() !== '') return { key: piped, source: 'stdin' };
  }
  const fromEnv = ctx.env.FLYTE_API_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return { key: fromEnv, source: 'from the environment' };
  throw new UsageError('no key to decode: pipe it on stdin or set FLYTE_API_KEY.', "Example: printf '%s' \"$FLYTE_API_KEY\" | flyte-ci-auth key decode");
}

function renderDecode(d: DecodedApiKey, source: string, ctx: CommandContext): string {
  const s = ctx.style;
  const lines: string[] = [source === 'stdin' ? 'FLYTE_API_KEY from stdin, as flyte reads it:' : `FLYTE_API_KEY (${source}), as flyte reads it:`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(14)} ${value}`);
  if (d.fieldCount === 4) {
    row('endpoint', quote(d.endpoint));
    row('client ID', quote(d.clientId));
    // A fingerprint of a short or mis-split secret field could be brute-forced back to its characters.
    const fingerprint = d.withheld.length === 0 ? fingerprintIfSafe(d.clientSecret) : undefined;
    const n = codePoints(d.clientSecret);
    row('client secret', `${n} character${n === 1 ? '' : 's'}${fingerprint ? ` (fingerprint ${fingerprint})` : ''}`);
    if (d.withheld.includes('org')) row('org', s.dim('(not shown: it may hold part of the secret)'));
    else if (d.org !== '') row('org', quote(d.org));
    else row('org', d.inferredOrg ? `(empty) → flyte infers ${quote(d.inferredOrg)}` : '(empty) → flyte sends no org');
  } else if (d.fieldCount > 0) {
    lines.push(`  ${s.dim(`(fields not shown: flyte finds ${d.fieldCount}, so which one is the secret is unclear)`)}`);
  } else {
    lines.push(`  ${s.dim('(nothing: flyte cannot decode it)')}`);
  }
  if (d.problems.length > 0) {
    lines.push('', 'Problems:');
    for (const p of d.problems) {
      const tag = p.severity === 'error' ? s.red('error  ') : p.severity === 'warning' ? s.yellow('warning') : s.dim('info   ');
      lines.push(`  ${tag} ${p.code}: ${p.message}`);
    }
  }
  lines.push(
    '',
    d.valid
      ? s.green('OK: flyte reads this key as intended.')
      : s.red('Not OK: flyte would not read this key as intended. Re-create it with `flyte-ci-auth key encode`.'),
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------

export const command: CommandModule = {
  usage: USAGE,
  options: {
    endpoint: { type: 'string' },
    'client-id': { type: 'string' },
    org: { type: 'string' },
    'client-secret-env': { type: 'string' },
    // Declared only to refuse it with a clear message (and without echoing its value).
    'client-secret': { type: 'string' },
  },
  async run(args, ctx) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'encode' && sub !== 'decode') {
      throw new UsageError(
        sub === undefined ? 'key needs a subcommand: encode or decode.' : `unknown subcommand "key ${sub}": use encode or decode.`,
        'Usage: flyte-ci-auth key encode|decode [flags]   (flyte-ci-auth key --help)',
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]!.slice(0, 40)}".`, `Usage: flyte-ci-auth key ${sub} [flags]`);
    if (args.values['client-secret'] !== undefined) {
      throw new UsageError(
        'the client secret is never taken from a flag value (it would show up in shell history and the process list).',
        SOURCE_HINT,
      );
    }

    if (sub === 'encode') {
      const stray = ['json'].filter((f) => args.values[f] !== undefined);
      if (stray.length > 0) throw new UsageError('--json is for key decode: key encode prints the key alone.');
      const result = await runKeyEncode(
        {
          endpoint: str(args.values.endpoint),
          clientId: str(args.values['client-id']),
          org: str(args.values.org),
          clientSecretEnv: str(args.values['client-secret-env']),
        },
        ctx,
      );
      for (const n of result.notices) ctx.io.stderr.write(`${ctx.style.dim('note:')} ${n}\n`);
      for (const w of result.warnings) ctx.io.stderr.write(`${ctx.style.yellow('warning:')} ${w.message}\n`);
      ctx.io.stdout.write(`${result.key.reveal()}\n`);
      return EXIT.ok;
    }

    const encodeOnly = ['endpoint', 'client-id', 'org', 'client-secret-env'].filter((f) => args.values[f] !== undefined);
    if (encodeOnly.length > 0) throw new UsageError(`--${encodeOnly[0]} is for key encode; key decode reads only the key.`);
    const { key, source } = await readKey(ctx);
    const decoded = decodeApiKey(key);
    if (ctx.json) ctx.io.stdout.write(`${toJsonText(decodeReport(decoded))}\n`);
    else ctx.io.stdout.write(renderDecode(decoded, source, ctx));
    return decoded.valid ? EXIT.ok : EXIT.failed;
  },
};
