import { describe, expect, it } from 'vitest';
import { makeLabel } from './span-labels.js';
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
});
