/** A tiny OTLP/HTTP protobuf receiver standing in for Jaeger/Tempo: records every span id it accepts. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Span } from '@autoscope/core';
import { decodeTraceRequest } from '@autoscope/otlp';

export interface Downstream {
  readonly url: string;
  readonly spans: Span[];
  /** Span ids received, with how many times each came. */
  readonly counts: Map<string, number>;
  requests: number;
  /** While true, answers 503 (an outage). */
  down: boolean;
  close(): Promise<void>;
}

export async function startDownstream(): Promise<Downstream> {
  const state = { spans: [] as Span[], counts: new Map<string, number>(), requests: 0, down: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (downstream.down) {
        res.writeHead(503, { 'retry-after': '0' }).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const spans = decodeTraceRequest(body);
      downstream.requests++;
      for (const span of spans) {
        downstream.spans.push(span);
        downstream.counts.set(span.spanId, (downstream.counts.get(span.spanId) ?? 0) + 1);
      }
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const downstream: Downstream = {
    url: `http://127.0.0.1:${port}/v1/traces`,
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return downstream;
}
