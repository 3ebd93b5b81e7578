import {
  type AutoscopeConfig,
  AutoscopeEngine,
  buildTraceTree,
  compileSpanRules,
  type EngineOptions,
  type MaterializeOptions,
  materializeInto,
  resolveEngineOptions,
  type SamplingStrategy,
  ShapePublisher,
  type SpanRuleLookup,
  type StructureModel,
  structureModelOf,
  type TraceDecision,
} from '@autoscope/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type SourcedSpan, SpanConverter } from '../convert/to-core-span.js';
import { keepConnectors } from './connectors.js';
import { DecidedTraces } from './decided-traces.js';
import type { DecisionTally } from './decision-tally.js';
import { ExportCollector } from './export-collector.js';
import { unchangedOutput } from './unchanged-output.js';

/**
 * Runs the core engine and its output (`materialize`, which writes no orphans) on buffered OpenTelemetry
 * spans; spans of an already decided trace follow its decision (`DecidedTraces`). The configuration's span rules and structure can be swapped at any time (the
 * engine keeps what it learned); a change of its `sampling` options starts a fresh engine.
 */
export class SpanDecider {
  private readonly converter = new SpanConverter();
  private readonly overrides: Partial<EngineOptions>;
  private rules: SpanRuleLookup | undefined;
  private structure: StructureModel | undefined;
  private optionsKey = '';
  private engine!: SamplingStrategy;
  private output!: MaterializeOptions;
  private readonly decided: DecidedTraces;
  private readonly collector = new ExportCollector();
  private readonly leafClientAttributes: readonly string[];

  constructor(
    config: AutoscopeConfig | undefined,
    overrides: Partial<EngineOptions>,
    decidedCacheSize: number,
    leafClientAttributes: readonly string[],
  ) {
    this.overrides = overrides;
    this.leafClientAttributes = leafClientAttributes;
    this.decided = new DecidedTraces(decidedCacheSize);
    this.setConfig(config);
  }

  /** The engine's one-line description. */
  describe(): string {
    return this.engine.describe();
  }

  /** Applies a configuration (validated by the caller). Throws InvalidOptionError for bad engine options. */
  setConfig(config: AutoscopeConfig | undefined): void {
    const options = resolveEngineOptions({
      ...(config?.sampling ?? {}),
      ...this.overrides,
    } as Partial<EngineOptions>);
    const key = JSON.stringify(options);
    this.rules = config === undefined ? undefined : compileSpanRules(config);
    this.structure = config === undefined ? undefined : structureModelOf(config);
    if (key === this.optionsKey) return;
    this.optionsKey = key;
    this.engine = new AutoscopeEngine(options, {
      sizeOf: (span) => (span as SourcedSpan).bytes,
      rules: (service, name) => this.rules?.(service, name),
      staticStructure: { hasEdge: (from, to) => this.structure?.hasEdge(from, to) === true },
    });
    this.output = {
      structure: options.structure,
      annotate: options.annotate,
      timing: options.timing,
      publisher: new ShapePublisher(),
    };
  }

  /** Stores the decisions of the run just made for late spans (see `DecidedTraces.remember`). */
  settle(): void {
    this.decided.settle();
  }

  /** True when the trace was decided recently: its later spans are late and follow that decision. */
  wasDecided(traceId: string): boolean {
    return this.decided.has(traceId);
  }

  /**
   * Decides one trace's spans (`late`: spans of a trace decided earlier, which follow its decision) and
   * returns the spans to export; the counts (sampled, dropped by reason, placeholders, bytes) go to `tally`.
   */
  decide(
    traceId: string,
    readables: readonly ReadableSpan[],
    late: boolean,
    tally: DecisionTally,
  ): ReadableSpan[] {
    if (late) {
      const followed = this.decided.follow(traceId, readables);
      if (followed !== undefined) {
        tally.late += readables.length;
        tally.sampled += followed.spans.length;
        tally.bytesIn += followed.bytesIn;
        tally.bytesOut += followed.bytesOut;
        return followed.spans;
      }
    }
    const spans = this.engineSpans(readables);
    const decision = this.engine.decide(buildTraceTree({ traceId, spans: spans.spans }));
    const { tree } = decision;
    const rootSpanId = tree.tops[0] === undefined ? '' : tree.spans[tree.tops[0]]!.spanId;
    const whole = unchangedOutput<SourcedSpan>(decision, this.output.annotate);
    const exported =
      whole !== undefined ? exportedWhole(whole) : this.exportedFrom(decision, rootSpanId, readables);
    this.decided.remember(traceId, rootSpanId, exported.ids);
    if (late) tally.late += readables.length;
    tally.sampled += exported.spans.length - exported.placeholders;
    tally.placeholders += exported.placeholders;
    tally.bytesIn += spans.bytes;
    tally.bytesOut += exported.bytes;
    countDropped(decision.decisions, tally);
    return exported.spans;
  }

  /** The engine's view of the spans, and their estimated bytes. */
  private engineSpans(readables: readonly ReadableSpan[]): { spans: SourcedSpan[]; bytes: number } {
    let bytes = 0;
    const spans: SourcedSpan[] = new Array(readables.length);
    for (let i = 0; i < readables.length; i++) {
      const span = this.converter.toEngineSpan(readables[i]!);
      bytes += span.bytes;
      spans[i] = span;
    }
    return { spans, bytes };
  }

  /** Materializes the decision (dropped connectors but leaf calls kept as placeholders) as spans to export. */
  private exportedFrom(
    decision: TraceDecision,
    rootSpanId: string,
    readables: readonly ReadableSpan[],
  ): Exported {
    const connected = keepConnectors(decision, this.leafClientAttributes);
    const collector = this.collector;
    collector.start({ rootSpanId, readables, placeholders: connected.placeholders });
    materializeInto(connected.decision, this.output, collector);
    const { bytes } = collector;
    const { spans, ids } = collector.finish();
    return { spans, ids, bytes, placeholders: connected.placeholders?.length ?? 0 };
  }
}

/** The spans to export for a decided trace, their ids, estimated bytes, and how many are placeholders. */
interface Exported {
  readonly spans: ReadableSpan[];
  readonly ids: string[];
  readonly bytes: number;
  readonly placeholders: number;
}

/** A trace kept whole: its SDK spans themselves, in tree order (arrays of the exact size). */
function exportedWhole(whole: readonly SourcedSpan[]): Exported {
  const spans: ReadableSpan[] = new Array(whole.length);
  const ids: string[] = new Array(whole.length);
  let bytes = 0;
  for (let i = 0; i < whole.length; i++) {
    const span = whole[i]!;
    spans[i] = span.source;
    ids[i] = span.spanId;
    bytes += span.bytes;
  }
  return { spans, ids, bytes, placeholders: 0 };
}

/** Dropped spans by reason (placeholders included: their data was dropped). */
function countDropped(decisions: readonly { keep: boolean; reason: string }[], tally: DecisionTally): void {
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (!d.keep) tally.drop(d.reason, 1);
  }
}
