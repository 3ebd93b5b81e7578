/** Running byte totals of a sampler's input and output. */
export interface ByteTotals {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Traces over which a byte debt is paid back. */
const HORIZON_TRACES = 30;

/**
 * Steers a baseline's kept fraction (of spans or traces, whatever its `keepRatio` means) so its output
 * bytes match a target share of its input bytes: an integral controller on the byte debt. The live ratio
 * is the target share plus the debt (target bytes minus bytes written so far) spread over the next
 * {@link HORIZON_TRACES} traces' worth of input, clamped to [0, 1]; the correction is bounded so a budget
 * the sampler cannot reach (its floor is above it) does not wind up. At the end of a stream the output
 * bytes differ from the target by about the debt, a few traces' worth.
 *
 * `targetShare` is read on every trace: a fixed fraction (a sweep point) or another sampler's achieved
 * share so far (the equal-budget comparison, following Autoscope).
 */
export class ByteBudget {
  private bytesIn = 0;
  private bytesOut = 0;
  private traces = 0;

  constructor(private readonly targetShare: () => number) {}

  /** A budget that follows another sampler's achieved output share; `start` until it has written. */
  static following(leader: ByteTotals, start: number): ByteBudget {
    return new ByteBudget(() => (leader.bytesIn > 0 ? leader.bytesOut / leader.bytesIn : start));
  }

  /** The kept fraction the sampler should use for its next trace. */
  ratio(): number {
    const share = this.targetShare();
    if (this.traces === 0) return clamp(share, 0, 1);
    const debt = share * this.bytesIn - this.bytesOut;
    const horizon = (HORIZON_TRACES * this.bytesIn) / this.traces;
    return clamp(share + clamp(debt / horizon, -1, 1), 0, 1);
  }

  /** Records what the sampler did with one trace. */
  observe(bytesIn: number, bytesOut: number): void {
    this.traces++;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
  }
}

function clamp(value: number, low: number, high: number): number {
  if (!(value > low)) return low;
  return Math.min(value, high);
}
