import { describe, expect, it } from 'vitest';
import type { Span } from '../model.js';
import type { TraceTree } from '../trace-tree.js';
import { type SelectionInput, type SelectionUnits, selectSpans } from './select-spans.js';
import type { SpanLabel, SpanSource } from './span-labels.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** Per-span marks of a fixture span (everything else at the analysis defaults). */
interface SpanMarks {
  readonly z?: number;
  readonly slowdown?: number;
  readonly gap?: boolean;
  readonly rare?: boolean;
  readonly root?: boolean;
}

/** A one-source analysis: the first span is the root (mandatory), the others its children. */
function analysisOf(marks: readonly SpanMarks[]): TraceAnalysis {
  const n = marks.length;
  const flag = (f: (m: SpanMarks) => boolean | undefined) => Uint8Array.from(marks, (m) => (f(m) ? 1 : 0));
  const tree: TraceTree = {
    traceId: 'a'.repeat(32),
    spans: marks.map(() => ({}) as Span),
    parent: Int32Array.from(marks, (_, i) => (i === 0 ? -1 : 0)),
    children: marks.map((_, i) => (i === 0 ? marks.map((_, k) => k).slice(1) : [])),
    tops: [0],
    preorder: marks.map((_, i) => i),
    duplicates: 0,
    brokenLinks: 0,
  };
  return {
    tree,
    labels: marks.map(() => ({}) as SpanLabel),
    sources: [{} as SpanSource],
    sourceOf: new Int32Array(n),
    mandatory: marks.map((m) => (m.root ? 'root' : undefined)),
    z: Float64Array.from(marks, (m) => m.z ?? 0),
    slowdown: Float64Array.from(marks, (m) => m.slowdown ?? 0),
    gapAnomaly: flag((m) => m.gap),
    rareBranch: flag((m) => m.rare),
    repeat: new Uint8Array(n),
    implied: new Uint8Array(n),
    modelImplied: new Uint8Array(n),
    preferred: new Uint8Array(n),
    priority: new Float64Array(n).fill(0.5),
    weight: new Float64Array(n).fill(1),
    units: new Float64Array(n).fill(100),
    keptUnits: new Float64Array(n).fill(100),
    sourceUnits: Float64Array.of(10),
    time: 0,
  };
}

function select(analysis: TraceAnalysis, input: Partial<SelectionInput>) {
  const units: SelectionUnits = { kept: 0, total: 0, mandatory: 0, reserve: 0 };
  const decisions = selectSpans(
    analysis,
    {
      threshold: 0,
      zThreshold: 3.5,
      reserveThreshold: Number.POSITIVE_INFINITY,
      reserveAvailable: Number.POSITIVE_INFINITY,
      hot: new Float64Array(1),
      written: new Uint8Array(1),
      ...input,
    },
    units,
  );
  return { decisions, units };
}

describe('selectSpans: decisions kept at score 0', () => {
  it('names each kept reason at score 0: anomaly, branch pin, budget', () => {
    // zThreshold 0: a rare branch's pin adds 0; z -1 is not anomalous; a gap anomaly with z 0 scores 0.
    const analysis = analysisOf([{ root: true }, { gap: true }, { z: -1, rare: true }, { z: -1 }]);
    const { decisions } = select(analysis, { threshold: 0, zThreshold: 0 });
    expect(decisions.map((d) => [d.keep, d.reason, d.score])).toEqual([
      [true, 'root', 0],
      [true, 'anomaly', 0],
      [true, 'branch_pin', 0],
      [true, 'budget', 0],
    ]);
  });

  it('shares one frozen decision per reason at score 0', () => {
    const analysis = analysisOf([
      { root: true },
      { gap: true },
      { gap: true },
      { z: -1, rare: true },
      { z: -1, rare: true },
    ]);
    const { decisions } = select(analysis, { threshold: 0, zThreshold: 0 });
    expect(decisions[1]).toBe(decisions[2]);
    expect(decisions[3]).toBe(decisions[4]);
    expect(Object.isFrozen(decisions[1])).toBe(true);
  });
});

