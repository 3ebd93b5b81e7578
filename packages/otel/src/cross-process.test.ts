import { PLACEHOLDER_SCOPE_NAME } from '@autoscope/core';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  type SpanOptions,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoscopeSpanProcessor } from './autoscope-span-processor.js';

const propagator = new W3CTraceContextPropagator();
const providers: BasicTracerProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) await p.shutdown();
});

/** One "service": its own provider, processor and in-memory exporter. */
function service(
  name: string,
  leafClientAttributes?: readonly string[],
  structure: 'reparent' | 'skeleton' = 'reparent',
) {
  const exporter = new InMemorySpanExporter();
  const processor = new AutoscopeSpanProcessor({
    exporter,
    graceMs: 10,
    engine: { budgetUnit: 'spans', keepRatio: 0.1, structure },
    ...(leafClientAttributes !== undefined ? { leafClientAttributes } : {}),
  });
  const provider = new BasicTracerProvider({
    spanProcessors: [processor],
    resource: resourceFromAttributes({ 'service.name': name }),
  });
  providers.push(provider);
  return { exporter, processor, tracer: provider.getTracer(name) };
}

/** The orders service handles a request whose W3C headers came from the caller. */
function handleOrders(tracer: Tracer, headers: Record<string, string>): void {
  const remote = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const server = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER }, remote);
  const ctx = trace.setSpan(ROOT_CONTEXT, server);
  for (let i = 0; i < 4; i++)
    tracer.startSpan('db.query', { attributes: { 'db.statement': 'SELECT 1' } }, ctx).end();
  server.end();
}

const HTTP_CALL: SpanOptions = { kind: SpanKind.CLIENT, attributes: { 'http.url': '/orders' } };

/** The frontend serves one request, calling orders twice through `call` spans (CLIENT spans by default). */
function frontendRequest(frontend: Tracer, orders: Tracer, call: SpanOptions = HTTP_CALL): void {
  const root = frontend.startSpan('GET /', { kind: SpanKind.SERVER });
  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const handler = frontend.startSpan('render', {}, rootCtx);
  const handlerCtx = trace.setSpan(ROOT_CONTEXT, handler);
  for (let i = 0; i < 2; i++) {
    const client = frontend.startSpan('GET orders', call, handlerCtx);
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, client), headers, defaultTextMapSetter);
    handleOrders(orders, headers);
    client.end();
  }
  frontend.startSpan('template', {}, handlerCtx).end();
  const db = { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } };
  frontend.startSpan('SELECT sessions', db, handlerCtx).end();
  handler.end();
  root.end();
}

function orphans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  return spans.filter((s) => s.parentSpanContext !== undefined && !ids.has(s.parentSpanContext.spanId));
}

