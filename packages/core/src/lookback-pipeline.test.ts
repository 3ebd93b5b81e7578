import { describe, expect, it } from 'vitest';
import { typicalTrace } from '../test/traces.js';
import { AutoscopeEngine } from './engine/autoscope-engine.js';
import { LookbackPipeline } from './lookback-pipeline.js';
import { makeSpan } from './model.js';
import { SamplingPipeline } from './pipeline.js';

function lookback(seconds: number, maxPending?: number) {
  const engine = new AutoscopeEngine({ keepRatio: 0.2 });
  const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
  return new LookbackPipeline(pipeline, engine, {
    lookbackSeconds: seconds,
    ...(maxPending === undefined ? {} : { maxPending }),
  });
}

/** Trace i starts i seconds after the first. */
function traceAt(i: number) {
  const trace = typicalTrace(i);
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

  it('learns from traces in time order when they arrive out of order within reorderSeconds', () => {
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
    const pipeline = new SamplingPipeline(engine, { structure: 'reparent', annotate: false });
    const p = new LookbackPipeline(pipeline, strategy, { lookbackSeconds: 5, reorderSeconds: 20 });
    const order = [3, 1, 2, 0, 7, 5, 6, 4, 11, 9, 10, 8, 40];
    const released: string[] = [];
    for (const i of order) for (const t of p.submit(traceAt(i))) released.push(t.traceId);
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
});
