/**
 * `config write`: create or update config.yaml without losing what is in it (src/core/config-yaml.ts does the
 * merge). runConfigWrite is options in, result out, so the wizard reuses it; rendering is separate.
 */
import path from 'node:path';
import { normalizeEndpoint, quote } from '../core/apikey.js';
import { domainProblem, hasInvisible, orgProblem, parseHost, projectProblem, shown } from '../core/validate.js';
import { enumFlag, refuse } from './flags.js';
import { ConfigParseError, mergeConfig, type ConfigChange } from '../core/config-yaml.js';
import { CliError, EXIT, FailureError, MissingAnswerError, UsageError } from '../core/errors.js';
import { createFiles, describeFsError, FileError, parentExists, updateFile, type Files } from '../services/files.js';
import type { CommandContext, CommandModule, ParsedArgs } from './types.js';
import { toJsonText } from '../core/sanitize.js';

const USAGE = `Usage: flyte-ci-auth config write --endpoint HOST --project P --domain D [--org O] [--builder remote|local]
         [--ca-cert-file PATH | --insecure-skip-verify] [--disable-keyring] [--file PATH] [--dry-run] [--force] [--json]

Create or update flyte's config.yaml. Only these keys change: admin.endpoint (dns:///HOST), admin.insecure
(always false), admin.caCertFilePath, admin.insecureSkipVerify, admin.disableKeyring, image.builder, task.project,
task.domain, task.org. Every other key, every comment and the key order stay; the previous file is copied to
FILE.bak and the new one is written atomically.

  --endpoint HOST          control-plane host (https://HOST/ and dns:///HOST are accepted)
  --project P, --domain D  task.project and task.domain for flyte deploy
  --org O                  task.org: global.UNION_ORG of your control plane
  --builder remote|local   image.builder (a new file gets remote; an existing builder is kept unless given)
  --ca-cert-file PATH      PEM bundle for the control plane's private or self-signed CA (the file must exist;
                           flyte's token request does not use it: see instructions --idp-ca-file)
  --insecure-skip-verify   trust any certificate instead (prefer --ca-cert-file)
  --disable-keyring        admin.disableKeyring: true (recommended for CI)
  --file PATH              the file to write (default ./config.yaml)
  --dry-run                print the resulting YAML and the changes; write nothing
  --force                  replace a config.yaml that is read-only
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
  /** Replace a read-only config.yaml. */
  force?: boolean;
}

export interface ConfigWriteDeps {
  files: Files;
  cwd: string;
  /** In a terminal: asked before replacing a read-only file (without it, --force is needed). */
  confirmReadOnly?: (displayFile: string) => Promise<boolean>;
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
  /** When the file is a symlink: the file that was updated (the link is kept). */
  symlinkTarget?: string;
}


/** A FileError (or any fs error) as a CLI error in words: a bad --file is exit 2, a failed write exit 1. */
export function fileFailure(err: unknown, displayFile: string, doing: 'read' | 'write'): Error {
  if (err instanceof FileError) {
    const msg = err.message.split(err.file).join(displayFile);
    switch (err.code) {
      case 'not_regular':
      case 'too_large':
      case 'not_utf8':
        return new UsageError(`${msg}.`, 'Give the path of a regular file with --file.');
      case 'read_only':
        return new UsageError(`${msg}.`);
      case 'locked':
      case 'changed_meanwhile':
        return new FailureError(`${msg}.`);
      default:
        return new FailureError(`cannot ${doing} ${displayFile}: ${describeFsError(err.errno)}; it was not changed.`, err.errno === 'EISDIR' ? 'Give the path of a file with --file.' : undefined);
    }
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code) return new FailureError(`cannot ${doing} ${displayFile}: ${describeFsError(code)}; it was not changed.`);
  return err as Error;
}

/** Validate, merge and (unless dry-run or unchanged) write. Throws UsageError (2) or FailureError (1). */
export async function runConfigWrite(opts: ConfigWriteOptions, deps: ConfigWriteDeps): Promise<ConfigWriteResult> {
  refuseConfigValues(opts);

  const notices: string[] = [];
  const host = configEndpoint(opts.endpoint!, notices);
  enumFlag('--builder', opts.builder, ['remote', 'local'] as const);
  if (opts.caCertFile !== undefined && opts.insecureSkipVerify) {
    throw new UsageError('--ca-cert-file and --insecure-skip-verify exclude each other: give the CA bundle (preferred) or skip verification.');
  }

  if (opts.caCertFile !== undefined) await checkCaCertFile(opts.caCertFile, deps, notices);

  const displayFile = opts.file ?? 'config.yaml';
  if (displayFile === '') throw new UsageError('--file is empty.');
  const file = path.resolve(deps.cwd, displayFile);
  if (!(await parentExists(file))) {
    throw new UsageError(`the folder for ${displayFile} does not exist: ${path.dirname(file)}`, 'Create it first, or give another path with --file.');
  }
  const merge = (existing: string | undefined) => mergeConfigFile(existing, opts, host, displayFile);
  const toResult = (merged: ReturnType<typeof mergeConfig>): ConfigWriteResult => ({
    file,
    displayFile,
    created: merged.created,
    written: false,
    dryRun: opts.dryRun === true,
    text: merged.text,
    changes: merged.changes,
    warnings: merged.warnings,
    notices,
  });

  if (opts.dryRun) {
    let existing: string | undefined;
    try {
      existing = await deps.files.readText(file);
    } catch (err) {
      throw fileFailure(err, displayFile, 'read');
    }
    return toResult(merge(existing));
  }
  return writeConfigFile(deps, file, displayFile, opts.force === true, (existing) => {
    const merged = merge(existing);
    return { text: merged.text === existing ? undefined : merged.text, value: toResult(merged) };
  });
}

/** Values given are checked before missing ones are named: a bad value is reported even when others are missing. */
function refuseConfigValues(opts: ConfigWriteOptions): void {
  if (opts.project !== undefined) refuse('--project', projectProblem(opts.project));
  if (opts.domain !== undefined) refuse('--domain', domainProblem(opts.domain));
  if (opts.org !== undefined) refuse('--org', orgProblem(opts.org));
  if (opts.endpoint !== undefined) {
    const early = parseHost(normalizeEndpoint(opts.endpoint).host, { port: true });
    if ('code' in early) throw new UsageError(`--endpoint: ${early.message}`);
  }
  const missing = [
    ...(opts.endpoint === undefined ? ['--endpoint HOST'] : []),
    ...(opts.project === undefined ? ['--project P'] : []),
    ...(opts.domain === undefined ? ['--domain D'] : []),
  ];
  if (missing.length > 0) throw new MissingAnswerError(missing);
}

/** admin.endpoint's host (a port allowed), with the notices about how flyte will read it. */
function configEndpoint(endpoint: string, notices: string[]): string {
  const { host, notice } = normalizeEndpoint(endpoint);
  if (notice) notices.push(notice);
  // A config file, unlike the key, may carry a port (dns:///host:8443).
  const parsedHost = parseHost(host, { port: true });
  if ('code' in parsedHost) throw new UsageError(`--endpoint: ${parsedHost.message}`);
  if (parsedHost.port !== undefined) {
    // In CI the key's host (which cannot carry a port) beats admin.endpoint, as flyte resolves the endpoint.
    notices.push(
      `admin.endpoint carries port ${parsedHost.port}, but in CI the host inside FLYTE_API_KEY wins and it cannot carry a port: run flyte there as \`flyte --endpoint dns:///${host} --config config.yaml deploy …\`.`,
    );
  }
  return host;
}

