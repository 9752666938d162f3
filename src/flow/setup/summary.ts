/**
 * The end of the wizard as pure functions of the state: the result (what was written and pushed, what to do
 * next), the summary blocks, and the equivalent command line (the secret only as an env var name or stdin).
 */
import path from 'node:path';
import { fingerprintIfSafe, orgFromEndpoint } from '../../core/apikey.js';
import { shellQuote } from '../../core/ci/command-line.js';
import type { Block } from '../../core/prompter.js';
import { providerGuide } from '../../core/providers-data.js';
import { addDays, isoDate, ROTATION_DAYS } from '../common.js';
import { configFile, displayPath, type SetupState } from './state.js';
import { DEFAULT_TIMEOUT_MS, type SetupAnswers, type SetupResult, type TlsChoice } from './types.js';

/** What the summary needs besides the state. */
export interface SummaryInput {
  cwd: string;
  demo: boolean;
  defaults: SetupAnswers;
  /** The answers as the flags gave them. */
  flags: SetupAnswers;
  now: Date;
}

function nextSteps(s: SetupState, cfgShown: string, rotationDue: string, demo: boolean): string[] {
  const { a } = s;
  if (s.stopped) {
    return [`flyte-ci-auth check --endpoint ${shellQuote(a.endpoint!)} --client-id ${shellQuote(a.clientId!)} --client-secret-stdin --verbose`];
  }
  const next: string[] = [];
  const pipe = s.pipeline;
  const toCommit = [
    ...(s.config?.written && !path.isAbsolute(cfgShown) ? [cfgShown] : []),
    ...(pipe && (pipe.status === 'created' || pipe.status === 'updated') && !path.isAbsolute(pipe.file) ? [pipe.file] : []),
  ];
  // The demo's own temporary folder is not a repository: nothing to commit (with --dir/--file it may be).
  if (toCommit.length > 0 && !(demo && !s.given.has('file'))) {
    const what = toCommit.length > 1 || !s.config?.written ? 'flyte config and deploy pipeline for CI' : 'flyte config for CI';
    next.push(`git add ${toCommit.map(shellQuote).join(' ')} && git commit -m "${s.config?.written ? what : 'flyte deploy pipeline for CI'}"`);
  }
  if (s.config && !s.config.written && !s.config.upToDate) {
    // Declined: no "Next" may point at a config.yaml that does not exist (or an old one that was not updated).
    next.push(`config.yaml was not written: run flyte-ci-auth setup again and answer yes, or pass these settings to flyte as flags`);
  } else {
    next.push(`flyte --config ${shellQuote(cfgShown)} deploy <file.py|folder> [ENV_NAME]`);
  }
  next.push(`flyte-ci-auth rotate   (before ${rotationDue})`);
  if (demo) next.push('flyte-ci-auth setup   (the same wizard against your own identity provider and control plane)');
  return next;
}

export function setupResult(s: SetupState, input: SummaryInput): SetupResult {
  const { a } = s;
  // A created secret that ends before the 90 days sets the reminder to its end date.
  const usual = isoDate(addDays(input.now, ROTATION_DAYS));
  const ends = s.secretExpiresAt ? s.secretExpiresAt.slice(0, 10) : undefined;
  const rotationDue = ends && ends < usual ? ends : usual;
  const cfg = configFile(s, input);
  const command = equivalentCommand(input.demo ? { ...a, caCertFile: input.flags.caCertFile, noPush: undefined } : a, {
    demo: input.demo,
    file: input.demo && !s.given.has('file') ? undefined : displayPath(input.cwd, cfg),
    tls: s.tls,
  });
  const r = s.report!;
  const status: SetupResult['status'] = !r.ok ? 'check_failed' : s.ci && !s.ci.pushed && s.ci.where ? 'push_failed' : 'ok';
  const cfgShown = s.config ? displayPath(input.cwd, s.config.path) : displayPath(input.cwd, cfg);
  return {
    status,
    provider: a.provider ?? 'generic',
    endpoint: a.endpoint!,
    clientId: a.clientId!,
    org: a.org ?? '',
    project: a.project!,
    domain: a.domain!,
    secretFingerprint: fingerprintIfSafe(a.clientSecret!) ?? null,
    check: { ok: r.ok, code: r.diagnosis.code, title: r.diagnosis.title, ...(r.ok ? {} : { accepted: !s.stopped }) },
    ...(s.config ? { config: s.config } : {}),
    ...(s.ci ? { ci: s.ci } : {}),
    ...(s.pipeline ? { pipeline: s.pipeline } : {}),
    ...(s.created ? { created: s.created } : {}),
    rotationDue,
    ...(ends ? { secretExpiresAt: ends } : {}),
    next: nextSteps(s, cfgShown, rotationDue, input.demo),
    command,
    ...(s.reportPath ? { reportPath: s.reportPath } : {}),
  };
}

/** The config.yaml path as the summary shows it. */
export function configShown(s: SetupState, input: Pick<SummaryInput, 'cwd' | 'defaults'>): string {
  return displayPath(input.cwd, s.config ? s.config.path : configFile(s, input));
}

function pipelineSummary(x: NonNullable<SetupResult['pipeline']>): string {
  switch (x.status) {
    case 'created':
    case 'updated':
      return `${x.file} (${x.status}${x.backupPath ? `, backup ${path.basename(x.backupPath)}` : ''})`;
    case 'unchanged':
      return `${x.file} (already up to date)`;
    default:
      return `${x.file} NOT written${x.reason ? ` (${x.reason})` : ''}`;
  }
}

