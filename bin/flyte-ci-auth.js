#!/usr/bin/env node
// Thin launcher: everything lives in the esbuild bundle under dist/.
import '../dist/cli.js';
