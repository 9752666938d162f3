/**
 * The rotation, in its safe order. Anything that fails or is cancelled before `push` leaves the CI secret
 * untouched, because `push` is the only step that reaches the CI store. Adding a step: one file here and one entry.
 */
import type { RotateFlowStep } from '../state.js';
import { ageStep } from './age.js';
import { azCreateStep } from './az-create.js';
import { azDeleteOldStep } from './az-delete-old.js';
import { buildStep } from './build.js';
import { checkStep } from './check.js';
import { createSecretStep } from './create-secret.js';
import { currentKeyStep } from './current-key.js';
import { deleteOldStep } from './delete-old.js';
import { identityStep } from './identity.js';
import { keyFieldsStep } from './key-fields.js';
import { newSecretStep } from './new-secret.js';
import { pushStep } from './push.js';
import { registrationCreateStep } from './registration-create.js';
import { registrationDoneStep } from './registration-done.js';
import { storedByHandStep } from './stored-by-hand.js';
import { targetStep } from './target.js';
import { verifyStep } from './verify.js';
import { workflowStep } from './workflow.js';

export const ROTATE_STEPS: readonly RotateFlowStep[] = [
  currentKeyStep,
  keyFieldsStep,
  identityStep,
  targetStep,
  ageStep,
  azCreateStep,
  registrationCreateStep,
  createSecretStep,
  newSecretStep,
  checkStep,
  buildStep,
  pushStep,
  storedByHandStep,
  verifyStep,
  workflowStep,
  azDeleteOldStep,
  registrationDoneStep,
  deleteOldStep,
];
