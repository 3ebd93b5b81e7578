import { describe, expect, it } from 'vitest';
import { decodeShapeRows, encodeShapeRows } from './shape-codec.js';
import { encodeShapeDefinitions, type ShapeDefinition } from './shape-dictionary.js';
import { labelOf } from './shape-hash.js';

const defs: ShapeDefinition[] = [
  { hash: 12345, label: labelOf('svc-a', 'GET /x'), children: null },
  { hash: 2 ** 52 - 1, label: labelOf('svc-a', 'GET /x'), children: [12345, 12345, 7] },
  { hash: 99, label: labelOf('svc-b', 'q'), children: [] },
];

describe('shape rows', () => {
  it('round-trips, writing each label once per stream and referencing it afterwards', () => {
    const written = new Set<number>();
    const first = encodeShapeRows(defs, written);
    const second = encodeShapeRows(defs, written);
    expect(first.match(/svc-a/g)).toHaveLength(1);
    expect(second).not.toContain('svc-');
    const labels = new Map<number, string>();
    expect(decodeShapeRows(first, labels)).toEqual(defs);
    expect(decodeShapeRows(second, labels)).toEqual(defs);
  });

  it('is smaller than the full form once labels are known', () => {
    const written = new Set<number>();
    encodeShapeRows(defs, written);
    expect(encodeShapeRows(defs, written).length).toBeLessThan(encodeShapeDefinitions(defs).length);
  });

  it('reads the full form too', () => {
    expect(decodeShapeRows(encodeShapeDefinitions(defs), new Map())).toEqual(defs);
  });

  it('rejects unknown label references and malformed rows', () => {
    const compact = encodeShapeRows(defs, new Set([...defs].map(() => 0)));
    const withoutLabels = encodeShapeRows(defs, { has: () => true, add: () => {} });
    expect(compact.length).toBeGreaterThan(0);
    expect(decodeShapeRows(withoutLabels, new Map())).toBeUndefined();
    for (const bad of ['', 'nope', '{}', '[1]', '[["a","b"]]', '[["zz","q",[["1",0]]]]', '[["a","b",5]]'])
      expect(decodeShapeRows(bad, new Map()), bad).toBeUndefined();
    expect(decodeShapeRows('[["!","s","n"]]', new Map())).toBeUndefined();
    expect(decodeShapeRows('[["zzzzzzzzzzzz","s","n",null]]', new Map())).toBeUndefined();
  });
});
