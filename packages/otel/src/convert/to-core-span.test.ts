import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { hrDurationNanos, hrTimeToNanos, isNormalHrTime } from './hr-time.js';
import { SpanConverter } from './to-core-span.js';

function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'users' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test-scope', '1.2.3');
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
    isRemote: true,
  });
  const parent = tracer.startSpan(
    'GET /users/:userId',
    { kind: SpanKind.SERVER, startTime: [1_700_000_000, 5] },
    remote,
  );
  const attributes = { rows: 3, ratio: 0.5, ok: true, tags: ['a', 'b'], name: 'x', big: 2 ** 60 };
  const child = tracer.startSpan(
    'SELECT users',
    {
      kind: SpanKind.CLIENT,
      attributes,
      startTime: [1_700_000_000, 10],
      links: [{ context: parent.spanContext(), attributes: { why: 'retry' } }],
    },
    trace.setSpan(context.active(), parent),
  );
  child.addEvent('exception', { 'exception.message': 'boom' }, [1_700_000_000, 500]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end([1_700_000_000, 999_999_999]);
  parent.end([1_700_000_001, 0]);
  return exporter.getFinishedSpans();
}

describe('SpanConverter.toCoreSpan (whole span)', () => {
  it('converts ids, parent, kind, times, attributes, events, links and status into the core model', () => {
    const [child, parent] = recordSpans();
    const converter = new SpanConverter();
    const c = converter.toCoreSpan(child!);
    const p = converter.toCoreSpan(parent!);
    expect(p.parentSpanId).toBe('b7ad6b7169203331');
    expect(c.parentSpanId).toBe(p.spanId);
    expect(c.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(p.kind).toBe(2); // OTLP SERVER
    expect(c.kind).toBe(3); // OTLP CLIENT
    expect(p.startTimeUnixNano).toBe(1_700_000_000_000_000_005n);
    expect(c.endTimeUnixNano).toBe(1_700_000_000_999_999_999n);
    expect(c.attributes).toEqual([
      { key: 'rows', value: { intValue: 3n } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
      { key: 'ok', value: { boolValue: true } },
      { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
      { key: 'name', value: { stringValue: 'x' } },
      { key: 'big', value: { doubleValue: 2 ** 60 } },
    ]);
    expect(c.events).toEqual([
      {
        name: 'exception',
        timeUnixNano: 1_700_000_000_000_000_500n,
        attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }],
        droppedAttributesCount: 0,
      },
    ]);
    expect(c.links[0]).toMatchObject({
      spanId: p.spanId,
      attributes: [{ key: 'why', value: { stringValue: 'retry' } }],
    });
    expect(c.status).toEqual({ code: 2, message: 'boom' });
    expect(p.status).toEqual({ code: 0, message: '' });
    expect(c.resource.serviceName).toBe('users');
    expect(c.scope).toMatchObject({ name: 'test-scope', version: '1.2.3' });
    expect(c.resource).toBe(p.resource);
    expect(c.scope).toBe(p.scope);
  });
});

describe('SpanConverter.toEngineSpan (the processor hot path)', () => {
  it('makes a remote-parented span a local root and leaves attributes to the source', () => {
    const [child, parent] = recordSpans();
    const converter = new SpanConverter();
    const p = converter.toEngineSpan(parent!);
    const c = converter.toEngineSpan(child!);
    expect(p.parentSpanId).toBe('');
    expect(c.parentSpanId).toBe(p.spanId);
    expect(c.attributes).toEqual([]);
    expect(c.links).toEqual([]);
    expect(c.events.map((e) => [e.name, e.timeUnixNano])).toEqual([
      ['exception', 1_700_000_000_000_000_500n],
    ]);
    expect(c.source).toBe(child);
    expect(c.bytes).toBeGreaterThan(c.name.length + 60);
    expect(c.startTimeUnixNano).toBe(converter.toCoreSpan(child!).startTimeUnixNano);
  });

  it('answers every core field as toCoreSpan does, the ones the engine does not read from the class', () => {
    const [child] = recordSpans();
    const converter = new SpanConverter();
    // The engine span's hints (core `MaybeTimedSpan`, not exported): a duration and the SDK start.
    const engine = converter.toEngineSpan(child!) as ReturnType<SpanConverter['toEngineSpan']> & {
      readonly durationNanos?: number;
      readonly startHr?: readonly [number, number];
    };
    const full = converter.toCoreSpan(child!);
    for (const key of ['traceId', 'spanId', 'name', 'kind', 'flags', 'status', 'resource', 'scope'] as const)
      expect(engine[key]).toEqual(full[key]);
    for (const key of ['droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount'] as const)
      expect(engine[key]).toBe(full[key]);
    expect(engine.endTimeUnixNano).toBe(full.endTimeUnixNano);
    expect(engine.traceState).toBe('');
    expect(engine.durationNanos).toBe(Number(full.endTimeUnixNano - full.startTimeUnixNano));
    expect(engine.startHr).toBe(child!.startTime);
    // The BigInt times are made when read, not per span.
    expect(Object.keys(engine)).not.toContain('startTimeUnixNano');
    // The engine's own fields only: the constant and SDK-held ones are not copied per span.
    expect(Object.keys(engine)).not.toContain('links');
    expect(Object.keys(engine)).not.toContain('attributes');
  });
});

describe('hrTimeToNanos', () => {
  it('is exact across second changes and treats hostile parts as 0', () => {
    expect(hrTimeToNanos([1_700_000_000, 1])).toBe(1_700_000_000_000_000_001n);
    expect(hrTimeToNanos([1_700_000_000, 999_999_999])).toBe(1_700_000_000_999_999_999n);
    expect(hrTimeToNanos([1_700_000_001, 0])).toBe(1_700_000_001_000_000_000n);
    expect(hrTimeToNanos([1_700_000_000, 2])).toBe(1_700_000_000_000_000_002n);
    expect(hrTimeToNanos([Number.NaN, 5])).toBe(5n);
    expect(hrTimeToNanos([1.5, Number.POSITIVE_INFINITY])).toBe(0n);
    expect(hrTimeToNanos([Number.NaN, 7])).toBe(7n);
  });

  it('equals the BigInt arithmetic on both paths (edges of 2^16 and 2^32, nanos past 1e9, negatives)', () => {
    const reference = (s: number, ns: number) =>
      BigInt(Number.isSafeInteger(s) ? s : 0) * 1_000_000_000n + BigInt(Number.isSafeInteger(ns) ? ns : 0);
    const small = [0, 1, 65_535, 65_536, 65_537, -1, 0.5];
    const seconds = [...small, 1_764_000_000, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40];
    const nanos = [0, 1, 999_999_999, 1_000_000_000, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 52, -7];
    for (const s of seconds) for (const ns of nanos) expect(hrTimeToNanos([s, ns])).toBe(reference(s, ns));
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state;
    };
    for (let k = 0; k < 20_000; k++) {
      const s = next();
      const ns = k % 2 === 0 ? next() % 1_000_000_000 : next();
      expect(hrTimeToNanos([s, ns])).toBe(reference(s, ns));
    }
  });
});

