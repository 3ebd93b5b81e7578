/**
 * OTLP/JSON encoding of spans as an `ExportTraceServiceRequest`, per the OTLP/JSON rules: lowerCamelCase
 * names, hex ids, int64 and fixed64 as decimal strings, enums as integers, bytes as base64, fields
 * holding their default omitted. Spans are grouped like the protobuf encoder groups them.
 */
import { Buffer } from 'node:buffer';
import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanLink,
} from '@autoscope/core';
import { MAX_ANY_VALUE_DEPTH } from './decode-common.js';
import { OtlpEncodeError } from './errors.js';
import { groupSpans, type ResourceGroup, type ScopeGroup } from './group-spans.js';

/** A JSON object under construction. */
type Json = Record<string, unknown>;

/** The OTLP/JSON `ExportTraceServiceRequest` object for these spans (ready for `JSON.stringify`). */
export function encodeTraceRequestJson(spans: readonly Span[]): object {
  return { resourceSpans: groupSpans(spans).map(resourceSpansJson) };
}

/** The OTLP/JSON request as one line of text (no newline inside), as the Collector's file exporter writes. */
export function stringifyTraceRequestJson(spans: readonly Span[]): string {
  return JSON.stringify(encodeTraceRequestJson(spans));
}

function resourceSpansJson(group: ResourceGroup): Json {
  const out: Json = {};
  const resource = resourceJson(group.resource);
  if (resource !== undefined) out.resource = resource;
  out.scopeSpans = group.scopes.map(scopeSpansJson);
  if (group.resource.schemaUrl !== '') out.schemaUrl = group.resource.schemaUrl;
  return out;
}

function resourceJson(resource: Resource): Json | undefined {
  if (resource.attributes.length === 0 && resource.droppedAttributesCount === 0) return undefined;
  const out: Json = {};
  if (resource.attributes.length > 0) out.attributes = attributesJson(resource.attributes);
  if (resource.droppedAttributesCount !== 0) out.droppedAttributesCount = resource.droppedAttributesCount;
  return out;
}

function scopeSpansJson(group: ScopeGroup): Json {
  const out: Json = {};
  const scope = scopeJson(group.scope);
  if (scope !== undefined) out.scope = scope;
  out.spans = group.spans.map(spanJson);
  if (group.scope.schemaUrl !== '') out.schemaUrl = group.scope.schemaUrl;
  return out;
}

function scopeJson(scope: InstrumentationScope): Json | undefined {
  const out: Json = {};
  if (scope.name !== '') out.name = scope.name;
  if (scope.version !== '') out.version = scope.version;
  if (scope.attributes.length > 0) out.attributes = attributesJson(scope.attributes);
  if (scope.droppedAttributesCount !== 0) out.droppedAttributesCount = scope.droppedAttributesCount;
  return Object.keys(out).length === 0 ? undefined : out;
}

function spanJson(span: Span): Json {
  const out: Json = { traceId: span.traceId, spanId: span.spanId };
  if (span.traceState !== '') out.traceState = span.traceState;
  if (span.parentSpanId !== '') out.parentSpanId = span.parentSpanId;
  if (span.flags !== 0) out.flags = span.flags >>> 0;
  if (span.name !== '') out.name = span.name;
  if (span.kind !== 0) out.kind = span.kind;
  if (span.startTimeUnixNano !== 0n) out.startTimeUnixNano = span.startTimeUnixNano.toString();
  if (span.endTimeUnixNano !== 0n) out.endTimeUnixNano = span.endTimeUnixNano.toString();
  if (span.attributes.length > 0) out.attributes = attributesJson(span.attributes);
  if (span.droppedAttributesCount !== 0) out.droppedAttributesCount = span.droppedAttributesCount;
  if (span.events.length > 0) out.events = span.events.map(eventJson);
  if (span.droppedEventsCount !== 0) out.droppedEventsCount = span.droppedEventsCount;
  if (span.links.length > 0) out.links = span.links.map(linkJson);
  if (span.droppedLinksCount !== 0) out.droppedLinksCount = span.droppedLinksCount;
  if (span.status.code !== 0 || span.status.message !== '')
    out.status = statusJson(span.status.code, span.status.message);
  return out;
}

function statusJson(code: number, message: string): Json {
  const out: Json = {};
  if (message !== '') out.message = message;
  if (code !== 0) out.code = code;
  return out;
}

function eventJson(event: SpanEvent): Json {
  const out: Json = {};
  if (event.timeUnixNano !== 0n) out.timeUnixNano = event.timeUnixNano.toString();
  if (event.name !== '') out.name = event.name;
  if (event.attributes.length > 0) out.attributes = attributesJson(event.attributes);
  if (event.droppedAttributesCount !== 0) out.droppedAttributesCount = event.droppedAttributesCount;
  return out;
}

function linkJson(link: SpanLink): Json {
  const out: Json = { traceId: link.traceId, spanId: link.spanId };
  if (link.traceState !== '') out.traceState = link.traceState;
  if (link.attributes.length > 0) out.attributes = attributesJson(link.attributes);
  if (link.droppedAttributesCount !== 0) out.droppedAttributesCount = link.droppedAttributesCount;
  if (link.flags !== 0) out.flags = link.flags >>> 0;
  return out;
}

function attributesJson(attributes: readonly KeyValue[], depth = 0): Json[] {
  const out: Json[] = new Array(attributes.length);
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    out[i] = { key: kv.key, value: anyValueJson(kv.value, depth) };
  }
  return out;
}

function anyValueJson(value: AnyValue, depth: number): Json {
  if (depth >= MAX_ANY_VALUE_DEPTH) {
    throw new OtlpEncodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels (is it cyclic?)`);
  }
  if ('stringValue' in value) return { stringValue: value.stringValue };
  if ('intValue' in value) return { intValue: value.intValue.toString() };
  if ('doubleValue' in value) return { doubleValue: doubleJson(value.doubleValue) };
  if ('boolValue' in value) return { boolValue: value.boolValue };
  if ('arrayValue' in value) {
    const values = value.arrayValue.values.map((item) => anyValueJson(item, depth + 1));
    return { arrayValue: values.length > 0 ? { values } : {} };
  }
  if ('kvlistValue' in value) {
    const values = attributesJson(value.kvlistValue.values, depth + 1);
    return { kvlistValue: values.length > 0 ? { values } : {} };
  }
  if ('bytesValue' in value) return { bytesValue: Buffer.from(value.bytesValue).toString('base64') };
  return {};
}

/** Finite doubles as numbers; NaN, the infinities and -0 as the strings the protobuf JSON mapping allows. */
function doubleJson(value: number): number | string {
  if (Number.isFinite(value)) return Object.is(value, -0) ? '-0' : value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}
