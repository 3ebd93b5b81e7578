/**
 * Protobuf decoding of `ExportTraceServiceRequest` (and `TracesData`, which has the same layout) into
 * the span model. Resources and scopes are decoded once and shared by their spans.
 */
import {
  type InstrumentationScope,
  type KeyValue,
  makeResource,
  type Resource,
  type Span,
} from '@autoscope/core';
import { appendKeyValue, NO_ITEMS } from './decode-common.js';
import { decodeSpan } from './decode-span.js';
import { OtlpDecodeError } from './errors.js';
import { MessageCache } from './message-cache.js';
import * as fields from './trace-fields.js';
import { atField, WireError, WireReader } from './wire-reader.js';

// Module-local copies of the shared tags for the hot field tests (decoding with direct imports of the
// bindings measured 2-20% slower in four interleaved runs; these copies measure on par with local tables).
const {
  REQ_FIELDS,
  REQ_RESOURCE_SPANS,
  RES_ATTRIBUTES,
  RES_DROPPED,
  RES_FIELDS,
  RS_FIELDS,
  RS_RESOURCE,
  RS_SCHEMA_URL,
  RS_SCOPE_SPANS,
  SC_ATTRIBUTES,
  SC_DROPPED,
  SC_FIELDS,
  SC_NAME,
  SC_VERSION,
  SS_FIELDS,
  SS_SCHEMA_URL,
  SS_SCOPE,
  SS_SPANS,
} = fields;

/** Where a message sits in a larger input, for error messages. */
export interface DecodeContext {
  /** Names the input in errors (a file name, `POST /v1/traces`). Default `OTLP request`. */
  readonly source?: string;
  /** Byte offset of `bytes[0]` in the input. Default 0. */
  readonly baseOffset?: number;
  /** Index of this `ResourceSpans` in its request, for the error path. Default 0. */
  readonly index?: number;
}

const DEFAULT_SOURCE = 'OTLP request';

// ExportTraceServiceRequest { resource_spans = 1 (repeated ResourceSpans) }

