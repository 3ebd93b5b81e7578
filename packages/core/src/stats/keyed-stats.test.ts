import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { type BackoffScore, KeyedRobustStats } from './keyed-stats.js';
import { RobustStats } from './streaming-mad.js';

describe('KeyedRobustStats', () => {
  it('backs off from fine to coarse to none by sample count', () => {
    const k = new KeyedRobustStats();
    for (let i = 0; i < 5; i++) k.push('coarse', 10 + (i % 3));
    expect(k.scoreWithBackoff('fine', 'coarse', 50, 5)).toMatchObject({ key: 'coarse', samples: 5 });
    expect(k.scoreWithBackoff('fine', 'coarse', 50, 7)).toEqual({ score: 0, key: 'none', samples: 1 });
    for (let i = 0; i < 10; i++) k.scoreWithBackoff('fine', 'coarse', 20 + (i % 4), 100);
    const r = k.scoreWithBackoff('fine', 'coarse', 50, 5);
    expect(r.key).toBe('fine');
    expect(r.samples).toBe(12);
    expect(k.peek('coarse')!.count).toBe(18);
  });

  it('scores exactly as the chosen RobustStats would, before pushing', () => {
    const k = new KeyedRobustStats({ window: 20, madWindow: 20 });
    const fine = new RobustStats({ window: 20, madWindow: 20 });
    const coarse = new RobustStats({ window: 20, madWindow: 20 });
    const xs = [3, 5, 4, 9, 4, 4, 6, 100, 5, 4, 3, 7, 0, -2, 5];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const got = k.scoreWithBackoff('f', 'c', x, 4);
      const want = fine.count >= 4 ? fine.score(x) : coarse.count >= 4 ? coarse.score(x) : 0;
      expect(got.score).toBe(want);
      fine.push(x);
      coarse.push(x);
      if (i % 2 === 0) {
        k.push('c', x * 2);
        coarse.push(x * 2);
      }
    }
  });

  it('pushes once when fine and coarse keys are equal', () => {
    const k = new KeyedRobustStats();
    k.scoreWithBackoff('a', 'a', 1, 1);
    expect(k.peek('a')!.count).toBe(1);
    expect(k.size).toBe(1);
  });

  it('ignores non-finite values without creating keys', () => {
    const k = new KeyedRobustStats();
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(k.scoreWithBackoff('f', 'c', x, 0)).toEqual({ score: 0, key: 'none', samples: 0 });
      k.push('p', x);
    }
    expect(k.rejected).toBe(6);
    expect(k.size).toBe(0);
  });

  it('reuses the result object when asked', () => {
    const k = new KeyedRobustStats();
    const into: BackoffScore = { score: 9, key: 'fine', samples: 9 };
    expect(k.scoreWithBackoff('f', 'c', 1, 3, into)).toBe(into);
    expect(into).toEqual({ score: 0, key: 'none', samples: 0 });
  });

  it('evicts the least recently used key and counts evictions', () => {
    const k = new KeyedRobustStats({ maxKeys: 3 });
    k.push('a', 1);
    k.push('b', 1);
    k.push('c', 1);
    k.get('a');
    k.push('d', 1);
    expect(k.peek('b')).toBeUndefined();
    expect(k.size).toBe(3);
    expect(k.evictions).toBe(1);
    k.peek('c');
    k.push('e', 1);
    expect(k.peek('c')).toBeUndefined();
    expect([k.peek('a'), k.peek('d'), k.peek('e')].every((s) => s !== undefined)).toBe(true);
  });

  it('stays within maxKeys and matches an LRU model (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 200,
        }),
        (maxKeys, ops) => {
          const k = new KeyedRobustStats({ maxKeys });
          const model: string[] = []; // most recent last
          let evictions = 0;
          const use = (key: string): void => {
            const at = model.indexOf(key);
            if (at >= 0) model.splice(at, 1);
            else if (model.length >= maxKeys) {
              model.shift();
              evictions++;
            }
            model.push(key);
          };
          for (const [f, c] of ops) {
            k.scoreWithBackoff(`f${f}`, `c${c}`, f + c, 2);
            use(`f${f}`);
            use(`c${c}`);
            expect(k.size).toBeLessThanOrEqual(maxKeys);
          }
          expect(k.evictions).toBe(evictions);
          for (const key of model) expect(k.peek(key)).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects bad options naming them', () => {
    expect(() => new KeyedRobustStats({ maxKeys: 0 })).toThrow(InvalidOptionError);
    expect(() => new KeyedRobustStats({ maxKeys: 1.5 })).toThrow(/maxKeys/);
    expect(() => new KeyedRobustStats({ window: 0 })).toThrow(/option window/);
    expect(() => new KeyedRobustStats({ madWindow: -3 })).toThrow(/option madWindow/);
  });

  it('clear() forgets keys and counters', () => {
    const k = new KeyedRobustStats({ maxKeys: 1 });
    k.push('a', 1);
    k.push('b', Number.NaN);
    k.push('c', 1);
    k.clear();
    expect([k.size, k.evictions, k.rejected]).toEqual([0, 0, 0]);
    k.push('z', 2);
    expect(k.peek('z')!.median()).toBe(2);
  });
});
