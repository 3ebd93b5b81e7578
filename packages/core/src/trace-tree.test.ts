import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileTraceArbitrary, traceOf } from '../test/traces.js';
import type { Span } from './model.js';
import { spanIdHash } from './span-id-hash.js';
import { buildTraceTree, compareSpans } from './trace-tree.js';

/** A chain of `n` spans under `root` whose ids all fall in one slot of a table of `slots` (a power of two). */
function collidingChain(root: Span, n: number, slots: number): Span[] {
  const spans = [root];
  const slot = spanIdHash(root.spanId) & (slots - 1);
  for (let k = 1; spans.length < n; k++) {
    const spanId = (k * 0x9e3779b1).toString(16).padStart(16, '0').slice(-16);
    if ((spanIdHash(spanId) & (slots - 1)) !== slot || spans.some((s) => s.spanId === spanId)) continue;
    spans.push({ ...root, spanId, parentSpanId: spans[spans.length - 1]!.spanId });
  }
  return spans;
}

/** A hex span id, not in `taken` (then added to it), whose hash falls in `slot` of a table of `slots`. */
function idInSlot(slot: number, slots: number, taken: Set<string>): string {
  for (let k = 1; ; k++) {
    const spanId = (k * 0x9e3779b1 + slot * 0x1000193).toString(16).padStart(16, '0').slice(-16);
    if ((spanIdHash(spanId) & (slots - 1)) !== slot || taken.has(spanId)) continue;
    taken.add(spanId);
    return spanId;
  }
}

