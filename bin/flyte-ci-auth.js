#!/usr/bin/env node
'use strict';
// Thin launcher (CommonJS: bin/package.json). Before Node's ES module loader starts, the small dist/fast.cjs answers
// `--version` and the top-level help, and dist/early.cjs draws the wizard's first question (interactive at once);
// everything else lives in the ES module bundle dist/cli.js, which takes that question over.
const args = process.argv.slice(2);
// Anything wrong with the fast files (missing, broken, an older build) only means dist/cli.js does all the work.
let fast;
let quick;
try {
  fast = require('../dist/fast.cjs');
  quick = fast.quickAnswer(args);
} catch {
  quick = undefined;
}
if (quick !== undefined) {
  // `flyte-ci-auth --help | head -1`: the reader going away is not an error.
  process.stdout.on('error', (err) => process.exit(err && err.code === 'EPIPE' ? 0 : 1));
  process.stdout.write(quick);
} else {
  try {
    const { name, rest } = fast.splitCommand(args);
    const color = fast.earlyWizardColor(name, rest, process.env, process.stdin.isTTY === true, process.stdout.isTTY === true);
    if (color !== undefined) {
      // chalk (inside Ink) reads only FORCE_COLOR: decide before anything imports it, as dist/cli.js does.
      if (!color) process.env.FORCE_COLOR = '0';
      require('../dist/early.cjs').paintWizardStart(color);
    }
  } catch {
    // dist/cli.js draws the first question instead
  }
  // Loading the bundle opens several files; with the open-file limit used up (EMFILE) say so in words, not a trace.
  import('../dist/cli.js').catch((err) => {
    if (err && (err.code === 'EMFILE' || err.code === 'ENFILE')) {
      process.stderr.write('error: cannot start: too many open files (the limit of open files is used up).\n');
      process.stderr.write('Close other programs or raise the limit (ulimit -n 1024), then run this again.\n');
      process.exit(1);
    }
    throw err;
  });
}
