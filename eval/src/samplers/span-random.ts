import type { SamplingStrategy, SpanDecision, TraceDecision, TraceTree } from '@autoscope/core';
import { isErrorSpan } from '@autoscope/core';
import {
  type BudgetedSamplerOptions,
  checkKeepRatio,
  clampUnit,
  dropped,
  kept,
  liveKeepRatio,
} from './common.js';
import { hashUnit } from './hash.js';

const ROOT = kept('root');
const ERROR = kept('error');
const SAMPLED = kept('sampled');
const DROP = dropped('not_sampled');

/**
 * Options of the per-span random sampler.
 * `keepRatio`: target kept fraction of spans, 0..1.
 * `seed`: seed of the span hash.
 */
export type SpanRandomSamplerOptions = BudgetedSamplerOptions;

/**
 * Independent per-span sampling: each span is kept when a seeded hash of (trace id, span id) falls below a
 * probability. Top-level spans (the root and any orphaned tops) and error spans are always kept, so every
 * trace stays retrievable and the contract's error rule holds; re-parenting of kept spans over dropped
 * ones is done by `materialize` in core. To spend the budget fairly, the probability of the other spans is
 * lowered per trace so the expected kept fraction equals `keepRatio` whenever the forced spans allow it.
 */
export class SpanRandomSampler implements SamplingStrategy {
  readonly name = 'span-random';
  readonly traceLevel = false;

  constructor(private readonly options: SpanRandomSamplerOptions) {
    checkKeepRatio(options.keepRatio, 'span-random');
  }

  /** @inheritdoc */
  describe(): string {
    return `span-random: per-span probability toward ${this.options.keepRatio}, roots and errors kept, seed ${this.options.seed}`;
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const forced: (SpanDecision | undefined)[] = tree.spans.map((span) =>
      isErrorSpan(span) ? ERROR : undefined,
    );
    for (const top of tree.tops) forced[top] = ROOT;
    const forcedCount = forced.filter((d) => d !== undefined).length;
    const free = tree.spans.length - forcedCount;
    const p =
      free === 0 ? 0 : clampUnit((liveKeepRatio(this.options) * tree.spans.length - forcedCount) / free);
    const decisions = tree.spans.map((span, i) => {
      const must = forced[i];
      if (must !== undefined) return must;
      return hashUnit(this.options.seed, `${span.traceId}/${span.spanId}`) < p ? SAMPLED : DROP;
    });
    return { tree, decisions };
  }
}
