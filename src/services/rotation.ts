/**
 * The rotation's services over the real world: the check, the CI push and its "last updated" probe, the git
 * remote, the deploy workflow (gh workflow run), and the provider guides. Used by the rotate command and by the
 * setup wizard's "rotate the secret of this key". The check and push engines (src/services/check,
 * src/services/push) are loaded lazily, so a rotation that stops early never loads them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeApiKey, encodeApiKey, fingerprintIfSafe, validateField } from '../core/apikey.js';
import type { ProviderId } from '../core/check-types.js';
import type { Prompter } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import type { Env } from '../commands/types.js';
import type { PushDestination, RotateServices, RotationGuide, WorkflowRun } from '../flow/rotate.js';
import { createProcessRunner, type ProcessRunner } from './process.js';
import { GH_CHILD_ENV } from '../core/ci/github.js';
import { systemClock } from './clock.js';

/** What the services need from the command's context. */
export interface RotationContext {
  env: Env;
  cwd: string;
}

export interface RotateDeps {
  proc?: ProcessRunner;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Replace the whole service set (tests). */
  services?: Partial<RotateServices>;
  prompter?: Prompter;
}

export function guideFor(id: ProviderId, load: (id: ProviderId) => import('../core/providers-data.js').ProviderGuide): RotationGuide {
  const g = load(id);
  const line = (s: { title: string; where: string; detail?: string }) => `${s.title}: ${s.where}${s.detail ? `. ${s.detail}` : ''}`;
  return {
    provider: id,
    name: g.name,
    overlap: !g.rotation.replacesImmediately,
    createSteps: g.rotation.steps.map(line),
    deleteSteps: g.deleteOld.map(line),
    overlapNote: g.rotation.replacesImmediately ? g.rotation.note : undefined,
    link: g.console.url ?? undefined,
    place: id === 'generic' ? 'your identity provider' : g.name,
  };
}

/** A deploy workflow that can be dispatched: .github/workflows/*.yml mentioning flyte deploy and workflow_dispatch. */
export async function findDeployWorkflow(cwd: string): Promise<string | null> {
  const dir = path.join(cwd, '.github', 'workflows');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return null;
  }
  for (const n of names) {
    const text = await readFile(path.join(dir, n), 'utf8').catch(() => '');
    if (/workflow_dispatch/.test(text) && /flyte\b[^\n]*\bdeploy\b/.test(text)) return n;
  }
  return null;
}

interface Adapters {
  check: RotateServices['check'];
  push: RotateServices['push'];
  secretAge: RotateServices['secretAge'];
  detectTarget: NonNullable<RotateServices['detectTarget']>;
  runWorkflow: NonNullable<RotateServices['runWorkflow']>;
  cliLogin: NonNullable<RotateServices['cliLogin']>;
}

