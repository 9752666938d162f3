/**
 * The setup wizard, in order. Adding a step: one file in this folder (id, skip, run over SetupState) and one
 * entry here.
 */
import type { SetupStep } from '../state.js';
import { checkStep } from './check.js';
import { checklistStep } from './checklist.js';
import { ciStep } from './ci.js';
import { clientIdStep } from './client-id.js';
import { clientSecretStep } from './client-secret.js';
import { configFileStep } from './config-file.js';
import { configStep } from './config.js';
import { createClientStep } from './create-client.js';
import { domainStep } from './domain.js';
import { endpointStep } from './endpoint.js';
import { intentStep } from './intent.js';
import { keyHandoffStep } from './key-handoff.js';
import { orgStep } from './org.js';
import { pipelineStep } from './pipeline.js';
import { projectStep } from './project.js';
import { providerStep } from './provider.js';
import { pushStep } from './push.js';
import { repoStep } from './repo.js';
import { sharedClusterStep } from './shared-cluster.js';
import { tlsStep } from './tls.js';

export const SETUP_STEPS: readonly SetupStep[] = [
  intentStep,
  providerStep,
  sharedClusterStep,
  endpointStep,
  createClientStep,
  checklistStep,
  clientIdStep,
  clientSecretStep,
  orgStep,
  projectStep,
  domainStep,
  checkStep,
  configFileStep,
  tlsStep,
  configStep,
  ciStep,
  repoStep,
  pushStep,
  keyHandoffStep,
  pipelineStep,
];
