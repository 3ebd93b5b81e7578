/**
 * Reading one length-prefixed frame (the Collector file exporter's `format: proto`) that is already in
 * memory: its top-level fields are decoded synchronously, with no await per field.
 */
import type { Span } from '@autoscope/core';
import { decodeResourceSpans, OtlpDecodeError } from '@autoscope/otlp';
import { TraceFileError } from './errors.js';
import { recordSkip } from './read-problems.js';
import type { ReadStats } from './source.js';

/** Field 1 (`resource_spans`), length-delimited. */
const RESOURCE_SPANS_TAG = 0x0a;

/**
 * The top-level fields of a frame already in memory (`frameAt` is the file offset of its first byte),
 * read synchronously with the same rules and messages as `readRequestFields`.
 */
export function* frameFields(
  frame: Uint8Array,
  frameAt: number,
  path: string,
  stats: ReadStats,
  firstIndex: number,
): Generator<Span[]> {
  const pastEnd = () =>
    new TraceFileError(
      path,
      `byte ${frameAt - 4}`,
      `a field runs past the end of the ${frame.length}-byte frame`,
    );
  const at = { pos: 0 };
  let index = firstIndex;
  while (at.pos < frame.length) {
    const tagAt = at.pos;
    const tag = frameVarint(frame, at);
    if (tag < 0) throw pastEnd();
    if (tag !== RESOURCE_SPANS_TAG) {
      if (!skipFrameField(frame, at, tag, path, frameAt + tagAt)) throw pastEnd();
      continue;
    }
    const length = frameVarint(frame, at);
    if (length < 0 || length > frame.length - at.pos) throw pastEnd();
    const bodyAt = at.pos;
    at.pos += length;
    const spans = decodeRecord(frame.subarray(bodyAt, at.pos), path, frameAt + bodyAt, index, stats);
    if (spans !== undefined) yield spans;
    index++;
  }
}

/** A varint of `frame` at `at.pos` (advanced past it); -1 when it runs past the frame's end. */
function frameVarint(frame: Uint8Array, at: { pos: number }): number {
  let value = 0;
  for (let i = at.pos, scale = 1; i < frame.length && i < at.pos + 10; i++, scale *= 128) {
    const b = frame[i]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      at.pos = i + 1;
      return value;
    }
  }
  return -1;
}

/** Skips a field that is not a ResourceSpans, as `skipField` does; false when it runs past the frame. */
function skipFrameField(
  frame: Uint8Array,
  at: { pos: number },
  tag: number,
  path: string,
  tagAt: number,
): boolean {
  const wireType = tag % 8;
  if (tag < 8) throw new TraceFileError(path, `byte ${tagAt}`, 'not OTLP protobuf: field number 0');
  let size = 0;
  if (wireType === 0) return frameVarint(frame, at) >= 0;
  if (wireType === 1) size = 8;
  else if (wireType === 5) size = 4;
  else if (wireType === 2) size = frameVarint(frame, at);
  else
    throw new TraceFileError(
      path,
      `byte ${tagAt}`,
      `not OTLP protobuf: wire type ${wireType} at the top level`,
    );
  if (size < 0 || size > frame.length - at.pos) return false;
  at.pos += size;
  return true;
}

/**
 * The spans of one ResourceSpans record (`body`, at byte `baseOffset` of the file), counted in `stats`; a
 * record the decoder rejects is skipped and recorded there instead (undefined).
 */
export function decodeRecord(
  body: Uint8Array,
  path: string,
  baseOffset: number,
  index: number,
  stats: ReadStats,
): Span[] | undefined {
  try {
    const spans = decodeResourceSpans(body, { source: path, baseOffset, index });
    stats.records += spans.length;
    return spans;
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    recordSkip(stats, error.message);
    return undefined;
  }
}
