/** The push engine and its gh / glab / Jenkins drivers, CI detection and the CLI availability probe. */
export * from './types.js';
export { runPush, checkKey, failed, emptyPlan } from './engine.js';
export { secretLastUpdated } from './github.js';
export { isLoopbackUrl } from './jenkins.js';
export { detectCiTarget, pushAvailability, secretAge, cliChildEnv, loginNeedOf, createCliLogin, type PushAvailability, type SecretAge } from './detect.js';
