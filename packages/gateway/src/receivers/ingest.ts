import type { Span } from '@autoscope/core';
import {
  decodeTraceRequest,
  decodeTraceRequestJson,
  encodeTraceRequest,
  OtlpDecodeError,
  OtlpJsonDecodeError,
} from '@autoscope/otlp';
import { BadRequestError } from '../errors.js';

/** Where receivers hand decoded requests (the `SpanFlow`). Resolves once the request is durable. */
export interface Ingest {
  accept(payload: Uint8Array, spans: readonly Span[]): Promise<void>;
}

/** A decoded request ready for the log: its protobuf encoding and its spans. */
export interface DecodedRequest {
  readonly payload: Uint8Array;
  readonly spans: Span[];
}

/** Decodes an OTLP/protobuf body; malformed input is a `BadRequestError` (400) naming byte and field. */
export function decodeProtobufBody(body: Uint8Array, source: string): DecodedRequest {
  try {
    return { payload: body, spans: decodeTraceRequest(body, source) };
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new BadRequestError(400, error.message);
    throw error;
  }
}

/**
 * Decodes an OTLP/JSON body; malformed JSON or OTLP is a `BadRequestError` (400) naming the position or
 * path. The log stores protobuf, so the spans are re-encoded.
 */
export function decodeJsonBody(body: Uint8Array, source: string): DecodedRequest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new BadRequestError(400, `${source}: invalid JSON: ${(error as Error).message}`);
  }
  try {
    const spans = decodeTraceRequestJson(value, source);
    return { payload: encodeTraceRequest(spans), spans };
  } catch (error) {
    if (error instanceof OtlpJsonDecodeError) throw new BadRequestError(400, error.message);
    throw error;
  }
}
