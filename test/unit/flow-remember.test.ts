/** Journey 3 in the flow: a re-run remembers config.yaml, FLYTE_API_KEY and the git remote, and says where from. */
import { describe, expect, it } from 'vitest';
import { decodeApiKey } from '../../src/core/apikey.js';
import { fromApiKey, fromConfigYaml, fromGitRemote, mergeRemembered } from '../../src/flow/remember.js';
import { runSetup } from '../../src/flow/setup.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { CWD, fakes, fullScript } from '../helpers/setup-fakes.js';

const CONFIG = `admin:\n  endpoint: dns:///union.acme.com\n  insecure: false\n  caCertFilePath: certs/ca.pem\ntask:\n  project: ml\n  domain: staging\n  org: acme\n`;
const KEY = Buffer.from('union.acme.com:ci-app:s3cret-value-xyz:acme').toString('base64');

describe('the wizard remembers', () => {
  it('reads endpoint, org, project, domain and the CA from config.yaml; host, client ID and org from FLYTE_API_KEY', () => {
    expect(fromConfigYaml(CONFIG).answers).toEqual({ endpoint: 'union.acme.com', org: 'acme', project: 'ml', domain: 'staging', caCertFile: 'certs/ca.pem' });
    expect(fromConfigYaml('admin: [unclosed').answers).toEqual({});
    const k = fromApiKey(decodeApiKey(KEY));
    expect(k.answers).toEqual({ endpoint: 'union.acme.com', clientId: 'ci-app', org: 'acme' });
    expect(JSON.stringify(k)).not.toContain('s3cret');
    const all = mergeRemembered(fromConfigYaml(CONFIG), k, fromGitRemote({ target: 'github', repo: 'acme/app', from: 'git remote origin' }));
    expect(all.from).toMatchObject({ endpoint: 'config.yaml', clientId: 'FLYTE_API_KEY', ci: 'git remote origin' });
  });

  it('every remembered answer is the initial value and its help says where it came from; Enter keeps them', async () => {
    const f = fakes({ detection: { target: 'github', repo: 'acme/app', from: 'git remote origin (github.com/acme/app)' } });
    const remembered = mergeRemembered(fromConfigYaml(CONFIG), fromApiKey(decodeApiKey(KEY)));
    const keep = ['endpoint', 'client-id', 'org', 'project', 'domain', 'ci', 'repo'];
    const script = fullScript({ ...Object.fromEntries(keep.map((id) => [id, undefined])), tls: undefined, 'ca-cert-file': undefined });
    script.splice(script.findIndex(([id]) => id === 'tls') + 1, 0, ['ca-cert-file', undefined]);
    const p = new ScriptedPrompter([['intent', 'setup'], ...script]);
    const r = await runSetup({ answers: {}, prompter: p, services: f.services, cwd: CWD, remembered });
    expect(r).toMatchObject({ endpoint: 'union.acme.com', clientId: 'ci-app', org: 'acme', project: 'ml', domain: 'staging' });
    const help = (id: string) => String(p.asked.find((a) => a.id === id)!.question.help ?? '');
    expect(help('endpoint')).toMatch(/^From config\.yaml: Enter keeps it\./u);
    expect(help('client-id')).toMatch(/^From FLYTE_API_KEY: Enter keeps it\./u);
    expect(help('project')).toMatch(/^From config\.yaml/u);
    expect(help('domain')).toMatch(/^From config\.yaml/u);
    expect(help('tls')).toMatch(/^From config\.yaml/u);
    expect(help('repo')).toMatch(/^From git remote origin/u);
    expect(f.writes[0]!.text).toContain('caCertFilePath: certs/ca.pem');
  });
});
