/** Step 7b (GitHub, interactive): offer to run the deploy workflow to prove a real deploy works. */
import { clean, record, type RotateFlowStep } from '../state.js';

export const workflowStep: RotateFlowStep = {
  id: 'workflow',
  skip: (s, x) => !x.p || s.target?.kind !== 'github' || !s.pushed?.stored || !x.services.findDeployWorkflow || !x.services.runWorkflow,
  async run(s, x) {
    const target = s.target!;
    const workflow = await x.services.findDeployWorkflow!(target).catch(() => null);
    if (!workflow) return;
    const run = await x.p!.confirm({ id: 'run-workflow', message: `Run the deploy workflow ${workflow} now to prove a real deploy works?`, initial: false });
    if (!run) return;
    const r = await x.task(`gh workflow run ${workflow}…`, () => x.services.runWorkflow!(target, workflow));
    record(s, x, 'workflow', r.ok ? 'ok' : 'warning', clean(r.summary));
    x.show({ kind: 'text', tone: r.ok ? 'success' : 'warning', text: clean(r.summary) }, ...(r.url ? [{ kind: 'text' as const, tone: 'dim' as const, text: clean(r.url) }] : []));
  },
};
