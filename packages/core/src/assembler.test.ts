import { describe, expect, it } from 'vitest';
import { hexId, typicalTrace } from '../test/traces.js';
import { TraceAssembler } from './assembler.js';

const OPTIONS = { idle: 10, maxWait: 100, maxSpans: 1000, decidedCacheSize: 100 };

describe('TraceAssembler', () => {
  it('completes a trace once its root has arrived and it has been idle', () => {
    const assembler = new TraceAssembler(OPTIONS);
    const trace = typicalTrace(1);
    const [root, ...rest] = trace.spans;
    expect(assembler.add(rest, 0)).toEqual([]);
    expect(assembler.poll(50)).toEqual([]); // no root yet: waits for maxWait
    assembler.add([root!], 50);
    expect(assembler.poll(55)).toEqual([]);
    const done = assembler.poll(60);
    expect(done).toHaveLength(1);
    expect(done[0]!.spans).toHaveLength(trace.spans.length);
    expect(done[0]!.cause).toBe('idle');
    expect(assembler.heldSpans).toBe(0);
  });

  it('completes a rootless trace at maxWait and sends later spans as late', () => {
    const assembler = new TraceAssembler(OPTIONS);
    const [root, ...rest] = typicalTrace(2).spans;
    assembler.add(rest, 0);
    expect(assembler.poll(100).map((t) => t.cause)).toEqual(['max_wait']);
    const late = assembler.add([root!], 101);
    expect(late).toHaveLength(1);
    expect(late[0]!.late).toBe(true);
    expect(assembler.counters.late).toBe(1);
  });

  it('groups interleaved spans of several traces in one batch, late ones of a decided trace apart', () => {
    const assembler = new TraceAssembler(OPTIONS);
    const [a, b, c] = [typicalTrace(3).spans, typicalTrace(4).spans, typicalTrace(5).spans];
    assembler.add(c, 0);
    expect(assembler.flush().map((t) => t.traceId)).toEqual([c[0]!.traceId]);
    // a, a, b, c (decided: late), a, b, c, ...: runs of one trace broken by another's spans.
    const batch = [a[0]!, a[1]!, b[0]!, c[0]!, a[2]!, b[1]!, c[1]!, ...a.slice(3), ...b.slice(2)];
    const late = assembler.add(batch, 1);
    expect(late.map((t) => t.spans)).toEqual([[c[0], c[1]]]);
    const done = assembler.flush();
    expect(done.map((t) => t.spans)).toEqual([a, b]);
    expect(assembler.counters.spans).toBe(c.length + batch.length);
  });

  it('bounds memory by completing the oldest traces early', () => {
    const assembler = new TraceAssembler({ ...OPTIONS, maxSpans: 20 });
    const out = [];
    for (let i = 0; i < 10; i++) out.push(...assembler.add(typicalTrace(i).spans, i));
    expect(assembler.heldSpans).toBeLessThanOrEqual(20);
    expect(out.every((t) => t.cause === 'memory')).toBe(true);
    expect(out[0]!.traceId).toBe(typicalTrace(0).traceId);
    expect(out.length + assembler.flush().length).toBe(10);
  });

  it('tells apart decided ids that differ only in their last digit, and forgets past decidedCacheSize', () => {
    const assembler = new TraceAssembler({ ...OPTIONS, decidedCacheSize: 2 });
    const spanOf = (n: number) => ({ ...typicalTrace(n).spans[0]!, traceId: hexId(n, 32) });
    for (let n = 1; n <= 3; n++) assembler.add([spanOf(n)], 0);
    expect(assembler.flush()).toHaveLength(3);
    const again = assembler.add([spanOf(1), spanOf(3), spanOf(4)], 1);
    expect(again.map((t) => t.traceId)).toEqual([hexId(3, 32)]); // 1 forgotten, 4 new: both open
    expect(assembler.openTraces).toBe(2);
  });
});
