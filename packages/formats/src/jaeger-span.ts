import type {
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanLink,
  SpanStatus,
} from '@autoscope/core';
import { makeResource, makeScope, makeSpan, SpanKind, StatusCode, stringAttr } from '@autoscope/core';
import { paddedHexId, parentSpanIdOf, SPAN_ID_HEX, TRACE_ID_HEX } from './hex-ids.js';
import { convertJaegerTags, takeAttribute } from './jaeger-tags.js';
import { recordSkip } from './read-problems.js';
import type { ReadStats } from './source.js';

/** The scope of spans whose tags name none (`otel.scope.name`). */
export const JAEGER_IMPORT_SCOPE = makeScope('autoscope.jaeger-import');

const KINDS: Readonly<Record<string, number>> = {
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};
const MAX_SHARED = 10_000;

type JsonObject = Record<string, unknown>;

/**
 * Converts Jaeger traces to spans for one read: processes become resources shared across traces (same
 * service and tags, same object), scopes likewise. Bad spans and traces are counted in `stats`.
 */
export class JaegerConverter {
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, InstrumentationScope>();

  constructor(private readonly stats: ReadStats) {}

  /** The spans of one Jaeger trace object; `where` (e.g. `file:data[3]`) prefixes problem messages. */
  traceToSpans(trace: unknown, where: string): Span[] {
    if (!isObject(trace) || !Array.isArray(trace.spans)) {
      this.stats.records++;
      recordSkip(this.stats, `${where}: not a Jaeger trace (an object with a spans array)`);
      return [];
    }
    const processes = isObject(trace.processes) ? trace.processes : {};
    const spans: Span[] = [];
    trace.spans.forEach((raw: unknown, i) => {
      this.stats.records++;
      const span = this.toSpan(raw, trace.traceID, processes);
      if (typeof span === 'string') recordSkip(this.stats, `${where}.spans[${i}]: ${span}`);
      else spans.push(span);
    });
    return spans;
  }

  private toSpan(raw: unknown, traceTraceId: unknown, processes: JsonObject): Span | string {
    if (!isObject(raw)) return 'not an object';
    const traceId = paddedHexId(raw.traceID ?? traceTraceId, TRACE_ID_HEX);
    if (traceId === undefined) return `traceID is not 1 to ${TRACE_ID_HEX} hex characters`;
    const spanId = paddedHexId(raw.spanID, SPAN_ID_HEX);
    if (spanId === undefined) return `spanID is not 1 to ${SPAN_ID_HEX} hex characters`;
    const start = micros(raw.startTime);
    if (start === undefined) return 'startTime is not a number of microseconds';
    const duration = raw.duration === undefined ? 0n : micros(raw.duration);
    if (duration === undefined) return 'duration is not a number of microseconds';
    const { attributes, dropped } = convertJaegerTags(raw.tags);
    const { parentSpanId, links, droppedLinks } = references(raw, traceId);
    const logs: unknown[] = Array.isArray(raw.logs) ? raw.logs : [];
    const events = logs.flatMap(toEvent);
    return makeSpan({
      traceId,
      spanId,
      parentSpanId,
      name: typeof raw.operationName === 'string' ? raw.operationName : '',
      kind: KINDS[takeAttribute(attributes, 'span.kind')?.toLowerCase() ?? ''] ?? SpanKind.UNSPECIFIED,
      status: takeStatus(attributes),
      scope: this.scopeOf(attributes),
      startTimeUnixNano: start * 1000n,
      endTimeUnixNano: (start + duration) * 1000n,
      attributes,
      droppedAttributesCount: dropped,
      events,
      droppedEventsCount: logs.length - events.length,
      links,
      droppedLinksCount: droppedLinks,
      resource: this.resourceOf(processOf(raw, processes)),
    });
  }

  private resourceOf(process: JsonObject | undefined): Resource {
    const serviceName = typeof process?.serviceName === 'string' ? process.serviceName : '';
    const key = `${serviceName}\u0000${JSON.stringify(process?.tags ?? null)}`;
    return shared(this.resources, key, () => {
      const { attributes, dropped } = convertJaegerTags(process?.tags);
      const service = serviceName === '' ? [] : [stringAttr('service.name', serviceName)];
      return makeResource([...service, ...attributes.filter((kv) => kv.key !== 'service.name')], dropped);
    });
  }

