/**
 * The evaluation's result document: what `autoscope eval --json FILE` writes, what the HTML report draws
 * and what the demo saves as `results.json`. Ratios are fractions in [0, 1]. Adding a field is a minor
 * change; renaming or removing one bumps {@link EVAL_REPORT_VERSION}.
 */

/** Version of the {@link EvalReport} layout. */
export const EVAL_REPORT_VERSION = 1;

/** How faulty spans are identified in the full data. */
export type FaultyDefinition = 'pod-window' | 'ids';

/** Ranking quality of one root-cause-analysis method over every fault case. */
export interface RcaScore {
  /** Mean reciprocal rank of the injected service (0 when it is not ranked). */
  readonly mrr: number;
  /** Share of fault cases whose injected service is ranked first. */
  readonly top1: number;
  /** Share of fault cases whose injected service is in the first three. */
  readonly top3: number;
  /** Fault cases scored. */
  readonly cases: number;
  /** When the method could not use its own signal on this output and fell back, what it did instead. */
  readonly note?: string;
}

/** Coverage of the faulty spans of one fault type. */
export interface FaultTypeCoverage {
  readonly faultySpans: number;
  readonly faultySpansKept: number;
  /** `faultySpansKept / faultySpans` (1 when there are none). */
  readonly coverage: number;
}

/**
 * How a result's budget was set: `engine` (Autoscope's own byte budget at `keepRatio`), `equal-bytes`
 * (steered to Autoscope's achieved output bytes), `fixed-bytes` (steered to `keepRatio` of the input
 * bytes), `none` (the sampler has no budget), `external` (sampled elsewhere, measured here).
 */
export type BudgetMode = 'engine' | 'equal-bytes' | 'fixed-bytes' | 'none' | 'external';

/** Every metric of one sampler at one budget. */
export interface SamplerResult {
  readonly sampler: string;
  /** One line on what the sampler does. */
  readonly description: string;
  /** The budget the sampler was run at (kept fraction it was configured with). */
  readonly keepRatio: number;
  /** OTLP protobuf bytes of the input: one ExportTraceServiceRequest per trace. */
  readonly bytesIn: number;
  /** OTLP protobuf bytes of the sampler's output, measured the same way. */
  readonly bytesOut: number;
  /** `1 - bytesOut / bytesIn`. */
  readonly sizeReduction: number;
  /** Bytes after gzip (and zstd when available) of input and output, for stacking with compression. */
  readonly compressed: {
    readonly gzipIn: number;
    readonly gzipOut: number;
    readonly gzipSizeReduction: number;
    /** `null` when no zstd implementation is available in this runtime. */
    readonly zstdIn: number | null;
    readonly zstdOut: number | null;
    readonly zstdSizeReduction: number | null;
  };
  readonly spansIn: number;
  /** Spans with their full data in the output (placeholders and summaries not counted). */
  readonly spansOut: number;
  /** `1 - spansOut / spansIn`. */
  readonly spanReduction: number;
  readonly faultySpans: number;
  readonly faultySpansKept: number;
  readonly faultySpanCoverage: number;
  /** Coverage per fault type, keyed by the type named in the fault list. */
  readonly faultyCoverageByType: Readonly<Record<string, FaultTypeCoverage>>;
  /** Share of non-faulty spans kept. */
  readonly normalSpanCoverage: number;
  /** Share of trace ids with at least one span kept. */
  readonly traceRetrievability: number;
  /** Share of traces whose shape is rebuilt exactly from the output. */
  readonly structureIntegrity: number;
  /** The best RCA method's score on this sampler's output. */
  readonly rca: RcaScore & { readonly method: string };
  /** Every RCA method's score on this sampler's output, by method name. */
  readonly rcaMethods: Readonly<Record<string, RcaScore>>;
  /** Wall-clock decision cost per input span, in nanoseconds. */
  readonly nsPerSpan: number;
  /** How the budget was set (absent in reports written before it was added). */
  readonly budget?: BudgetMode;
}

/** One point of a coverage-versus-size curve. */
export interface SweepPoint {
  readonly sampler: string;
  readonly keepRatio: number;
  readonly sizeReduction: number;
  readonly faultySpanCoverage: number;
  readonly traceRetrievability: number;
  readonly rcaMrr: number;
}

/** A span of the example trace, as the report draws it. */
export interface ExampleSpan {
  readonly spanId: string;
  /** Parent span id in this view (after sampling: the nearest kept ancestor), absent for a root. */
  readonly parentSpanId?: string;
  readonly service: string;
  readonly name: string;
  /** Start, in nanoseconds after the trace's first span started. */
  readonly startOffsetNanos: number;
  readonly durationNanos: number;
  readonly error: boolean;
  readonly faulty: boolean;
}

/** One faulty trace before and after Autoscope sampled it. */
export interface ExampleTrace {
  readonly traceId: string;
  readonly sampler: string;
  readonly faultType: string;
  readonly before: readonly ExampleSpan[];
  readonly after: readonly ExampleSpan[];
}

/** The whole result document. */
export interface EvalReport {
  readonly version: typeof EVAL_REPORT_VERSION;
  /** Dataset path or name as given. */
  readonly dataset: string;
  readonly traces: number;
  readonly spans: number;
  /** Fault cases in the fault list. */
  readonly faults: number;
  readonly faultyDefinition: FaultyDefinition;
  /** The default budget every sampler in `results` was run at. */
  readonly keepRatio: number;
  /** The command line that produced the report. */
  readonly command: string;
  /** ISO 8601 time the run finished. */
  readonly generatedAt: string;
  /** Every RCA method's score on the full, unsampled data. */
  readonly rcaFull: Readonly<Record<string, RcaScore>>;
  /** One result per sampler at the default budget. */
  readonly results: readonly SamplerResult[];
  /** Curves over a range of budgets (present with `--sweep`). */
  readonly sweep?: readonly SweepPoint[];
  /** A faulty trace before and after sampling (absent when the data has no faulty trace). */
  readonly example?: ExampleTrace;
  /** Caveats of this run, one line each (skipped records, late spans, a missing codec). */
  readonly notes?: readonly string[];
  /** Wall-clock seconds the run took. */
  readonly seconds?: number;
}
