import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth config [flags]',
  options: {},
  async run() {
    throw new FailureError('"config" is not implemented yet.');
  },
};
