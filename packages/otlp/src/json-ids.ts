/** Trace and span ids in OTLP/JSON: hex per the spec, base64 of the right length as a fallback. */
import { Buffer } from 'node:buffer';
import { allZero, bytesToHex, isHex } from './hex.js';
import { fail } from './json-values.js';

const BASE64_ID = /^[A-Za-z0-9+/\-_]+={0,2}$/;

/**
 * Decodes an id of `bytes` bytes to lowercase hex. Empty or absent is an error unless `optional`
 * (parent span id), where it means "no parent"; an all-zero id is an error (a parent: no parent).
 */
export function jsonId(value: unknown, name: string, bytes: number, optional: boolean): string {
  if (value === undefined || value === '') {
    if (optional) return '';
    return fail(name, 'missing (an empty id is invalid)');
  }
  if (typeof value !== 'string') return fail(name, `expected a hex string, got ${typeof value}`);
  const hex = isHex(value, bytes * 2) ? value.toLowerCase() : fromBase64(value, bytes);
  if (hex === undefined) return fail(name, `expected ${bytes * 2} hex digits, got "${value.slice(0, 80)}"`);
  if (/^0+$/.test(hex)) {
    if (optional) return '';
    return fail(name, 'all-zero id is invalid');
  }
  return hex;
}

function fromBase64(value: string, bytes: number): string | undefined {
  if (value.length !== Math.ceil(bytes / 3) * 4 || !BASE64_ID.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length !== bytes || allZero(decoded, 0, bytes))
    return decoded.length === bytes ? '0'.repeat(bytes * 2) : undefined;
  return bytesToHex(decoded, 0, bytes);
}
