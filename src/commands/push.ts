import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth push [flags]',
  options: {},
  async run() {
    throw new FailureError('"push" is not implemented yet.');
  },
};
