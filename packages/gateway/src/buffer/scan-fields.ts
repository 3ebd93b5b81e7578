/**
 * Validation of the nested OTLP messages a span carries (attributes, events, links, status) and of
 * resources and scopes, with the same rules as `@autoscope/otlp`'s decoder: a request that passes here
 * decodes there. Malformed bytes throw `WireError`; ids that are wrong but well-formed are reported, so
 * the span alone can be rejected.
 *
 * The cursor, wire types and errors are the decoder's own. The tag tables repeat the decoder's
 * (decode-common.ts, decode-span.ts, decode-trace.ts) because otlp keeps them module-private.
 */
import {
  atField,
  FIXED32,
  FIXED64,
  fieldMask,
  LEN,
  MAX_ANY_VALUE_DEPTH,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  VARINT,
  WireError,
  type WireReader,
} from '@autoscope/otlp';
import { skipString } from './skip-string.js';

const KV_KEY = (1 << 3) | LEN;
const KV_VALUE = (2 << 3) | LEN;
const KV_FIELDS = fieldMask(1, 2);

/** Checks one length-delimited `KeyValue`. */
export function scanKeyValue(r: WireReader, depth: number): void {
  const outer = r.enter();
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === KV_KEY) skipString(r);
      else if (tag === KV_VALUE) scanAnyValue(r, depth);
      else r.skipUnknown(tag, KV_FIELDS);
    }
  } catch (error) {
    atField(error, tag === KV_KEY ? 'key' : 'value', r.pos);
  }
  r.leave(outer);
}

const AV_STRING = (1 << 3) | LEN;
const AV_BOOL = (2 << 3) | VARINT;
const AV_INT = (3 << 3) | VARINT;
const AV_DOUBLE = (4 << 3) | FIXED64;
const AV_ARRAY = (5 << 3) | LEN;
const AV_KVLIST = (6 << 3) | LEN;
const AV_BYTES = (7 << 3) | LEN;
const AV_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7);
const LIST_VALUES = (1 << 3) | LEN;
const LIST_FIELDS = fieldMask(1);

