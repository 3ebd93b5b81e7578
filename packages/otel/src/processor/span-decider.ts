import {
  type AutoscopeConfig,
  AutoscopeEngine,
  buildTraceTree,
  compileSpanRules,
  type EngineOptions,
  materialize,
  PLACEHOLDER_SCOPE_NAME,
  resolveEngineOptions,
  type SamplingStrategy,
  ShapePublisher,
  type Span,
  type SpanRuleLookup,
  type StructureModel,
  structureModelOf,
} from '@autoscope/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type SourcedSpan, SpanConverter } from '../convert/to-core-span.js';
import { toReadableSpan } from '../convert/to-readable-span.js';
import { type ConnectedDecision, keepConnectors } from './connectors.js';
import { DecidedTraces } from './decided-traces.js';
import type { DecisionTally } from './decision-tally.js';
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
  private output!: { structure: EngineOptions['structure']; annotate: boolean; publisher: ShapePublisher };
  private readonly decided: DecidedTraces;

  constructor(
    config: AutoscopeConfig | undefined,
    overrides: Partial<EngineOptions>,
    decidedCacheSize: number,
  ) {
    this.overrides = overrides;
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
      publisher: new ShapePublisher(),
    };
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
    const out: ReadableSpan[] = [];
    const ids: string[] = [];
    let placeholders = 0;
    let bytesOut = 0;
    if (whole !== undefined) {
      for (let i = 0; i < whole.length; i++) {
        const span = whole[i]!;
        out.push(span.source);
        ids.push(span.spanId);
        bytesOut += span.bytes;
      }
    } else {
      const connected = keepConnectors(decision);
      placeholders = connected.placeholders?.length ?? 0;
      bytesOut = this.exportedFrom(connected, { rootSpanId, readables, out, ids });
    }
    this.decided.remember(traceId, rootSpanId, ids);
    if (late) tally.late += readables.length;
    tally.sampled += out.length - placeholders;
    tally.placeholders += placeholders;
    tally.bytesIn += spans.bytes;
    tally.bytesOut += bytesOut;
    countDropped(decision.decisions, tally);
    return out;
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

  /** Materializes the decision, appends the spans to export and their ids, and returns their bytes. */
  private exportedFrom(
    connected: ConnectedDecision,
    into: {
      rootSpanId: string;
      readables: readonly ReadableSpan[];
      out: ReadableSpan[];
      ids: string[];
    },
  ): number {
    const { out, ids } = into;
    const context = {
      rootSpanId: into.rootSpanId,
      readables: into.readables,
      placeholders: connected.placeholders,
    };
    let bytesOut = 0;
    const written = materialize(connected.decision, this.output);
    for (let i = 0; i < written.length; i++) {
      const span = written[i]!;
      const readable = toReadableSpan(span, context);
      if (readable === undefined) continue;
      out.push(readable);
      ids.push(span.spanId);
      bytesOut +=
        readable.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME ? 40 + span.name.length : bytesOf(span);
    }
    return bytesOut;
  }
}

/** Dropped spans by reason (placeholders included: their data was dropped). */
function countDropped(decisions: readonly { keep: boolean; reason: string }[], tally: DecisionTally): void {
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (!d.keep) tally.drop(d.reason, 1);
  }
}

function bytesOf(span: Span): number {
  return (span as Partial<SourcedSpan>).bytes ?? 40 + span.name.length;
}