describe('AutoscopeSpanProcessor across processes', () => {
  it('exports dropped CLIENT spans as placeholders: the union of two services has no orphans', async () => {
    const frontend = service('frontend');
    const orders = service('orders');
    const requests = 150;
    for (let i = 0; i < requests; i++) frontendRequest(frontend.tracer, orders.tracer);
    await Promise.all([frontend.processor.forceFlush(), orders.processor.forceFlush()]);
    const union = [...frontend.exporter.getFinishedSpans(), ...orders.exporter.getFinishedSpans()];
    const full = requests * (6 + 2 * 5);
    expect(union.length).toBeLessThan(full * 0.7);
    expect(orphans(union)).toEqual([]);
    const placeholders = union.filter((s) => s.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME);
    expect(placeholders.length).toBeGreaterThan(0);
    for (const p of placeholders) {
      expect(p.kind).toBe(SpanKind.CLIENT);
      expect(p.attributes).toEqual({});
      expect(p.events).toEqual([]);
      expect(p.name).toBe('GET orders');
    }
    const clients = union.filter((s) => s.kind === SpanKind.CLIENT && s.name === 'GET orders');
    expect(clients).toHaveLength(requests * 2);
    const counter = frontend.processor.metrics.registry.get('autoscope_placeholder_spans_total');
    expect(counter?.type === 'counter' && counter.get()).toBe(placeholders.length);
  });

  it('counts as placeholders only the dropped calls, also in skeleton mode (where every dropped span is one)', async () => {
    const frontend = service('frontend', undefined, 'skeleton');
    const orders = service('orders', undefined, 'skeleton');
    for (let i = 0; i < 150; i++) frontendRequest(frontend.tracer, orders.tracer);
    await Promise.all([frontend.processor.forceFlush(), orders.processor.forceFlush()]);
    const exported = frontend.exporter.getFinishedSpans();
    const scoped = exported.filter((s) => s.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME);
    const calls = scoped.filter((s) => s.kind === SpanKind.CLIENT && s.name === 'GET orders');
    expect(scoped.length).toBeGreaterThan(calls.length);
    expect(calls.length).toBeGreaterThan(0);
    const metric = (name: string) => {
      const counter = frontend.processor.metrics.registry.get(name);
      return counter?.type === 'counter' ? counter.get() : Number.NaN;
    };
    expect(metric('autoscope_placeholder_spans_total')).toBe(calls.length);
    expect(metric('autoscope_sampled_spans_total')).toBe(exported.length - calls.length);
  });

  it('drops database calls like other spans (no placeholder): no other process has spans under them', async () => {
    const run = async (leaf?: readonly string[]) => {
      const frontend = service('frontend', leaf);
      const orders = service('orders', leaf);
      for (let i = 0; i < 150; i++) frontendRequest(frontend.tracer, orders.tracer);
      await Promise.all([frontend.processor.forceFlush(), orders.processor.forceFlush()]);
      const union = [...frontend.exporter.getFinishedSpans(), ...orders.exporter.getFinishedSpans()];
      expect(orphans(union)).toEqual([]);
      const placeholders = union.filter((s) => s.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME);
      return placeholders.filter((s) => s.name === 'SELECT sessions').length;
    };
    expect(await run()).toBe(0);
    // Every dropped CLIENT span a placeholder, as before the option: most of the 150 database calls.
    expect(await run([])).toBeGreaterThan(100);
  });

  it('keeps calls with a remote child as placeholders whatever markers they carry: no orphans', async () => {
    const cases: [SpanOptions, (readonly string[])?][] = [
      [{ kind: SpanKind.CLIENT, attributes: { 'db.system.name': '' } }],
      [{ kind: SpanKind.CLIENT, attributes: { 'db.system.name': false } }],
      [{ kind: SpanKind.CLIENT, attributes: { 'db.system': 0 } }],
      [HTTP_CALL, ['constructor', 'toString', '__proto__']],
      [{ kind: SpanKind.PRODUCER, attributes: { 'db.system': 'redis' } }],
    ];
    for (const [call, leaf] of cases) {
      const frontend = service('frontend', leaf);
      const orders = service('orders', leaf);
      for (let i = 0; i < 100; i++) frontendRequest(frontend.tracer, orders.tracer, call);
      await Promise.all([frontend.processor.forceFlush(), orders.processor.forceFlush()]);
      const union = [...frontend.exporter.getFinishedSpans(), ...orders.exporter.getFinishedSpans()];
      expect(orphans(union)).toEqual([]);
      expect(union.filter((s) => s.name === 'GET orders')).toHaveLength(200);
    }
  });

  it('keeps a placeholder whose local parent had not ended under the trace root, still no orphans', async () => {
    const frontend = service('frontend');
    const orders = service('orders');
    for (let i = 0; i < 50; i++) frontendRequest(frontend.tracer, orders.tracer);
    const root = frontend.tracer.startSpan('GET /slow', { kind: SpanKind.SERVER });
    const open = frontend.tracer.startSpan('still.running', {}, trace.setSpan(ROOT_CONTEXT, root));
    const client = frontend.tracer.startSpan(
      'GET orders',
      { kind: SpanKind.CLIENT },
      trace.setSpan(ROOT_CONTEXT, open),
    );
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, client), headers, defaultTextMapSetter);
    handleOrders(orders.tracer, headers);
    client.end();
    root.end();
    await Promise.all([frontend.processor.forceFlush(), orders.processor.forceFlush()]);
    open.end();
    await frontend.processor.forceFlush();
    const union = [...frontend.exporter.getFinishedSpans(), ...orders.exporter.getFinishedSpans()];
    expect(orphans(union)).toEqual([]);
    expect(union.some((s) => s.spanContext().spanId === client.spanContext().spanId)).toBe(true);
  });
});
