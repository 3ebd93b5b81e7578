import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { mulberry32 } from '../random.js';
import { BudgetController, type BudgetControllerOptions } from './budget-controller.js';

/** Deterministic PRNG so every simulation is reproducible. */
const rng = mulberry32;

interface SimSpan {
  readonly units: number;
  readonly mandatory: boolean;
  readonly score: number;
}

/** Generates the spans of trace number `n`. */
type TraceGen = (n: number, random: () => number) => SimSpan[];

interface SimResult {
  /** Kept fraction over the traces after warm-up. */
  readonly keptFraction: number;
  readonly thresholds: number[];
  readonly controller: BudgetController;
  /** Kept fraction of each block of `block` traces. */
  readonly blocks: number[];
}

/** Sums units of spans kept under `threshold`. */
function keptUnder(
  spans: readonly SimSpan[],
  threshold: number,
): { kept: number; total: number; mandatory: number } {
  let kept = 0;
  let total = 0;
  let mandatory = 0;
  for (const s of spans) {
    total += s.units;
    if (s.mandatory) mandatory += s.units;
    if (s.mandatory || s.score >= threshold) kept += s.units;
  }
  return { kept, total, mandatory };
}

/** Runs the engine's loop (threshold, keep mandatory and score >= threshold, record) over `traces`. */
function simulate(
  options: BudgetControllerOptions,
  gen: TraceGen,
  traces: number,
  warmup: number,
  block = 500,
): SimResult {
  const random = rng(1);
  const controller = new BudgetController(options);
  let kept = 0;
  let total = 0;
  const thresholds: number[] = [];
  const blocks: number[] = [];
  let blockKept = 0;
  let blockTotal = 0;
  for (let n = 0; n < traces; n++) {
    const threshold = controller.threshold();
    thresholds.push(threshold);
    const { kept: k, total: t, mandatory: m } = keptUnder(gen(n, random), threshold);
    controller.record(k, t, m);
    blockKept += k;
    blockTotal += t;
    if ((n + 1) % block === 0) {
      blocks.push(blockKept / blockTotal);
      blockKept = 0;
      blockTotal = 0;
    }
    if (n >= warmup) {
      kept += k;
      total += t;
    }
  }
  return { keptFraction: kept / total, thresholds, controller, blocks };
}

const exponential = (random: () => number): number => -Math.log(1 - random());

/** Traces of 1..40 spans, the root mandatory, 1% error spans mandatory, exponential scores. */
function exponentialTraces(scale: (n: number) => number, bytes = false): TraceGen {
  return (n, random) => {
    const count = 1 + Math.floor(random() * 40);
    const spans: SimSpan[] = [];
    for (let i = 0; i < count; i++) {
      const units = bytes ? Math.round(200 * Math.exp(2 * random())) : 1;
      spans.push({ units, mandatory: i === 0 || random() < 0.01, score: scale(n) * exponential(random) });
    }
    return spans;
  };
}

/** Like the engine: most optional spans score exactly 0 (not slower than usual), a few score high. */
const engineLikeTraces: TraceGen = (_n, random) => {
  const count = 1 + Math.floor(random() * 60);
  const spans: SimSpan[] = [];
  for (let i = 0; i < count; i++) {
    const score = random() < 0.6 ? 0 : exponential(random) * 2;
    spans.push({ units: 1 + Math.floor(random() * 500), mandatory: i === 0, score });
  }
  return spans;
};

/** Long-run kept fraction within ±1% (relative) of target, and every block after the first within ±5%. */
function expectConverged(result: SimResult, target: number): void {
  expect(Math.abs(result.keptFraction - target) / target).toBeLessThanOrEqual(0.01);
  for (const b of result.blocks.slice(1)) expect(Math.abs(b - target) / target).toBeLessThanOrEqual(0.05);
}

