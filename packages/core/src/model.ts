/**
 * The trace data model: the OpenTelemetry span data model as plain, immutable-by-convention objects.
 *
 * It mirrors OTLP closely enough that every OTLP field round-trips (attribute value types, events,
 * links, status, trace state, flags, dropped counts), and adds nothing that OTLP cannot carry.
 * Identifiers are lowercase hex strings (trace id 32 chars, span id 16 chars); timestamps are
 * Unix nanoseconds as `bigint`, so they stay exact.
 */

/** An OTLP `AnyValue`: exactly one variant is present. `intValue` is a 64-bit integer, kept exact. */
export type AnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: bigint }
  | { readonly doubleValue: number }
  | { readonly arrayValue: { readonly values: readonly AnyValue[] } }
  | { readonly kvlistValue: { readonly values: readonly KeyValue[] } }
  | { readonly bytesValue: Uint8Array }
  | EmptyValue;

/** An `AnyValue` with no variant set (OTLP allows it; it round-trips as such). */
export type EmptyValue = { readonly [K in never]: never };

/** One attribute. Order and duplicates are preserved as received. */
export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** The entity that produced the spans (a service instance). Shared by reference between its spans. */
export interface Resource {
  readonly attributes: readonly KeyValue[];
  readonly droppedAttributesCount: number;
  /** `schema_url` of the enclosing `ResourceSpans`. */
  readonly schemaUrl: string;
  /** The `service.name` attribute, or `unknown_service` when absent (cached at construction). */
  readonly serviceName: string;
}

/** The instrumentation scope. Shared by reference between its spans. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly KeyValue[];
  readonly droppedAttributesCount: number;
  /** `schema_url` of the enclosing `ScopeSpans`. */
  readonly schemaUrl: string;
}

/** OTLP `Span.SpanKind` values. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
/** A span kind number (0..5; other numbers are preserved but have no meaning). */
export type SpanKindValue = number;

/** OTLP `Status.StatusCode` values. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** Span status. */
export interface SpanStatus {
  readonly code: number;
  readonly message: string;
}

/** A timed event inside a span (exceptions are events named `exception`). */
export interface SpanEvent {
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: readonly KeyValue[];
  readonly droppedAttributesCount: number;
}

/** A link to another span. */
export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: readonly KeyValue[];
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

/** One span with its resource and scope. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty string for a root span. */
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly flags: number;
  readonly name: string;
  readonly kind: SpanKindValue;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: readonly KeyValue[];
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  readonly status: SpanStatus;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

/** All spans of one trace id that were gathered together. Order is arrival order. */
export interface Trace {
  readonly traceId: string;
  readonly spans: readonly Span[];
}

/** The `service.name` to use when a resource has none (as the OpenTelemetry SDKs do). */
export const UNKNOWN_SERVICE = 'unknown_service';

const EMPTY: readonly never[] = Object.freeze([]);

/** Builds a resource, deriving `serviceName` from its `service.name` attribute. */
export function makeResource(
  attributes: readonly KeyValue[],
  droppedAttributesCount = 0,
  schemaUrl = '',
): Resource {
  return { attributes, droppedAttributesCount, schemaUrl, serviceName: serviceNameOf(attributes) };
}

/** Builds an instrumentation scope with empty defaults. */
export function makeScope(
  name: string,
  version = '',
  attributes: readonly KeyValue[] = EMPTY,
): InstrumentationScope {
  return { name, version, attributes, droppedAttributesCount: 0, schemaUrl: '' };
}

/** The fields of a span that have no sensible default. */
export type SpanInit = Pick<
  Span,
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'startTimeUnixNano'
  | 'endTimeUnixNano'
  | 'resource'
  | 'scope'
> &
  Partial<Span>;

/**
 * Builds a span, filling every optional OTLP field with its protobuf default. Every field is written in
 * the literal, in `Span`'s order (the order the protobuf decoder uses too): spans from every reader then
 * share one object layout with all fields inside the object. Spreading `init` after defaults put the
 * spread fields in a separate property store (one more cache line per span for every reader) and gave
 * each caller's key order a layout of its own.
 */
export function makeSpan(init: SpanInit): Span {
  return {
    traceId: init.traceId,
    spanId: init.spanId,
    parentSpanId: init.parentSpanId,
    traceState: init.traceState ?? '',
    flags: init.flags ?? 0,
    name: init.name,
    kind: init.kind ?? SpanKind.UNSPECIFIED,
    startTimeUnixNano: init.startTimeUnixNano,
    endTimeUnixNano: init.endTimeUnixNano,
    attributes: init.attributes ?? EMPTY,
    droppedAttributesCount: init.droppedAttributesCount ?? 0,
    events: init.events ?? EMPTY,
    droppedEventsCount: init.droppedEventsCount ?? 0,
    links: init.links ?? EMPTY,
    droppedLinksCount: init.droppedLinksCount ?? 0,
    status: init.status ?? OK_UNSET,
    resource: init.resource,
    scope: init.scope,
  };
}

const OK_UNSET: SpanStatus = Object.freeze({ code: StatusCode.UNSET, message: '' });

/** A string attribute. */
export function stringAttr(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

/** An integer attribute. */
export function intAttr(key: string, value: number | bigint): KeyValue {
  return { key, value: { intValue: BigInt(value) } };
}

/** The first attribute with this key, or undefined. */
export function findAttribute(attributes: readonly KeyValue[], key: string): AnyValue | undefined {
  for (const kv of attributes) if (kv.key === key) return kv.value;
  return undefined;
}

function serviceNameOf(attributes: readonly KeyValue[]): string {
  const value = findAttribute(attributes, 'service.name');
  return value !== undefined && 'stringValue' in value && value.stringValue !== ''
    ? value.stringValue
    : UNKNOWN_SERVICE;
}

/** Span duration in nanoseconds as a number (exact below about 104 days); negative when clocks disagree. */
export function durationNanos(span: Span): number {
  return Number(span.endTimeUnixNano - span.startTimeUnixNano);
}

/** True when the span reports an error: status ERROR or an `exception` event. */
export function isErrorSpan(span: Span): boolean {
  if (span.status.code === StatusCode.ERROR) return true;
  const events = span.events;
  for (let k = 0; k < events.length; k++) if (events[k]!.name === 'exception') return true;
  return false;
}
