/** Writes benchmark input files in the OTLP layouts that `autoscope sample` reads. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { encodeTraceRequest } from '@autoscope/otlp';

/** Groups whole traces into requests of about `spansPerRequest` spans. */
export function* requestsOf(traces, spansPerRequest = 1000) {
  let pending = [];
  for (const trace of traces) {
    for (const span of trace.spans) pending.push(span);
    if (pending.length >= spansPerRequest) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length > 0) yield pending;
}

/**
 * Writes traces as the OpenTelemetry Collector file exporter's `format: proto` layout: each
 * ExportTraceServiceRequest preceded by its length (4 bytes, big-endian), which `readOtlpProtobufFile`
 * detects. Resolves to `{ requests, spans, bytes }`.
 */
export async function writeFramedProtobuf(path, traces, spansPerRequest = 1000) {
  const out = createWriteStream(path);
  let requests = 0;
  let spans = 0;
  let bytes = 0;
  for (const batch of requestsOf(traces, spansPerRequest)) {
    const request = encodeTraceRequest(batch);
    const frame = Buffer.alloc(4 + request.length);
    frame.writeUInt32BE(request.length, 0);
    frame.set(request, 4);
    if (!out.write(frame)) await once(out, 'drain');
    requests++;
    spans += batch.length;
    bytes += frame.length;
  }
  out.end();
  await once(out, 'finish');
  return { requests, spans, bytes };
}
