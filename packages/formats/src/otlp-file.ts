import type { Span } from '@autoscope/core';
import { decodeResourceSpansJson, decodeTraceRequestJson, OtlpJsonDecodeError } from '@autoscope/otlp';
import { streamJsonArray } from './io/json-stream.js';
import { readLines } from './io/lines.js';
import { readBytes } from './io/open-input.js';
import { ChunkCursor } from './otlp-file-bytes.js';
import { decodeRecord, frameFields } from './otlp-frame.js';
import { recordSkip } from './read-problems.js';
import { newReadStats, type ReadStats } from './source.js';

export {
  OtlpJsonLinesWriter,
  OtlpProtobufWriter,
  type OtlpProtobufWriterOptions,
} from './otlp-file-writer.js';

/** Options of the OTLP file readers. */
export interface OtlpReadOptions {
  /** Yield a batch once it holds at least this many spans. Default 1000. */
  readonly batchSize?: number;
}

const RESOURCE_SPANS_TAG = 0x0a;

/**
 * Streams spans from an OTLP/protobuf file (gzipped or not): either one `ExportTraceServiceRequest`
 * (several requests concatenated are one request too), or the OpenTelemetry Collector file exporter's
 * `format: proto` output, where each request is preceded by its length as a 4-byte big-endian integer.
 * The framing is detected from the first byte (a request starts with field 1, byte 0x0a; a frame with the
 * high byte of its length). Top-level `ResourceSpans` are read one at a time, so files larger than memory
 * work as long as each `ResourceSpans` fits.
 *
 * `stats.records` counts spans. A `ResourceSpans` whose content is malformed is skipped, counted in
 * `stats.skipped` and described in `stats.problems` (with its byte offset and field path); broken framing
 * (truncation, a bad top-level wire type) throws a `TraceFileError` after the spans before it were yielded.
 */
export async function* readOtlpProtobufFile(
  path: string,
  stats: ReadStats = newReadStats(),
  options: OtlpReadOptions = {},
): AsyncGenerator<Span[]> {
  const batches = new Batcher(options.batchSize);
  try {
    yield* readProtobufBatches(path, stats, batches);
  } catch (error) {
    // Broken framing: what was read before it is still output, then the error is raised.
    const read = batches.flush();
    if (read !== undefined) yield read;
    throw error;
  }
  const rest = batches.flush();
  if (rest !== undefined) yield rest;
}

/** The full batches of `readOtlpProtobufFile`; the spans of the last, partial one stay in `batches`. */
async function* readProtobufBatches(
  path: string,
  stats: ReadStats,
  batches: Batcher,
): AsyncGenerator<Span[]> {
  const cursor = new ChunkCursor(readBytes(path)[Symbol.asyncIterator](), path);
  const first = await cursor.peek();
  if (first === -1) return;
  const framed = first !== RESOURCE_SPANS_TAG;
  let index = 0;
  for (;;) {
    const frameStart = cursor.offset;
    const length = framed ? await cursor.uint32BigEndian() : Number.POSITIVE_INFINITY;
    if (length === undefined) return;
    const end = cursor.offset + length;
    const frame = framed ? cursor.takeBuffered(length) : undefined;
    if (frame !== undefined) {
      for (const spans of frameFields(frame, end - length, path, stats, index)) {
        index++;
        const full = batches.add(spans);
        if (full !== undefined) yield full;
      }
      continue;
    }
    for await (const spans of readRequestFields(cursor, end, path, stats, index)) {
      index++;
      const full = batches.add(spans);
      if (full !== undefined) yield full;
    }
    if (cursor.offset > end)
      throw cursor.fail(frameStart, `a field runs past the end of the ${length}-byte frame`);
    if (!framed) return;
  }
}

/** Reads top-level fields up to `end` (or the end of input), yielding the spans of each ResourceSpans. */
async function* readRequestFields(
  cursor: ChunkCursor,
  end: number,
  path: string,
  stats: ReadStats,
  firstIndex: number,
): AsyncGenerator<Span[]> {
  let index = firstIndex;
  while (cursor.offset < end) {
    const tagAt = cursor.offset;
    const tag = await cursor.varint();
    if (tag === undefined) {
      if (Number.isFinite(end)) throw cursor.fail(tagAt, `truncated: the frame ends at byte ${end}`);
      return;
    }
    if (tag !== RESOURCE_SPANS_TAG) {
      await skipField(cursor, tag, tagAt);
      continue;
    }
    const length = (await cursor.varint()) ?? -1;
    if (length < 0) throw cursor.fail(tagAt, 'truncated: missing ResourceSpans length');
    const bodyAt = cursor.offset;
    const body = await cursor.read(length);
    const spans = decodeRecord(body, path, bodyAt, index, stats);
    if (spans !== undefined) yield spans;
    index++;
  }
}

