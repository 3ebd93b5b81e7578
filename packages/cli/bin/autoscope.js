#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// Most runs of this CLI last seconds, so V8's optimising compiler is a large part of their CPU: it compiles
// the hot paths (decoding, the engine, the output) about three times each while they warm up, and a budget of
// inlined bytecode per function of 920 (V8's default) makes each compile big. With 150, `autoscope sample`
// on the TrainTicket day (321,068 spans) used 12-13% less CPU with byte-identical output; three copies of the
// day were no slower (steady state), nor was `autoscope eval`. Set before the code it affects is loaded; a
// value given on the command line (`node --max-inlined-bytecode-size-cumulative=N`) is left alone.
const INLINE_FLAG = '--max-inlined-bytecode-size-cumulative';
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (!given.some((arg) => arg.startsWith(INLINE_FLAG))) setFlagsFromString(`${INLINE_FLAG}=150`);

const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
