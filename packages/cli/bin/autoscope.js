#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// `autoscope sample` over a file of a day's traces lasts about two seconds, and a third of that is V8's
// optimising compiler warming up the decoder, the engine and the output. For this command only, its
// inlining budget per compiled function is 690 bytes of bytecode instead of V8's 920: each compilation is
// smaller. On the TrainTicket day (321,068 spans) that is ~4% less CPU with byte-identical output, and the
// warm engine is no slower (same process, runs 3 and 4), nor are three and ten copies of the day; 460 saved
// ~8% on the day but made warm runs a few percent slower, and 150 made ten copies 8% slower (reverted in
// 83b872c). Set before the code it affects is loaded; every other command (the gateway above all) keeps
// V8's default, and a value given on the command line (`node --max-inlined-bytecode-size-cumulative=N`)
// is left alone.
const INLINE_FLAG = '--max-inlined-bytecode-size-cumulative';
const SAMPLE_INLINE_BUDGET = 690;
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (process.argv[2] === 'sample' && !given.some((arg) => arg.startsWith(INLINE_FLAG)))
  setFlagsFromString(`${INLINE_FLAG}=${SAMPLE_INLINE_BUDGET}`);

const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