/** Checks one length-delimited `AnyValue`. */
export function scanAnyValue(r: WireReader, depth: number): void {
  if (depth >= MAX_ANY_VALUE_DEPTH)
    throw new WireError(r.pos, `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const outer = r.enter();
  let tag = 0;
  try {
    while (r.more()) {
      tag = r.tag();
      if (tag === AV_STRING) skipString(r);
      else if (tag === AV_INT || tag === AV_BOOL) r.uint32();
      else if (tag === AV_DOUBLE) r.skip(tag);
      else if (tag === AV_BYTES) r.pos = r.lengthEnd();
      else if (tag === AV_ARRAY || tag === AV_KVLIST) scanList(r, depth + 1, tag === AV_KVLIST);
      else r.skipUnknown(tag, AV_FIELDS);
    }
  } catch (error) {
    atField(error, `field_${tag >>> 3}`, r.pos);
  }
  r.leave(outer);
}

function scanList(r: WireReader, depth: number, keyValues: boolean): void {
  const outer = r.enter();
  let index = 0;
  try {
    while (r.more()) {
      const tag = r.tag();
      if (tag !== LIST_VALUES) r.skipUnknown(tag, LIST_FIELDS);
      else if (keyValues) scanKeyValue(r, depth);
      else scanAnyValue(r, depth);
      index++;
    }
  } catch (error) {
    atField(error, `values[${index}]`, r.pos);
  }
  r.leave(outer);
}

const E_TIME = (1 << 3) | FIXED64;
const E_NAME = (2 << 3) | LEN;
const E_ATTRIBUTES = (3 << 3) | LEN;
const E_DROPPED = (4 << 3) | VARINT;
const EVENT_FIELDS = fieldMask(1, 2, 3, 4);

/** Checks one `Span.Event`. */
export function scanEvent(r: WireReader): void {
  const outer = r.enter();
  while (r.more()) {
    const tag = r.tag();
    if (tag === E_TIME) r.skip(tag);
    else if (tag === E_NAME) skipString(r);
    else if (tag === E_ATTRIBUTES) scanKeyValue(r, 0);
    else if (tag === E_DROPPED) r.uint32();
    else r.skipUnknown(tag, EVENT_FIELDS);
  }
  r.leave(outer);
}

const L_TRACE_ID = (1 << 3) | LEN;
const L_SPAN_ID = (2 << 3) | LEN;
const L_TRACE_STATE = (3 << 3) | LEN;
const L_ATTRIBUTES = (4 << 3) | LEN;
const L_DROPPED = (5 << 3) | VARINT;
const L_FLAGS = (6 << 3) | FIXED32;
const LINK_FIELDS = fieldMask(1, 2, 3, 4, 5, 6);

/**
 * Checks one `Span.Link`; returns false when an id is missing, or when any copy of it (a repeated field)
 * is of the wrong size or all zero: the decoder reads every copy and fails on the first bad one.
 */
export function scanLink(r: WireReader): boolean {
  const outer = r.enter();
  let traceId = false;
  let spanId = false;
  let bad = false;
  while (r.more()) {
    const tag = r.tag();
    if (tag === L_TRACE_ID) {
      traceId = scanId(r, TRACE_ID_BYTES) >= 0;
      bad ||= !traceId;
    } else if (tag === L_SPAN_ID) {
      spanId = scanId(r, SPAN_ID_BYTES) >= 0;
      bad ||= !spanId;
    } else if (tag === L_TRACE_STATE) skipString(r);
    else if (tag === L_ATTRIBUTES) scanKeyValue(r, 0);
    else if (tag === L_DROPPED) r.uint32();
    else if (tag === L_FLAGS) r.skip(tag);
    else r.skipUnknown(tag, LINK_FIELDS);
  }
  r.leave(outer);
  return traceId && spanId && !bad;
}

const ST_MESSAGE = (2 << 3) | LEN;
const ST_CODE = (3 << 3) | VARINT;
const STATUS_FIELDS = fieldMask(2, 3);

/** Checks one `Status`. */
export function scanStatus(r: WireReader): void {
  const outer = r.enter();
  while (r.more()) {
    const tag = r.tag();
    if (tag === ST_MESSAGE) skipString(r);
    else if (tag === ST_CODE) r.uint32();
    else r.skipUnknown(tag, STATUS_FIELDS);
  }
  r.leave(outer);
}

const RES_ATTRIBUTES = (1 << 3) | LEN;
const RES_DROPPED = (2 << 3) | VARINT;
const RES_FIELDS = fieldMask(1, 2);

/** Checks one `Resource`. */
export function scanResource(r: WireReader): void {
  const outer = r.enter();
  while (r.more()) {
    const tag = r.tag();
    if (tag === RES_ATTRIBUTES) scanKeyValue(r, 0);
    else if (tag === RES_DROPPED) r.uint32();
    else r.skipUnknown(tag, RES_FIELDS);
  }
  r.leave(outer);
}

const SC_NAME = (1 << 3) | LEN;
const SC_VERSION = (2 << 3) | LEN;
const SC_ATTRIBUTES = (3 << 3) | LEN;
const SC_DROPPED = (4 << 3) | VARINT;
const SC_FIELDS = fieldMask(1, 2, 3, 4);

/** Checks one `InstrumentationScope`. */
export function scanScope(r: WireReader): void {
  const outer = r.enter();
  while (r.more()) {
    const tag = r.tag();
    if (tag === SC_NAME || tag === SC_VERSION) skipString(r);
    else if (tag === SC_ATTRIBUTES) scanKeyValue(r, 0);
    else if (tag === SC_DROPPED) r.uint32();
    else r.skipUnknown(tag, SC_FIELDS);
  }
  r.leave(outer);
}

/**
 * Skips a length-delimited id: returns the offset of its bytes when it has `size` bytes and is not all
 * zero, -1 otherwise (the span is invalid, the request is not malformed).
 */
export function scanId(r: WireReader, size: number): number {
  const end = r.lengthEnd();
  const from = r.pos;
  r.pos = end;
  if (end - from !== size) return -1;
  for (let i = from; i < end; i++) if (r.bytes[i] !== 0) return from;
  return -1;
}
