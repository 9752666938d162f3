/**
 * flyte reads config.yaml with PyYAML (YAML 1.1): every string this tool writes must read back as the same
 * string there and under YAML 1.2. Checked with the `yaml` package under both versions, and with PyYAML's own
 * safe_load when python3 with PyYAML is on this machine.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { mergeConfig, yaml11Misreads } from '../../src/core/config-yaml.js';
import { TRICKY } from '../helpers/yaml11-values.js';


const TEXT_FIELDS = ['project', 'domain', 'org', 'caCertFilePath'] as const;

function pyYaml(): ((text: string) => unknown) | undefined {
  const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  return (text: string) => {
    const r = spawnSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))'], {
      input: text,
      encoding: 'utf8',
    });
    if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
    return JSON.parse(r.stdout);
  };
}

function readBack(text: string, version: '1.1' | '1.2') {
  const doc = parse(text, { version }) as { admin: Record<string, unknown>; task: Record<string, unknown> };
  return { project: doc.task.project, domain: doc.task.domain, org: doc.task.org, caCertFilePath: doc.admin.caCertFilePath };
}

describe('config.yaml values read back identical under YAML 1.1 and 1.2', () => {
  it(`has a table of at least 30 tricky values (${TRICKY.length})`, () => {
    expect(TRICKY.length).toBeGreaterThanOrEqual(30);
  });

  for (const value of TRICKY) {
    it(`${JSON.stringify(value)} in every text field of a new file and of a merge`, () => {
      const settings = { endpoint: 'union.acme.com', project: value, domain: value, org: value, caCertFilePath: value };
      const created = mergeConfig(undefined, settings).text;
      const merged = mergeConfig('admin:\n  endpoint: dns:///old\n# keep\ntask:\n  project: old\n  domain: yes\n', settings).text;
      for (const text of [created, merged]) {
        for (const version of ['1.1', '1.2'] as const) {
          const back = readBack(text, version);
          for (const f of TEXT_FIELDS) expect(back[f], `${f} under YAML ${version}:\n${text}`).toBe(value);
        }
      }
      expect(merged).toContain('# keep');
    });
  }

  it('quotes a bare value the user wrote for an owned key when flyte would misread it, and says so', () => {
    const r = mergeConfig('task:\n  project: yes   # mine\n  domain: development\nother: yes\n', {
      endpoint: 'union.acme.com',
      project: 'yes',
      domain: 'development',
    });
    expect(r.text).toContain('project: "yes" # mine');
    expect(parse(r.text, { version: '1.1' }).task.project).toBe('yes');
    // A key this tool does not own is left as the user wrote it.
    expect(r.text).toContain('other: yes');
    expect(r.changes.find((c) => c.key === 'task.project')?.kind).toBe('changed');
    expect(r.warnings.join('\n')).toMatch(/task\.project was yes without quotes/);
  });

  it('leaves ordinary values plain', () => {
    const r = mergeConfig(undefined, { endpoint: 'union.acme.com', project: 'ml', domain: 'development', org: 'acme' });
    expect(r.text).toContain('project: ml');
    expect(r.text).toContain('org: acme');
    expect(yaml11Misreads('development')).toBe(false);
  });

  const py = pyYaml();
  it.skipIf(!py)('PyYAML safe_load (what flyte runs) reads every value back identical', () => {
    const files = TRICKY.map((value) => mergeConfig(undefined, { endpoint: 'union.acme.com', project: value, domain: value, org: value, caCertFilePath: value }).text);
    // One python process for the whole table.
    const joined = files.join('\n---\n');
    const r = spawnSync(
      'python3',
      ['-c', 'import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(sys.stdin.read())), default=str))'],
      { input: joined, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const docs = JSON.parse(r.stdout) as Array<{ admin: Record<string, unknown>; task: Record<string, unknown> }>;
    docs.forEach((doc, i) => {
      const value = TRICKY[i];
      expect([doc.task.project, doc.task.domain, doc.task.org, doc.admin.caCertFilePath], `PyYAML: ${files[i]}`).toEqual([value, value, value, value]);
    });
    expect(py!('k: =')).toHaveProperty('error'); // the reason `=` must be quoted
  });
});
