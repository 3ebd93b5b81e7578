import type { SamplingStrategy, SpanDecision, TraceDecision, TraceTree } from '@autoscope/core';
import { isErrorSpan } from '@autoscope/core';
import {
  type BudgetedSamplerOptions,
  checkKeepRatio,
  clampUnit,
  dropped,
  kept,
  liveKeepRatio,
  spanNanos,
} from './common.js';
import { hashUnit } from './hash.js';
import { isExitSpan } from './span-roles.js';
import { DecayedRatio, LogHistogram } from './stream-stats.js';

const ROOT = kept('root');
const ERROR = kept('error');
const SPAN = kept('sampled');
const FAST_EXIT = dropped('normal');
const COMPRESSED = dropped('repeat');
const UNSAMPLED = dropped('not_sampled');

/**
 * Options of the Elastic APM baseline.
 * `keepRatio`: target kept fraction of spans, 0..1.
 * `seed`: salt of the transaction sampling hash.
 */
export interface ElasticSamplerOptions extends BudgetedSamplerOptions {
  /** Fixed `exit_span_min_duration` in nanoseconds; when absent, learned from the budget. */
  readonly exitSpanMinDurationNanos?: number;
  /** `span_compression_exact_match_max_duration` in nanoseconds (Elastic's default: 50 ms). */
  readonly compressionMaxDurationNanos?: number;
}

/**
 * Elastic APM's rules for huge traces, applied to complete traces:
 * - drop fast exit spans: discardable exit spans (leaf, so no propagated context; not failed) shorter than
 *   `exit_span_min_duration`. Unless fixed, the threshold is a streaming quantile of exit-span durations,
 *   chosen so the dropped share of spans approaches `1 − keepRatio` (at most the 95th percentile);
 * - compress consecutive similar exit siblings (same name, leaf, not failed, within the exact-match max
 *   duration): the first is kept, the rest dropped;
 * - `transaction_sample_rate`, set adaptively so the kept fraction of spans approaches `keepRatio` when
 *   the two rules are not enough: an unsampled transaction keeps only its top spans and error spans, as
 *   Elastic records unsampled transactions and their errors without spans.
 * Roots and error spans are always kept.
 */
export class ElasticSampler implements SamplingStrategy {
  readonly name = 'elastic';
  readonly traceLevel = false;
  private readonly exitDurations = new LogHistogram();
  private readonly exitShare = new DecayedRatio();
  private readonly ruleKept = new DecayedRatio();
  private readonly floorKept = new DecayedRatio();

  constructor(private readonly options: ElasticSamplerOptions) {
    checkKeepRatio(options.keepRatio, 'elastic');
  }

  /** @inheritdoc */
  describe(): string {
    const fixed = this.options.exitSpanMinDurationNanos;
    const min = fixed === undefined ? 'learned from budget' : `${fixed}ns`;
    return `elastic: drop fast exit spans (< ${min}), compress similar exit siblings, transaction sample rate to ${this.options.keepRatio} of spans`;
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const rules = this.applyRules(tree);
    const floor = floorDecisions(tree);
    const spans = tree.spans.length;
    this.ruleKept.add(countKept(rules), spans);
    this.floorKept.add(countKept(floor), spans);
    const sampled = hashUnit(this.options.seed, tree.traceId) < this.transactionSampleRate();
    return { tree, decisions: sampled ? rules : floor };
  }

  /** The current exit-span minimum duration in nanoseconds. */
  exitSpanMinDuration(): number {
    if (this.options.exitSpanMinDurationNanos !== undefined) return this.options.exitSpanMinDurationNanos;
    if (this.exitDurations.count < 50) return 0;
    const share = this.exitShare.ratio(0);
    const q = share > 0 ? Math.min(0.95, (1 - liveKeepRatio(this.options)) / share) : 0;
    return q > 0 ? this.exitDurations.quantile(q) : 0;
  }

  /** The current transaction sample rate: the budget left after the kept floor, over what the rules add. */
  transactionSampleRate(): number {
    const total = this.ruleKept.total;
    const rules = this.ruleKept.kept;
    const floor = this.floorKept.kept;
    if (rules <= floor) return 1;
    return clampUnit((liveKeepRatio(this.options) * total - floor) / (rules - floor));
  }

  private applyRules(tree: TraceTree): SpanDecision[] {
    const minDuration = this.exitSpanMinDuration();
    const decisions = floorDecisions(tree).map((d) => (d.keep ? d : SPAN));
    let exits = 0;
    for (let i = 0; i < tree.spans.length; i++) {
      if (decisions[i]!.keep && decisions[i] !== SPAN) continue;
      if (!isExitSpan(tree, i)) continue;
      exits++;
      const nanos = spanNanos(tree, i);
      this.exitDurations.add(nanos);
      if (nanos < minDuration) decisions[i] = FAST_EXIT;
    }
    this.exitShare.add(exits, tree.spans.length);
    this.compressSiblings(tree, decisions);
    return decisions;
  }

  private compressSiblings(tree: TraceTree, decisions: SpanDecision[]): void {
    const maxNanos = this.options.compressionMaxDurationNanos ?? 50_000_000;
    const compressible = (i: number) =>
      decisions[i] === SPAN && isExitSpan(tree, i) && spanNanos(tree, i) <= maxNanos;
    for (const siblings of tree.children) {
      for (let k = 1; k < siblings.length; k++) {
        const prev = siblings[k - 1]!;
        const cur = siblings[k]!;
        const similar = tree.spans[prev]!.name === tree.spans[cur]!.name;
        const prevInRun = compressible(prev) || decisions[prev] === COMPRESSED;
        if (similar && prevInRun && compressible(cur)) decisions[cur] = COMPRESSED;
      }
    }
  }
}

/** Top spans and error spans kept, everything else unsampled: what an unsampled transaction records. */
function floorDecisions(tree: TraceTree): SpanDecision[] {
  const decisions = tree.spans.map((span) => (isErrorSpan(span) ? ERROR : UNSAMPLED));
  for (const top of tree.tops) decisions[top] = ROOT;
  return decisions;
}

function countKept(decisions: readonly SpanDecision[]): number {
  let n = 0;
  for (const d of decisions) if (d.keep) n++;
  return n;
}
