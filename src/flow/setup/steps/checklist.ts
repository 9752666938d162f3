/** Step: the console checklist for creating the CI app (ticks are kept when Esc comes back here). */
import { checklistItems, providerGuide } from '../../../core/providers-data.js';
import type { SetupStep } from '../state.js';
import { showChecklist } from './checklist-shown.js';

export const checklistStep: SetupStep = {
  id: 'checklist',
  async run(s, x) {
    const guide = providerGuide(s.a.provider ?? 'generic');
    if (s.a.sharedCluster) x.ui.show({ kind: 'text', tone: 'info', text: `Several teams share this cluster: ${guide.perTeam}` });
    if (!showChecklist(s, x)) return;
    const items = checklistItems(guide.setup);
    const before = s.ticked?.filter((id) => items.some((item) => item.id === id));
    const answer = await x.p!.checklist({
      id: 'checklist',
      title: `Create the CI app in ${guide.name}`,
      items,
      help: guide.console.url ? `Console: ${guide.console.url}` : guide.console.hint ? `Console: ${guide.console.hint}` : undefined,
      ...(before && before.length > 0 ? { initial: before } : {}),
    });
    if (Array.isArray(answer)) s.ticked = answer;
    // Nothing ticked: ask once whether the app really exists (going on is fine: the check will tell).
    if (Array.isArray(answer) && answer.length === 0 && items.length > 0) {
      const goOn = await x.p!.confirm({
        id: 'checklist-none',
        message: `None of the ${items.length} steps is ticked. Is the CI app created already?`,
        initial: true,
      });
      if (!goOn) return { goto: 'checklist' };
    }
  },
};
