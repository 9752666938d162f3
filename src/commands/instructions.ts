import { FailureError } from '../core/errors.js';
import type { CommandModule } from './types.js';

export const command: CommandModule = {
  usage: 'flyte-ci-auth instructions [flags]',
  options: {},
  async run() {
    throw new FailureError('"instructions" is not implemented yet.');
  },
};
