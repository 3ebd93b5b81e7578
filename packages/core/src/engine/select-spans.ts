import type { DropReason, KeepReason, SpanDecision } from '../strategy.js';
import { drop, keep } from '../strategy.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** Score added to spans of a hot source (times 1 + its heat), so they come first under the budget. */
export const HOT_BOOST = 100;
/** Largest score a span earns on its own (Z-score and priority), below `HOT_BOOST`. */
const MAX_SPAN_SCORE = HOT_BOOST / 2;
/** Score added to the top-k spans of each dominant set. */
const SET_BONUS = 0.5;

/**
 * Shared frozen decisions with score 0 (a third of them on TrainTicket), one per kept and dropped reason,
 * made up front: a property read per decision instead of a map lookup. Built from records over every
 * reason, so a reason added to `KeepReason` or `DropReason` cannot be missed here (the type check fails).
 */
const KEPT_AT_ZERO = atZero<KeepReason>(
  {
    root: true,
    error: true,
    critical: true,
    new_structure: true,
    anomaly: true,
    service_anomaly: true,
    branch_pin: true,
    repeat_outlier: true,
    budget: true,
    late: true,
    sampled: true,
  },
  keep,
);
const DROPPED_AT_ZERO = atZero<DropReason>(
  { implied: true, repeat: true, normal: true, over_budget: true, not_sampled: true, low_priority: true },
  drop,
);

const KEPT_HOT = KEPT_AT_ZERO.service_anomaly;
const KEPT_ANOMALY = KEPT_AT_ZERO.anomaly;
const KEPT_BRANCH_PIN = KEPT_AT_ZERO.branch_pin;
const KEPT_BUDGET = KEPT_AT_ZERO.budget;

function atZero<R extends string>(
  reasons: Readonly<Record<R, true>>,
  decide: (reason: R, score: number) => SpanDecision,
): Readonly<Record<R, SpanDecision>> {
  const shared = {} as Record<R, SpanDecision>;
  for (const reason of Object.keys(reasons) as R[]) shared[reason] = Object.freeze(decide(reason, 0));
  return shared;
}

/** `keep(reason, score)`, or `atZero` (`KEPT_AT_ZERO[reason]`) when the score is 0. */
function keepShared(reason: KeepReason, score: number, atZero: SpanDecision): SpanDecision {
  return score !== 0 || Object.is(score, -0) ? keep(reason, score) : atZero;
}

/** `drop(reason, score)`, or `atZero` (`DROPPED_AT_ZERO[reason]`) when the score is 0. */
function dropShared(reason: DropReason, score: number, atZero: SpanDecision): SpanDecision {
  return score !== 0 || Object.is(score, -0) ? drop(reason, score) : atZero;
}

/** What `selectSpans` needs besides the analysis. */
export interface SelectionInput {
  /** The budget controller's current score threshold. */
  readonly threshold: number;
  readonly zThreshold: number;
  /**
   * The anomaly reserve's least `slowdown` (`AnomalyReserve.threshold`, at least 2): an anomalous span
   * below `threshold` is still kept when its slowdown reaches this (+Infinity: no reserve left).
   */
  readonly reserveThreshold: number;
  /**
   * Units the anomaly reserve holds now (`AnomalyReserve.available`): the most one trace's reserve keeps
   * may cost. Past it, the slowest that fit are kept and the others dropped `over_budget`.
   */
  readonly reserveAvailable: number;
  /** Heat of each source of `analysis.sources` around the trace's time (0 when not hot). */
  readonly hot: Float64Array;
  /** Scratch, zero on entry: per source, whether its resource is written. */
  readonly written: Uint8Array;
}

/** The budget units one trace's decisions spend (written by `selectSpans` into an object the caller reuses). */
export interface SelectionUnits {
  /** Units of the kept spans (with their sources' resources). */
  kept: number;
  /** Units of the whole trace. */
  total: number;
  /** Units of the spans kept for a mandatory reason. */
  mandatory: number;
  /** Units of the spans kept from the anomaly reserve (kept with a score below the threshold). */
  reserve: number;
}

/**
 * Keeps every mandatory span, then each other span whose score reaches the threshold: its revised Z
 * times its rule's weight (`ruleWeight`; plus `weight - 1` for a span the analyzer samples), plus a boost
 * while its source is hot, plus a pin for rare branches, plus a bonus for the top-k of its dominant set.
 * While the threshold is past every capped score (as when mandatory spans exhaust the budget), an
 * anomalous span below it is kept from the anomaly reserve when its `slowdown` reaches `reserveThreshold`:
 * the capped score cannot tell a span 100 times slower than usual from jitter, the slowdown can. Those
 * keeps cost at most `reserveAvailable`: past it, the slowest that fit are kept (`capReserve`).
 * Repeats, and spans the static model implies, are dropped unless anomalous, hot or pinning a branch.
 * Returns the decisions and writes the units they spend into `units`.
 */
export function selectSpans(
  analysis: TraceAnalysis,
  input: SelectionInput,
  units: SelectionUnits,
): SpanDecision[] {
  const { tree, mandatory, keptUnits, sourceUnits, sourceOf } = analysis;
  const spanUnits = analysis.units;
  const n = tree.spans.length;
  const decisions: SpanDecision[] = new Array(n);
  // A source's resource is written once per trace, with its first kept span.
  const written = input.written;
  let kept = 0;
  let total = 0;
  let mandatoryUnits = 0;
  let reserveUnits = 0;
  const threshold = input.threshold;
  for (let s = 0; s < analysis.sources.length; s++) total += sourceUnits[s]!;
  for (let i = 0; i < n; i++) {
    total += spanUnits[i]!;
    const reason = mandatory[i];
    const decision =
      reason !== undefined
        ? keepShared(reason, analysis.z[i]!, KEPT_AT_ZERO[reason])
        : selectOptional(analysis, i, input);
    decisions[i] = decision;
    if (!decision.keep) continue;
    let cost = keptUnits[i]!;
    const s = sourceOf[i]!;
    if (written[s] === 0) {
      written[s] = 1;
      cost += sourceUnits[s]!;
    }
    kept += cost;
    if (reason !== undefined) mandatoryUnits += cost;
    else if (decision.score < threshold) reserveUnits += cost;
  }
  units.kept = kept;
  units.total = total;
  units.mandatory = mandatoryUnits;
  units.reserve = reserveUnits;
  if (reserveUnits > input.reserveAvailable) capReserve(analysis, input, decisions, units);
  return decisions;
}

