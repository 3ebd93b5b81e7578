import { describe, expect, it } from 'vitest';
import { innerMap } from './inner-map.js';

describe('innerMap', () => {
  it('makes one empty map per key on first use and returns the same one after', () => {
    const outer = new WeakMap<object, Map<string, number>>();
    const a = {};
    const first = innerMap(outer, a);
    expect(first.size).toBe(0);
    first.set('x', 1);
    expect(innerMap(outer, a)).toBe(first);
    expect(innerMap(outer, {})).not.toBe(first);
    const byName = new Map<string, Map<string, number>>();
    expect(innerMap(byName, 's')).toBe(innerMap(byName, 's'));
    expect(byName.size).toBe(1);
  });
});
