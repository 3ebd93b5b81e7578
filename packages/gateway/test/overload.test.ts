import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTraceRequest } from '@autoscope/otlp';
import type { ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { grpcExportRaw, makeTraces, postProto } from './helpers/raw-spans.js';

let gateway: Gateway | undefined;
let downstream: Downstream | undefined;
let walDir = '';

afterEach(async () => {
  await gateway?.stop();
  await downstream?.close();
  rmSync(walDir, { recursive: true, force: true });
});

async function start() {
  downstream = await startDownstream();
  // A real log with fsync per append, so requests overlap while they wait for the disk.
  walDir = mkdtempSync(join(tmpdir(), 'autoscope-overload-'));
  const flags = { 'memory.maxInflightBytes': '1024', 'wal.dir': walDir, 'wal.fsync': 'always' };
  gateway = await Gateway.start(testConfig(flags), {
    exporter: new FetchExporter(downstream.url),
  });
  return { gateway, downstream };
}

async function grpcExport(port: number, body: Uint8Array): Promise<ServiceError | null> {
  return (await grpcExportRaw(port, body)).error;
}

describe('overload', () => {
  it('answers 429 with Retry-After over the memory limit; sent = exported + refused', async () => {
    const { gateway, downstream } = await start();
    const batches = makeTraces(120, 5);
    const replies = await Promise.all(batches.map((batch) => postProto(gateway.ports.http!, batch)));
    const acked = new Set<string>();
    let refused = 0;
    replies.forEach((reply, i) => {
      if (reply.status === 200) for (const s of batches[i]!) acked.add(s.spanId);
      else {
        expect(reply.status).toBe(429);
        expect(Number(reply.retryAfter)).toBeGreaterThan(0);
        refused += batches[i]!.length;
      }
    });
    expect(refused).toBeGreaterThan(0);
    expect(acked.size).toBeGreaterThan(0);
    await waitFor(() => downstream.counts.size === acked.size, 10_000, 'exports');
    expect(new Set(downstream.counts.keys())).toEqual(acked);
    expect(acked.size + refused).toBe(600);
    const metrics = gateway.metrics();
    expect(metrics).toMatch(
      /autoscope_gateway_requests_total\{transport="http",outcome="overloaded_memory"\} [1-9]/,
    );
  });

  it('answers RESOURCE_EXHAUSTED with retry info over gRPC', async () => {
    const { gateway, downstream } = await start();
    const batches = makeTraces(60, 5);
    const errors = await Promise.all(
      batches.map((b) => grpcExport(gateway.ports.grpc!, encodeTraceRequest(b))),
    );
    const exhausted = errors.filter((e) => e?.code === 8);
    expect(exhausted.length).toBeGreaterThan(0);
    expect(exhausted[0]!.metadata.get('grpc-status-details-bin').length).toBe(1);
    const ok = errors.filter((e) => e === null).length;
    expect(ok + exhausted.length).toBe(60);
    await waitFor(() => downstream.counts.size === ok * 5, 10_000, 'exports');
  });
});
