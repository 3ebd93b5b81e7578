/**
 * Protobuf encoding of `opentelemetry.proto.common.v1` messages. Each message has a `size*` function
 * (size pass: returns the body size and records nested lengths) and a `write*` function (write pass:
 * visits the same fields in the same order).
 */
import type { AnyValue, KeyValue } from '@autoscope/core';
import { MAX_ANY_VALUE_DEPTH } from './decode-common.js';
import { OtlpEncodeError } from './errors.js';
import { int64Size, type LengthLog, lenFieldSize, type WireWriter } from './wire-writer.js';

// One-byte tags: (field << 3) | wire type.
const KV_KEY = 0x0a; // KeyValue.key = 1
const KV_VALUE = 0x12; // KeyValue.value = 2
const AV_STRING = 0x0a; // AnyValue.string_value = 1
const AV_BOOL = 0x10; // AnyValue.bool_value = 2
const AV_INT = 0x18; // AnyValue.int_value = 3
const AV_DOUBLE = 0x21; // AnyValue.double_value = 4 (fixed64)
const AV_ARRAY = 0x2a; // AnyValue.array_value = 5
const AV_KVLIST = 0x32; // AnyValue.kvlist_value = 6
const AV_BYTES = 0x3a; // AnyValue.bytes_value = 7
const LIST_VALUES = 0x0a; // ArrayValue.values = 1, KeyValueList.values = 1

/** Size pass of repeated `KeyValue` fields with a one-byte tag. */
export function sizeAttributes(log: LengthLog, attributes: readonly KeyValue[]): number {
  let size = 0;
  for (let i = 0; i < attributes.length; i++) size += sizeKeyValueField(log, attributes[i]!, 0);
  return size;
}

/** Write pass of repeated `KeyValue` fields with the one-byte `tag`. */
export function writeAttributes(w: WireWriter, tag: number, attributes: readonly KeyValue[]): void {
  for (let i = 0; i < attributes.length; i++) {
    w.bytes[w.pos++] = tag;
    writeKeyValue(w, attributes[i]!);
  }
}

function sizeKeyValueField(log: LengthLog, kv: KeyValue, depth: number): number {
  const slot = log.reserve();
  let body = kv.key === '' ? 0 : 1 + log.string(kv.key);
  body += sizeAnyValueField(log, kv.value, depth);
  log.set(slot, body);
  return lenFieldSize(body);
}

function writeKeyValue(w: WireWriter, kv: KeyValue): void {
  w.length();
  if (kv.key !== '') {
    w.bytes[w.pos++] = KV_KEY;
    w.string(kv.key);
  }
  // The value is written even when empty, as the SDKs do; it decodes to the same empty AnyValue.
  w.bytes[w.pos++] = KV_VALUE;
  writeAnyValue(w, kv.value);
}

function sizeAnyValueField(log: LengthLog, value: AnyValue, depth: number): number {
  if (depth >= MAX_ANY_VALUE_DEPTH) {
    throw new OtlpEncodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels (is it cyclic?)`);
  }
  const slot = log.reserve();
  const body = sizeAnyValueBody(log, value, depth);
  log.set(slot, body);
  return lenFieldSize(body);
}

function sizeAnyValueBody(log: LengthLog, value: AnyValue, depth: number): number {
  if ('stringValue' in value) return 1 + log.string(value.stringValue);
  if ('intValue' in value) return 1 + int64Size(value.intValue);
  if ('doubleValue' in value) return 9;
  if ('boolValue' in value) return 2;
  if ('arrayValue' in value) {
    const slot = log.reserve();
    let body = 0;
    const items = value.arrayValue.values;
    for (let i = 0; i < items.length; i++) body += sizeAnyValueField(log, items[i]!, depth + 1);
    log.set(slot, body);
    return lenFieldSize(body);
  }
  if ('kvlistValue' in value) {
    const slot = log.reserve();
    let body = 0;
    const pairs = value.kvlistValue.values;
    for (let i = 0; i < pairs.length; i++) body += sizeKeyValueField(log, pairs[i]!, depth + 1);
    log.set(slot, body);
    return lenFieldSize(body);
  }
  if ('bytesValue' in value) return lenFieldSize(value.bytesValue.length);
  return 0;
}

function writeAnyValue(w: WireWriter, value: AnyValue): void {
  w.length();
  const bytes = w.bytes;
  if ('stringValue' in value) {
    bytes[w.pos++] = AV_STRING;
    w.string(value.stringValue);
  } else if ('intValue' in value) {
    bytes[w.pos++] = AV_INT;
    w.int64(value.intValue);
  } else if ('doubleValue' in value) {
    bytes[w.pos++] = AV_DOUBLE;
    w.double(value.doubleValue);
  } else if ('boolValue' in value) {
    bytes[w.pos++] = AV_BOOL;
    bytes[w.pos++] = value.boolValue ? 1 : 0;
  } else if ('arrayValue' in value) {
    bytes[w.pos++] = AV_ARRAY;
    w.length();
    const items = value.arrayValue.values;
    for (let i = 0; i < items.length; i++) {
      bytes[w.pos++] = LIST_VALUES;
      writeAnyValue(w, items[i]!);
    }
  } else if ('kvlistValue' in value) {
    bytes[w.pos++] = AV_KVLIST;
    w.length();
    const pairs = value.kvlistValue.values;
    for (let i = 0; i < pairs.length; i++) {
      bytes[w.pos++] = LIST_VALUES;
      writeKeyValue(w, pairs[i]!);
    }
  } else if ('bytesValue' in value) {
    bytes[w.pos++] = AV_BYTES;
    w.rawBytes(value.bytesValue);
  }
}
