import { durationNanos, type Span } from '../model.js';
import { Series, type SpanScorer } from './span-scorer.js';
import type { TraceAnalysis } from './trace-analysis.js';

/**
 * Scores every span with revised Z-scores (duration, and self time for spans with children; the larger
 * counts) and flags slow calls into another service (caller duration minus callee duration). Durations
 * are converted from bigint once per span. `onNewEdge(i, parent)` is called for each parent→child edge
 * the statistics had not seen.
 */
export function scoreSpans(
  analysis: TraceAnalysis,
  scorer: SpanScorer,
  zThreshold: number,
  onNewEdge: (i: number, parent: number) => void,
): void {
  const { tree, labels } = analysis;
  const { parent, children } = tree;
  const n = tree.spans.length;
  const durations = durationsOf(tree.spans);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    const p = parent[i]!;
    const parentLabel = p < 0 ? null : labels[p]!;
    if (scorer.use(label, parentLabel, analysis.time) && p >= 0) onNewEdge(i, p);
    const duration = durations[i]!;
    let z = scorer.score(Series.DURATION, duration);
    const kids = children[i]!;
    if (kids.length > 0) {
      let children = 0;
      for (let c = 0; c < kids.length; c++) children += Math.max(0, durations[kids[c]!]!);
      const selfZ = scorer.score(Series.SELF, Math.max(0, duration - children));
      if (selfZ > z) z = selfZ;
    }
    analysis.z[i] = Number.isFinite(z) ? z : 0;
    if (parentLabel !== null && parentLabel.service !== label.service) {
      const gapZ = scorer.score(Series.GAP, durations[p]! - duration);
      if (gapZ >= zThreshold) analysis.gapAnomaly[i] = 1;
    }
  }
}

/** Scratch for span durations, reused across traces (scoring is synchronous and single-threaded). */
let scratch = new Float64Array(1024);

/** Each span's duration in nanoseconds (bigint converted once), in the shared scratch buffer. */
function durationsOf(spans: readonly Span[]): Float64Array {
  if (scratch.length < spans.length) scratch = new Float64Array(Math.max(spans.length, 2 * scratch.length));
  for (let i = 0; i < spans.length; i++) scratch[i] = durationNanos(spans[i]!);
  return scratch;
}
