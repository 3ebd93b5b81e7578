import {
  type InstrumentationScope,
  type KeyValue,
  makeResource,
  type Resource,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
} from '@autoscope/core';
import type { SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope as OtelScope } from '@opentelemetry/core';
import type { Resource as OtelResource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesBytes, toKeyValues } from './attribute-values.js';
import { hrDurationNanos, hrTimeToNanos, isNormalHrTime } from './hr-time.js';

/**
 * A core span that remembers the ReadableSpan it was made from, so the decision's output maps back to it
 * without a lookup (the processor takes the output through `materializeInto`, whose sink is handed the
 * engine span itself; `materialize`'s copies carry no `source`).
 */
export interface SourcedSpan extends Span {
  readonly source: ReadableSpan;
  /** Estimated OTLP size of the source span in bytes. */
  readonly bytes: number;
}

const NONE: readonly never[] = Object.freeze([]);
const STATUS_UNSET: SpanStatus = Object.freeze({ code: 0, message: '' });
const STATUS_OK: SpanStatus = Object.freeze({ code: 1, message: '' });

/**
 * The one converter from OpenTelemetry JS SDK spans (`ReadableSpan`) to the Autoscope core model.
 * Resources and scopes are converted once per SDK object and shared by reference, as the model expects;
 * times are exact nanoseconds; the API's span kind (INTERNAL = 0) becomes OTLP's (INTERNAL = 1).
 */
export class SpanConverter {
  private readonly resources = new WeakMap<OtelResource, Resource>();
  private readonly scopes = new WeakMap<OtelScope, InstrumentationScope>();
  // A process has one resource and a few scopes: the last one converted is usually the next one asked.
  private lastResource: OtelResource | undefined;
  private lastResourceConverted: Resource | undefined;
  private lastScope: OtelScope | undefined;
  private lastScopeConverted: InstrumentationScope | undefined;

  /**
   * The whole span: ids (a remote parent's id included), times, name, kind, status, trace state, flags,
   * attributes, events and links with their attributes, resource and scope. For storing or sending spans.
   */
  toCoreSpan(readable: ReadableSpan): Span {
    const context = readable.spanContext();
    return {
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: readable.parentSpanContext?.spanId ?? '',
      traceState: context.traceState?.serialize() ?? '',
      flags: context.traceFlags,
      name: readable.name,
      kind: readable.kind + 1,
      startTimeUnixNano: hrTimeToNanos(readable.startTime),
      endTimeUnixNano: hrTimeToNanos(readable.endTime),
      attributes: toKeyValues(readable.attributes),
      droppedAttributesCount: readable.droppedAttributesCount,
      events: readable.events.length === 0 ? NONE : readable.events.map(fullEventOf),
      droppedEventsCount: readable.droppedEventsCount,
      links: readable.links.length === 0 ? NONE : readable.links.map(linkOf),
      droppedLinksCount: readable.droppedLinksCount,
      status: statusOf(readable.status),
      resource: this.resourceOf(readable.resource),
      scope: this.scopeOf(readable.instrumentationScope),
    };
  }

  /**
   * The engine's view of an ended span (the processor's hot path): like `toCoreSpan`, but span, event and
   * link attributes, links and the trace state are not copied (the engine does not read them; their size
   * is in `bytes`), and a span whose parent is remote is a local root (`parentSpanId` empty). The exported span is always
   * built from `source`, so nothing is lost. The fields the engine does not read (trace state, flags,
   * attributes, links, dropped counts) are answered by the span's class, not copied: an object spread of
   * it copies the others only.
   */
  toEngineSpan(readable: ReadableSpan): SourcedSpan {
    const context = readable.spanContext();
    const parent = readable.parentSpanContext;
    return new EngineSpan(
      readable,
      context.traceId,
      context.spanId,
      parent === undefined || parent.isRemote === true ? '' : parent.spanId,
      this.resourceOf(readable.resource),
      this.scopeOf(readable.instrumentationScope),
    );
  }

  private resourceOf(resource: OtelResource): Resource {
    if (resource === this.lastResource && this.lastResourceConverted !== undefined) {
      return this.lastResourceConverted;
    }
    let converted = this.resources.get(resource);
    if (converted === undefined) {
      converted = makeResource(toKeyValues(resource.attributes), 0, resource.schemaUrl ?? '');
      this.resources.set(resource, converted);
    }
    this.lastResource = resource;
    this.lastResourceConverted = converted;
    return converted;
  }

  private scopeOf(scope: OtelScope): InstrumentationScope {
    if (scope === this.lastScope && this.lastScopeConverted !== undefined) return this.lastScopeConverted;
    let converted = this.scopes.get(scope);
    if (converted === undefined) {
      converted = {
        name: scope.name,
        version: scope.version ?? '',
        attributes: NONE,
        droppedAttributesCount: 0,
        schemaUrl: scope.schemaUrl ?? '',
      };
      this.scopes.set(scope, converted);
    }
    this.lastScope = scope;
    this.lastScopeConverted = converted;
    return converted;
  }
}

