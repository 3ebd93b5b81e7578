import { Series, type SpanScorer } from './span-scorer.js';
import type { TraceAnalysis } from './trace-analysis.js';

/**
 * Medians below this (1 ms) count as this in a span's `slowdown`: a few microseconds more on a span of a
 * few microseconds is a large ratio that no user waits for.
 */
export const SLOWDOWN_FLOOR_NANOS = 1e6;

/**
 * Scores every span with revised Z-scores (duration, and self time for spans with children; the larger
 * counts), writes the `slowdown` of spans whose own time (a leaf's duration, a parent's self time) scores
 * at least `zThreshold` (0 for the others), and flags slow calls into another service (caller duration
 * minus callee duration), from the spans' `durations` in nanoseconds (see `prepareSpans`).
 * `onNewEdge(i, parent)` is called for each parent→child edge the statistics had not seen.
 */
export function scoreSpans(
  analysis: TraceAnalysis,
  durations: Float64Array,
  scorer: SpanScorer,
  zThreshold: number,
  onNewEdge: (i: number, parent: number) => void,
): void {
  const { tree, labels } = analysis;
  const { parent, children } = tree;
  const n = tree.spans.length;
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    const p = parent[i]!;
    const parentLabel = p < 0 ? null : labels[p]!;
    if (scorer.use(label, parentLabel, analysis.time) && p >= 0) onNewEdge(i, p);
    const duration = durations[i]!;
    // Scores are read back from `lastScore`: a returned double would be a heap allocation per call.
    scorer.scoreToLast(Series.DURATION, duration);
    let z = scorer.lastScore;
    // The slowdown of the span's own time: its duration when a leaf, its self time otherwise (a parent
    // that waited for a slow child is slow in duration only, and the child is the one to blame).
    let slowdown = 0;
    const kids = children[i]!;
    if (kids.length > 0) {
      // Starts at -0, a heap number, so the sum is compiled as a double addition from the first trace:
      // started at 0 it is compiled for small integers and thrown away at the first children's sum over
      // 2^30 ns (1.07 s). Adding a duration (never -0 after Math.max) to -0 gives that duration.
      let children = -0;
      for (let c = 0; c < kids.length; c++) children += Math.max(0, durations[kids[c]!]!);
      const self = Math.max(0, duration - children);
      scorer.scoreToLast(Series.SELF, self);
      const own = scorer.lastScore;
      if (own >= zThreshold) slowdown = slowdownOf(self, scorer.medianOf(Series.SELF));
      if (own > z) z = own;
    } else if (z >= zThreshold) slowdown = slowdownOf(duration, scorer.medianOf(Series.DURATION));
    analysis.z[i] = Number.isFinite(z) ? z : 0;
    analysis.slowdown[i] = slowdown;
    if (parentLabel !== null && parentLabel.service !== label.service) {
      scorer.scoreToLast(Series.GAP, durations[p]! - duration);
      if (scorer.lastScore >= zThreshold) analysis.gapAnomaly[i] = 1;
    }
  }
}

/** `time` over its key's `median` (at least the floor); 0 when the median is NaN (a key not learned yet). */
function slowdownOf(time: number, median: number): number {
  return median >= 0 ? time / Math.max(median, SLOWDOWN_FLOOR_NANOS) : 0;
}
