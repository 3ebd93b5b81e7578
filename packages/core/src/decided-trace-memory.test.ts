import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { hexId, resourceOf } from '../test/traces.js';
import { DecidedTraceMemory } from './decided-trace-memory.js';
import { makeSpan, type Span } from './model.js';
import { mulberry32 } from './random.js';
import { buildTraceTree } from './trace-tree.js';

const SCOPE = { name: 'test', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/** `count` spans of trace `t`, span i with id number `t * 1000 + i`. */
function spansOf(t: number, count: number): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    spans.push(
      makeSpan({
        traceId: hexId(t, 32),
        spanId: spanId(t, i),
        parentSpanId: i === 0 ? '' : spanId(t, 0),
        name: 'op',
        startTimeUnixNano: 0n,
        endTimeUnixNano: 1n,
        resource: resourceOf('svc'),
        scope: SCOPE,
      }),
    );
  }
  return spans;
}

/** Sequential ids, as test tools and replays make them: ids of a trace differ only in their last digits. */
function spanId(t: number, i: number): string {
  return hexId(t * 1000 + i, 16);
}

describe('DecidedTraceMemory', () => {
  it('takes the tree id hashes for the spans a trace had (no id read again), to the same answers', () => {
    const spans = spansOf(2, 6);
    const tree = buildTraceTree({ traceId: hexId(2, 32), spans });
    const memory = new DecidedTraceMemory({ maxTraces: 10, maxSpanIds: 100 });
    memory.remember('t2', spans[0]!.spanId, tree.spans, [spans[2]!], tree.spanIdHashes);
    const trace = memory.get('t2')!;
    expect(spans.every((s) => memory.wasSeen(trace, s.spanId))).toBe(true);
    expect(memory.wasSeen(trace, spanId(2, 6))).toBe(false);
    expect(memory.wasExported(trace, spanId(2, 2))).toBe(true);
    expect(memory.wasExported(trace, spanId(2, 1))).toBe(false);
    // Hashes of another length than the spans' are not used: the ids are hashed instead.
    memory.remember('t3', '', spansOf(3, 2), [], new Float64Array(1));
    expect(memory.wasSeen(memory.get('t3')!, spanId(3, 1))).toBe(true);
  });

  it('knows the spans a trace had, the exported ones and late ones', () => {
    const memory = new DecidedTraceMemory({ maxTraces: 10, maxSpanIds: 100 });
    const spans = spansOf(1, 5);
    memory.remember('t1', spans[0]!.spanId, spans, [spans[0]!, spans[3]!]);
    const trace = memory.get('t1')!;
    expect(trace.rootSpanId).toBe(spanId(1, 0));
    expect(spans.every((s) => memory.wasSeen(trace, s.spanId))).toBe(true);
    expect(memory.wasSeen(trace, spanId(1, 5))).toBe(false);
    expect(memory.wasExported(trace, spanId(1, 3))).toBe(true);
    expect(memory.wasExported(trace, spanId(1, 1))).toBe(false);
    memory.addLate(trace, 'not-hex');
    expect(memory.wasSeen(trace, 'not-hex')).toBe(true);
    expect(memory.wasExported(trace, 'not-hex')).toBe(true);
  });

  it('forgets the oldest traces when the span ids would not fit, and skips a trace larger than all', () => {
    const memory = new DecidedTraceMemory({ maxTraces: 100, maxSpanIds: 50 });
    for (let t = 0; t < 4; t++) memory.remember(`t${t}`, '', spansOf(t, 20), []);
    // 20 + 20 fit, the third wraps to the start and takes the first's place (and the second's: 20 > 10).
    expect(['t0', 't1', 't2', 't3'].map((id) => memory.get(id) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    memory.remember('huge', '', spansOf(9, 51), []);
    expect(memory.get('huge')).toBeUndefined();
    expect(memory.size).toBe(2);
  });

  it('bounds the number of traces, and a trace decided again becomes the newest', () => {
    const memory = new DecidedTraceMemory({ maxTraces: 2, maxSpanIds: 1000 });
    memory.remember('a', '', spansOf(1, 3), []);
    memory.remember('b', '', spansOf(2, 3), []);
    memory.remember('a', '', spansOf(1, 4), []);
    memory.remember('c', '', spansOf(3, 3), []);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')?.seen).toBe(4);
    expect(memory.size).toBe(2);
  });

  it('keeps every remembered trace intact across many wraps of the ring (random sizes)', () => {
    const random = mulberry32(7);
    const memory = new DecidedTraceMemory({ maxTraces: 40, maxSpanIds: 300 });
    const sizes = new Map<string, number>();
    for (let t = 0; t < 2000; t++) {
      const count = Math.floor(random() * 60);
      const spans = spansOf(t, count);
      memory.remember(`t${t}`, '', spans, spans.slice(0, 2));
      sizes.set(`t${t}`, count);
      expect(memory.get(`t${t}`)).toBeDefined(); // the newest always fits
      if (t % 97 !== 0) continue;
      let held = 0;
      for (const [id, n] of sizes) {
        const trace = memory.get(id);
        if (trace === undefined) continue;
        held += n + Math.min(n, 2);
        const k = Number(id.slice(1));
        for (let i = 0; i < n; i++) expect(memory.wasSeen(trace, spanId(k, i))).toBe(true);
        expect(memory.wasSeen(trace, spanId(k, n))).toBe(false);
        expect(memory.wasExported(trace, spanId(k, 0))).toBe(n > 0);
        expect(memory.wasExported(trace, spanId(k, 2))).toBe(false);
      }
      expect(held).toBeLessThanOrEqual(300);
      expect(memory.size).toBeLessThanOrEqual(40);
    }
  });

  it('counts late span ids against maxSpanIds: older traces go first, then ids are counted, not held', () => {
    const memory = new DecidedTraceMemory({ maxTraces: 10, maxSpanIds: 10 });
    const a = spansOf(1, 3);
    const b = spansOf(2, 3);
    memory.remember('a', '', a, a.slice(0, 1));
    memory.remember('b', '', b, b.slice(0, 1)); // 8 ids held
    const trace = memory.get('b')!;
    const late = (i: number) => spanId(2, 100 + i);
    for (let i = 0; i < 3; i++) memory.addLate(trace, late(i)); // the third needs a's place
    expect(memory.get('a')).toBeUndefined();
    expect(memory.get('b')).toBe(trace);
    for (let i = 3; i < 7; i++) memory.addLate(trace, late(i)); // 4 + 6 = 10: b alone fills the bound
    memory.addLate(trace, late(1)); // a repeat costs nothing
    expect(memory.lateIdsNotHeld).toBe(1);
    expect([0, 1, 2, 3, 4, 5].every((i) => memory.wasSeen(trace, late(i)))).toBe(true);
    expect(memory.wasSeen(trace, late(6))).toBe(false);
    expect(memory.wasExported(trace, late(5))).toBe(true);
    // Forgetting b frees all 10, late ids included: a new trace of 10 fits beside nothing else.
    const c = spansOf(3, 5);
    memory.remember('c', '', c, c);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('c')).toBeDefined();
  });

  it('keeps late span ids of remembered traces and all held ids within maxSpanIds (random mix)', () => {
    const random = mulberry32(11);
    const memory = new DecidedTraceMemory({ maxTraces: 6, maxSpanIds: 60 });
    const late = new Map<string, string[]>();
    let nextLate = 0;
    for (let step = 0; step < 3000; step++) {
      const t = Math.floor(random() * 8);
      const trace = memory.get(`t${t}`);
      if (trace === undefined || random() < 0.05) {
        const spans = spansOf(t, Math.floor(random() * 30));
        memory.remember(`t${t}`, '', spans, spans.slice(0, 3));
        late.set(`t${t}`, []);
        continue;
      }
      const id = hexId(900_000 + nextLate++, 16);
      const notHeld = memory.lateIdsNotHeld;
      memory.addLate(trace, id);
      if (memory.lateIdsNotHeld === notHeld) late.get(`t${t}`)!.push(id);
      let held = 0;
      for (const [key, ids] of late) {
        const remembered = memory.get(key);
        if (remembered === undefined) continue;
        held += remembered.seen + remembered.exported + ids.length;
        expect(ids.every((x) => memory.wasSeen(remembered, x) && memory.wasExported(remembered, x))).toBe(
          true,
        );
      }
      expect(held).toBeLessThanOrEqual(60);
      expect(memory.get(`t${t}`)).toBe(trace); // a trace is never forgotten for its own late span
    }
    expect(memory.lateIdsNotHeld).toBeGreaterThan(0);
  });

  it('holds late span ids without pinning the text they were cut from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const memory = new DecidedTraceMemory({ maxTraces: 10, maxSpanIds: 1000 });
    const spans = spansOf(1, 2);
    memory.remember('t', '', spans, spans);
    const trace = memory.get('t')!;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 8; i++) {
      // An id sliced from a 512 KB text is a view on it, as ids cut from a reader's chunk are.
      const text = `${String(i).repeat(512 * 1024)}${spanId(1, 100 + i)},rest`;
      memory.addLate(trace, text.slice(512 * 1024, 512 * 1024 + 16));
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(1024 * 1024); // 4 MB if pinned
    expect(memory.wasSeen(trace, spanId(1, 107))).toBe(true);
  });
});
