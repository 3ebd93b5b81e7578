import { readFile } from 'node:fs/promises';
import {
  type AutoscopeConfig,
  AutoscopeEngine,
  compileSpanRules,
  type EngineOptions,
  LookbackPipeline,
  parseConfigText,
  type SampledTrace,
  SamplingPipeline,
  type StructureMode,
  structureModelOf,
} from '@autoscope/core';
import {
  assembleTraces,
  newReadStats,
  OtlpProtobufWriter,
  openTraceSource,
  openTraceWriter,
  type TraceFormat,
} from '@autoscope/formats';
import { encodedTraceRequestSize } from '@autoscope/otlp';
import { Progress } from '../progress.js';

/** What `autoscope sample` was asked to do. */
export interface SampleRequest {
  readonly input: string;
  readonly output: string;
  readonly format: string;
  readonly config: string | undefined;
  readonly structure: StructureMode | undefined;
  readonly keepRatio: number | undefined;
  readonly budgetUnit: 'bytes' | 'spans' | undefined;
  readonly annotate: boolean;
  readonly progress: boolean;
}

/** The summary `autoscope sample` prints (also as JSON). */
export interface SampleSummary {
  readonly input: string;
  readonly output: string;
  readonly format: string;
  readonly sampler: string;
  readonly traces: number;
  readonly spansIn: number;
  readonly spansOut: number;
  readonly spansKept: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly sizeReduction: number;
  readonly spanReduction: number;
  readonly kept: Record<string, number>;
  readonly dropped: Record<string, number>;
  readonly duplicateSpans: number;
  readonly brokenParentLinks: number;
  readonly lateSpans: number;
  readonly skippedRecords: number;
  readonly problems: readonly string[];
  readonly seconds: number;
}

/**
 * Trace assembly in data time: traces are complete 90 s (of span time) after their last span. At most a
 * million spans are held, and the last 20 000 decided trace ids are remembered for late spans: memory
 * does not grow with the input.
 */
const ASSEMBLY = { decidedCacheSize: 20_000 };

/** Streams the input through the engine to the output and returns the summary. */
export async function runSample(request: SampleRequest): Promise<SampleSummary> {
  const started = performance.now();
  const config = request.config === undefined ? undefined : await loadConfig(request.config);
  const engine = new AutoscopeEngine(engineOptions(request, config), engineDependencies(config));
  const pipeline = new SamplingPipeline(engine, {
    structure: engine.options.structure,
    annotate: engine.options.annotate,
    timing: engine.options.timing,
  });
  const stats = newReadStats();
  const source = await openTraceSource(request.input, request.format as TraceFormat | 'auto', stats);
  const writer = await openTraceWriter(request.output);
  const progress = request.progress ? new Progress('sampling') : undefined;
  let bytesIn = 0;
  let bytesOut = 0;
  const lookback = new LookbackPipeline(pipeline, engine, {
    lookbackSeconds: engine.options.lookbackSeconds,
    reorderSeconds: engine.options.reorderSeconds,
  });
  // A protobuf writer counts the bytes it encodes: no second size pass over the kept spans.
  const sizedByWriter = writer instanceof OtlpProtobufWriter ? writer : undefined;
  const write = async (sampled: readonly SampledTrace[]) => {
    for (const trace of sampled) {
      bytesIn += encodedTraceRequestSize(trace.decision?.tree.spans ?? trace.input);
      if (trace.spans.length === 0) continue;
      if (sizedByWriter === undefined) bytesOut += encodedTraceRequestSize(trace.spans);
      await writer.write(trace.spans);
    }
  };
  try {
    for await (const trace of assembleTraces(source.batches, ASSEMBLY)) {
      await write(trace.late ? lookback.submitLate(trace) : lookback.submit(trace));
      progress?.update(pipeline.summary.spansIn, pipeline.summary.spansOut, pipeline.summary.traces);
    }
    await write(lookback.drain());
  } finally {
    progress?.done();
    await writer.close();
  }
  if (sizedByWriter !== undefined) bytesOut = sizedByWriter.encodedBytes;
  const s = pipeline.summary;
  return {
    input: request.input,
    output: request.output,
    format: source.format,
    sampler: engine.describe(),
    traces: s.traces,
    spansIn: s.spansIn,
    spansOut: s.spansOut,
    spansKept: s.spansKept,
    bytesIn,
    bytesOut,
    sizeReduction: bytesIn === 0 ? 0 : 1 - bytesOut / bytesIn,
    spanReduction: s.spansIn === 0 ? 0 : 1 - s.spansOut / s.spansIn,
    kept: s.kept,
    dropped: s.dropped,
    duplicateSpans: s.duplicates,
    brokenParentLinks: s.brokenLinks,
    lateSpans: s.lateSpans,
    skippedRecords: stats.skipped,
    problems: stats.problems,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Reads and validates a configuration file. */
export async function loadConfig(path: string): Promise<AutoscopeConfig> {
  return parseConfigText(await readFile(path, 'utf8'), path);
}

/** Engine options: flags over the config's `sampling` section over the defaults. */
export function engineOptions(
  request: Pick<SampleRequest, 'structure' | 'keepRatio' | 'budgetUnit' | 'annotate'>,
  config: AutoscopeConfig | undefined,
): Partial<EngineOptions> {
  const fromConfig = config?.sampling ?? {};
  const options: Record<string, unknown> = { ...fromConfig };
  if (request.structure !== undefined) options.structure = request.structure;
  if (request.keepRatio !== undefined) options.keepRatio = request.keepRatio;
  if (request.budgetUnit !== undefined) options.budgetUnit = request.budgetUnit;
  if (request.annotate) options.annotate = true;
  return options as Partial<EngineOptions>;
}

/** The static lookups of a configuration, for the engine. */
export function engineDependencies(config: AutoscopeConfig | undefined) {
  if (config === undefined) return {};
  const model = structureModelOf(config);
  return { rules: compileSpanRules(config), ...(model.present ? { staticStructure: model } : {}) };
}
