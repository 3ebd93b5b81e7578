/** Memory limits checked before a request is decoded. */
export interface AdmissionLimits {
  /** Bytes of request bodies being decoded and written at once, at most. */
  readonly maxInflightBytes: number;
  /** Refuse new requests while the process's resident memory is above this (0: no check). */
  readonly maxRssBytes: number;
}

/**
 * Bounds the memory taken by requests in progress (decoding makes objects several times the body size):
 * `tryEnter` says no when the in-flight total or the process's resident memory would go over its limit,
 * and the receiver answers 429 / RESOURCE_EXHAUSTED. A single request is always let in when nothing else
 * is in flight, so a request under the size limit can always make progress.
 */
export class AdmissionGate {
  private inflight = 0;
  private readonly limits: AdmissionLimits;
  private readonly rss: () => number;
  /** Requests refused so far. */
  refused = 0;

  constructor(limits: AdmissionLimits, rss: () => number = () => process.memoryUsage.rss()) {
    this.limits = limits;
    this.rss = rss;
  }

  /** Bytes of requests in progress. */
  get inflightBytes(): number {
    return this.inflight;
  }

  /** Reserves `bytes`; false (and nothing reserved) when over a limit. */
  tryEnter(bytes: number): boolean {
    const over =
      (this.inflight > 0 && this.inflight + bytes > this.limits.maxInflightBytes) ||
      (this.limits.maxRssBytes > 0 && this.rss() > this.limits.maxRssBytes);
    if (over) {
      this.refused++;
      return false;
    }
    this.inflight += bytes;
    return true;
  }

  /** Returns bytes reserved by `tryEnter`. */
  leave(bytes: number): void {
    this.inflight -= bytes;
  }
}
