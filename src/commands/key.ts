import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth key [flags]',
  options: {},
  async run() {
    throw new FailureError('"key" is not implemented yet.');
  },
};
