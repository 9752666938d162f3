/**
 * The launcher's first frame (dist/early.cjs): the wizard's provider question, drawn and interactive before the ES
 * module bundle loads. Its state lives on globalThis, where the bundle's copy of early-paint.ts adopts it.
 */
export { paintWizardStart } from './ui/early-paint.js';
