import type { ProcessorMetrics } from '../metrics/processor-metrics.js';

/**
 * Counts of a run of decisions (one tick, one flush), written to the metrics once at its end: a metric
 * update per trace and per dropped span cost more than the counting (a closure call, a Map lookup for the
 * reason, the Meter call when there is one).
 */
export class DecisionTally {
  sampled = 0;
  placeholders = 0;
  late = 0;
  bytesIn = 0;
  bytesOut = 0;
  private readonly dropped = new Map<string, number>();
  private lastReason = '';
  private lastCount = 0;

  /** Counts `count` spans dropped for `reason` (runs of one reason cost no Map lookup). */
  drop(reason: string, count: number): void {
    if (reason !== this.lastReason) {
      this.settleReason();
      this.lastReason = reason;
    }
    this.lastCount += count;
  }

  /** Writes the counts to `metrics` and starts again from zero. */
  flush(metrics: ProcessorMetrics): void {
    this.settleReason();
    if (this.sampled > 0) metrics.sampled(this.sampled);
    if (this.placeholders > 0) metrics.placeholders(this.placeholders);
    if (this.late > 0) metrics.late(this.late);
    if (this.bytesIn > 0) metrics.bytesIn(this.bytesIn);
    if (this.bytesOut > 0) metrics.bytesOut(this.bytesOut);
    if (this.dropped.size > 0) {
      this.dropped.forEach(metrics.dropped);
      this.dropped.clear();
    }
    this.sampled = this.placeholders = this.late = this.bytesIn = this.bytesOut = 0;
  }

  private settleReason(): void {
    if (this.lastCount === 0) return;
    this.dropped.set(this.lastReason, (this.dropped.get(this.lastReason) ?? 0) + this.lastCount);
    this.lastCount = 0;
  }
}
