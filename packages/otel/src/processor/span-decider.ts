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
  type Span,
  type SpanRuleLookup,
  type StructureModel,
  structureModelOf,
  type TraceDecision,
  type TraceTree,
} from '@autoscope/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type SourcedSpan, SpanConverter } from '../convert/to-core-span.js';
import { ConnectorPass } from './connectors.js';
import { DecidedTraces } from './decided-traces.js';
import type { DecisionTally } from './decision-tally.js';
import { ExportCollector, type ExportTarget } from './export-collector.js';
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
  private readonly connectors: ConnectorPass;
  /** The trace handed to `buildTraceTree` (reused: it copies the spans it keeps). */
  private readonly input: { traceId: string; spans: readonly Span[] } = { traceId: '', spans: NO_SPANS };
  /** Estimated bytes of the trace being decided (set by `engineSpans`). */
  private bytesIn = 0;

  constructor(
    config: AutoscopeConfig | undefined,
    overrides: Partial<EngineOptions>,
    decidedCacheSize: number,
    leafClientAttributes: readonly string[],
  ) {
    this.overrides = overrides;
    this.connectors = new ConnectorPass(leafClientAttributes);
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
   * adds the spans to export to `target`, all at the end (a decision that throws adds none); the counts
   * (sampled, dropped by reason, placeholders, bytes) go to `tally`.
   */
  decide(
    traceId: string,
    readables: readonly ReadableSpan[],
    late: boolean,
    tally: DecisionTally,
    target: ExportTarget,
  ): void {
    if (late) {
      const followed = this.decided.follow(traceId, readables);
      if (followed !== undefined) {
        tally.late += readables.length;
        tally.sampled += followed.spans.length;
        tally.bytesIn += followed.bytesIn;
        tally.bytesOut += followed.bytesOut;
        for (let i = 0; i < followed.spans.length; i++) target.add(followed.spans[i]!);
        return;
      }
    }
    const spans = this.engineSpans(readables);
    const input = this.input;
    input.traceId = traceId;
    input.spans = spans;
    let tree: TraceTree;
    try {
      tree = buildTraceTree(input);
    } finally {
      // Also when it throws: the reused input must not keep the trace's spans reachable.
      input.spans = NO_SPANS;
    }
    const decision = this.engine.decide(tree);
    const rootSpanId = tree.tops[0] === undefined ? '' : tree.spans[tree.tops[0]]!.spanId;
    const whole = unchangedOutput<SourcedSpan>(decision, this.output.annotate);
    const collector = this.collector;
    if (whole !== undefined) collectWhole(whole, collector);
    else this.collectFrom(decision, rootSpanId, readables);
    this.decided.remember(traceId, rootSpanId, collector.ids, collector.count);
    if (late) tally.late += readables.length;
    tally.sampled += collector.count - collector.placeholderCount;
    tally.placeholders += collector.placeholderCount;
    tally.bytesIn += this.bytesIn;
    tally.bytesOut += collector.bytes;
    countDropped(decision.decisions, tally);
    collector.finish(target);
  }

  /** Lets go of a decision that threw half way (its spans must not stay reachable). */
  abandon(): void {
    this.collector.reset();
    this.connectors.release();
  }

  /** The engine's view of the spans; their estimated bytes are left in `bytesIn`. */
  private engineSpans(readables: readonly ReadableSpan[]): SourcedSpan[] {
    let bytes = 0;
    const spans: SourcedSpan[] = new Array(readables.length);
    for (let i = 0; i < readables.length; i++) {
      const span = this.converter.toEngineSpan(readables[i]!);
      bytes += span.bytes;
      spans[i] = span;
    }
    this.bytesIn = bytes;
    return spans;
  }

  /** Materializes the decision (dropped connectors but leaf calls kept as placeholders) into the collector. */
  private collectFrom(decision: TraceDecision, rootSpanId: string, readables: readonly ReadableSpan[]): void {
    const connected = this.connectors.keep(decision);
    this.collector.start(rootSpanId, readables, connected.placeholders);
    materializeInto(connected.decision, this.output, this.collector);
    this.connectors.release();
  }
}

const NO_READABLES: readonly ReadableSpan[] = Object.freeze([]);
const NO_SPANS: readonly Span[] = Object.freeze([]);

/** A trace kept whole: its SDK spans themselves, in tree order. */
function collectWhole(whole: readonly SourcedSpan[], collector: ExportCollector): void {
  collector.start('', NO_READABLES, undefined);
  for (let i = 0; i < whole.length; i++) {
    const span = whole[i]!;
    collector.add(span.source, span.spanId, span.bytes);
  }
}

/** Dropped spans by reason (placeholders included: their data was dropped). */
function countDropped(decisions: readonly { keep: boolean; reason: string }[], tally: DecisionTally): void {
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (!d.keep) tally.drop(d.reason, 1);
  }
}
