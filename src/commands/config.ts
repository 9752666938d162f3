/**
 * `config write`: create or update config.yaml without losing what is in it (src/core/config-yaml.ts does the
 * merge). runConfigWrite is options in, result out, so the wizard reuses it; rendering is separate.
 */
import path from 'node:path';
import { normalizeEndpoint, quote, validateField } from '../core/apikey.js';
import { ConfigParseError, mergeConfig, type ConfigChange } from '../core/config-yaml.js';
import { EXIT, FailureError, MissingAnswerError, UsageError } from '../core/errors.js';
import { createFiles, describeFsError, parentExists, type Files } from '../services/files.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';

const USAGE = `Usage: flyte-ci-auth config write --endpoint HOST --project P --domain D [--org O] [--builder remote|local]
         [--ca-cert-file PATH | --insecure-skip-verify] [--disable-keyring] [--file PATH] [--dry-run] [--json]

Create or update flyte's config.yaml. Only these keys change: admin.endpoint (dns:///HOST), admin.insecure
(always false), admin.caCertFilePath, admin.insecureSkipVerify, admin.disableKeyring, image.builder, task.project,
task.domain, task.org. Every other key, every comment and the key order stay; the previous file is copied to
FILE.bak and the new one is written atomically.

  --endpoint HOST          control-plane host (https://HOST/ and dns:///HOST are accepted)
  --project P, --domain D  task.project and task.domain for flyte deploy
  --org O                  task.org: global.UNION_ORG of your control plane
  --builder remote|local   image.builder (a new file gets remote; an existing builder is kept unless given)
  --ca-cert-file PATH      PEM bundle for a private or self-signed CA (the file must exist)
  --insecure-skip-verify   trust any certificate instead (prefer --ca-cert-file)
  --disable-keyring        admin.disableKeyring: true (recommended for CI)
  --file PATH              the file to write (default ./config.yaml)
  --dry-run                print the resulting YAML and the changes; write nothing
  --json                   print a report: {"file","created","written","dryRun","backup","changes","warnings"}

Never writes admin.insecure: true: in flyte 2 it means plain HTTP and no authentication.

Example:
  flyte-ci-auth config write --endpoint union.acme.com --project ml --domain development --org acme --disable-keyring`;

export interface ConfigWriteOptions {
  endpoint?: string;
  project?: string;
  domain?: string;
  org?: string;
  builder?: string;
  caCertFile?: string;
  insecureSkipVerify?: boolean;
  disableKeyring?: boolean;
  /** Defaults to config.yaml; relative paths are resolved against deps.cwd. */
  file?: string;
  dryRun?: boolean;
}

export interface ConfigWriteDeps {
  files: Files;
  cwd: string;
}

export interface ConfigWriteResult {
  /** Absolute path of the config file. */
  file: string;
  /** The path as the user gave it (or config.yaml), for messages. */
  displayFile: string;
  created: boolean;
  /** The file was written (false on --dry-run and when nothing changed). */
  written: boolean;
  dryRun: boolean;
  backupPath?: string;
  text: string;
  changes: ConfigChange[];
  warnings: string[];
  notices: string[];
}

function checkValue(flag: string, value: string): void {
  if (value === '') throw new UsageError(`${flag} is empty.`);
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new UsageError(`${flag} ${quote(value)} contains whitespace or a control character; flyte would use it as is.`);
  }
}