/**
 * The engine's view of an SDK span (see `SpanConverter.toEngineSpan`): the fields the engine reads are its
 * own; the ones it does not read, constant or kept by the SDK span (trace state, flags, attributes, links
 * and the dropped counts), are answered by the class, so each of the four spans of a local trace is 56
 * bytes smaller. Its bigint times are getters too (made only when read). An object spread of it copies its
 * own fields only, times excluded: core's `materialize` copies spans field by field instead.
 */
class EngineSpan implements SourcedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  /**
   * `Number(end - start)` of the two times, from the SDK's `[seconds, nanos]` without a BigInt (see the
   * core's `MaybeTimedSpan`); undefined for times outside the exact range, which are read as BigInts.
   */
  readonly durationNanos: number | undefined;
  /** The SDK's start when normalized (see the core's `MaybeTimedSpan`), else undefined. */
  readonly startHr: readonly [number, number] | undefined;
  readonly events: readonly SpanEvent[];
  readonly status: SpanStatus;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly source: ReadableSpan;
  readonly bytes: number;
  /** The BigInt times, made when first read (the engine reads the root's start, the tree sorts siblings). */
  private start: bigint | undefined;
  private end: bigint | undefined;

  constructor(
    readable: ReadableSpan,
    traceId: string,
    spanId: string,
    parentSpanId: string,
    resource: Resource,
    scope: InstrumentationScope,
  ) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = readable.name;
    this.kind = readable.kind + 1;
    this.durationNanos = hrDurationNanos(readable.startTime, readable.endTime);
    this.startHr = isNormalHrTime(readable.startTime) ? readable.startTime : undefined;
    this.events = readable.events.length === 0 ? NONE : readable.events.map(bareEventOf);
    this.status = statusOf(readable.status);
    this.resource = resource;
    this.scope = scope;
    this.source = readable;
    this.bytes = bytesOf(readable);
    this.start = undefined;
    this.end = undefined;
  }

  get startTimeUnixNano(): bigint {
    if (this.start === undefined) this.start = hrTimeToNanos(this.source.startTime);
    return this.start;
  }

  get endTimeUnixNano(): bigint {
    if (this.end === undefined) this.end = hrTimeToNanos(this.source.endTime);
    return this.end;
  }

  get traceState(): string {
    return '';
  }

  get flags(): number {
    return this.source.spanContext().traceFlags;
  }

  get attributes(): readonly KeyValue[] {
    return NONE;
  }

  get droppedAttributesCount(): number {
    return this.source.droppedAttributesCount;
  }

  get droppedEventsCount(): number {
    return this.source.droppedEventsCount;
  }

  get links(): readonly SpanLink[] {
    return NONE;
  }

  get droppedLinksCount(): number {
    return this.source.droppedLinksCount;
  }
}

/** True when the span has no parent in this process (no parent, or a remote one). */
export function isLocalRoot(parent: SpanContext | undefined): boolean {
  return parent === undefined || parent.isRemote === true;
}

function statusOf(status: ReadableSpan['status']): SpanStatus {
  if (status.message === undefined || status.message === '') {
    if (status.code === 0) return STATUS_UNSET;
    if (status.code === 1) return STATUS_OK;
  }
  return { code: status.code, message: status.message ?? '' };
}

function bareEventOf(event: ReadableSpan['events'][number]): SpanEvent {
  return {
    timeUnixNano: hrTimeToNanos(event.time),
    name: event.name,
    attributes: NONE,
    droppedAttributesCount: event.droppedAttributesCount ?? 0,
  };
}

function fullEventOf(event: ReadableSpan['events'][number]): SpanEvent {
  return {
    timeUnixNano: hrTimeToNanos(event.time),
    name: event.name,
    attributes: event.attributes === undefined ? NONE : toKeyValues(event.attributes),
    droppedAttributesCount: event.droppedAttributesCount ?? 0,
  };
}

function linkOf(link: ReadableSpan['links'][number]): SpanLink {
  return {
    traceId: link.context.traceId,
    spanId: link.context.spanId,
    traceState: link.context.traceState?.serialize() ?? '',
    attributes: link.attributes === undefined ? NONE : toKeyValues(link.attributes),
    droppedAttributesCount: link.droppedAttributesCount ?? 0,
    flags: link.context.traceFlags,
  };
}

function bytesOf(span: ReadableSpan): number {
  let size = 60 + span.name.length + attributesBytes(span.attributes);
  const { events, links } = span;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    size += 14 + event.name.length + (event.attributes ? attributesBytes(event.attributes) : 0);
  }
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    size += 32 + (link.attributes ? attributesBytes(link.attributes) : 0);
  }
  return size;
}
