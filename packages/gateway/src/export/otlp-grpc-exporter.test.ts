import { makeResource, makeScope, makeSpan } from '@autoscope/core';
import { decodeTraceRequest, encodeExportResponse, encodeTraceRequest } from '@autoscope/otlp';
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportRejectedError, ExportShutdownError } from './errors.js';
import { TRACE_EXPORT_METHOD } from './grpc-transport.js';
import { OtlpGrpcExporter, type OtlpGrpcExporterOptions } from './otlp-grpc-exporter.js';

function request(trace: number, count: number): Uint8Array {
  const resource = makeResource([]);
  const scope = makeScope('test');
  const traceId = trace.toString(16).padStart(32, '0');
  return encodeTraceRequest(
    Array.from({ length: count }, (_, i) =>
      makeSpan({
        traceId,
        spanId: (i + 1).toString(16).padStart(16, '0'),
        parentSpanId: '',
        name: 'op',
        startTimeUnixNano: 1n,
        endTimeUnixNano: 2n,
        resource,
        scope,
      }),
    ),
  );
}

type Answer = { code: number; details?: string; trailer?: Metadata } | { body: Uint8Array };

/** A grpc-js TraceService on 127.0.0.1:0; answers from `plan` in order, then an empty success. */
class GrpcReceiver {
  readonly plan: Answer[] = [];
  readonly received: { traceId: string; spans: number }[] = [];
  readonly metadata: Metadata[] = [];
  calls = 0;
  private readonly server = new Server();
  url = '';

