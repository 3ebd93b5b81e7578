import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typicalTrace } from '../test/traces.js';
import { AutoscopeEngine } from './engine/autoscope-engine.js';
import { LookbackPipeline, plainRootStart } from './lookback-pipeline.js';
import { makeResource, makeScope, makeSpan } from './model.js';
import { SamplingPipeline } from './pipeline.js';
import { buildTraceTree } from './trace-tree.js';

function lookback(seconds: number, maxPending?: number) {
  const engine = new AutoscopeEngine({ keepRatio: 0.2 });
  const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
  return new LookbackPipeline(pipeline, engine, {
    lookbackSeconds: seconds,
    ...(maxPending === undefined ? {} : { maxPending }),
  });
}

/** Trace i starts i seconds after the first (`loop` database calls make it larger). */
function traceAt(i: number, loop?: number) {
  const trace = typicalTrace(i, loop === undefined ? {} : { loop });
  const shift = BigInt(i) * 1_000_000_000n;
  const spans = trace.spans.map((s) =>
    makeSpan({
      ...s,
      startTimeUnixNano: s.startTimeUnixNano + shift,
      endTimeUnixNano: s.endTimeUnixNano + shift,
    }),
  );
  return { traceId: trace.traceId, spans };
}

function rootStart(trace: { spans: readonly { parentSpanId: string; startTimeUnixNano: bigint }[] }) {
  return trace.spans.find((s) => s.parentSpanId === '')!.startTimeUnixNano;
}

/** An engine whose strategy records the time of every trace it analyses, in order. */
function recordingEngine() {
  const engine = new AutoscopeEngine({ keepRatio: 0.2 });
  const analysed: number[] = [];
  const strategy = {
    analyse: (tree: Parameters<typeof engine.analyse>[0]) => {
      const analysis = engine.analyse(tree);
      analysed.push(analysis.time);
      return analysis;
    },
    select: engine.select.bind(engine),
  };
  return { engine, analysed, strategy };
}

