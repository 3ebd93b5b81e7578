import { describe, expect, it } from 'vitest';
import { streamOf } from '../../test/strategy-contract.js';
import { typicalTrace } from '../../test/traces.js';
import { SpentAnalysisError } from '../errors.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { AnalysisPool, MAX_POOLED_SPANS } from './analysis-pool.js';
import { AutoscopeEngine } from './autoscope-engine.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** Traces of many sizes, so pooled buffers of one size class serve traces of another size. */
function mixedTrees(): TraceTree[] {
  const trees: TraceTree[] = [];
  const stream = streamOf(200);
  for (let i = 0; i < stream.length; i++) {
    trees.push(buildTraceTree(stream[i]!));
    if (i % 5 === 0) trees.push(buildTraceTree(typicalTrace(i, { loop: 20 + 13 * i, slow: i % 2 === 0 })));
  }
  return trees;
}

/** Every per-span value of an analysis, copied (what a later select reads). */
function snapshot(analysis: TraceAnalysis): unknown[] {
  const n = analysis.tree.spans.length;
  const row = (values: ArrayLike<unknown>) => Array.from({ length: n }, (_, i) => values[i]);
  return [
    analysis.tree,
    analysis.time,
    [...analysis.sources],
    row(analysis.labels),
    row(analysis.sourceOf),
    row(analysis.mandatory),
    row(analysis.z),
    row(analysis.gapAnomaly),
    row(analysis.rareBranch),
    row(analysis.repeat),
    row(analysis.implied),
    row(analysis.modelImplied),
    row(analysis.preferred),
    row(analysis.priority),
    row(analysis.weight),
    row(analysis.units),
    row(analysis.keptUnits),
    row(analysis.sourceUnits),
  ];
}

describe('AnalysisPool', () => {
  it('a spent analysis lends its buffers to the next analyse', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.2 });
    const small = buildTraceTree(typicalTrace(1, { loop: 2 }));
    const spent = engine.analyse(small);
    engine.select(spent);
    // The buffers come back: the next analysis is a new object over the same arrays.
    const next = engine.analyse(buildTraceTree(typicalTrace(2, { loop: 3 })));
    expect(next).not.toBe(spent);
    expect(next.z).toBe(spent.z);
    // Not so while the first is still waiting.
    expect(engine.analyse(small).z).not.toBe(next.z);
  });

  it('analyses waiting for select (a lookback) are never overwritten by the ones analysed meanwhile', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.2 });
    const waiting: { analysis: TraceAnalysis; copy: unknown[] }[] = [];
    let checked = 0;
    for (const tree of mixedTrees()) {
      const analysis = engine.analyse(tree);
      waiting.push({ analysis, copy: snapshot(analysis) });
      // Between 1 and 12 traces wait, so buffers go back and out in every order.
      while (waiting.length > 1 + (checked % 12)) {
        const { analysis: due, copy } = waiting.shift()!;
        expect(snapshot(due)).toEqual(copy);
        engine.select(due);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('holds at most MAX_POOLED_SPANS spans of spare buffers, and lends each buffers out once at a time', () => {
    const pool = new AnalysisPool();
    const engine = new AutoscopeEngine();
    const big = buildTraceTree(typicalTrace(1, { loop: 3000 }));
    const analyses = Array.from({ length: 40 }, () => engine.analyse(big));
    expect(new Set(analyses).size).toBe(40);
    const lent = analyses.map((analysis) => {
      const buffers = pool.take(big.spans.length);
      pool.made(analysis, buffers);
      return buffers;
    });
    expect(new Set(lent).size).toBe(40);
    for (const analysis of analyses) pool.giveBack(analysis);
    const held = pool.heldSpans;
    expect(held).toBeGreaterThan(MAX_POOLED_SPANS / 2);
    expect(held).toBeLessThanOrEqual(MAX_POOLED_SPANS);
    // A second select of a spent analysis gives nothing back.
    for (const analysis of analyses) pool.giveBack(analysis);
    expect(pool.heldSpans).toBe(held);
    const a = pool.take(10);
    const b = pool.take(10);
    expect(a).not.toBe(b);
    expect(a.capacity).toBe(16);
    expect(pool.take(17).capacity).toBe(32);
    expect(pool.take(0).capacity).toBe(4);
  });

  it('refuses a second select of an analysis whose buffers another trace now uses, and leaves it intact', () => {
    const engine = new AutoscopeEngine({});
    const trees = mixedTrees().filter((tree) => tree.spans.length >= 4 && tree.spans.length <= 8);
    const [t1, t2, t3] = [trees[0]!, trees[1]!, trees[2]!];
    const a = engine.analyse(t1);
    engine.select(a);
    const b = engine.analyse(t2); // takes a's buffers back from the pool
    expect(b).not.toBe(a);
    expect(() => engine.select(a)).toThrow(SpentAnalysisError);
    const before = snapshot(b);
    engine.analyse(t3); // must not get b's buffers: b is still waiting
    expect(snapshot(b)).toEqual(before);
    expect(engine.select(b).tree).toBe(t2);
    expect(() => engine.select(b)).toThrow(SpentAnalysisError);
  });

  it('keeps no trace reachable through spare buffers', () => {
    const pool = new AnalysisPool();
    const engine = new AutoscopeEngine({});
    const tree = buildTraceTree(typicalTrace(7, { loop: 5 }));
    const buffers = pool.take(tree.spans.length);
    const analysis = engine.analyse(tree);
    buffers.analysis = analysis as NonNullable<typeof buffers.analysis>;
    pool.made(analysis, buffers);
    pool.giveBack(analysis);
    expect(pool.take(tree.spans.length)).toBe(buffers);
    expect(buffers.analysis).toBeUndefined();
    expect(pool.wasSpent(analysis)).toBe(true);
  });
});
