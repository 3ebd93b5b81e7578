import { describe, expect, it } from 'vitest';
import { scoreRanks } from './score.js';

describe('scoreRanks', () => {
  it('computes MRR, top-1 and top-3 by hand', () => {
    const score = scoreRanks([
      { ranked: ['a', 'b', 'c'], truth: 'a' }, // rank 1
      { ranked: ['a', 'b', 'c'], truth: 'c' }, // rank 3
      { ranked: ['a', 'b', 'c', 'd'], truth: 'd' }, // rank 4
      { ranked: ['a', 'b'], truth: 'z' }, // not ranked: 0
    ]);
    expect(score.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 4 + 0) / 4, 12);
    expect(score.top1).toBe(0.25);
    expect(score.top3).toBe(0.5);
    expect(score.cases).toBe(4);
  });

  it('counts the first occurrence when a ranking repeats a service', () => {
    expect(scoreRanks([{ ranked: ['x', 'y', 'y'], truth: 'y' }]).mrr).toBe(0.5);
  });

  it('gives zeros for no cases and for empty rankings', () => {
    expect(scoreRanks([])).toEqual({ mrr: 0, top1: 0, top3: 0, cases: 0 });
    expect(scoreRanks([{ ranked: [], truth: 'a' }])).toEqual({ mrr: 0, top1: 0, top3: 0, cases: 1 });
  });
});
