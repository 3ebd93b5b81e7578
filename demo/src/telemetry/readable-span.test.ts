import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ReadableSpanConverter } from './readable-span.js';
import { routeOf } from './setup.js';

function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'users' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test-scope', '1.2.3');
  const parent = tracer.startSpan('GET /users/:userId', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 5],
  });
  const attributes = { rows: 3, ratio: 0.5, ok: true, tags: ['a', 'b'], name: 'x' };
  const parentContext = trace.setSpan(context.active(), parent);
  const child = tracer.startSpan(
    'SELECT users',
    { kind: SpanKind.CLIENT, attributes, startTime: [1_700_000_000, 10] },
    parentContext,
  );
  child.addEvent('exception', { 'exception.message': 'boom' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end([1_700_000_000, 999_999_999]);
  parent.end([1_700_000_001, 0]);
  return exporter.getFinishedSpans();
}

describe('ReadableSpanConverter', () => {
  it('converts ids, parent, kind, times, attributes, events and status into the core model', () => {
    const [child, parent] = recordSpans();
    const converter = new ReadableSpanConverter();
    const c = converter.convert(child!);
    const p = converter.convert(parent!);
    expect(p.parentSpanId).toBe('');
    expect(c.parentSpanId).toBe(p.spanId);
    expect(c.traceId).toBe(p.traceId);
    expect(c.traceId).toMatch(/^[0-9a-f]{32}$/);
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
    ]);
    expect(c.events[0]?.name).toBe('exception');
    expect(c.status).toEqual({ code: 2, message: 'boom' });
    expect(c.resource.serviceName).toBe('users');
    expect(c.scope).toMatchObject({ name: 'test-scope', version: '1.2.3' });
    // Shared by reference between spans of one resource and scope.
    expect(c.resource).toBe(p.resource);
    expect(c.scope).toBe(p.scope);
  });
});

describe('routeOf', () => {
  it('replaces numeric path segments and drops the query', () => {
    expect(routeOf('/users/17/preferences?x=1')).toBe('/users/{id}/preferences');
    expect(routeOf('/stock/5')).toBe('/stock/{id}');
    expect(routeOf('/orders')).toBe('/orders');
    expect(routeOf('/v2/items')).toBe('/v2/items');
  });
});
