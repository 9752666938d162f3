import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigParseError, mergeConfig, type ConfigSettings } from '../../src/core/config-yaml.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url)), 'utf8');

const base: ConfigSettings = { endpoint: 'union.acme.com', project: 'ml', domain: 'development' };
const kinds = (r: ReturnType<typeof mergeConfig>) => Object.fromEntries(r.changes.map((c) => [c.key, c.kind]));
const topKeys = (text: string) => [...text.matchAll(/^([A-Za-z_]+):/gm)].map((m) => m[1]);

function parseError(text: string): ConfigParseError {
  try {
    mergeConfig(text, base);
  } catch (e) {
    if (e instanceof ConfigParseError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('mergeConfig: a new file', () => {
  it('writes the recommended keys, insecure false and builder remote', () => {
    const r = mergeConfig(undefined, { ...base, org: 'acme', disableKeyring: true });
    expect(r.created).toBe(true);
    expect(parse(r.text)).toEqual({
      admin: { endpoint: 'dns:///union.acme.com', insecure: false, disableKeyring: true },
      image: { builder: 'remote' },
      task: { project: 'ml', domain: 'development', org: 'acme' },
    });
    expect(r.changes.every((c) => c.kind === 'added')).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.text).toMatch(/^# flyte 2 configuration, written by flyte-ci-auth/);
  });

  it('writes optional keys only when given', () => {
    const r = mergeConfig(undefined, { ...base, builder: 'local', caCertFilePath: '/etc/ssl/acme.pem' });
    expect(parse(r.text).admin).toEqual({ endpoint: 'dns:///union.acme.com', insecure: false, caCertFilePath: '/etc/ssl/acme.pem' });
    expect(parse(r.text).image).toEqual({ builder: 'local' });
    expect(parse(r.text).task).toEqual({ project: 'ml', domain: 'development' });
  });

  it('treats an empty or comment-only file like a new one but keeps the comment', () => {
    expect(parse(mergeConfig('', base).text).admin.endpoint).toBe('dns:///union.acme.com');
    const r = mergeConfig('# keep me\n', base);
    expect(r.created).toBe(false);
    expect(r.text).toContain('# keep me');
    expect(parse(r.text).task).toEqual({ project: 'ml', domain: 'development' });
  });
});

describe('mergeConfig: an existing file', () => {
  const existing = fixture('existing.yaml');

  it('changes only the owned keys and keeps every other key, comment and the key order', () => {
    const r = mergeConfig(existing, { ...base, org: 'acme' });
    const before = parse(existing);
    const after = parse(r.text);
    expect(after).toEqual({
      ...before,
      admin: { ...before.admin, endpoint: 'dns:///union.acme.com', insecure: false },
      image: { ...before.image, builder: 'remote' },
      task: { domain: 'development', project: 'ml', org: 'acme' },
    });
    for (const comment of [
      '# Team config for the ml repo. Do not remove the image section.',
      '# Control plane (see the platform wiki)',
      '# moved in May',
      '# pinned',
      '# trailing comment',
    ]) {
      expect(r.text).toContain(comment);
    }
    expect(topKeys(r.text)).toEqual(['admin', 'image', 'task', 'local']);
    expect(Object.keys(after.admin)).toEqual(['endpoint', 'insecure', 'authType', 'clientId']);
    expect(Object.keys(after.task)).toEqual(['domain', 'project', 'org']);
    // Lines the tool does not own are byte-identical.
    for (const line of ['  authType: Pkce', '  clientId: flytepropeller', '    base: ghcr.io/acme/base:1.2 # pinned', '  persistence: true']) {
      expect(r.text.split('\n')).toContain(line);
    }
  });

  it('reports key by key what changed', () => {
    const r = mergeConfig(existing, { ...base, org: 'acme' });
    expect(kinds(r)).toEqual({
      'admin.endpoint': 'changed',
      'admin.insecure': 'changed',
      'image.builder': 'added',
      'task.project': 'unchanged',
      'task.domain': 'changed',
      'task.org': 'added',
    });
    expect(r.changes.find((c) => c.key === 'admin.endpoint')).toMatchObject({ before: 'dns:///old.acme.com', after: 'dns:///union.acme.com' });
  });

  it('never writes insecure: true; an existing one is reported and set to false', () => {
    const r = mergeConfig(existing, base);
    expect(parse(r.text).admin.insecure).toBe(false);
    expect(r.text).not.toMatch(/insecure: true/);
    expect(r.warnings.join('\n')).toMatch(/admin\.insecure was true: .*plain HTTP and no authentication/);
  });

  it('a second run with the same settings changes nothing and returns the same text', () => {
    const once = mergeConfig(existing, { ...base, org: 'acme' });
    const twice = mergeConfig(once.text, { ...base, org: 'acme' });
    expect(twice.text).toBe(once.text);
    expect(twice.changes.every((c) => c.kind === 'unchanged')).toBe(true);
    expect(twice.warnings).toEqual([]);
  });

  it('keeps an existing builder unless --builder is given', () => {
    const local = 'image:\n  builder: local\n';
    expect(parse(mergeConfig(local, base).text).image.builder).toBe('local');
    expect(parse(mergeConfig(local, { ...base, builder: 'remote' }).text).image.builder).toBe('remote');
  });

  it('keeps the indentation width of the file', () => {
    const r = mergeConfig('admin:\n    endpoint: dns:///old\n    authType: Pkce\n', base);
    expect(r.text).toContain('\n    authType: Pkce\n');
    expect(r.text).toContain('\n    project: ml\n');
  });

  it('turns an empty section into a mapping', () => {
    expect(parse(mergeConfig('admin:\ntask: ~\n', base).text).task).toEqual({ project: 'ml', domain: 'development' });
  });

  it('warns when insecureSkipVerify and caCertFilePath meet', () => {
    const withCa = 'admin:\n  caCertFilePath: /ca.pem\n';
    expect(mergeConfig(withCa, { ...base, insecureSkipVerify: true }).warnings.join()).toMatch(/caCertFilePath is also set and wins/);
    const withSkip = 'admin:\n  insecureSkipVerify: true\n';
    expect(mergeConfig(withSkip, { ...base, caCertFilePath: '/ca.pem' }).warnings.join()).toMatch(/insecureSkipVerify: true is still set/);
    expect(mergeConfig(undefined, { ...base, insecureSkipVerify: true }).warnings.join()).toMatch(/prefer --ca-cert-file/);
  });

  it.each([
    ['insecure: "true"', 'admin:\n  insecure: "true"\n'],
    ['insecure: yes (a string in YAML 1.2)', 'admin:\n  insecure: yes\n'],
  ])('treats %s as insecure too', (_name, text) => {
    const r = mergeConfig(text, base);
    expect(parse(r.text).admin.insecure).toBe(false);
    expect(r.warnings).toHaveLength(1);
  });
});

describe('mergeConfig: text it cannot merge', () => {
  it.each([
    ['invalid YAML', fixture('invalid.yaml'), 3, /^not valid YAML: /],
    ['a list at the top level', fixture('list.yaml'), 1, /top level is a list/],
    ['a single value', 'just text\n', 1, /top level is a single value/],
    ['several documents', 'a: 1\n---\nb: 2\n', 2, /not valid YAML: .*multiple documents/],
    ['a section that is a list', 'admin:\n  - a\n', 2, /"admin" is not a mapping/],
    ['a tab-indented file', 'admin:\n\tendpoint: x\n', 2, /not valid YAML/],
  ])('%s → ConfigParseError with line and column', (_name, text, line, message) => {
    const e = parseError(text);
    expect(e.message).toMatch(message);
    expect(e.line).toBe(line);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message).not.toContain('\n');
  });
});

describe("the guide's wrong comment beside insecure", () => {
  it('is replaced when the tool corrects insecure: true', () => {
    const before = 'admin:\n  # Set to true if using self-signed certificates\n  insecure: true # Set to true if using self-signed certificates\n';
    const r = mergeConfig(before, { endpoint: 'union.acme.com', project: 'ml', domain: 'development' });
    expect(r.text).not.toMatch(/self-signed/);
    expect(r.text).toMatch(/# never true: in flyte 2 it means plain HTTP and no authentication[^\n]*\n\s+insecure: false # never true/);
  });
  it('other comments beside insecure stay', () => {
    const r = mergeConfig('admin:\n  insecure: false # reviewed by security 2026\n', { endpoint: 'union.acme.com', project: 'ml', domain: 'development' });
    expect(r.text).toContain('insecure: false # reviewed by security 2026');
  });
});
