/**
 * Errors thrown by the OTLP codecs. Each failure has its own class with a stable `code`;
 * `docs/errors.md` lists every code.
 */
import { AutoscopeError } from '@autoscope/core';

/** Base class of every error thrown by `@autoscope/otlp`. */
export class OtlpError extends AutoscopeError {}

/**
 * An OTLP protobuf message could not be decoded: truncated input, a bad wire type, invalid UTF-8, an id
 * of the wrong length or an AnyValue nested too deep. `offset` is the byte offset in the input where
 * the problem was found and `path` the field path, e.g. `resource_spans[3].scope_spans[0].spans[12].trace_id`.
 */
export class OtlpDecodeError extends OtlpError {
  readonly source: string;
  readonly offset: number;
  readonly path: string;
  readonly reason: string;

  constructor(source: string, offset: number, path: string, reason: string) {
    super('AUTOSCOPE_OTLP_DECODE', `${source}: byte ${offset}: ${path || '(root)'}: ${reason}`);
    this.source = source;
    this.offset = offset;
    this.path = path;
    this.reason = reason;
  }
}

/**
 * An OTLP/JSON value could not be decoded. `path` is the JSON path of the offending value, e.g.
 * `resourceSpans[0].scopeSpans[1].spans[4].traceId`.
 */
export class OtlpJsonDecodeError extends OtlpError {
  readonly source: string;
  readonly path: string;
  readonly reason: string;

  constructor(source: string, path: string, reason: string) {
    super('AUTOSCOPE_OTLP_JSON_DECODE', `${source}: ${path || '(root)'}: ${reason}`);
    this.source = source;
    this.path = path;
    this.reason = reason;
  }
}

/** A span could not be encoded: an AnyValue nested deeper than the limit (usually a cycle). */
export class OtlpEncodeError extends OtlpError {
  constructor(message: string) {
    super('AUTOSCOPE_OTLP_ENCODE', message);
  }
}
