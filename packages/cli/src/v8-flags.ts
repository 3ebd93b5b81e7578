/**
 * V8 settings the `autoscope` bin applies before it loads the commands (see bin/autoscope.js). This
 * module imports nothing, so the bin can read it without loading the rest of the CLI first.
 */

/** V8's inlining budget per optimised function, in bytes of bytecode (V8's default: 920). */
export const INLINE_FLAG = '--max-inlined-bytecode-size-cumulative';

/**
 * The budget for `autoscope sample`: a day's file lasts about two seconds, a third of it V8's optimising
 * compiler; smaller compilations cost ~4% less CPU on the TrainTicket day with byte-identical output, and
 * three and ten copies of the day and the warm engine are no slower (460 made warm runs slower; 150 made
 * ten copies 8% slower). Every other command (the gateway above all) keeps V8's default.
 */
export const SAMPLE_INLINE_BUDGET = 690;

/** The name of a node/V8 flag as V8 reads it: `--a_b=1` and `--a-b` are both `--a-b`. */
function flagName(arg: string): string {
  const end = arg.indexOf('=');
  return (end < 0 ? arg : arg.slice(0, end)).replaceAll('_', '-');
}

/**
 * The V8 flags to set for a command line (`argv`: the arguments after the script; `execArgv`: node's own
 * flags, `process.execArgv`): the sample budget for `sample`, unless node was given that flag itself (in
 * either spelling). `AUTOSCOPE_INLINE_BUDGET` in `env` replaces the budget (`920` restores V8's default);
 * a value that is not a positive integer is ignored.
 */
export function v8FlagsFor(
  argv: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): string[] {
  if (argv[0] !== 'sample') return [];
  if (execArgv.some((arg) => flagName(arg) === INLINE_FLAG)) return [];
  const given = env.AUTOSCOPE_INLINE_BUDGET;
  const budget = given !== undefined && /^[1-9]\d{0,5}$/.test(given) ? Number(given) : SAMPLE_INLINE_BUDGET;
  return [`${INLINE_FLAG}=${budget}`];
}
