import type { SpanRuleLookup } from '../config/span-rules.js';
import { SpentAnalysisError } from '../errors.js';
import type { Resource, Span } from '../model.js';
import { AnomalyReserve } from '../stats/anomaly-reserve.js';
import { BudgetController } from '../stats/budget-controller.js';
import type { KeepReason, SamplingStrategy, SpanDecision, TraceDecision } from '../strategy.js';
import { LearnedStructure } from '../structure/learned-structure.js';
import { pairHashFrom } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';
import { AnalysisBuffers, MAX_SCRATCH_SPANS, TraceScratch } from './analysis-buffers.js';
import { AnalysisPool } from './analysis-pool.js';
import { learnStructure } from './learn-structure.js';
import { type EngineOptions, resolveEngineOptions } from './options.js';
import { type PrepareContext, prepareSpans } from './prepare-spans.js';
import { scoreSpans } from './score-spans.js';
import { type SelectionInput, type SelectionUnits, selectSpans } from './select-spans.js';
import { ServiceHeat } from './service-heat.js';
import { LabelCache } from './span-labels.js';
import { SpanScorer } from './span-scorer.js';
import { estimateSpanBytes } from './span-size.js';
import { StaticShapes, type StaticStructure } from './static-shapes.js';
import type { TraceAnalysis } from './trace-analysis.js';

export type { StaticStructure } from './static-shapes.js';

/** What the engine may be given besides options. */
export interface EngineDependencies {
  /** Budget units of a span when `budgetUnit` is bytes; defaults to an estimate of its OTLP size. */
  readonly sizeOf?: (span: Span) => number;
  readonly rules?: SpanRuleLookup;
  /** The analyzer's structure model (`structureModelOf`): known edges, mandatory children, dominant sets. */
  readonly staticStructure?: StaticStructure;
}

/**
 * The Autoscope selection engine: keeps every trace's root, errors, critical spans and new structure,
 * then spends a budget held by an adaptive controller on the spans that look most anomalous (revised
 * Z-scores of duration and self time keyed by service, operation and parent operation), on the spans of
 * service instances whose behaviour turned anomalous, and on rarely taken branches. Repeats are summarised.
 *
 * Pure: all time comes from the spans; deterministic for the same input order.
 */
export class AutoscopeEngine implements SamplingStrategy {
  readonly name = 'autoscope';
  readonly traceLevel = false;
  readonly options: EngineOptions;
  private readonly labels = new LabelCache();
  private readonly scorer: SpanScorer;
  private readonly structure = new LearnedStructure();
  private readonly heat: ServiceHeat;
  private readonly budget: BudgetController;
  /** Units for spans far slower than usual: `anomalyReserve` of the budget, kept apart. */
  private readonly reserve: AnomalyReserve;
  private readonly dependencies: EngineDependencies;
  private readonly statics: StaticShapes | undefined;
  /** Budget units of a span: undefined when the budget counts spans. */
  private readonly sizeOf: ((span: Span) => number) | undefined;
  /** What `prepareSpans` reads besides the trace; `stamp` goes up by one per trace. */
  private readonly prepare: { -readonly [K in keyof PrepareContext]: PrepareContext[K] };
  /** What `selectSpans` reads besides the analysis, rewritten per trace. */
  private readonly selection: { -readonly [K in keyof SelectionInput]: SelectionInput[K] };
  private readonly units: SelectionUnits = { kept: 0, total: 0, mandatory: 0, reserve: 0 };
  /** The analysis arrays `decide` reuses from trace to trace. */
  private scratch = new AnalysisBuffers(64);
  /** The buffers of analyses from `analyse`, recycled when `select` has spent them. */
  private readonly pool = new AnalysisPool();
  /** Selection and heat temporaries, reused from trace to trace. */
  private readonly temp = new TraceScratch();
  /** The analysis `scoreSpans` is working on (read by `onNewEdge`, bound once). */
  private current: TraceAnalysis | undefined;
  private readonly onNewEdge = (i: number, p: number): void => this.observeEdge(this.current!, i, p);

