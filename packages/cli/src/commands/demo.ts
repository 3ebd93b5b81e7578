import { type Command, numberFlag } from '../args.js';
import { ExitCode } from '../errors.js';

/** `autoscope demo`: six instrumented services, injected faults, sampled live by Autoscope, measured. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the live demo: instrumented services, injected faults, sampled by Autoscope, evaluated',
  usage: 'autoscope demo [--out DIR] [--requests N] [--rate R] [--quiet]',
  flags: {
    out: { type: 'string', value: 'DIR', help: 'output folder', default: 'demo-out' },
    requests: { type: 'string', value: 'N', help: 'requests the load generator sends [default: 2400]' },
    rate: { type: 'string', value: 'R', help: 'requests per second [default: 40]' },
    quiet: { type: 'boolean', short: 'q', help: 'no progress lines (the table is still printed)' },
  },
  details: [
    'Writes DIR/autoscope.json (static analysis of the demo services), DIR/full/{traces.jsonl,faults.json}',
    '(every span, and the injected faults with the ids of the spans they touched), DIR/sampled/traces.jsonl',
    '(what AutoscopeSpanProcessor exported live), DIR/results.json and DIR/report.html.',
    'Services listen on 127.0.0.1 only and are stopped on exit, on errors and on Ctrl-C.',
  ].join('\n'),
  async run(flags) {
    const requests = numberFlag('demo', flags, 'requests', 10, 1_000_000);
    const rate = numberFlag('demo', flags, 'rate', 1, 10_000);
    const { DemoInterruptedError, runDemo } = await import('@autoscope/demo');
    const controller = new AbortController();
    const interrupt = (signal: NodeJS.Signals) => controller.abort(signal);
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    try {
      const result = await runDemo({
        out: flags.out as string,
        ...(requests === undefined ? {} : { requests: Math.round(requests) }),
        ...(rate === undefined ? {} : { ratePerSecond: rate }),
        signal: controller.signal,
        ...(flags.quiet === true ? {} : { log }),
      });
      process.stdout.write(`\n${result.table ?? ''}\n`);
      const written = [result.files.results, result.files.report].filter((f) => f !== undefined);
      process.stdout.write(`wrote ${written.join(' and ')} in ${result.seconds.toFixed(0)} s\n`);
      return ExitCode.OK;
    } catch (error) {
      if (error instanceof DemoInterruptedError) {
        process.stderr.write(`autoscope demo: ${error.message}\n`);
        return ExitCode.INTERRUPTED;
      }
      throw error;
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    }
  },
};
