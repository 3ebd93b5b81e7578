import { WindowStats } from '../stats/window-stats.js';
import type { SpanLabel } from './span-labels.js';

/** The three series scored per key: span duration, self time (duration minus children), caller gap. */
export const Series = { DURATION: 0, SELF: 1, GAP: 2 } as const;
/** One of `Series`. */
export type Series = (typeof Series)[keyof typeof Series];

/** One series of a key: its window, and the values offered to it (for sampling once it is well learned). */
class KeySeries extends WindowStats {
  offered = 0;
}

/** Statistics of one key, created per series on first use. */
class KeyStats {
  readonly series: (KeySeries | undefined)[] = [undefined, undefined, undefined];
}

/** The coarse key of a label (service, operation) and its fine keys by parent label. */
export interface LabelStats {
  readonly coarse: KeyStats;
  readonly byParent: Map<SpanLabel | null, KeyStats>;
  /** Values seen by this label's coarse key's series since it was last fed while warm. */
  tick: number;
  /** Trace time (seconds) of the last value scored under this label. */
  lastSeen: number;
  /** The parent label of the fine key last used, and that key (a one-entry cache of `byParent`). */
  lastParent: SpanLabel | null | undefined;
  lastFine: KeyStats | undefined;
}

/** Options of `SpanScorer`. */
export interface SpanScorerOptions {
  readonly window: number;
  readonly minSamples: number;
  /** Fine keys held at most; past it every key is forgotten and relearned (default 100 000). */
  readonly maxKeys?: number;
}

/**
 * Once a fine key is warm, its coarse key gets one value in this many: it is consulted only while some
 * fine key of the label is young, and one in 32 keeps its window within a few thousand values of now.
 * (One in 8 before: on the TrainTicket eval the same spans are kept, with a quarter of these pushes.)
 */
const COARSE_STRIDE = 32;
/**
 * Seconds of trace time without a value after which a label's statistics are stale (a redeploy, a gap in
 * the data): they start afresh rather than judge today's spans by yesterday's latencies.
 */
const STALE_SECONDS = 3600;
/** Windows of values a fine key's series learns fully before it learns from every other value. */
const SAMPLE_AFTER_WINDOWS = 4;
/** Parent labels per label with their own fine key; more parents share the coarse key. */
const MAX_PARENTS = 256;

/**
 * Revised Z-scores per span keyed by (service, operation, parent operation), backing off to (service,
 * operation) while the fine key has fewer than `minSamples` values. Statistics hang off the interned
 * labels, so a lookup is one identity-keyed map read: no key strings are built per span.
 *
 * The coarse key receives every value while the fine key is young (that is when it is consulted) and one
 * in `COARSE_STRIDE` values afterwards, which keeps it current at a fraction of the cost.
 */
export class SpanScorer {
  private readonly options: SpanScorerOptions;
  private readonly maxKeys: number;
  private readonly minSamples: number;
  /** Values after which a fine series learns from every other value (`SAMPLE_AFTER_WINDOWS` windows). */
  private readonly sampleAfter: number;
  private keys = 0;
  /** Times every key was forgotten to stay within `maxKeys`. */
  resets = 0;
  /** The score of the last `scoreToLast` call (NaN before the first). */
  lastScore = Number.NaN;
  private readonly withStats: SpanLabel[] = [];
  private current: LabelStats | undefined;
  private fine: KeyStats | undefined;

  constructor(options: SpanScorerOptions) {
    this.options = options;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.minSamples = options.minSamples;
    this.sampleAfter = SAMPLE_AFTER_WINDOWS * options.window;
  }

  /**
   * Makes the key of a span with this label under this parent label (null for a top-level span) the
   * current one for `score`. Returns true when the fine key did not exist (an edge new to the statistics).
   */
  use(label: SpanLabel, parent: SpanLabel | null, time: number): boolean {
    if (this.keys >= this.maxKeys) this.forgetAll();
    const stats = this.statsOf(label, time);
    this.current = stats;
    // Most labels have one parent label: the last fine key found is checked before the map.
    if (stats.lastParent === parent && stats.lastFine !== undefined) {
      this.fine = stats.lastFine;
      return false;
    }
    let fine = stats.byParent.get(parent);
    let created = false;
    if (fine === undefined) {
      created = true;
      if (stats.byParent.size >= MAX_PARENTS) fine = stats.coarse;
      else {
        fine = new KeyStats();
        stats.byParent.set(parent, fine);
        this.keys++;
      }
    }
    // Only keys held in the map are remembered: a parent past MAX_PARENTS counts as new each time.
    if (fine !== stats.coarse) {
      stats.lastParent = parent;
      stats.lastFine = fine;
    }
    this.fine = fine;
    return created;
  }

