/**
 * `ExportTraceServiceResponse { partial_success = 1 }` with
 * `ExportTracePartialSuccess { rejected_spans = 1 (int64); error_message = 2 }`, in protobuf and JSON.
 */
import { OtlpDecodeError, OtlpJsonDecodeError } from './errors.js';
import { fieldMask, LEN, VARINT, WireError, WireReader } from './wire-reader.js';
import { LengthLog, lenFieldSize, varintSize, WireWriter } from './wire-writer.js';

/** The outcome of an export: all zero/empty means full success. */
export interface ExportResult {
  /** Spans the receiver rejected. */
  readonly rejectedSpans: number;
  /** Why spans were rejected, or a warning; empty when there is nothing to say. */
  readonly errorMessage: string;
}

/** Encodes an `ExportTraceServiceResponse`; full success encodes to zero bytes. */
export function encodeExportResponse(result: ExportResult): Uint8Array {
  const rejected = Math.max(0, Math.trunc(result.rejectedSpans));
  const log = new LengthLog();
  let body = rejected !== 0 ? 1 + varintSize(rejected) : 0;
  if (result.errorMessage !== '') body += 1 + log.string(result.errorMessage);
  if (body === 0) return new Uint8Array(0);
  const w = new WireWriter(lenFieldSize(body), log);
  w.bytes[w.pos++] = 0x0a;
  w.varint(body);
  if (rejected !== 0) {
    w.bytes[w.pos++] = 0x08;
    w.varint(rejected);
  }
  if (result.errorMessage !== '') {
    w.bytes[w.pos++] = 0x12;
    w.string(result.errorMessage);
  }
  return w.bytes;
}

const RESP_PARTIAL = (1 << 3) | LEN;
const PS_REJECTED = (1 << 3) | VARINT;
const PS_MESSAGE = (2 << 3) | LEN;

/** Decodes an `ExportTraceServiceResponse`. Throws `OtlpDecodeError`. */
export function decodeExportResponse(bytes: Uint8Array, source = 'OTLP response'): ExportResult {
  const r = new WireReader(bytes);
  let rejectedSpans = 0;
  let errorMessage = '';
  try {
    while (r.more()) {
      const tag = r.tag();
      if (tag !== RESP_PARTIAL) {
        r.skipUnknown(tag, fieldMask(1));
        continue;
      }
      const outer = r.enter();
      while (r.more()) {
        const inner = r.tag();
        if (inner === PS_REJECTED) rejectedSpans = Number(r.int64());
        else if (inner === PS_MESSAGE) errorMessage = r.string();
        else r.skipUnknown(inner, fieldMask(1, 2));
      }
      r.leave(outer);
    }
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    throw new OtlpDecodeError(source, error.offset, 'partial_success', error.reason);
  }
  return { rejectedSpans, errorMessage };
}

/** The OTLP/JSON form of an `ExportTraceServiceResponse` (`{}` for full success). */
export function encodeExportResponseJson(result: ExportResult): object {
  const partial: Record<string, string> = {};
  const rejected = Math.max(0, Math.trunc(result.rejectedSpans));
  if (rejected !== 0) partial.rejectedSpans = String(rejected);
  if (result.errorMessage !== '') partial.errorMessage = result.errorMessage;
  return Object.keys(partial).length === 0 ? {} : { partialSuccess: partial };
}

/** Decodes the OTLP/JSON form of an `ExportTraceServiceResponse`. Throws `OtlpJsonDecodeError`. */
export function decodeExportResponseJson(value: unknown, source = 'OTLP response'): ExportResult {
  if (!isObject(value)) throw new OtlpJsonDecodeError(source, '', 'expected an object');
  const partial = value.partialSuccess ?? value.partial_success;
  if (partial === undefined || partial === null) return { rejectedSpans: 0, errorMessage: '' };
  if (!isObject(partial)) throw new OtlpJsonDecodeError(source, 'partialSuccess', 'expected an object');
  const rejected = partial.rejectedSpans ?? partial.rejected_spans ?? 0;
  const message = partial.errorMessage ?? partial.error_message ?? '';
  const rejectedSpans =
    typeof rejected === 'string' && /^-?\d+$/.test(rejected) ? Number(rejected) : rejected;
  if (typeof rejectedSpans !== 'number' || !Number.isInteger(rejectedSpans)) {
    throw new OtlpJsonDecodeError(source, 'partialSuccess.rejectedSpans', 'expected an integer');
  }
  if (typeof message !== 'string') {
    throw new OtlpJsonDecodeError(source, 'partialSuccess.errorMessage', 'expected a string');
  }
  return { rejectedSpans, errorMessage: message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
