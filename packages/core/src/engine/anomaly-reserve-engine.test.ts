import { describe, expect, it, vi } from 'vitest';
import { type NodeSpec, traceOf } from '../../test/traces.js';
import type { Span } from '../model.js';
import type { AnomalyReserve } from '../stats/anomaly-reserve.js';
import type { BudgetController } from '../stats/budget-controller.js';
import type { TraceDecision } from '../strategy.js';
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

  it('gives no slowdown (0, not NaN) to a span of a key not learned yet, even with zThreshold 0', () => {
    const cold = new AutoscopeEngine({ zThreshold: 0, budgetUnit: 'spans' });
    const analysis = cold.analyse(traceAt(0, 2000));
    expect(Array.from(analysis.z.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(analysis.slowdown.subarray(0, 3))).toEqual([0, 0, 0]);
    cold.select(analysis);
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

/** A root over `count` children of one key (the usual `SELECT stock` of `traceAt`), each `leafUs` long. */
function wideTraceAt(i: number, count: number, leafUs: number) {
  const children = Array.from({ length: count }, () => ({
    service: 'inventory',
    name: 'SELECT stock',
    durationUs: leafUs,
  }));
  return buildTraceTree(traceOf({ service: 'gateway', name: 'GET /x', durationUs: 5000, children }, i));
}

/** The engine's budget and reserve, their calls recorded (and carried out). */
function instrument(engine: AutoscopeEngine) {
  const inner = engine as unknown as { budget: BudgetController; reserve: AnomalyReserve };
  return {
    reserve: inner.reserve,
    threshold: vi.spyOn(inner.budget, 'threshold'),
    budgetRecord: vi.spyOn(inner.budget, 'record'),
    reserveRecord: vi.spyOn(inner.reserve, 'record'),
  };
}

describe('the anomaly reserve pays for its own keeps, on top of the main budget', () => {
  it('spends the units of the spans it keeps; the main budget is charged for the others only', () => {
    // Spans as units (1 a span): a reserve keep is an `anomaly` scoring under the threshold read for it.
    const engine = new AutoscopeEngine({ keepRatio: 0.1, anomalyReserve: 0.2, budgetUnit: 'spans' });
    const spy = instrument(engine);
    let fromReserve = 0;
    let traces = 0;
    for (let i = 0; i < 600; i++) {
      const slow = i >= 300 && i % 10 === 0;
      const tree = i % 100 === 55 ? wideTraceAt(i, 30, 150_000) : traceAt(i, slow ? 150_000 : 2000);
      const decision = engine.decide(tree);
      const threshold = spy.threshold.mock.results.at(-1)!.value as number;
      const kept = decision.decisions.filter((d) => d.keep).length;
      const reserveKept = decision.decisions.filter(
        (d) => d.keep && d.reason === 'anomaly' && d.score < threshold,
      ).length;
      expect(spy.reserveRecord.mock.lastCall![0]).toBe(reserveKept);
      expect(spy.budgetRecord.mock.lastCall![0] + reserveKept).toBe(kept);
      fromReserve += reserveKept;
      if (reserveKept > 0) traces++;
    }
    expect(traces).toBeGreaterThan(10);
    expect(spy.reserve.spentUnits).toBe(fromReserve);
  });

  it('earns its share of the calibrated budget, not of keepRatio', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.1, anomalyReserve: 0.2 });
    const spy = instrument(engine);
    for (let i = 0; i < 200; i++) {
      const decision: TraceDecision = engine.decide(traceAt(i, 2000));
      const total = spy.budgetRecord.mock.lastCall![1];
      // Earned on the target calibrated so far (observeOutput below moves it for the next trace).
      expect(spy.reserveRecord.mock.lastCall![1]).toBeCloseTo(total * engine.effectiveKeepRatio, 6);
      // Written twice the size charged: the calibrated target falls to about half of keepRatio.
      const kept = decision.tree.spans.filter((_, k) => decision.decisions[k]!.keep);
      engine.observeOutput(decision, [...kept, ...kept.map((span): Span => ({ ...span }))]);
    }
    expect(engine.effectiveKeepRatio).toBeLessThan(0.08);
  });
});

describe('one trace spends at most what the reserve holds', () => {
  it('keeps no more of an oversized trace than the reserve holds, the slowest first, and opens again', () => {
    // 3-span traces earn 0.02 x 0.1 x 3 units: the reserve holds 1000 x 0.006 = 6 spans.
    const engine = new AutoscopeEngine({ keepRatio: 0.1, anomalyReserve: 0.02, budgetUnit: 'spans' });
    const spy = instrument(engine);
    for (let i = 0; i < 300; i++) engine.decide(traceAt(i, 2000));
    const available = spy.reserve.available();
    expect(available).toBeCloseTo(6, 1);
    const leaf = (k: number) => 100_000 + (k % 10) * 10_000;
    const children = Array.from({ length: 40 }, (_, k) => ({
      service: 'inventory',
      name: 'SELECT stock',
      durationUs: leaf(k),
    }));
    const tree = buildTraceTree(
      traceOf({ service: 'gateway', name: 'GET /x', durationUs: 5000, children }, 300),
    );
    const decision = engine.decide(tree);
    const kept = decision.decisions.flatMap((d, k) => (k > 0 && d.keep ? [leaf(k - 1)] : []));
    expect(kept.length).toBe(Math.floor(available));
    expect(spy.reserve.spentUnits).toBe(kept.length);
    // The slowest: the 4 spans of 190 ms, then 180 ms ones.
    expect(Math.min(...kept)).toBe(180_000);
    expect(decision.decisions.filter((d) => d.reason === 'over_budget').length).toBe(40 - kept.length);
    // Never overdrawn: the bar is finite again at once.
    expect(spy.reserve.units).toBeGreaterThanOrEqual(0);
    engine.decide(traceAt(301, 2000));
    expect(Number.isFinite(spy.reserve.threshold())).toBe(true);
  });

  it('keeps nothing from the reserve in the first trace (its size is not known yet)', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.1, zThreshold: 0, budgetUnit: 'spans' });
    const spy = instrument(engine);
    expect(spy.reserve.available()).toBe(0);
    engine.decide(wideTraceAt(0, 50, 150_000));
    expect(spy.reserveRecord.mock.lastCall![0]).toBe(0);
  });
});
