/** Step: store FLYTE_API_KEY in GitHub/GitLab with gh/glab (after a confirmation), or show the manual steps. */
import { offerCliLogin, withCliLogin } from '../../cli-login.js';
import { instructionBlocks, buildKey } from '../ci-blocks.js';
import type { SetupContext, SetupState, SetupStep } from '../state.js';

async function fallback(s: SetupState, x: SetupContext, target: 'github' | 'gitlab', reason: string): Promise<void> {
  s.ci!.reason = reason;
  x.ui.show({ kind: 'text', tone: 'warning', text: reason }, ...(await instructionBlocks(s, x, target)));
}

export const pushStep: SetupStep = {
  id: 'push',
  skip: (s) => s.stopped,
  async run(s, x) {
    const a = s.a;
    const target = a.ci!;
    s.ci = { target, repo: a.repo, env: a.env, pushed: false };
    if (target !== 'github' && target !== 'gitlab') {
      x.ui.show(...(await instructionBlocks(s, x, target)));
      s.ci.reason = 'manual steps shown';
      return;
    }
    if (a.noPush) {
      s.ci.reason = x.demo ? 'demo: nothing is pushed' : '--no-push';
      x.ui.show({ kind: 'heading', text: 'Add the secret yourself' }, ...(await instructionBlocks(s, x, target)));
      return;
    }
    const built = buildKey(s);
    if (!built.key) return fallback(s, x, target, built.problem!);
    if (!a.repo) return fallback(s, x, target, 'No repository given: cannot push.');
    const tool = target === 'github' ? 'gh' : 'glab';
    let avail = await x.ui.task(`Looking for ${tool} and its login`, () => x.services.pushAvailability(target, a.repo!));
    // Installed but not logged in (or to another host): one key away, then look again.
    if (!avail.ok && avail.login && x.services.cliLogin && x.p) {
      const outcome = await offerCliLogin(x.p, { ...avail.login, reason: avail.reason?.split('. ')[0] }, x.services.cliLogin);
      if (outcome === 'logged-in') avail = await x.ui.task(`Looking for ${tool} and its login`, () => x.services.pushAvailability(target, a.repo!));
    }
    if (!avail.ok) return fallback(s, x, target, `${tool} cannot store the secret: ${avail.reason ?? 'not available'}.`);
    const where = `${target === 'github' ? 'GitHub' : 'GitLab'} ${a.repo}${a.env ? ` (environment ${a.env})` : ''}`;
    if (!x.yes && !(await x.p!.confirm({ id: 'push', message: `Set FLYTE_API_KEY on ${where} with ${tool}?`, initial: true }))) {
      return fallback(s, x, target, 'Not pushed: you chose to add the secret yourself.');
    }
    const attempt = () => x.ui.task(`Storing FLYTE_API_KEY in ${where}`, () => x.services.push({ target, repo: a.repo!, env: a.env, key: built.key! }));
    // A push refused because the CLI is not logged in (or its token is bad): log in on the lent terminal, push again.
    const outcome = x.services.cliLogin && x.p ? (await withCliLogin(x.p, x.services.cliLogin, attempt, (o) => o.login)).result : await attempt();
    if (outcome.ok) {
      s.ci = { target, repo: a.repo, env: a.env, pushed: true, where: outcome.where };
      x.ui.show({ kind: 'text', tone: 'success', text: `FLYTE_API_KEY stored in ${outcome.where}.` });
    } else {
      s.ci = { target, repo: a.repo, env: a.env, pushed: false, where: outcome.where, reason: outcome.message ?? 'push failed' };
      x.ui.show(
        { kind: 'text', tone: 'error', text: `Could not store FLYTE_API_KEY: ${outcome.message ?? 'push failed'}` },
        ...(await instructionBlocks(s, x, target)),
      );
    }
  },
};
