import type { Context, HrTime, Span } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DemoFaultType, FaultOrder } from '../protocol.js';
import { busyWait } from '../services/runtime.js';

/** Share of each CPU-contention tick spent busy (the service keeps a sliver of its core). */
const BUSY_SHARE = 0.7;
const TICK_MS = 10;

/**
 * A service's fault state: the faults ordered for it, whether one is active now, and the ground truth
 * (span ids each fault touched). It is also a `SpanProcessor` so that CPU contention is recorded from the
 * spans themselves: a span was slowed by it when one of the burner's busy periods ran while the span was
 * open (the busy period held the event loop the span's work needed), told by counting the periods done
 * when the span starts and when it ends, not by comparing clocks: the SDK's span times start on whole
 * Date.now() milliseconds, up to 1 ms off any finer clock. Spans that merely overlap the
 * contention window are counted too (`windowOverlaps`, the older and looser ground truth) but not listed.
 * Ground truth is kept here and sent over IPC; nothing is written into span attributes.
 */
export class FaultInjector implements SpanProcessor {
  private readonly orders: FaultOrder[] = [];
  private readonly touched = new Map<string, Set<string>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private burner: NodeJS.Timeout | undefined;
  /** CPU-contention orders received: until there is one, `onEnd` has nothing to do (every span passes). */
  private contentions = 0;
  /** Busy periods the burner has finished. */
  private busyPeriodsDone = 0;
  /** `busyPeriodsDone` when each span open now started (a span started before any contention order is absent). */
  private readonly periodsAtStart = new WeakMap<object, number>();
  /** Spans overlapping each contention window, busy period or not. */
  private readonly inWindow = new Map<string, number>();

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

  /** Busy periods the burner has finished so far. */
  busyPeriods(): number {
    return this.busyPeriodsDone;
  }

  /** Spans that overlapped each CPU-contention window, slowed or not (the older ground truth), by fault id. */
  windowOverlaps(): Record<string, number> {
    return Object.fromEntries(this.inWindow);
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

  /** Notes the busy periods done when the span starts (once a contention is ordered). */
  onStart(span: Span, _parentContext: Context): void {
    if (this.contentions > 0) this.periodsAtStart.set(span, this.busyPeriodsDone);
  }

  /**
   * A span of this service overlapping a CPU-contention window was slowed by it when a busy period ran
   * while it was open: a busy period holds the event loop for its whole length, so it ran between the
   * span's start and end exactly when the count of finished periods grew in between.
   */
  onEnd(span: ReadableSpan): void {
    if (this.contentions === 0) return;
    const startMs = unixMs(span.startTime);
    const endMs = unixMs(span.endTime);
    let slowed: boolean | undefined;
    for (const o of this.orders) {
      if (o.type === 'cpu_contention' && startMs < o.endMs && endMs >= o.startMs) {
        this.inWindow.set(o.id, (this.inWindow.get(o.id) ?? 0) + 1);
        slowed ??= (this.periodsAtStart.get(span) ?? this.busyPeriodsDone) < this.busyPeriodsDone;
        if (slowed) this.touched.get(o.id)?.add(span.spanContext().spanId);
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
    this.burner = setInterval(() => this.burn(TICK_MS * BUSY_SHARE), TICK_MS);
  }

  /** One busy period, counted. */
  private burn(ms: number): void {
    busyWait(ms);
    this.busyPeriodsDone++;
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
