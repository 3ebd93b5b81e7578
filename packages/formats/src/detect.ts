import { stat } from 'node:fs/promises';
import { UnknownFormatError } from './errors.js';
import { listFiles } from './io/list-files.js';
import { isGzip, readFirstText, readHead } from './io/open-input.js';

/** The trace formats Autoscope reads. */
export type TraceFormat = 'otlp-json' | 'otlp-proto' | 'jaeger' | 'zipkin' | 'csv';

/** Every format name, for flag validation and help. */
export const TRACE_FORMATS: readonly TraceFormat[] = ['otlp-json', 'otlp-proto', 'jaeger', 'zipkin', 'csv'];

const SNIFF_BYTES = 64 * 1024;

/**
 * Detects the format of a file or folder from its content (after gunzipping), never from its name alone:
 * a folder holding `.csv` files is the research CSV layout; otherwise each file is sniffed.
 */
export async function detectFormat(path: string): Promise<TraceFormat> {
  const info = await stat(path);
  if (info.isDirectory()) return detectFolder(path);
  const head = await readHead(path, 4);
  if (head.length === 0) throw new UnknownFormatError(path, 'the file is empty');
  if (!isGzip(head) && looksLikeProtobuf(head)) return 'otlp-proto';
  const raw = await readFirstText(path, SNIFF_BYTES);
  if (isGzip(head) && looksLikeProtobuf(new TextEncoder().encode(raw.slice(0, 2)))) return 'otlp-proto';
  const format = sniffText(raw.trimStart());
  if (format === undefined) {
    throw new UnknownFormatError(
      path,
      'not OTLP JSON or protobuf, Jaeger JSON, Zipkin v2 JSON or trace CSV; pass --format to say which',
    );
  }
  return format;
}

/** Detects a format from the start of a text file. */
export function sniffText(text: string): TraceFormat | undefined {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).toLowerCase();
  if (/(^|,)\s*"?(traceid|trace_id)"?\s*,/.test(firstLine) && /span_?id/.test(firstLine)) return 'csv';
  if (/"resource_?spans"\s*:/i.test(text)) return 'otlp-json';
  if (/^\{\s*"data"\s*:/.test(text) || /"traceID"\s*:/.test(text)) return 'jaeger';
  if (text.startsWith('[') && /"traceId"\s*:/.test(text)) return 'zipkin';
  return undefined;
}

async function detectFolder(path: string): Promise<TraceFormat> {
  const files = await listFiles(path, () => true);
  if (files.some((f) => /\.csv(\.gz)?$/i.test(f))) return 'csv';
  const first = files.find((f) => /\.(jsonl?|pb|proto|bin)(\.gz)?$/i.test(f));
  if (first === undefined)
    throw new UnknownFormatError(path, 'the folder holds no trace files (.csv, .json, .jsonl, .pb)');
  return detectFormat(first);
}

/**
 * An OTLP protobuf request starts with field 1 as length-delimited (byte 0x0a); the Collector's framed
 * `proto` files start with a big-endian length (byte 0x00). Text trace formats start with neither.
 */
function looksLikeProtobuf(head: Uint8Array): boolean {
  return head[0] === 0x0a || head[0] === 0x00;
}
