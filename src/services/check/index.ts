/** The check engine's public face: what `check`, `setup`, `rotate` and the wizard call. */
export { runCheck, type CheckDeps } from './engine.js';
