import type { SpanRuleLookup } from '../config/span-rules.js';
import type { StructureModel } from '../config/structure-model.js';
import { durationNanos, isErrorSpan, type Span } from '../model.js';
import { BudgetController } from '../stats/budget-controller.js';
import { KeyedRobustStats } from '../stats/keyed-stats.js';
import type { KeepReason, SamplingStrategy, SpanDecision, TraceDecision } from '../strategy.js';
import { drop, keep } from '../strategy.js';
import { LearnedStructure } from '../structure/learned-structure.js';
import { nodeHash, pairHash } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';
import { type EngineOptions, resolveEngineOptions } from './options.js';
import { ServiceHeat } from './service-heat.js';
import { LabelCache, type SpanLabel } from './span-labels.js';
import { estimateSpanBytes } from './span-size.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** Static structure from the analyzer: parent→child span-name edges the code can take. */
export type StaticStructure = Pick<StructureModel, 'hasEdge'>;

/** What the engine may be given besides options. */
export interface EngineDependencies {
  /** Budget units of a span when `budgetUnit` is bytes; defaults to an estimate of its OTLP size. */
  readonly sizeOf?: (span: Span) => number;
  readonly rules?: SpanRuleLookup;
  readonly staticStructure?: StaticStructure;
}

const ROOT_PARENT_HASH = 0x726f6f74;
/** Score added to spans of a hot service, so they come first under the budget. */
const HOT_BOOST = 100;
/** Score added to the top-k spans of each dominant set. */
const SET_BONUS = 0.5;

/**
 * The Autoscope selection engine: keeps every trace's root, errors, critical spans and new structure,
 * then spends a budget held by an adaptive controller on the spans that look most anomalous (revised
 * Z-scores of duration and self time keyed by service, operation and parent operation), on the spans of
 * services whose behaviour turned anomalous, and on rarely taken branches. Repeats are summarised.
 *
 * Pure: all time comes from the spans; deterministic for the same input order.
 */
export class AutoscopeEngine implements SamplingStrategy {
  readonly name = 'autoscope';
  readonly traceLevel = false;
  readonly options: EngineOptions;
  private readonly labels = new LabelCache();
  private readonly stats: KeyedRobustStats;
  private readonly structure = new LearnedStructure();
  private readonly heat: ServiceHeat;
  private readonly budget: BudgetController;
  private readonly dependencies: EngineDependencies;
  private readonly pairKeys = new Map<number, string>();

  constructor(options: Partial<EngineOptions> = {}, dependencies: EngineDependencies = {}) {
    this.options = resolveEngineOptions(options);
    this.dependencies = dependencies;
    this.stats = new KeyedRobustStats({ window: this.options.window, madWindow: this.options.window });
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
    const n = tree.spans.length;
    const labels = tree.spans.map((span) => this.labels.get(span.resource, span.name));
    const analysis: TraceAnalysis = {
      tree,
      labels,
      mandatory: new Array<KeepReason | undefined>(n).fill(undefined),
      z: new Float64Array(n),
      gapAnomaly: new Uint8Array(n),
      rareBranch: new Uint8Array(n),
      repeat: new Uint8Array(n),
      implied: new Uint8Array(n),
      priority: new Float64Array(n).fill(0.5),
      units: new Float64Array(n),
      time: traceTimeSeconds(tree),
    };
    this.markMandatoryAndUnits(analysis);
    this.scoreSpans(analysis);
    this.learnStructure(analysis);
    this.observeHeat(analysis);
    return analysis;
  }

  /** Selects the spans of an analysed trace under the current budget and service heat. */
  select(analysis: TraceAnalysis): TraceDecision {
    const { tree, mandatory, units } = analysis;
    const threshold = this.budget.threshold();
    const decisions: SpanDecision[] = new Array(tree.spans.length);
    const preferred = this.preferredBySet(analysis);
    let kept = 0;
    let total = 0;
    let mandatoryUnits = 0;
    for (let i = 0; i < tree.spans.length; i++) {
      total += units[i]!;
      const reason = mandatory[i];
      if (reason !== undefined) {
        decisions[i] = keep(reason, analysis.z[i]!);
        kept += units[i]!;
        mandatoryUnits += units[i]!;
        continue;
      }
      const decision = this.selectOptional(analysis, i, threshold, preferred[i] === 1);
      decisions[i] = decision;
      if (decision.keep) kept += units[i]!;
    }
    this.budget.record(kept, total, mandatoryUnits);
    return { tree, decisions };
  }

