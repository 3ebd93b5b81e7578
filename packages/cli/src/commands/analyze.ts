import { type Command, numberFlag } from '../args.js';
import { ExitCode, UsageError } from '../errors.js';

const WEIGHTS = [
  'errorHandling',
  'externalCalls',
  'highComplexity',
  'mediumComplexity',
  'highComplexityAbove',
  'mediumComplexityAbove',
] as const;

/** `--weight NAME=W` flags as a partial weights object; unknown names and bad numbers are usage errors. */
function parseWeights(values: readonly string[]): Partial<Record<(typeof WEIGHTS)[number], number>> {
  const weights: Partial<Record<(typeof WEIGHTS)[number], number>> = {};
  for (const value of values) {
    const [name, raw] = value.split('=', 2);
    const known = WEIGHTS.find((w) => w === name);
    const n = Number(raw);
    if (known === undefined)
      throw new UsageError('analyze', `--weight ${value}: unknown rule; one of ${WEIGHTS.join(', ')}`);
    if (raw === undefined || raw === '' || !Number.isFinite(n) || n < 0)
      throw new UsageError('analyze', `--weight ${value}: expected ${known}=<non-negative number>`);
    weights[known] = n;
  }
  return weights;
}

/** `autoscope analyze`: static analysis of service source into an Autoscope config. */
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'analyse service source (TS/JS, Python, Java, Go) into a sampling config',
  usage:
    'autoscope analyze PATH... [--service NAME] [--lang LANG] [--out FILE] [--threshold T] [--no-functions] [--json]',
  flags: {
    out: {
      type: 'string',
      value: 'FILE',
      help: 'config to write; an existing one keeps its overrides, sampling options and learned edges',
      default: 'autoscope.json',
    },
    service: { type: 'string', value: 'NAME', help: 'service name written into every span entry and edge' },
    lang: {
      type: 'string',
      value: 'LANG',
      help: 'languages to read (ts includes JavaScript)',
      choices: ['auto', 'ts', 'js', 'python', 'java', 'go'],
      default: 'auto',
    },
    threshold: {
      type: 'string',
      value: 'T',
      help: 'importance at or above which a span is sampled, in [0, 1]',
    },
    weight: {
      type: 'string',
      value: 'NAME=W',
      multiple: true,
      help: 'importance rule weight, repeatable: errorHandling, externalCalls, highComplexity, mediumComplexity, highComplexityAbove, mediumComplexityAbove',
    },
    'no-functions': { type: 'boolean', help: 'leave the per-function control-flow graphs out of the file' },
    'max-file-bytes': { type: 'string', value: 'N', help: 'skip larger files (reported) [default: 2 MiB]' },
    json: { type: 'boolean', help: 'print the statistics and problems as JSON' },
  },
  details:
    'Files that cannot be read or parsed are listed as problems; the rest is analysed.\nExit code 0 even with problems; 3 when the existing --out file is not a valid config.',
  async run(flags, positionals) {
    if (positionals.length === 0)
      throw new UsageError('analyze', 'give at least one file or folder to analyse');
    const { runAnalyze, formatAnalyzeSummary } = await import('../analyze/run-analyze.js');
    const maxFileBytes = numberFlag('analyze', flags, 'max-file-bytes', 1, Number.MAX_SAFE_INTEGER);
    const threshold = numberFlag('analyze', flags, 'threshold', 0, 1);
    const weights = parseWeights((flags.weight as string[] | undefined) ?? []);
    const summary = await runAnalyze({
      weights,
      paths: positionals,
      out: flags.out as string,
      lang: flags.lang as 'auto' | 'ts' | 'js' | 'python' | 'java' | 'go',
      omitFunctions: flags['no-functions'] === true,
      ...(typeof flags.service === 'string' ? { service: flags.service } : {}),
      ...(threshold === undefined ? {} : { threshold }),
      ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    });
    process.stdout.write(
      flags.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatAnalyzeSummary(summary),
    );
    return ExitCode.OK;
  },
};
