import type { ExampleSpan, ExampleTrace } from '../results.js';

/** One row of the before/after waterfall: a span of the full trace and, when kept, its sampled version. */
export interface WaterfallRow {
  /** The span as it was before sampling (for a span only in the output: its sampled version). */
  readonly before: ExampleSpan;
  /** Depth in the full trace (0 for a root). */
  readonly beforeDepth: number;
  /** The span as the sampler emitted it, absent when it was dropped. */
  readonly after?: ExampleSpan;
  /** Depth in the sampled trace, where parents are the nearest kept ancestors. */
  readonly afterDepth: number;
  /** True when the span exists only in the output (a placeholder or summary the sampler added). */
  readonly addedBySampler: boolean;
}

/** Rows in the full trace's depth-first order, cut at a maximum, and the trace's time range. */
export interface WaterfallLayout {
  readonly rows: readonly WaterfallRow[];
  /** Rows left out by the cut. */
  readonly hiddenRows: number;
  /** Time range of every span, before and after, in nanoseconds after the trace's start. */
  readonly startNanos: number;
  readonly endNanos: number;
}

interface Ordered {
  readonly span: ExampleSpan;
  readonly depth: number;
}

/**
 * Orders spans depth first from their roots, children by start time. A span whose parent is not in the list
 * is a root; spans on a parent cycle (unreachable from any root) follow at depth 0. Never recurses, so a
 * very deep trace cannot overflow the stack.
 */
export function depthFirst(spans: readonly ExampleSpan[]): readonly Ordered[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, number[]>();
  const roots: number[] = [];
  spans.forEach((s, i) => {
    if (s.parentSpanId === undefined || !ids.has(s.parentSpanId) || s.parentSpanId === s.spanId)
      roots.push(i);
    else {
      const list = children.get(s.parentSpanId);
      if (list) list.push(i);
      else children.set(s.parentSpanId, [i]);
    }
  });
  const byStart = (a: number, b: number): number =>
    startOf(spans[a]) - startOf(spans[b]) || (spans[a]?.spanId ?? '').localeCompare(spans[b]?.spanId ?? '');
  const out: Ordered[] = [];
  const seen = new Set<number>();
  const stack: Array<[number, number]> = roots
    .sort(byStart)
    .reverse()
    .map((i) => [i, 0]);
  const visit = (): void => {
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [index, depth] = top;
      const span = spans[index];
      if (span === undefined || seen.has(index)) continue;
      seen.add(index);
      out.push({ span, depth });
      const kids = [...(children.get(span.spanId) ?? [])].sort(byStart).reverse();
      for (const kid of kids) stack.push([kid, depth + 1]);
    }
  };
  visit();
  for (let i = 0; i < spans.length; i++) {
    if (!seen.has(i)) {
      stack.push([i, 0]);
      visit();
    }
  }
  return out;
}

function startOf(span: ExampleSpan | undefined): number {
  return span !== undefined && Number.isFinite(span.startOffsetNanos) ? span.startOffsetNanos : 0;
}

function endOf(span: ExampleSpan): number {
  const duration = Number.isFinite(span.durationNanos) ? Math.max(0, span.durationNanos) : 0;
  return startOf(span) + duration;
}

/** Lays out the example trace: one row per span of the full trace, then spans only in the output. */
export function waterfallLayout(example: ExampleTrace, maxRows: number): WaterfallLayout {
  const afterOrder = depthFirst(example.after);
  const afterById = new Map(afterOrder.map((o) => [o.span.spanId, o] as const));
  const beforeIds = new Set(example.before.map((s) => s.spanId));
  const rows: WaterfallRow[] = depthFirst(example.before).map(({ span, depth }) => {
    const kept = afterById.get(span.spanId);
    const row = { before: span, beforeDepth: depth, afterDepth: kept?.depth ?? depth, addedBySampler: false };
    return kept === undefined ? row : { ...row, after: kept.span };
  });
  for (const { span, depth } of afterOrder) {
    if (!beforeIds.has(span.spanId)) {
      rows.push({ before: span, beforeDepth: depth, after: span, afterDepth: depth, addedBySampler: true });
    }
  }
  const all = [...example.before, ...example.after];
  const shown = rows.slice(0, Math.max(0, maxRows));
  return {
    rows: shown,
    hiddenRows: rows.length - shown.length,
    startNanos: all.reduce((min, s) => Math.min(min, startOf(s)), 0),
    endNanos: all.reduce((max, s) => Math.max(max, endOf(s)), 1),
  };
}
