import type { KeyValue, Resource, Span, SpanEvent, SpanStatus } from '@autoscope/core';
import {
  intAttr,
  makeResource,
  makeScope,
  makeSpan,
  SpanKind,
  StatusCode,
  stringAttr,
} from '@autoscope/core';
import { paddedHexId, parentSpanIdOf, SPAN_ID_HEX, TRACE_ID_HEX } from './hex-ids.js';

/** The scope every span read from Zipkin shares (Zipkin v2 has no instrumentation scope). */
export const ZIPKIN_IMPORT_SCOPE = makeScope('autoscope.zipkin-import');

const KINDS: Readonly<Record<string, number>> = {
  CLIENT: SpanKind.CLIENT,
  SERVER: SpanKind.SERVER,
  PRODUCER: SpanKind.PRODUCER,
  CONSUMER: SpanKind.CONSUMER,
};
const STATUS_TAGS = new Set(['error', 'otel.status_code', 'otel.status_description']);
const MAX_RESOURCES = 10_000;

type JsonObject = Record<string, unknown>;

/** Converts Zipkin v2 spans for one read, sharing one resource per local service name. */
export class ZipkinConverter {
  private readonly resources = new Map<string, Resource>();

  /** The span, or why it is bad. Never throws. */
  toSpan(raw: unknown): Span | string {
    if (!isObject(raw)) return 'not an object';
    const traceId = paddedHexId(raw.traceId, TRACE_ID_HEX);
    if (traceId === undefined) return `traceId is not 1 to ${TRACE_ID_HEX} hex characters`;
    const spanId = paddedHexId(raw.id, SPAN_ID_HEX);
    if (spanId === undefined) return `id is not 1 to ${SPAN_ID_HEX} hex characters`;
    const parentSpanId = parentSpanIdOf(raw.parentId);
    if (parentSpanId === undefined) return `parentId is not 1 to ${SPAN_ID_HEX} hex characters`;
    const start = micros(raw.timestamp);
    if (start === undefined) return 'timestamp is missing or not a number of microseconds';
    const duration = raw.duration === undefined ? 0n : micros(raw.duration);
    if (duration === undefined) return 'duration is not a number of microseconds';
    const kind =
      typeof raw.kind === 'string'
        ? (KINDS[raw.kind.toUpperCase()] ?? SpanKind.UNSPECIFIED)
        : SpanKind.UNSPECIFIED;
    const tags = isObject(raw.tags) ? raw.tags : {};
    const annotations: unknown[] = Array.isArray(raw.annotations) ? raw.annotations : [];
    const events = annotations.flatMap(toEvent);
    return makeSpan({
      traceId,
      spanId,
      parentSpanId,
      name: typeof raw.name === 'string' ? raw.name : '',
      kind,
      startTimeUnixNano: start * 1000n,
      endTimeUnixNano: (start + duration) * 1000n,
      attributes: [...tagAttributes(tags), ...remoteAttributes(raw.remoteEndpoint, kind)],
      status: statusOf(tags),
      events,
      droppedEventsCount: annotations.length - events.length,
      resource: this.resourceOf(raw.localEndpoint),
      scope: ZIPKIN_IMPORT_SCOPE,
    });
  }

  private resourceOf(endpoint: unknown): Resource {
    const service =
      isObject(endpoint) && typeof endpoint.serviceName === 'string' ? endpoint.serviceName : '';
    let resource = this.resources.get(service);
    if (resource === undefined) {
      if (this.resources.size >= MAX_RESOURCES) this.resources.clear();
      resource = makeResource(service === '' ? [] : [stringAttr('service.name', service)]);
      this.resources.set(service, resource);
    }
    return resource;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function micros(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  if (typeof value === 'string' && /^[0-9]{1,19}$/.test(value)) return BigInt(value);
  return undefined;
}

/** Tags are strings in Zipkin v2; other JSON values are kept as their JSON text. */
function tagAttributes(tags: JsonObject): KeyValue[] {
  const attributes: KeyValue[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (STATUS_TAGS.has(key)) continue;
    attributes.push(stringAttr(key, typeof value === 'string' ? value : JSON.stringify(value)));
  }
  return attributes;
}

/** `otel.status_code` wins; else an `error` tag (its value is the message) means ERROR. */
function statusOf(tags: JsonObject): SpanStatus {
  const code = typeof tags['otel.status_code'] === 'string' ? tags['otel.status_code'].toUpperCase() : '';
  const description =
    typeof tags['otel.status_description'] === 'string' ? tags['otel.status_description'] : '';
  if (code === 'OK') return { code: StatusCode.OK, message: '' };
  if (code === 'ERROR') return { code: StatusCode.ERROR, message: description };
  if (tags.error === undefined || tags.error === 'false') return { code: StatusCode.UNSET, message: '' };
  const message = typeof tags.error === 'string' && tags.error !== 'true' ? tags.error : description;
  return { code: StatusCode.ERROR, message };
}

/**
 * The remote endpoint as attributes: `peer.service`, `net.peer.ip`/`net.peer.port` (as the OpenTelemetry
 * Collector's Zipkin receiver names them) and, for CLIENT and PRODUCER spans, `server.address`/`server.port`.
 */
function remoteAttributes(endpoint: unknown, kind: number): KeyValue[] {
  if (!isObject(endpoint)) return [];
  const attributes: KeyValue[] = [];
  const service =
    typeof endpoint.serviceName === 'string' && endpoint.serviceName !== ''
      ? endpoint.serviceName
      : undefined;
  const ip = [endpoint.ipv4, endpoint.ipv6].find((v): v is string => typeof v === 'string' && v !== '');
  const port =
    typeof endpoint.port === 'number' && Number.isInteger(endpoint.port) ? endpoint.port : undefined;
  if (service !== undefined) attributes.push(stringAttr('peer.service', service));
  if (ip !== undefined) attributes.push(stringAttr('net.peer.ip', ip));
  if (port !== undefined) attributes.push(intAttr('net.peer.port', port));
  if (kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER) {
    const address = service ?? ip;
    if (address !== undefined) attributes.push(stringAttr('server.address', address));
    if (port !== undefined) attributes.push(intAttr('server.port', port));
  }
  return attributes;
}

/** An annotation `{ timestamp, value }` becomes an event named by its value. */
function toEvent(annotation: unknown): SpanEvent[] {
  if (!isObject(annotation) || typeof annotation.value !== 'string') return [];
  const time = micros(annotation.timestamp);
  if (time === undefined) return [];
  return [{ timeUnixNano: time * 1000n, name: annotation.value, attributes: [], droppedAttributesCount: 0 }];
}
