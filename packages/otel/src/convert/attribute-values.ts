import type { AnyValue, KeyValue } from '@autoscope/core';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { base64Of } from './base64.js';

/** An OpenTelemetry attribute value as an OTLP `AnyValue` (safe integers become `intValue`, other numbers `doubleValue`). */
export function toAnyValue(value: AttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { intValue: BigInt(value) } : { doubleValue: value };
  }
  const values: AnyValue[] = [];
  for (const item of value) values.push(item === null || item === undefined ? {} : toAnyValue(item));
  return { arrayValue: { values } };
}

/** OpenTelemetry attributes as OTLP key-values; undefined values are left out. */
export function toKeyValues(attributes: Attributes): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out.push({ key, value: toAnyValue(value) });
  }
  return out;
}

/**
 * An OTLP value as an OpenTelemetry attribute value. OpenTelemetry JS attributes hold only primitives and
 * arrays of primitives, so a kvlist (`autoscope.repeats`, `autoscope.dropped`) becomes a JSON object text.
 */
export function fromAnyValue(value: AnyValue): AttributeValue | undefined {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value || 'kvlistValue' in value) return anyValueJson(value);
  if ('bytesValue' in value) return base64Of(value.bytesValue);
  return undefined;
}

/**
 * `JSON.stringify` of the plain value of an OTLP value (a kvlist as an object, ints as numbers), written
 * directly: no object per kvlist, no array per list (`autoscope.repeats` on every span with a repeat group).
 * A kvlist whose keys a JS object would reorder or merge (array-index keys, repeated keys) takes the
 * plain-object path, so the text is always what `JSON.stringify` gives.
 */
export function anyValueJson(value: AnyValue): string {
  return directJson(value) ?? JSON.stringify(plain(value));
}

function directJson(value: AnyValue): string | undefined {
  if ('stringValue' in value) return JSON.stringify(value.stringValue);
  if ('boolValue' in value) return JSON.stringify(value.boolValue);
  if ('intValue' in value) return numberJson(Number(value.intValue));
  if ('doubleValue' in value) return numberJson(value.doubleValue);
  if ('arrayValue' in value) {
    const values = value.arrayValue.values;
    let out = '[';
    for (let k = 0; k < values.length; k++) {
      const item = directJson(values[k]!);
      if (item === undefined) return undefined;
      out += k === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  if ('kvlistValue' in value) return kvlistJson(value.kvlistValue.values);
  return 'null';
}

function kvlistJson(values: readonly KeyValue[]): string | undefined {
  // Past a few keys a set finds repeats in linear time; a scan is cheaper for the usual handful.
  const seen = values.length > SCAN_KEYS ? new Set<string>() : undefined;
  let out = '{';
  for (let k = 0; k < values.length; k++) {
    const kv = values[k]!;
    if (ARRAY_INDEX.test(kv.key) || repeated(values, k, seen)) return undefined;
    const item = directJson(kv.value);
    if (item === undefined) return undefined;
    out += `${k === 0 ? '' : ','}${JSON.stringify(kv.key)}:${item}`;
  }
  return `${out}}`;
}

/** Keys a JS object lists first, in numeric order (array indices; longer ones are left to `plain`). */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/** Lists longer than this check repeated keys with a set (a scan of earlier keys is quadratic). */
const SCAN_KEYS = 8;

/** Whether key k repeats an earlier key (`seen` holds the earlier keys when given, and learns key k). */
function repeated(values: readonly KeyValue[], k: number, seen: Set<string> | undefined): boolean {
  const key = values[k]!.key;
  if (seen !== undefined) {
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  }
  for (let j = 0; j < k; j++) if (values[j]!.key === key) return true;
  return false;
}

function numberJson(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

function plain(value: AnyValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return value.arrayValue.values.map(plain);
  if ('kvlistValue' in value)
    return Object.fromEntries(value.kvlistValue.values.map((kv) => [kv.key, plain(kv.value)]));
  return null;
}

/** A shallow copy of OpenTelemetry attributes that stays cheap to add keys to (see `withExtras`). */
export function copyAttributes(attributes: Attributes): Attributes {
  const copy: Attributes = {};
  for (const key in attributes) copy[key] = attributes[key];
  return copy;
}

/** A rough size in bytes of OpenTelemetry attributes once OTLP-encoded (key, framing, value). */
export function attributesBytes(attributes: Attributes): number {
  let size = 0;
  for (const key in attributes) {
    const value = attributes[key];
    size += 6 + key.length;
    if (typeof value === 'string') size += value.length;
    else if (Array.isArray(value)) size += 4 + value.length * 9;
    else size += 8;
  }
  return size;
}
