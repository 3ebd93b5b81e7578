import type { AnyValue, KeyValue, Resource, Span } from '../model.js';

/**
 * An estimate of a span's OTLP protobuf size in bytes, cheap enough for every span. It counts the same
 * fields the encoder writes (ids, name, times, attributes, events, links, status) with typical framing;
 * resource and scope are shared and not counted. Callers with an exact encoder can pass it instead.
 */
export function estimateSpanBytes(span: Span): number {
  let size = 18 + 10 + 9 + 9 + 4 + lengthOf(span.name);
  if (span.parentSpanId !== '') size += 10;
  if (span.kind !== 0) size += 2;
  if (span.traceState !== '') size += 2 + span.traceState.length;
  if (span.status.code !== 0 || span.status.message !== '') size += 4 + span.status.message.length;
  size += attributesBytes(span.attributes);
  const { events, links } = span;
  for (let k = 0; k < events.length; k++) {
    const event = events[k]!;
    size += 14 + lengthOf(event.name) + attributesBytes(event.attributes);
  }
  for (let k = 0; k < links.length; k++) {
    const link = links[k]!;
    size += 32 + link.traceState.length + attributesBytes(link.attributes);
  }
  return size;
}

/** Bytes Autoscope adds to a kept span with a dropped parent (`autoscope.gap`, sometimes `autoscope.slot`). */
export const REPARENT_BYTES = 22;
/** Bytes Autoscope adds to a kept span with dropped children (`autoscope.shape`; definitions amortised). */
export const SHAPE_BYTES = 34;

/** An estimate of a resource's encoded size with its `ResourceSpans`/`ScopeSpans` framing, in bytes. */
export function estimateResourceBytes(resource: Resource): number {
  return 12 + attributesBytes(resource.attributes) + resource.schemaUrl.length;
}

function attributesBytes(attributes: readonly KeyValue[]): number {
  let size = 0;
  for (let k = 0; k < attributes.length; k++) {
    const kv = attributes[k]!;
    size += 4 + kv.key.length + valueBytes(kv.value, 0);
  }
  return size;
}

function valueBytes(value: AnyValue, depth: number): number {
  if ('stringValue' in value) return 2 + lengthOf(value.stringValue);
  if ('intValue' in value || 'doubleValue' in value) return 9;
  if ('boolValue' in value) return 2;
  if ('bytesValue' in value) return 2 + value.bytesValue.length;
  if (depth > 8) return 2;
  if ('arrayValue' in value) {
    let size = 4;
    for (const item of value.arrayValue.values) size += 2 + valueBytes(item, depth + 1);
    return size;
  }
  if ('kvlistValue' in value) {
    let size = 4;
    for (const kv of value.kvlistValue.values) size += 4 + kv.key.length + valueBytes(kv.value, depth + 1);
    return size;
  }
  return 2;
}

function lengthOf(text: string): number {
  return text.length;
}
