import type { Span } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { encodedTraceRequestSize, encodeTraceRequest } from '@autoscope/otlp';
import type { RcaCollector, RcaMethod } from '../rca/index.js';
import { scoreRanks } from '../rca/index.js';
import { windowedCollector } from '../rca/windowed-collector.js';
import type { RcaScore } from '../results.js';
import type { BlockCompressor } from './block-compressor.js';
import { RebuiltShapes } from './rebuilt-shape.js';
import type { TraceTruth } from './trace-truth.js';

/** What a meter measures besides the always-on counts. */
export interface MeterOptions {
  /** Compresses the output stream (gzip, zstd); without it only protobuf bytes are counted. */
  readonly compressor?: BlockCompressor;
  readonly rca: readonly RcaMethod[];
}

/** Faulty spans and kept faulty spans of one fault type. */
export interface TypeCount {
  faultySpans: number;
  kept: number;
}

/**
 * Running totals of one sampler's output against the full data. Keeps aggregates only: counts, byte
 * totals, the shape dictionary of its output stream and its RCA collectors (each bounded to the fault
 * cases still open, see `windowedCollector`).
 */
export class SamplerMeter {
  traces = 0;
  bytesIn = 0;
  bytesOut = 0;
  spansIn = 0;
  spansOut = 0;
  faultySpans = 0;
  faultyKept = 0;
  normalKept = 0;
  retrievable = 0;
  intact = 0;
  decideNanos = 0;
  readonly byType = new Map<string, TypeCount>();
  /** The output stream's shape records, read in stream order: for structure integrity and for RCA. */
  readonly shapes = new RebuiltShapes();
  private readonly collectors: readonly RcaCollector[];

  constructor(
    private readonly faults: readonly Fault[],
    readonly options: MeterOptions,
  ) {
    this.collectors = options.rca.map((method) => windowedCollector(method, faults));
    for (const fault of faults) this.typeCount(fault.type);
  }

  /** Records one trace: `out` is what the sampler exported, `kept` marks tree spans kept with full data. */
  record(truth: TraceTruth, out: readonly Span[], kept: Uint8Array, decideNanos: number): void {
    this.traces++;
    this.decideNanos += decideNanos;
    this.bytesIn += truth.encoded.length;
    this.spansIn += truth.tree.spans.length;
    this.countSpans(truth, kept);
    if (out.length === 0) return;
    this.retrievable++;
    const full = out === truth.tree.spans;
    this.countBytes(out, full ? truth.encoded : undefined);
    if (!full) this.shapes.learn(out);
    if (this.isIntact(out, kept, truth)) this.intact++;
    const trace = { traceId: truth.tree.traceId, spans: out };
    // The full data is its own shape; a sampled output's is rebuilt when it carries shape records.
    const shape = full ? undefined : this.shapes.shapeOf(out);
    for (const collector of this.collectors) collector.add(trace, shape);
  }

  /**
   * Learns shape definitions ahead of time, for an output read whole from a file whose stream order
   * differs from the order traces are measured in.
   */
  learnShapes(spans: readonly Span[]): void {
    this.shapes.learn(spans);
  }

  /** Each RCA method's score over every fault case, by method name. */
  rcaScores(): Record<string, RcaScore> {
    const scores: Record<string, RcaScore> = {};
    this.options.rca.forEach((method, m) => {
      const collector = this.collectors[m]!;
      const score = scoreRanks(
        this.faults.map((fault) => ({ ranked: collector.rank(fault), truth: fault.service })),
      );
      const note = collector.note?.();
      scores[method.name] = note === undefined ? score : { ...score, note };
    });
    return scores;
  }

  private countSpans(truth: TraceTruth, kept: Uint8Array): void {
    for (let i = 0; i < kept.length; i++) {
      const fault = truth.faultOf[i]!;
      const isKept = kept[i] === 1;
      if (isKept) this.spansOut++;
      if (fault < 0) {
        if (isKept) this.normalKept++;
        continue;
      }
      this.faultySpans++;
      const type = this.typeCount(this.faults[fault]!.type);
      type.faultySpans++;
      if (isKept) {
        this.faultyKept++;
        type.kept++;
      }
    }
  }

  private typeCount(type: string): TypeCount {
    let count = this.byType.get(type);
    if (count === undefined) {
      count = { faultySpans: 0, kept: 0 };
      this.byType.set(type, count);
    }
    return count;
  }

  private countBytes(out: readonly Span[], known: Uint8Array | undefined): void {
    const compressor = this.options.compressor;
    if (compressor === undefined) {
      this.bytesOut += known?.length ?? encodedTraceRequestSize(out);
      return;
    }
    const encoded = known ?? encodeTraceRequest(out);
    this.bytesOut += encoded.length;
    compressor.add(encoded);
  }

  private isIntact(out: readonly Span[], kept: Uint8Array, truth: TraceTruth): boolean {
    let all = true;
    for (let i = 0; i < kept.length && all; i++) if (kept[i] !== 1) all = false;
    if (all) return true;
    return this.shapes.reader.shapeOf(out) === truth.shape;
  }
}
