import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EvalInputError, type EvalOptions, type EvalReport, runEval } from '@autoscope/eval';
import { UsageError } from '../errors.js';
import { formatEvalTable } from './table.js';

/** What `autoscope eval` was asked to do. */
export interface EvalRequest {
  readonly dataset: string;
  readonly samplers: readonly string[] | undefined;
  readonly keepRatio: number | undefined;
  readonly sweep: boolean | readonly number[];
  readonly faulty: 'pod-window' | 'ids' | undefined;
  readonly config: string | undefined;
  readonly sampled: readonly { name: string; path: string }[];
  readonly day: string | undefined;
  readonly json: string | undefined;
  readonly html: string | undefined;
  readonly quiet: boolean;
}

/** Runs the evaluation, prints the table (unless quiet), writes `--json` and `--html`. */
export async function runEvalCommand(request: EvalRequest): Promise<EvalReport> {
  const progress = !request.quiet && process.stderr.isTTY === true;
  const started = performance.now();
  const report = await runAsUsage({
    dataset: request.dataset,
    ...(request.samplers === undefined ? {} : { samplers: request.samplers }),
    ...(request.keepRatio === undefined ? {} : { keepRatio: request.keepRatio }),
    sweep: request.sweep,
    ...(request.faulty === undefined ? {} : { faulty: request.faulty }),
    ...(request.config === undefined ? {} : { config: request.config }),
    sampled: request.sampled,
    ...(request.day === undefined ? {} : { day: request.day }),
    command: ['autoscope', 'eval', ...process.argv.slice(3)].join(' '),
    ...(progress ? { onProgress: (done: number) => showProgress(done, started) } : {}),
  });
  if (progress) process.stderr.write('\r\x1b[K');
  if (request.json !== undefined) await writeOutput(request.json, `${JSON.stringify(report, null, 2)}\n`);
  if (request.html !== undefined) {
    const { renderHtmlReport } = await import('@autoscope/eval');
    await writeOutput(request.html, renderHtmlReport(report));
  }
  if (!request.quiet) process.stdout.write(formatEvalTable(report));
  return report;
}

function showProgress(done: number, started: number): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(`\revaluating: ${done.toLocaleString()} traces, ${seconds}s `);
}

async function writeOutput(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Options `runEval` rejects by name: on the command line these are usage errors (exit 2). */
const OPTION_SUBJECTS = new Set(['samplers', 'keepRatio', 'sweep', 'faulty', 'sampled']);

async function runAsUsage(options: EvalOptions): Promise<EvalReport> {
  try {
    return await runEval(options);
  } catch (error) {
    if (error instanceof EvalInputError && OPTION_SUBJECTS.has(error.subject)) {
      throw new UsageError('eval', error.message);
    }
    throw error;
  }
}