  constructor(options: Partial<EngineOptions> = {}, dependencies: EngineDependencies = {}) {
    this.options = resolveEngineOptions(options);
    this.dependencies = dependencies;
    this.sizeOf =
      this.options.budgetUnit === 'spans' ? undefined : (dependencies.sizeOf ?? estimateSpanBytes);
    const model = dependencies.staticStructure;
    this.statics = model === undefined ? undefined : new StaticShapes(model);
    this.scorer = new SpanScorer({ window: this.options.window, minSamples: this.options.minSamples });
    this.heat = new ServiceHeat({
      halfLifeSeconds: this.options.heatHalfLifeSeconds,
      hotRatio: this.options.hotRatio,
      hotMinFraction: this.options.hotMinFraction,
      holdSeconds: this.options.hotHoldSeconds,
    });
    this.budget = new BudgetController({ target: this.options.keepRatio });
    this.reserve = new AnomalyReserve({ share: this.options.anomalyReserve });
    this.prepare = { labels: this.labels, sizeOf: this.sizeOf, rules: dependencies.rules, stamp: 0 };
    const { hot, written } = this.temp;
    const zThreshold = this.options.zThreshold;
    this.selection = {
      threshold: 0,
      zThreshold,
      reserveThreshold: Number.POSITIVE_INFINITY,
      reserveAvailable: 0,
      hot,
      written,
    };
  }

  describe(): string {
    const o = this.options;
    const statics = this.dependencies.rules !== undefined ? ' static=config' : '';
    return `autoscope keepRatio=${o.keepRatio} reserve=${o.anomalyReserve} unit=${o.budgetUnit} z>${o.zThreshold} window=${o.window} structure=${o.structure}${statics}`;
  }

  decide(tree: TraceTree): TraceDecision {
    // Selected at once: the analysis lives in the engine's reused arrays.
    const n = tree.spans.length;
    let buffers: AnalysisBuffers;
    if (n > MAX_SCRATCH_SPANS) buffers = new AnalysisBuffers(n);
    else {
      if (this.scratch.capacity < n)
        this.scratch = new AnalysisBuffers(Math.max(n, 2 * this.scratch.capacity));
      buffers = this.scratch;
    }
    // Fresh arrays too: reset sets the defaults (weight 1, priority 0.5) that zero-filled arrays lack.
    buffers.reset(n);
    return this.selectSpent(this.analyseInto(tree, buffers), 0);
  }

  /**
   * Learns from a trace and scores its spans; call `select` on the result (now, or after a lookback).
   * `select` spends the analysis: its arrays may then be reused by a later `analyse`, so read what you need
   * from it before; selecting it again throws `SpentAnalysisError`.
   */
  analyse(tree: TraceTree): TraceAnalysis {
    const buffers = this.pool.take(tree.spans.length);
    buffers.reset(tree.spans.length);
    const analysis = this.analyseInto(tree, buffers);
    this.pool.made(analysis, buffers);
    return analysis;
  }

  private analyseInto(tree: TraceTree, buffers: AnalysisBuffers): TraceAnalysis {
    this.prepare.stamp++;
    const analysis = prepareSpans(tree, buffers, this.prepare);
    this.current = analysis;
    scoreSpans(analysis, buffers.durations, this.scorer, this.options.zThreshold, this.onNewEdge);
    this.current = undefined;
    learnStructure(analysis, this.structure, this.options, this.statics);
    this.observeHeat(analysis);
    return analysis;
  }

  /**
   * Selects the spans of an analysed trace under the current budget and heat. `lookbackSeconds` is how
   * long after the trace's time this call comes: sources that turned hot within it count as hot.
   */
  select(analysis: TraceAnalysis, lookbackSeconds = 0): TraceDecision {
    if (this.pool.wasSpent(analysis)) throw new SpentAnalysisError(analysis.tree.traceId);
    const decision = this.selectSpent(analysis, lookbackSeconds);
    this.pool.giveBack(analysis);
    return decision;
  }

