/**
 * Conformance against the OpenTelemetry JS serializers (@opentelemetry/otlp-transformer 0.223.0): spans
 * made by the real SDK, serialized by ProtobufTraceSerializer and JsonTraceSerializer, decoded by ours.
 */
import type { AnyValue, KeyValue, Span } from '@autoscope/core';
import {
  type Attributes,
  type AttributeValue,
  context,
  createTraceState,
  type HrTime,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode-trace.js';
import { encodedTraceRequestSize, encodeTraceRequest } from './encode-trace.js';
import { encodeExportResponse } from './export-response.js';
import { decodeTraceRequestJson } from './json-decode.js';

const REMOTE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const REMOTE_SPAN = '00f067aa0ba902b7';

const attributes: Attributes = {
  str: 'héllo ✓',
  int: 42,
  neg: -7,
  double: 3.25,
  bool: true,
  'str.array': ['a', 'b'],
  'int.array': [1, 2, 3],
  'double.array': [1.5, -2.5],
  'bool.array': [true, false],
};

function makeSdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'conformance',
      'deployment.environment': 'test',
      'host.cores': 8,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('autoscope-conformance', '1.2.3');
  const remote = trace.setSpanContext(context.active(), {
    traceId: REMOTE_TRACE,
    spanId: REMOTE_SPAN,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vendor=abc,other=x:y'),
  });
  const start: HrTime = [1_718_000_000, 123_456_789];
  const root = tracer.startSpan(
    'GET /cart',
    {
      kind: SpanKind.SERVER,
      attributes,
      startTime: start,
      links: [
        {
          context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.NONE },
          attributes: { 'link.kind': 'batch' },
        },
        {
          context: {
            traceId: 'c'.repeat(32),
            spanId: 'd'.repeat(16),
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
            traceState: createTraceState('k=v'),
          },
        },
      ],
    },
    remote,
  );
  root.addEvent(
    'exception',
    { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' },
    [1_718_000_000, 223_456_789],
  );
  root.addEvent('retry', [1_718_000_000, 323_456_789]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
  const child = tracer.startSpan(
    'SELECT carts',
    { kind: SpanKind.CLIENT, startTime: [1_718_000_000, 200_000_000] },
    trace.setSpan(context.active(), root),
  );
  child.setAttribute('db.system', 'postgresql');
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_718_000_000, 250_000_000]);
  tracer
    .startSpan('internal', { startTime: [1_718_000_000, 300_000_000] }, trace.setSpan(context.active(), root))
    .end([1_718_000_001, 0]);
  root.end([1_718_000_001, 5]);
  return exporter.getFinishedSpans();
}

function nanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

function toAnyValue(value: AttributeValue | undefined): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { intValue: BigInt(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => toAnyValue(v ?? undefined)) } };
  return {};
}

function toKeyValues(attrs: Attributes | undefined): KeyValue[] {
  return Object.entries(attrs ?? {}).map(([key, value]) => ({ key, value: toAnyValue(value) }));
}

/** Checks every field of a decoded span against the SDK span it came from. */
function expectSameSpan(ours: Span, sdk: ReadableSpan): void {
  const ctx = sdk.spanContext();
  expect(ours.traceId).toBe(ctx.traceId);
  expect(ours.spanId).toBe(ctx.spanId);
  expect(ours.parentSpanId).toBe(sdk.parentSpanContext?.spanId ?? '');
  expect(ours.traceState).toBe(ctx.traceState?.serialize() ?? '');
  expect(ours.flags).toBe((ctx.traceFlags & 0xff) | 0x100 | (sdk.parentSpanContext?.isRemote ? 0x200 : 0));
  expect(ours.name).toBe(sdk.name);
  expect(ours.kind).toBe(sdk.kind + 1);
  expect(ours.startTimeUnixNano).toBe(nanos(sdk.startTime));
  expect(ours.endTimeUnixNano).toBe(nanos(sdk.endTime));
  expect(ours.attributes).toEqual(toKeyValues(sdk.attributes));
  expect(ours.droppedAttributesCount).toBe(sdk.droppedAttributesCount);
  expect(ours.events).toEqual(
    sdk.events.map((e) => ({
      timeUnixNano: nanos(e.time),
      name: e.name,
      attributes: toKeyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
  );
  expect(ours.droppedEventsCount).toBe(sdk.droppedEventsCount);
  expect(ours.links).toEqual(
    sdk.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize() ?? '',
      attributes: toKeyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
      flags: (l.context.traceFlags & 0xff) | 0x100 | (l.context.isRemote ? 0x200 : 0),
    })),
  );
  expect(ours.droppedLinksCount).toBe(sdk.droppedLinksCount);
  expect(ours.status).toEqual({ code: sdk.status.code, message: sdk.status.message ?? '' });
  expect(ours.resource.attributes).toEqual(toKeyValues(sdk.resource.attributes));
  expect(ours.resource.serviceName).toBe('conformance');
  expect(ours.scope.name).toBe(sdk.instrumentationScope.name);
  expect(ours.scope.version).toBe(sdk.instrumentationScope.version);
}