  private selectOptional(
    analysis: TraceAnalysis,
    i: number,
    threshold: number,
    preferred: boolean,
  ): SpanDecision {
    const z = analysis.z[i]!;
    const anomalous = z >= this.options.zThreshold || analysis.gapAnomaly[i] === 1;
    const hot = this.heat.isHot(analysis.labels[i]!.service, analysis.time);
    if (analysis.repeat[i] === 1 && !anomalous && !hot) return drop('repeat', z);
    let score = Math.max(0, z) * (0.5 + analysis.priority[i]!);
    if (hot) score += HOT_BOOST;
    if (analysis.rareBranch[i] === 1) score += this.options.zThreshold;
    if (preferred) score += SET_BONUS;
    if (score < threshold) {
      const parent = analysis.tree.parent[i]!;
      const implied = parent >= 0 && analysis.implied[parent] === 1;
      return drop(anomalous ? 'over_budget' : implied ? 'implied' : 'normal', score);
    }
    const reason: KeepReason = hot
      ? 'service_anomaly'
      : anomalous
        ? 'anomaly'
        : analysis.rareBranch[i] === 1
          ? 'branch_pin'
          : 'budget';
    return keep(reason, score);
  }

  private markMandatoryAndUnits(analysis: TraceAnalysis): void {
    const { tree, labels } = analysis;
    const mandatory = analysis.mandatory as (KeepReason | undefined)[];
    const sizeOf =
      this.options.budgetUnit === 'spans' ? undefined : (this.dependencies.sizeOf ?? estimateSpanBytes);
    const rules = this.dependencies.rules;
    for (const top of tree.tops) mandatory[top] = 'root';
    for (let i = 0; i < tree.spans.length; i++) {
      const span = tree.spans[i]!;
      analysis.units[i] = sizeOf === undefined ? 1 : sizeOf(span);
      if (mandatory[i] === undefined && isErrorSpan(span)) mandatory[i] = 'error';
      const rule = rules?.(labels[i]!.service, span.name);
      if (rule === undefined) continue;
      analysis.priority[i] = rule.critical ? 1 : rule.priority;
      if (rule.critical && mandatory[i] === undefined) mandatory[i] = 'critical';
    }
  }

  private scoreSpans(analysis: TraceAnalysis): void {
    const { tree, labels } = analysis;
    const { minSamples, zThreshold } = this.options;
    for (let i = 0; i < tree.spans.length; i++) {
      const span = tree.spans[i]!;
      const label = labels[i]!;
      const p = tree.parent[i]!;
      const pairKey = this.pairKeyOf(p < 0 ? ROOT_PARENT_HASH : labels[p]!.hash, label);
      const duration = durationNanos(span);
      let z = this.stats.scoreWithBackoff(pairKey, label.key, duration, minSamples).score;
      const kids = tree.children[i]!;
      if (kids.length > 0) {
        const self = selfTime(duration, kids, tree);
        z = Math.max(z, this.stats.scoreWithBackoff(`s${pairKey}`, `s${label.key}`, self, minSamples).score);
      }
      analysis.z[i] = Number.isFinite(z) ? z : 0;
      if (p >= 0 && labels[p]!.service !== label.service) {
        const gap = durationNanos(tree.spans[p]!) - duration;
        const gapZ = this.stats.scoreWithBackoff(`g${pairKey}`, `g${label.service}`, gap, minSamples).score;
        if (gapZ >= zThreshold) analysis.gapAnomaly[i] = 1;
      }
    }
  }

