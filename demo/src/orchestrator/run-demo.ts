import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '@autoscope/analyzer';
import type { EvalReport } from '@autoscope/eval';
import { DemoInterruptedError } from '../errors.js';
import type { FaultOrder, ServiceReport } from '../protocol.js';
import { SERVICES } from '../services/catalog/index.js';
import type { SampledProcessorKind } from '../telemetry/sampled-processor.js';
import { ServiceCluster } from './cluster.js';
import { concatenate, faultRecords, writeFaults } from './datasets.js';
import { type LoadSummary, runLoad } from './load.js';
import { faultSchedule } from './schedule.js';
import { formatDemoTable } from './table.js';

/** The name of the live-sampled result row. */
export const LIVE_SAMPLER = 'autoscope-live';

/** Options of {@link runDemo}; only `out` is required. */
export interface DemoOptions {
  readonly out: string;
  /** Requests the load generator sends (default 2,400). */
  readonly requests?: number;
  /** Requests per second (default 40). */
  readonly ratePerSecond?: number;
  /** Requests in flight at most (default 16). */
  readonly concurrency?: number;
  /** The sampled stream's processor (default `autoscope`). */
  readonly processor?: SampledProcessorKind;
  /** Stop after writing the datasets (no evaluation). */
  readonly skipEval?: boolean;
  /** Aborting stops the load and every service, then rejects with `DemoInterruptedError`. */
  readonly signal?: AbortSignal;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** Everything the demo wrote and measured. */
export interface DemoResult {
  readonly files: {
    readonly config: string;
    readonly fullTraces: string;
    readonly faults: string;
    readonly sampledTraces: string;
    readonly results?: string;
    readonly report?: string;
  };
  readonly faults: readonly FaultOrder[];
  readonly load: LoadSummary;
  readonly services: Readonly<Record<string, ServiceReport>>;
  readonly report?: EvalReport;
  /** The results table as printed. */
  readonly table?: string;
  readonly seconds: number;
}

/**
 * The whole demo: analyse the demo services' source into `autoscope.json`, start the six services with
 * the sampled stream behind Autoscope, run a bounded load with one fault of each type in its own window,
 * stop the services (flushing both streams), write `full/{traces.jsonl,faults.json}` and
 * `sampled/traces.jsonl`, then evaluate and write `results.json` and `report.html`. Services never
 * outlive the call, whether it succeeds, fails or is aborted.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.out);
  const files = await prepareOutput(out);
  log('analysing the demo services with the static analyzer');
  const analysis = await analyze({ paths: await demoServicesSource(), omitFunctions: true });
  await writeFile(files.config, `${JSON.stringify(analysis.config, null, 2)}\n`);
  log(`  ${analysis.stats.files} files, ${analysis.stats.functions} functions -> ${files.config}`);
  checkAborted(options.signal);
  const run = await runServices(options, files, log);
  log(`load: ${run.load.sent} requests in ${run.load.seconds.toFixed(1)} s, ${run.load.failed} failed`);
  await writeFaults(files.faults, faultRecords(run.faults, run.services));
  await concatenate(run.parts.full, files.fullTraces);
  await concatenate(run.parts.sampled, files.sampledTraces);
  await rm(join(out, '.parts'), { recursive: true, force: true });
  const base = { faults: run.faults, load: run.load, services: run.services };
  if (options.skipEval === true) return { files, ...base, seconds: elapsed(started) };
  const evaluated = await evaluate(files, log);
  return { files: { ...files, ...evaluated.files }, ...base, ...evaluated.output, seconds: elapsed(started) };
}

type DemoFiles = DemoResult['files'];

async function prepareOutput(out: string): Promise<DemoFiles & { readonly parts: string }> {
  const parts = join(out, '.parts');
  for (const dir of [join(out, 'full'), join(out, 'sampled'), parts]) await mkdir(dir, { recursive: true });
  return {
    config: join(out, 'autoscope.json'),
    fullTraces: join(out, 'full', 'traces.jsonl'),
    faults: join(out, 'full', 'faults.json'),
    sampledTraces: join(out, 'sampled', 'traces.jsonl'),
    parts,
  };
}

async function runServices(
  options: DemoOptions,
  files: DemoFiles & { readonly parts: string },
  log: (line: string) => void,
) {
  const names = SERVICES.map((s) => s.name);
  const fullPart = (s: string) => join(files.parts, `${s}.full.jsonl`);
  const sampledPart = (s: string) => join(files.parts, `${s}.sampled.jsonl`);
  const cluster = new ServiceCluster({
    services: names,
    fullPath: fullPart,
    sampledPath: sampledPart,
    processor: options.processor ?? 'autoscope',
    configPath: files.config,
  });
  const onAbort = () => cluster.kill();
  try {
    log(`starting ${names.length} services (${names.join(', ')})`);
    const ports = await cluster.start();
    checkAborted(options.signal);
    const requests = options.requests ?? 2_400;
    const ratePerSecond = options.ratePerSecond ?? 40;
    const loadStart = Date.now() + 100;
    const faults = faultSchedule(loadStart, (requests / ratePerSecond) * 1000);
    for (const fault of faults) cluster.inject(fault);
    log(
      `load: ${requests} requests at ${ratePerSecond}/s; faults: ${faults.map((f) => `${f.type}@${f.service}`).join(', ')}`,
    );
    const load = await runLoad({
      port: ports.frontend!,
      requests,
      ratePerSecond,
      concurrency: options.concurrency ?? 16,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    checkAborted(options.signal);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const services = await cluster.stop();
    return { faults, load, services, parts: { full: names.map(fullPart), sampled: names.map(sampledPart) } };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await cluster.close();
  }
}

async function evaluate(files: DemoFiles, log: (line: string) => void) {
  const { renderHtmlReport, runEval } = await import('@autoscope/eval');
  log('evaluating: every sampler on the full traces, and the live-sampled output');
  const report = await runEval({
    dataset: join(files.fullTraces, '..'),
    faulty: 'ids',
    config: files.config,
    sampled: [
      {
        name: LIVE_SAMPLER,
        path: files.sampledTraces,
        description: 'AutoscopeSpanProcessor, live in each service',
      },
    ],
    command: 'autoscope demo',
  });
  const out = join(files.config, '..');
  const results = join(out, 'results.json');
  const html = join(out, 'report.html');
  await writeFile(results, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderHtmlReport(report));
  return {
    files: { results, report: html },
    output: { report, table: formatDemoTable(report, LIVE_SAMPLER) },
  };
}

/** The demo services' TypeScript source files (tests left out), which the analyzer reads. */
export async function demoServicesSource(): Promise<string[]> {
  const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'src', 'services');
  const entries = await readdir(root, { recursive: true });
  return entries
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(root, f));
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new DemoInterruptedError(String(signal.reason ?? 'abort'));
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