describe('conformance with the OpenTelemetry JS serializers', () => {
  const sdkSpans = makeSdkSpans();

  it('decodes every field of ProtobufTraceSerializer output', () => {
    expect(sdkSpans).toHaveLength(3);
    const bytes = ProtobufTraceSerializer.serializeRequest(sdkSpans)!;
    const ours = decodeTraceRequest(bytes);
    expect(ours.map((s) => s.spanId)).toEqual(sdkSpans.map((s) => s.spanContext().spanId));
    for (let i = 0; i < ours.length; i++) expectSameSpan(ours[i]!, sdkSpans[i]!);
    const root = ours.find((s) => s.name === 'GET /cart')!;
    expect(root.traceId).toBe(REMOTE_TRACE);
    expect(root.parentSpanId).toBe(REMOTE_SPAN);
    expect(root.flags).toBe(0x301); // sampled, has-is-remote, is-remote
    expect(ours.filter((s) => s !== root).map((s) => s.parentSpanId)).toEqual([root.spanId, root.spanId]);
  });

  it('decodes JsonTraceSerializer output to the same spans as the protobuf output', () => {
    const fromProto = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(sdkSpans)!);
    const text = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(sdkSpans)!);
    const fromJson = decodeTraceRequestJson(JSON.parse(text));
    expect(fromJson).toEqual(fromProto);
  });

  it('re-encodes canonically: smaller than the SDK (defaults omitted), same spans, stable bytes', () => {
    const sdkBytes = ProtobufTraceSerializer.serializeRequest(sdkSpans)!;
    const spans = decodeTraceRequest(sdkBytes);
    const ours = encodeTraceRequest(spans);
    expect(encodedTraceRequestSize(spans)).toBe(ours.length);
    expect(ours.length).toBeLessThan(sdkBytes.length);
    expect(decodeTraceRequest(ours)).toEqual(spans);
    expect(encodeTraceRequest(decodeTraceRequest(ours))).toEqual(ours);
    // The SDK writes default fields explicitly: per span dropped counts (3 x 2 bytes) and an unset or
    // code-only status; per event and link a zero dropped count; the resource a zero dropped count.
    const events = spans.reduce((n, s) => n + s.events.length, 0);
    const links = spans.reduce((n, s) => n + s.links.length, 0);
    const unsetStatus = spans.filter((s) => s.status.code === 0 && s.status.message === '').length;
    const defaults = spans.length * 6 + unsetStatus * 4 + events * 2 + links * 2 + 2;
    expect(sdkBytes.length - ours.length).toBe(defaults);
  });

  it('writes responses the SDK reads', () => {
    const response = ProtobufTraceSerializer.deserializeResponse(
      encodeExportResponse({ rejectedSpans: 3, errorMessage: 'over budget' }),
    );
    expect(Number(response.partialSuccess?.rejectedSpans)).toBe(3);
    expect(response.partialSuccess?.errorMessage).toBe('over budget');
    expect(
      ProtobufTraceSerializer.deserializeResponse(
        encodeExportResponse({ rejectedSpans: 0, errorMessage: '' }),
      ),
    ).toEqual({});
  });
});
