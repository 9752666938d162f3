import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth check [flags]',
  options: {},
  async run() {
    throw new FailureError('"check" is not implemented yet.');
  },
};