export function summaryBlocks(r: SetupResult, cfgShown: string): Block[] {
  if (r.status === 'check_failed' && !r.check.accepted) {
    return [
      { kind: 'heading', text: 'Stopped: the check failed' },
      { kind: 'text', text: 'Nothing was written and nothing was pushed. Fix the problem above and run the same command again.' },
      { kind: 'code', title: 'Check again on its own', text: r.next.join('\n') },
    ];
  }
  const cfg = r.config;
  const config = !cfg
    ? 'not written'
    : cfg.upToDate
      ? `${cfgShown} (already up to date)`
      : cfg.written
        ? `${cfgShown} (${cfg.created ? 'created' : 'updated'}${cfg.backupPath ? `, backup ${path.basename(cfg.backupPath)}` : ''})`
        : `${cfgShown} NOT written (you declined)`;
  const ci = !r.ci
    ? 'not set'
    : r.ci.pushed
      ? `FLYTE_API_KEY stored in ${r.ci.where}`
      : r.ci.handoff
        ? `not pushed (${r.ci.reason ?? 'manual steps shown above'}); the key was handed over (${r.ci.handoff}): add it as FLYTE_API_KEY`
        : `not pushed (${r.ci.reason ?? 'manual steps shown above'}): add FLYTE_API_KEY as shown above`;
  return [
    { kind: 'heading', text: r.status === 'ok' ? 'Done' : r.status === 'push_failed' ? 'Done, except the CI secret' : 'Done, but the check failed' },
    {
      kind: 'table',
      rows: [
        { label: 'Provider', value: providerGuide(r.provider).name },
        { label: 'Control plane', value: r.endpoint },
        { label: 'Client ID', value: r.clientId },
        { label: 'Org', value: r.org || `(empty: flyte infers ${orgFromEndpoint(r.endpoint) ?? 'none'})` },
        { label: 'Project / domain', value: `${r.project} / ${r.domain}` },
        { label: 'Check', value: r.check.ok ? 'passed' : `FAILED (${r.check.title})` },
        { label: 'config.yaml', value: config },
        { label: 'CI secret', value: ci },
        ...(r.pipeline ? [{ label: 'Pipeline', value: pipelineSummary(r.pipeline) }] : []),
        { label: 'Secret fingerprint', value: r.secretFingerprint ? `sha256:${r.secretFingerprint}` : '(not shown: the secret is too short to show one safely)' },
        ...(r.created ? r.created.map((c) => ({ label: `Created ${c.kind}`, value: `${c.id}${c.detail ? ` (${c.detail})` : ''} in ${c.where}` })) : []),
        ...(r.secretExpiresAt ? [{ label: 'Secret ends', value: r.secretExpiresAt }] : []),
        { label: 'Rotate by', value: `${r.rotationDue} (${r.secretExpiresAt === r.rotationDue ? 'when the secret ends' : '90 days'})` },
      ],
    },
    { kind: 'code', title: 'Next', text: r.next.join('\n') },
    { kind: 'code', title: `The same setup without questions${secretSource(r.command)}`, text: r.command },
  ];
}

/** Where the command line takes the secret from, said in the heading only when it takes one (the demo does not). */
function secretSource(command: string): string {
  if (command.includes('--client-secret-env')) return ' (the secret comes from the environment)';
  if (command.includes('--client-secret-stdin')) return ' (the secret comes from stdin)';
  return '';
}

/** `flyte-ci-auth setup --yes …` with every answer as a flag; the secret only as an env var name or stdin. */
export function equivalentCommand(a: SetupAnswers, opts: { demo: boolean; file?: string; tls: TlsChoice }): string {
  const args: string[] = ['setup'];
  const add = (flag: string, value?: string) => {
    if (value !== undefined) args.push(flag, shellQuote(value));
  };
  let prefix = '';
  if (opts.demo) {
    args.push('--demo');
  } else {
    add('--provider', a.provider);
    add('--endpoint', a.endpoint);
    add('--client-id', a.clientId);
    if (a.secretSource?.kind === 'stdin') {
      prefix = `printf '%s' "$CLIENT_SECRET" | `;
      args.push('--client-secret-stdin');
    } else {
      add('--client-secret-env', a.secretSource?.kind === 'env' ? a.secretSource.name : 'CLIENT_SECRET');
    }
    add('--org', a.org ?? '');
  }
  add('--project', a.project);
  add('--domain', a.domain);
  if (a.scopes) add('--scope', a.scopes.join(' '));
  add('--audience', a.audience);
  if (a.authMethod && a.authMethod !== 'basic') add('--auth-method', a.authMethod);
  if (!opts.demo) add('--ca-file', a.caFile);
  add('--idp-ca-file', a.idpCaFile);
  if (a.timeoutMs !== undefined && a.timeoutMs !== DEFAULT_TIMEOUT_MS) add('--timeout', String(a.timeoutMs / 1000));
  add('--file', opts.file);
  if (a.caCertFile) add('--ca-cert-file', a.caCertFile);
  else if (opts.tls === 'skip-verify' || a.insecureSkipVerify) args.push('--insecure-skip-verify');
  add('--ci', a.ci);
  if (a.ci === 'github' || a.ci === 'gitlab') add('--repo', a.repo);
  add('--env', a.env);
  if (a.noPush) args.push('--no-push');
  if (a.writePipeline === true) args.push('--write-pipeline');
  args.push('--yes');
  return `${prefix}flyte-ci-auth ${args.join(' ')}`;
}
