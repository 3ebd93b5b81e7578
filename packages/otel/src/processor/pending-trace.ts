import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** One trace's ended spans waiting for a decision. */
export interface PendingTrace {
  readonly traceId: string;
  readonly spans: ReadableSpan[];
  /** Clock time (ms) of its first span. */
  readonly firstSeen: number;
  /** Spans of a trace decided earlier: they follow that decision. */
  readonly late: boolean;
  /** Clock time (ms) at which it is decided; 0 until a local root ends (or it is late). */
  dueAt: number;
}

/** A FIFO of pending traces by due time; due times only grow, because the grace period is fixed. */
export class DueQueue {
  private items: PendingTrace[] = [];
  private head = 0;

  push(trace: PendingTrace): void {
    this.items.push(trace);
  }

  /** Due time of the first trace, or Infinity. */
  nextDue(): number {
    return this.head < this.items.length ? this.items[this.head]!.dueAt : Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the traces due at `now`, in order. */
  takeDue(now: number): PendingTrace[] {
    const out: PendingTrace[] = [];
    while (this.head < this.items.length && this.items[this.head]!.dueAt <= now)
      out.push(this.items[this.head++]!);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
