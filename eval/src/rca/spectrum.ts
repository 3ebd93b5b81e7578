import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { LogHistogram } from '../samplers/stream-stats.js';
import type { RcaCollector, RcaMethod } from './method.js';
import { rankByScore } from './service-scores.js';
import type { SpanFacts } from './span-facts.js';
import { spanFacts } from './span-facts.js';
import { dstar, ochiai, SpectrumCounts, type TraceCounts } from './spectrum-counts.js';
import { type BucketOptions, bucketOf, caseBuckets, DEFAULT_BUCKETS, reachOf } from './time-buckets.js';
import type { TraceShape } from './trace-shape.js';

/** Options of {@link SpectrumMethod}. */
export interface SpectrumOptions extends BucketOptions {
  /** Spectrum formula. Default `ochiai`. */
  readonly formula: 'ochiai' | 'dstar';
  /** A trace is anomalous when its entry span is slower than this quantile of its operation. Default 0.95. */
  readonly latencyQuantile: number;
  /** Traces of an entry operation judged only after this many were seen. Default 20. */
  readonly warmup: number;
  /** Most entry operations tracked; later ones share one. Default 5,000. */
  readonly maxOperations: number;
  /** What a trace's latency is compared within: its entry operation, or that and the entry's direct calls. */
  readonly entryKey: 'operation' | 'calls';
  /**
   * Weight of the baseline's score subtracted from the window's, so services that are always on slow paths
   * are not always suspect. Default 0.5. (On TrainTicket, 0 gives a higher MRR, 0.44 against 0.37, but then
   * a fault-free window still ranks the services of the slowest requests first.)
   */
  readonly baselineWeight: number;
}

/** Defaults of {@link SpectrumMethod}. */
export const DEFAULT_SPECTRUM: SpectrumOptions = Object.freeze({
  ...DEFAULT_BUCKETS,
  formula: 'ochiai',
  latencyQuantile: 0.95,
  warmup: 20,
  maxOperations: 5_000,
  entryKey: 'operation',
  baselineWeight: 0.5,
});

/**
 * MicroRank-style spectrum ranking. Each trace is judged when added: anomalous when it has an error span
 * or when its entry span (the root, or the longest span whose parent was not kept) is slower than the
 * running latency quantile of its operation. Per time bucket it counts anomalous and normal traces, overall
 * and per service that took part (every service of the rebuilt trace when the output carries its shape,
 * else those of the kept spans). At rank time every service gets a spectrum score (Ochiai or DStar) from
 * the window's counts (less `baselineWeight` times its score in the baseline). Memory: services x time buckets, plus one
 * histogram per entry operation.
 */
export class SpectrumMethod implements RcaMethod {
  readonly name: string;
  readonly description: string;
  readonly reachNanos: bigint;
  private readonly options: SpectrumOptions;

  constructor(options: Partial<SpectrumOptions> = {}) {
    this.options = { ...DEFAULT_SPECTRUM, ...options };
    this.reachNanos = reachOf(this.options);
    this.name = `spectrum-${this.options.formula}`;
    this.description = `MicroRank-style ${this.options.formula} spectrum over traces judged anomalous (error, or entry slower than its running p${Math.round(this.options.latencyQuantile * 100)}) in the fault window`;
  }

  /** A fresh collector. */
  createCollector(): RcaCollector {
    return new SpectrumCollector(this.options);
  }
}

class SpectrumCollector implements RcaCollector {
  private readonly counts = new SpectrumCounts();
  private readonly entryLatency = new Map<string, LogHistogram>();

  constructor(private readonly options: SpectrumOptions) {}

  add(trace: Trace, shape?: TraceShape): void {
    const facts = spanFacts(trace);
    const entry = entrySpan(facts);
    if (entry === undefined) return;
    const anomalous = this.judge(entry, facts);
    if (anomalous === undefined) return;
    // The services that took part: the rebuilt trace's where the output carries its shape, else the kept spans'.
    const services = new Set<string>(shape?.services.keys());
    for (const span of facts) services.add(span.service);
    this.counts.add(bucketOf(entry.startTimeUnixNano, this.options.bucketNanos), anomalous, services);
  }

  rank(fault: Fault): string[] {
    const c = caseBuckets(fault, this.options);
    const window = this.counts.sum(c, 'window');
    const baseline = this.counts.sum(c, 'baseline');
    const formula = this.options.formula === 'dstar' ? dstar : ochiai;
    const none: TraceCounts = { anomalous: 0, normal: 0 };
    const scores = new Map<string, number>();
    for (const [service, counts] of window.services) {
      const before = formula(baseline.services.get(service) ?? none, baseline.all);
      scores.set(service, formula(counts, window.all) - this.options.baselineWeight * before);
    }
    return rankByScore(scores, this.counts.services());
  }

  forgetBefore(timeUnixNano: bigint): void {
    this.counts.forgetBefore(bucketOf(timeUnixNano, this.options.bucketNanos));
  }

  /** Anomalous, normal, or undefined while the entry operation is still warming up. */
  private judge(entry: SpanFacts, facts: readonly SpanFacts[]): boolean | undefined {
    const latency = this.latencyOf(
      this.options.entryKey === 'calls' ? callsKey(entry, facts) : operationKey(entry),
    );
    const micros = entry.durationNanos / 1000;
    const warm = latency.count >= this.options.warmup;
    const slow = warm && micros > latency.quantile(this.options.latencyQuantile);
    latency.add(micros);
    if (facts.some((span) => span.error)) return true;
    return warm ? slow : undefined;
  }

  private latencyOf(key: string): LogHistogram {
    const found = this.entryLatency.get(key);
    if (found !== undefined) return found;
    const shared = this.entryLatency.size >= this.options.maxOperations ? '\u0000*' : key;
    let histogram = this.entryLatency.get(shared);
    if (histogram === undefined) {
      histogram = new LogHistogram(5_000);
      this.entryLatency.set(shared, histogram);
    }
    return histogram;
  }
}

function operationKey(entry: SpanFacts): string {
  return `${entry.service}\u0000${entry.name}`;
}

/** The entry operation and what it called directly: tells apart requests that share a generic root. */
function callsKey(entry: SpanFacts, facts: readonly SpanFacts[]): string {
  const calls = new Set<string>();
  for (const span of facts)
    if (span.parentSpanId === entry.spanId) calls.add(`${span.service}\u0000${span.name}`);
  return `${operationKey(entry)}\u0001${[...calls].sort().join('\u0001')}`;
}

/** The root, or else the longest span whose parent was not kept. */
function entrySpan(facts: readonly SpanFacts[]): SpanFacts | undefined {
  let entry: SpanFacts | undefined;
  for (const span of facts) {
    if (span.parentSpanId === undefined && (entry === undefined || span.durationNanos > entry.durationNanos))
      entry = span;
  }
  return entry;
}
