/**
 * Validation of the nested OTLP messages a span carries (attributes, events, links, status) and of
 * resources and scopes, with the same rules as `@autoscope/otlp`'s decoder: a request that passes here
 * decodes there. Malformed bytes throw `WireError`; ids that are wrong but well-formed are reported, so
 * the span alone can be rejected.
 *
 * The cursor, wire types, errors and tag table (`@autoscope/otlp/trace-fields`) are the decoder's own.
 */
import {
  atField,
  MAX_ANY_VALUE_DEPTH,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  WireError,
  type WireReader,
} from '@autoscope/otlp';
import * as fields from '@autoscope/otlp/trace-fields';
import { skipString } from './skip-string.js';

// Module-local copies of otlp's tag table for the hot field tests (as its decoders take them).
const {
  AV_ARRAY,
  AV_BOOL,
  AV_BYTES,
  AV_DOUBLE,
  AV_FIELDS,
  AV_INT,
  AV_KVLIST,
  AV_STRING,
  E_ATTRIBUTES,
  E_DROPPED,
  E_NAME,
  E_TIME,
  EVENT_FIELDS,
  KV_FIELDS,
  KV_KEY,
  KV_VALUE,
  L_ATTRIBUTES,
  L_DROPPED,
  L_FLAGS,
  L_SPAN_ID,
  L_TRACE_ID,
  L_TRACE_STATE,
  LINK_FIELDS,
  LIST_FIELDS,
  LIST_VALUES,
  RES_ATTRIBUTES,
  RES_DROPPED,
  RES_FIELDS,
  SC_ATTRIBUTES,
  SC_DROPPED,
  SC_FIELDS,
  SC_NAME,
  SC_VERSION,
  ST_CODE,
  ST_MESSAGE,
  STATUS_FIELDS,
} = fields;

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
