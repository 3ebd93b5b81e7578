import type { SamplingStrategy, TraceDecision, TraceTree } from '@autoscope/core';
import {
  type BudgetedSamplerOptions,
  checkKeepRatio,
  dropped,
  kept,
  liveKeepRatio,
  wholeTrace,
} from './common.js';
import { hash32 } from './hash.js';

const TWO_POW_56 = 2 ** 56;
const KEEP = kept('sampled');
const DROP = dropped('not_sampled');

/**
 * Options of the head sampler.
 * `keepRatio`: fraction of traces to keep, 0..1.
 * `seed`: salt of the trace-id hash (like the Collector probabilistic sampler's `hash_seed`).
 */
export type HeadSamplerOptions = BudgetedSamplerOptions;

/**
 * Trace-level head sampling by trace-id ratio, as the OpenTelemetry `TraceIdRatioBased` sampler does:
 * a trace is kept when its 56-bit randomness value is below `keepRatio × 2^56`. The randomness is taken
 * from a seeded hash of the trace id rather than the raw low bytes, so non-random ids (sequential ids in
 * recorded datasets) still sample at the ratio; for random W3C ids the distribution is the same.
 */
export class HeadSampler implements SamplingStrategy {
  readonly name = 'head';
  readonly traceLevel = true;
  constructor(private readonly options: HeadSamplerOptions) {
    checkKeepRatio(options.keepRatio, 'head');
  }

  /** @inheritdoc */
  describe(): string {
    return `head: trace-id ratio ${this.options.keepRatio}, hash seed ${this.options.seed}`;
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const ratio = liveKeepRatio(this.options);
    const sampled = traceRandomness(this.options.seed, tree.traceId) < ratio * TWO_POW_56;
    return { tree, decisions: wholeTrace(tree, sampled ? KEEP : DROP) };
  }
}

/** A 56-bit unsigned randomness value of a trace id under a seed, as a number in [0, 2^56). */
export function traceRandomness(seed: number, traceId: string): number {
  const high = hash32(seed, traceId) >>> 8; // 24 bits
  const low = hash32(seed ^ 0x27d4eb2f, traceId); // 32 bits
  return high * 4_294_967_296 + low;
}
