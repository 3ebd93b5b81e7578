import {
  atField,
  fieldMask,
  LEN,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  WireError,
  WireReader,
} from '@autoscope/otlp';
import * as fields from '@autoscope/otlp/trace-fields';
import { BadRequestError } from '../errors.js';
import {
  scanEvent,
  scanId,
  scanKeyValue,
  scanLink,
  scanResource,
  scanScope,
  scanStatus,
} from './scan-fields.js';
import { NO_FIELD, type ScannedRequest, type ScopeGroup } from './scanned-request.js';
import { skipString } from './skip-string.js';

// Module-local copies of otlp's tag table for the hot field tests (as its decoders take them).
const {
  REQ_FIELDS,
  REQ_RESOURCE_SPANS,
  S_ATTRIBUTES,
  S_DROPPED_ATTRIBUTES,
  S_DROPPED_EVENTS,
  S_DROPPED_LINKS,
  S_END,
  S_EVENTS,
  S_FLAGS,
  S_KIND,
  S_LINKS,
  S_NAME,
  S_PARENT_SPAN_ID,
  S_SPAN_ID,
  S_START,
  S_STATUS,
  S_TRACE_ID,
  S_TRACE_STATE,
  SPAN_FIELDS,
} = fields;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Spans in one request at most (the index packs a span's position into 22 bits). */
export const MAX_SPANS_PER_REQUEST = 1 << 22;

/** The index being built while a request is scanned. */
class IndexBuilder {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly groups: number[] = [];
  readonly traceIds: string[] = [];
  readonly roots: number[] = [];
  readonly scopeGroups: ScopeGroup[] = [];
  invalid = 0;
  invalidReason = '';
  private lastTraceAt = -1;
  private lastTraceHex = '';

  /** The trace id at `at` as hex; consecutive spans of one trace share the string. */
  traceHex(bytes: Uint8Array, at: number): string {
    const last = this.lastTraceAt;
    if (last >= 0) {
      let same = true;
      for (let i = 0; i < TRACE_ID_BYTES && same; i++) same = bytes[at + i] === bytes[last + i];
      if (same) return this.lastTraceHex;
    }
    let hex = '';
    for (let i = 0; i < TRACE_ID_BYTES; i++) hex += HEX[bytes[at + i]!];
    this.lastTraceAt = at;
    this.lastTraceHex = hex;
    return hex;
  }

  reject(reason: string): void {
    if (this.invalid++ === 0) this.invalidReason = reason;
  }
}

/**
 * Checks an OTLP/protobuf `ExportTraceServiceRequest` as strictly as `@autoscope/otlp` decodes it, and
 * indexes its valid spans without decoding them. Malformed bytes are a `BadRequestError` (400) naming the
 * byte offset and field path; a well-formed span with a missing, wrongly sized or all-zero trace, span or
 * link id (or a wrongly sized parent id) is left out and counted in `invalid`.
 */
export function scanTraceRequest(bytes: Uint8Array, source: string): ScannedRequest {
  const r = new WireReader(bytes);
  const index = new IndexBuilder();
  let resourceIndex = 0;
  try {
    while (r.more()) {
      const tag = r.tag();
      if (tag !== REQ_RESOURCE_SPANS) r.skipUnknown(tag, REQ_FIELDS);
      else scanResourceSpans(r, index, resourceIndex++);
    }
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    const path = error.path() || '(root)';
    throw new BadRequestError(400, `${source}: byte ${error.offset}: ${path}: ${error.reason}`);
  }
  if (index.starts.length > MAX_SPANS_PER_REQUEST)
    throw new BadRequestError(413, `${source}: more than ${MAX_SPANS_PER_REQUEST} spans in one request`);
  return {
    bytes,
    count: index.starts.length,
    starts: Int32Array.from(index.starts),
    ends: Int32Array.from(index.ends),
    groups: Int32Array.from(index.groups),
    scopeGroups: index.scopeGroups,
    traceIds: index.traceIds,
    roots: Uint8Array.from(index.roots),
    invalid: index.invalid,
    invalidReason: index.invalidReason,
  };
}

// ResourceSpans { resource = 1; scope_spans = 2; schema_url = 3 } and
// ScopeSpans { scope = 1; spans = 2; schema_url = 3 } share their layout.
const FRAME_DESCRIPTOR = (1 << 3) | LEN;
const CHILD_LIST = (2 << 3) | LEN;
const FRAME_SCHEMA_URL = (3 << 3) | LEN;
const FRAME_FIELDS = fieldMask(1, 2, 3);

/** Fields of a `ResourceSpans` or `ScopeSpans` that its spans need: the descriptor and the schema URL. */
interface Frame {
  descriptor: [number, number];
  schema: [number, number];
}

function scanResourceSpans(r: WireReader, index: IndexBuilder, resourceIndex: number): void {
  const outer = r.enter();
  const start = r.pos;
  const frame: Frame = { descriptor: [-1, -1], schema: [-1, -1] };
  try {
    scanFrame(r, frame, 'resource', scanResource);
    r.pos = start;
    let scopeIndex = 0;
    while (r.more()) {
      const tag = r.tag();
      if (tag !== CHILD_LIST) r.skip(tag);
      else {
        try {
          scanScopeSpans(r, index, resourceIndex, frame);
        } catch (error) {
          atField(error, `scope_spans[${scopeIndex}]`, r.pos);
        }
        scopeIndex++;
      }
    }
  } catch (error) {
    atField(error, `resource_spans[${resourceIndex}]`, r.pos);
  }
  r.leave(outer);
}

/**
 * First pass over a `ResourceSpans` or `ScopeSpans`: checks every field but the spans and remembers where
 * the descriptor (resource or scope) and the schema URL are. Only the last descriptor counts (and is
 * checked), as in the decoder.
 */
function scanFrame(
  r: WireReader,
  frame: Frame,
  name: 'resource' | 'scope',
  scanDescriptor: (r: WireReader) => void,
): void {
  let tag = 0;
  try {
    while (r.more()) {
      const at = r.pos;
      tag = r.tag();
      if (tag === FRAME_DESCRIPTOR) {
        r.skip(tag);
        frame.descriptor = [at, r.pos];
      } else if (tag === FRAME_SCHEMA_URL) {
        skipString(r);
        frame.schema = [at, r.pos];
      } else if (tag === CHILD_LIST) r.skip(tag);
      else r.skipUnknown(tag, FRAME_FIELDS);
    }
  } catch (error) {
    atField(error, tag === FRAME_SCHEMA_URL ? 'schema_url' : name, r.pos);
  }
  if (frame.descriptor[0] < 0) return;
  const back = r.pos;
  r.pos = frame.descriptor[0];
  r.tag();
  try {
    scanDescriptor(r);
  } catch (error) {
    atField(error, name, r.pos);
  }
  r.pos = back;
}

function scanScopeSpans(r: WireReader, index: IndexBuilder, resourceIndex: number, resource: Frame): void {
  const outer = r.enter();
  const start = r.pos;
  const frame: Frame = { descriptor: [-1, -1], schema: [-1, -1] };
  scanFrame(r, frame, 'scope', scanScope);
  const group = index.scopeGroups.length;
  index.scopeGroups.push({
    resourceIndex,
    resource: resource.descriptor[0] < 0 ? NO_FIELD : resource.descriptor,
    resourceSchema: resource.schema[0] < 0 ? NO_FIELD : resource.schema,
    scope: frame.descriptor[0] < 0 ? NO_FIELD : frame.descriptor,
    scopeSchema: frame.schema[0] < 0 ? NO_FIELD : frame.schema,
  });
  r.pos = start;
  let spanIndex = 0;
  while (r.more()) {
    const at = r.pos;
    const tag = r.tag();
    if (tag !== CHILD_LIST) {
      r.skip(tag);
      continue;
    }
    try {
      scanSpan(r, index, at, group);
    } catch (error) {
      atField(error, `spans[${spanIndex}]`, r.pos);
    }
    spanIndex++;
  }
  r.leave(outer);
}

/** What one span's scan found. */
interface SpanScan {
  traceAt: number;
  spanOk: boolean;
  root: boolean;
  problem: string;
}

/** Scans one span (the reader is at its length prefix); `fieldAt` is where its tag starts. */
function scanSpan(r: WireReader, index: IndexBuilder, fieldAt: number, group: number): void {
  const outer = r.enter();
  const span: SpanScan = { traceAt: -2, spanOk: false, root: true, problem: '' };
  while (r.more()) scanSpanField(r, r.tag(), span);
  r.leave(outer);
  if (span.problem === '' && span.traceAt === -2) span.problem = 'missing trace_id';
  if (span.problem === '' && !span.spanOk) span.problem = 'invalid or missing span_id';
  if (span.problem !== '') {
    index.reject(span.problem);
    return;
  }
  index.starts.push(fieldAt);
  index.ends.push(r.pos);
  index.groups.push(group);
  index.traceIds.push(index.traceHex(r.bytes, span.traceAt));
  index.roots.push(span.root ? 1 : 0);
}

function scanSpanField(r: WireReader, tag: number, span: SpanScan): void {
  switch (tag) {
    case S_TRACE_ID: {
      const at = scanId(r, TRACE_ID_BYTES);
      if (at < 0) span.problem ||= 'invalid trace_id (not 16 bytes, or all zero)';
      span.traceAt = at;
      return;
    }
    case S_SPAN_ID:
      span.spanOk = scanId(r, SPAN_ID_BYTES) >= 0;
      if (!span.spanOk) span.problem ||= 'invalid span_id (not 8 bytes, or all zero)';
      return;
    case S_PARENT_SPAN_ID:
      scanParent(r, span);
      return;
    case S_TRACE_STATE:
    case S_NAME:
      skipString(r);
      return;
    case S_KIND:
    case S_DROPPED_ATTRIBUTES:
    case S_DROPPED_EVENTS:
    case S_DROPPED_LINKS:
      r.uint32();
      return;
    case S_START:
    case S_END:
      r.skip(tag);
      return;
    case S_FLAGS:
      r.skip(tag);
      return;
    default:
      scanNestedSpanField(r, tag, span);
  }
}

function scanNestedSpanField(r: WireReader, tag: number, span: SpanScan): void {
  if (tag === S_ATTRIBUTES) scanKeyValue(r, 0);
  else if (tag === S_EVENTS) scanEvent(r);
  else if (tag === S_STATUS) scanStatus(r);
  else if (tag === S_LINKS) {
    if (!scanLink(r)) span.problem ||= 'a link has an invalid trace_id or span_id';
  } else r.skipUnknown(tag, SPAN_FIELDS);
}

function scanParent(r: WireReader, span: SpanScan): void {
  const end = r.lengthEnd();
  const from = r.pos;
  r.pos = end;
  if (end === from) {
    span.root = true;
    return;
  }
  if (end - from !== SPAN_ID_BYTES) {
    span.problem ||= 'invalid parent_span_id (not 0 or 8 bytes)';
    return;
  }
  let zero = true;
  for (let i = from; i < end && zero; i++) zero = r.bytes[i] === 0;
  span.root = zero;
}
