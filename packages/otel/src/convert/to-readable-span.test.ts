import { AutoscopeAttributes, type KeyValue, type Span } from '@autoscope/core';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SpanConverter } from './to-core-span.js';
import { toReadableSpan } from './to-readable-span.js';

/** root → handler → query, ended query first. */
async function chain(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('GET /orders', { attributes: { 'http.route': '/orders' } });
  const handler = tracer.startSpan('handler', undefined, trace.setSpan(ROOT_CONTEXT, root));
  const query = tracer.startSpan(
    'SELECT orders',
    { attributes: { 'db.system': 'sqlite', 'db.rows': 3 } },
    trace.setSpan(ROOT_CONTEXT, handler),
  );
  query.end();
  handler.end();
  root.end();
  await provider.forceFlush();
  const [q, h, r] = exporter.getFinishedSpans();
  return [r!, h!, q!];
}

/** The core output span for `readable`: a new parent and added attributes, as materialize writes it. */
function output(readable: ReadableSpan, parentSpanId: string, extras: KeyValue[]): Span {
  const span = new SpanConverter().toEngineSpan(readable);
  return { ...span, parentSpanId, attributes: extras };
}

describe('toReadableSpan', () => {
  it('returns the SDK span itself when nothing changed', async () => {
    const [root, handler] = await chain();
    const context = {
      readables: [root!, handler!],
      rootSpanId: root!.spanContext().spanId,
      placeholders: undefined,
    };
    const out = output(handler!, root!.spanContext().spanId, []);
    expect(toReadableSpan(out, context)).toBe(handler);
  });

  it('copies a reparented span with its attributes and the autoscope.* ones, leaving the SDK span as it was', async () => {
    const [root, , query] = await chain();
    const before = { ...query!.attributes };
    const rootId = root!.spanContext().spanId;
    const dropped: KeyValue = {
      key: AutoscopeAttributes.DROPPED,
      value: { kvlistValue: { values: [{ key: 'handler', value: { intValue: 1n } }] } },
    };
    const gap: KeyValue = { key: AutoscopeAttributes.GAP, value: { intValue: 1n } };
    const copy = toReadableSpan(output(query!, rootId, [gap, dropped]), {
      readables: [],
      rootSpanId: rootId,
      placeholders: undefined,
    });
    expect(copy).not.toBe(query);
    expect(copy?.parentSpanContext?.spanId).toBe(rootId);
    expect(copy?.attributes).toEqual({
      'db.system': 'sqlite',
      'db.rows': 3,
      [AutoscopeAttributes.GAP]: 1,
      [AutoscopeAttributes.DROPPED]: '{"handler":1}',
    });
    expect(query!.attributes).toEqual(before);
    expect(copy?.spanContext()).toBe(query!.spanContext());
  });

  it('attaches a span whose parent had not ended to the root, naming the parent', async () => {
    const [root, handler, query] = await chain();
    const rootId = root!.spanContext().spanId;
    const missing: KeyValue = {
      key: AutoscopeAttributes.MISSING_PARENT,
      value: { stringValue: handler!.spanContext().spanId },
    };
    const copy = toReadableSpan(output(query!, '', [missing]), {
      readables: [],
      rootSpanId: rootId,
      placeholders: undefined,
    });
    expect(copy?.parentSpanContext?.spanId).toBe(rootId);
    expect(copy?.attributes[AutoscopeAttributes.MISSING_PARENT]).toBe(handler!.spanContext().spanId);
    expect(copy?.attributes['db.rows']).toBe(3);
  });

  it('exports a forced connector as a placeholder without data', async () => {
    const [root, handler] = await chain();
    const id = handler!.spanContext().spanId;
    const copy = toReadableSpan(output(handler!, root!.spanContext().spanId, []), {
      readables: [],
      rootSpanId: root!.spanContext().spanId,
      placeholders: [id],
    });
    expect(copy?.attributes).toEqual({});
    expect(copy?.instrumentationScope.name).toBe('autoscope.placeholder');
    expect(copy?.parentSpanContext?.spanId).toBe(root!.spanContext().spanId);
  });
});