describe('hrDurationNanos', () => {
  it('equals the difference of the BigInt times where it answers, and declines outside the exact range', () => {
    const reference = (a: [number, number], b: [number, number]) =>
      Number(hrTimeToNanos(b) - hrTimeToNanos(a));
    const seconds = [0, 1, 65_535, 65_536, 1_764_000_000, 2 ** 31, 2 ** 32 - 1];
    const nanos = [0, 1, 999_999_999, 1_000_000_000, 2 ** 32 - 1];
    for (const s0 of seconds)
      for (const n0 of nanos)
        for (const s1 of seconds)
          for (const n1 of nanos) {
            const got = hrDurationNanos([s0, n0], [s1, n1]);
            if (Math.abs(s1 - s0) < 2 ** 22) expect(got).toBe(reference([s0, n0], [s1, n1]));
            else expect(got).toBeUndefined();
          }
    let state = 99;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state;
    };
    for (let k = 0; k < 20_000; k++) {
      const s0 = 1_764_000_000 + (next() % 100_000);
      const start: [number, number] = [s0, next() % 1_000_000_000];
      const end: [number, number] = [s0 + (next() % 5000) - 100, next() % 1_000_000_000];
      expect(hrDurationNanos(start, end)).toBe(reference(start, end));
    }
    for (const hostile of [-1, 0.5, Number.NaN, 2 ** 32, Number.POSITIVE_INFINITY]) {
      expect(hrDurationNanos([hostile, 0], [1, 0])).toBeUndefined();
      expect(hrDurationNanos([1, 0], [1, hostile])).toBeUndefined();
    }
  });
});

describe('isNormalHrTime', () => {
  it('accepts integer parts in [0, 2^32) with nanos below 1e9 only', () => {
    expect(isNormalHrTime([1_764_000_000, 999_999_999])).toBe(true);
    expect(isNormalHrTime([0, 0])).toBe(true);
    for (const bad of [
      [1, 1_000_000_000],
      [-1, 0],
      [2 ** 32, 0],
      [0.5, 0],
      [Number.NaN, 0],
      [1, Number.POSITIVE_INFINITY],
    ] as [number, number][])
      expect(isNormalHrTime(bad)).toBe(false);
  });
});

describe('engine spans through core materialize()', () => {
  it('come out whole: times made on demand and fields answered by the class are copied', async () => {
    const { AutoscopeEngine, buildTraceTree, materialize, ShapePublisher } = await import('@autoscope/core');
    const ended: import('@opentelemetry/sdk-trace-base').ReadableSpan[] = [];
    const provider = new BasicTracerProvider({
      spanProcessors: [
        { onStart() {}, onEnd: (s) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} },
      ],
    });
    const tracer = provider.getTracer('t');
    const root = tracer.startSpan('root', { kind: SpanKind.SERVER, startTime: [1_700_000_000, 0] });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < 6; i++)
      tracer.startSpan('work', { startTime: [1_700_000_000, 1000 + i] }, ctx).end([1_700_000_000, 5000 + i]);
    root.end([1_700_000_001, 0]);
    const converter = new SpanConverter();
    const spans = ended.map((r) => converter.toEngineSpan(r));
    const engine = new AutoscopeEngine({ budgetUnit: 'spans', keepRatio: 0.15 });
    const decision = engine.decide(buildTraceTree({ traceId: spans[0]!.traceId, spans }));
    const out = materialize(decision, {
      structure: 'reparent',
      annotate: true,
      publisher: new ShapePublisher(),
    });
    expect(out.length).toBeGreaterThan(0);
    for (const span of out) {
      const source = ended.find((r) => r.spanContext().spanId === span.spanId)!;
      expect(span.startTimeUnixNano).toBe(hrTimeToNanos(source.startTime));
      expect(span.endTimeUnixNano).toBe(hrTimeToNanos(source.endTime));
      expect(span.flags).toBe(source.spanContext().traceFlags);
      expect(span.links).toEqual([]);
      expect(span.droppedAttributesCount).toBe(0);
    }
  });
});
