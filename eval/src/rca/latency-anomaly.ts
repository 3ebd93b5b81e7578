import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { RcaCollector, RcaMethod } from './method.js';
import { BucketedMoments, Moments } from './moments.js';
import { rankByScore, ServiceScores } from './service-scores.js';
import { spanFacts } from './span-facts.js';
import { type BucketOptions, bucketOf, caseBuckets, DEFAULT_BUCKETS, reachOf } from './time-buckets.js';
import type { TraceShape } from './trace-shape.js';

/** Options of {@link LatencyAnomalyMethod}. */
export interface LatencyAnomalyOptions extends BucketOptions {
  /** Most latency series (operation x kind) kept; later ones share one series per service. Default 20,000. */
  readonly maxSeries: number;
  /** Largest |z| one series contributes, so one wild series cannot outvote the rest. Default 10. */
  readonly maxZ: number;
  /** Weight of the error-rate shift next to the latency shift. Default 1. */
  readonly errorWeight: number;
  /**
   * Where a trace's rebuilt shape says how many spans of an operation the sampler dropped, count each as a
   * value at its series' running mean (the dropped spans are the unremarkable ones), so the window's mean
   * reads like the full data's rather than like the kept (slow, selected) spans'. Default true.
   */
  readonly imputeDropped: boolean;
}

/** Defaults of {@link LatencyAnomalyMethod}. */
export const DEFAULT_LATENCY_ANOMALY: LatencyAnomalyOptions = Object.freeze({
  ...DEFAULT_BUCKETS,
  maxSeries: 20_000,
  maxZ: 10,
  errorWeight: 1,
  imputeDropped: true,
});

/** Log-microsecond values vary at least this much (the clock's resolution makes tiny variances). */
const MIN_LOG_VARIANCE = 0.01;
/** An error rate is read with at least this variance (a rate near 0 is not certain). */
const MIN_RATE_VARIANCE = 0.01;

/**
 * Per-service latency and error anomaly ranking. Every kept span adds its log self time to a series keyed
 * by (service, operation); a span that only wraps a call into another service adds its gap (network and
 * queueing) to a series shared by caller and callee. Errors form one rate series per service. At rank
 * time each series' window mean is compared with its baseline as a z score whose standard error widens
 * with the baseline's bucket-to-bucket variation; a service scores the mean z of its series plus its
 * error-rate z. Memory: series x time buckets.
 */
export class LatencyAnomalyMethod implements RcaMethod {
  readonly name = 'latency-anomaly';
  readonly description =
    'per-service shift of log self time (and call gaps) and error rate in the fault window vs the baseline, as robust z scores';
  readonly reachNanos: bigint;
  private readonly options: LatencyAnomalyOptions;

  constructor(options: Partial<LatencyAnomalyOptions> = {}) {
    this.options = { ...DEFAULT_LATENCY_ANOMALY, ...options };
    this.reachNanos = reachOf(this.options);
  }

  /** A fresh collector. */
  createCollector(): RcaCollector {
    return new LatencyAnomalyCollector(this.options);
  }
}

interface LatencySeries {
  /** The services the series speaks for: the span's own, plus the callee for call gaps. */
  readonly services: readonly string[];
  readonly moments: BucketedMoments;
  /** Every value ever added from a kept span (never forgotten): the running mean dropped spans take. */
  readonly running: Moments;
}

/** The streaming state of {@link LatencyAnomalyMethod}; its scores are also read by methods built on it. */
export class LatencyAnomalyCollector implements RcaCollector {
  private readonly series = new Map<string, LatencySeries>();
  private readonly errors = new Map<string, BucketedMoments>();

  constructor(private readonly options: LatencyAnomalyOptions) {}