describe('buildTraceTree', () => {
  it('links children to parents, root first, children by start time', () => {
    const trace = traceOf(
      {
        service: 's',
        name: 'root',
        children: [
          { service: 's', name: 'a' },
          { service: 's', name: 'b', children: [{ service: 't', name: 'c' }] },
        ],
      },
      1,
    );
    const tree = buildTraceTree(trace);
    expect(tree.spans.map((s) => s.name)).toEqual(['root', 'a', 'b', 'c']);
    expect(tree.tops).toEqual([0]);
    expect([...tree.parent]).toEqual([-1, 0, 0, 2]);
    expect(tree.children[0]).toEqual([1, 2]);
    expect(tree.preorder).toEqual([0, 1, 2, 3]);
    expect(tree.duplicates).toBe(0);
    expect(tree.brokenLinks).toBe(0);
  });

  it('drops duplicate ids, makes spans with missing parents top-level, and breaks cycles', () => {
    const base = traceOf({ service: 's', name: 'root', children: [{ service: 's', name: 'a' }] }, 2);
    const [root, a] = base.spans;
    const dup = { ...a!, name: 'dup' };
    const lost = { ...a!, spanId: 'ffffffffffffffff', parentSpanId: '0123456789abcdef' };
    const x = { ...a!, spanId: '000000000000000a', parentSpanId: '000000000000000b' };
    const y = { ...a!, spanId: '000000000000000b', parentSpanId: '000000000000000a' };
    const tree = buildTraceTree({ traceId: base.traceId, spans: [root!, a!, dup, lost, x, y] });
    expect(tree.duplicates).toBe(1);
    expect(tree.spans).toHaveLength(5);
    expect(tree.brokenLinks).toBe(2);
    expect(tree.spans[tree.tops[0]!]!.name).toBe('root');
    expect(tree.preorder).toHaveLength(5);
  });

  it('links small traces (found by scan) as larger ones (found through a map)', () => {
    fc.assert(
      fc.property(hostileTraceArbitrary(), (trace) => {
        const head = trace.spans.slice(0, 16);
        // 20 unrelated top-level spans push the same first spans past the scan limit.
        const pad = Array.from({ length: 20 }, (_, k) => ({
          ...head[0]!,
          spanId: `ee${k.toString(16).padStart(14, '0')}`,
          parentSpanId: '',
        }));
        const small = buildTraceTree({ traceId: trace.traceId, spans: head });
        const large = buildTraceTree({ traceId: trace.traceId, spans: [...head, ...pad] });
        const n = small.spans.length;
        expect(large.spans.slice(0, n)).toEqual(small.spans);
        expect([...large.parent.slice(0, n)]).toEqual([...small.parent]);
        expect(large.duplicates).toBe(small.duplicates);
        expect(large.brokenLinks).toBe(small.brokenLinks);
        expect(large.children.slice(0, n)).toEqual(small.children);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('links small traces whose ids end alike, with a duplicate early, as larger ones', () => {
    const base = traceOf({ service: 's', name: 'root', children: [{ service: 's', name: 'a' }] }, 2);
    const root = { ...base.spans[0]!, spanId: '00000000000000vv', parentSpanId: '' };
    const at = (spanId: string, parentSpanId: string, name: string): Span => ({
      ...base.spans[1]!,
      spanId,
      parentSpanId,
      name,
    });
    // `a` and `c` end alike (a scan that told ids apart by their ends alone would put `b` under `c`), the
    // others differ; the duplicate of `a` comes second, so the spans after it shift by one.
    const a = at('10000000000000zz', root.spanId, 'a');
    const spans = [
      a,
      { ...a, name: 'dup' },
      at('20000000000000yy', a.spanId, 'b'),
      at('30000000000000zz', '20000000000000yy', 'c'),
      at('40000000000000ww', '99999999999999zz', 'lost'),
      root,
    ];
    const pad = Array.from({ length: 20 }, (_, k) => ({
      ...root,
      spanId: `ee${k.toString(16).padStart(14, '0')}`,
    }));
    const small = buildTraceTree({ traceId: base.traceId, spans });
    const large = buildTraceTree({ traceId: base.traceId, spans: [...spans, ...pad] });
    expect(small.duplicates).toBe(1);
    expect(small.brokenLinks).toBe(1);
    expect([...small.parent]).toEqual([4, 0, 1, -1, -1]);
    expect(small.spans.map((s) => s.name)).toEqual(['a', 'b', 'c', 'lost', 'root']);
    expect(small.preorder.map((i) => small.spans[i]!.name)).toEqual(['root', 'a', 'b', 'c', 'lost']);
    expect([...large.parent.slice(0, 5)]).toEqual([...small.parent]);
  });

  it('visits every unique span exactly once for any input', () => {
    fc.assert(
      fc.property(hostileTraceArbitrary(), (trace) => {
        const tree = buildTraceTree(trace);
        expect(new Set(tree.preorder).size).toBe(tree.spans.length);
        expect(tree.preorder).toHaveLength(tree.spans.length);
        for (const i of tree.preorder) {
          const p = tree.parent[i]!;
          if (p >= 0) expect(tree.preorder.indexOf(p)).toBeLessThan(tree.preorder.indexOf(i));
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('gives the id hash of every unique span past the scan limit, aligned with the spans', () => {
    fc.assert(
      fc.property(hostileTraceArbitrary(), (trace) => {
        // 20 more top-level spans: past the scan limit, where ids are hashed (none below it).
        const pad = Array.from({ length: 20 }, (_, k) => ({
          ...trace.spans[0]!,
          spanId: `ee${k.toString(16).padStart(14, '0')}`,
          parentSpanId: '',
        }));
        const tree = buildTraceTree({ traceId: trace.traceId, spans: [...trace.spans, ...pad] });
        expect([...tree.spanIdHashes!]).toEqual(tree.spans.map((s) => spanIdHash(s.spanId)));
        if (trace.spans.length <= 16) expect(buildTraceTree(trace).spanIdHashes).toBeUndefined();
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('links ids that all collide in the id table (past its probe budget) as any others', () => {
    const root = traceOf({ service: 's', name: 'root' }, 4).spans[0]!;
    // 60 spans: a table of 128 slots; every id in one slot costs ~1,770 probes, past the budget of 240.
    const spans = collidingChain(root, 60, 128);
    const repeated = { ...spans[7]!, name: 'repeat' };
    const tree = buildTraceTree({ traceId: root.traceId, spans: [...spans, repeated] });
    expect(tree.duplicates).toBe(1);
    expect(tree.brokenLinks).toBe(0);
    expect([...tree.parent]).toEqual(spans.map((_, k) => k - 1));
    expect(tree.preorder).toEqual(spans.map((_, k) => k));
    expect([...tree.spanIdHashes!]).toEqual(spans.map((s) => spanIdHash(s.spanId)));
  });

  it('links parents whose ids land in one long run of the id table (past the lookup budget) as any others', () => {
    const root = traceOf({ service: 's', name: 'root' }, 4).spans[0]!;
    // 400 spans: a table of 1,024 slots. 200 chained spans fill a run of slots with no collision (the
    // others sit elsewhere), and 199 spans point to a missing parent whose id hashes to the run's start:
    // each lookup walks the whole run (~40,000 probes in all, past the budget of 1,600), so the lookups
    // move to a Map part way.
    const start = ((spanIdHash(root.spanId) & 1023) + 300) & 1023;
    const taken = new Set([root.spanId]);
    const missing = idInSlot(start, 1024, taken);
    const chain = [root];
    for (let k = 0; k < 200; k++) {
      const spanId = idInSlot((start + k) & 1023, 1024, taken);
      chain.push({ ...root, spanId, parentSpanId: chain[chain.length - 1]!.spanId });
    }
    const strays = Array.from({ length: 199 }, (_, k) => ({
      ...root,
      spanId: idInSlot((start + 300 + k) & 1023, 1024, taken),
      parentSpanId: missing,
    }));
    const tree = buildTraceTree({ traceId: root.traceId, spans: [...chain, ...strays] });
    expect(tree.brokenLinks).toBe(199);
    expect([...tree.parent]).toEqual([...chain.map((_, k) => k - 1), ...strays.map(() => -1)]);
    expect(tree.tops).toHaveLength(200);
  });

  it('handles an empty trace and a very deep chain without recursion limits', () => {
    expect(buildTraceTree({ traceId: 'a'.repeat(32), spans: [] }).tops).toEqual([]);
    const chain = traceOf({ service: 's', name: 'root' }, 3);
    const root = chain.spans[0]!;
    const spans = [root];
    for (let d = 1; d <= 20_000; d++) {
      spans.push({ ...root, spanId: d.toString(16).padStart(16, '0'), parentSpanId: spans[d - 1]!.spanId });
    }
    const tree = buildTraceTree({ traceId: root.traceId, spans });
    expect(tree.preorder).toHaveLength(20_001);
  });
});

describe('compareSpans with startHr', () => {
  it('orders spans with normalized [seconds, nanos] starts as their BigInt times, and mixed ones by the times', () => {
    let state = 3;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state;
    };
    const spanAt = (s: number, n: number, hinted: boolean, name: string): Span =>
      ({
        startTimeUnixNano: BigInt(s) * 1_000_000_000n + BigInt(n),
        name,
        spanId: name,
        ...(hinted ? { startHr: [s, n] } : {}),
      }) as unknown as Span;
    for (let k = 0; k < 5000; k++) {
      const s = 1_764_000_000 + (next() % 3);
      const a = [s, next() % 3 === 0 ? 5 : next() % 1_000_000_000] as const;
      const b = [s + (next() % 2), next() % 3 === 0 ? 5 : next() % 1_000_000_000] as const;
      const plain = compareSpans(spanAt(a[0], a[1], false, 'x'), spanAt(b[0], b[1], false, 'y'));
      expect(compareSpans(spanAt(a[0], a[1], true, 'x'), spanAt(b[0], b[1], true, 'y'))).toBe(plain);
      expect(compareSpans(spanAt(a[0], a[1], true, 'x'), spanAt(b[0], b[1], false, 'y'))).toBe(plain);
    }
  });
});