async function skipField(cursor: ChunkCursor, tag: number, tagAt: number): Promise<void> {
  const wireType = tag % 8;
  if (tag < 8) throw cursor.fail(tagAt, 'not OTLP protobuf: field number 0');
  if (wireType === 0) await cursor.varint();
  else if (wireType === 1) await cursor.skip(8);
  else if (wireType === 5) await cursor.skip(4);
  else if (wireType === 2) await cursor.skip((await cursor.varint()) ?? 0);
  else throw cursor.fail(tagAt, `not OTLP protobuf: wire type ${wireType} at the top level`);
}

/**
 * Streams spans from an OTLP/JSON file (gzipped or not). The Collector file exporter's layout, one
 * `ExportTraceServiceRequest` per line, is read line by line: a bad line is skipped, counted in
 * `stats.skipped` and described as `file:line: ...` in `stats.problems`, and the rest is still read.
 * A single pretty-printed request (`{"resourceSpans": [...]}` over many lines) is streamed one
 * `ResourceSpans` at a time; malformed JSON there throws a `TraceFileError` with the byte offset.
 * `stats.records` counts spans.
 */
export async function* readOtlpJsonFile(
  path: string,
  stats: ReadStats = newReadStats(),
  options: OtlpReadOptions = {},
): AsyncGenerator<Span[]> {
  const mode = await detectJsonLayout(path);
  const source = mode === 'lines' ? readJsonLines(path, stats) : readJsonDocument(path, stats);
  const batches = new Batcher(options.batchSize);
  for await (const spans of source) {
    const full = batches.add(spans);
    if (full !== undefined) yield full;
  }
  const rest = batches.flush();
  if (rest !== undefined) yield rest;
}

/** JSON lines when the first non-blank line is a complete JSON object by itself. */
async function detectJsonLayout(path: string): Promise<'lines' | 'document'> {
  for await (const { line } of readLines(path)) {
    const text = line.trim();
    if (text === '') continue;
    if (!text.startsWith('{') || !text.endsWith('}')) return 'document';
    try {
      JSON.parse(text);
      return 'lines';
    } catch {
      // A first line like `{"resourceSpans": [{` looks complete but is not: treat as a document.
      return text === '{' ? 'document' : 'lines';
    }
  }
  return 'lines';
}

async function* readJsonLines(path: string, stats: ReadStats): AsyncGenerator<Span[]> {
  for await (const { line, lineNumber } of readLines(path)) {
    if (line.trim() === '') continue;
    const source = `${path}:${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      recordSkip(stats, `${source}: invalid JSON: ${(error as Error).message}`);
      continue;
    }
    try {
      const spans = decodeTraceRequestJson(value, source);
      stats.records += spans.length;
      yield spans;
    } catch (error) {
      if (!(error instanceof OtlpJsonDecodeError)) throw error;
      recordSkip(stats, error.message);
    }
  }
}

async function* readJsonDocument(path: string, stats: ReadStats): AsyncGenerator<Span[]> {
  let index = 0;
  const elements = streamJsonArray(readBytes(path), ['resourceSpans'], path, { wholeDocumentFallback: true });
  for await (const element of elements) {
    try {
      const isRequest =
        typeof element === 'object' &&
        element !== null &&
        !('scopeSpans' in element) &&
        !('scope_spans' in element);
      const spans = isRequest
        ? decodeTraceRequestJson(element, path)
        : decodeResourceSpansJson(element, path, index);
      stats.records += spans.length;
      yield spans;
    } catch (error) {
      if (!(error instanceof OtlpJsonDecodeError)) throw error;
      recordSkip(stats, error.message);
    }
    index++;
  }
}

/** Collects spans into batches of at least `size` spans. */
class Batcher {
  private batch: Span[] = [];
  private readonly size: number;

  constructor(size = 1000) {
    this.size = Math.max(1, size);
  }

  /** Adds spans; returns a full batch when one is ready. */
  add(spans: readonly Span[]): Span[] | undefined {
    for (let i = 0; i < spans.length; i++) this.batch.push(spans[i]!);
    return this.batch.length >= this.size ? this.flush() : undefined;
  }

  /** The spans collected so far, if any. */
  flush(): Span[] | undefined {
    if (this.batch.length === 0) return undefined;
    const out = this.batch;
    this.batch = [];
    return out;
  }
}