  private pairKeyOf(parentHash: number, label: SpanLabel): string {
    const pair = pairHash(parentHash, label.hash);
    let key = this.pairKeys.get(pair);
    if (key === undefined) {
      if (this.pairKeys.size > 1_000_000) this.pairKeys.clear();
      key = pair.toString(36);
      this.pairKeys.set(pair, key);
    }
    return key;
  }

  private learnStructure(analysis: TraceAnalysis): void {
    const { tree, labels } = analysis;
    const mandatory = analysis.mandatory as (KeepReason | undefined)[];
    const statics = this.dependencies.staticStructure;
    for (let i = 0; i < tree.spans.length; i++) {
      const p = tree.parent[i]!;
      if (p >= 0) {
        const edge = pairHash(labels[p]!.hash, labels[i]!.hash);
        const known = statics?.hasEdge(tree.spans[p]!.name, tree.spans[i]!.name) === true;
        if (this.structure.observeEdge(edge) && !known) mandatory[i] ??= 'new_structure';
      }
      const kids = tree.children[i]!;
      if (kids.length === 0) continue;
      this.markRepeats(analysis, kids);
      const signature = nodeHash(
        labels[i]!.hash,
        kids.map((k) => labels[k]!.hash),
      );
      const branch = this.structure.observeBranch(labels[i]!.hash, signature);
      if (branch.newBranch) mandatory[i] ??= 'new_structure';
      if (branch.frequency < this.options.rareBranchFraction) analysis.rareBranch[i] = 1;
      if (branch.deterministic) analysis.implied[i] = 1;
    }
  }

  private markRepeats(analysis: TraceAnalysis, kids: readonly number[]): void {
    if (kids.length < this.options.repeatThreshold) return;
    const counts = new Map<number, number>();
    for (const k of kids) {
      const hash = analysis.labels[k]!.hash;
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
    }
    for (const k of kids) {
      if ((counts.get(analysis.labels[k]!.hash) ?? 0) >= this.options.repeatThreshold) analysis.repeat[k] = 1;
    }
  }

  private observeHeat(analysis: TraceAnalysis): void {
    const perService = new Map<string, [anomalous: number, total: number]>();
    for (let i = 0; i < analysis.tree.spans.length; i++) {
      const service = analysis.labels[i]!.service;
      const counts = perService.get(service) ?? [0, 0];
      const reason = analysis.mandatory[i];
      const anomalous =
        analysis.z[i]! >= this.options.zThreshold ||
        analysis.gapAnomaly[i] === 1 ||
        reason === 'error' ||
        reason === 'new_structure';
      counts[0] += anomalous ? 1 : 0;
      counts[1] += 1;
      perService.set(service, counts);
    }
    for (const [service, [anomalous, total]] of perService) {
      this.heat.observe(service, anomalous, total, analysis.time);
    }
  }

  /** Marks the top-k spans by score of each dominant set (the children of one span). */
  private preferredBySet(analysis: TraceAnalysis): Uint8Array {
    const preferred = new Uint8Array(analysis.tree.spans.length);
    const k = this.options.topK;
    if (k === 0) return preferred;
    for (const kids of analysis.tree.children) {
      if (kids.length === 0) continue;
      const ranked =
        kids.length <= k ? kids : [...kids].sort((a, b) => analysis.z[b]! - analysis.z[a]!).slice(0, k);
      for (const i of ranked) if (analysis.z[i]! > 0) preferred[i] = 1;
    }
    return preferred;
  }

  /** Services currently hot, for metrics. */
  hotServices(now: number): string[] {
    return this.heat.hotServices(now);
  }
}

function traceTimeSeconds(tree: TraceTree): number {
  const root = tree.tops[0];
  if (root === undefined) return 0;
  return Number(tree.spans[root]!.startTimeUnixNano / 1_000_000n) / 1000;
}

function selfTime(duration: number, kids: readonly number[], tree: TraceTree): number {
  let children = 0;
  for (const k of kids) children += Math.max(0, durationNanos(tree.spans[k]!));
  return Math.max(0, duration - children);
}