async function rotateAdapters(deps: { proc: ProcessRunner; env: Env; cwd: string; fetch?: typeof fetch }): Promise<Adapters> {
  const [{ runCheck }, pushModule] = await Promise.all([import('./check/index.js'), import('./push/index.js')]);
  const { runPush, secretAge, detectCiTarget, pushAvailability, createCliLogin, loginNeedOf } = pushModule;
  const pushDeps = { proc: deps.proc, env: deps.env, cwd: deps.cwd, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const one = (s: string) => stripControl(s, { singleLine: true, maxLength: 300 });
  return {
    check: (opts) => runCheck(opts, { env: deps.env }),

    async push(key, t) {
      if (t.kind === 'none') {
        return {
          ok: true,
          stored: false,
          summary: `The new key was not pushed: store it yourself as ${t.name} (masked), replacing the old value.`,
          details: [
            `Store the new key as the CI secret ${t.name}, replacing the old value (never in the pipeline file).`,
            'Exact steps per CI system: flyte-ci-auth instructions github|gitlab|jenkins|circleci|azure-devops|bitbucket|kubernetes',
          ],
        };
      }
      const r = await runPush(
        {
          target: t.kind,
          key,
          name: t.kind === 'jenkins' ? undefined : t.name,
          repo: t.repo,
          environment: t.kind === 'github' ? t.env : undefined,
          scope: t.kind === 'gitlab' ? t.env : undefined,
          protected: t.protected,
          url: t.url,
          user: t.user,
          credentialId: t.credentialId,
          folder: t.folder,
          dryRun: t.dryRun,
        },
        pushDeps,
      );
      if (r.action === 'dry-run') {
        return { ok: true, stored: false, summary: `Dry run: nothing was changed in ${one(r.destination)}.`, details: [`Would run: ${one(r.command)}`] };
      }
      if (r.ok && (r.action === 'created' || r.action === 'updated')) {
        const when = r.updatedAt ? ` (updated_at ${one(r.updatedAt)})` : '';
        return { ok: true, stored: true, summary: `${r.action === 'updated' ? 'Replaced' : 'Stored'} ${r.name} in ${one(r.destination)}${when}.` };
      }
      if (r.action === 'cancelled') return { ok: false, stored: false, summary: `Push cancelled: ${r.name} in ${one(r.destination)} is unchanged.` };
      const login = loginNeedOf(r);
      return {
        ok: false,
        stored: false,
        summary: r.problem ? `${r.name} was not stored in ${one(r.destination)}: ${one(r.problem.message)}` : `${r.name} was not stored in ${one(r.destination)}`,
        hint: r.problem ? `Next: ${one(r.problem.next)}` : undefined,
        ...(login ? { login } : {}),
      };
    },

    async secretAge(t) {
      if (t.kind === 'gitlab') {
        // GitLab does not say when a variable was written; a glab that is not logged in is still worth saying.
        const avail = await pushAvailability('gitlab', t.repo ?? '', pushDeps).catch(() => ({ ok: true as const }));
        if (!avail.ok && avail.login) return { state: 'unknown', reason: one(avail.reason), login: avail.login };
        return { state: 'unknown', reason: 'GitLab does not report when a variable was last updated' };
      }
      if (t.kind !== 'github') return { state: 'unknown', reason: 'this CI system cannot tell' };
      let repo = t.repo;
      if (!repo) {
        const guess = await detectCiTarget(deps.cwd, deps.proc);
        if (guess.target !== 'github' || !guess.repo) return { state: 'unknown', reason: 'no GitHub repository was given or found in the git remote' };
        repo = guess.repo;
      }
      // `HOST/OWNER/REPO` (GitHub Enterprise Server) → host + OWNER/REPO, as `push --repo` reads it.
      const parts = repo.split('/');
      const host = parts.length === 3 ? parts[0] : undefined;
      // gh not logged in, no access, no network: the real reason, not "GitHub did not report it".
      const age = await secretAge({ repo: parts.slice(-2).join('/'), host, name: t.name, environment: t.env }, pushDeps);
      return age.state === 'unknown' ? { ...age, reason: one(age.reason) } : age;
    },

    async detectTarget() {
      const g = await detectCiTarget(deps.cwd, deps.proc);
      if (g.target === 'other' || !g.repo) return null;
      return { kind: g.target, repo: g.repo, name: 'FLYTE_API_KEY' };
    },

    runWorkflow: (t, wf) => runWorkflow(deps.proc, deps.env, t, wf),
    cliLogin: createCliLogin(deps.proc),
  };
}

/** `gh workflow run` on the deploy workflow, then the newest run's status (a few polls, bounded). */
export async function runWorkflow(
  proc: ProcessRunner,
  env: Env,
  t: PushDestination,
  workflow: string,
  pollMs = 2000,
): Promise<WorkflowRun> {
  const repo = t.repo ?? '';
  const childEnv = GH_CHILD_ENV;
  void env;
  const started = await proc.run('gh', ['workflow', 'run', workflow, '--repo', repo], { env: childEnv, timeoutMs: 30_000 });
  if (started.exitCode !== 0) {
    const why = stripControl(started.stderr || started.stdout, { singleLine: true, maxLength: 200 });
    return { ok: false, summary: `gh workflow run ${workflow} failed${why ? `: ${why}` : ''}. The key is stored; start a deploy by hand to confirm.` };
  }
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, pollMs));
    const list = await proc.run('gh', ['run', 'list', '--workflow', workflow, '--repo', repo, '--limit', '1', '--json', 'status,conclusion,url'], {
      env: childEnv,
      timeoutMs: 30_000,
    });
    if (list.exitCode !== 0) break;
    try {
      const [run] = JSON.parse(list.stdout) as Array<{ status?: string; conclusion?: string; url?: string }>;
      if (run) {
        const status = stripControl(`${run.status ?? 'unknown'}${run.conclusion ? ` (${run.conclusion})` : ''}`, { singleLine: true, maxLength: 60 });
        const url = run.url ? stripControl(run.url, { singleLine: true, maxLength: 300 }) : undefined;
        const failed = run.conclusion !== undefined && run.conclusion !== '' && run.conclusion !== 'success';
        return { ok: !failed, summary: `Deploy workflow ${workflow}: ${status}${run.status === 'completed' ? '' : ' — follow it with gh run watch'}`, url };
      }
    } catch {
      break;
    }
  }
  return { ok: true, summary: `Started ${workflow}; its status is not available yet (gh run list --workflow ${workflow} --repo ${repo}).` };
}

export async function buildServices(ctx: RotationContext, deps: RotateDeps = {}): Promise<RotateServices> {
  const proc = deps.proc ?? createProcessRunner(ctx.env);
  const adapters = await rotateAdapters({ proc, env: ctx.env, cwd: ctx.cwd, fetch: deps.fetch });

  const [{ providerGuide }, { Az }, { azSecretMaker }, { registrationSecretMaker }] = await Promise.all([
    import('../core/providers-data.js'),
    import('./az.js'),
    import('./rotation-secret.js'),
    import('./rotation-registration.js'),
  ]);
  const base: RotateServices = {
    decodeKey: decodeApiKey,
    encodeKey: encodeApiKey,
    fingerprint: fingerprintIfSafe,
    validateField,
    check: adapters.check,
    push: adapters.push,
    secretAge: adapters.secretAge,
    cliLogin: adapters.cliLogin,
    clock: systemClock,
    now: deps.now ?? (() => new Date()),
    providerGuide: (id) => guideFor(id, providerGuide),
    detectTarget: adapters.detectTarget,
    findDeployWorkflow: async (t) => (t.kind === 'github' ? findDeployWorkflow(ctx.cwd) : null),
    runWorkflow: adapters.runWorkflow,
    azSecrets: azSecretMaker(new Az(proc, ctx.env)),
    registrationSecrets: registrationSecretMaker({ env: ctx.env, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
  };
  return { ...base, ...deps.services };
}
