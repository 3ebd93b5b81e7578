/**
 * The one read the gateway's scanner adds to `@autoscope/otlp`'s `WireReader`: a string checked the way the
 * decoder checks it (valid UTF-8) but skipped, not built, since the request stays in its encoded form until
 * a trace is decided.
 */
import { isUtf8 } from 'node:buffer';
import { WireError, type WireReader } from '@autoscope/otlp';

/** Strings up to this many bytes are checked in JavaScript when they are ASCII (cheaper than a native call). */
const SHORT_STRING = 32;

/**
 * Skips a length-delimited string (the reader is at its length prefix). Throws `WireError` at the string's
 * first byte when it is not valid UTF-8, like `WireReader.string()`.
 */
export function skipString(r: WireReader): void {
  const end = r.lengthEnd();
  const start = r.pos;
  r.pos = end;
  if (!validUtf8(r.bytes, start, end)) throw new WireError(start, 'invalid UTF-8 in string');
}

function validUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start <= SHORT_STRING) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return true;
  }
  return isUtf8(bytes.subarray(start, end));
}
