import type { LogRecord, SpanLog } from '../contracts.js';
import { GatewayError } from '../errors.js';

/** The in-memory log is over its size limit. */
export class MemoryLogFullError extends GatewayError {
  constructor(maxBytes: number) {
    super('AUTOSCOPE_GATEWAY_LOG_FULL', `in-memory log is over its limit of ${maxBytes} bytes`);
  }
}

/**
 * A `SpanLog` held in memory: no durability (a crash loses what it holds), the same flow otherwise. For
 * `wal.dir: ""`, tests and benchmarks.
 */
export class MemorySpanLog implements SpanLog {
  private readonly records = new Map<bigint, Uint8Array>();
  private readonly maxBytes: number;
  private nextSeq = 1n;
  private used = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get usedBytes(): number {
    return this.used;
  }

  async append(payload: Uint8Array): Promise<bigint> {
    if (this.used + payload.byteLength > this.maxBytes) throw new MemoryLogFullError(this.maxBytes);
    const seq = this.nextSeq++;
    this.records.set(seq, payload);
    this.used += payload.byteLength;
    return seq;
  }

  async *replay(fromSeq = 0n): AsyncIterable<LogRecord> {
    for (const [seq, payload] of this.records) if (seq >= fromSeq) yield { seq, payload };
  }

  release(seq: bigint): void {
    const payload = this.records.get(seq);
    if (payload === undefined) return;
    this.records.delete(seq);
    this.used -= payload.byteLength;
  }

  async close(): Promise<void> {}
}
