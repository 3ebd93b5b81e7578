import { type Command, requireString } from '../args.js';
import { ExitCode } from '../errors.js';

/** `autoscope learn`: patch a config's structure model with what traces show (dynamic patching). */
export const learnCommand: Command = {
  name: 'learn',
  summary: 'add call edges seen in traces to a config and report drift between code and traces',
  usage: 'autoscope learn --config FILE --traces PATH [--format FORMAT] [--out FILE] [--json]',
  flags: {
    config: { type: 'string', value: 'FILE', help: 'config from `autoscope analyze`' },
    traces: { type: 'string', value: 'PATH', help: 'trace file or folder (any format `sample` reads)' },
    format: {
      type: 'string',
      value: 'FORMAT',
      help: 'trace format',
      choices: ['auto', 'otlp-json', 'otlp-proto', 'jaeger', 'zipkin', 'csv'],
      default: 'auto',
    },
    out: { type: 'string', value: 'FILE', help: 'where to write the patched config [default: --config]' },
    json: { type: 'boolean', help: 'print the drift report as JSON' },
  },
  details:
    'Edges seen only in traces are added with origin "traces"; static edges never seen are marked\n"observed": false. Overrides and sampling options are kept as they are.',
  async run(flags) {
    const { runLearn, formatDrift } = await import('../analyze/run-learn.js');
    const config = requireString('learn', flags, 'config');
    const drift = await runLearn({
      config,
      traces: requireString('learn', flags, 'traces'),
      format: flags.format as string,
      out: typeof flags.out === 'string' ? flags.out : config,
    });
    process.stdout.write(flags.json === true ? `${JSON.stringify(drift, null, 2)}\n` : formatDrift(drift));
    return ExitCode.OK;
  },
};