describe('selectSpans: the anomaly reserve', () => {
  const spans: SpanMarks[] = [
    { root: true },
    { z: 400, slowdown: 100 },
    { z: 8, slowdown: 1.5 },
    { z: 900, slowdown: 3 },
    { z: 1, slowdown: 0 },
  ];

  it('keeps anomalies slow enough for the reserve while mandatory spans exhaust the budget', () => {
    const { decisions, units } = select(analysisOf(spans), {
      threshold: Number.POSITIVE_INFINITY,
      reserveThreshold: 2.5,
    });
    expect(decisions.map((d) => d.reason)).toEqual(['root', 'anomaly', 'over_budget', 'anomaly', 'normal']);
    // Root 100 + resource 10, then two spans of 100 from the reserve.
    expect(units).toEqual({ kept: 310, total: 510, mandatory: 110, reserve: 200 });
  });

  it('ranks by slowdown, not by the capped score: a higher bar keeps the slower span only', () => {
    const { decisions, units } = select(analysisOf(spans), {
      threshold: Number.POSITIVE_INFINITY,
      reserveThreshold: 10,
    });
    expect(decisions.map((d) => d.keep)).toEqual([true, true, false, false, false]);
    expect(units.reserve).toBe(100);
  });

  it('stays out while the threshold is within the capped scores (the main ranking holds)', () => {
    const { decisions, units } = select(analysisOf(spans), { threshold: 50, reserveThreshold: 2 });
    expect(decisions.map((d) => d.reason)).toEqual(['root', 'anomaly', 'over_budget', 'anomaly', 'normal']);
    expect(units.reserve).toBe(0);
    const higher = select(analysisOf(spans), { threshold: 60, reserveThreshold: 2 });
    expect(higher.units.reserve).toBe(200);
    // Below the cap, a span scoring under the threshold is dropped however slow: z 20 < 40.
    const slowButLow = analysisOf([{ root: true }, { z: 20, slowdown: 30 }]);
    const within = select(slowButLow, { threshold: 40, reserveThreshold: 2 });
    expect(within.decisions[1]!.reason).toBe('over_budget');
    expect(select(slowButLow, { threshold: 51, reserveThreshold: 2 }).decisions[1]!.reason).toBe('anomaly');
    const closed = select(analysisOf(spans), { threshold: 60 });
    expect(closed.decisions.map((d) => d.keep)).toEqual([true, false, false, false, false]);
  });
});

describe('selectSpans: a trace spends at most what the reserve holds', () => {
  const slow: SpanMarks[] = [
    { root: true },
    { z: 400, slowdown: 3 },
    { z: 400, slowdown: 100 },
    { z: 400, slowdown: 50 },
    { z: 400, slowdown: 100 },
  ];
  const exhausted = { threshold: Number.POSITIVE_INFINITY, reserveThreshold: 2 };

  it('keeps the slowest candidates that fit, equal slowdowns in span order, the others over budget', () => {
    const { decisions, units } = select(analysisOf(slow), { ...exhausted, reserveAvailable: 250 });
    expect(decisions.map((d) => d.reason)).toEqual([
      'root',
      'over_budget',
      'anomaly',
      'over_budget',
      'anomaly',
    ]);
    expect(units).toEqual({ kept: 310, total: 510, mandatory: 110, reserve: 200 });
    const one = select(analysisOf(slow), { ...exhausted, reserveAvailable: 199 });
    expect(one.decisions.map((d) => d.keep)).toEqual([true, false, true, false, false]);
    expect(one.units.reserve).toBe(100);
    const none = select(analysisOf(slow), { ...exhausted, reserveAvailable: 0 });
    expect(none.decisions.map((d) => d.keep)).toEqual([true, false, false, false, false]);
    expect(none.units).toEqual({ kept: 110, total: 510, mandatory: 110, reserve: 0 });
  });

  it('keeps every candidate when they fit exactly, and charges the resource to the first kept span', () => {
    const all = select(analysisOf(slow), { ...exhausted, reserveAvailable: 400 });
    expect(all.decisions.map((d) => d.keep)).toEqual([true, true, true, true, true]);
    expect(all.units.reserve).toBe(400);
    // No mandatory span: the slowest candidate pays the resource (110), the next (100) no longer fits.
    const rootless = analysisOf([{ z: 1 }, { z: 400, slowdown: 5 }, { z: 400, slowdown: 9 }]);
    const capped = select(rootless, { ...exhausted, reserveAvailable: 209 });
    expect(capped.decisions.map((d) => d.keep)).toEqual([false, false, true]);
    expect(capped.units).toEqual({ kept: 110, total: 310, mandatory: 0, reserve: 110 });
  });
});
