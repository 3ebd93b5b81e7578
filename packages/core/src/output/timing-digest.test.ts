import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileTraceArbitrary, traceOf } from '../../test/traces.js';
import { findAttribute } from '../model.js';
import { drop, keep } from '../strategy.js';
import { ShapePublisher } from '../structure/shape-dictionary.js';
import { buildTraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A } from './attributes.js';
import { materialize } from './materialize.js';
import { digestKey, selfTimes, timingNanos, timingValue } from './timing-digest.js';

/**
 * api (5 ms) -> db.query x2 (1 ms, 3 ms; dropped), rpc (2 ms, dropped) -> worker (1.5 ms, kept).
 * traceOf gives each node durationUs and starts children 1 µs apart.
 */
const TRACE = traceOf(
  {
    service: 'api',
    name: 'GET /',
    durationUs: 5000,
    children: [
      { service: 'api', name: 'db.query', durationUs: 1000 },
      { service: 'api', name: 'db.query', durationUs: 3000 },
      {
        service: 'api',
        name: 'rpc',
        durationUs: 2000,
        children: [{ service: 'worker', name: 'work', durationUs: 1500 }],
      },
    ],
  },
  1,
);

function sampled() {
  const tree = buildTraceTree(TRACE);
  const decisions = tree.spans.map((s) =>
    s.name === 'GET /' || s.name === 'work' ? keep('root') : drop('normal'),
  );
  return materialize(
    { tree, decisions },
    { structure: 'reparent', annotate: false, publisher: new ShapePublisher() },
  );
}

describe('timing digest', () => {
  it('computes self time as duration less the children, never below 0', () => {
    const tree = buildTraceTree(TRACE);
    const self = [...selfTimes(tree)];
    const byName = (name: string) => tree.spans.flatMap((s, i) => (s.name === name ? [self[i]] : []));
    expect(byName('GET /')).toEqual([0]); // its children take 6 ms of its 5 ms
    expect(byName('db.query')).toEqual([1_000_000, 3_000_000]);
    expect(byName('rpc')).toEqual([500_000]);
    expect(byName('work')).toEqual([1_500_000]);
  });

  it('quantises on a log scale within 5% and clamps at one byte', () => {
    for (const nanos of [1_000, 50_000, 1_234_567, 987_654_321]) {
      const back = timingNanos(timingValue(nanos));
      expect(Math.abs(back - nanos) / nanos).toBeLessThan(0.05);
    }
    expect(timingValue(-5)).toBe(0);
    expect(timingValue(1e18)).toBe(255);
  });

  it('writes the anchor self time then one mean per dropped group, in key order', () => {
    const out = sampled();
    const root = out.find((s) => s.name === 'GET /')!;
    const worker = out.find((s) => s.name === 'work')!;
    expect(findAttribute(worker.attributes, A.TIMING)).toBeUndefined();
    const value = findAttribute(root.attributes, A.TIMING);
    expect(findAttribute(root.attributes, A.SHAPE)).toBeDefined();
    if (value === undefined || !('bytesValue' in value)) throw new Error('no timing digest on the root');
    const keys = [digestKey('api', 'db.query', ''), digestKey('api', 'rpc', 'worker')].sort();
    expect(keys[0]).toBe(digestKey('api', 'db.query', ''));
    const meanLog = (Math.log2(1 + 1000) + Math.log2(1 + 3000)) / 2;
    expect([...value.bytesValue]).toEqual([timingValue(0), Math.round(meanLog * 8), timingValue(500_000)]);
  });

  it('is not written when the output options turn it off', () => {
    const tree = buildTraceTree(TRACE);
    const decisions = tree.spans.map((s) => (s.name === 'GET /' ? keep('root') : drop('normal')));
    const options = { structure: 'reparent' as const, annotate: false, publisher: new ShapePublisher() };
    const off = materialize({ tree, decisions }, { ...options, timing: false });
    expect(findAttribute(off[0]!.attributes, A.SHAPE)).toBeDefined();
    expect(findAttribute(off[0]!.attributes, A.TIMING)).toBeUndefined();
  });

  it('is absent when nothing below a kept span was dropped', () => {
    const tree = buildTraceTree(TRACE);
    const out = materialize(
      { tree, decisions: tree.spans.map(() => keep('root')) },
      { structure: 'reparent', annotate: false, publisher: new ShapePublisher() },
    );
    expect(out.some((s) => findAttribute(s.attributes, A.TIMING) !== undefined)).toBe(false);
  });
});

describe('selfTimes on hostile times', () => {
  it('equals the BigInt arithmetic for any times (negative, past 2^64, skewed)', () => {
    const time = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }),
      fc.constantFrom(0n, (1n << 64n) - 1n, 1n << 64n, -1n),
    );
    fc.assert(
      fc.property(
        hostileTraceArbitrary(),
        fc.array(fc.tuple(time, time), { maxLength: 40 }),
        (trace, times) => {
          const spans = trace.spans.map((s, i) =>
            times[i] === undefined
              ? s
              : { ...s, startTimeUnixNano: times[i][0], endTimeUnixNano: times[i][1] },
          );
          const tree = buildTraceTree({ traceId: trace.traceId, spans });
          const duration = (i: number) =>
            Math.max(0, Number(tree.spans[i]!.endTimeUnixNano - tree.spans[i]!.startTimeUnixNano));
          const expected = tree.spans.map((_, i) => {
            let rest = duration(i);
            for (const c of tree.children[i]!) rest -= duration(c);
            return Math.max(rest, 0);
          });
          expect([...selfTimes(tree)]).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
