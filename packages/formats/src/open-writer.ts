import type { Span } from '@autoscope/core';
import { UnknownFormatError } from './errors.js';
import { OtlpJsonLinesWriter, OtlpProtobufWriter } from './otlp-file.js';

/** A sink for sampled traces: one OTLP request per `write`. */
export interface TraceWriter {
  write(spans: readonly Span[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a trace writer chosen by the output's extension: `.jsonl`/`.json` (OTLP JSON lines) or
 * `.pb`/`.proto`/`.bin` (OTLP protobuf), each optionally followed by `.gz`.
 */
export async function openTraceWriter(path: string): Promise<TraceWriter> {
  const bare = path.toLowerCase().replace(/\.gz$/, '');
  if (/\.(jsonl|json|ndjson)$/.test(bare)) return new OtlpJsonLinesWriter(path);
  if (/\.(pb|proto|bin|protobuf)$/.test(bare)) return new OtlpProtobufWriter(path);
  throw new UnknownFormatError(path, 'output must end in .jsonl, .json, .pb or .proto (optionally .gz)');
}
