/**
 * How the wizard shows a CheckReport: the steps, the claims table and the diagnosis as Blocks, and the
 * redacted plain-text report a user can save and attach to a ticket. Server-provided text is untrusted:
 * everything from the report passes stripControl, and everything is redacted against the secrets.
 */
import type { CheckReport } from '../core/check-types.js';
import type { Block } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import { redact, type Secret } from '../core/secret.js';
import { maskCredentials } from '../core/diagnose-catalogue.js';

const MARK: Record<string, string> = { ok: '✓', warning: '!', failed: '✗', skipped: '-', running: '…' };

function clean(text: string, secrets: ReadonlyArray<Secret | undefined>, singleLine = false): string {
  return maskCredentials(redact(stripControl(text, singleLine ? { singleLine: true, maxLength: 300 } : {}), secrets));
}

export function reportBlocks(report: CheckReport, secrets: ReadonlyArray<Secret | undefined>): Block[] {
  const blocks: Block[] = [];
  if (report.steps.length > 0) {
    // The status mark is the row's label: a bulleted list would print two markers ("• ✓").
    blocks.push({
      kind: 'table',
      rows: report.steps.map((s) => ({ label: MARK[s.status] ?? '?', value: clean(s.summary, secrets, true) })),
    });
  }
  if (report.claimRows.length > 0) {
    blocks.push({
      kind: 'table',
      rows: report.claimRows.map((r) => ({ label: clean(r.label, secrets, true), value: clean(r.value, secrets, true) })),
    });
  }
  const d = report.diagnosis;
  const tone = d.severity === 'ok' ? 'success' : d.severity === 'warning' ? 'warning' : 'error';
  blocks.push({ kind: 'text', tone, text: clean(d.title, secrets, true) });
  if (d.detail) blocks.push({ kind: 'text', text: clean(d.detail, secrets) });
  if (d.providerText) blocks.push({ kind: 'text', tone: 'dim', text: `Provider said: ${clean(d.providerText, secrets, true)}` });
  if (!report.ok && d.fix.length > 0) blocks.push({ kind: 'list', ordered: true, items: d.fix.map((f) => clean(f, secrets)) });
  for (const w of report.warnings) blocks.push({ kind: 'text', tone: 'warning', text: clean(w.message, secrets, true) });
  return blocks;
}

export function exchangeBlock(report: CheckReport, secrets: ReadonlyArray<Secret | undefined>): Block {
  const text = report.exchange.length > 0 ? clean(report.exchange.join('\n'), secrets) : '(no HTTP exchange was recorded)';
  return { kind: 'code', title: 'HTTP exchange (secrets and tokens redacted)', text };
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

/** The shareable report: no secret, no token (the check never puts them there; redact() makes sure). */
export function reportText(report: CheckReport, meta: ReportMeta, secrets: ReadonlyArray<Secret | undefined>): string {
  const d = report.diagnosis;
  const lines = [
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
    `Result: ${report.ok ? 'OK' : 'FAILED'}: ${d.code}: ${d.title}`,
    d.detail,
  ];
  if (d.providerText) lines.push(`Provider said: ${d.providerText}`);
  if (!report.ok && d.fix.length > 0) lines.push('', 'What to do:', ...d.fix.map((f, i) => `  ${i + 1}. ${f}`));
  if (report.steps.length > 0) lines.push('', 'Steps:', ...report.steps.map((s) => `  ${MARK[s.status] ?? '?'} ${s.summary}`));
  if (report.claimRows.length > 0) lines.push('', 'Token claims:', ...report.claimRows.map((r) => `  ${r.label}: ${r.value}`));
  if (report.token) {
    lines.push('', 'Decoded token (header and claims, no signature):', `  header: ${JSON.stringify(report.token.header)}`, `  claims: ${JSON.stringify(report.token.claims, null, 2).replace(/\n/gu, '\n  ')}`);
  }
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${w.message}`));
  lines.push('', 'HTTP exchange (redacted):', ...(report.exchange.length > 0 ? report.exchange : ['(none recorded)']), '');
  return clean(lines.join('\n'), secrets);
}
