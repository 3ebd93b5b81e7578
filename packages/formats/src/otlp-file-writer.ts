import { Buffer } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Span } from '@autoscope/core';
import { encodeTraceRequest, stringifyTraceRequestJson } from '@autoscope/otlp';
import { TraceFileError } from './errors.js';

/** Bytes gathered before they are handed to the file stream (one write per chunk, not per request). */
const CHUNK_BYTES = 256 * 1024;

const DONE: Promise<void> = Promise.resolve();

/**
 * A file written through a stream, gzipped when the path ends with `.gz`. Small writes are gathered into
 * chunks of about 256 KiB (a stream write per trace costs more than encoding it). `write` resolves once
 * the data is gathered or buffered below the stream's high-water mark (backpressure); `close` flushes
 * and closes.
 */
class FileSink {
  private readonly head: Writable;
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  /** Emptied, never replaced: a field first reassigned after `write` is compiled would throw that code away. */
  private readonly gathered: Uint8Array[] = [];
  private gatheredBytes = 0;

  constructor(private readonly path: string) {
    const file = createWriteStream(path);
    if (path.endsWith('.gz')) {
      const gzip = createGzip();
      this.head = gzip;
      this.done = pipeline(gzip, file);
    } else {
      this.head = file;
      this.done = finished(file);
    }
    this.done.catch((error: Error) => {
      this.failure ??= error;
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.error(this.failure));
    this.gathered.push(bytes);
    this.gatheredBytes += bytes.length;
    if (this.gatheredBytes < CHUNK_BYTES) return DONE;
    return this.flush();
  }

  private flush(): Promise<void> {
    if (this.gatheredBytes === 0 || this.head.write(this.takeChunk())) return DONE;
    return new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.head.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.head.off('drain', onDrain);
        reject(this.error(error));
      };
      this.head.once('drain', onDrain);
      this.head.once('error', onError);
    });
  }

  /** The gathered bytes as one buffer (the stream keeps it: a fresh one each time). */
  private takeChunk(): Uint8Array {
    const parts = this.gathered;
    const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.gatheredBytes);
    parts.length = 0;
    this.gatheredBytes = 0;
    return chunk;
  }

  async close(): Promise<void> {
    if (this.failure === undefined && this.gatheredBytes > 0) this.head.write(this.takeChunk());
    this.head.end();
    try {
      await this.done;
    } catch (error) {
      throw this.error(error as Error);
    }
  }

  private error(cause: Error): TraceFileError {
    return new TraceFileError(this.path, '', `cannot write: ${cause.message}`, { cause });
  }
}

/**
 * Writes spans as OTLP/JSON lines, one `ExportTraceServiceRequest` per `write` call (per trace or per
 * batch, as the caller groups them), exactly as the Collector's file exporter does; gzipped when the path
 * ends with `.gz`. Await each `write` (backpressure) and `close` at the end.
 */
export class OtlpJsonLinesWriter {
  private readonly sink: FileSink;
  private readonly encoder = new TextEncoder();

  constructor(path: string) {
    this.sink = new FileSink(path);
  }

  /** Appends one request line holding `spans` (nothing for an empty list). */
  write(spans: readonly Span[]): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    return this.sink.write(this.encoder.encode(`${stringifyTraceRequestJson(spans)}\n`));
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return this.sink.close();
  }
}

/** Options of {@link OtlpProtobufWriter}. */
export interface OtlpProtobufWriterOptions {
  /**
   * `concatenated` (default): requests back to back, which protobuf reads as one big request.
   * `length-prefixed`: each request preceded by its length (4 bytes, big-endian), like the Collector
   * file exporter's `format: proto`.
   */
  readonly framing?: 'concatenated' | 'length-prefixed';
}

/**
 * Writes spans as OTLP/protobuf, one `ExportTraceServiceRequest` per `write` call; gzipped when the path
 * ends with `.gz`. `readOtlpProtobufFile` reads both framings back.
 */
export class OtlpProtobufWriter {
  private readonly sink: FileSink;
  private readonly prefixed: boolean;
  private requestBytes = 0;

  constructor(path: string, options: OtlpProtobufWriterOptions = {}) {
    this.sink = new FileSink(path);
    this.prefixed = options.framing === 'length-prefixed';
  }

  /** Appends one request holding `spans` (nothing for an empty list). */
  write(spans: readonly Span[]): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    const request = encodeTraceRequest(spans);
    this.requestBytes += request.length;
    if (!this.prefixed) return this.sink.write(request);
    const framed = new Uint8Array(4 + request.length);
    new DataView(framed.buffer).setUint32(0, request.length, false);
    framed.set(request, 4);
    return this.sink.write(framed);
  }

  /**
   * Bytes of the `ExportTraceServiceRequest`s written so far, without framing and before gzip: the
   * sum of `encodedTraceRequestSize` over the writes, at no extra cost.
   */
  get encodedBytes(): number {
    return this.requestBytes;
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return this.sink.close();
  }
}
