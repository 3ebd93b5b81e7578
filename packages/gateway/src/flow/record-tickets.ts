import type { Span } from '@autoscope/core';
import type { SpanLog } from '../contracts.js';

/** A log record whose spans are in memory: released once `pending` reaches zero. */
interface Ticket {
  readonly seq: bigint;
  pending: number;
  readonly bytes: number;
}

/**
 * Which log record each buffered span came from, so a record is released exactly when every one of its
 * spans is decided and exported (or dropped by the sampler). `bufferedBytes` counts the encoded size of the
 * records still held, the measure the memory limit is set in.
 */
export class RecordTickets {
  private readonly owner = new WeakMap<Span, Ticket>();
  private readonly log: SpanLog;
  private buffered = 0;
  private held = 0;
  /** Records released so far. */
  released = 0;

  constructor(log: SpanLog) {
    this.log = log;
  }

  /** Encoded bytes of the records whose spans are in memory. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Records whose spans are in memory. */
  get heldRecords(): number {
    return this.held;
  }

  /** Ties `spans` to record `seq` of `bytes` encoded bytes (a record without spans is released at once). */
  hold(seq: bigint, bytes: number, spans: readonly Span[]): void {
    if (spans.length === 0) {
      this.log.release(seq);
      this.released++;
      return;
    }
    const ticket: Ticket = { seq, pending: spans.length, bytes };
    for (const span of spans) this.owner.set(span, ticket);
    this.buffered += bytes;
    this.held++;
  }

  /** These input spans are settled (exported, dropped or given up on); releases records that are done. */
  settle(spans: readonly Span[]): void {
    for (const span of spans) {
      const ticket = this.owner.get(span);
      if (ticket === undefined) continue;
      this.owner.delete(span);
      if (--ticket.pending > 0) continue;
      this.buffered -= ticket.bytes;
      this.held--;
      this.released++;
      this.log.release(ticket.seq);
    }
  }
}
