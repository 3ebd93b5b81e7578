/**
 * OTLP/JSON decoding of `ExportTraceServiceRequest` into spans. Field names in lowerCamelCase or
 * snake_case; trace and span ids in hex (base64 of the right length is accepted from non-conforming
 * producers); unknown fields are ignored. Errors name the JSON path.
 */
import {
  type InstrumentationScope,
  makeResource,
  type Resource,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
} from '@autoscope/core';
import { UNSET_STATUS } from './decode-span.js';
import { OtlpJsonDecodeError } from './errors.js';
import { jsonId } from './json-ids.js';
import {
  atJson,
  enumValue,
  field,
  fixed64,
  type JsonObject,
  JsonPathError,
  keyValues,
  optionalArray,
  optionalObject,
  optionalString,
  uint32,
} from './json-values.js';

const DEFAULT_SOURCE = 'OTLP/JSON request';
const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/**
 * Decodes a parsed OTLP/JSON `ExportTraceServiceRequest` (or `TracesData`) into spans, in document order.
 * Throws `OtlpJsonDecodeError` naming the JSON path of the first bad value.
 */
export function decodeTraceRequestJson(value: unknown, source = DEFAULT_SOURCE): Span[] {
  return guardedJson(source, () => {
    const request = optionalObject(value ?? undefined, '') ?? {};
    const list = optionalArray(field(request, 'resourceSpans', 'resource_spans'), 'resourceSpans');
    const out: Span[] = [];
    for (let i = 0; i < list.length; i++) {
      try {
        resourceSpans(list[i], out);
      } catch (error) {
        atJson(error, `resourceSpans[${i}]`);
      }
    }
    return out;
  });
}

/**
 * Decodes one parsed OTLP/JSON `ResourceSpans` (an element of `resourceSpans`, as a streaming reader
 * delivers them). `index` is used in error paths. Throws `OtlpJsonDecodeError`.
 */
export function decodeResourceSpansJson(value: unknown, source = DEFAULT_SOURCE, index = 0): Span[] {
  return guardedJson(source, () => {
    const out: Span[] = [];
    try {
      resourceSpans(value, out);
    } catch (error) {
      atJson(error, `resourceSpans[${index}]`);
    }
    return out;
  });
}

function guardedJson<T>(source: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof JsonPathError) throw new OtlpJsonDecodeError(source, error.path(), error.reason);
    throw new OtlpJsonDecodeError(source, '', `internal decoder error: ${error}`);
  }
}

function resourceSpans(value: unknown, out: Span[]): void {
  const object = optionalObject(value ?? undefined, '') ?? {};
  const schemaUrl = optionalString(field(object, 'schemaUrl', 'schema_url'), 'schemaUrl');
  const resource = decodeResource(field(object, 'resource', 'resource'), schemaUrl);
  const list = optionalArray(field(object, 'scopeSpans', 'scope_spans'), 'scopeSpans');
  for (let i = 0; i < list.length; i++) {
    try {
      scopeSpans(list[i], resource, out);
    } catch (error) {
      atJson(error, `scopeSpans[${i}]`);
    }
  }
}

function decodeResource(value: unknown, schemaUrl: string): Resource {
  try {
    const object = optionalObject(value, '') ?? {};
    const attributes = keyValues(object.attributes ?? undefined, 'attributes');
    const dropped = uint32(
      field(object, 'droppedAttributesCount', 'dropped_attributes_count'),
      'droppedAttributesCount',
    );
    return makeResource(attributes, dropped, schemaUrl);
  } catch (error) {
    return atJson(error, 'resource');
  }
}

function scopeSpans(value: unknown, resource: Resource, out: Span[]): void {
  const object = optionalObject(value ?? undefined, '') ?? {};
  const schemaUrl = optionalString(field(object, 'schemaUrl', 'schema_url'), 'schemaUrl');
  const scope = decodeScope(field(object, 'scope', 'scope'), schemaUrl);
  const list = optionalArray(object.spans ?? undefined, 'spans');
  for (let i = 0; i < list.length; i++) {
    try {
      out.push(decodeSpan(list[i], resource, scope));
    } catch (error) {
      atJson(error, `spans[${i}]`);
    }
  }
}

