/** The console checklist (and the shared-cluster question) are shown when the person still has to create the app. */
import type { SetupContext, SetupState } from '../state.js';

export function showChecklist(s: SetupState, x: SetupContext): boolean {
  return Boolean(x.p) && s.created === undefined && (x.demo || !s.given.has('clientId') || !s.given.has('clientSecret'));
}
