import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Span } from '@autoscope/core';
import { decodeTraceRequest } from '@autoscope/otlp';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { makeTraces, postProto } from './helpers/raw-spans.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** What the Collector's loadbalancing exporter does with routing_key traceID: one backend per trace id. */
async function startRouter(ports: readonly number[]): Promise<number> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const groups = new Map<number, Span[]>();
      for (const span of decodeTraceRequest(Buffer.concat(chunks))) {
        const target = Number.parseInt(span.traceId.slice(0, 8), 16) % ports.length;
        groups.set(target, [...(groups.get(target) ?? []), span]);
      }
      const replies = await Promise.all([...groups].map(([i, spans]) => postProto(ports[i]!, spans)));
      res.writeHead(replies.every((r) => r.status === 200) ? 200 : 503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

describe('scale-out behind a trace-id-hash router', () => {
  it('decides every trace on exactly one instance, even when its spans arrive in separate requests', async () => {
    const sinks: Downstream[] = [];
    const gateways: Gateway[] = [];
    for (let i = 0; i < 2; i++) {
      const sink = await startDownstream();
      const gateway = await Gateway.start(testConfig({ 'assembly.decisionWaitMs': '300' }), {
        exporter: new FetchExporter(sink.url),
      });
      closers.push(
        () => sink.close(),
        () => gateway.stop(),
      );
      sinks.push(sink);
      gateways.push(gateway);
    }
    const router = await startRouter(gateways.map((g) => g.ports.http!));
    const traces = makeTraces(60, 6);
    // Each request mixes spans of many traces; every trace is spread over three requests.
    for (let part = 0; part < 3; part++) {
      const spans = traces.flatMap((t) => t.slice(part * 2, part * 2 + 2));
      expect((await postProto(router, spans)).status).toBe(200);
    }
    const total = traces.length * 6;
    await waitFor(() => sinks[0]!.spans.length + sinks[1]!.spans.length === total, 10_000, 'exports');
    for (const trace of traces) {
      const homes = sinks.filter((sink) => trace.some((s) => sink.counts.has(s.spanId)));
      expect(homes).toHaveLength(1);
      expect(trace.every((s) => homes[0]!.counts.get(s.spanId) === 1)).toBe(true);
    }
    const decided = gateways.map((g) => g.flow.pipeline.summary.traces);
    expect(decided[0]! + decided[1]!).toBe(traces.length);
    expect(Math.min(...decided)).toBeGreaterThan(10);
    expect(gateways.every((g) => g.flow.pipeline.summary.lateSpans === 0)).toBe(true);
  });
});
