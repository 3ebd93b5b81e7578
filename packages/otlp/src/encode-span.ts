/** Protobuf encoding of `Span` with its events, links and status (size pass and write pass). */
import type { Span, SpanEvent, SpanLink, SpanStatus } from '@autoscope/core';
import { sizeAttributes, writeAttributes } from './encode-common.js';
import { int32Size, type LengthLog, lenFieldSize, varintSize, type WireWriter } from './wire-writer.js';

// Span tags: (field << 3) | wire type; see opentelemetry/proto/trace/v1/trace.proto.
const S_TRACE_ID = 0x0a; // 1 bytes
const S_SPAN_ID = 0x12; // 2 bytes
const S_TRACE_STATE = 0x1a; // 3 string
const S_PARENT_SPAN_ID = 0x22; // 4 bytes
const S_NAME = 0x2a; // 5 string
const S_KIND = 0x30; // 6 enum
const S_START = 0x39; // 7 fixed64
const S_END = 0x41; // 8 fixed64
const S_ATTRIBUTES = 0x4a; // 9 repeated KeyValue
const S_DROPPED_ATTRIBUTES = 0x50; // 10 uint32
const S_EVENTS = 0x5a; // 11 repeated Event
const S_DROPPED_EVENTS = 0x60; // 12 uint32
const S_LINKS = 0x6a; // 13 repeated Link
const S_DROPPED_LINKS = 0x70; // 14 uint32
const S_STATUS = 0x7a; // 15 Status
const S_FLAGS_0 = 0x85; // 16 fixed32: tag 133 takes two varint bytes
const S_FLAGS_1 = 0x01;

/** Size pass of a span body. */
export function sizeSpan(log: LengthLog, span: Span): number {
  let size = idSize(span.traceId) + idSize(span.spanId) + idSize(span.parentSpanId);
  if (span.traceState !== '') size += 1 + log.string(span.traceState);
  if (span.name !== '') size += 1 + log.string(span.name);
  if (span.kind !== 0) size += 1 + int32Size(span.kind);
  if (span.startTimeUnixNano !== 0n) size += 9;
  if (span.endTimeUnixNano !== 0n) size += 9;
  size += sizeAttributes(log, span.attributes);
  size += uint32FieldSize(span.droppedAttributesCount);
  for (let i = 0; i < span.events.length; i++) size += sizeEventField(log, span.events[i]!);
  size += uint32FieldSize(span.droppedEventsCount);
  for (let i = 0; i < span.links.length; i++) size += sizeLinkField(log, span.links[i]!);
  size += uint32FieldSize(span.droppedLinksCount);
  size += sizeStatusField(log, span.status);
  if (span.flags !== 0) size += 6;
  return size;
}

/** Write pass of a span body (its length prefix is already written). */
export function writeSpan(w: WireWriter, span: Span): void {
  const bytes = w.bytes;
  writeId(w, S_TRACE_ID, span.traceId);
  writeId(w, S_SPAN_ID, span.spanId);
  if (span.traceState !== '') {
    bytes[w.pos++] = S_TRACE_STATE;
    w.string(span.traceState);
  }
  writeId(w, S_PARENT_SPAN_ID, span.parentSpanId);
  if (span.name !== '') {
    bytes[w.pos++] = S_NAME;
    w.string(span.name);
  }
  if (span.kind !== 0) {
    bytes[w.pos++] = S_KIND;
    w.int32(span.kind);
  }
  writeFixed64(w, S_START, span.startTimeUnixNano);
  writeFixed64(w, S_END, span.endTimeUnixNano);
  writeAttributes(w, S_ATTRIBUTES, span.attributes);
  writeUint32(w, S_DROPPED_ATTRIBUTES, span.droppedAttributesCount);
  for (let i = 0; i < span.events.length; i++) writeEvent(w, span.events[i]!);
  writeUint32(w, S_DROPPED_EVENTS, span.droppedEventsCount);
  for (let i = 0; i < span.links.length; i++) writeLink(w, span.links[i]!);
  writeUint32(w, S_DROPPED_LINKS, span.droppedLinksCount);
  writeStatus(w, span.status);
  if (span.flags !== 0) {
    bytes[w.pos++] = S_FLAGS_0;
    bytes[w.pos++] = S_FLAGS_1;
    w.fixed32(span.flags);
  }
}

