import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** One trace's ended spans waiting for a decision. */
export interface PendingTrace {
  readonly traceId: string;
  readonly spans: ReadableSpan[];
  /** When its first span was sorted in (ms, on the processor's monotonic clock: `performance.now()`). */
  readonly firstSeen: number;
  /** Spans of a trace decided earlier: they follow that decision. */
  readonly late: boolean;
  /** When it is due (ms, same clock); 0 until a local root ends (or it is late). */
  dueAt: number;
  /** Set once the trace was decided: queues skip it. */
  decided: boolean;
}

/**
 * A FIFO of pending traces that skips decided ones at its front. An array with a moving head, not a Map:
 * a Map whose oldest entries are deleted first keeps their holes until it rehashes, and finding its first
 * live entry walks over all of them (once per tick, per overflow step).
 */
export class TraceFifo {
  private items: PendingTrace[] = [];
  private head = 0;

  push(trace: PendingTrace): void {
    this.items.push(trace);
  }

  /** The first trace not yet decided, or undefined. */
  first(): PendingTrace | undefined {
    while (this.head < this.items.length && this.items[this.head]!.decided) this.head++;
    this.compact();
    return this.items[this.head];
  }

  /** Removes and returns the traces not yet decided from the front, as long as `ready` holds. */
  takeWhile(ready: (trace: PendingTrace) => boolean): PendingTrace[] {
    const out: PendingTrace[] = [];
    for (let trace = this.first(); trace !== undefined && ready(trace); trace = this.first()) {
      out.push(trace);
      this.head++;
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