  /** `select` without giving buffers back (`decide`'s analysis lives in the engine's own). */
  private selectSpent(analysis: TraceAnalysis, lookbackSeconds: number): TraceDecision {
    const n = analysis.tree.spans.length;
    const temp = this.takeScratch(n);
    const { hot, written } = temp;
    for (let s = 0; s < analysis.sources.length; s++) written[s] = 0;
    for (let s = 0; s < analysis.sources.length; s++) {
      hot[s] = this.heat.heatAroundSource(analysis.sources[s]!, analysis.time, lookbackSeconds);
    }
    const input = this.selection;
    input.threshold = this.budget.threshold();
    input.reserveThreshold = this.reserve.threshold();
    input.reserveAvailable = this.reserve.available();
    input.hot = hot;
    input.written = written;
    const units = this.units;
    const decisions = selectSpans(analysis, input, units);
    // The reserve is spent on top of the main budget, which holds its own share as before.
    this.budget.record(units.kept - units.reserve, units.total, units.mandatory);
    // A share of each trace's budget, calibrated as the main one is: the reserve's bytes as written.
    this.reserve.record(units.reserve, units.total * this.budget.effectiveTarget);
    const charged = this.options.budgetUnit === 'bytes' ? units.kept : -1;
    return new EngineDecision(analysis.tree, decisions, this, charged);
  }

  /**
   * Calibrates the byte budget on what was written for a decision of this engine: its spans' sizes (with
   * the attributes and shape definitions the output added) and each written resource once, against the
   * units charged when it was selected. No effect with `budgetUnit: 'spans'` or for unknown decisions.
   */
  observeOutput(decision: TraceDecision, written: readonly Span[]): void {
    if (!(decision instanceof EngineDecision) || decision.engine !== this || decision.charged < 0) return;
    const charged = decision.charged;
    decision.charged = -1;
    const sizeOf = this.dependencies.sizeOf ?? estimateSpanBytes;
    let units = 0;
    const resources: Resource[] = [];
    for (let k = 0; k < written.length; k++) {
      const span = written[k]!;
      units += sizeOf(span);
      if (!resources.includes(span.resource)) {
        resources.push(span.resource);
        units += this.labels.source(span.resource).bytes;
      }
    }
    this.budget.calibrate(units, charged);
  }

  /** The budget's calibrated target (see `BudgetController.calibrate`), for reports. */
  get effectiveKeepRatio(): number {
    return this.budget.effectiveTarget;
  }

  /** Services (instances) currently hot, for metrics. */
  hotServices(now: number): string[] {
    return this.heat.hotServices(now);
  }

  private takeScratch(n: number): TraceScratch {
    return n > MAX_SCRATCH_SPANS ? new TraceScratch().grow(n) : this.temp.grow(n);
  }

  /** A parent→child edge new to the statistics: new structure unless learned before or statically known. */
  private observeEdge(analysis: TraceAnalysis, i: number, p: number): void {
    const labels = analysis.labels;
    if (!this.structure.observeEdge(pairHashFrom(labels[p]!.pairSeed, labels[i]!.hash))) return;
    if (this.statics?.knownEdge(labels[p]!, labels[i]!) === true) return;
    (analysis.mandatory as (KeepReason | undefined)[])[i] ??= 'new_structure';
  }

  /** Feeds each source's share of anomalous spans in this trace to the heat tracker. */
  private observeHeat(analysis: TraceAnalysis): void {
    const count = analysis.sources.length;
    const { anomalous, total } = this.takeScratch(count);
    for (let s = 0; s < count; s++) {
      anomalous[s] = 0;
      total[s] = 0;
    }
    const zThreshold = this.options.zThreshold;
    for (let i = 0; i < analysis.tree.spans.length; i++) {
      const s = analysis.sourceOf[i]!;
      const reason = analysis.mandatory[i];
      total[s]! += 1;
      if (
        analysis.z[i]! >= zThreshold ||
        analysis.gapAnomaly[i] === 1 ||
        reason === 'error' ||
        reason === 'new_structure'
      )
        anomalous[s]! += 1;
    }
    for (let s = 0; s < count; s++) {
      this.heat.observeSource(analysis.sources[s]!, anomalous[s]!, total[s]!, analysis.time);
    }
  }
}

/** A decision of this engine, with the budget units it charged (-1 once observed, or in spans mode). */
class EngineDecision implements TraceDecision {
  readonly tree: TraceTree;
  readonly decisions: readonly SpanDecision[];
  readonly engine: AutoscopeEngine;
  charged: number;

  constructor(tree: TraceTree, decisions: readonly SpanDecision[], engine: AutoscopeEngine, charged: number) {
    this.tree = tree;
    this.decisions = decisions;
    this.engine = engine;
    this.charged = charged;
  }
}
