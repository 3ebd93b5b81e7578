import type { Context, HrTime, Span } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DemoFaultType, FaultOrder } from '../protocol.js';
import { busyWait } from '../services/runtime.js';

/** Share of each CPU-contention tick spent busy (the service keeps a sliver of its core). */
const BUSY_SHARE = 0.7;
const TICK_MS = 10;

/**
 * A service's fault state: the faults ordered for it, whether one is active now, and the ground truth
 * (span ids each fault touched). It is also a `SpanProcessor` so that CPU contention, which touches every
 * span of the service while it runs, is recorded from the spans themselves. Ground truth is kept here and
 * sent over IPC; nothing is written into span attributes.
 */
export class FaultInjector implements SpanProcessor {
  private readonly orders: FaultOrder[] = [];
  private readonly touched = new Map<string, Set<string>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private burner: NodeJS.Timeout | undefined;
  /** CPU-contention orders received: until there is one, `onEnd` has nothing to do (every span passes). */
  private contentions = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Accepts a fault order; CPU contention starts and stops on its own timers. */
  schedule(order: FaultOrder): void {
    this.orders.push(order);
    this.touched.set(order.id, new Set());
    if (order.type !== 'cpu_contention') return;
    this.contentions++;
    const wait = (ms: number) => Math.max(0, ms - this.now());
    this.timers.push(setTimeout(() => this.startBurning(), wait(order.startMs)));
    this.timers.push(setTimeout(() => this.stopBurning(), wait(order.endMs)));
  }

  /** The fault of this type active now, if any. */
  active(type: DemoFaultType): FaultOrder | undefined {
    const t = this.now();
    return this.orders.find((o) => o.type === type && o.startMs <= t && t < o.endMs);
  }

  /** Records spans a fault touched. */
  touch(order: FaultOrder, ...spans: readonly Span[]): void {
    const ids = this.touched.get(order.id);
    if (ids !== undefined) for (const span of spans) ids.add(span.spanContext().spanId);
  }

  /** Span ids touched per fault id. */
  groundTruth(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [id, spans] of this.touched) out[id] = [...spans];
    return out;
  }

  /** Stops any contention and its timers. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.stopBurning();
  }

  onStart(_span: Span, _parentContext: Context): void {}

  /** Every span of this service that overlaps a CPU-contention window was slowed by it. */
  onEnd(span: ReadableSpan): void {
    if (this.contentions === 0) return;
    const startMs = unixMs(span.startTime);
    const endMs = unixMs(span.endTime);
    for (const o of this.orders) {
      if (o.type === 'cpu_contention' && startMs < o.endMs && endMs >= o.startMs) {
        this.touched.get(o.id)?.add(span.spanContext().spanId);
      }
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.dispose();
    return Promise.resolve();
  }

  private startBurning(): void {
    if (this.burner !== undefined) return;
    this.burner = setInterval(() => busyWait(TICK_MS * BUSY_SHARE), TICK_MS);
  }

  private stopBurning(): void {
    if (this.burner !== undefined) clearInterval(this.burner);
    this.burner = undefined;
  }
}

/** `[seconds, nanoseconds]` as whole Unix milliseconds (rounded down), in exact number arithmetic. */
function unixMs(time: HrTime): number {
  return time[0] * 1000 + Math.floor(time[1] / 1_000_000);
}