  async start(): Promise<this> {
    const service = {
      Export: {
        path: TRACE_EXPORT_METHOD,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Uint8Array) => Buffer.from(b),
        responseDeserialize: (b: Buffer) => b,
      },
    };
    this.server.addService(service, {
      Export: (call: ServerUnaryCall<Buffer, Uint8Array>, done: sendUnaryData<Uint8Array>) =>
        this.handle(call, done),
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  private handle(call: ServerUnaryCall<Buffer, Uint8Array>, done: sendUnaryData<Uint8Array>): void {
    this.calls++;
    this.metadata.push(call.metadata);
    const answer = this.plan.shift() ?? { body: new Uint8Array(0) };
    if ('code' in answer) {
      done({
        code: answer.code,
        details: answer.details ?? 'planned failure',
        metadata: answer.trailer ?? new Metadata(),
      });
      return;
    }
    const spans = decodeTraceRequest(call.request);
    this.received.push({ traceId: spans[0]?.traceId ?? '', spans: spans.length });
    done(null, answer.body);
  }

  spans(): number {
    return this.received.reduce((n, r) => n + r.spans, 0);
  }

  stop(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(options: Partial<OtlpGrpcExporterOptions> = {}) {
  const receiver = await new GrpcReceiver().start();
  const exporter = new OtlpGrpcExporter({
    url: receiver.url,
    retry: { initialMs: 5, maxMs: 20 },
    ...options,
  });
  cleanup.push(
    () => receiver.stop(),
    () => exporter.shutdown(),
  );
  return { receiver, exporter };
}

/** A google.rpc.Status trailer carrying RetryInfo { retry_delay: { seconds, nanos } }. */
function retryInfoTrailer(seconds: number, nanos: number): Metadata {
  const enc = new TextEncoder();
  const duration = [0x08, seconds, 0x10, ...varint(nanos)];
  const retryInfo = [0x0a, duration.length, ...duration];
  const type = enc.encode('type.googleapis.com/google.rpc.RetryInfo');
  const any = [0x0a, type.length, ...type, 0x12, retryInfo.length, ...retryInfo];
  const statusBytes = [0x08, status.RESOURCE_EXHAUSTED, 0x1a, any.length, ...any];
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(statusBytes));
  return metadata;
}

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return out;
}

describe('OtlpGrpcExporter', () => {
  it('calls TraceService/Export with our codec, sending headers as metadata', async () => {
    const { receiver, exporter } = await setup({ headers: { Authorization: 'Bearer t' } });
    await exporter.export(request(1, 3), 3);
    await exporter.export(request(2, 4), 4);
    expect(receiver.received).toEqual([
      { traceId: '1'.padStart(32, '0'), spans: 3 },
      { traceId: '2'.padStart(32, '0'), spans: 4 },
    ]);
    expect(receiver.metadata[0]?.get('authorization')).toEqual(['Bearer t']);
    expect(exporter.stats()).toMatchObject({ sentRequests: 2, sentSpans: 7, retries: 0 });
  });

  it('retries UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED, then delivers', async () => {
    const { receiver, exporter } = await setup();
    receiver.plan.push(
      { code: status.UNAVAILABLE },
      { code: status.RESOURCE_EXHAUSTED },
      { code: status.DEADLINE_EXCEEDED },
    );
    await exporter.export(request(1, 2), 2);
    expect(receiver.calls).toBe(4);
    expect(exporter.stats()).toMatchObject({ sentSpans: 2, retries: 3, retriedSpans: 6, failedSpans: 0 });
  });

  it('waits the delay of a RetryInfo detail', async () => {
    const { receiver, exporter } = await setup({ retry: { initialMs: 5000, maxMs: 5000 } });
    receiver.plan.push({ code: status.RESOURCE_EXHAUSTED, trailer: retryInfoTrailer(0, 300_000_000) });
    const started = performance.now();
    await exporter.export(request(1, 1), 1);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
  });

  it('rejects INVALID_ARGUMENT at once', async () => {
    const { receiver, exporter } = await setup();
    receiver.plan.push({ code: status.INVALID_ARGUMENT, details: 'bad trace id' });
    const failure = exporter.export(request(1, 2), 2);
    await expect(failure).rejects.toBeInstanceOf(ExportRejectedError);
    await expect(failure).rejects.toThrow(/INVALID_ARGUMENT: bad trace id/);
    expect(receiver.calls).toBe(1);
    expect(exporter.stats()).toMatchObject({ failedSpans: 2 });
  });

  it('reports a partial success', async () => {
    const partial: unknown[] = [];
    const { receiver, exporter } = await setup({ onPartialSuccess: (r) => partial.push(r) });
    receiver.plan.push({ body: encodeExportResponse({ rejectedSpans: 1, errorMessage: 'dup' }) });
    await exporter.export(request(1, 3), 3);
    expect(partial).toEqual([{ rejectedSpans: 1, errorMessage: 'dup' }]);
    expect(exporter.stats()).toMatchObject({ sentSpans: 3, rejectedSpans: 1 });
  });

  it('delivers every span exactly once across an outage', async () => {
    const { receiver, exporter } = await setup({ maxConcurrentRequests: 2 });
    for (let i = 0; i < 8; i++) receiver.plan.push({ code: status.UNAVAILABLE });
    const sizes = Array.from({ length: 10 }, (_, i) => 1 + (i % 4));
    await Promise.all(sizes.map((n, i) => exporter.export(request(i + 1, n), n)));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(receiver.spans()).toBe(total);
    expect(new Set(receiver.received.map((r) => r.traceId)).size).toBe(10);
    expect(exporter.stats()).toMatchObject({ sentSpans: total, retries: 8, failedSpans: 0 });
  });

  it('shutdown rejects requests an outage keeps undelivered', async () => {
    const { receiver, exporter } = await setup({ shutdownTimeoutMs: 100 });
    for (let i = 0; i < 1000; i++) receiver.plan.push({ code: status.UNAVAILABLE });
    const pending = exporter.export(request(1, 2), 2);
    await exporter.shutdown();
    await expect(pending).rejects.toBeInstanceOf(ExportShutdownError);
  });

  it('refuses a URL with a path', () => {
    expect(() => new OtlpGrpcExporter({ url: 'http://host:4317/v1/traces' })).toThrow(/option url/);
  });
});