  private scopeOf(attributes: KeyValue[]): InstrumentationScope {
    const name =
      takeAttribute(attributes, 'otel.scope.name') ?? takeAttribute(attributes, 'otel.library.name');
    const version =
      takeAttribute(attributes, 'otel.scope.version') ??
      takeAttribute(attributes, 'otel.library.version') ??
      '';
    if (name === undefined) return JAEGER_IMPORT_SCOPE;
    return shared(this.scopes, `${name}\u0000${version}`, () => makeScope(name, version));
  }
}

function shared<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_SHARED) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whole microseconds from a JSON number or decimal string; fractions are rounded. */
function micros(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  if (typeof value === 'string' && /^[0-9]{1,19}$/.test(value)) return BigInt(value);
  return undefined;
}

function processOf(span: JsonObject, processes: JsonObject): JsonObject | undefined {
  if (isObject(span.process)) return span.process;
  const process = typeof span.processID === 'string' ? processes[span.processID] : undefined;
  return isObject(process) ? process : undefined;
}

/** `otel.status_code` (OK/ERROR), else `error=true`, gives the status; the tags used are removed. */
function takeStatus(attributes: KeyValue[]): SpanStatus {
  const code = takeAttribute(attributes, 'otel.status_code')?.toUpperCase();
  const message = takeAttribute(attributes, 'otel.status_description') ?? '';
  if (code === 'ERROR') return { code: StatusCode.ERROR, message };
  if (code === 'OK') return { code: StatusCode.OK, message: '' };
  const error = attributes.findIndex((kv) => kv.key === 'error');
  const value = error < 0 ? undefined : attributes[error]!.value;
  const isError =
    value !== undefined &&
    (('boolValue' in value && value.boolValue) || ('stringValue' in value && value.stringValue === 'true'));
  if (!isError) return { code: StatusCode.UNSET, message: '' };
  attributes.splice(error, 1);
  return { code: StatusCode.ERROR, message };
}

interface References {
  readonly parentSpanId: string;
  readonly links: SpanLink[];
  readonly droppedLinks: number;
}

/** The first CHILD_OF reference in the same trace is the parent; every other reference becomes a link. */
function references(span: JsonObject, traceId: string): References {
  const refs: unknown[] = Array.isArray(span.references) ? span.references : [];
  let parentSpanId = '';
  const links: SpanLink[] = [];
  let droppedLinks = 0;
  for (const ref of refs) {
    const refType = isObject(ref) && typeof ref.refType === 'string' ? ref.refType.toUpperCase() : '';
    const refTraceId = isObject(ref) ? paddedHexId(ref.traceID ?? traceId, TRACE_ID_HEX) : undefined;
    const refSpanId = isObject(ref) ? paddedHexId(ref.spanID, SPAN_ID_HEX) : undefined;
    if (refTraceId === undefined || refSpanId === undefined) droppedLinks++;
    else if (parentSpanId === '' && refType === 'CHILD_OF' && refTraceId === traceId)
      parentSpanId = refSpanId;
    else links.push(toLink(refTraceId, refSpanId, refType));
  }
  if (parentSpanId === '' && refs.length === 0) parentSpanId = parentSpanIdOf(span.parentSpanID) ?? '';
  return { parentSpanId, links, droppedLinks };
}

function toLink(traceId: string, spanId: string, refType: string): SpanLink {
  const attributes = refType === '' ? [] : [stringAttr('opentracing.ref_type', refType.toLowerCase())];
  return { traceId, spanId, traceState: '', attributes, droppedAttributesCount: 0, flags: 0 };
}

/** A log becomes an event named by its `event` field (removed from the attributes), else `log`. */
function toEvent(log: unknown): SpanEvent[] {
  if (!isObject(log)) return [];
  const time = micros(log.timestamp);
  if (time === undefined) return [];
  const { attributes, dropped } = convertJaegerTags(log.fields);
  const name = takeAttribute(attributes, 'event') ?? 'log';
  return [{ timeUnixNano: time * 1000n, name, attributes, droppedAttributesCount: dropped }];
}
