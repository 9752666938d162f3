/**
 * The one view of a CheckReport: report → Blocks (checkReportBlocks). The `check` command prints those blocks as
 * plain text (renderBlock, no Ink), the wizard and `rotate` show them through the Prompter (Ink's Blocks
 * component), and the shareable report file is the same blocks as plain text under a few header lines. The
 * `--json` shape lives here too. Server-provided text is untrusted: everything from the report passes
 * stripControl, and everything is redacted against the secrets (and the credential-shaped pattern backstop).
 */
import type { CheckReport } from '../core/check-types.js';
import type { Block } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import { redact, type Secret } from '../core/secret.js';
import { createStyle, type Style } from '../core/style.js';
import { maskCredentials } from '../core/diagnose-catalogue.js';
import { renderBlock } from './plain-display.js';

const MARK: Record<string, string> = { ok: '✓', warning: '!', failed: '✗', skipped: '-', running: '…' };

type Secrets = ReadonlyArray<Secret | string | undefined>;

function clean(text: string, secrets: Secrets, singleLine = false): string {
  const s = secrets.filter((x): x is Secret | string => x !== undefined);
  return maskCredentials(redact(stripControl(text, singleLine ? { singleLine: true, maxLength: 400 } : {}), s));
}

export interface ViewOptions {
  /** Add the redacted HTTP exchange. */
  verbose?: boolean;
}

/** The report as blocks: steps, the decoded token, the verdict with its fix steps, warnings, (the exchange). */
export function checkReportBlocks(report: CheckReport, secrets: Secrets, opts: ViewOptions = {}): Block[] {
  const blocks: Block[] = [];
  if (report.steps.length > 0) {
    blocks.push({ kind: 'list', items: report.steps.map((s) => `${MARK[s.status] ?? '?'} ${clean(s.summary, secrets, true)}`) });
  }
  if (report.token) {
    const h = report.token.header;
    const header = ['alg', 'typ', 'kid'].filter((k) => h[k] !== undefined).map((k) => `${k}=${String(h[k])}`).join(', ');
    blocks.push({ kind: 'heading', text: 'Token (decoded, not a secret: the signature part is not shown)' });
    blocks.push({
      kind: 'table',
      rows: [{ label: 'Header', value: header }, ...report.claimRows].map((r) => ({ label: clean(r.label, secrets, true), value: clean(r.value, secrets, true) })),
    });
  }
  const d = report.diagnosis;
  if (report.ok) {
    blocks.push({ kind: 'text', tone: 'success', text: `OK: ${clean(d.title, secrets, true)}` });
  } else {
    blocks.push({ kind: 'text', tone: d.severity === 'warning' ? 'warning' : 'error', text: `FAILED: ${clean(d.title, secrets, true)} [${d.code}]` });
    if (d.detail) blocks.push({ kind: 'text', text: clean(d.detail, secrets) });
    if (d.providerText) blocks.push({ kind: 'text', tone: 'dim', text: `The server said: ${clean(d.providerText, secrets, true)}` });
    if (d.fix.length > 0) {
      blocks.push({ kind: 'text', text: 'What to do:' });
      blocks.push({ kind: 'list', ordered: true, items: d.fix.map((f) => clean(f, secrets)) });
    }
  }
  if (report.warnings.length > 0) {
    blocks.push({ kind: 'text', tone: 'warning', text: 'Warnings:' });
    blocks.push({ kind: 'list', tone: 'warning', items: report.warnings.map((w) => `${clean(w.message, secrets, true)} [${w.code}]`) });
  }
  if (opts.verbose) blocks.push(exchangeBlock(report, secrets));
  return blocks;
}

/** The redacted HTTP exchange as a code block (shown on request). */
export function exchangeBlock(report: CheckReport, secrets: Secrets): Block {
  const text = report.exchange.length > 0 ? clean(report.exchange.join('\n'), secrets) : '(no HTTP exchange was recorded)';
  return { kind: 'code', title: 'HTTP exchange (secrets and tokens redacted)', text };
}

/** The wizard's and rotate's name for the same view (no exchange). */
export function reportBlocks(report: CheckReport, secrets: Secrets): Block[] {
  return checkReportBlocks(report, secrets);
}

/** The blocks as plain text (the `check` command's output; colour only when the style has it). */
export function renderReportText(report: CheckReport, style: Style, opts: ViewOptions & { secrets?: Secrets } = {}): string {
  return checkReportBlocks(report, opts.secrets ?? [], opts)
    .map((b) => renderBlock(b, style))
    .join('');
}

export interface ReportMeta {
  when: Date;
  provider: string;
  /** How the provider was told: chosen by the person, or guessed from the token URL. */
  providerGuess?: string;
  /** flyte-ci-auth's and Node's versions. */
  versions?: { tool: string; node: string };
  endpoint: string;
  clientId: string;
  org: string;
}

/** The shareable report: a few header lines, then the same view as plain text, exchange included. No secret, no token. */
export function reportText(report: CheckReport, meta: ReportMeta, secrets: Secrets): string {
  const head = [
    `flyte-ci-auth check report (${meta.when.toISOString()})`,
    'This report holds no client secret and no access token: secrets are replaced by <redacted>, and the token',
    'appears only as its decoded header and claims (no signature, so it cannot be used).',
    '',
    ...(meta.versions ? [`Tool:          flyte-ci-auth ${meta.versions.tool}, Node ${meta.versions.node}`] : []),
    `Provider:      ${meta.provider}${meta.providerGuess ? ` (${meta.providerGuess})` : ''}`,
    `Control plane: ${meta.endpoint}`,
    `Client ID:     ${meta.clientId}`,
    `Org:           ${meta.org || '(empty)'}`,
    `Token URL:     ${report.target.tokenUrl ?? '(not found)'} (via ${report.target.via})`,
    `Auth method:   ${report.authMethod ?? '(none)'}`,
    '',
  ].join('\n');
  const decoded = report.token
    ? `\nDecoded token (header and claims, no signature):\n  header: ${JSON.stringify(report.token.header)}\n  claims: ${JSON.stringify(report.token.claims, null, 2).replace(/\n/gu, '\n  ')}\n`
    : '';
  return clean(`${head}\n${renderReportText(report, createStyle(false), { verbose: true, secrets })}${decoded}`, secrets);
}

/** The `check --json` shape. */
export function toCheckJson(report: CheckReport) {
  return {
    ok: report.ok,
    diagnosis: {
      code: report.diagnosis.code,
      title: report.diagnosis.title,
      detail: report.diagnosis.detail,
      fix: [...report.diagnosis.fix],
      // The provider's own words, so "shown below" holds in --json too (all sanitised and redacted).
      ...(report.diagnosis.providerText ? { providerText: report.diagnosis.providerText } : {}),
      ...(report.diagnosis.providerError ? { providerError: report.diagnosis.providerError } : {}),
      ...(report.diagnosis.providerErrorDescription ? { providerErrorDescription: report.diagnosis.providerErrorDescription } : {}),
      ...(report.diagnosis.providerExcerpt ? { providerExcerpt: report.diagnosis.providerExcerpt } : {}),
    },
    warnings: report.warnings.map((w) => ({ code: w.code, message: w.message })),
    token: report.token ? { header: report.token.header, claims: report.token.claims, expiresIn: report.token.expiresIn } : null,
    http: report.http ? { status: report.http.status } : null,
    target: { tokenUrl: report.target.tokenUrl, via: report.target.via },
  };
}
