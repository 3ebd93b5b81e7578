import { describe, expect, it } from 'vitest';
import { type NodeSpec, traceOf } from '../../test/traces.js';
import { buildTraceTree } from '../trace-tree.js';
import { AutoscopeEngine } from './autoscope-engine.js';

/** gateway GET /x (3 ms of its own) → inventory SELECT (leaf, `leafUs`), → inventory cache.get (`cacheUs`). */
function traceAt(i: number, leafUs: number, cacheUs = 20 + (i % 3)) {
  const jitter = (i % 13) * 20;
  const spec: NodeSpec = {
    service: 'gateway',
    name: 'GET /x',
    durationUs: leafUs + jitter + cacheUs + 3000 + (i % 7) * 10,
    children: [
      { service: 'inventory', name: 'SELECT stock', durationUs: leafUs + jitter },
      { service: 'inventory', name: 'cache.get', durationUs: cacheUs },
    ],
  };
  return buildTraceTree(traceOf(spec, i));
}

describe('slowdown: how many times slower than usual a span itself is', () => {
  const engine = new AutoscopeEngine({ budgetUnit: 'spans' });
  for (let i = 0; i < 200; i++) engine.select(engine.analyse(traceAt(i, 2000)));

  it('blames the slow leaf, not the parent that waited for it', () => {
    const analysis = engine.analyse(traceAt(500, 200_000));
    // Root: anomalous by duration, its own time normal; the leaf: ~100 times its median of ~2.1 ms.
    expect(analysis.z[0]).toBeGreaterThan(3.5);
    expect(analysis.slowdown[0]).toBe(0);
    expect(analysis.slowdown[1]).toBeGreaterThan(80);
    expect(analysis.slowdown[1]).toBeLessThan(110);
    engine.select(analysis);
  });

  it('counts a median under 1 ms as 1 ms: microseconds more on a tiny span are no slowdown', () => {
    const tenfold = engine.analyse(traceAt(501, 2000, 210));
    expect(tenfold.z[2]).toBeGreaterThan(3.5);
    expect(tenfold.slowdown[2]).toBeCloseTo(0.21, 2);
    engine.select(tenfold);
    const stalled = engine.analyse(traceAt(502, 2000, 7000));
    expect(stalled.slowdown[2]).toBeCloseTo(7, 1);
    engine.select(stalled);
  });
});

describe('the anomaly reserve in the engine', () => {
  // A root alone is over 10% of a three-span trace's bytes: mandatory spans exhaust the budget.
  const run = (anomalyReserve: number) => {
    const engine = new AutoscopeEngine({ keepRatio: 0.1, anomalyReserve });
    const reasons: string[] = [];
    for (let i = 0; i < 400; i++) {
      const slow = i >= 300 && i % 10 === 0;
      const decision = engine.decide(traceAt(i, slow ? 150_000 : 2000));
      if (slow) reasons.push(decision.decisions[1]!.reason);
    }
    return reasons;
  };

  it('keeps spans 75 times slower than usual that the exhausted budget drops', () => {
    expect(run(0)).toEqual(Array(10).fill('over_budget'));
    expect(run(0.2)).toEqual(Array(10).fill('anomaly'));
  });

  it('rejects a reserve share outside [0, 1], naming the option', () => {
    expect(() => new AutoscopeEngine({ anomalyReserve: 1.5 })).toThrow(/anomalyReserve/);
    expect(() => new AutoscopeEngine({ anomalyReserve: -0.1 })).toThrow(/anomalyReserve/);
  });
});
