import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth rotate [flags]',
  options: {},
  async run() {
    throw new FailureError('"rotate" is not implemented yet.');
  },
};
