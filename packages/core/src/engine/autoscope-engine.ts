import type { SpanRuleLookup } from '../config/span-rules.js';
import { isErrorSpan, type Resource, type Span } from '../model.js';
import { BudgetController } from '../stats/budget-controller.js';
import type { KeepReason, SamplingStrategy, TraceDecision } from '../strategy.js';
import { LearnedStructure } from '../structure/learned-structure.js';
import { pairHash } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';
import { learnStructure } from './learn-structure.js';
import { type EngineOptions, resolveEngineOptions } from './options.js';
import { ruleWeight } from './rule-weight.js';
import { scoreSpans } from './score-spans.js';
import { selectSpans } from './select-spans.js';
import { ServiceHeat } from './service-heat.js';
import { LabelCache, type ResourceRecord, type SpanLabel, type SpanSource } from './span-labels.js';
import { SpanScorer } from './span-scorer.js';
import { estimateSpanBytes, REPARENT_BYTES, SHAPE_BYTES } from './span-size.js';
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
  private readonly dependencies: EngineDependencies;
  private readonly statics: StaticShapes | undefined;
  private traceStamp = 0;
  /** Units charged to the budget per decision, until its output is observed. */
  private readonly charged = new WeakMap<TraceDecision, number>();

  constructor(options: Partial<EngineOptions> = {}, dependencies: EngineDependencies = {}) {
    this.options = resolveEngineOptions(options);
    this.dependencies = dependencies;
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
  }

  describe(): string {
    const o = this.options;
    const statics = this.dependencies.rules !== undefined ? ' static=config' : '';
    return `autoscope keepRatio=${o.keepRatio} unit=${o.budgetUnit} z>${o.zThreshold} window=${o.window} structure=${o.structure}${statics}`;
  }

  decide(tree: TraceTree): TraceDecision {
    return this.select(this.analyse(tree));
  }

  /** Learns from a trace and scores its spans; call `select` on the result (now, or after a lookback). */
  analyse(tree: TraceTree): TraceAnalysis {
    const analysis = this.newAnalysis(tree);
    this.markMandatoryAndUnits(analysis);
    scoreSpans(analysis, this.scorer, this.options.zThreshold, (i, p) => this.observeEdge(analysis, i, p));
    learnStructure(analysis, this.structure, this.options, this.statics);
    this.observeHeat(analysis);
    return analysis;
  }

  /**
   * Selects the spans of an analysed trace under the current budget and heat. `lookbackSeconds` is how
   * long after the trace's time this call comes: sources that turned hot within it count as hot.
   */
  select(analysis: TraceAnalysis, lookbackSeconds = 0): TraceDecision {
    const hot = new Float64Array(analysis.sources.length);
    for (let s = 0; s < hot.length; s++) {
      hot[s] = this.heat.heatAround(analysis.sources[s]!.key, analysis.time, lookbackSeconds);
    }
    const selection = selectSpans(analysis, {
      threshold: this.budget.threshold(),
      zThreshold: this.options.zThreshold,
      topK: this.options.topK,
      hot,
    });
    this.budget.record(selection.kept, selection.total, selection.mandatory);
    const decision: TraceDecision = { tree: analysis.tree, decisions: selection.decisions };
    if (this.options.budgetUnit === 'bytes') this.charged.set(decision, selection.kept);
    return decision;
  }

  /**
   * Calibrates the byte budget on what was written for a decision of this engine: its spans' sizes (with
   * the attributes and shape definitions the output added) and each written resource once, against the
   * units charged when it was selected. No effect with `budgetUnit: 'spans'` or for unknown decisions.
   */
  observeOutput(decision: TraceDecision, written: readonly Span[]): void {
    const charged = this.charged.get(decision);
    if (charged === undefined) return;
    this.charged.delete(decision);
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

  private newAnalysis(tree: TraceTree): TraceAnalysis {
    const n = tree.spans.length;
    const labels: SpanLabel[] = new Array(n);
    const sources: SpanSource[] = [];
    const sourceOf = new Int32Array(n);
    const stamp = ++this.traceStamp;
    let resource: Resource | undefined;
    let record: ResourceRecord | undefined;
    for (let i = 0; i < n; i++) {
      const span = tree.spans[i]!;
      if (span.resource !== resource || record === undefined) {
        resource = span.resource;
        record = this.labels.recordOf(resource);
      }
      labels[i] = this.labels.labelIn(record, resource, span.name);
      const source = record.source;
      if (source.stamp !== stamp) {
        source.stamp = stamp;
        source.index = sources.length;
        sources.push(source);
      }
      sourceOf[i] = source.index;
    }
    // One allocation for the per-span numbers and flags (5 float and 5 byte arrays).
    const buffer = new ArrayBuffer(n * 45);
    const floats = (k: number) => new Float64Array(buffer, k * n * 8, n);
    const flags = (k: number) => new Uint8Array(buffer, 40 * n + k * n, n);
    return {
      tree,
      labels,
      sources,
      sourceOf,
      mandatory: new Array<KeepReason | undefined>(n).fill(undefined),
      z: floats(0),
      priority: floats(1).fill(0.5),
      units: floats(2),
      keptUnits: floats(3),
      gapAnomaly: flags(0),
      rareBranch: flags(1),
      repeat: flags(2),
      implied: flags(3),
      modelImplied: flags(4),
      weight: floats(4).fill(1),
      sourceUnits: new Float64Array(sources.length),
      time: traceTimeSeconds(tree),
    };
  }

  private markMandatoryAndUnits(analysis: TraceAnalysis): void {
    const { tree, labels } = analysis;
    const mandatory = analysis.mandatory as (KeepReason | undefined)[];
    const sizeOf =
      this.options.budgetUnit === 'spans' ? undefined : (this.dependencies.sizeOf ?? estimateSpanBytes);
    const rules = this.dependencies.rules;
    for (let t = 0; t < tree.tops.length; t++) mandatory[tree.tops[t]!] = 'root';
    if (sizeOf !== undefined) {
      for (let s = 0; s < analysis.sources.length; s++) analysis.sourceUnits[s] = analysis.sources[s]!.bytes;
    }
    for (let i = 0; i < tree.spans.length; i++) {
      const span = tree.spans[i]!;
      const units = sizeOf === undefined ? 1 : sizeOf(span);
      analysis.units[i] = units;
      // Kept spans are written with Autoscope's attributes: most parents of a kept span are dropped.
      analysis.keptUnits[i] =
        sizeOf === undefined
          ? 1
          : units +
            (tree.parent[i]! >= 0 ? REPARENT_BYTES : 0) +
            (tree.children[i]!.length > 0 ? SHAPE_BYTES : 0);
      if (mandatory[i] === undefined && isErrorSpan(span)) mandatory[i] = 'error';
      const rule = rules?.(labels[i]!.service, span.name);
      if (rule === undefined) continue;
      analysis.priority[i] = rule.critical ? 1 : rule.priority;
      analysis.weight[i] = ruleWeight(rule);
      if (rule.critical && mandatory[i] === undefined) mandatory[i] = 'critical';
    }
  }

  /** A parent→child edge new to the statistics: new structure unless learned before or statically known. */
  private observeEdge(analysis: TraceAnalysis, i: number, p: number): void {
    const labels = analysis.labels;
    if (!this.structure.observeEdge(pairHash(labels[p]!.hash, labels[i]!.hash))) return;
    if (this.statics?.knownEdge(labels[p]!, labels[i]!) === true) return;
    (analysis.mandatory as (KeepReason | undefined)[])[i] ??= 'new_structure';
  }

  /** Feeds each source's share of anomalous spans in this trace to the heat tracker. */
  private observeHeat(analysis: TraceAnalysis): void {
    const count = analysis.sources.length;
    const anomalous = new Float64Array(count);
    const total = new Float64Array(count);
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
      this.heat.observe(analysis.sources[s]!.key, anomalous[s]!, total[s]!, analysis.time);
    }
  }
}

function traceTimeSeconds(tree: TraceTree): number {
  const root = tree.tops[0];
  if (root === undefined) return 0;
  return Number(tree.spans[root]!.startTimeUnixNano / 1_000_000n) / 1000;
}
