import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { DecidedTraces } from './decided-traces.js';

/** A root, a kept child and a grandchild (ended in that order: grandchild, child, root). */
async function threeSpans(): Promise<{ root: ReadableSpan; child: ReadableSpan; grandchild: ReadableSpan }> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('root');
  const child = tracer.startSpan('child', undefined, trace.setSpan(ROOT_CONTEXT, root));
  const grandchild = tracer.startSpan('grandchild', undefined, trace.setSpan(ROOT_CONTEXT, child));
  grandchild.end();
  child.end();
  root.end();
  await provider.forceFlush();
  const [g, c, r] = exporter.getFinishedSpans();
  return { root: r!, child: c!, grandchild: g! };
}

describe('DecidedTraces', () => {
  it('remembers at least the last `capacity` traces and at most twice as many', () => {
    const decided = new DecidedTraces(3);
    for (let t = 0; t < 10; t++) decided.remember(`trace-${t}`, 'root', []);
    for (let t = 7; t < 10; t++) expect(decided.has(`trace-${t}`)).toBe(true);
    let held = 0;
    for (let t = 0; t < 10; t++) if (decided.has(`trace-${t}`)) held++;
    expect(held).toBeGreaterThanOrEqual(3);
    expect(held).toBeLessThanOrEqual(6);
    expect(decided.has('trace-0')).toBe(false);
  });

  it('exports a late span under its parent when that was exported, else under the root', async () => {
    const { root, child, grandchild } = await threeSpans();
    const rootId = root.spanContext().spanId;
    const decided = new DecidedTraces(10);
    decided.remember('t', rootId, [rootId, child.spanContext().spanId]);
    const kept = decided.follow('t', [grandchild]);
    expect(kept?.spans[0]).toBe(grandchild);

    const dropped = new DecidedTraces(10);
    dropped.remember('t', rootId, [rootId]);
    const moved = dropped.follow('t', [grandchild])?.spans[0];
    expect(moved?.parentSpanContext?.spanId).toBe(rootId);
    expect(moved?.attributes['autoscope.missing_parent']).toBe(child.spanContext().spanId);
    expect(dropped.follow('unknown', [grandchild])).toBeUndefined();
  });

  it('stores a run of decisions in order: a trace decided twice in one run follows the later decision', async () => {
    const { root, child, grandchild } = await threeSpans();
    const rootId = root.spanContext().spanId;
    const decided = new DecidedTraces(10);
    decided.remember('t', rootId, [rootId, child.spanContext().spanId]);
    for (let t = 0; t < 600; t++) decided.remember(`other-${t}`, 'root', ['root']);
    decided.remember('t', rootId, [rootId]);
    decided.settle();
    expect(decided.follow('t', [grandchild])?.spans[0]?.parentSpanContext?.spanId).toBe(rootId);
    // 602 decisions through generations of 10: only the last ones are held, as when stored one by one.
    expect(decided.has('other-0')).toBe(false);
    expect(decided.has('other-599')).toBe(true);
  });

  it('a capacity below 1 still remembers the last trace', () => {
    const decided = new DecidedTraces(0);
    decided.remember('a', 'root', []);
    decided.remember('b', 'root', []);
    expect(decided.has('b')).toBe(true);
  });
});
