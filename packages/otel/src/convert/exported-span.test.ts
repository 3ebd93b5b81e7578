import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ExportedSpan } from './exported-span.js';
import { SpanConverter } from './to-core-span.js';

async function endedSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  const tracer = provider.getTracer('test', '1.2.3');
  const root = tracer.startSpan('root');
  const child = tracer.startSpan(
    'db.query',
    { attributes: { 'db.system': 'pg' } },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.addEvent('exception', { 'exception.type': 'Boom' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end();
  root.end();
  await provider.forceFlush();
  const [ended, parent] = exporter.getFinishedSpans();
  return { ended: ended!, parent: parent! };
}

describe('ExportedSpan', () => {
  it('copies every field of the source but the parent and the attributes', async () => {
    const { ended, parent } = await endedSpans();
    const newParent = { ...parent.spanContext(), spanId: 'aaaaaaaaaaaaaaaa' };
    const copy = ExportedSpan.copyOf(ended, newParent, { x: 1 });
    expect(copy.spanContext()).toBe(ended.spanContext());
    expect(copy.parentSpanContext).toBe(newParent);
    expect(copy.attributes).toEqual({ x: 1 });
    for (const key of [
      'name',
      'kind',
      'startTime',
      'endTime',
      'status',
      'links',
      'events',
      'duration',
    ] as const)
      expect(copy[key]).toBe(ended[key]);
    expect(copy.resource).toBe(ended.resource);
    expect(copy.instrumentationScope).toBe(ended.instrumentationScope);
    expect(copy.droppedAttributesCount).toBe(ended.droppedAttributesCount);
  });

  it('has no parent for a root', async () => {
    const { parent } = await endedSpans();
    const copy = ExportedSpan.copyOf(parent, undefined, {});
    expect(copy.parentSpanContext).toBeUndefined();
  });

  it('reduces a placeholder to ids, parent, name, kind and times under the given scope', async () => {
    const { ended } = await endedSpans();
    const scope = { name: 'autoscope.placeholder' };
    const placeholder = ExportedSpan.placeholderOf(ended, ended.parentSpanContext, scope);
    expect(placeholder.spanContext().spanId).toBe(ended.spanContext().spanId);
    expect(placeholder.parentSpanContext).toBe(ended.parentSpanContext);
    expect([placeholder.name, placeholder.startTime, placeholder.endTime]).toEqual([
      ended.name,
      ended.startTime,
      ended.endTime,
    ]);
    expect(placeholder.attributes).toEqual({});
    expect(placeholder.events).toEqual([]);
    expect(placeholder.status.code).toBe(SpanStatusCode.UNSET);
    expect(placeholder.instrumentationScope).toBe(scope);
  });

  it('gives a placeholder the same core span whatever its own fields (three: the rest from the source or its class)', async () => {
    const { ended } = await endedSpans();
    const scope = { name: 'autoscope.placeholder' };
    const placeholder = ExportedSpan.placeholderOf(ended, ended.parentSpanContext, scope);
    expect(Object.keys(placeholder).length).toBeLessThanOrEqual(3);
    const core = new SpanConverter().toCoreSpan(placeholder);
    expect(core.spanId).toBe(ended.spanContext().spanId);
    expect(core.parentSpanId).toBe(ended.parentSpanContext?.spanId);
    expect([core.attributes, core.events, core.links]).toEqual([[], [], []]);
    expect([core.status.code, core.droppedAttributesCount, core.droppedEventsCount]).toEqual([0, 0, 0]);
    expect(core.scope.name).toBe('autoscope.placeholder');
    expect(placeholder.ended).toBe(true);
    expect(placeholder.duration).toBe(ended.duration);
  });

  it('keeps the SDK span out of reach of object walkers, and shares frozen empty lists', async () => {
    const { ended } = await endedSpans();
    const views = [
      ExportedSpan.copyOf(ended, ended.parentSpanContext, { x: 1 }),
      ExportedSpan.placeholderOf(ended, ended.parentSpanContext, { name: 'autoscope.placeholder' }),
    ];
    for (const view of views) {
      expect(Object.keys(view)).not.toContain('source');
      expect(Object.values(view)).not.toContain(ended);
      expect(view.name).toBe(ended.name);
    }
    expect(Object.isFrozen(views[1]!.events) && Object.isFrozen(views[1]!.links)).toBe(true);
  });
});
