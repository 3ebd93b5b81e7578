import type { Span } from '@autoscope/core';
import { newReadStats, openTraceSource, type ReadStats } from '@autoscope/formats';
import { EvalInputError } from './errors.js';

/** An output sampled elsewhere (the demo's live processor), to be measured against the full dataset. */
export interface SampledOutput {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
}

/**
 * How far, in span time, the sampled output is read ahead of the full data's current trace, and how long
 * a sampled trace waits for its full trace before it counts as not in the dataset. A trace of the full
 * data comes out at most 10 minutes (the assembler's longest trace) plus 90 s after its first span.
 */
export const SAMPLED_WINDOW_NANOS = 15n * 60n * 1_000_000_000n;

interface Waiting {
  readonly spans: Span[];
  last: bigint;
}

/**
 * Streams a sampled output (any format `openTraceSource` reads) alongside the full data: it is read ahead
 * to {@link SAMPLED_WINDOW_NANOS} past the full data's current trace and its spans are grouped by trace id
 * until that trace comes by (`take`). Traces left waiting longer than the window are dropped and counted
 * in `unmatched`. Memory: the sampled spans of two windows of span time, not the whole output. Each batch
 * is handed to `onBatch` as it is read (shape definitions come before the traces that use them).
 */
export class SampledStream {
  /** Sampled traces dropped without a matching trace in the dataset. */
  unmatched = 0;
  /** Sees every batch as it is read, before any of its traces is taken. */
  onBatch: ((spans: readonly Span[]) => void) | undefined;
  private readonly waiting = new Map<string, Waiting>();
  private latest: bigint | undefined;
  private done = false;

  private constructor(
    readonly output: SampledOutput,
    private readonly batches: AsyncIterator<readonly Span[]>,
    private readonly stats: ReadStats,
  ) {}

  /** Opens the output; an unreadable one is an `EvalInputError` naming its path. */
  static async open(output: SampledOutput): Promise<SampledStream> {
    const stats = newReadStats();
    try {
      const source = await openTraceSource(output.path, 'auto', stats);
      return new SampledStream(output, source.batches[Symbol.asyncIterator](), stats);
    } catch (cause) {
      throw new EvalInputError(output.path, `cannot read the sampled output "${output.name}"`, { cause });
    }
  }

  /** Sampled traces read and not yet matched. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Reads ahead to the window past `time` (span time of the full data now), then forgets stale traces. */
  async advanceTo(time: bigint): Promise<void> {
    while (!this.done && (this.latest === undefined || this.latest < time + SAMPLED_WINDOW_NANOS)) {
      if (!(await this.readBatch())) break;
    }
    this.evictBefore(time - SAMPLED_WINDOW_NANOS);
  }

  /** The sampled spans of a trace, once; `undefined` when it has none. */
  take(traceId: string): Span[] | undefined {
    const waiting = this.waiting.get(traceId);
    if (waiting === undefined) return undefined;
    this.waiting.delete(traceId);
    return waiting.spans;
  }

  /** End of the full data: every trace still waiting or still unread is unmatched. */
  async finish(): Promise<void> {
    while (await this.readBatch()) {
      if (this.latest !== undefined) this.evictBefore(this.latest - 2n * SAMPLED_WINDOW_NANOS);
    }
    this.unmatched += this.waiting.size;
    this.waiting.clear();
  }

  /** Read problems, one line each. */
  problems(): string[] {
    const path = this.output.path;
    return this.stats.skipped > 0
      ? [`${path}: ${this.stats.skipped} record(s) skipped`, ...this.stats.problems]
      : [];
  }

  private async readBatch(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.batches.next();
    if (next.done === true) {
      this.done = true;
      return false;
    }
    this.onBatch?.(next.value);
    for (const span of next.value) this.add(span);
    return true;
  }

  private add(span: Span): void {
    let end = span.endTimeUnixNano;
    if (span.startTimeUnixNano > end) end = span.startTimeUnixNano;
    if (this.latest === undefined || end > this.latest) this.latest = end;
    const waiting = this.waiting.get(span.traceId);
    if (waiting === undefined) this.waiting.set(span.traceId, { spans: [span], last: end });
    else {
      waiting.spans.push(span);
      if (end > waiting.last) waiting.last = end;
    }
  }

  /** Drops traces last seen before `cutoff`, oldest first (the map keeps first-seen order). */
  private evictBefore(cutoff: bigint): void {
    for (const [traceId, waiting] of this.waiting) {
      if (waiting.last >= cutoff) break;
      this.waiting.delete(traceId);
      this.unmatched++;
    }
  }
}
