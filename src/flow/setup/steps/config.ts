/** Step: preview config.yaml (new file or diff), confirm, write atomically with a backup. */
import type { ConfigSettings, MergeResult } from '../../../core/config-yaml.js';
import { ConfigParseError } from '../../../core/config-yaml.js';
import { foldDiff, hasChanges, lineDiff } from '../../../core/diff.js';
import { UsageError } from '../../../core/errors.js';
import { configFile, displayPath, type SetupContext, type SetupState, type SetupStep } from '../state.js';

export function configSettings(s: SetupState): ConfigSettings {
  const a = s.a;
  return {
    endpoint: a.endpoint!,
    project: a.project!,
    domain: a.domain!,
    ...(a.org ? { org: a.org } : {}),
    ...(a.caCertFile ? { caCertFilePath: a.caCertFile } : {}),
    ...(a.insecureSkipVerify && !a.caCertFile ? { insecureSkipVerify: true } : {}),
    disableKeyring: true,
  };
}

async function preview(x: SetupContext, file: string, shown: string, settings: ConfigSettings): Promise<{ existing?: string; merge: MergeResult }> {
  try {
    return await x.services.previewConfig(file, settings);
  } catch (err) {
    if (!(err instanceof ConfigParseError)) throw err;
    const where = err.line ? ` (line ${err.line}${err.column ? `, column ${err.column}` : ''})` : '';
    throw new UsageError(
      `${shown} is not a YAML mapping${where}: ${err.message.split('\n')[0]}`,
      'Fix or move the file, or pass --file with another path; it was not changed.',
    );
  }
}

export const configStep: SetupStep = {
  id: 'config',
  skip: (s) => s.stopped,
  async run(s, x) {
    const file = configFile(s, x);
    const shown = displayPath(x.cwd, file);
    const settings = configSettings(s);
    const { existing, merge } = await preview(x, file, shown, settings);
    if (merge.created || existing === undefined) {
      x.ui.show({ kind: 'code', title: `New file ${shown}`, text: merge.text.trimEnd() });
    } else {
      const diff = lineDiff(existing, merge.text);
      if (!hasChanges(diff)) {
        x.ui.show({ kind: 'text', tone: 'success', text: `${shown} already has these settings: nothing to change.` });
        s.config = { path: file, written: false, upToDate: true, changes: merge.changes };
        return;
      }
      x.ui.show({ kind: 'diff', title: `Changes to ${shown}`, lines: foldDiff(diff) });
    }
    if (merge.warnings.length > 0) x.ui.show({ kind: 'list', tone: 'warning', items: merge.warnings });
    if (settings.insecureSkipVerify) {
      x.ui.show({
        kind: 'text',
        tone: 'warning',
        text: 'insecureSkipVerify trusts any certificate the server sends; prefer caCertFilePath with the private CA.',
      });
    }
    const ok = x.yes || (await x.p!.confirm({ id: 'write-config', message: `Write ${shown}?`, initial: true }));
    if (!ok) {
      x.ui.show({ kind: 'text', tone: 'dim', text: `${shown} was not written.` });
      s.config = { path: file, written: false, changes: merge.changes };
      return;
    }
    const w = await x.services.writeConfig(file, merge.text);
    s.config = { path: w.path, written: true, created: w.created, backupPath: w.backupPath, changes: merge.changes };
    x.ui.show({
      kind: 'text',
      tone: 'success',
      text: `${w.created ? 'Created' : 'Updated'} ${shown}${w.backupPath ? ` (previous version kept in ${displayPath(x.cwd, w.backupPath)})` : ''}.`,
    });
  },
};
