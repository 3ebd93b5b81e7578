import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, in [0, 1), and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(c()).not.toBe(first[0]);
  });

  it('keeps the sequence earlier runs were made with (first outputs for seed 42)', () => {
    const r = mulberry32(42);
    expect([r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167]);
  });
});