/**
 * The rare path of a trace whose reserve keeps cost more than the reserve holds: counts the other kept
 * spans again in span order, then keeps the reserve's candidates slowest first (equal slowdowns in span
 * order) while they fit, dropping the others `over_budget` (a cheaper one after a dropped one may still
 * fit). Rewrites `decisions`, `written` and the kept, mandatory and reserve units.
 */
function capReserve(
  analysis: TraceAnalysis,
  input: SelectionInput,
  decisions: SpanDecision[],
  units: SelectionUnits,
): void {
  const { mandatory, keptUnits, sourceUnits, sourceOf, slowdown } = analysis;
  const written = input.written;
  const threshold = input.threshold;
  for (let s = 0; s < analysis.sources.length; s++) written[s] = 0;
  const candidates: number[] = [];
  let kept = 0;
  let mandatoryUnits = 0;
  for (let i = 0; i < decisions.length; i++) {
    const decision = decisions[i]!;
    if (!decision.keep) continue;
    const reason = mandatory[i];
    if (reason === undefined && decision.score < threshold) {
      candidates.push(i);
      continue;
    }
    let cost = keptUnits[i]!;
    const s = sourceOf[i]!;
    if (written[s] === 0) {
      written[s] = 1;
      cost += sourceUnits[s]!;
    }
    kept += cost;
    if (reason !== undefined) mandatoryUnits += cost;
  }
  candidates.sort((a, b) => slowdown[b]! - slowdown[a]! || a - b);
  const available = input.reserveAvailable;
  let reserve = 0;
  for (const i of candidates) {
    const s = sourceOf[i]!;
    const cost = keptUnits[i]! + (written[s] === 0 ? sourceUnits[s]! : 0);
    if (reserve + cost > available) {
      decisions[i] = dropShared('over_budget', decisions[i]!.score, DROPPED_AT_ZERO.over_budget);
      continue;
    }
    written[s] = 1;
    reserve += cost;
  }
  units.kept = kept + reserve;
  units.mandatory = mandatoryUnits;
  units.reserve = reserve;
}

function selectOptional(analysis: TraceAnalysis, i: number, input: SelectionInput): SpanDecision {
  const z = analysis.z[i]!;
  const anomalous = z >= input.zThreshold || analysis.gapAnomaly[i] === 1;
  const heat = input.hot[analysis.sourceOf[i]!]!;
  const hot = heat > 0;
  // Each call names its shared decision: a constant, where a lookup by reason is a keyed load per span.
  if (analysis.repeat[i] === 1 && !anomalous && !hot) return dropShared('repeat', z, DROPPED_AT_ZERO.repeat);
  const rare = analysis.rareBranch[i] === 1;
  if (analysis.modelImplied[i] === 1 && !anomalous && !hot && !rare)
    return dropShared('implied', z, DROPPED_AT_ZERO.implied);
  // Capped below the hot boost: a hot instance's spans come before any single outlier, the hottest
  // instance's first (revised Z-scores of heavy-tailed latencies reach the hundreds).
  const weight = analysis.weight[i]!;
  const importance = weight > 1 ? weight - 1 : 0;
  // The boosts are added as 0 when they do not apply (score is never -0 here, so adding 0 changes
  // nothing): hot sources and rare branches appear after the engine is compiled, and an addition or a
  // read first made then would throw that compiled code away.
  const zThreshold = input.zThreshold;
  const hotBoost = HOT_BOOST * (1 + heat);
  let score = Math.min(Math.max(0, z) * weight + importance, MAX_SPAN_SCORE);
  score += hot ? hotBoost : 0;
  score += rare ? zThreshold : 0;
  if (analysis.preferred[i] === 1) score += SET_BONUS;
  if (score < input.threshold) {
    if (anomalous) {
      const slowdown = analysis.slowdown[i]!;
      // Only while the threshold is past every capped score: below it, the main ranking still holds.
      if (slowdown >= input.reserveThreshold && input.threshold > MAX_SPAN_SCORE)
        return keepShared('anomaly', score, KEPT_ANOMALY);
      return dropShared('over_budget', score, DROPPED_AT_ZERO.over_budget);
    }
    const parent = analysis.tree.parent[i]!;
    if (parent >= 0 && analysis.implied[parent] === 1)
      return dropShared('implied', score, DROPPED_AT_ZERO.implied);
    if (weight < 1) return dropShared('low_priority', score, DROPPED_AT_ZERO.low_priority);
    return dropShared('normal', score, DROPPED_AT_ZERO.normal);
  }
  // One call for every kept reason, its shared decision a module constant: a reason first met after
  // the engine is compiled then takes no call or property read that was never run before.
  const reason: KeepReason = hot ? 'service_anomaly' : anomalous ? 'anomaly' : rare ? 'branch_pin' : 'budget';
  const atZero = hot ? KEPT_HOT : anomalous ? KEPT_ANOMALY : rare ? KEPT_BRANCH_PIN : KEPT_BUDGET;
  return keepShared(reason, score, atZero);
}
