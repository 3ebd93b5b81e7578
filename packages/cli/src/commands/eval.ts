import { type Command, numberFlag, requireString } from '../args.js';
import { ExitCode, UsageError } from '../errors.js';

/** `autoscope eval`: every sampler over a dataset with injected faults, measured against the full data. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure Autoscope and the baseline samplers on a dataset with injected faults',
  usage:
    'autoscope eval --dataset DIR [--samplers LIST] [--keep-ratio R] [--sweep] [--faulty pod-window|ids] [--config FILE] [--sampled NAME=PATH]... [--json FILE] [--html FILE]',
  flags: {
    dataset: {
      type: 'string',
      value: 'DIR',
      help: 'dataset folder: research CSV layout with *-fault_list.json, or traces + faults.json',
    },
    samplers: { type: 'string', value: 'LIST', help: 'comma-separated samplers (default: all)' },
    'keep-ratio': {
      type: 'string',
      value: 'R',
      help: "Autoscope's budget, kept fraction of bytes in (0, 1]",
    },
    sweep: { type: 'boolean', help: 'also run every sampler over a range of budgets (curves)' },
    'sweep-budgets': {
      type: 'string',
      value: 'LIST',
      help: 'budgets of --sweep [default: 0.05,0.1,0.2,0.3,0.5]',
    },
    faulty: { type: 'string', value: 'DEF', help: 'which spans are faulty', choices: ['pod-window', 'ids'] },
    config: { type: 'string', value: 'FILE', help: 'analyzer config: also run autoscope+static' },
    sampled: {
      type: 'string',
      value: 'NAME=PATH',
      multiple: true,
      help: 'an output sampled elsewhere, measured as an extra row',
    },
    day: { type: 'string', value: 'GLOB', help: 'research layout: day folders to read (default: all)' },
    json: { type: 'string', value: 'FILE', help: 'write the result document as JSON' },
    html: { type: 'string', value: 'FILE', help: 'write a self-contained HTML report' },
    quiet: { type: 'boolean', short: 'q', help: 'no progress and no table' },
  },
  details: [
    'Autoscope runs as `autoscope sample` does (lookback pipeline): the same options give the same output bytes.',
    "Baselines run at Autoscope's achieved output bytes (equal-budget comparison); partial-granularity has no budget.",
    'Bytes are OTLP protobuf, one ExportTraceServiceRequest per trace. Faulty spans: pod-window (spans of the',
    "fault's pod overlapping its window) by default, ids when faults.json lists faultySpanIds.",
  ].join('\n'),
  async run(flags) {
    const { runEvalCommand } = await import('../eval/run-eval-command.js');
    await runEvalCommand({
      dataset: requireString('eval', flags, 'dataset'),
      samplers: listFlag(flags.samplers),
      keepRatio: numberFlag('eval', flags, 'keep-ratio', Number.MIN_VALUE, 1),
      sweep: sweepFlag(flags.sweep === true, flags['sweep-budgets']),
      faulty: flags.faulty as 'pod-window' | 'ids' | undefined,
      config: flags.config as string | undefined,
      sampled: sampledFlags(flags.sampled),
      day: flags.day as string | undefined,
      json: flags.json as string | undefined,
      html: flags.html as string | undefined,
      quiet: flags.quiet === true,
    });
    return ExitCode.OK;
  },
};

function listFlag(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function sweepFlag(sweep: boolean, budgets: unknown): boolean | number[] {
  const list = listFlag(budgets);
  if (list === undefined) return sweep;
  return list.map((text) => {
    const value = Number(text);
    if (!(value > 0 && value <= 1)) {
      throw new UsageError('eval', `--sweep-budgets must be fractions in (0, 1]; got "${text}"`);
    }
    return value;
  });
}

function sampledFlags(value: unknown): { name: string; path: string }[] {
  const list = Array.isArray(value) ? (value as string[]) : [];
  return list.map((item) => {
    const at = item.indexOf('=');
    if (at <= 0 || at === item.length - 1) {
      throw new UsageError('eval', `--sampled must be NAME=PATH; got "${item}"`);
    }
    return { name: item.slice(0, at), path: item.slice(at + 1) };
  });
}
