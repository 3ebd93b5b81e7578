import {
  type AutoscopeEngine,
  LookbackPipeline,
  type LookbackStrategy,
  type SampledTrace,
  SamplingPipeline,
} from '@autoscope/core';
import type { ExamplePicker } from '../metrics/example-trace.js';
import { keptMask } from '../metrics/plain-output.js';
import type { SamplerMeter } from '../metrics/sampler-meter.js';
import type { TraceTruth } from '../metrics/trace-truth.js';
import type { SamplerRun } from './sampler-run.js';

/**
 * Runs the Autoscope engine exactly as `autoscope sample` does: through core's `LookbackPipeline` (traces
 * analysed in time order after `reorderSeconds`, selected `lookbackSeconds` later) and a `SamplingPipeline`
 * (materialized output with shape records), with the engine's own lookback and reorder options. The same
 * traces in the same order give the same output bytes as `autoscope sample`.
 *
 * A trace's output comes out later than the trace goes in, so its truth waits here until then: memory is
 * the pipeline's window (`reorderSeconds + lookbackSeconds` of traces, at most 20 000), not the input.
 * `decideNanos` is the time inside the engine's `analyse` and `select`, as `decide` would take.
 */
export class EngineRun implements SamplerRun {
  private readonly lookback: LookbackPipeline;
  /** Truths handed in and not yet measured, by trace id, oldest first. */
  private readonly waiting = new Map<string, TraceTruth[]>();
  private nanos = 0;
  private example: ExamplePicker | undefined;

  constructor(
    readonly engine: AutoscopeEngine,
    readonly meter: SamplerMeter,
  ) {
    const { structure, annotate, timing, lookbackSeconds, reorderSeconds } = engine.options;
    const sampling = new SamplingPipeline(engine, { structure, annotate, timing });
    this.lookback = new LookbackPipeline(sampling, this.timed(engine), { lookbackSeconds, reorderSeconds });
  }

  /** Picks the report's example trace from this run's outputs. */
  attachExample(example: ExamplePicker): void {
    this.example = example;
  }

  process(truth: TraceTruth): void {
    const list = this.waiting.get(truth.trace.traceId);
    if (list === undefined) this.waiting.set(truth.trace.traceId, [truth]);
    else list.push(truth);
    this.measure(this.lookback.submit(truth.trace, truth.tree));
  }

  finish(): void {
    this.measure(this.lookback.drain());
  }

  private measure(outputs: readonly SampledTrace[]): void {
    for (const output of outputs) {
      const truth = this.take(output.traceId);
      if (truth === undefined) continue;
      const kept = this.keptOf(truth, output);
      const nanos = this.nanos;
      this.nanos = 0;
      this.meter.record(truth, output.spans, kept, nanos);
      this.example?.consider(truth, output.spans, kept);
    }
  }

  private take(traceId: string): TraceTruth | undefined {
    const list = this.waiting.get(traceId);
    const truth = list?.shift();
    if (list !== undefined && list.length === 0) this.waiting.delete(traceId);
    return truth;
  }

  /**
   * Spans of the truth kept with full data. The pipeline decides on the truth's own tree, so its
   * decisions line up with the truth's spans; a late output (no decision) is matched by span id.
   */
  private keptOf(truth: TraceTruth, output: SampledTrace): Uint8Array {
    const decision = output.decision;
    if (decision !== undefined && sameSpans(decision.tree.spans, truth.tree.spans)) return keptMask(decision);
    const kept = new Uint8Array(truth.tree.spans.length);
    const mark = (spanId: string) => {
      const i = truth.indexOf.get(spanId);
      if (i !== undefined) kept[i] = 1;
    };
    if (decision === undefined) for (const span of output.spans) mark(span.spanId);
    else {
      for (let i = 0; i < decision.decisions.length; i++)
        if (decision.decisions[i]!.keep) mark(decision.tree.spans[i]!.spanId);
    }
    return kept;
  }

  private timed(engine: AutoscopeEngine): LookbackStrategy {
    return {
      analyse: (tree) => {
        const started = process.hrtime.bigint();
        const analysis = engine.analyse(tree);
        this.nanos += Number(process.hrtime.bigint() - started);
        return analysis;
      },
      select: (analysis, lookbackSeconds) => {
        const started = process.hrtime.bigint();
        const decision = engine.select(analysis, lookbackSeconds);
        this.nanos += Number(process.hrtime.bigint() - started);
        return decision;
      },
    };
  }
}

function sameSpans(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
