/** Synthetic spans and raw OTLP requests, for tests that need exact control of requests. */
import { randomBytes } from 'node:crypto';
import { makeResource, makeScope, makeSpan, type Span, stringAttr } from '@autoscope/core';
import { encodeTraceRequest } from '@autoscope/otlp';
import { Client, credentials, type ServiceError } from '@grpc/grpc-js';

const resource = makeResource([stringAttr('service.name', 'orders')]);
const scope = makeScope('test');

/** `traces` traces of `perTrace` spans (a root and its children). */
export function makeTraces(traces: number, perTrace: number): Span[][] {
  const out: Span[][] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = randomBytes(16).toString('hex');
    const rootId = randomBytes(8).toString('hex');
    const spans: Span[] = [];
    for (let i = 0; i < perTrace; i++) {
      spans.push(
        makeSpan({
          traceId,
          spanId: i === 0 ? rootId : randomBytes(8).toString('hex'),
          parentSpanId: i === 0 ? '' : rootId,
          name: i === 0 ? 'GET /orders' : `SELECT ${i}`,
          startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i * 1000),
          endTimeUnixNano: 1_700_000_000_000_100_000n,
          resource,
          scope,
          attributes: [stringAttr('padding', 'x'.repeat(64))],
        }),
      );
    }
    out.push(spans);
  }
  return out;
}

export async function postProto(port: number, spans: readonly Span[], headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', ...headers },
    body: encodeTraceRequest(spans),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** One raw OTLP/gRPC TraceService/Export call with `body` as the request bytes: the error, or the response bytes. */
export function grpcExportRaw(
  port: number,
  body: Uint8Array,
): Promise<{ error: ServiceError | null; response: Uint8Array | undefined }> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (v: Uint8Array) => Buffer.from(v),
      (b: Buffer) => b,
      body,
      (error: ServiceError | null, response?: Buffer) => {
        client.close();
        resolve({ error, response: response === undefined ? undefined : new Uint8Array(response) });
      },
    );
  });
}
