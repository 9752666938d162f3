/** How the rotation shows a check: one line when it passed, the full diagnosis (redacted) when it failed. */
import type { CheckReport } from '../../core/check-types.js';
import type { Block } from '../../core/prompter.js';
import { redact, type Secret } from '../../core/secret.js';
import { reportBlocks } from '../check-view.js';
import { clean } from './state.js';

export function checkBlocks(report: CheckReport, heading: string, secrets: ReadonlyArray<Secret | undefined>): Block[] {
  const d = report.diagnosis;
  if (report.ok) {
    return [{ kind: 'text', text: `${heading}: ${redact(clean(d.title), secrets)}`, tone: d.severity === 'warning' ? 'warning' : 'success' }];
  }
  return [{ kind: 'text', text: `${heading} failed.`, tone: 'error' }, ...reportBlocks(report, secrets)];
}