  /** Scores `x` of a series with the current fine key (or its coarse fallback), then learns it. */
  score(series: Series, x: number): number {
    this.scoreToLast(series, x);
    return this.lastScore;
  }

  /**
   * `score(series, x)` written to `lastScore` instead of returned: a double returned from a call that is
   * not inlined is allocated on the heap (~19 MB of garbage over the TrainTicket day), a double field is
   * written in place.
   */
  scoreToLast(series: Series, x: number): void {
    const minSamples = this.minSamples;
    const stats = this.current!;
    const key = this.fine!;
    const fine = key.series[series] ?? this.newSeries(key, series);
    // The coarse key is read only when needed (a young fine key, or its one-in-COARSE_STRIDE value).
    const coarseKey = stats.coarse;
    const count = fine.count;
    let z = 0;
    // Read back from `lastScore`: a returned double would be a heap allocation per call.
    if (count >= minSamples) {
      fine.scoreToLast(x);
      z = fine.lastScore;
    } else if (coarseKey !== key) {
      const coarse = coarseKey.series[series];
      if (coarse !== undefined && coarse.count >= minSamples) {
        coarse.scoreToLast(x);
        z = coarse.lastScore;
      }
    }
    // A series seen for several windows learns from every other value: the window then spans twice the
    // time, which describes the key as well, at half the cost.
    // Counted and tested without a branch: series reach `sampleAfter` after this code is compiled, and
    // an operation first run then would throw the compiled code away.
    const young = count < this.sampleAfter;
    const offered = fine.offered + (young ? 0 : 1);
    const odd = offered & 1;
    fine.offered = offered;
    if ((young ? 0 : odd) === 0) fine.push(x);
    if (coarseKey !== key && (fine.count <= minSamples || ++stats.tick % COARSE_STRIDE === 0)) {
      (coarseKey.series[series] ?? this.newSeries(coarseKey, series)).push(x);
    }
    this.lastScore = z;
  }

  /**
   * The median of the statistics the last `scoreToLast(series, x)` scored against (the current fine key's,
   * or its coarse fallback's; NaN when neither was warm), read now: `x` has since been learned, so the
   * median may have moved by one place. Read for the few spans that need it (anomalies) rather than
   * stored at every score.
   */
  medianOf(series: Series): number {
    const fine = this.fine!.series[series];
    // Scored with the fine key when it had `minSamples` values before learning `x`.
    if (fine !== undefined && fine.count > this.minSamples) return fine.median();
    const coarse = this.current!.coarse.series[series];
    return coarse !== undefined && coarse.count >= this.minSamples ? coarse.median() : Number.NaN;
  }

  /** The label's statistics; created when absent, started afresh when stale (see `STALE_SECONDS`). */
  private statsOf(label: SpanLabel, time: number): LabelStats {
    const old = label.stats;
    if (old !== undefined && !(time - old.lastSeen > STALE_SECONDS)) {
      if (time > old.lastSeen) old.lastSeen = time;
      return old;
    }
    if (old === undefined) {
      this.withStats.push(label);
      this.keys++;
    } else this.keys -= old.byParent.size;
    const fresh: LabelStats = {
      coarse: new KeyStats(),
      byParent: new Map(),
      tick: 0,
      lastSeen: time,
      lastParent: undefined,
      lastFine: undefined,
    };
    label.stats = fresh;
    return fresh;
  }

  private newSeries(key: KeyStats, series: Series): KeySeries {
    const stats = new KeySeries({ window: this.options.window });
    key.series[series] = stats;
    return stats;
  }

  /** Drops every statistic; labels start afresh when next seen. */
  private forgetAll(): void {
    for (const label of this.withStats) label.stats = undefined;
    this.withStats.length = 0;
    this.keys = 0;
    this.resets++;
  }
}