  add(trace: Trace, shape?: TraceShape): void {
    const kept = new Map<string, number>();
    let start: bigint | undefined;
    const timing = shape?.timing;
    for (const facts of spanFacts(trace)) {
      // A timing digest gives a kept span's self time in the original trace (its output children are fewer).
      const fix = timing?.kept.get(facts.spanId);
      const span = fix === undefined ? facts : { ...facts, selfNanos: fix.selfNanos, callee: fix.callee };
      const bucket = bucketOf(span.startTimeUnixNano, this.options.bucketNanos);
      this.addValue(span, bucket, true);
      this.errorsOf(span.service).add(bucket, span.error ? 1 : 0);
      const operation = `${span.service}\u0000${span.name}`;
      kept.set(operation, (kept.get(operation) ?? 0) + 1);
      if (start === undefined || span.startTimeUnixNano < start) start = span.startTimeUnixNano;
    }
    if (shape === undefined || start === undefined) return;
    const bucket = bucketOf(start, this.options.bucketNanos);
    if (timing !== undefined) {
      // Dropped spans at the self times their digests give, in the trace's first bucket.
      for (const span of timing.dropped) this.addValue(span, bucket, false);
    } else if (this.options.imputeDropped) this.imputeDropped(shape, kept, bucket);
  }

  /** Adds a span's log self time to its series; only kept spans' values feed the running mean. */
  private addValue(
    span: {
      readonly service: string;
      readonly name: string;
      readonly callee: string | undefined;
      readonly selfNanos: number;
    },
    bucket: number,
    kept: boolean,
  ): void {
    const services = span.callee === undefined ? [span.service] : [span.service, span.callee];
    const key = `${span.service}\u0000${span.name}\u0000${span.callee ?? ''}`;
    const series = this.seriesFor(key, services);
    const value = Math.log1p(span.selfNanos / 1000);
    series.moments.add(bucket, value);
    if (kept) series.running.add(value);
  }

  /** Adds the dropped spans of each operation (rebuilt count less kept) at their series' running mean. */
  private imputeDropped(shape: TraceShape, kept: ReadonlyMap<string, number>, bucket: number): void {
    for (const [service, names] of shape.services) {
      for (const [name, count] of names) {
        const operation = `${service}\u0000${name}`;
        const dropped = count - (kept.get(operation) ?? 0);
        if (dropped <= 0) continue;
        const series = this.series.get(`${operation}\u0000`);
        if (series === undefined || series.running.n === 0) continue;
        series.moments.addRepeated(bucket, series.running.mean, dropped);
      }
    }
  }

  rank(fault: Fault): string[] {
    return rankByScore(this.scores(fault), this.errors.keys());
  }

  /** Every seen service's score for this fault case (services without latency series have none). */
  scores(fault: Fault): Map<string, number> {
    const c = caseBuckets(fault, this.options);
    const latency = new ServiceScores();
    for (const { services, moments } of this.series.values()) {
      const z = moments.shift(c, MIN_LOG_VARIANCE);
      if (z === undefined) continue;
      const bounded = Math.max(-this.options.maxZ, Math.min(this.options.maxZ, z));
      for (const service of services) latency.add(service, bounded);
    }
    const scores = new Map<string, number>();
    for (const service of latency.services()) {
      const errorZ = this.errors.get(service)?.shift(c, MIN_RATE_VARIANCE) ?? 0;
      const errorScore = Math.max(0, Math.min(this.options.maxZ, errorZ)) * this.options.errorWeight;
      scores.set(service, (latency.mean(service) ?? 0) + errorScore);
    }
    return scores;
  }

  forgetBefore(timeUnixNano: bigint): void {
    const bucket = bucketOf(timeUnixNano, this.options.bucketNanos);
    for (const { moments } of this.series.values()) moments.forgetBefore(bucket);
    for (const moments of this.errors.values()) moments.forgetBefore(bucket);
  }

  private seriesFor(key: string, services: readonly string[]): LatencySeries {
    const found = this.series.get(key);
    if (found !== undefined) return found;
    // Past the cap, each service's further operations share one series (the cap then grows by services).
    const full = this.series.size >= this.options.maxSeries;
    const own = services[0] ?? '';
    const overflowKey = `${own}\u0000*`;
    const existing = full ? this.series.get(overflowKey) : undefined;
    if (existing !== undefined) return existing;
    const series = {
      services: full ? [own] : services,
      moments: new BucketedMoments(),
      running: new Moments(),
    };
    this.series.set(full ? overflowKey : key, series);
    return series;
  }

  private errorsOf(service: string): BucketedMoments {
    let moments = this.errors.get(service);
    if (moments === undefined) {
      moments = new BucketedMoments();
      this.errors.set(service, moments);
    }
    return moments;
  }
}
