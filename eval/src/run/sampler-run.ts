import { PLACEHOLDER_SCOPE_NAME, type SamplingStrategy } from '@autoscope/core';
import type { ExamplePicker } from '../metrics/example-trace.js';
import { keptMask, plainOutput } from '../metrics/plain-output.js';
import type { SamplerMeter } from '../metrics/sampler-meter.js';
import type { TraceTruth } from '../metrics/trace-truth.js';
import type { ByteBudget } from './byte-budget.js';
import type { SampledStream } from './sampled-output.js';

/** One sampler being measured: it is handed every complete trace once, in stream order. */
export interface SamplerRun {
  readonly meter: SamplerMeter;
  process(truth: TraceTruth): void;
  /** End of input: measures what the sampler still holds (a lookback window). */
  finish?(): void;
}

/** Optional parts of a {@link StrategyRun}. */
export interface StrategyRunParts {
  readonly budget?: ByteBudget;
}

/**
 * Runs a baseline sampling strategy: times `decide`, builds the output it would export (its kept spans
 * re-parented, see `plainOutput`) and records it. The Autoscope engine runs as an `EngineRun`.
 */
export class StrategyRun implements SamplerRun {
  private example: ExamplePicker | undefined;

  constructor(
    readonly strategy: SamplingStrategy,
    readonly meter: SamplerMeter,
    private readonly parts: StrategyRunParts = {},
  ) {}

  /** Picks the report's example trace from this run's outputs. */
  attachExample(example: ExamplePicker): void {
    this.example = example;
  }

  process(truth: TraceTruth): void {
    const started = process.hrtime.bigint();
    const decision = this.strategy.decide(truth.tree);
    const nanos = Number(process.hrtime.bigint() - started);
    const out = plainOutput(decision);
    const kept = keptMask(decision);
    const before = this.meter.bytesOut;
    this.meter.record(truth, out, kept, nanos);
    this.parts.budget?.observe(truth.encoded.length, this.meter.bytesOut - before);
    this.example?.consider(truth, out, kept);
  }
}

/**
 * Measures an output sampled elsewhere (for example by the live span processor) against the full data:
 * its spans, streamed alongside and grouped by trace id, are looked up as each full trace streams by.
 */
export class ExternalRun implements SamplerRun {
  constructor(
    readonly stream: SampledStream,
    readonly meter: SamplerMeter,
  ) {
    stream.onBatch = (spans) => meter.learnShapes(spans);
  }

  /** Reads the sampled output up to the window past this trace (call before `process`). */
  advance(truth: TraceTruth): Promise<void> {
    let end = 0n;
    for (const span of truth.tree.spans) if (span.endTimeUnixNano > end) end = span.endTimeUnixNano;
    return this.stream.advanceTo(end);
  }

  process(truth: TraceTruth): void {
    const out = this.stream.take(truth.tree.traceId) ?? [];
    const kept = new Uint8Array(truth.tree.spans.length);
    for (const span of out) {
      if (span.scope.name === PLACEHOLDER_SCOPE_NAME) continue;
      const i = truth.indexOf.get(span.spanId);
      if (i !== undefined) kept[i] = 1;
    }
    this.meter.record(truth, out, kept, 0);
  }
}
