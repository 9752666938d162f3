#!/usr/bin/env node
// Thin launcher: everything lives in the esbuild bundle under dist/.
// Loading the bundle opens several files; with the open-file limit used up (EMFILE) say so in words, not a trace.
import('../dist/cli.js').catch((err) => {
  if (err && (err.code === 'EMFILE' || err.code === 'ENFILE')) {
    process.stderr.write('error: cannot start: too many open files (the limit of open files is used up).\n');
    process.stderr.write('Close other programs or raise the limit (ulimit -n 1024), then run this again.\n');
    process.exit(1);
  }
  throw err;
});