/** The CA bundle named for caCertFilePath: readable, and notices when it does not look like what flyte expects. */
async function checkCaCertFile(caCertFile: string, deps: ConfigWriteDeps, notices: string[]): Promise<void> {
  // A path may hold spaces (flyte reads the YAML string as is); control and invisible characters are refused.
  if (caCertFile === '' || hasInvisible(caCertFile)) {
    throw new UsageError(`--ca-cert-file ${caCertFile === '' ? 'is empty' : `${shown(caCertFile)} contains a control or invisible character`}.`);
  }
  const resolved = path.resolve(deps.cwd, caCertFile);
  let pem: string | undefined;
  try {
    pem = await deps.files.readText(resolved);
  } catch (err) {
    const why = err instanceof FileError ? (err.errno ? describeFsError(err.errno) : err.message.replace(`${resolved} `, '')) : describeFsError((err as NodeJS.ErrnoException).code);
    throw new UsageError(`--ca-cert-file ${shown(caCertFile)} cannot be read: ${why}.`, 'Give the path of a PEM file with your CA certificate(s).');
  }
  if (pem === undefined) {
    throw new UsageError(`--ca-cert-file ${shown(caCertFile)} does not exist.`, 'Give the path of a PEM file with your CA certificate(s).');
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    notices.push(`${caCertFile} has no "-----BEGIN CERTIFICATE-----" line: flyte expects a PEM bundle.`);
  }
  if (!path.isAbsolute(caCertFile)) {
    notices.push(`caCertFilePath ${quote(caCertFile)} is relative: flyte resolves it from the directory it runs in.`);
  }
  // flyte gives caCertFilePath to the control-plane connection only; its token request trusts certifi or SSL_CERT_FILE.
  notices.push(
    'caCertFilePath covers the control plane only (and replaces the system roots there). If the identity provider also has a private CA, CI must set SSL_CERT_FILE to a bundle of the public roots plus that CA: `flyte-ci-auth instructions CI --idp-ca-file PEM` writes those steps.',
  );
}

