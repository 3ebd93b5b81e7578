import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { makeResource, makeScope, makeSpan, stringAttr } from '@autoscope/core';
import { decodeTraceRequest, encodeExportResponse, encodeTraceRequest } from '@autoscope/otlp';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportRejectedError, ExportRetriesExhaustedError, ExportShutdownError } from './errors.js';
import { OtlpHttpExporter, type OtlpHttpExporterOptions } from './otlp-http-exporter.js';

/** An encoded request of `count` spans of trace `trace`. */
function request(trace: number, count: number): Uint8Array {
  const resource = makeResource([stringAttr('service.name', 'checkout')]);
  const scope = makeScope('test');
  const traceId = trace.toString(16).padStart(32, '0');
  const spans = Array.from({ length: count }, (_, i) =>
    makeSpan({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : '0000000000000001',
      name: `op-${i}`,
      startTimeUnixNano: 1_700_000_000_000_000_000n,
      endTimeUnixNano: 1_700_000_000_001_000_000n,
      resource,
      scope,
    }),
  );
  return encodeTraceRequest(spans);
}

type Answer = { status: number; headers?: Record<string, string>; body?: Uint8Array } | 'hang';

/** A real OTLP/HTTP receiver on 127.0.0.1:0; answers from `plan` in order, then 200. */
class Receiver {
  readonly plan: Answer[] = [];
  readonly received: { traceId: string; spans: number; encoding: string }[] = [];
  requests = 0;
  lastHeaders: IncomingMessage['headers'] = {};
  private readonly hanging: ServerResponse[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests++;
    this.lastHeaders = req.headers;
    const answer = this.plan.shift() ?? { status: 200 };
    if (answer === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (answer.status === 200) {
      const raw = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'] ?? 'identity';
      const spans = decodeTraceRequest(encoding === 'gzip' ? gunzipSync(raw) : raw);
      this.received.push({ traceId: spans[0]?.traceId ?? '', spans: spans.length, encoding });
    }
    res.writeHead(answer.status, { 'content-type': 'application/x-protobuf', ...answer.headers });
    res.end(answer.body ?? new Uint8Array(0));
  }

  /** Answers every hanging request with 200 (they were not recorded as received). */
  releaseHanging(): void {
    for (const res of this.hanging.splice(0)) res.writeHead(503).end();
  }

  spans(): number {
    return this.received.reduce((n, r) => n + r.spans, 0);
  }

  async stop(): Promise<void> {
    this.releaseHanging();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(options: Partial<OtlpHttpExporterOptions> = {}) {
  const receiver = await new Receiver().start();
  const exporter = new OtlpHttpExporter({
    url: receiver.url,
    retry: { initialMs: 5, maxMs: 20 },
    shutdownTimeoutMs: 2000,
    ...options,
  });
  cleanup.push(
    () => receiver.stop(),
    () => exporter.shutdown(),
  );
  return { receiver, exporter };
}

describe('OtlpHttpExporter', () => {
  it('posts gzipped protobuf and counts what was delivered', async () => {
    const { receiver, exporter } = await setup();
    await exporter.export(request(1, 3), 3);
    await exporter.export(request(2, 5), 5);
    expect(receiver.received).toEqual([
      { traceId: '1'.padStart(32, '0'), spans: 3, encoding: 'gzip' },
      { traceId: '2'.padStart(32, '0'), spans: 5, encoding: 'gzip' },
    ]);
    expect(exporter.stats()).toMatchObject({ sentRequests: 2, sentSpans: 8, failedSpans: 0, retries: 0 });
    expect(exporter.queuedBytes).toBe(0);
  });

  it('sends uncompressed bodies with compression none, and the configured headers', async () => {
    const { receiver } = await setup();
    const exporter = new OtlpHttpExporter({
      url: receiver.url,
      compression: 'none',
      headers: { authorization: 'Bearer t' },
    });
    cleanup.push(() => exporter.shutdown());
    await exporter.export(request(1, 2), 2);
    expect(receiver.received[0]).toMatchObject({ encoding: 'identity', spans: 2 });
    expect(receiver.lastHeaders).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/x-protobuf',
    });
  });

  it('honours Retry-After on 503, then delivers once the receiver recovers', async () => {
    const { receiver, exporter } = await setup({ retry: { initialMs: 5000, maxMs: 5000 } });
    receiver.plan.push({ status: 503, headers: { 'retry-after': '1' } });
    const started = performance.now();
    await exporter.export(request(1, 4), 4);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    expect(receiver.requests).toBe(2);
    expect(exporter.stats()).toMatchObject({ sentSpans: 4, retries: 1, retriedSpans: 4 });
  });

  it('retries 429, 502 and 504 with backoff', async () => {
    const { receiver, exporter } = await setup();
    receiver.plan.push({ status: 429 }, { status: 502 }, { status: 504 });
    await exporter.export(request(1, 2), 2);
    expect(receiver.requests).toBe(4);
    expect(exporter.stats()).toMatchObject({ sentSpans: 2, retries: 3, failedSpans: 0 });
  });

  it('rejects a 400 at once with the reason from the google.rpc.Status body', async () => {
    const { receiver, exporter } = await setup();
    const status = new Uint8Array([0x08, 0x03, 0x12, 0x0b, ...new TextEncoder().encode('bad span id')]);
    receiver.plan.push({ status: 400, body: status });
    const failure = exporter.export(request(1, 2), 2);
    await expect(failure).rejects.toBeInstanceOf(ExportRejectedError);
    await expect(failure).rejects.toThrow(/400: bad span id/);
    expect(receiver.requests).toBe(1);
    expect(exporter.stats()).toMatchObject({ failedRequests: 1, failedSpans: 2, sentSpans: 0 });
  });

  it('treats a 500 as permanent (OTLP: only 429/502/503/504 are retried)', async () => {
    const { receiver, exporter } = await setup();
    receiver.plan.push({ status: 500 });
    await expect(exporter.export(request(1, 1), 1)).rejects.toMatchObject({
      code: 'AUTOSCOPE_EXPORT_REJECTED',
      status: 500,
    });
  });

  it('reports a partial success and counts the rejected spans', async () => {
    const partial: unknown[] = [];
    const { receiver, exporter } = await setup({ onPartialSuccess: (r) => partial.push(r) });
    const body = encodeExportResponse({ rejectedSpans: 2, errorMessage: 'too old' });
    receiver.plan.push({ status: 200, body });
    await exporter.export(request(1, 5), 5);
    expect(partial).toEqual([{ rejectedSpans: 2, errorMessage: 'too old' }]);
    expect(exporter.stats()).toMatchObject({ sentSpans: 5, rejectedSpans: 2 });
  });

  it('gives up after maxElapsedMs when nothing listens', async () => {
    const { receiver } = await setup();
    await receiver.stop();
    const exporter = new OtlpHttpExporter({
      url: receiver.url,
      retry: { initialMs: 10, maxMs: 20, maxElapsedMs: 150 },
    });
    cleanup.push(() => exporter.shutdown());
    const failure = exporter.export(request(1, 3), 3);
    await expect(failure).rejects.toBeInstanceOf(ExportRetriesExhaustedError);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    expect(exporter.stats()).toMatchObject({ failedSpans: 3 });
    expect(exporter.stats().retries).toBeGreaterThan(1);
  });

  it('retries an attempt that times out', async () => {
    const { receiver, exporter } = await setup({ timeoutMs: 50 });
    receiver.plan.push('hang');
    await exporter.export(request(1, 2), 2);
    expect(receiver.requests).toBe(2);
    expect(exporter.stats()).toMatchObject({ sentSpans: 2, retries: 1 });
  });

  it('applies backpressure: export waits while maxQueueBytes are in flight', async () => {
    const one = request(1, 10);
    const { receiver, exporter } = await setup({ maxQueueBytes: one.length * 2, timeoutMs: 5000 });
    receiver.plan.push('hang', 'hang');
    const first = [exporter.export(one, 10), exporter.export(request(2, 10), 10)];
    let thirdDone = false;
    const third = exporter.export(request(3, 10), 10).then(() => {
      thirdDone = true;
    });
    await waitFor(() => receiver.requests === 2);
    expect(exporter.queuedBytes).toBe(one.length * 2);
    expect(exporter.stats().waitingRequests).toBe(1);
    expect(thirdDone).toBe(false);
    receiver.releaseHanging();
    await Promise.all([...first, third]);
    expect(receiver.spans()).toBe(30);
    expect(exporter.queuedBytes).toBe(0);
  });

  it('delivers every span exactly once across an outage (exact accounting)', async () => {
    const { receiver, exporter } = await setup({ maxConcurrentRequests: 3 });
    for (let i = 0; i < 12; i++) receiver.plan.push({ status: 503, headers: { 'retry-after': '0' } });
    const sizes = Array.from({ length: 20 }, (_, i) => 1 + (i % 7));
    await Promise.all(sizes.map((n, i) => exporter.export(request(i + 1, n), n)));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(receiver.spans()).toBe(total);
    expect(new Set(receiver.received.map((r) => r.traceId)).size).toBe(20);
    expect(exporter.stats()).toMatchObject({
      sentSpans: total,
      sentRequests: 20,
      retries: 12,
      failedSpans: 0,
    });
  });

  it('shutdown rejects what an outage keeps undelivered, clearly, and refuses new exports', async () => {
    const { receiver, exporter } = await setup({ shutdownTimeoutMs: 100 });
    for (let i = 0; i < 1000; i++) receiver.plan.push({ status: 503 });
    const pending = exporter.export(request(1, 4), 4);
    await waitFor(() => receiver.requests >= 2);
    await exporter.shutdown();
    await expect(pending).rejects.toBeInstanceOf(ExportShutdownError);
    await expect(exporter.export(request(2, 1), 1)).rejects.toBeInstanceOf(ExportShutdownError);
    expect(exporter.stats()).toMatchObject({ sentSpans: 0, failedSpans: 5 });
  });

  it('shutdown drains queued requests when the receiver answers', async () => {
    const { receiver, exporter } = await setup();
    receiver.plan.push({ status: 503 }, { status: 503 });
    const pending = [exporter.export(request(1, 2), 2), exporter.export(request(2, 3), 3)];
    await exporter.shutdown();
    await Promise.all(pending);
    expect(receiver.spans()).toBe(5);
  });

  it('refuses bad options, naming the option', () => {
    expect(() => new OtlpHttpExporter({ url: 'not a url' })).toThrow(/option url/);
    expect(() => new OtlpHttpExporter({ url: 'ftp://x/' })).toThrow(/option url/);
    expect(() => new OtlpHttpExporter({ url: 'http://x/', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new OtlpHttpExporter({ url: 'http://x/', maxQueueBytes: -1 })).toThrow(/maxQueueBytes/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}
