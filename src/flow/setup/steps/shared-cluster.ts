/** Step: do several teams deploy to this cluster (→ the checklist suggests one app each). */
import type { SetupStep } from '../state.js';
import { showChecklist } from './checklist-shown.js';

export const sharedClusterStep: SetupStep = {
  id: 'shared-cluster',
  skip: (s, x) => !showChecklist(s, x) || s.given.has('sharedCluster'),
  async run(s, x) {
    s.a.sharedCluster = await x.p!.confirm({
      id: 'shared-cluster',
      message: 'Do several teams or repositories deploy to this cluster?',
      initial: s.a.sharedCluster ?? false,
    });
  },
};
