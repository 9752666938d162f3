/**
 * Step: with FLYTE_API_KEY in the environment, the first choice is to rotate the secret of that key (the wizard
 * then hands over to the rotation); the other is to set up CI for another app or repository with its answers
 * prefilled.
 */
import type { SetupStep } from '../state.js';

/** Thrown when the person chose to rotate the key in FLYTE_API_KEY: the setup command runs the rotation instead. */
export class RotateInstead extends Error {
  constructor() {
    super('rotate the key in FLYTE_API_KEY');
    this.name = 'RotateInstead';
  }
}

export const intentStep: SetupStep = {
  id: 'intent',
  skip: (s, x) => !x.p || x.demo || x.from.clientId !== 'FLYTE_API_KEY' || s.given.has('clientId') || s.given.has('clientSecret'),
  async run(s, x) {
    const host = x.defaults.endpoint ?? 'its host';
    const choice = await x.p!.select<'rotate' | 'setup'>({
      id: 'intent',
      message: `FLYTE_API_KEY is set (${host}, client ${x.defaults.clientId}). What do you want to do?`,
      initial: 'rotate',
      choices: [
        { value: 'rotate', label: 'Rotate the secret of this key', hint: 'new secret, checked, pushed, then delete the old one' },
        { value: 'setup', label: 'Set up CI for another app or repository', hint: 'its answers prefilled' },
      ],
    });
    if (choice === 'rotate') throw new RotateInstead();
  },
};
