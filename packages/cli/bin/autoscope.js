#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { v8FlagsFor } from '../dist/v8-flags.js';

// V8 settings for the command (the inlining budget for `sample`: see src/v8-flags.ts), set before the
// code they affect is loaded.
for (const flag of v8FlagsFor(process.argv.slice(2), process.execArgv, process.env)) setFlagsFromString(flag);

const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
