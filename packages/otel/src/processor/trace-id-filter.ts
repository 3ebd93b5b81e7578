/**
 * A one-sided filter of trace ids: `mightHave` is false for every id never added since the last `clear`,
 * and true for added ids (and a few others: about `added / bits`). A bit per id, taken from the id's last
 * six characters (random hex in W3C trace ids; any string works, only less evenly spread). It spares a
 * Map miss on a large Map (hundreds of ns: the table does not stay in the caches) for every new trace.
 */
export class TraceIdFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;

  /** A filter for about `expected` ids at a time (at most 1 in 32 false positives at that load). */
  constructor(expected: number) {
    let bits = 1024;
    while (bits < expected * 32 && bits < 1 << 22) bits *= 2;
    this.words = new Uint32Array(bits >>> 5);
    this.mask = bits - 1;
  }

  add(traceId: string): void {
    const bit = this.bitOf(traceId);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  /** False when the id was surely not added since the last `clear`. */
  mightHave(traceId: string): boolean {
    const bit = this.bitOf(traceId);
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  clear(): void {
    this.words.fill(0);
  }

  private bitOf(traceId: string): number {
    let h = 0;
    for (let i = Math.max(0, traceId.length - 6); i < traceId.length; i++) {
      const c = traceId.charCodeAt(i);
      // A hex digit's value ('0'-'9' and 'a'-'f'); other characters still spread.
      h = (h << 4) ^ ((c & 15) + (c >> 6) * 9) ^ (c >> 4);
    }
    return h & this.mask;
  }
}
