import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamOf } from '../../test/strategy-contract.js';
import { hostileTraceArbitrary, traceOf, typicalTrace } from '../../test/traces.js';
import type { TraceDecision } from '../strategy.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { AutoscopeEngine } from './autoscope-engine.js';

/** Decisions as plain tuples, for equality. */
function flat(decision: TraceDecision): [boolean, string, number][] {
  return decision.decisions.map((d) => [d.keep, d.reason, d.score]);
}

/** Traces of very different sizes in turn, so reused arrays hold a larger trace's leftovers. */
function mixedTrees(): TraceTree[] {
  const trees: TraceTree[] = [];
  const stream = streamOf(300);
  for (let i = 0; i < stream.length; i++) {
    trees.push(buildTraceTree(stream[i]!));
    if (i % 7 === 0) trees.push(buildTraceTree(typicalTrace(i, { loop: 200 + i, slow: i % 2 === 0 })));
    if (i % 11 === 0) trees.push(buildTraceTree(typicalTrace(i, { loop: 0, error: true })));
  }
  return trees;
}

describe('AutoscopeEngine array reuse', () => {
  it('decide (reused arrays) matches analyse then select (fresh arrays) trace for trace', () => {
    const reused = new AutoscopeEngine({ keepRatio: 0.2 });
    const fresh = new AutoscopeEngine({ keepRatio: 0.2 });
    for (const tree of mixedTrees()) {
      expect(flat(reused.decide(tree))).toEqual(flat(fresh.select(fresh.analyse(tree))));
    }
  });

  it('an analysis kept for a later select is not overwritten by decisions in between', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.2, budgetUnit: 'spans' });
    const twin = new AutoscopeEngine({ keepRatio: 0.2, budgetUnit: 'spans' });
    const trees = mixedTrees();
    for (const tree of trees.slice(0, 100)) {
      engine.decide(tree);
      twin.decide(tree);
    }
    const held = engine.analyse(trees[100]!);
    const heldTwin = twin.analyse(trees[100]!);
    const twinDecision = flat(twin.select(heldTwin));
    for (const tree of trees.slice(101, 140)) engine.decide(tree);
    const later = engine.select(held);
    expect(later.decisions.filter((d) => d.keep).length).toBeGreaterThan(0);
    // Same marks and scores (only the budget threshold may have moved in between).
    expect(later.decisions.map((d) => d.score)).toEqual(twinDecision.map((d) => d[2]));
  });

  it('a trace larger than the reused arrays (fresh buffers) decides like analyse then select', () => {
    const reused = new AutoscopeEngine({ keepRatio: 0.2 });
    const fresh = new AutoscopeEngine({ keepRatio: 0.2 });
    for (const tree of mixedTrees().slice(0, 60)) {
      reused.decide(tree);
      fresh.select(fresh.analyse(tree));
    }
    // Over 65,536 spans: decide takes fresh arrays, which must get the same defaults as reused ones.
    const big = buildTraceTree(typicalTrace(7, { loop: 70_000, slow: true }));
    const decided = flat(reused.decide(big));
    expect(decided).toEqual(flat(fresh.select(fresh.analyse(big))));
    expect(decided.some(([keep, reason]) => !keep && reason === 'low_priority')).toBe(false);
  });

  it('hostile trees of every size decide like fresh arrays', () => {
    fc.assert(
      fc.property(fc.array(hostileTraceArbitrary(), { minLength: 1, maxLength: 8 }), (traces) => {
        const reused = new AutoscopeEngine({ keepRatio: 0.3 });
        const fresh = new AutoscopeEngine({ keepRatio: 0.3 });
        for (const trace of traces) {
          const tree = buildTraceTree(trace);
          expect(flat(reused.decide(tree))).toEqual(flat(fresh.select(fresh.analyse(tree))));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('observeOutput calibrates once per decision of this engine and ignores others', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.1, budgetUnit: 'bytes' });
    const other = new AutoscopeEngine({ keepRatio: 0.1, budgetUnit: 'bytes' });
    const tree = buildTraceTree(typicalTrace(1));
    const before = engine.effectiveKeepRatio;
    engine.observeOutput(other.decide(tree), tree.spans);
    engine.observeOutput({ tree, decisions: [] }, tree.spans);
    expect(engine.effectiveKeepRatio).toBe(before);
    const decision = engine.decide(tree);
    // Writing far more than charged lowers the calibrated target; a second report of the same decision does nothing.
    const heavy = [...tree.spans, ...tree.spans, ...tree.spans, ...tree.spans];
    engine.observeOutput(decision, heavy);
    const after = engine.effectiveKeepRatio;
    expect(after).toBeLessThan(before);
    engine.observeOutput(decision, heavy);
    expect(engine.effectiveKeepRatio).toBe(after);
  });

  it('shares one frozen decision per reason for score 0 and keeps every other score on its own object', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.2 });
    const shared = new Map<string, object>();
    let zero = 0;
    let scored = 0;
    for (const tree of mixedTrees()) {
      for (const d of engine.decide(tree).decisions) {
        if (d.score !== 0) {
          scored++;
          expect(Object.isFrozen(d)).toBe(false);
          continue;
        }
        zero++;
        expect(Object.isFrozen(d)).toBe(true);
        const key = `${d.keep}:${d.reason}`;
        expect(shared.get(key) ?? d).toBe(d);
        shared.set(key, d);
      }
    }
    expect(zero).toBeGreaterThan(0);
    expect(scored).toBeGreaterThan(0);
  });

  it('marks as repeats exactly the siblings whose label occurs at least repeatThreshold times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 5 }),
        (names, threshold) => {
          const engine = new AutoscopeEngine({ repeatThreshold: threshold });
          const spec = {
            service: 's',
            name: 'root',
            children: names.map((name) => ({ service: 's', name })),
          };
          const analysis = engine.analyse(buildTraceTree(traceOf(spec, 1)));
          const tree = analysis.tree;
          const kids = tree.children[tree.tops[0]!]!;
          for (const k of kids) {
            const name = tree.spans[k]!.name;
            const expected = names.filter((n) => n === name).length >= threshold ? 1 : 0;
            expect(analysis.repeat[k]).toBe(expected);
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});
