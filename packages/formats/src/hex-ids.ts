/** Length in hex characters of a trace id. */
export const TRACE_ID_HEX = 32;
/** Length in hex characters of a span id. */
export const SPAN_ID_HEX = 16;

const HEX = /^[0-9a-fA-F]+$/;
const ZEROS = /^0+$/;

/**
 * An id that must be exactly `length` hex characters, lowercased; undefined when it is not, or is all
 * zeros (the invalid id of W3C trace context).
 */
export function exactHexId(value: string, length: number): string | undefined {
  if (value.length !== length || !HEX.test(value) || ZEROS.test(value)) return undefined;
  return value.toLowerCase();
}

/**
 * An id of 1 to `length` hex characters, left-padded with zeros to `length` and lowercased (Jaeger and
 * Zipkin drop leading zeros, and 64-bit trace ids are common); undefined when it is not hex, longer than
 * `length`, or all zeros. Non-strings are rejected.
 */
export function paddedHexId(value: unknown, length: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > length) return undefined;
  if (!HEX.test(value) || ZEROS.test(value)) return undefined;
  return value.padStart(length, '0').toLowerCase();
}

/**
 * A parent span id: empty (no parent) for `undefined`, `null`, `''` or an all-zero id, which exporters
 * write for roots; otherwise as {@link paddedHexId}, undefined when invalid.
 */
export function parentSpanIdOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && value.length <= SPAN_ID_HEX && ZEROS.test(value)) return '';
  return paddedHexId(value, SPAN_ID_HEX);
}
