import { describe, expect, it } from 'vitest';
import { hexId, typicalTrace } from '../test/traces.js';
import { AutoscopeEngine } from './engine/autoscope-engine.js';
import { InvalidOptionError } from './errors.js';
import { makeSpan, type Span } from './model.js';
import { AutoscopeAttributes } from './output/attributes.js';
import { SamplingPipeline } from './pipeline.js';
import { drop, keep, type SamplingStrategy } from './strategy.js';

/** Keeps the root only. */
const ROOT_ONLY: SamplingStrategy = {
  name: 'root-only',
  traceLevel: false,
  describe: () => 'root only',
  decide: (tree) => ({
    tree,
    decisions: tree.spans.map((_, i) => (tree.parent[i]! < 0 ? keep('root') : drop('normal'))),
  }),
};

/** The id after the largest of `spans` (test traces number their span ids in order). */
function nextId(spans: readonly Span[]): string {
  const largest = Math.max(...spans.map((s) => Number.parseInt(s.spanId, 16)));
  return hexId(largest + 1, 16);
}

function pipeline(decidedCacheSize?: number, decidedSpanIds?: number) {
  const engine = new AutoscopeEngine({ keepRatio: 0.1 });
  return new SamplingPipeline(engine, {
    structure: 'reparent',
    annotate: false,
    ...(decidedCacheSize === undefined ? {} : { decidedCacheSize }),
    ...(decidedSpanIds === undefined ? {} : { decidedSpanIds }),
  });
}

describe('SamplingPipeline late spans', () => {
  it('attaches a late span under the root and counts repeats of known spans as duplicates', () => {
    const p = pipeline();
    const trace = typicalTrace(1);
    const first = p.process(trace);
    const root = first.spans.find((s) => s.parentSpanId === '')!;
    const known = trace.spans[trace.spans.length - 1]!;
    const late = makeSpan({ ...known, spanId: 'ffffffffffff0001', parentSpanId: 'ffffffffffff0002' });
    const out = p.processLate({ traceId: trace.traceId, spans: [known, late, late] });
    expect(out.spans).toHaveLength(1);
    expect(out.spans[0]!.parentSpanId).toBe(root.spanId);
    const missing = out.spans[0]!.attributes.find((a) => a.key === AutoscopeAttributes.MISSING_PARENT);
    expect(missing?.value).toEqual({ stringValue: 'ffffffffffff0002' });
    expect(p.summary.duplicates).toBe(2);
    expect(p.summary.lateSpans).toBe(1);
  });

  it('recognises repeats of ids that are not hex, and forgets traces past its bound', () => {
    const p = pipeline(2);
    const trace = typicalTrace(2);
    const odd = makeSpan({ ...trace.spans[1]!, spanId: 'not-hex-id' });
    p.process({ traceId: trace.traceId, spans: [...trace.spans, odd] });
    expect(p.processLate({ traceId: trace.traceId, spans: [odd] }).spans).toHaveLength(0);
    // 16 characters with a non-hex one among the first 13: hashed as text, not as hex digits.
    const z = (n: number) => makeSpan({ ...trace.spans[1]!, spanId: `abcdefabcdefz00${n}` });
    const other = typicalTrace(7);
    p.process({
      traceId: other.traceId,
      spans: [...other.spans, z(1)].map((x) => ({ ...x, traceId: other.traceId })),
    });
    const late = p.processLate({
      traceId: other.traceId,
      spans: [z(1), z(2)].map((x) => ({ ...x, traceId: other.traceId })),
    });
    expect(late.spans.map((x) => x.spanId)).toEqual(['abcdefabcdefz002']);
    for (let i = 3; i < 6; i++) p.process(typicalTrace(i));
    // Forgotten: decided afresh, so its root comes out again.
    const again = p.processLate(trace);
    expect(again.decision).toBeDefined();
  });

  it('forgets the oldest traces once their span ids pass decidedSpanIds', () => {
    const first = typicalTrace(1);
    const p = pipeline(100, first.spans.length * 3);
    p.process(first);
    for (let i = 2; i < 5; i++) p.process(typicalTrace(i));
    const known = typicalTrace(4);
    const next = makeSpan({ ...known.spans[1]!, spanId: nextId(known.spans) });
    const repeat = p.processLate({ traceId: known.traceId, spans: [known.spans[1]!, next] });
    expect(repeat.spans.map((s) => s.spanId)).toEqual([next.spanId]); // remembered: a repeat, and a new span
    expect(p.processLate(first).decision).toBeDefined(); // forgotten: decided afresh
  });

  it('tells late span ids apart from the ids of their trace when they differ only in their last digits', () => {
    const p = new SamplingPipeline(ROOT_ONLY, { structure: 'reparent', annotate: false });
    const trace = typicalTrace(3);
    const out = p.process(trace);
    const root = out.spans[0]!;
    expect(out.spans).toHaveLength(1);
    const child = trace.spans.find((s) => s.parentSpanId === root.spanId)!; // dropped
    const fresh = makeSpan({ ...child, spanId: nextId(trace.spans), parentSpanId: root.spanId });
    const underDropped = makeSpan({ ...child, spanId: 'ffffffffffff0001', parentSpanId: child.spanId });
    const late = p.processLate({ traceId: trace.traceId, spans: [fresh, underDropped] });
    expect(late.spans.map((s) => s.spanId)).toEqual([fresh.spanId, 'ffffffffffff0001']);
    expect(p.summary.duplicates).toBe(0);
    // Its parent was dropped: attached to the root (which was exported), never to an id not in the output.
    expect(late.spans[1]!.parentSpanId).toBe(root.spanId);
    const missing = late.spans[1]!.attributes.find((a) => a.key === AutoscopeAttributes.MISSING_PARENT);
    expect(missing?.value).toEqual({ stringValue: child.spanId });
  });
});

describe('SamplingPipeline options', () => {
  it('rejects decidedSpanIds and decidedCacheSize that are not integers in range, naming the option', () => {
    for (const bad of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY, 2 ** 28 + 1]) {
      expect(() => pipeline(undefined, bad)).toThrow(InvalidOptionError);
      expect(() => pipeline(undefined, bad)).toThrow(
        /option decidedSpanIds: expected an integer in \[0, 268435456\], got/,
      );
    }
    for (const bad of [Number.NaN, -1, 2.5, 1e8 + 1]) {
      expect(() => pipeline(bad)).toThrow(/option decidedCacheSize: expected an integer in \[0, 100000000\]/);
    }
    expect(() => pipeline(0, 0)).not.toThrow();
    expect(() => pipeline(1e8)).not.toThrow(); // the default span ids stay within their bound
  });

  it('remembers a decided span with the smallest bound, so an exact repeat is a duplicate', () => {
    const p = pipeline(1, 1_000);
    const trace = typicalTrace(5);
    p.process(trace);
    expect(p.processLate(trace).spans).toHaveLength(0);
    expect(p.summary.duplicates).toBe(trace.spans.length);
  });
});
