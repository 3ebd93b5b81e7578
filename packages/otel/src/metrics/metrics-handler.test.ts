import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsRegistry } from '@autoscope/core';
import type { Meter } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsHandler } from './metrics-handler.js';
import { ProcessorMetrics } from './processor-metrics.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(registry: MetricsRegistry): Promise<string> {
  server = createServer(createMetricsHandler(registry));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createMetricsHandler', () => {
  it('serves the processor metrics at /metrics in the Prometheus text format', async () => {
    const registry = new MetricsRegistry();
    const metrics = new ProcessorMetrics({ registry }, () => 42);
    metrics.sampled(3);
    metrics.dropped(2, 'normal');
    metrics.decision(0.002);
    const base = await serve(registry);
    const response = await fetch(`${base}/metrics?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('\nautoscope_sampled_spans_total 3\n');
    expect(body).toContain('\nautoscope_dropped_spans_total{reason="normal"} 2\n');
    expect(body).toContain('\nautoscope_buffered_spans 42\n');
    expect(body).toContain('\nautoscope_decision_seconds_bucket{le="0.005"} 1\n');
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('ProcessorMetrics with an OpenTelemetry Meter', () => {
  it('mirrors every counter and the histogram to the Meter', () => {
    const adds: [string, number, unknown][] = [];
    const records: number[] = [];
    const meter = {
      createCounter: (name: string) => ({ add: (v: number, a?: unknown) => adds.push([name, v, a]) }),
      createHistogram: () => ({ record: (v: number) => records.push(v) }),
      createObservableGauge: () => ({ addCallback: () => {} }),
    } as unknown as Meter;
    const metrics = new ProcessorMetrics({ meter }, () => 0);
    metrics.sampled(5);
    metrics.dropped(1, 'repeat');
    metrics.decision(0.5);
    expect(adds).toEqual([
      ['autoscope_sampled_spans_total', 5, undefined],
      ['autoscope_dropped_spans_total', 1, { reason: 'repeat' }],
    ]);
    expect(records).toEqual([0.5]);
  });
});