/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest` into spans, in wire order.
 * Throws `OtlpDecodeError` (with byte offset and field path) on any malformed input.
 */
export function decodeTraceRequest(bytes: Uint8Array, source = DEFAULT_SOURCE): Span[] {
  const out: Span[] = [];
  for (const spans of iterateTraceRequest(bytes, source)) for (const span of spans) out.push(span);
  return out;
}

/**
 * Decodes an `ExportTraceServiceRequest` lazily, yielding the spans of one `ResourceSpans` at a time.
 * Throws `OtlpDecodeError` when it reaches a malformed part (spans yielded before stay valid).
 */
export function* iterateTraceRequest(bytes: Uint8Array, source = DEFAULT_SOURCE): Generator<Span[]> {
  const r = new WireReader(bytes);
  let index = 0;
  while (r.more()) {
    const spans = guarded(source, 0, () => readRequestField(r, index));
    if (spans === undefined) continue;
    index++;
    yield spans;
  }
}

function readRequestField(r: WireReader, index: number): Span[] | undefined {
  const tag = r.tag();
  if (tag !== REQ_RESOURCE_SPANS) {
    r.skipUnknown(tag, REQ_FIELDS);
    return undefined;
  }
  const out: Span[] = [];
  const outer = r.enter();
  try {
    decodeResourceSpansBody(r, out);
  } catch (error) {
    atField(error, `resource_spans[${index}]`, r.pos);
  }
  r.leave(outer);
  return out;
}

/**
 * Decodes the body of one `ResourceSpans` message (without its tag and length), as found when a large
 * request is streamed field by field. Throws `OtlpDecodeError`.
 */
export function decodeResourceSpans(bytes: Uint8Array, context: DecodeContext = {}): Span[] {
  const r = new WireReader(bytes);
  const out: Span[] = [];
  const index = context.index ?? 0;
  guarded(context.source ?? DEFAULT_SOURCE, context.baseOffset ?? 0, () => {
    try {
      decodeResourceSpansBody(r, out);
    } catch (error) {
      atField(error, `resource_spans[${index}]`, r.pos);
    }
  });
  return out;
}

function guarded<T>(source: string, baseOffset: number, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof WireError) {
      throw new OtlpDecodeError(source, baseOffset + error.offset, error.path(), error.reason);
    }
    throw new OtlpDecodeError(source, baseOffset, '', `internal decoder error: ${error}`);
  }
}

// ResourceSpans { resource = 1 (Resource); scope_spans = 2 (repeated ScopeSpans); schema_url = 3 }

/**
 * The resource and the schema URL come before and after the spans on the wire, and every span needs
 * the finished resource: a first pass finds them (skipping spans costs one length read each), a second
 * decodes the spans.
 */
function decodeResourceSpansBody(r: WireReader, out: Span[]): void {
  const start = r.pos;
  let resourceAt = -1;
  let schemaUrl = '';
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === RS_SCHEMA_URL) schemaUrl = r.string();
      else if (tag === RS_RESOURCE || tag === RS_SCOPE_SPANS) {
        if (tag === RS_RESOURCE) resourceAt = r.pos;
        r.skip(tag);
      } else r.skipUnknown(tag, RS_FIELDS);
    }
  } catch (error) {
    atField(error, tag === RS_SCHEMA_URL ? 'schema_url' : 'resource', r.pos);
  }
  const resource = readResourceAt(r, resourceAt, schemaUrl);
  r.pos = start;
  let index = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag !== RS_SCOPE_SPANS) r.skip(tag);
      else {
        decodeScopeSpans(r, resource, out);
        index++;
      }
    }
  } catch (error) {
    atField(error, `scope_spans[${index}]`, r.pos);
  }
}

// Resource { attributes = 1 (repeated KeyValue); dropped_attributes_count = 2 }

/** Resources decoded recently, by their bytes: a file or a sender repeats a few of them in every request. */
const resources = new MessageCache<Resource>(256);

function readResourceAt(r: WireReader, at: number, schemaUrl: string): Resource {
  return cachedMessage(
    r,
    at,
    schemaUrl,
    resources,
    () => makeResource(NO_ITEMS, 0, schemaUrl),
    decodeResource,
  );
}

function decodeResource(r: WireReader, schemaUrl: string): Resource {
  let attributes: readonly KeyValue[] = NO_ITEMS;
  let dropped = 0;
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === RES_ATTRIBUTES) attributes = appendKeyValue(r, attributes);
      else if (tag === RES_DROPPED) dropped = r.uint32();
      else r.skipUnknown(tag, RES_FIELDS);
    }
  } catch (error) {
    const name = tag === RES_DROPPED ? 'dropped_attributes_count' : `attributes[${attributes.length}]`;
    atField(error, `resource.${name}`, r.pos);
  }
  return makeResource(attributes, dropped, schemaUrl);
}

/**
 * The message at byte `at` (a Resource or an InstrumentationScope; -1 when absent: `empty()`), from `cache`
 * when the same bytes and schema URL were decoded before, else decoded by `decode` inside the message and
 * cached. The reader's position is left where it was.
 */
function cachedMessage<T>(
  r: WireReader,
  at: number,
  schemaUrl: string,
  cache: MessageCache<T>,
  empty: () => T,
  decode: (r: WireReader, schemaUrl: string) => T,
): T {
  if (at < 0) {
    const known = cache.get(r.bytes, 0, 0, schemaUrl);
    if (known !== undefined) return known;
    const made = empty();
    cache.set(r.bytes, 0, 0, schemaUrl, made);
    return made;
  }
  const back = r.pos;
  r.pos = at;
  const outer = r.enter();
  const from = r.pos;
  let message = cache.get(r.bytes, from, r.limit, schemaUrl);
  if (message === undefined) {
    message = decode(r, schemaUrl);
    cache.set(r.bytes, from, r.limit, schemaUrl, message);
  }
  r.leave(outer);
  r.pos = back;
  return message;
}

// ScopeSpans { scope = 1 (InstrumentationScope); spans = 2 (repeated Span); schema_url = 3 }

function decodeScopeSpans(r: WireReader, resource: Resource, out: Span[]): void {
  const outer = r.enter();
  const start = r.pos;
  let scopeAt = -1;
  let schemaUrl = '';
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === SS_SCHEMA_URL) schemaUrl = r.string();
      else if (tag === SS_SCOPE || tag === SS_SPANS) {
        if (tag === SS_SCOPE) scopeAt = r.pos;
        r.skip(tag);
      } else r.skipUnknown(tag, SS_FIELDS);
    }
  } catch (error) {
    atField(error, tag === SS_SCHEMA_URL ? 'schema_url' : 'scope', r.pos);
  }
  const scope = readScopeAt(r, scopeAt, schemaUrl);
  r.pos = start;
  let index = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag !== SS_SPANS) r.skip(tag);
      else {
        out.push(decodeSpan(r, resource, scope));
        index++;
      }
    }
  } catch (error) {
    atField(error, `spans[${index}]`, r.pos);
  }
  r.leave(outer);
}

// InstrumentationScope { name = 1; version = 2; attributes = 3 (repeated KeyValue); dropped_attributes_count = 4 }
const SC_NAMES = ['', 'name', 'version', 'attributes', 'dropped_attributes_count'];

/** Scopes decoded recently, by their bytes (the empty key stands for a `ScopeSpans` without a scope). */
const scopes = new MessageCache<InstrumentationScope>(256);

function readScopeAt(r: WireReader, at: number, schemaUrl: string): InstrumentationScope {
  return cachedMessage(r, at, schemaUrl, scopes, () => newScope(schemaUrl), decodeScope);
}

function decodeScope(r: WireReader, schemaUrl: string): InstrumentationScope {
  const scope = newScope(schemaUrl);
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === SC_NAME) scope.name = r.string();
      else if (tag === SC_VERSION) scope.version = r.string();
      else if (tag === SC_ATTRIBUTES) scope.attributes = appendKeyValue(r, scope.attributes);
      else if (tag === SC_DROPPED) scope.droppedAttributesCount = r.uint32();
      else r.skipUnknown(tag, SC_FIELDS);
    }
  } catch (error) {
    const name = tag === SC_ATTRIBUTES ? `attributes[${scope.attributes.length}]` : SC_NAMES[tag >>> 3];
    atField(error, `scope.${name ?? `field_${tag >>> 3}`}`, r.pos);
  }
  return scope;
}

function newScope(schemaUrl: string) {
  return {
    name: '',
    version: '',
    attributes: NO_ITEMS as readonly KeyValue[],
    droppedAttributesCount: 0,
    schemaUrl,
  };
}
