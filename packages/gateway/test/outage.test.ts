import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpHttpExporter } from '../src/export/otlp-http-exporter.js';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { makeTraces, postProto } from './helpers/raw-spans.js';

let gateway: Gateway | undefined;
let downstream: Downstream | undefined;
let walDir = '';

afterEach(async () => {
  await gateway?.stop();
  await downstream?.close();
  rmSync(walDir, { recursive: true, force: true });
});

describe('downstream outage', () => {
  it('fills the log, not memory, refuses with 503 when the log is full, and exports everything acknowledged once the backend is back', async () => {
    walDir = mkdtempSync(join(tmpdir(), 'autoscope-outage-'));
    downstream = await startDownstream();
    downstream.down = true;
    const exporter = new OtlpHttpExporter({
      url: downstream.url,
      retry: { initialMs: 10, maxMs: 50 },
      maxQueueBytes: 8192,
    });
    const config = testConfig({
      'wal.dir': walDir,
      'wal.maxBytes': '400000',
      'wal.segmentBytes': '32768',
      'memory.maxBufferedBytes': '30000',
      'exporter.maxQueueBytes': '8192',
      'exporter.batchSpans': '50',
    });
    gateway = await Gateway.start(config, { exporter });
    const acked = new Set<string>();
    let refused = 0;
    let sent = 0;
    let maxBuffered = 0;
    let retryAfter: string | null = null;
    for (const batch of makeTraces(300, 10)) {
      sent += batch.length;
      const reply = await postProto(gateway.ports.http!, batch);
      maxBuffered = Math.max(maxBuffered, gateway.flow.state().bufferedBytes);
      if (reply.status === 200) for (const s of batch) acked.add(s.spanId);
      else {
        expect(reply.status).toBe(503);
        retryAfter = reply.retryAfter;
        refused += batch.length;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(retryAfter).not.toBeNull();
    expect(gateway.flow.state().logBytes).toBeGreaterThan(300_000);
    expect(maxBuffered).toBeLessThan(30_000 + 4000);
    downstream.down = false;
    await waitFor(
      () => [...acked].every((id) => downstream!.counts.has(id)),
      30_000,
      'catch-up after the outage',
    );
    expect(sent).toBe(acked.size + refused);
    expect(new Set(downstream.counts.keys())).toEqual(acked);
    await waitFor(() => !gateway!.flow.isSpilling, 5000, 'spilling over');
  });
});
