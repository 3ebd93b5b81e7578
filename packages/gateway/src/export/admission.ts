/**
 * The exporters' bounded queue: admits requests in arrival order while their bytes fit `maxBytes`
 * and a sending slot is free; later callers wait (backpressure). One request larger than the whole
 * budget is admitted alone, so it cannot block forever.
 */

interface Waiter {
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** A FIFO byte and slot budget. */
export class AdmissionQueue {
  private admittedBytes = 0;
  private admittedRequests = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly maxBytes: number,
    private readonly maxRequests: number,
  ) {}

  /** Bytes of admitted requests (being sent or retried). */
  get bytes(): number {
    return this.admittedBytes;
  }

  /** Requests waiting for admission. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves once `bytes` are admitted; pair with `release(bytes)`. */
  acquire(bytes: number): Promise<void> {
    if (this.waiters.length === 0 && this.fits(bytes)) {
      this.take(bytes);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiters.push({ bytes, resolve, reject }));
  }

  /** Returns admitted bytes and admits waiters that now fit, in order. */
  release(bytes: number): void {
    this.admittedBytes -= bytes;
    this.admittedRequests--;
    for (let head = this.waiters[0]; head !== undefined && this.fits(head.bytes); head = this.waiters[0]) {
      this.waiters.shift();
      this.take(head.bytes);
      head.resolve();
    }
  }

  /** Rejects every waiter with `error`. */
  rejectWaiting(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private fits(bytes: number): boolean {
    if (this.admittedRequests >= this.maxRequests) return false;
    return this.admittedRequests === 0 || this.admittedBytes + bytes <= this.maxBytes;
  }

  private take(bytes: number): void {
    this.admittedBytes += bytes;
    this.admittedRequests++;
  }
}
