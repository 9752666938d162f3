/** Step: where config.yaml goes. */
import { oneLine } from '../../common.js';
import { canAsk, configFile, displayPath, type SetupStep } from '../state.js';

export const configFileStep: SetupStep = {
  id: 'config-file',
  skip: (s, x) => s.stopped || !canAsk(s, x, 'file'),
  async run(s, x) {
    s.a.file = await x.p!.text({
      id: 'config-file',
      message: 'Where should config.yaml go?',
      initial: displayPath(x.cwd, configFile(s, x)),
      help: 'flyte finds ./config.yaml by itself; CI passes it with flyte --config PATH. An existing file is updated, keeping everything else.',
      normalize: oneLine,
      validate: (v) => (v === '' ? 'Enter a path.' : undefined),
    });
  },
};