/** Validate, merge and (unless dry-run or unchanged) write. Throws UsageError (2) or FailureError (1). */
export async function runConfigWrite(opts: ConfigWriteOptions, deps: ConfigWriteDeps): Promise<ConfigWriteResult> {
  const missing = [
    ...(opts.endpoint === undefined ? ['--endpoint HOST'] : []),
    ...(opts.project === undefined ? ['--project P'] : []),
    ...(opts.domain === undefined ? ['--domain D'] : []),
  ];
  if (missing.length > 0) throw new MissingAnswerError(missing);

  const notices: string[] = [];
  const { host, notice } = normalizeEndpoint(opts.endpoint!);
  if (notice) notices.push(notice);
  // A config file, unlike the key, may carry a port (dns:///host:8443).
  const hostErrors = validateField('endpoint', host).filter(
    (p) => p.severity === 'error' && !(p.code === 'port_in_endpoint' && /^[^:/\s]+:\d{1,5}$/.test(host)),
  );
  if (hostErrors.length > 0) throw new UsageError(`--endpoint: ${hostErrors[0]!.message}`);
  const port = /:(\d{1,5})$/.exec(host)?.[1];
  if (port !== undefined) {
    // In CI the key's host (which cannot carry a port) beats admin.endpoint, as flyte resolves the endpoint.
    notices.push(
      `admin.endpoint carries port ${port}, but in CI the host inside FLYTE_API_KEY wins and it cannot carry a port: run flyte there as \`flyte --endpoint dns:///${host} --config config.yaml deploy …\`.`,
    );
  }
  checkValue('--project', opts.project!);
  checkValue('--domain', opts.domain!);
  if (opts.org !== undefined) checkValue('--org', opts.org);
  if (opts.builder !== undefined && opts.builder !== 'remote' && opts.builder !== 'local') {
    throw new UsageError(`--builder must be remote or local, not ${quote(opts.builder.slice(0, 40))}.`);
  }
  if (opts.caCertFile !== undefined && opts.insecureSkipVerify) {
    throw new UsageError('--ca-cert-file and --insecure-skip-verify exclude each other: give the CA bundle (preferred) or skip verification.');
  }

  if (opts.caCertFile !== undefined) {
    checkValue('--ca-cert-file', opts.caCertFile);
    const resolved = path.resolve(deps.cwd, opts.caCertFile);
    let pem: string | undefined;
    try {
      pem = await deps.files.readText(resolved);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`--ca-cert-file ${quote(opts.caCertFile)} cannot be read (${code}).`, 'Give the path of a PEM file with your CA certificate(s).');
    }
    if (pem === undefined) {
      throw new UsageError(`--ca-cert-file ${quote(opts.caCertFile)} does not exist.`, 'Give the path of a PEM file with your CA certificate(s).');
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      notices.push(`${opts.caCertFile} has no "-----BEGIN CERTIFICATE-----" line: flyte expects a PEM bundle.`);
    }
    if (!path.isAbsolute(opts.caCertFile)) {
      notices.push(`caCertFilePath ${quote(opts.caCertFile)} is relative: flyte resolves it from the directory it runs in.`);
    }
  }

  const displayFile = opts.file ?? 'config.yaml';
  if (displayFile === '') throw new UsageError('--file is empty.');
  const file = path.resolve(deps.cwd, displayFile);
  if (!(await parentExists(file))) {
    throw new UsageError(`the folder for ${displayFile} does not exist: ${path.dirname(file)}`, 'Create it first, or give another path with --file.');
  }
  let existing: string | undefined;
  try {
    existing = await deps.files.readText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FailureError(`cannot read ${displayFile}: ${describeFsError(code)}.`, code === 'EISDIR' ? 'Give the path of a file with --file.' : undefined);
  }

  let merged;
  try {
    merged = mergeConfig(existing, {
      endpoint: host,
      project: opts.project!,
      domain: opts.domain!,
      org: opts.org,
      builder: opts.builder as 'remote' | 'local' | undefined,
      caCertFilePath: opts.caCertFile,
      insecureSkipVerify: opts.insecureSkipVerify ? true : undefined,
      disableKeyring: opts.disableKeyring ? true : undefined,
    });
  } catch (err) {
    if (err instanceof ConfigParseError) {
      const where = err.line !== undefined ? `:${err.line}${err.column !== undefined ? `:${err.column}` : ''}` : '';
      throw new FailureError(
        `${displayFile}${where}: ${err.message}`,
        `The file was not changed. Fix it (line ${err.line ?? '?'}, column ${err.column ?? '?'}) or write elsewhere with --file.`,
      );
    }
    throw err;
  }

  const result: ConfigWriteResult = {
    file,
    displayFile,
    created: merged.created,
    written: false,
    dryRun: opts.dryRun === true,
    text: merged.text,
    changes: merged.changes,
    warnings: merged.warnings,
    notices,
  };
  if (opts.dryRun || merged.text === existing) return result;
  try {
    const written = await deps.files.writeAtomic(file, merged.text);
    result.written = true;
    result.backupPath = written.backupPath;
  } catch (err) {
    throw new FailureError(`cannot write ${displayFile}: ${describeFsError((err as NodeJS.ErrnoException).code)}; it was not changed.`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

function fmt(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderChanges(changes: ConfigChange[]): string[] {
  return changes.map((c) =>
    c.kind === 'added'
      ? `  + ${c.key}: ${fmt(c.after)}`
      : c.kind === 'changed'
        ? `  ~ ${c.key}: ${fmt(c.before)} → ${fmt(c.after)}`
        : `  = ${c.key}: ${fmt(c.after)} (unchanged)`,
  );
}

function render(result: ConfigWriteResult, ctx: CommandContext): void {
  const s = ctx.style;
  const err = ctx.io.stderr;
  for (const n of result.notices) err.write(`${s.dim('note:')} ${n}\n`);
  if (result.dryRun) {
    ctx.io.stdout.write(result.text);
    err.write(`Dry run: nothing written. ${result.created ? `Would create ${result.displayFile}` : `Changes to ${result.displayFile}`}:\n`);
    err.write(`${renderChanges(result.changes).join('\n')}\n`);
  } else {
    const head = result.created
      ? `Created ${result.displayFile}:`
      : result.written
        ? `Updated ${result.displayFile} (previous version in ${path.basename(result.backupPath ?? `${result.displayFile}.bak`)}):`
        : `${result.displayFile} is already up to date:`;
    ctx.io.stdout.write(`${head}\n${renderChanges(result.changes).join('\n')}\n`);
  }
  for (const w of result.warnings) err.write(`${s.yellow('warning:')} ${w}\n`);
}

function str(v: ParsedArgs['values'][string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export const command: CommandModule = {
  usage: USAGE,
  options: {
    endpoint: { type: 'string' },
    project: { type: 'string' },
    domain: { type: 'string' },
    org: { type: 'string' },
    builder: { type: 'string' },
    'ca-cert-file': { type: 'string' },
    'insecure-skip-verify': { type: 'boolean' },
    'disable-keyring': { type: 'boolean' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(args, ctx) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'write') {
      throw new UsageError(
        sub === undefined ? 'config needs a subcommand: write.' : `unknown subcommand "config ${sub.slice(0, 40)}": use write.`,
        'Usage: flyte-ci-auth config write --endpoint HOST --project P --domain D [flags]   (flyte-ci-auth config --help)',
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]!.slice(0, 40)}".`, 'Usage: flyte-ci-auth config write [flags]');
    const v = args.values;
    const result = await runConfigWrite(
      {
        endpoint: str(v.endpoint),
        project: str(v.project),
        domain: str(v.domain),
        org: str(v.org),
        builder: str(v.builder),
        caCertFile: str(v['ca-cert-file']),
        insecureSkipVerify: v['insecure-skip-verify'] === true,
        disableKeyring: v['disable-keyring'] === true,
        file: str(v.file),
        dryRun: v['dry-run'] === true,
      },
      { files: createFiles(), cwd: ctx.cwd },
    );
    if (ctx.json) {
      const report = {
        file: result.file,
        created: result.created,
        written: result.written,
        dryRun: result.dryRun,
        backup: result.backupPath ?? null,
        changes: result.changes,
        warnings: result.warnings,
        notices: result.notices,
        ...(result.dryRun ? { yaml: result.text } : {}),
      };
      ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      render(result, ctx);
    }
    return EXIT.ok;
  },
};
