/**
 * The launcher's CommonJS fast path (dist/fast.cjs): `--version` and the top-level help are answered without
 * loading the ES module bundle, and the launcher decides here whether the wizard's first question is drawn at once
 * (dist/early.cjs). Everything else goes to dist/cli.js, which decides the same way from the same functions.
 */
export { quickAnswer, splitCommand } from './commands/catalog.js';
export { earlyWizardColor } from './core/run-mode.js';