function decodeScope(value: unknown, schemaUrl: string): InstrumentationScope {
  try {
    const object = optionalObject(value, '') ?? {};
    return {
      name: optionalString(object.name ?? undefined, 'name'),
      version: optionalString(object.version ?? undefined, 'version'),
      attributes: keyValues(object.attributes ?? undefined, 'attributes'),
      droppedAttributesCount: uint32(
        field(object, 'droppedAttributesCount', 'dropped_attributes_count'),
        'droppedAttributesCount',
      ),
      schemaUrl,
    };
  } catch (error) {
    return atJson(error, 'scope');
  }
}

function decodeSpan(value: unknown, resource: Resource, scope: InstrumentationScope): Span {
  const o = optionalObject(value ?? undefined, '') ?? {};
  return {
    traceId: jsonId(field(o, 'traceId', 'trace_id'), 'traceId', 16, false),
    spanId: jsonId(field(o, 'spanId', 'span_id'), 'spanId', 8, false),
    parentSpanId: jsonId(field(o, 'parentSpanId', 'parent_span_id'), 'parentSpanId', 8, true),
    traceState: optionalString(field(o, 'traceState', 'trace_state'), 'traceState'),
    flags: uint32(o.flags ?? undefined, 'flags'),
    name: optionalString(o.name ?? undefined, 'name'),
    kind: enumValue(o.kind ?? undefined, 'kind', SPAN_KINDS),
    startTimeUnixNano: fixed64(field(o, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    endTimeUnixNano: fixed64(field(o, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano'),
    attributes: keyValues(o.attributes ?? undefined, 'attributes'),
    droppedAttributesCount: uint32(
      field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
      'droppedAttributesCount',
    ),
    events: decodeList(o.events ?? undefined, 'events', decodeEvent),
    droppedEventsCount: uint32(field(o, 'droppedEventsCount', 'dropped_events_count'), 'droppedEventsCount'),
    links: decodeList(o.links ?? undefined, 'links', decodeLink),
    droppedLinksCount: uint32(field(o, 'droppedLinksCount', 'dropped_links_count'), 'droppedLinksCount'),
    status: decodeStatus(o.status ?? undefined),
    resource,
    scope,
  };
}

function decodeList<T>(value: unknown, name: string, decode: (item: JsonObject) => T): T[] {
  const items = optionalArray(value, name);
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push(decode(optionalObject(items[i] ?? undefined, '') ?? {}));
    } catch (error) {
      atJson(error, `${name}[${i}]`);
    }
  }
  return out;
}

function decodeEvent(o: JsonObject): SpanEvent {
  return {
    timeUnixNano: fixed64(field(o, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    name: optionalString(o.name ?? undefined, 'name'),
    attributes: keyValues(o.attributes ?? undefined, 'attributes'),
    droppedAttributesCount: uint32(
      field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
      'droppedAttributesCount',
    ),
  };
}

function decodeLink(o: JsonObject): SpanLink {
  return {
    traceId: jsonId(field(o, 'traceId', 'trace_id'), 'traceId', 16, false),
    spanId: jsonId(field(o, 'spanId', 'span_id'), 'spanId', 8, false),
    traceState: optionalString(field(o, 'traceState', 'trace_state'), 'traceState'),
    attributes: keyValues(o.attributes ?? undefined, 'attributes'),
    droppedAttributesCount: uint32(
      field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
      'droppedAttributesCount',
    ),
    flags: uint32(o.flags ?? undefined, 'flags'),
  };
}

function decodeStatus(value: unknown): SpanStatus {
  const o = optionalObject(value, 'status');
  if (o === undefined) return UNSET_STATUS;
  const message = optionalString(o.message ?? undefined, 'status.message');
  const code = enumValue(o.code ?? undefined, 'status.code', STATUS_CODES);
  return code === 0 && message === '' ? UNSET_STATUS : { code, message };
}
