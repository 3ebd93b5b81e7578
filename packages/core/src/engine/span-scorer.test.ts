import { describe, expect, it } from 'vitest';
import { makeLabel, type SpanLabel } from './span-labels.js';
import { Series, SpanScorer } from './span-scorer.js';

function scoreAt(scorer: SpanScorer, time: number, x: number) {
  const label = LABEL;
  scorer.use(label, PARENT, time);
  return scorer.score(Series.DURATION, x);
}

const LABEL = makeLabel('checkout', 'GET /cart');
const PARENT = makeLabel('gateway', '/*');

describe('SpanScorer', () => {
  it('backs off to the coarse key for a new parent, then scores with the fine key', () => {
    const scorer = new SpanScorer({ window: 50, minSamples: 10 });
    for (let i = 0; i < 30; i++) scoreAt(scorer, i, 1000 + (i % 7));
    const other = makeLabel('web', '/checkout');
    expect(scorer.use(LABEL, other, 31)).toBe(true);
    expect(scorer.score(Series.DURATION, 5000)).toBeGreaterThan(100);
    expect(scorer.use(LABEL, other, 32)).toBe(false);
  });

  it('starts a label afresh after an hour of trace time without values', () => {
    const fresh = new SpanScorer({ window: 50, minSamples: 10 });
    for (let i = 0; i < 30; i++) scoreAt(fresh, i, 1000 + (i % 7));
    expect(scoreAt(fresh, 100, 5000)).toBeGreaterThan(100);
    expect(scoreAt(fresh, 100 + 3601, 5000)).toBe(0);
    expect(scoreAt(fresh, 100 + 3602, 5000)).toBe(0);
  });

  it('keeps the coarse key current while a warm fine key takes the values (one in 32)', () => {
    const scorer = new SpanScorer({ window: 100, minSamples: 10 });
    for (let i = 0; i < 4000; i++) scoreAt(scorer, i, 1000 + (i % 7));
    // The level moves; the window of the coarse key (100 values at one in 32) follows within 3,200 values.
    for (let i = 0; i < 3300; i++) scoreAt(scorer, 4000 + i, 5000 + (i % 7));
    const other = makeLabel('web', '/checkout');
    expect(scorer.use(LABEL, other, 8000)).toBe(true);
    expect(Math.abs(scorer.score(Series.DURATION, 5003))).toBeLessThan(1);
    // The fine key under the new parent is still young: it scored from the coarse key, not from nothing.
    expect(scorer.use(LABEL, other, 8001)).toBe(false);
    expect(scorer.score(Series.DURATION, 1000)).toBeLessThan(-100);
  });

  it('learns every other value once old, from the first value offered then, whatever was offered young', () => {
    // Window 4: a series learns every value until it holds 16, then every other value. Values offered
    // while young are not counted towards that alternation, rejected (non-finite) ones included.
    const scorer = new SpanScorer({ window: 4, minSamples: 1 });
    // A label of its own: statistics hang off the label, and other tests' scorers used LABEL.
    const label = makeLabel('stock', 'SELECT items');
    const offer = (time: number, x: number) => {
      scorer.use(label, PARENT, time);
      return scorer.score(Series.DURATION, x);
    };
    offer(0, Number.NaN);
    for (let i = 0; i < 16; i++) offer(1, 1000);
    // Old now: the first value offered is skipped, the second learned, and so on: the window holds 9000s.
    for (let i = 0; i < 8; i++) offer(2, i % 2 === 0 ? 5000 : 9000);
    expect(offer(3, 9000)).toBe(0);
    expect(offer(3, 5000)).toBeLessThan(-100);
  });

  it('reads the median a score used: the fine key once warm, else the coarse key, else NaN', () => {
    const scorer = new SpanScorer({ window: 50, minSamples: 10 });
    const label = makeLabel('stock', 'GET /level');
    const offer = (parent: SpanLabel, x: number) => {
      scorer.use(label, parent, 1);
      return scorer.score(Series.DURATION, x);
    };
    offer(PARENT, 1000);
    expect(scorer.medianOf(Series.DURATION)).toBeNaN();
    for (let i = 0; i < 30; i++) offer(PARENT, 1000 + (i % 5));
    expect(scorer.medianOf(Series.DURATION)).toBe(1002);
    // A new parent: its fine key is young, so the score (and the median) came from the coarse key.
    const other = makeLabel('web', '/stock');
    for (let i = 0; i < 5; i++) offer(other, 9000);
    expect(scorer.medianOf(Series.DURATION)).toBe(1002);
    for (let i = 0; i < 20; i++) offer(other, 9000);
    expect(scorer.medianOf(Series.DURATION)).toBe(9000);
    expect(scorer.medianOf(Series.SELF)).toBeNaN();
  });

  it('counts a parent past the per-label limit as new each time, and scores it with the coarse key', () => {
    const scorer = new SpanScorer({ window: 50, minSamples: 10 });
    const parents = Array.from({ length: 256 }, (_, p) => makeLabel('gateway', `/p${p}`));
    for (const parent of parents) scorer.use(LABEL, parent, 1);
    const extra = makeLabel('gateway', '/one-too-many');
    expect(scorer.use(LABEL, extra, 2)).toBe(true);
    expect(scorer.use(LABEL, extra, 3)).toBe(true);
    const known = parents[7]!;
    expect(scorer.use(LABEL, known, 4)).toBe(false);
    expect(scorer.use(LABEL, known, 5)).toBe(false);
  });
});
