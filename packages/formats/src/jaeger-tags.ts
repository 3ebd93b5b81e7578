import type { AnyValue, KeyValue } from '@autoscope/core';

/** Attributes converted from Jaeger tags, with how many tags could not be converted. */
export interface ConvertedTags {
  readonly attributes: KeyValue[];
  readonly dropped: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^-?[0-9]{1,20}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Converts Jaeger tags (`[{ key, type: string|bool|int64|float64|binary, value }]`) to typed attributes.
 * Values may come as JSON numbers or strings: `int64` is kept exact as bigint when given as a string (a
 * JSON number beyond 2^53 has already lost precision when the JSON was parsed); `binary` is base64. A tag
 * without a type takes the type of its JSON value. A tag that cannot be converted is counted, not kept.
 */
export function convertJaegerTags(tags: unknown): ConvertedTags {
  if (!Array.isArray(tags)) return { attributes: [], dropped: tags === undefined || tags === null ? 0 : 1 };
  const attributes: KeyValue[] = [];
  let dropped = 0;
  for (const tag of tags as unknown[]) {
    const attribute = convertTag(tag);
    if (attribute === undefined) dropped++;
    else attributes.push(attribute);
  }
  return { attributes, dropped };
}

function convertTag(tag: unknown): KeyValue | undefined {
  if (typeof tag !== 'object' || tag === null) return undefined;
  const { key, type, value } = tag as { key?: unknown; type?: unknown; value?: unknown };
  if (typeof key !== 'string') return undefined;
  const converted = convertValue(typeof type === 'string' ? type.toLowerCase() : inferType(value), value);
  return converted === undefined ? undefined : { key, value: converted };
}

function inferType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return 'string';
}

function convertValue(type: string, value: unknown): AnyValue | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? { stringValue: value } : undefined;
    case 'bool':
      return toBool(value);
    case 'int64':
      return toInt(value);
    case 'float64':
      return toDouble(value);
    case 'binary':
      return typeof value === 'string' && BASE64.test(value)
        ? { bytesValue: new Uint8Array(Buffer.from(value, 'base64')) }
        : undefined;
    default:
      return undefined;
  }
}

function toBool(value: unknown): AnyValue | undefined {
  if (typeof value === 'boolean') return { boolValue: value };
  if (value === 'true' || value === 'false') return { boolValue: value === 'true' };
  return undefined;
}

function toInt(value: unknown): AnyValue | undefined {
  let int: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) int = BigInt(value);
  else if (typeof value === 'string' && INTEGER.test(value)) int = BigInt(value);
  else return undefined;
  return int >= INT64_MIN && int <= INT64_MAX ? { intValue: int } : undefined;
}

function toDouble(value: unknown): AnyValue | undefined {
  if (typeof value === 'number') return { doubleValue: value };
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const double = Number(value);
  return Number.isNaN(double) && value !== 'NaN' ? undefined : { doubleValue: double };
}

/** Removes and returns the first attribute with `key` (string and bool values as strings). */
export function takeAttribute(attributes: KeyValue[], key: string): string | undefined {
  const index = attributes.findIndex((kv) => kv.key === key);
  if (index < 0) return undefined;
  const { value } = attributes[index]!;
  attributes.splice(index, 1);
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return String(value.boolValue);
  if ('intValue' in value) return String(value.intValue);
  return undefined;
}
