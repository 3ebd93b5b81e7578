import { decodeTraceRequestJson, encodeTraceRequest, OtlpJsonDecodeError } from '@autoscope/otlp';
import { scanTraceRequest } from '../buffer/scan-request.js';
import type { ScannedRequest } from '../buffer/scanned-request.js';
import { BadRequestError } from '../errors.js';
import type { IngestResult } from '../flow/span-flow.js';
import { dropInvalidJsonSpans } from './json-span-ids.js';

/** Where receivers hand scanned requests (the `SpanFlow`). Resolves once the accepted spans are durable. */
export interface Ingest {
  accept(request: ScannedRequest): Promise<IngestResult>;
}

/**
 * Checks an OTLP/protobuf body without decoding it; malformed input is a `BadRequestError` (400) naming
 * byte and field. Spans with invalid ids are left out and counted (partial success).
 */
export function decodeProtobufBody(body: Uint8Array, source: string): ScannedRequest {
  return scanTraceRequest(body, source);
}

/**
 * Decodes an OTLP/JSON body; malformed JSON or OTLP is a `BadRequestError` (400) naming the position or
 * path. Spans with invalid ids are left out and counted. The log stores protobuf, so the spans are
 * re-encoded.
 */
export function decodeJsonBody(body: Uint8Array, source: string): ScannedRequest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new BadRequestError(400, `${source}: invalid JSON: ${(error as Error).message}`);
  }
  const invalid = dropInvalidJsonSpans(value);
  try {
    const scanned = scanTraceRequest(encodeTraceRequest(decodeTraceRequestJson(value, source)), source);
    if (invalid.count === 0) return scanned;
    return { ...scanned, invalid: invalid.count, invalidReason: invalid.firstReason };
  } catch (error) {
    if (error instanceof OtlpJsonDecodeError) throw new BadRequestError(400, error.message);
    throw error;
  }
}