/** The file's text with these settings merged in; a file that cannot be parsed is left unchanged (FailureError). */
function mergeConfigFile(existing: string | undefined, opts: ConfigWriteOptions, host: string, displayFile: string): ReturnType<typeof mergeConfig> {
  try {
    return mergeConfig(existing, {
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
}

/**
 * Read, merge and write under the file's lock: a concurrent run fails instead of losing a change. A read-only
 * file is written only when --force is given or the person confirms.
 */
async function writeConfigFile(
  deps: ConfigWriteDeps,
  file: string,
  displayFile: string,
  force: boolean,
  update: (existing: string | undefined) => { text: string | undefined; value: ConfigWriteResult },
): Promise<ConfigWriteResult> {
  const attempt = (forced: boolean) => updateFile(deps.files, file, update, { force: forced });
  try {
    let outcome;
    try {
      outcome = await attempt(force);
    } catch (err) {
      if (!(err instanceof FileError && err.code === 'read_only' && deps.confirmReadOnly && (await deps.confirmReadOnly(displayFile)))) throw err;
      outcome = await attempt(true);
    }
    const { value: result, write } = outcome;
    if (write) {
      result.written = true;
      result.backupPath = write.backupPath;
      if (write.symlinkTarget) {
        result.notices.push(`${displayFile} is a symlink: updated the file it points to (${write.symlinkTarget}) and kept the link.`);
        result.symlinkTarget = write.symlinkTarget;
      }
    }
    return result;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw fileFailure(err, displayFile, 'write');
  }
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
    force: { type: 'boolean' },
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
        force: v.force === true,
      },
      {
        files: createFiles(),
        cwd: ctx.cwd,
        ...(ctx.canPrompt
          ? {
              confirmReadOnly: async (f: string) => {
                const { createInkPrompter } = await import('../ui/prompter.js');
                const prompter = createInkPrompter({ accessible: ctx.accessible, color: ctx.color });
                try {
                  return await prompter.confirm({ id: 'replaceReadOnly', message: `${f} is read-only. Replace it anyway (a backup is kept)?`, initial: false });
                } finally {
                  await prompter.close();
                }
              },
            }
          : {}),
      },
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
      ctx.io.stdout.write(`${toJsonText(report)}\n`);
    } else {
      render(result, ctx);
    }
    return EXIT.ok;
  },
};