describe('LookbackPipeline', () => {
  it('releases each trace once the input is lookbackSeconds past it, in order, and the rest on drain', () => {
    const p = lookback(10);
    const released: string[] = [];
    for (let i = 0; i < 30; i++) for (const t of p.submit(traceAt(i))) released.push(t.traceId);
    const seconds = (i: number) => Number(rootStart(traceAt(i)) / 1_000_000n) / 1000;
    const due = Array.from({ length: 30 }, (_, i) => i).filter((i) => seconds(i) <= seconds(29) - 10);
    expect(due.length).toBeGreaterThan(5);
    expect(released).toEqual(due.map((i) => traceAt(i).traceId));
    expect(p.waiting).toBe(30 - due.length);
    released.push(...p.drain().map((t) => t.traceId));
    expect(released).toHaveLength(30);
    expect(p.pipeline.summary.traces).toBe(30);
  });

  it('decides on the tree it is given, and on its own when that tree is of another trace', () => {
    const p = lookback(0);
    const a = traceAt(1);
    const b = traceAt(2);
    const treeA = buildTraceTree(a);
    const [outA] = [...p.submit(a, treeA), ...p.drain()];
    expect(outA?.decision?.tree).toBe(treeA);
    const [outB] = [...p.submit(b, treeA), ...p.drain()];
    expect(outB?.decision?.tree).not.toBe(treeA);
    expect(outB?.decision?.tree.spans.map((s) => s.spanId)).toEqual(
      buildTraceTree(b).spans.map((s) => s.spanId),
    );
  });

  it('learns from traces in time order when they arrive out of order within reorderSeconds', () => {
    const { engine, analysed, strategy } = recordingEngine();
    const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
    const p = new LookbackPipeline(pipeline, strategy, { lookbackSeconds: 5, reorderSeconds: 20 });
    const order = [3, 1, 2, 0, 7, 5, 6, 4, 11, 9, 10, 8, 40];
    const released: string[] = [];
    for (const i of order) for (const t of p.submit(traceAt(i))) released.push(t.traceId);
    released.push(...p.drain().map((t) => t.traceId));
    expect(analysed).toEqual([...analysed].sort((a, b) => a - b));
    expect(released).toEqual([...order].sort((a, b) => a - b).map((i) => traceAt(i).traceId));
  });

  it('keeps analysing in time order while too many spans wait, moving on only the oldest', () => {
    const { engine, analysed, strategy } = recordingEngine();
    const small = traceAt(0).spans.length;
    const big = traceAt(20, 40).spans.length;
    const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
    const p = new LookbackPipeline(pipeline, strategy, {
      lookbackSeconds: 0,
      reorderSeconds: 30,
      maxPendingSpans: 2 * small + big,
    });
    // Out of order within reorderSeconds; the big trace at 20 s makes the waiting spans pass the bound.
    const order = [0, 10, 5, 20, 15, 30, 25, 40, 35, 50, 45];
    const released: string[] = [];
    for (const i of order)
      for (const t of p.submit(traceAt(i, i === 20 ? 40 : undefined))) released.push(t.traceId);
    expect(released.length).toBeGreaterThan(0);
    released.push(...p.drain().map((t) => t.traceId));
    expect(analysed).toEqual([...analysed].sort((a, b) => a - b));
    expect(released).toEqual([...order].sort((a, b) => a - b).map((i) => traceAt(i).traceId));
  });

  it('bounds the waiting traces and joins late spans to a waiting trace', () => {
    const p = lookback(3600, 5);
    for (let i = 0; i < 8; i++) p.submit(traceAt(i));
    expect(p.waiting).toBe(5);
    const waiting = traceAt(7);
    const late = makeSpan({ ...waiting.spans[1]!, spanId: 'abcdefabcdef0001' });
    expect(p.submitLate({ traceId: waiting.traceId, spans: [late] })).toEqual([]);
    const out = p.drain();
    const last = out.filter((t) => t.traceId === waiting.traceId);
    expect(last).toHaveLength(2);
    expect(last[1]!.spans.map((s) => s.spanId)).toEqual(['abcdefabcdef0001']);
  });

  it('bounds the waiting spans, late ones included, releasing the oldest traces first', () => {
    const engine = new AutoscopeEngine({ keepRatio: 0.2 });
    const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
    const size = traceAt(0).spans.length;
    const p = new LookbackPipeline(pipeline, engine, { lookbackSeconds: 3600, maxPendingSpans: 3 * size });
    const released: string[] = [];
    for (let i = 0; i < 8; i++) for (const t of p.submit(traceAt(i))) released.push(t.traceId);
    expect(released).toEqual([0, 1, 2, 3, 4].map((i) => traceAt(i).traceId));
    expect(p.waiting).toBe(3);
    expect(p.waitingSpans).toBe(3 * size);
    const newest = traceAt(7);
    const late = makeSpan({ ...newest.spans[1]!, spanId: 'abcdefabcdef0001' });
    const out = p.submitLate({ traceId: newest.traceId, spans: [late] });
    expect(out.map((t) => t.traceId)).toEqual([traceAt(5).traceId]);
    expect(p.waitingSpans).toBe(2 * size + 1);
    expect(p.drain().map((t) => t.traceId)).toEqual([6, 7, 7].map((i) => traceAt(i).traceId));
    expect(p.waitingSpans).toBe(0);
  });

  it('finds the root time without a tree exactly as the tree chooses its root, or leaves it to the tree', () => {
    const resource = makeResource([{ key: 'service.name', value: { stringValue: 's' } }]);
    const scope = makeScope('t');
    // Few ids and few starts: repeated ids (also of roots), several roots, ties broken by name and id.
    const spanArb = fc.record({
      id: fc.integer({ min: 1, max: 6 }),
      parent: fc.integer({ min: 0, max: 7 }),
      start: fc.integer({ min: 0, max: 4 }),
      name: fc.constantFrom('a', 'b'),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 12 }), (specs) => {
        const spans = specs.map((x) =>
          makeSpan({
            traceId: 'ab'.repeat(16),
            spanId: x.id.toString(16).padStart(16, '0'),
            parentSpanId: x.parent === 0 ? '' : x.parent.toString(16).padStart(16, '0'),
            name: x.name,
            startTimeUnixNano: BigInt(x.start) * 1_000_000_000n,
            endTimeUnixNano: BigInt(x.start + 1) * 1_000_000_000n,
            resource,
            scope,
          }),
        );
        const tree = buildTraceTree({ traceId: 'ab'.repeat(16), spans });
        const root = tree.tops[0] === undefined ? undefined : tree.spans[tree.tops[0]]!;
        const plain = plainRootStart(spans);
        const roots = spans.filter((x) => x.parentSpanId === '').length;
        if (root !== undefined && root.parentSpanId === '' && roots <= 4) {
          expect(plain).toBe(root.startTimeUnixNano);
        } else if (plain !== undefined) expect(plain).toBe(root?.startTimeUnixNano);
        if (root === undefined || root.parentSpanId !== '') expect(plain).toBeUndefined();
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