function idSize(hex: string): number {
  if (hex === '') return 0;
  const n = hex.length >> 1;
  return 1 + varintSize(n) + n;
}

function writeId(w: WireWriter, tag: number, hex: string): void {
  if (hex === '') return;
  w.bytes[w.pos++] = tag;
  w.hexBytes(hex);
}

function uint32FieldSize(value: number): number {
  return value === 0 ? 0 : 1 + varintSize(value >>> 0);
}

function writeUint32(w: WireWriter, tag: number, value: number): void {
  if (value === 0) return;
  w.bytes[w.pos++] = tag;
  w.varint(value >>> 0);
}

function writeFixed64(w: WireWriter, tag: number, value: bigint): void {
  if (value === 0n) return;
  w.bytes[w.pos++] = tag;
  w.fixed64(value);
}

// Span.Event { time_unix_nano = 1 (fixed64); name = 2; attributes = 3; dropped_attributes_count = 4 }
function sizeEventField(log: LengthLog, event: SpanEvent): number {
  const slot = log.reserve();
  let body = event.timeUnixNano !== 0n ? 9 : 0;
  if (event.name !== '') body += 1 + log.string(event.name);
  body += sizeAttributes(log, event.attributes);
  body += uint32FieldSize(event.droppedAttributesCount);
  log.set(slot, body);
  return lenFieldSize(body);
}

function writeEvent(w: WireWriter, event: SpanEvent): void {
  w.bytes[w.pos++] = S_EVENTS;
  w.length();
  writeFixed64(w, 0x09, event.timeUnixNano);
  if (event.name !== '') {
    w.bytes[w.pos++] = 0x12;
    w.string(event.name);
  }
  writeAttributes(w, 0x1a, event.attributes);
  writeUint32(w, 0x20, event.droppedAttributesCount);
}

// Span.Link { trace_id = 1; span_id = 2; trace_state = 3; attributes = 4; dropped_attributes_count = 5;
//             flags = 6 (fixed32) }
function sizeLinkField(log: LengthLog, link: SpanLink): number {
  const slot = log.reserve();
  let body = idSize(link.traceId) + idSize(link.spanId);
  if (link.traceState !== '') body += 1 + log.string(link.traceState);
  body += sizeAttributes(log, link.attributes);
  body += uint32FieldSize(link.droppedAttributesCount);
  if (link.flags !== 0) body += 5;
  log.set(slot, body);
  return lenFieldSize(body);
}

function writeLink(w: WireWriter, link: SpanLink): void {
  w.bytes[w.pos++] = S_LINKS;
  w.length();
  writeId(w, 0x0a, link.traceId);
  writeId(w, 0x12, link.spanId);
  if (link.traceState !== '') {
    w.bytes[w.pos++] = 0x1a;
    w.string(link.traceState);
  }
  writeAttributes(w, 0x22, link.attributes);
  writeUint32(w, 0x28, link.droppedAttributesCount);
  if (link.flags !== 0) {
    w.bytes[w.pos++] = 0x35;
    w.fixed32(link.flags);
  }
}

// Status { message = 2; code = 3 (enum) }: omitted entirely when unset.
function sizeStatusField(log: LengthLog, status: SpanStatus): number {
  if (status.code === 0 && status.message === '') return 0;
  const slot = log.reserve();
  let body = status.message !== '' ? 1 + log.string(status.message) : 0;
  if (status.code !== 0) body += 1 + int32Size(status.code);
  log.set(slot, body);
  return lenFieldSize(body);
}

function writeStatus(w: WireWriter, status: SpanStatus): void {
  if (status.code === 0 && status.message === '') return;
  w.bytes[w.pos++] = S_STATUS;
  w.length();
  if (status.message !== '') {
    w.bytes[w.pos++] = 0x12;
    w.string(status.message);
  }
  if (status.code !== 0) {
    w.bytes[w.pos++] = 0x18;
    w.int32(status.code);
  }
}