describe('BudgetController', () => {
  for (const target of [0.08, 0.1, 0.3, 0.6]) {
    it(`holds ${target} of spans with exponential scores`, () => {
      expectConverged(
        simulate(
          { target },
          exponentialTraces(() => 1),
          20_000,
          2_000,
        ),
        target,
      );
    });
  }

  it('holds the target in bytes while the score scale drifts 55-fold', () => {
    const drift = (n: number) => Math.exp(4 * Math.sin(n / 3000));
    expectConverged(simulate({ target: 0.1 }, exponentialTraces(drift, true), 30_000, 2_000), 0.1);
  });

  it('holds the target with tied zero scores (engine-like)', () => {
    for (const target of [0.2, 0.5, 0.7])
      expectConverged(simulate({ target }, engineLikeTraces, 20_000, 2_000), target);
  });

  it('recovers within a few hundred traces after the scores jump 100-fold', () => {
    const step = (n: number) => (n < 5_000 ? 1 : 100);
    const r = simulate({ target: 0.1 }, exponentialTraces(step), 10_000, 2_000, 250);
    // Block 20 is the first after the jump; it may be off, block 22 on must be back.
    for (const b of r.blocks.slice(22)) expect(Math.abs(b - 0.1) / 0.1).toBeLessThanOrEqual(0.05);
    expect(Math.abs(r.keptFraction - 0.1) / 0.1).toBeLessThanOrEqual(0.01);
  });

  it('pays back the overshoot of a rare huge trace', () => {
    const gen: TraceGen = (n, random) => {
      const spans = exponentialTraces(() => 1)(n, random);
      // Every 1000th trace adds 300 high-scoring spans: a third of the optional budget of 1000 traces.
      if (n % 1000 === 999)
        for (let i = 0; i < 300; i++) spans.push({ units: 1, mandatory: false, score: 20 });
      return spans;
    };
    // Ends 600 traces after the last huge trace, when its overshoot has been paid back.
    const r = simulate({ target: 0.1 }, gen, 20_600, 2_000);
    expect(Math.abs(r.keptFraction - 0.1) / 0.1).toBeLessThanOrEqual(0.01);
  });

  it('reports overBudget and keeps only mandatory units when they exceed the target, then recovers', () => {
    const gen: TraceGen = (n, random) =>
      exponentialTraces(() => 1)(n, random).map((s, i) => ({
        ...s,
        mandatory: s.mandatory || (n < 3_000 && i < 8),
      }));
    const r = simulate({ target: 0.1 }, gen, 12_000, 6_000);
    expect(r.thresholds.slice(500, 3_000).every((t) => t === Number.POSITIVE_INFINITY)).toBe(true);
    expect(r.thresholds.slice(4_000).every((t) => Number.isFinite(t))).toBe(true);
    expect(r.controller.overBudget).toBe(false);
    expect(Math.abs(r.keptFraction - 0.1) / 0.1).toBeLessThanOrEqual(0.01);
  });

  it('sets overBudget from the windowed mandatory share', () => {
    const c = new BudgetController({ target: 0.1 });
    c.record(20, 100, 20);
    expect(c.overBudget).toBe(true);
    expect(c.threshold()).toBe(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 2_000 && c.overBudget; i++) c.record(1, 100, 1);
    expect(c.overBudget).toBe(false);
    expect(Number.isFinite(c.threshold())).toBe(true);
  });

  it('keeps everything at target 1 and only mandatory at target 0', () => {
    const all = simulate(
      { target: 1 },
      exponentialTraces(() => 1),
      3_000,
      1_000,
    );
    expect(all.keptFraction).toBe(1);
    const none = simulate(
      { target: 0 },
      exponentialTraces(() => 1),
      3_000,
      1_000,
    );
    expect(none.controller.overBudget).toBe(true);
    expect(none.keptFraction).toBeCloseTo(none.controller.mandatoryUnits / none.controller.totalUnits, 2);
  });

  it('ignores NaN, infinite and negative records and stays bounded', () => {
    const c = new BudgetController({ target: 0.2 });
    const bad: [number, number, number][] = [
      [Number.NaN, 10, 1],
      [1, Number.POSITIVE_INFINITY, 0],
      [1, 10, Number.NEGATIVE_INFINITY],
      [-1, 10, 0],
      [1, -10, 0],
      [1, 10, Number.NaN],
    ];
    for (const [k, t, m] of bad) c.record(k, t, m);
    expect(c.rejected).toBe(bad.length);
    expect(c.records).toBe(0);
    expect(c.threshold()).toBe(3.5);
    c.record(0, 0, 0);
    c.record(500, 10, 3); // kept > total: clamped to total
    c.record(0, 10, 50); // mandatory > total: clamped to total, kept raised to it
    expect([c.keptUnits, c.totalUnits, c.mandatoryUnits]).toEqual([20, 20, 13]);
    for (let i = 0; i < 10_000; i++) c.record(i % 2 === 0 ? 1e300 : 0, 1e300, 0);
    expect(Number.isFinite(c.threshold())).toBe(true);
    expect(Math.abs(c.threshold())).toBeLessThan(1e11);
  });

  it('is deterministic for the same input', () => {
    const a = simulate({ target: 0.15 }, engineLikeTraces, 3_000, 0);
    const b = simulate({ target: 0.15 }, engineLikeTraces, 3_000, 0);
    expect(a.thresholds).toEqual(b.thresholds);
  });

  it('moves the threshold the right way', () => {
    const c = new BudgetController({ target: 0.1, initialThreshold: 2 });
    const spans: SimSpan[] = Array.from({ length: 100 }, (_, i) => ({
      units: 1,
      mandatory: false,
      score: i / 10,
    }));
    const { kept, total, mandatory } = keptUnder(spans, -1);
    c.record(kept, total, mandatory);
    expect(c.threshold()).toBeGreaterThan(2);
    const d = new BudgetController({ target: 0.5, initialThreshold: 2 });
    d.record(0, 100, 0);
    expect(d.threshold()).toBeLessThan(2);
  });

  it('rejects bad options naming them', () => {
    expect(() => new BudgetController({ target: 1.5 })).toThrow(/option target/);
    expect(() => new BudgetController({ target: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => new BudgetController({ target: 0.1, window: 0 })).toThrow(/option window/);
    expect(() => new BudgetController({ target: 0.1, integralGain: 0 })).toThrow(/option integralGain/);
    expect(() => new BudgetController({ target: 0.1, proportionalGain: -1 })).toThrow(
      /option proportionalGain/,
    );
    expect(() => new BudgetController({ target: 0.1, initialThreshold: Number.POSITIVE_INFINITY })).toThrow(
      /option initialThreshold/,
    );
    expect(new BudgetController({ target: 0.1 }).describe()).toContain('target=0.1');
  });
});

describe('BudgetController.calibrate', () => {
  /** Kept spans cost 1.25 times what was charged once written (attributes the output adds). */
  function simulate(calibrated: boolean): number {
    const random = rng(11);
    const c = new BudgetController({ target: 0.1 });
    let written = 0;
    let total = 0;
    for (let t = 0; t < 4000; t++) {
      const threshold = c.threshold();
      let kept = 0;
      let units = 0;
      for (let s = 0; s < 50; s++) {
        const size = 50 + 100 * random();
        units += size;
        if (random() * 10 >= threshold) kept += size;
      }
      c.record(kept, units, 0);
      if (calibrated) c.calibrate(kept * 1.25, kept);
      if (t >= 1000) {
        written += kept * 1.25;
        total += units;
      }
    }
    return written / total;
  }

  it('holds the written share at the target when writing costs more than charged', () => {
    expect(simulate(false)).toBeGreaterThan(0.12);
    expect(Math.abs(simulate(true) / 0.1 - 1)).toBeLessThan(0.05);
  });

  it('bounds the factor and ignores hostile input', () => {
    const c = new BudgetController({ target: 0.1 });
    c.calibrate(Number.NaN, 10);
    c.calibrate(-1, 10);
    expect(c.rejected).toBe(2);
    expect(c.effectiveTarget).toBe(0.1);
    c.calibrate(1e9, 1);
    expect(c.effectiveTarget).toBeCloseTo(0.05, 10);
  });
});
