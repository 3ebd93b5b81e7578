import {
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  makeResource,
  type Resource,
  type Span,
} from '@autoscope/core';
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type SdkResource = ReadableSpan['resource'];
type SdkScope = ReadableSpan['instrumentationScope'];

/**
 * Converts finished OpenTelemetry SDK spans into the Autoscope span model, once per span. Resources and
 * scopes are converted once per SDK object and shared by reference, as the model expects.
 */
export class ReadableSpanConverter {
  private readonly resources = new WeakMap<SdkResource, Resource>();
  private readonly scopes = new WeakMap<SdkScope, InstrumentationScope>();

  /** The model span of one SDK span. */
  convert(span: ReadableSpan): Span {
    const context = span.spanContext();
    return {
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? '',
      traceState: context.traceState?.serialize() ?? '',
      flags: context.traceFlags,
      name: span.name,
      // The API numbers kinds from INTERNAL = 0; OTLP reserves 0 for UNSPECIFIED.
      kind: span.kind + 1,
      startTimeUnixNano: hrTimeToNanos(span.startTime),
      endTimeUnixNano: hrTimeToNanos(span.endTime),
      attributes: toKeyValues(span.attributes),
      droppedAttributesCount: span.droppedAttributesCount,
      events: span.events.map((e) => ({
        timeUnixNano: hrTimeToNanos(e.time),
        name: e.name,
        attributes: toKeyValues(e.attributes ?? {}),
        droppedAttributesCount: e.droppedAttributesCount ?? 0,
      })),
      droppedEventsCount: span.droppedEventsCount,
      links: span.links.map((l) => ({
        traceId: l.context.traceId,
        spanId: l.context.spanId,
        traceState: l.context.traceState?.serialize() ?? '',
        attributes: toKeyValues(l.attributes ?? {}),
        droppedAttributesCount: l.droppedAttributesCount ?? 0,
        flags: l.context.traceFlags,
      })),
      droppedLinksCount: span.droppedLinksCount,
      status: { code: span.status.code, message: span.status.message ?? '' },
      resource: this.resource(span.resource),
      scope: this.scope(span.instrumentationScope),
    };
  }

  private resource(resource: SdkResource): Resource {
    let converted = this.resources.get(resource);
    if (converted === undefined) {
      converted = makeResource(toKeyValues(resource.attributes), 0, resource.schemaUrl ?? '');
      this.resources.set(resource, converted);
    }
    return converted;
  }

  private scope(scope: SdkScope): InstrumentationScope {
    let converted = this.scopes.get(scope);
    if (converted === undefined) {
      converted = {
        name: scope.name,
        version: scope.version ?? '',
        attributes: [],
        droppedAttributesCount: 0,
        schemaUrl: scope.schemaUrl ?? '',
      };
      this.scopes.set(scope, converted);
    }
    return converted;
  }
}

/** `[seconds, nanoseconds]` to Unix nanoseconds. */
export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

function toKeyValues(attributes: Attributes): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined) out.push({ key, value: toAnyValue(value) });
  }
  return out;
}

function toAnyValue(value: AttributeValue | null | undefined): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { intValue: BigInt(value) } : { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => toAnyValue(v)) } };
  return {};
}
