/**
 * OTLP/JSON scalar and AnyValue decoding. Accepts what the protobuf JSON mapping allows: int64 and
 * fixed64 as decimal strings or numbers, enums as integers or names, doubles as numbers or the strings
 * `NaN`, `Infinity`, `-Infinity`, bytes as base64 (standard or URL-safe). Failures throw `JsonPathError`,
 * which the decoders extend with the path while it unwinds.
 */
import { Buffer } from 'node:buffer';
import type { AnyValue, KeyValue } from '@autoscope/core';
import { MAX_ANY_VALUE_DEPTH } from './decode-common.js';

/** A JSON decode failure; `segments` is the path, innermost first. */
export class JsonPathError extends Error {
  readonly reason: string;
  readonly segments: string[] = [];

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }

  /** The JSON path, outermost first (`a.b[2].c`). */
  path(): string {
    let path = '';
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i]!;
      path += segment.startsWith('[') || path === '' ? segment : `.${segment}`;
    }
    return path;
  }
}

/** Adds a path segment to a failure and rethrows it; anything else is wrapped. */
export function atJson(error: unknown, segment: string): never {
  const failure =
    error instanceof JsonPathError ? error : new JsonPathError(`internal decoder error: ${error}`);
  failure.segments.push(segment);
  throw failure;
}

/** A JSON object with string keys. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The value under the lowerCamelCase name, else under the snake_case name; null counts as absent. */
export function field(object: JsonObject, camel: string, snake: string): unknown {
  const value = object[camel];
  if (value !== undefined && value !== null) return value;
  const other = object[snake];
  return other === null ? undefined : other;
}

/** The value as an object, or undefined when absent. */
export function optionalObject(value: unknown, name: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(name, `expected an object, got ${kind(value)}`);
  return value as JsonObject;
}

/** The value as an array (absent means empty). */
export function optionalArray(value: unknown, name: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(name, `expected an array, got ${kind(value)}`);
  return value;
}

/** The value as a string (absent means empty). */
export function optionalString(value: unknown, name: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') fail(name, `expected a string, got ${kind(value)}`);
  return value;
}

/** A `uint32` (also `fixed32`): a number or decimal string in 0..2^32-1. */
export function uint32(value: unknown, name: string): number {
  if (value === undefined) return 0;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    fail(name, `expected an unsigned 32-bit integer, got ${kind(value)}`);
  }
  return n;
}

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

/** An `int64`: a decimal string or an integer number. */
export function int64(value: unknown, name: string): bigint {
  const n = integer(value, name);
  if (n < MIN_INT64 || n > MAX_INT64) fail(name, `${value} is out of the int64 range`);
  return n;
}

/** A `fixed64` (Unix nanoseconds): a decimal string or an integer number; absent is 0. */
export function fixed64(value: unknown, name: string): bigint {
  if (value === undefined) return 0n;
  const n = integer(value, name);
  if (n < 0n || n > MAX_UINT64) fail(name, `${value} is out of the uint64 range`);
  return n;
}

function integer(value: unknown, name: string): bigint {
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return fail(name, `expected an integer (decimal string or number), got ${kind(value)}`);
}

/** An enum: an integer, or one of `names` (index = value). */
export function enumValue(value: unknown, name: string, names: readonly string[]): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) return index;
  }
  return fail(name, `expected an enum number or one of ${names.join(', ')}, got ${kind(value)}`);
}

function double(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return fail('doubleValue', `expected a number, got ${kind(value)}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;

/** Bytes from standard or URL-safe base64 (padding optional). */
export function base64Bytes(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) fail(name, `expected base64, got ${kind(value)}`);
  const buffer = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length).slice();
}

const EMPTY_VALUE: AnyValue = Object.freeze({});

/** An OTLP/JSON `AnyValue`; nesting deeper than `MAX_ANY_VALUE_DEPTH` is rejected. */
export function anyValue(value: unknown, depth: number): AnyValue {
  if (depth >= MAX_ANY_VALUE_DEPTH) fail('', `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const object = optionalObject(value ?? undefined, '');
  if (object === undefined) return EMPTY_VALUE;
  let v = field(object, 'stringValue', 'string_value');
  if (v !== undefined) return { stringValue: optionalString(v, 'stringValue') };
  v = field(object, 'intValue', 'int_value');
  if (v !== undefined) return { intValue: int64(v, 'intValue') };
  v = field(object, 'doubleValue', 'double_value');
  if (v !== undefined) return { doubleValue: double(v) };
  v = field(object, 'boolValue', 'bool_value');
  if (v !== undefined) {
    if (typeof v !== 'boolean') fail('boolValue', `expected a boolean, got ${kind(v)}`);
    return { boolValue: v };
  }
  return compositeValue(object, depth);
}

function compositeValue(object: JsonObject, depth: number): AnyValue {
  let v = field(object, 'arrayValue', 'array_value');
  if (v !== undefined) {
    const list = optionalObject(v, 'arrayValue')!;
    const items = optionalArray(field(list, 'values', 'values'), 'arrayValue.values');
    const values: AnyValue[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        values.push(anyValue(items[i], depth + 1));
      } catch (error) {
        atJson(error, `arrayValue.values[${i}]`);
      }
    }
    return { arrayValue: { values } };
  }
  v = field(object, 'kvlistValue', 'kvlist_value');
  if (v !== undefined) {
    const list = optionalObject(v, 'kvlistValue')!;
    const values = keyValues(field(list, 'values', 'values'), 'kvlistValue.values', depth + 1);
    return { kvlistValue: { values } };
  }
  v = field(object, 'bytesValue', 'bytes_value');
  if (v !== undefined) return { bytesValue: base64Bytes(v, 'bytesValue') };
  return EMPTY_VALUE;
}

/** A list of OTLP/JSON `KeyValue`s (attributes). */
export function keyValues(value: unknown, name: string, depth = 0): KeyValue[] {
  const items = optionalArray(value, name);
  const out: KeyValue[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push(keyValue(items[i], depth));
    } catch (error) {
      atJson(error, `${name}[${i}]`);
    }
  }
  return out;
}

function keyValue(item: unknown, depth: number): KeyValue {
  const kv = optionalObject(item ?? undefined, '') ?? {};
  const key = optionalString(kv.key ?? undefined, 'key');
  try {
    return { key, value: anyValue(kv.value, depth) };
  } catch (error) {
    return atJson(error, 'value');
  }
}

/** Throws a `JsonPathError` for the field `name` (empty: the current value itself). */
export function fail(name: string, reason: string): never {
  const error = new JsonPathError(reason);
  if (name !== '') error.segments.push(name);
  throw error;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string "${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
