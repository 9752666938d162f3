import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth setup [flags]',
  options: {},
  async run() {
    throw new FailureError('"setup" is not implemented yet.');
  },
};
