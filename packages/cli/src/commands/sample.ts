import { type Command, numberFlag, requireString } from '../args.js';
import { ExitCode } from '../errors.js';

/** `autoscope sample`: what Autoscope would keep from a file of traces, and how much it saves. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'sample a file or folder of traces at span level and write the kept spans as OTLP',
  usage: 'autoscope sample --in PATH --out PATH [--config FILE] [--structure MODE] [--keep-ratio R] [--json]',
  flags: {
    in: {
      type: 'string',
      value: 'PATH',
      help: 'input file or folder (OTLP JSON/protobuf, Jaeger, Zipkin, CSV; gzip ok)',
    },
    out: {
      type: 'string',
      value: 'PATH',
      help: 'output file: .jsonl[.gz] (OTLP JSON lines) or .pb[.gz] (OTLP protobuf)',
    },
    config: { type: 'string', value: 'FILE', help: 'Autoscope config (from `autoscope analyze`)' },
    format: {
      type: 'string',
      value: 'FORMAT',
      help: 'input format',
      choices: ['auto', 'otlp-json', 'otlp-proto', 'jaeger', 'zipkin', 'csv'],
      default: 'auto',
    },
    structure: {
      type: 'string',
      value: 'MODE',
      help: 'how dropped spans appear',
      choices: ['reparent', 'skeleton', 'summary'],
    },
    'keep-ratio': { type: 'string', value: 'R', help: 'target kept fraction of bytes, in (0, 1]' },
    'budget-unit': {
      type: 'string',
      value: 'UNIT',
      help: 'what the budget counts',
      choices: ['bytes', 'spans'],
    },
    annotate: { type: 'boolean', help: 'write autoscope.reason and autoscope.score on kept spans' },
    json: { type: 'boolean', help: 'print the summary as JSON' },
    quiet: { type: 'boolean', short: 'q', help: 'no progress bar' },
  },
  details:
    'Bytes are measured as OTLP protobuf, one ExportTraceServiceRequest per trace, in and out.\nEvery trace keeps its root; output has no orphan spans.',
  async run(flags) {
    const { runSample } = await import('../sample/run-sample.js');
    const keepRatio = numberFlag('sample', flags, 'keep-ratio', Number.MIN_VALUE, 1);
    const summary = await runSample({
      input: requireString('sample', flags, 'in'),
      output: requireString('sample', flags, 'out'),
      format: flags.format as string,
      config: flags.config as string | undefined,
      structure: flags.structure as 'reparent' | 'skeleton' | 'summary' | undefined,
      keepRatio,
      budgetUnit: flags['budget-unit'] as 'bytes' | 'spans' | undefined,
      annotate: flags.annotate === true,
      progress: flags.quiet !== true && flags.json !== true && process.stderr.isTTY === true,
    });
    const { formatSampleSummary } = await import('../sample/summary.js');
    process.stdout.write(
      flags.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatSampleSummary(summary),
    );
    return ExitCode.OK;
  },
};
