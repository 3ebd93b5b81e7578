import { describe, expect, it } from 'vitest';
import { makeResource, makeScope, makeSpan } from '../model.js';
import { buildTraceTree } from '../trace-tree.js';
import { LabelHashCache } from './label-hash-cache.js';
import { hashString, labelOf } from './shape-hash.js';

const orders = makeResource([{ key: 'service.name', value: { stringValue: 'orders' } }]);
const users = makeResource([{ key: 'service.name', value: { stringValue: 'users' } }]);

function treeOf(names: readonly [string, typeof orders][]) {
  const spans = names.map(([name, resource], i) =>
    makeSpan({
      traceId: 'a'.repeat(32),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : '0000000000000001',
      name,
      startTimeUnixNano: BigInt(i),
      endTimeUnixNano: BigInt(i + 10),
      resource,
      scope: makeScope('test'),
    }),
  );
  return buildTraceTree({ traceId: 'a'.repeat(32), spans });
}

describe('LabelHashCache', () => {
  it('fills a reused array with what `of` answers, from trace to trace', () => {
    const cache = new LabelHashCache();
    const out = new Float64Array(8).fill(-5);
    const first = treeOf([
      ['GET /', orders],
      ['SELECT', orders],
      ['GET /u', users],
    ]);
    const second = treeOf([
      ['GET /u', users],
      ['SELECT', orders],
    ]);
    for (const tree of [first, second, first]) {
      expect(cache.fill(tree, out)).toBe(out);
      const expected = tree.spans.map((s) => hashString(labelOf(s.resource.serviceName, s.name)));
      expect(Array.from(out.subarray(0, tree.spans.length))).toEqual(expected);
      expect(Array.from(cache.of(tree))).toEqual(expected);
    }
    expect(out[7]).toBe(-5);
  });

  it('answers the same past its bound (cleared and computed again, also mid-trace)', () => {
    const cache = new LabelHashCache(2);
    const out = new Float64Array(4);
    const tree = treeOf([
      ['a', orders],
      ['b', orders],
      ['c', orders],
      ['b', orders],
    ]);
    const expected = tree.spans.map((s) => hashString(labelOf(s.resource.serviceName, s.name)));
    for (let k = 0; k < 3; k++) expect(Array.from(cache.fill(tree, out))).toEqual(expected);
  });
});
